"""Helpers that tests import: forms filled in like a browser, a statement counter, a local server for the browser
tests, and the once-per-process shortcuts that conftest.py installs."""

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import create_engine, event, make_url, text
from werkzeug.serving import make_server

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
# Content trees that no test edits (a test that breaks content breaks a copy in its tmp_path).
PRISTINE_TREES = frozenset(
    (Path(__file__).resolve().parent / name).resolve() for name in ("../content", "content_samples")
)
DESKTOP = {"width": 1280, "height": 720}  # a new browser context's viewport


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


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve `app` on a free local port from a thread, for a real browser; yields its base URL."""
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config.update(TRUSTED_HOSTS=["127.0.0.1"], BASE_URL=base)
    # serve_forever looks for shutdown() every poll_interval: at the default 0.5 s, each test waited for it.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def answer_the_neutral_site(page) -> None:
    """No request leaves the machine: the quick exit's neutral site is answered locally."""
    page.route(
        "https://**/*",
        lambda route: route.fulfill(status=200, body="<html><body>weather</body></html>", content_type="text/html"),
    )


def reset_between_tests(page, viewport):
    """Yield a shared page clean for a test, and stop whatever the test left on it afterwards."""
    page.context.clear_cookies()
    page.set_viewport_size(viewport)
    page.emulate_media(media="null")
    yield page
    page.goto("about:blank")


def _buffered(app):
    """`app`, each response read whole and closed before it is sent. werkzeug's development server skips closing a
    response when the browser resets the connection (a tab closed or gone elsewhere while its favicon loads), and
    the open static file then failed whichever test was running as a ResourceWarning."""

    def buffered_app(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return buffered_app


def route_builders_compiled_once(patch: pytest.MonkeyPatch) -> None:
    """werkzeug compiles a URL builder for each rule of each new app (ast, then compile()): two thirds of what
    create_app costs. The code depends only on the rule's text, its parts, its defaults and its converters' types,
    which are the same in every test app, so it is compiled once per process; each app's rule still gets its own
    bound builder, exactly as werkzeug makes it."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def compiled_once(self: Rule, append_unknown: bool = True):
        key = (
            self.rule,
            tuple(self._trace),
            repr(sorted((self.defaults or {}).items())),
            tuple((name, type(converter)) for name, converter in self._converters.items()),
            append_unknown,
        )
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    patch.setattr(Rule, "_compile_builder", compiled_once)


def markdown_converted_once(patch: pytest.MonkeyPatch) -> None:
    """Python-Markdown gives the same HTML for the same text: each text is converted once per process, not again
    for each of the dozens of times a test loads tests/content_samples/ (or a copy it breaks). Link resolution and
    nh3 still run each time, in render_markdown."""
    from app.content import rendering

    new_markdown = rendering._markdown

    @functools.cache
    def convert(source: str) -> str:
        return new_markdown().convert(source)

    class OnceMarkdown:
        """All that render_markdown asks of a markdown.Markdown: convert()."""

        def convert(self, source: str) -> str:
            return convert(source)

    patch.setattr(rendering, "_markdown", OnceMarkdown)


def pristine_content_hashed_once(patch: pytest.MonkeyPatch) -> None:
    """Each new app hashes every file of its content tree to name its bundle (app/content/bundle.py): 40% of what
    create_app costs now. content/ and tests/content_samples/ are hashed once per process; every other tree (the
    copies that tests edit) is hashed each time, so a stale bundle is still noticed."""
    from app.content import cache

    content_key = cache.content_key
    keys: dict[Path, str] = {}

    def hashed_once(root: Path) -> str:
        if root not in PRISTINE_TREES:
            return content_key(root)
        if root not in keys:
            keys[root] = content_key(root)
        return keys[root]

    patch.setattr(cache, "content_key", hashed_once)
