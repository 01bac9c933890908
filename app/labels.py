"""Translated names for the codes that content uses (countries, audiences, kinds of help)."""

from flask import Flask
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from app.lesson_status import NOT_STARTED, LessonState

COUNTRY_NAMES = {
    "KR": _l("South Korea"),
    "FR": _l("France"),
    "BE": _l("Belgium"),
    "CH": _l("Switzerland"),
    "CA": _l("Canada"),
    "US": _l("United States"),
    "GB": _l("United Kingdom"),
    "IE": _l("Ireland"),
    "AU": _l("Australia"),
    "NZ": _l("New Zealand"),
    "INTL": _l("Another country (international services)"),
}
SERVES_LABELS = {"minors": _l("Under-18s"), "adults": _l("Adults (18 and over)"), "all": _l("Everyone")}
OFFER_LABELS = {
    "removal": _l("getting images removed"),
    "counselling": _l("someone to talk to"),
    "police": _l("help with reporting to the police"),
    "emergency": _l("emergencies"),
    "hashing": _l("blocking an image with a digital fingerprint"),
    "reporting": _l("reporting content"),
    "legal": _l("legal advice"),
}


def display_url(url: str) -> str:
    return url.removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")


def score(value: float) -> str:
    """A quiz score such as 4.5, in the locale's number format."""
    return format_decimal(round(value, 1), format="#,##0.#")


def init_app(app: Flask) -> None:
    app.add_template_filter(display_url, "display_url")
    app.add_template_filter(score, "score")
    app.add_template_filter(lambda code: OFFER_LABELS[code], "offer_label")
    app.jinja_env.globals.update(
        country_names=COUNTRY_NAMES, serves_labels=SERVES_LABELS, not_started=NOT_STARTED, LessonState=LessonState
    )
