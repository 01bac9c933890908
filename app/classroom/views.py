"""Joining a class and the student's class page. Students have nicknames, never accounts."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from app import limits
from app.classroom.forms import JoinForm, SignBackInForm
from app.classroom.joining import join_classroom, join_token
from app.classroom.recovery import EXAMPLES, recovery_code_matches
from app.extensions import db, limiter
from app.forms import Form, add_error
from app.languages import LANG_PREFIX
from app.learners import current_learner_id, forget_learner, statuses_in_this_browser, student_for_learner, use_learner
from app.models import Classroom, Student
from app.models.classroom import normalise_join_code
from app.nicknames import nickname_key

bp = Blueprint("classroom", __name__, url_prefix=LANG_PREFIX)


def classroom_by_code(raw_code: str) -> Classroom | None:
    """The class with this join code, typed in any case, if it is not archived."""
    code = normalise_join_code(raw_code)
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == code))
    if classroom is None or classroom.archived_at is not None:
        return None
    return classroom


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(limits.WRONG_JOIN_CODES, methods=["POST"], deduct_when=limits.only_failed_guesses)
@limiter.limit(limits.STUDENT_CEILING, methods=["POST"])
def join() -> ResponseReturnValue:
    """Join a class with its code and a nickname. Self-study progress in this browser comes along."""
    form = JoinForm(code=request.args.get("code", ""))
    join_token()  # in the cookie before the form is sent, so that a double click sends the same one twice
    if form.validate_on_submit():
        classroom = classroom_by_code(form.code.data or "")
        if classroom is None:
            limits.failed_guess()
            add_error(form.code, _("We couldn't find a class with this code. Check it with your teacher."))
        elif not classroom.joining_open:
            add_error(form.code, _("This class is not accepting new students right now. Ask your teacher."))
        else:
            student, code = join_classroom(classroom.id, form.nickname.data or "", g.lang)
            if student is None:
                add_error(form.nickname, _("Someone in this class already uses this nickname. Please choose another."))
            else:
                use_learner(student.learner_id, in_class=True)
                current_app.logger.info("student joined class %s", classroom.id)
                return render_template(
                    "classroom/joined.html", classroom=classroom, student=student, recovery_code=code
                )
    return render_template("classroom/join.html", form=form), 400 if form.errors else 200


@bp.route("/class/sign-back-in", methods=["GET", "POST"])
@limiter.limit(limits.WRONG_RECOVERY_CODES, methods=["POST"], deduct_when=limits.only_failed_guesses)
@limiter.limit(limits.STUDENT_CEILING, methods=["POST"])
def sign_back_in() -> ResponseReturnValue:
    """Continue on another device with the class code, the nickname and the recovery code."""
    form = SignBackInForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        classroom = classroom_by_code(form.code.data or "")
        nickname = form.nickname.data or ""
        student = None
        if classroom is not None:
            # The exact nickname first: look-alikes that joined before keys were unique keep their own key.
            student = db.session.scalars(
                select(Student)
                .where(
                    Student.classroom_id == classroom.id,
                    (Student.nickname == nickname) | (Student.nickname_key == nickname_key(nickname)),
                )
                .order_by((Student.nickname == nickname).desc())
            ).first()
        # An unknown class or nickname costs a real hash check too: the time doesn't tell which nicknames exist.
        matches = recovery_code_matches(student, form.recovery_code.data or "")
        if student is None or not matches:
            limits.failed_guess()
            add_error(
                form.recovery_code,
                _("These details don't match. Check them, or ask your teacher for a new recovery code."),
            )
        else:
            forget_learner()  # this browser's own reading and any other student stay behind
            use_learner(student.learner_id, in_class=True)
            flash(_("Welcome back, %(nickname)s.", nickname=student.nickname), "success")
            return redirect(url_for("classroom.home"))
    return render_template(
        "classroom/sign_back_in.html", form=form, recovery_example=EXAMPLES[g.lang]
    ), 400 if form.errors else 200


@bp.route("/class/")
def home() -> ResponseReturnValue:
    """The student's class: assigned lessons with due dates and progress."""
    student = student_for_learner(current_learner_id())
    if student is None:
        return redirect(url_for("classroom.join"))
    course = current_app.extensions["course"]
    statuses = statuses_in_this_browser()
    assigned = [a for a in student.classroom.assignments if course.lesson(g.lang, a.lesson_id)]
    return render_template(
        "classroom/home.html",
        student=student,
        classroom=student.classroom,
        assigned=assigned,
        statuses=statuses,
        course=course,
    )


@bp.route("/class/leave", methods=["GET", "POST"])
def leave() -> ResponseReturnValue:
    """Leave this device: on a shared computer, this browser forgets the student (their progress stays)."""
    form = Form()
    if form.validate_on_submit():
        forget_learner()
        flash(
            _("You have left this device. To continue somewhere else, sign back in with your recovery code."), "success"
        )
        return redirect(url_for("learn.index"))
    student = student_for_learner(current_learner_id())
    if student is None:
        return redirect(url_for("classroom.join"))
    return render_template("classroom/leave.html", student=student, classroom=student.classroom, form=form)
