"""Live sessions kept in the database, so that any worker serves any request: start, step, answer, end.

Teacher actions carry the version they were made on: a double tap, or two tabs, apply once. Answers are counted
per option (`LiveTally`); that a student answered is kept apart (`LiveResponse`), and never what.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from app.content.course import Course
from app.extensions import db
from app.learners import insert_or_ignore, record_attempt, sql_dialect
from app.live.steps import Step, lesson_steps
from app.models import Learner, LivePresence, LiveQuizAnswer, LiveResponse, LiveSession, LiveTally, Student
from app.models.base import utcnow

IDLE_LIMIT = timedelta(hours=3)  # a session nobody drives for this long has ended
FOLLOWING_WINDOW = timedelta(seconds=30)  # "following now": phones seen this recently
ACTIONS = ("next", "previous", "goto", "open", "close", "reveal", "hide", "end")


def course() -> Course:
    return current_app.extensions["course"]


def steps_of(session: LiveSession) -> list[Step]:
    lesson = course().lesson(session.lang, session.lesson_id, session.age_band)
    return lesson_steps(course(), lesson, session.with_quiz) if lesson else []


def current_step(session: LiveSession) -> Step | None:
    steps = steps_of(session)
    return steps[min(session.step, len(steps) - 1)] if steps else None


def running_session(classroom_id: int) -> LiveSession | None:
    """The class's session that has neither been ended nor left idle for IDLE_LIMIT."""
    return db.session.scalar(
        select(LiveSession).where(
            LiveSession.classroom_id == classroom_id,
            LiveSession.ended_at.is_(None),
            LiveSession.last_action_at > utcnow() - IDLE_LIMIT,
        )
    )


def end_idle_sessions(classroom_id: int | None = None) -> int:
    """End the sessions left idle (their live quiz answers become attempts). Returns how many."""
    query = select(LiveSession).where(
        LiveSession.ended_at.is_(None), LiveSession.last_action_at <= utcnow() - IDLE_LIMIT
    )
    if classroom_id is not None:
        query = query.where(LiveSession.classroom_id == classroom_id)
    idle = db.session.scalars(query).all()
    for session in idle:
        end_session(session, ended_at=session.last_action_at + IDLE_LIMIT)
    return len(idle)


def start_session(classroom_id: int, lesson_id: str, lang: str, with_quiz: bool, age_band: str) -> LiveSession:
    """Start a session, or return the one already running (one per class: a double tap starts one)."""
    end_idle_sessions(classroom_id)
    now = utcnow()
    insert_or_ignore(
        LiveSession,
        classroom_id=classroom_id,
        lesson_id=lesson_id,
        lang=lang,
        age_band=age_band,  # kept for the session: its steps don't move if the class's band changes meanwhile
        with_quiz=with_quiz,
        step=0,
        answers_open=False,
        revealed=False,
        version=1,
        answers_version=0,
        started_at=now,
        last_action_at=now,
    )
    session = running_session(classroom_id)
    assert session is not None  # noqa: S101 - made or found just above
    return session


def apply_action(session: LiveSession, action: str, version: int, goto: int | None = None) -> bool:
    """Apply one teacher action made on `version`. False when the session had moved on (a double tap, a stale tab)."""
    if action == "end":
        if session.version != version:
            return False
        end_session(session)
        return True
    last = len(steps_of(session)) - 1
    step, answers_open, revealed = session.step, session.answers_open, session.revealed
    if action in ("next", "previous", "goto"):
        target = {"next": step + 1, "previous": step - 1}.get(action, goto if goto is not None else step)
        step = max(0, min(last, target))
        answers_open, revealed = False, False
        # A poll or question opens as it is shown; the teacher can close it.
        answers_open = step != session.step and steps_of(session)[step].answerable
    elif action in ("open", "close"):
        answers_open = action == "open"
    elif action in ("reveal", "hide"):
        revealed = action == "reveal"
    if (step, answers_open, revealed) == (session.step, session.answers_open, session.revealed) or (
        action in ("next", "previous", "goto") and step == session.step
    ):
        return session.version == version  # nothing changes: no phone reloads for it
    result = db.session.execute(
        update(LiveSession)
        .where(LiveSession.id == session.id, LiveSession.version == version, LiveSession.ended_at.is_(None))
        .values(
            step=step,
            answers_open=answers_open,
            revealed=revealed,
            version=LiveSession.version + 1,
            last_action_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire(session)
    return result.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's CursorResult


def end_session(session: LiveSession, ended_at: datetime | None = None) -> None:
    """End the session. Each student who answered every live quiz question gets the attempt a normal quiz gives."""
    session.ended_at = ended_at or utcnow()
    session.version += 1
    quiz = course().quizzes.get(session.lesson_id)
    rows = db.session.execute(
        select(LiveQuizAnswer.student_id, LiveQuizAnswer.question_id, LiveQuizAnswer.selected).where(
            LiveQuizAnswer.session_id == session.id
        )
    ).all()
    by_student: dict[int, dict[str, set[str]]] = {}
    for student_id, question_id, selected in rows:
        by_student.setdefault(student_id, {})[question_id] = set(selected.split())
    if quiz is not None:
        for student_id, answers in by_student.items():
            if len(answers) != len(quiz.questions):
                continue  # a quiz counts when it is whole, live or not
            learner = db.session.scalar(select(Learner).join(Student).where(Student.id == student_id))
            if learner is not None:
                record_attempt(learner, quiz, session.lang, answers, shuffle_seed=live_seed(session))
    db.session.execute(delete(LiveQuizAnswer).where(LiveQuizAnswer.session_id == session.id))


def live_seed(session: LiveSession) -> int:
    """The option order of a live session's questions, kept by the attempts it makes (never a learner's own seed,
    which is positive)."""
    return -session.id


def record_answer(session: LiveSession, step: Step, student_id: int, chosen: set[str]) -> bool:
    """Count one student's answer to the open step. False if they had already answered it."""
    if not insert_or_ignore(LiveResponse, session_id=session.id, step_key=step.key, student_id=student_id):
        return False
    for option_id in sorted(chosen):
        statement = (
            sql_dialect()
            .insert(LiveTally)
            .values(session_id=session.id, step_key=step.key, option_id=option_id, count=1)
        )
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["session_id", "step_key", "option_id"], set_={"count": LiveTally.count + 1}
            )
        )
    if step.question is not None:
        insert_or_ignore(
            LiveQuizAnswer,
            session_id=session.id,
            student_id=student_id,
            question_id=step.question.id,
            selected=" ".join(sorted(chosen)),
        )
    db.session.execute(
        update(LiveSession)
        .where(LiveSession.id == session.id)
        .values(answers_version=LiveSession.answers_version + 1)
        .execution_options(synchronize_session=False)
    )
    return True


def mark_present(session: LiveSession, student_id: int) -> None:
    """The student's phone is following now."""
    statement = (
        sql_dialect().insert(LivePresence).values(session_id=session.id, student_id=student_id, seen_at=utcnow())
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["session_id", "student_id"], set_={"seen_at": statement.excluded.seen_at}
        )
    )


def has_answered(session: LiveSession, step: Step, student_id: int) -> bool:
    return (
        db.session.scalar(
            select(LiveResponse.id).where(
                LiveResponse.session_id == session.id,
                LiveResponse.step_key == step.key,
                LiveResponse.student_id == student_id,
            )
        )
        is not None
    )


def following_count(session: LiveSession) -> int:
    """Phones seen in the last FOLLOWING_WINDOW: a number, never names."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(LivePresence)
            .where(LivePresence.session_id == session.id, LivePresence.seen_at > utcnow() - FOLLOWING_WINDOW)
        )
        or 0
    )
