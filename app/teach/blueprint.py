"""The "teach" blueprint and the checks every teacher page shares, made once per request.

Every page needs a signed-in teacher, except the account pages marked `public`. A `class_id` in the URL is
turned into `g.classroom`, the signed-in teacher's class, and a `student_id` into `g.student`, a student of that
class: anyone else's class or student, and unknown ids, are 404s, so another teacher's class doesn't exist for
them.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, g, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_login.config import EXEMPT_METHODS

from app.content.course import Course
from app.extensions import db, login_manager
from app.languages import LANG_PREFIX
from app.models import Classroom, Student

bp = Blueprint("teach", __name__, url_prefix=f"{LANG_PREFIX}/teacher")

View = TypeVar("View", bound=Callable[..., Any])


def public(view: View) -> View:
    """Let visitors who are not signed in open this page (the account pages). Put it right under @bp.route."""
    view.public = True  # type: ignore[attr-defined]
    return view


def polled(view: View) -> View:
    """A small JSON answer that a page's script asks for every few seconds. Anyone but the class's teacher gets a
    404, a visitor who is not signed in too: a script has no use for the sign-in page. Put it under @bp.route."""
    view.polled = True  # type: ignore[attr-defined]
    return view


def course() -> Course:
    """The course loaded at start-up."""
    return current_app.extensions["course"]


@bp.url_value_preprocessor
def load_owned_class(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Put the teacher's class (and student) from the URL on `g`; a 404 for anyone else's or unknown ids."""
    if not values or "class_id" not in values:
        return
    class_id = values.pop("class_id")
    student_id = values.pop("student_id", None)
    if not current_user.is_authenticated:
        return  # require_sign_in, which runs next, sends the visitor to the sign-in page
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    g.classroom = classroom
    if student_id is not None:
        student = db.session.get(Student, student_id)
        if student is None or student.classroom_id != classroom.id:
            abort(404)
        g.student = student


@bp.before_request
def require_sign_in() -> ResponseReturnValue | None:
    """Flask-Login's login_required, for every page of the blueprint but the public ones."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "public", False) or request.method in EXEMPT_METHODS or current_user.is_authenticated:
        return None
    if getattr(view, "polled", False):
        abort(404)
    return login_manager.unauthorized()
