"""The age route a self-study learner chooses on the course page, and can change there."""

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.age_choice import choose_band
from app.learn.forms import AgeForm
from app.learn.views import bp, overview_page


@bp.route("/lessons/age", methods=["POST"])
def choose_age() -> ResponseReturnValue:
    """Keep the choice in the learner's cookie (no row, no account), then back to the course page."""
    form = AgeForm()
    if not form.validate_on_submit():
        return overview_page(form), 400
    choose_band(form.band.data or "")
    flash(_("Done: the lessons now follow the version you chose."), "success")
    return redirect(url_for("learn.overview"), code=303)  # the top: the message, then the lessons
