"""Fixtures: an app per test over one database (SQLite by default, TEST_DATABASE_URL for PostgreSQL).

Shared helpers live in tests/helpers.py and tests/factories.py; nothing is imported from this file."""

import os
import shutil

import pytest
from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db, limiter
from app.models import Base, Teacher
from tests.factories import JOIN_CODE, make_classroom, make_teacher, sign_in
from tests.helpers import (
    DESKTOP,
    TEST_PASSWORD_HASH_METHOD,
    QueryCounter,
    answer_the_neutral_site,
    app_config,
    empty_tables,
    markdown_converted_once,
    pristine_content_hashed_once,
    reset_between_tests,
    route_builders_compiled_once,
    serve,
    worker_database,
)

CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="session", autouse=True)
def _same_work_done_once():
    """The suite builds about 600 apps and loads the sample tree dozens of times: work that gives the same result
    each time is done once per process (see the three helpers). Nothing a test checks changes."""
    with pytest.MonkeyPatch.context() as patch:
        route_builders_compiled_once(patch)
        markdown_converted_once(patch)
        pristine_content_hashed_once(patch)
        yield


@pytest.fixture(scope="session")
def worker_id(request) -> str:
    """The pytest-xdist worker ("gw0", …), or "master": pytest-xdist's own fixture, here too for `-p no:xdist`."""
    return getattr(request.config, "workerinput", {}).get("workerid", "master")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    """SQLite in a temporary folder, or TEST_DATABASE_URL; under pytest-xdist, one PostgreSQL database per worker."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    if worker_id == "master":
        return url
    return worker_database(url, worker_id)


@pytest.fixture(scope="session")
def sample_bundles(tmp_path_factory):
    """One bundle folder for every app on tests/content_samples/: the tree is loaded and checked once per process
    (tests/test_bundle.py tests the bundles themselves, each in a folder of its own)."""
    return tmp_path_factory.mktemp("sample-bundles")


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
def app(database_url, _schema, monkeypatch):
    # An unknown email is checked against a dummy hash that must cost what a teacher's costs: under test, as
    # little (test_config checks that production's dummy and PASSWORD_HASH_METHOD agree).
    monkeypatch.setattr(
        "app.teach.accounts.DUMMY_PASSWORD_HASH", generate_password_hash("nobody's password", TEST_PASSWORD_HASH_METHOD)
    )
    # Students' recovery codes too (a constant of the module, not a setting): hashed and checked at a join, a
    # sign-back-in and a wrong guess, with the dummy as cheap as a real one.
    monkeypatch.setattr("app.classroom.recovery.HASH_METHOD", TEST_PASSWORD_HASH_METHOD)
    monkeypatch.setattr(
        "app.classroom.recovery.DUMMY_RECOVERY_HASH", generate_password_hash("no code", TEST_PASSWORD_HASH_METHOD)
    )
    app = create_app(app_config(database_url))
    yield app
    empty_tables(app)
    if app.config["RATELIMIT_ENABLED"]:  # the tests that switch limits on re-initialise the shared limiter
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


@pytest.fixture
def teacher(app) -> int:
    """A confirmed teacher, teacher@example.org with factories.PASSWORD; the fixture is their id."""
    with app.app_context():
        return make_teacher().id


@pytest.fixture
def classroom(app, teacher) -> int:
    """The teacher's class, open to join with JOIN_CODE; the fixture is its id."""
    with app.app_context():
        return make_classroom(db.session.get(Teacher, teacher), code=JOIN_CODE).id


@pytest.fixture
def teacher_client(client, teacher):
    """The test client, signed in as the `teacher` fixture."""
    response = sign_in(client)
    assert response.status_code == 302, response.status_code
    return client


@pytest.fixture
def count_queries(app):
    def make():
        with app.app_context():
            return QueryCounter(db.engine)

    return make


@pytest.fixture
def live_server(app):
    with serve(app) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the run (starting it is most of what these tests cost).
    Debian's chromium only: a test that needs it is skipped where it is missing."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _shared_page(browser):
    """The desktop page that this worker's tests take turns on: opening a page (a renderer process) costs about
    four times what a navigation does. Each test gets it back as `page` leaves it: no cookies, the default size,
    screen media, and on about:blank, so nothing of the last test's page runs on."""
    context = browser.new_context()
    page = context.new_page()
    answer_the_neutral_site(page)
    yield page
    context.close()


@pytest.fixture
def page(_shared_page):
    """A desktop browser page with no cookies, shared with the worker's other browser tests (the site keeps
    nothing else in a browser, bar live.js's note in sessionStorage: the live tests open contexts of their own).
    A test that changes the page or its context beyond cookies, size and media (a listener, an init script, the
    clock) takes `own_page`."""
    yield from reset_between_tests(_shared_page, DESKTOP)


@pytest.fixture
def own_page(browser):
    """A page in a context of its own, closed after the test."""
    context = browser.new_context()
    page = context.new_page()
    answer_the_neutral_site(page)
    yield page
    context.close()
