"""Which age route a request reads: a preview the URL asks for (?age=12-14, from a teacher's class pages), else
the class's band for a class's student, else the self-study learner's own choice (kept in their cookie, never in
the database), else the whole lesson (15–18)."""

from flask import g, request, session
from sqlalchemy import select

from app.age_bands import DEFAULT_BAND, valid_band
from app.extensions import db
from app.learners import IN_CLASS_KEY, current_learner_id
from app.models import Classroom, Student

BAND_KEY = "age_band"  # the session key of a self-study learner's choice
QUERY_ARG = "age"


def current_band() -> str:
    band = valid_band(request.args.get(QUERY_ARG)) or class_band() or chosen_band()
    return band or DEFAULT_BAND


def chosen_band() -> str | None:
    """The band this browser chose on the course page, if any."""
    return valid_band(session.get(BAND_KEY))


def choose_band(band: str) -> None:
    session[BAND_KEY] = band


def class_band() -> str | None:
    """The band of the class this browser's learner is a student of: the class decides, not the student."""
    if "class_band" not in g:
        g.class_band = None
        if session.get(IN_CLASS_KEY):
            learner_id = current_learner_id()
            if learner_id:
                g.class_band = db.session.scalar(
                    select(Classroom.age_band).join(Student).where(Student.learner_id == learner_id)
                )
    return g.class_band
