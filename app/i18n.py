"""Languages: the language lives in the URL; everything else follows from it."""

from typing import Any

from flask import Flask, Response, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.routing import BuildError

from app.languages import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES

LANG_COOKIE = "lang"
# The time zone dates and times are shown in, by language: each edition's main country. English serves several
# countries (UK, Ireland, US, Australia…), so its times stay in UTC, Flask-Babel's default.
TIMEZONES = {"ko": "Asia/Seoul", "fr": "Europe/Paris"}


def negotiated_language() -> str:
    """The learner's language when the URL carries none: saved choice, then Accept-Language, then English."""
    saved = request.cookies.get(LANG_COOKIE)
    if saved in LANGUAGES:
        return saved
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def select_locale() -> str:
    """Flask-Babel's locale selector: the URL's language, set before any gettext call."""
    lang = g.get("lang")
    if lang in LANGUAGES:
        return lang
    return negotiated_language()


def select_timezone() -> str | None:
    """Flask-Babel's time zone selector: the page's language's time zone, or None for UTC."""
    return TIMEZONES.get(g.get("lang") or "")


def init_app(app: Flask) -> None:
    """Register the URL processors that carry `lang`, the `/` redirect and translated labels."""
    from app import labels

    labels.init_app(app)

    @app.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.before_request
    def fallback_lang() -> None:
        # Pages without a language in the URL (errors, /healthz) still speak the visitor's language.
        if not g.get("lang"):
            g.lang = negotiated_language()
            g.lang_from_negotiation = True

    @app.context_processor
    def layout_context() -> dict[str, Any]:
        lang = g.get("lang") or DEFAULT_LANGUAGE
        return {
            "lang": lang,
            "languages": LANGUAGES,
            "language_names": LANGUAGE_NAMES,
            "switch_language_url": switch_language_url,
            "quick_exit_url": app.config["QUICK_EXIT_URLS"][lang],
        }

    @app.url_defaults
    def add_lang(endpoint: str, values: dict[str, Any]) -> None:
        if "lang" in values or not g.get("lang"):
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.lang

    @app.after_request
    def remember_lang(response: Response) -> Response:
        lang = g.get("lang")
        if (
            lang in LANGUAGES
            and not g.get("lang_from_negotiation")
            and request.cookies.get(LANG_COOKIE) != lang
            and response.status_code < 400
        ):
            response.set_cookie(
                LANG_COOKIE,
                lang,
                max_age=60 * 60 * 24 * 365,
                samesite="Lax",
                httponly=True,
                secure=app.config.get("SESSION_COOKIE_SECURE", False),
            )
        return response

    @app.route("/")
    def root() -> ResponseReturnValue:
        """Send visitors to their language's home page."""
        response = redirect(url_for("learn.index", lang=negotiated_language()))
        response.vary.update(("Accept-Language", "Cookie"))
        return response


def switch_language_url(lang: str) -> str:
    """The current page in another language (falls back to that language's home page)."""
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        args: dict[str, Any] = {}
        if request.method == "GET":
            # Keep a plain query (?code=, ?country=), but never let it name a route argument or one of
            # url_for's own (_method, _external, _anchor…): ?lang=de or ?_method=POST must not break a page.
            args = {
                key: value
                for key, value in request.args.items()
                if key not in request.url_rule.arguments and not key.startswith("_")
            }
        args.update(request.view_args or {})
        args["lang"] = lang
        try:
            return url_for(request.endpoint, **args)
        except BuildError:
            pass
    return url_for("learn.index", lang=lang)
