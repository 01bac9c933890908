"""Translated error pages, each with the quick exit and the help link."""

import logging

from flask import Flask, g, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.extensions import login_manager

MESSAGES = {
    400: (_l("Something was wrong with that request"), _l("Please go back and try again.")),
    403: (_l("You can't open this page"), _l("This page is not available to you.")),
    404: (_l("Page not found"), _l("We could not find that page. It may have moved.")),
    405: (_l("That didn't work"), _l("Please go back and try again.")),
    413: (_l("That was too much to send"), _l("Please send less and try again.")),
    429: (_l("Too many tries"), _l("Please wait a few minutes and try again.")),
    500: (_l("Something went wrong on our side"), _l("Please try again in a moment. Nothing you saved was lost.")),
}


def error_page(code: int, title: str, text: str) -> tuple[str, int]:
    """The error page, which cannot fail: it reads no database and no request data beyond the language.

    Whatever broke the request (a lost database, a bad header) may break the page too, so a failure
    to render it falls back to plain text rather than to the server's own error.
    """
    try:
        # Flask-Login's template context loads the signed-in teacher from the database unless g already has
        # a user: the error page shows no account, so it gets the anonymous one.
        g._login_user = login_manager.anonymous_user()
        return render_template("errors/error.html", code=code, title=title, text=text, error_page=True), code
    except Exception:  # noqa: BLE001 - the last line of defence
        logging.getLogger(__name__).exception("the error page failed to render")
        return f"{code} {HTTP_STATUS_CODES.get(code, 'Error')}", code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        title = _l("This form has expired")
        text = _l(
            "For your safety, forms stop working after a while or in another browser. "
            "Please go back, reload the page and send it again."
        )
        return error_page(400, title, text)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        title, text = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
        return error_page(code, title, text)
