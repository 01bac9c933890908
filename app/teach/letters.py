"""The letter home: a printable letter to families about the course, in the page's language, with the school's
name (typed by the teacher, never stored) and today's date filled in. The words are content
(content/<lang>/letters/letter-home.md); the blueprint has already checked that the class is the teacher's own."""

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date, to_user_timezone
from markupsafe import Markup, escape

from app.content.loader import LETTER_PLACEHOLDERS
from app.hosting import absolute_url
from app.languages import LANGUAGE_NAMES
from app.teach.blueprint import bp, course
from app.teach.forms import LetterForm

LETTER_ID = "letter-home"
PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(LETTER_PLACEHOLDERS) + r")\}")


@bp.route("/classes/<int:class_id>/letter")
def letter() -> ResponseReturnValue:
    """The letter, filled in from ?school= (a GET form: nothing is stored, and the address can be bookmarked).
    Without a school name, or with one the form refuses, the letter leaves a line to write it by hand."""
    form = LetterForm(request.args)
    school = (form.school.data or "").strip() if request.args and form.validate() else ""
    letter_page = course().letters[g.lang][LETTER_ID]
    today = format_date(to_user_timezone(datetime.now(UTC)).date(), "long")
    parents_url = absolute_url("learn.page", page_id="parents", lang=g.lang)
    values = {
        "school": escape(school) if school else Markup('<span class="write-in">&nbsp;</span>'),
        "date": escape(today),
        "parents_url": Markup('<a href="{0}">{0}</a>').format(parents_url),
    }
    query: dict[str, Any] = {"school": school} if school else {}
    other_languages = {
        code: url_for("teach.letter", class_id=g.classroom.id, lang=code, **query)
        for code in LANGUAGE_NAMES
        if code != g.lang
    }
    return render_template(
        "teach/letter.html",
        classroom=g.classroom,
        form=form,
        title=letter_page.title,
        letter=fill_in(letter_page.html, values),
        other_languages=other_languages,
    ), 400 if form.errors else 200


def fill_in(html: Markup, values: Mapping[str, Markup]) -> Markup:
    """Put each value in place of its {placeholder}, in one pass: a school called "{date}" stays "{date}"."""
    return Markup(PLACEHOLDER_RE.sub(lambda m: str(values[m.group(1)]), str(html)))  # noqa: S704 - escaped values
