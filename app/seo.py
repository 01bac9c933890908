"""Found and findable: the public pages are indexable, with a description and their other languages; the rest is not.

A teenager searching for help should find a lesson or the help page. The home page, the course overview, the
lessons, help and the pages (about, privacy, staying safe, what to do right now, if you shared something, for
parents and carers) carry no `noindex`, a meta description (a lesson's summary, a translated line for the others)
and `hreflang` alternates in ko, fr and en plus x-default. Those links are absolute, built from BASE_URL as
configured, never from the request's Host; when BASE_URL is not set (development, tests) they are left out rather
than guessed. Every other page (a teacher's, a class's, a student's, a quiz and its result, joining) says
`noindex` in a meta tag and in an X-Robots-Tag header, which also covers the CSV and JSON exports.
"""

from typing import Any

from flask import Flask, Response, current_app, g, request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.languages import DEFAULT_LANGUAGE, LANGUAGES

PUBLIC_ENDPOINTS = frozenset({"learn.index", "learn.overview", "learn.lesson", "learn.help", "learn.page"})
NOINDEX = "noindex, nofollow"
DESCRIPTION_LIMIT = 160  # characters: about what a search result shows

# The description of a public page without a summary of its own, by endpoint, then by page id for learn.page.
DESCRIPTIONS = {
    "learn.index": _l(
        "A free course for young people about intimate images, sexual deepfakes, sextortion and consent, "
        "with help lines in every lesson. No account needed."
    ),
    "learn.overview": _l(
        "Every lesson of the course: consent and images, sexual deepfakes, sextortion, helping a friend, the law "
        "and getting images removed."
    ),
    "learn.help": _l(
        "Free, confidential services that help if an intimate image of you is shared, faked or used in a "
        "threat, and crisis lines for right now."
    ),
}
PAGE_DESCRIPTIONS = {
    "about": _l("What Unshared is, who it is for, and how every fact in it is checked."),
    "privacy": _l("What Unshared stores when you read, answer a quiz or join a class, and for how long."),
    "staying-safe": _l(
        "The quick exit, browser history, shared devices and other ways to keep your visit here private."
    ),
    "right-now": _l(
        "What to do right now if an intimate image of you is shared or someone threatens to share one: "
        "steps and help lines."
    ),
    "if-you-shared": _l(
        "If you forwarded, posted or made an image of someone, or sent one of yourself and are worried: "
        "what to do now, what happens next, and help lines."
    ),
    "parents": _l(
        "For parents and carers: what the course teaches, how to talk about it at home without blame, and what "
        "to do if an intimate image of your child is shared, faked or used in a threat."
    ),
}


def is_public_page() -> bool:
    """Whether this request is for a public page that search engines may index (an error page says otherwise)."""
    return request.endpoint in PUBLIC_ENDPOINTS


def description() -> str:
    """The meta description of a page without a summary of its own (a lesson uses its summary)."""
    if request.endpoint == "learn.page":
        page_id = (request.view_args or {}).get("page_id", "")
        line = PAGE_DESCRIPTIONS.get(page_id)
        if line:
            return str(line)
        page = current_app.extensions["course"].pages[g.lang].get(page_id)
        if page is not None:  # a page added since: its opening words rather than the home page's line
            return opening_words(page.html)
    return str(DESCRIPTIONS.get(request.endpoint or "", DESCRIPTIONS["learn.index"]))


def opening_words(html: Markup, limit: int = DESCRIPTION_LIMIT) -> str:
    """The first words of a page's text (its rendered, cleaned HTML), cut at a word before `limit` characters."""
    text = " ".join(html.striptags().split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _page_args() -> dict[str, Any]:
    """The route's arguments, plus the one query argument that makes a different public page (?country=)."""
    args = dict(request.view_args or {})
    args.pop("lang", None)
    if request.endpoint == "learn.help":
        country = request.args.get("country")
        if country in current_app.extensions["course"].countries:
            args["country"] = country
    return args


def alternates() -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for this page in each language, then x-default; empty without a configured
    BASE_URL or on a page that is not public. x-default is "/" for the home page (it picks the visitor's
    language), else the English page."""
    base = current_app.config.get("CANONICAL_BASE_URL")
    if not base or not is_public_page():
        return []
    args = _page_args()
    links = [(code, base + url_for(request.endpoint or "", lang=code, **args)) for code in LANGUAGES]
    if request.endpoint == "learn.index":
        default = base + "/"
    else:
        default = base + url_for(request.endpoint or "", lang=DEFAULT_LANGUAGE, **args)
    return [*links, ("x-default", default)]


def canonical() -> str | None:
    """This page's own absolute address, without any query it doesn't need; None when not known for sure."""
    base = current_app.config.get("CANONICAL_BASE_URL")
    if not base or not is_public_page():
        return None
    return base + url_for(request.endpoint or "", lang=g.lang, **_page_args())


def init_app(app: Flask) -> None:
    @app.context_processor
    def seo_context() -> dict[str, Any]:
        return {
            "indexable": is_public_page,
            "meta_description": description,
            "hreflang_alternates": alternates,
            "canonical_url": canonical,
        }

    @app.after_request
    def robots_header(response: Response) -> Response:
        # Only a public page that rendered as itself may be indexed; everything else, exports included, may not.
        if not (is_public_page() and response.status_code in (200, 304)) and request.endpoint not in (
            "static",
            "favicon",
        ):
            response.headers["X-Robots-Tag"] = NOINDEX
        return response
