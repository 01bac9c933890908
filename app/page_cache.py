"""Pages rendered once: what is the same for everyone is built once per (language, path and query) and reused until
the content changes.

A GET or HEAD of a public page (home, the overview, a lesson, help, a page) from a browser that sends no cookie but
the language choice depends on nothing but the URL: no learner, no teacher, no flash message. The first such
request renders as usual; its final bytes (French spacing already applied) are kept; the next ones skip the view
and the template. Everything else about the response is still made per request by the usual hooks: the security
headers and Cache-Control, the language cookie, and, for a lesson, the visit noted in the reader's signed cookie.

A learner's lessons, help and pages differ from a reader's by one thing only, the menu ("My class" for a class's
student, "Join a class" otherwise), so they are served from the copy of their kind; a lesson whose start-and-end
check the learner answered shows their answers, and renders per request. Home and the overview show
the learner's progress and render per request. So does every page for a teacher, for a session holding a flash
message, and for any cookie we don't know.

Cached pages carry an ETag made from the content version, a hash of the code and catalogs that render them, the
kind of copy, the language and the path: a request whose If-None-Match names it gets a 304 with no body.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request, session

from app.age_bands import AGE_BANDS
from app.config import APP_DIR, PROJECT_DIR

# Public pages, and the query arguments that change them. A request with any other argument renders as usual:
# the language switcher repeats the query in its links, so an unknown argument would change the bytes.
ENDPOINTS: dict[str, frozenset[str]] = {
    "learn.index": frozenset(),
    # Not the overview: its age form carries the reader's own CSRF token, which a stored copy would hand to all.
    "learn.lesson": frozenset({"age"}),  # a teacher's preview of a class's age route
    "learn.help": frozenset({"country"}),
    "learn.page": frozenset(),
}
# Pages where a learner's session changes nothing but the menu.
SAME_FOR_LEARNERS = frozenset({"learn.lesson", "learn.help", "learn.page"})
# The cookie that may come with any cached page: it says which language to offer at "/", and pages with the
# language in their URL never read it.
LANGUAGE_COOKIE = "lang"
# How long the cookie lasts (Flask), and Flask-Login's mark that a session is not fresh, which it puts in a
# permanent session whoever holds it (it means something only beside a signed-in teacher's "_user_id").
HARMLESS_SESSION_KEYS = frozenset({"_permanent", "_fresh"})
READER = "reader"  # no session, or a self-study learner's: "Join a class" in the menu
STUDENT = "student"  # a class's student: "My class" in the menu
MAX_PAGES = 768  # 2 kinds × 3 languages × (home, overview, lessons in 2 bands, pages, help per country): ~250


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    content_type: str
    etag: str


class PageCache:
    """A bounded map key → page, for one content version, least recently used out first."""

    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages
        self.version: str | None = None
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()  # gthread workers serve requests on several threads

    def get(self, version: str, key: str) -> CachedPage | None:
        with self._lock:
            if version != self.version:
                self._pages.clear()
                self.version = version
                return None
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, version: str, key: str, page: CachedPage) -> None:
        with self._lock:
            if version != self.version:
                self._pages.clear()
                self.version = version
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def init_app(app: Flask) -> None:
    """Serve cached pages before any other before_request hook, and store them after every after_request hook.

    The host check has run by then (it comes with the request context). The rate limiter's check is skipped for
    a cached page: public pages have no limit, and a stored page costs less to serve than to count.
    """
    app.extensions["page_cache"] = PageCache()
    app.before_request_funcs.setdefault(None, []).insert(0, serve_cached)
    # after_request hooks run in reverse order of registration: first in the list is last to run.
    app.after_request_funcs.setdefault(None, []).insert(0, store)


def cache_key() -> str | None:
    """The key of this request's page ("<kind> <path>"), or None if it must be rendered for this request alone."""
    if request.method not in ("GET", "HEAD"):
        return None
    endpoint = request.endpoint or ""
    allowed = ENDPOINTS.get(endpoint)
    if allowed is None:
        return None
    kind = _kind_of_copy(endpoint)
    if kind is None:
        return None
    if endpoint == "learn.lesson":
        # A lesson's version and its place in the route follow the reader's age band.
        from app.age_choice import current_band

        kind = f"{kind} {current_band()}"
    if not request.query_string:
        return f"{kind} {request.path}"  # the path carries the language: /ko/…
    if not request.args.keys() <= allowed:
        return None
    if endpoint == "learn.help" and request.args.get("country") not in current_app.extensions["course"].countries:
        return None  # any other value shows the default country, but would fill the cache with copies
    if endpoint == "learn.lesson" and request.args.get("age") not in AGE_BANDS:
        return None
    # Only a query in its one plain form ("country=FR"): repeats and other spellings would each need a copy.
    query = urlencode(sorted(request.args.items()))
    if request.query_string.decode("latin-1") != query:
        return None
    return f"{kind} {request.path}?{query}"


def _kind_of_copy(endpoint: str) -> str | None:
    if "HTTP_COOKIE" not in request.environ:
        return READER
    names = request.cookies.keys()
    if names <= {LANGUAGE_COOKIE}:
        return READER
    if endpoint not in SAME_FOR_LEARNERS or not names <= {LANGUAGE_COOKIE, current_app.config["SESSION_COOKIE_NAME"]}:
        return None  # a teacher's remember-me cookie, or one we don't know
    # Keys starting with "_" belong to Flask and its extensions: a teacher signed in (Flask-Login), a flash message
    # to show. Only these change nothing on the page.
    if any(key.startswith("_") and key not in HARMLESS_SESSION_KEYS for key in session):
        return None
    if endpoint == "learn.lesson":
        _forget_an_expired_class()
        answered = session.get("confidence")  # the start-and-end check: the learner's own answers show
        if isinstance(answered, dict) and (request.view_args or {}).get("lesson_id") in answered:
            return None
    return STUDENT if session.get("in_class") else READER


def serve_cached() -> Response | None:
    """Answer from the cache when this page is in it: a 304 if the browser has it, else the stored bytes."""
    key = cache_key()
    if key is None:
        return None
    g.page_cache_key = key
    page = current_app.extensions["page_cache"].get(current_app.extensions["content_version"], key)
    if page is None:
        return None
    g.page_cache_hit = True
    if request.endpoint == "learn.lesson":
        _note_lesson_opened()
    if "HTTP_IF_NONE_MATCH" in request.environ and request.if_none_match.contains_weak(page.etag):
        response = Response(status=304, headers=[("ETag", f'"{page.etag}"')])
    else:
        response = Response(page.body, headers=[("Content-Type", page.content_type), ("ETag", f'"{page.etag}"')])
    # The bytes are final: no after_request hook (French spacing above all) may rewrite them.
    response.direct_passthrough = True
    return response


def store(response: Response) -> Response:
    """Keep a freshly rendered public page, and give it its ETag (a 304 if the browser already has it)."""
    key = g.get("page_cache_key")
    if key is None or g.get("page_cache_hit") or response.status_code != 200 or response.direct_passthrough:
        return response
    if response.is_streamed or response.mimetype != "text/html":
        return response
    version = current_app.extensions["content_version"]
    page = CachedPage(
        body=response.get_data(), content_type=response.content_type or "text/html", etag=etag(version, key)
    )
    current_app.extensions["page_cache"].put(version, key, page)
    response.set_etag(page.etag)
    if request.if_none_match.contains_weak(page.etag):
        response.status_code = 304
        response.set_data(b"")
    return response


def etag(content_version: str, key: str) -> str:
    """The content version, the code and catalogs that render it, and the kind, language and path (in `key`)."""
    digest = hashlib.sha256(f"{content_version}\0{release()}\0{key}".encode())
    return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def release() -> str:
    """A hash of what turns content into pages: our code, templates, static files and compiled catalogs."""
    digest = hashlib.sha256()
    files = [p for p in APP_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += list((PROJECT_DIR / "translations").rglob("*.mo"))
    for path in sorted(files):
        digest.update(str(path.relative_to(PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _forget_an_expired_class() -> None:
    # The lesson view starts by noting the visit, which forgets a class's student after 30 days; the menu it then
    # shows depends on that, so the copy is chosen after the same check. Only for a lesson that exists, as the
    # view 404s before anything else.
    from app.learners import current_learner_id

    lesson_id = (request.view_args or {}).get("lesson_id")
    if isinstance(lesson_id, str) and current_app.extensions["course"].lesson(g.lang, lesson_id):
        current_learner_id()


def _note_lesson_opened() -> None:
    # The view does this when it renders; a cached copy must too, or the reader's progress would miss the lesson.
    from app.learners import note_lesson_opened

    lesson_id = (request.view_args or {}).get("lesson_id")
    if isinstance(lesson_id, str):
        note_lesson_opened(lesson_id, g.lang)
