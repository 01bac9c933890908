"""Helpers that tests import: forms filled in like a browser, and a statement counter."""

import re

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import create_engine, event, make_url, text

from app.config import normalise_db_url
from app.extensions import db
from app.models import Base

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Cheap hashing under test: one PBKDF2 round instead of scrypt. Production keeps app/config.py's default.
TEST_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the whole run and shared by every test app."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()


def app_config(database_url: str, **overrides) -> dict:
    """The configuration of every test app; a test that builds its own app starts from this."""
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
        "TEMPLATE_BYTECODE_CACHE": TEMPLATE_CACHE,
        **overrides,
    }


def worker_database(url: str, worker_id: str) -> str:
    """A database of its own for one pytest-xdist worker (`test_gw0`, …), created empty on the same server."""
    base = make_url(normalise_db_url(url))
    name = f"{base.database}_{worker_id}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def empty_tables(app) -> None:
    """Delete every row, children first, and close the connections: the next test starts from nothing."""
    with app.app_context():
        db.session.remove()
        for table in reversed(Base.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.engine.dispose()


def csrf_token(client, url: str) -> str:
    """The CSRF token from a page's form, as a browser would send it back."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no csrf_token on {url}"
    return match.group(1)


def post_form(client, page_url: str, data: dict, action: str | None = None, **kwargs):
    """Fill in a form like a browser: fetch the page for its CSRF token, then post."""
    return client.post(action or page_url, data={"csrf_token": csrf_token(client, page_url), **data}, **kwargs)


class QueryCounter:
    """Counts the SQL statements an engine runs inside a `with` block."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs):
        self.count += 1
