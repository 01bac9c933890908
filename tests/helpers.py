"""Helpers that tests import: forms filled in like a browser, and a statement counter."""

import re

from sqlalchemy import event

from app.extensions import db
from app.models import Base

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Cheap hashing under test: one PBKDF2 round instead of scrypt. Production keeps app/config.py's default.
TEST_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


def app_config(database_url: str, **overrides) -> dict:
    """The configuration of every test app; a test that builds its own app starts from this."""
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
        **overrides,
    }


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
