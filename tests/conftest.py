"""Fixtures: an app per test over one database (SQLite by default, TEST_DATABASE_URL for PostgreSQL)."""

import os
import re

import pytest
from sqlalchemy import event

from app import create_app
from app.extensions import db, limiter
from app.models import Base

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the schema once per run; each test then empties the tables it filled."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        Base.metadata.create_all(db.engine)
    yield
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        db.engine.dispose()


@pytest.fixture
def app(database_url, _schema):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
    })
    yield app
    with app.app_context():
        db.session.remove()
        for table in reversed(Base.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.engine.dispose()
    limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def course(app):
    return app.extensions["course"]


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


@pytest.fixture
def count_queries(app):
    def make():
        with app.app_context():
            return QueryCounter(db.engine)
    return make
