"""The "live" blueprint and its checks: the teacher's pages need the signed-in owner of the class in the URL
(the same URL value preprocessor as the teach blueprint), the student's pages a student of a class."""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, g, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.extensions import login_manager
from app.languages import LANG_PREFIX
from app.learners import current_learner_id, student_for_learner
from app.models import Student
from app.teach.blueprint import load_owned_class

bp = Blueprint("live", __name__, url_prefix=LANG_PREFIX)
bp.url_value_preprocessor(load_owned_class)

View = TypeVar("View", bound=Callable[..., Any])


def for_teacher(view: View) -> View:
    """A page of the class's teacher: sign-in first, then the class from the URL (404 for anyone else's)."""
    view.for_teacher = True  # type: ignore[attr-defined]
    return view


@bp.before_request
def require_teacher() -> ResponseReturnValue | None:
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "for_teacher", False) and not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def current_student() -> Student:
    """The student this browser is, in a class that is not archived; a 404 for everyone else."""
    student = student_for_learner(current_learner_id())
    if student is None or student.classroom.archived_at is not None:
        abort(404)
    g.student = student
    return student
