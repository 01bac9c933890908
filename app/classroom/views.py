"""Joining a class and the student's class page. Students have nicknames, never accounts."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.classroom.forms import JoinForm, SignBackInForm
from app.classroom.recovery import check_recovery_code, new_recovery_code, set_recovery_code
from app.extensions import db, limiter
from app.learners import (
    current_learner,
    current_learner_id,
    lesson_statuses,
    student_for_learner,
    use_learner,
)
from app.models import Classroom, Learner, Student
from app.models.classroom import normalise_join_code

bp = Blueprint("classroom", __name__, url_prefix="/<any(ko, fr, en):lang>")


def classroom_by_code(raw_code: str) -> Classroom | None:
    """The class with this join code, typed in any case, if it is not archived."""
    code = normalise_join_code(raw_code)
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == code))
    if classroom is None or classroom.archived_at is not None:
        return None
    return classroom


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def join():
    """Join a class with its code and a nickname. Self-study progress in this browser comes along."""
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        classroom = classroom_by_code(form.code.data)
        nickname = form.nickname.data
        if classroom is None:
            form.code.errors.append(_("We couldn't find a class with this code. Check it with your teacher."))
        elif not classroom.joining_open:
            form.code.errors.append(_("This class is not accepting new students right now. Ask your teacher."))
        elif db.session.scalar(select(Student.id).where(
                Student.classroom_id == classroom.id, Student.nickname == nickname)) is not None:
            form.nickname.errors.append(_("Someone in this class already uses this nickname. Please choose another."))
        else:
            learner = current_learner()
            if learner is None or student_for_learner(learner.id) is not None:
                learner = Learner()  # a browser already in a class starts fresh for the new one
                db.session.add(learner)
                db.session.flush()
            code = new_recovery_code()
            student = Student(classroom_id=classroom.id, learner_id=learner.id, nickname=nickname)
            set_recovery_code(student, code)
            db.session.add(student)
            db.session.commit()
            use_learner(learner.id, in_class=True)
            current_app.logger.info("student joined class %s", classroom.id)
            return render_template("classroom/joined.html", classroom=classroom, student=student,
                                   recovery_code=code)
    return render_template("classroom/join.html", form=form), 400 if form.errors else 200


@bp.route("/class/sign-back-in", methods=["GET", "POST"])
@limiter.limit("10 per minute; 60 per hour", methods=["POST"])
def sign_back_in():
    """Continue on another device with the class code, the nickname and the recovery code."""
    form = SignBackInForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        classroom = classroom_by_code(form.code.data)
        student = None
        if classroom is not None:
            student = db.session.scalar(select(Student).where(
                Student.classroom_id == classroom.id, Student.nickname == form.nickname.data))
        if student is None or not check_recovery_code(student, form.recovery_code.data):
            form.recovery_code.errors.append(
                _("These details don't match. Check them, or ask your teacher for a new recovery code."))
        else:
            use_learner(student.learner_id, in_class=True)
            flash(_("Welcome back, %(nickname)s.", nickname=student.nickname), "success")
            return redirect(url_for("classroom.home"))
    return render_template("classroom/sign_back_in.html", form=form), 400 if form.errors else 200


@bp.route("/class/")
def home():
    """The student's class: assigned lessons with due dates and progress."""
    student = student_for_learner(current_learner_id())
    if student is None:
        return redirect(url_for("classroom.join"))
    course = current_app.extensions["course"]
    statuses = lesson_statuses(student.learner_id)
    assigned = [a for a in student.classroom.assignments if course.lesson(g.lang, a.lesson_id)]
    return render_template("classroom/home.html", student=student, classroom=student.classroom,
                           assigned=assigned, statuses=statuses, course=course)
