"""Translated names for the codes that content uses (countries, audiences, kinds of help)."""

from datetime import datetime

from babel.dates import get_datetime_format
from flask import Flask
from flask_babel import format_date, format_number, format_time, get_locale, ngettext
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


def right_answers(correct: int, total: int) -> str:
    """A quiz result in whole questions, the one way every page says it: "5 of 8 right".

    A question counts as right only when it is fully right: a multiple-choice question with a wrong or a missing
    pick earns partial credit (kept with the attempt) but is not right. It is the number the pass mark counts."""
    return ngettext(
        "%(right)s of %(total)s right",
        "%(right)s of %(total)s right",
        correct,
        right=format_number(correct),
        total=format_number(total),
    )


def moment(value: datetime) -> str:
    """A date with hours and minutes, never seconds, in the page's language and time zone: "29 nov. 2026, 21:51",
    "2026. 11. 29. 오후 9:51". The locale's own pattern joins the two ("{1}, {0}", "{1} 'à' {0}")."""
    joined = str(get_datetime_format("medium", locale=get_locale())).replace("'", "")
    return joined.format(format_time(value, "short"), format_date(value, "medium"))


def init_app(app: Flask) -> None:
    app.add_template_filter(display_url, "display_url")
    app.add_template_global(right_answers, "right_answers")
    app.add_template_filter(moment, "moment")
    app.add_template_filter(lambda code: OFFER_LABELS[code], "offer_label")
    app.jinja_env.globals.update(
        country_names=COUNTRY_NAMES, serves_labels=SERVES_LABELS, not_started=NOT_STARTED, LessonState=LessonState
    )
