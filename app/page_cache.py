"""Pages rendered once: what every reader without a cookie sees is built once per (language, path and query) and
reused until the content changes.

A GET or HEAD of a public page (home, the overview, a lesson, help, a page) from a browser that sends no cookie but
the language choice depends on nothing but the URL: no learner, no teacher, no flash message. The first such
request renders as usual; its final bytes (French spacing already applied) are kept; the next ones skip the view
and the template. Everything else about the response is still made per request by the usual hooks: the security
headers and Cache-Control, the language cookie, and, for a lesson, the visit noted in the reader's signed cookie.

Cached pages carry an ETag made from the content version, a hash of the code and catalogs that render them, the
language and the path: a request whose If-None-Match names it gets a 304 with no body.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request

from app.config import APP_DIR, PROJECT_DIR

# Public pages, and the query arguments that change them. A request with any other argument renders as usual:
# the language switcher repeats the query in its links, so an unknown argument would change the bytes.
ENDPOINTS: dict[str, frozenset[str]] = {
    "learn.index": frozenset(),
    "learn.overview": frozenset(),
    "learn.lesson": frozenset(),
    "learn.help": frozenset({"country"}),
    "learn.page": frozenset(),
}
# The only cookie that may come with a cached page: it says which language to offer at "/", and pages with the
# language in their URL never read it.
HARMLESS_COOKIES = frozenset({"lang"})
MAX_PAGES = 512  # 3 languages × (home, overview, lessons, pages, help per country) is about 100


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    content_type: str
    etag: str


class PageCache:
    """A bounded map (language, path and query) → page, for one content version, least recently used out first."""

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
    """Serve and store cached pages. Register after the other hooks: the lookup then runs after theirs (the host
    check, rate limits), and the store, which must see the final bytes, runs after every other after_request."""
    app.extensions["page_cache"] = PageCache()
    app.before_request(serve_cached)
    # after_request hooks run in reverse order of registration: first in the list is last to run.
    app.after_request_funcs.setdefault(None, []).insert(0, store)


def cache_key() -> str | None:
    """The key of this request's page, or None if it must be rendered for this request alone."""
    if request.method not in ("GET", "HEAD") or not request.cookies.keys() <= HARMLESS_COOKIES:
        return None
    allowed = ENDPOINTS.get(request.endpoint or "")
    if allowed is None or not request.args.keys() <= allowed:
        return None
    if request.endpoint == "learn.help":
        country = request.args.get("country")
        if country is not None and country not in current_app.extensions["course"].countries:
            return None  # any other value shows the default country, but would fill the cache with copies
    if not request.query_string:
        return request.path  # it carries the language: /ko/…
    # Only a query in its one plain form ("country=FR"): repeats and other spellings would each need a copy.
    query = urlencode(sorted(request.args.items()))  # one value per name: a repeated one makes it differ
    if request.query_string.decode("latin-1") != query:
        return None
    return f"{request.path}?{query}"


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
    if request.if_none_match.contains_weak(page.etag):
        response = Response(status=304)
    else:
        response = Response([page.body], content_type=page.content_type)
    # The bytes are final: no after_request hook (French spacing above all) may rewrite them.
    response.direct_passthrough = True
    response.set_etag(page.etag)
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
    """The content version, the code and catalogs that render it, and the language and path (which `key` holds)."""
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


def _note_lesson_opened() -> None:
    # The view does this when it renders; a cached copy must too, or the reader's progress would miss the lesson.
    from app.learners import note_lesson_opened

    lesson_id = (request.view_args or {}).get("lesson_id")
    if isinstance(lesson_id, str):
        note_lesson_opened(lesson_id, g.lang)
