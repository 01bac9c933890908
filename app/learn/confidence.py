"""The start-and-end check's page: the lesson's statements, each rated from 1 to 5, before or after the lesson."""

from typing import Any

from flask import abort, current_app, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # newer than types-wtforms

from app import confidence
from app.content.course import ConfidenceCheck
from app.extensions import db
from app.forms import Form
from app.learn.forms import Answered, KnownChoices
from app.learn.views import bp

RATING_LABELS = {1: _l("1 · Not at all"), 5: _l("5 · Completely")}


def check_form(check: ConfidenceCheck, lang: str, **kwargs: Any) -> Form:
    """One 1-to-5 field per statement, named by the statement's id."""

    class CheckForm(Form):
        pass

    choices = [SelectChoice(str(r), str(RATING_LABELS.get(r, r))) for r in confidence.RATINGS]
    for statement_id in check.statements:
        field = RadioField(
            check.words[lang][statement_id],
            choices=choices,
            validators=[Answered(), KnownChoices()],
            validate_choice=False,  # KnownChoices says it in the learner's words
        )
        setattr(CheckForm, statement_id.replace("-", "_"), field)
    return CheckForm(**kwargs)


@bp.route("/lessons/<lesson_id>/check/<any(before, after):phase>", methods=["GET", "POST"])
def confidence_check(lesson_id: str, phase: str) -> ResponseReturnValue:
    """Rate the lesson's statements before or after it. Anonymous: a class sees only counts."""
    course = current_app.extensions["course"]
    lesson = course.lesson(g.lang, lesson_id) or abort(404)
    check = course.confidence.get(lesson_id) or abort(404)
    form = check_form(check, g.lang)
    if form.validate_on_submit():
        ratings = {s: int(form[s.replace("-", "_")].data) for s in check.statements}
        confidence.record(check, phase, ratings)
        db.session.commit()
        anchor = "confidence-before" if phase == "before" else "confidence-after"
        return redirect(url_for("learn.lesson", lesson_id=lesson_id, _anchor=anchor), code=303)
    return render_template(
        "learn/confidence.html", lesson=lesson, check=check, form=form, phase=phase
    ), 400 if form.errors else 200
