"""Extensions, created unbound so that any module can import them without importing the app."""

import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from app.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# SQLite as SQLite should be run, set on every connection (PostgreSQL connections are left as they are):
# - foreign_keys: SQLite ignores ON DELETE CASCADE unless each connection turns them on;
# - WAL: readers don't wait for a writer, and a commit appends to the log instead of rewriting pages;
# - synchronous=NORMAL: in WAL mode, a commit is not fsynced (a power cut may lose the last commits, never
#   corrupts the database); checkpoints are;
# - busy_timeout: a writer waits this long for another one's lock before "database is locked".
SQLITE_PRAGMAS = ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000")


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
