"""The teacher's side of a live session: the presenter (controls and notes), the projector screen, the state the
two poll for, and the summary of a past session."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from app.content.course import Course
from app.extensions import db
from app.hosting import absolute_url
from app.live import sessions
from app.live.blueprint import bp, for_teacher
from app.live.display import note_sections, step_label, step_text
from app.live.forms import ControlForm, start_form
from app.live.polling import not_modified, quoted, state_response, teacher_tag
from app.live.results import participant_count, past_sessions, session_results, step_results
from app.live.sessions import live_seed
from app.models import LiveSession
from app.models.base import as_utc, utcnow


def course() -> Course:
    return current_app.extensions["course"]


def _presenter_url() -> str:
    return url_for("live.presenter", class_id=g.classroom.id)


def _step_context(session: LiveSession) -> dict:
    """What the presenter and the projector both show of the current step."""
    lesson = course().lesson(session.lang, session.lesson_id, session.age_band)
    if lesson is None:  # a lesson retired while running: nothing left to show
        abort(404)
    steps = sessions.steps_of(session)
    index = min(session.step, len(steps) - 1)
    step = steps[index]
    return {
        "live": session,
        "lesson": lesson,
        "steps": steps,
        "index": index,
        "step": step,
        "text": step_text(course(), lesson, step, live_seed(session)),
        "labels": [step_label(course(), lesson, s) for s in steps],
        "results": step_results(session.id, step.key) if step.answerable else None,
        "join_page": absolute_url("classroom.join", lang=g.classroom.lang),
        "elapsed_minutes": _minutes_since(session),
        "started_iso": as_utc(session.started_at).isoformat(),
        "help_url": absolute_url("learn.help", lang=session.lang),
        "danger_services": course().edition_danger_services(session.lang),
    }


def _minutes_since(session: LiveSession) -> int:
    return max(0, int((utcnow() - as_utc(session.started_at)).total_seconds() // 60))


@bp.route("/teacher/classes/<int:class_id>/live")
@for_teacher
def presenter() -> ResponseReturnValue:
    """Start a live lesson, or drive the running one: controls, the step, its notes, who is following."""
    session = sessions.running_session(g.classroom.id)
    if session is None:
        assigned = [a.lesson_id for a in g.classroom.assignments]
        return render_template(
            "live/start.html",
            classroom=g.classroom,
            form=start_form(course(), g.lang, g.classroom.age_band, assigned, formdata=None),
            past=past_sessions(g.classroom.id),
        )
    context = _step_context(session)
    notes = course().lesson_notes(session.lang, session.lesson_id, session.age_band)
    following = sessions.following_count(session)
    return render_template(
        "live/presenter.html",
        classroom=g.classroom,
        control=ControlForm(formdata=None),
        following=following,
        etag=quoted(teacher_tag(session.id, session.version, session.answers_version, following)),
        notes=note_sections(notes.html) if notes else [],
        safeguarding=course().safeguarding.get(session.lang),
        **context,
    )


@bp.route("/teacher/classes/<int:class_id>/live/start", methods=["POST"])
@for_teacher
def start() -> ResponseReturnValue:
    """Start a session on one lesson (a second start, or a double tap, finds the running one)."""
    assigned = [a.lesson_id for a in g.classroom.assignments]
    form = start_form(course(), g.lang, g.classroom.age_band, assigned)
    if not form.validate_on_submit():
        return render_template(
            "live/start.html", classroom=g.classroom, form=form, past=past_sessions(g.classroom.id)
        ), 400
    sessions.start_session(
        g.classroom.id, form.lesson.data, g.lang, bool(form.with_quiz.data), age_band=g.classroom.age_band
    )
    db.session.commit()
    current_app.logger.info("live session started in class %s", g.classroom.id)
    return redirect(_presenter_url(), code=303)


@bp.route("/teacher/classes/<int:class_id>/live/control", methods=["POST"])
@for_teacher
def control() -> ResponseReturnValue:
    """Next, previous, jump, open or close answers, reveal or hide results, end. Made on a version: a double
    tap or an old tab changes nothing."""
    session = sessions.running_session(g.classroom.id)
    form = ControlForm()
    if session is None:
        flash(_("This live lesson has already ended."), "info")
        return redirect(_presenter_url(), code=303)
    if not form.validate_on_submit():
        flash(_("That action could not be applied. Please try again."), "error")
        return redirect(_presenter_url(), code=303)
    goto = form.goto.data - 1 if form.goto.data else None
    applied = sessions.apply_action(session, form.action.data or "", form.version.data or 0, goto)
    db.session.commit()
    if form.action.data == "end" and applied:
        flash(_("The live lesson has ended. Its summary is below."), "success")
        return redirect(url_for("teach.classroom", class_id=g.classroom.id, _anchor="live-sessions"), code=303)
    return redirect(_presenter_url(), code=303)


@bp.route("/teacher/classes/<int:class_id>/live/screen")
@for_teacher
def screen() -> ResponseReturnValue:
    """The projector: the current step in large type, the join code, results once revealed. Never a name or a note."""
    session = sessions.running_session(g.classroom.id)
    if session is None:
        return render_template("live/screen_idle.html", classroom=g.classroom)
    tag = teacher_tag(session.id, session.version, session.answers_version, sessions.following_count(session))
    return render_template("live/screen.html", classroom=g.classroom, etag=quoted(tag), **_step_context(session))


@bp.route("/teacher/classes/<int:class_id>/live/state")
@for_teacher
def teacher_state() -> ResponseReturnValue:
    """What the presenter and projector poll every 2 s: versions, counts and results (only from 3 answers up).
    A 304 when nothing changed."""
    session = sessions.running_session(g.classroom.id)
    if session is None:
        return state_response({"live": False}, "none")
    following = sessions.following_count(session)
    tag = teacher_tag(session.id, session.version, session.answers_version, following)
    if request.if_none_match.contains_weak(tag):
        return not_modified(tag)
    step = sessions.current_step(session)
    state: dict = {"live": True, "version": session.version, "following": following}
    if step is not None and step.answerable:
        results = step_results(session.id, step.key)
        state["answered"] = results.answered
        state["results"] = results.counts if results.shown else None
        state["revealed"] = session.revealed
    return state_response(state, tag)


@bp.route("/teacher/classes/<int:class_id>/live/sessions/<int:session_id>")
@for_teacher
def summary(session_id: int) -> ResponseReturnValue:
    """A past session: date, lesson, how many took part, and the results that reached the threshold. Printable."""
    session = db.session.scalar(
        select(LiveSession).where(LiveSession.id == session_id, LiveSession.classroom_id == g.classroom.id)
    )
    if session is None:
        abort(404)
    lesson = course().lesson(session.lang, session.lesson_id, session.age_band)
    if lesson is None:
        abort(404)
    results = session_results(session.id)
    steps = [s for s in sessions.steps_of(session) if s.answerable and s.key in results]
    return render_template(
        "live/summary.html",
        classroom=g.classroom,
        live=session,
        lesson=lesson,
        participants=participant_count(session.id),
        answered_steps=[(s, step_text(course(), lesson, s, live_seed(session)), results[s.key]) for s in steps],
    )
