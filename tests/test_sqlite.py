"""SQLite is tuned on every connection: WAL, synchronous=NORMAL, a busy timeout and foreign keys."""

import threading

from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.helpers import app_config

NORMAL = 1  # PRAGMA synchronous reads back as a number: 0 OFF, 1 NORMAL, 2 FULL


def pragmas(connection) -> dict:
    return {
        name: connection.execute(text(f"PRAGMA {name}")).scalar()
        for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
    }


def test_every_sqlite_connection_is_tuned(tmp_path):
    app = create_app(app_config("sqlite:///" + str(tmp_path / "tuned.sqlite3")))
    seen = []
    with app.app_context():
        engine = db.engine

        def connect():  # a connection of its own, on another thread, as a second request would have
            with engine.connect() as connection:
                seen.append(pragmas(connection))

        with engine.connect() as first:
            seen.append(pragmas(first))
            thread = threading.Thread(target=connect)
            thread.start()
            thread.join(10)
        engine.dispose()
        with engine.connect() as fresh:  # after the pool is emptied: a new connection is tuned again
            seen.append(pragmas(fresh))
        engine.dispose()
    assert len(seen) == 3
    for found in seen:
        assert found == {"journal_mode": "wal", "synchronous": NORMAL, "busy_timeout": 5000, "foreign_keys": 1}
