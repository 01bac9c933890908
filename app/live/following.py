"""The student's side of a live session: the current step on the phone, one answer per poll or question, the
results once the teacher reveals them. Nothing here ever shows who answered what."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app import limits
from app.content.course import Course, Lesson
from app.extensions import db, limiter
from app.forms import Form
from app.live import sessions
from app.live.blueprint import bp, current_student
from app.live.display import StepText, step_text
from app.live.forms import PresenceForm, answer_form
from app.live.polling import not_modified, quoted, state_response, student_tag
from app.live.results import StepResults, step_results
from app.live.sessions import live_seed
from app.live.steps import Step
from app.models import LiveSession, Student


def course() -> Course:
    return current_app.extensions["course"]


def _student_page() -> ResponseReturnValue:
    return redirect(url_for("live.student"), code=303)


@bp.route("/class/live")
def student() -> ResponseReturnValue:
    """The current step in short form, or the open poll or question; a late arrival lands on the current step."""
    student = current_student()
    session = sessions.running_session(student.classroom_id)
    if session is None:
        return render_template("live/student_idle.html", classroom=student.classroom, presence=PresenceForm())
    lesson = course().lesson(session.lang, session.lesson_id, session.age_band)
    step = sessions.current_step(session)
    if lesson is None or step is None:
        return render_template("live/student_idle.html", classroom=student.classroom, presence=PresenceForm())
    text = step_text(course(), lesson, step, live_seed(session))
    answered = step.answerable and sessions.has_answered(session, step, student.id)
    sees = _sees_results(session, answered)
    return _step_page(
        student,
        session,
        lesson,
        step,
        text,
        answered=answered,
        results=step_results(session.id, step.key) if step.answerable and sees else None,
        form=answer_form(step, text.options, formdata=None) if step.answerable else None,
        etag=quoted(student_tag(session.id, session.version, session.answers_version, answered, sees)),
    )


def _step_page(
    student: Student,
    session: LiveSession,
    lesson: Lesson,
    step: Step,
    text: StepText,
    *,
    answered: bool,
    results: StepResults | None,
    form: Form | None,
    etag: str = "",
) -> str:
    """The phone's page for the current step (shown again with its errors after a bad answer)."""
    return render_template(
        "live/student.html",
        classroom=student.classroom,
        live=session,
        lesson=lesson,
        step=step,
        text=text,
        answered=answered,
        results=results,
        form=form,
        presence=PresenceForm(),
        etag=etag,
        danger_services=course().edition_danger_services(session.lang),
    )


@bp.route("/class/live/state")
def student_state() -> ResponseReturnValue:
    """What the phone polls every 2 s: a 304 unless the step, the student's answer or the counts they may see
    changed."""
    student = current_student()
    session = sessions.running_session(student.classroom_id)
    if session is None:
        return state_response({"live": False}, "none")
    step = sessions.current_step(session)
    answerable = step is not None and step.answerable
    answered = answerable and step is not None and sessions.has_answered(session, step, student.id)
    sees = _sees_results(session, answered)
    tag = student_tag(session.id, session.version, session.answers_version, answered, sees)
    if request.if_none_match.contains_weak(tag):
        return not_modified(tag)
    state: dict = {"live": True, "version": session.version, "answered": answered}
    if answerable and sees and step is not None:
        results = step_results(session.id, step.key)
        state["results"] = results.counts if results.shown else None
        state["total"] = results.answered if results.shown else None
    return state_response(state, tag)


def _sees_results(session: LiveSession, answered: bool) -> bool:
    """Revealed results reach a phone once its student answered, or once answers are closed."""
    return session.revealed and (answered or not session.answers_open)


@bp.route("/class/live/answer", methods=["POST"])
@limiter.limit(limits.LIVE_PER_STUDENT, key_func=limits.learner_in_cookie)
def answer() -> ResponseReturnValue:
    """Count one answer to the open poll or question, once. A second tap, or a step that moved on, changes nothing."""
    student = current_student()
    session = sessions.running_session(student.classroom_id)
    if session is None:
        flash(_("This live lesson has ended."), "info")
        return _student_page()
    step = sessions.current_step(session)
    lesson = course().lesson(session.lang, session.lesson_id, session.age_band)
    if step is None or lesson is None or not step.answerable or request.form.get("step") != step.key:
        flash(_("The lesson has moved on: here is the current step."), "info")
        return _student_page()
    if not session.answers_open:
        flash(_("Answers are closed for this question."), "info")
        return _student_page()
    text = step_text(course(), lesson, step, live_seed(session))
    form = answer_form(step, text.options)
    if not form.validate_on_submit():
        sessions.mark_present(session, student.id)
        db.session.commit()
        return _step_page(student, session, lesson, step, text, answered=False, results=None, form=form), 400
    data = form.answer.data
    chosen = set(data) if isinstance(data, list) else {data}
    sessions.mark_present(session, student.id)
    counted = sessions.record_answer(session, step, student.id, chosen)  # the session row last: held briefly
    db.session.commit()
    if not counted:  # a first answer shows as the page's own "recorded" notice
        flash(_("You have already answered this one."), "info")
    return _student_page()


@bp.route("/class/live/here", methods=["POST"])
@limiter.limit(limits.LIVE_PER_STUDENT, key_func=limits.learner_in_cookie)
def here() -> ResponseReturnValue:
    """The phone is following (sent by the page's script every few seconds, or by the "show the current step"
    button without JavaScript, which then shows it)."""
    student = current_student()
    session = sessions.running_session(student.classroom_id)
    if session is not None and PresenceForm().validate_on_submit():
        sessions.mark_present(session, student.id)
        db.session.commit()
    if request.form.get("quiet"):
        return "", 204
    return _student_page()
