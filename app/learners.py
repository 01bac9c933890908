"""The anonymous learner behind a browser, and what they have done. No account, no personal data."""

import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from flask import current_app, session
from sqlalchemy import exists, func, inspect, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from app.content.course import Quiz
from app.content.kinds import grade
from app.extensions import db
from app.lesson_status import LessonState, Status
from app.models import Answer, Assignment, Learner, LessonProgress, QuizAttempt, Student
from app.models.base import Base, utcnow
from app.models.progress import new_learner_id

SESSION_KEY = "learner_id"
IN_CLASS_KEY = "in_class"
SINCE_KEY = "learner_since"
JOIN_TOKEN_KEY = "join_token"  # noqa: S105 - the session key's name, not a token
# The id a reader's learner row will have if they send the quiz form they were shown: a double-tapped first
# answer, from one browser, makes one learner.
LEARNER_TO_BE_KEY = "learner_to_be"
# The lessons this browser opened. For a reader (no quiz answered, no class joined) it is the whole of their
# progress, and the database holds nothing about them; for a learner with a row, the lessons already recorded,
# so that opening one again writes nothing. The course has a handful of lessons; the cap guards the cookie.
OPENED_KEY = "opened"
MAX_OPENED = 40
# A browser stays a class's student for 30 days at most, however often it is used: shared computers.
STUDENT_SESSION_DAYS = 30


def sql_dialect() -> Any:
    return postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite


def insert_or_ignore(model: type[Base], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True if this call made the row, False if a unique key already had it.

    Two requests racing to make the same row (two tabs, a double tap) both succeed; select the row after.
    """
    primary_key = inspect(model).primary_key
    # A row comes back only if this statement made one.
    statement = sql_dialect().insert(model).values(**values).on_conflict_do_nothing().returning(*primary_key)
    return db.session.execute(statement).first() is not None


def current_learner_id() -> str | None:
    """The learner in this browser's signed cookie; a class's student is forgotten after 30 days."""
    learner_id = session.get(SESSION_KEY)
    if learner_id and session.get(IN_CLASS_KEY):
        since = session.get(SINCE_KEY)
        if not isinstance(since, int | float) or time.time() - since > STUDENT_SESSION_DAYS * 86400:
            forget_learner()
            return None
    return learner_id


def current_learner_or_new(lang: str) -> Learner:
    """The learner whose id is in the signed session cookie, made when they first act (a quiz answered).

    The lessons the cookie says this browser opened become progress rows then. The id is chosen before the row
    exists (when the quiz form was shown) and the rows are inserted idempotently, so two requests from one
    browser (two tabs, a double submit) end up with one learner.
    """
    learner_id = current_learner_id()
    learner = db.session.get(Learner, learner_id) if learner_id else None
    if learner is None:
        if not learner_id:
            learner_id = reserve_learner_id()
            use_learner(learner_id)
            session.pop(LEARNER_TO_BE_KEY, None)
        insert_or_ignore(Learner, id=learner_id, created_at=utcnow())
        carry_in_opened(learner_id, lang, utcnow())
        learner = db.session.get_one(Learner, learner_id)
    return learner


def reserve_learner_id() -> str:
    """The id this browser's learner will have, kept in its cookie until the row is made (no database write)."""
    learner_id = session.get(LEARNER_TO_BE_KEY)
    if not isinstance(learner_id, str):
        learner_id = session[LEARNER_TO_BE_KEY] = new_learner_id()
    return learner_id


def use_learner(learner_id: str, in_class: bool = False) -> None:
    """Make this browser act as the given learner, and keep it after the browser closes.

    The cookie's opened lessons stay: they were carried into this learner, or the caller forgot them first.
    """
    session[SESSION_KEY] = learner_id
    session[IN_CLASS_KEY] = in_class  # only steers the menu; pages look the class up themselves
    session[SINCE_KEY] = int(time.time())
    session.permanent = True


def forget_learner() -> None:
    """This browser stops being the learner ("leave this device"); the learner's data stays for them."""
    for key in (SESSION_KEY, IN_CLASS_KEY, SINCE_KEY, JOIN_TOKEN_KEY, OPENED_KEY, LEARNER_TO_BE_KEY):
        session.pop(key, None)


def opened_in_cookie() -> list[str]:
    """The lessons this browser opened, from its signed cookie (oldest first)."""
    opened = session.get(OPENED_KEY)
    if not isinstance(opened, list):
        return []
    return [lesson_id for lesson_id in opened if isinstance(lesson_id, str)][-MAX_OPENED:]


def note_lesson_opened(lesson_id: str, lang: str) -> None:
    """This browser opened a lesson: the one call a lesson page makes, cached or not.

    A reader's opening goes in their cookie only: no row, no write lock, no commit. For a learner with a row,
    the first opening is also one idempotent INSERT (which makes nothing if their row is gone); opening it
    again writes nothing.
    """
    learner_id = current_learner_id()  # first: an expired class session is forgotten, opened lessons too
    if not remember_opened(lesson_id) or learner_id is None:
        return
    values = select(
        literal(learner_id, LessonProgress.learner_id.type),
        literal(lesson_id, LessonProgress.lesson_id.type),
        literal(lang, LessonProgress.lang.type),
        literal(utcnow(), LessonProgress.started_at.type),
    ).where(exists().where(Learner.id == learner_id))
    columns = ["learner_id", "lesson_id", "lang", "started_at"]
    db.session.execute(sql_dialect().insert(LessonProgress).from_select(columns, values).on_conflict_do_nothing())
    db.session.commit()


def remember_opened(lesson_id: str) -> bool:
    """Add a lesson to the cookie's opened lessons; False if it was there already."""
    opened = opened_in_cookie()
    if lesson_id in opened:
        return False
    session[OPENED_KEY] = [*opened, lesson_id][-MAX_OPENED:]
    session.permanent = True  # kept after the browser closes, as a learner's id is
    return True


def carry_in_opened(learner_id: str, lang: str, started_at: datetime) -> None:
    """The lessons this browser's cookie says it opened become the learner's progress (idempotently, in one
    statement). Called when the learner's row is made: the first quiz answered, or joining a class."""
    opened = opened_in_cookie()
    if opened:
        rows = [dict(learner_id=learner_id, lesson_id=i, lang=lang, started_at=started_at) for i in opened]
        db.session.execute(sql_dialect().insert(LessonProgress).values(rows).on_conflict_do_nothing())


def record_lesson_opened(learner: Learner, lesson_id: str, lang: str) -> LessonProgress:
    """The learner's progress row for a lesson, made the first time they open it (twice at once is fine)."""
    insert_or_ignore(LessonProgress, learner_id=learner.id, lesson_id=lesson_id, lang=lang, started_at=utcnow())
    return db.session.scalars(
        select(LessonProgress).where(LessonProgress.learner_id == learner.id, LessonProgress.lesson_id == lesson_id)
    ).one()


# lesson id, completed at; the latest attempt: id, questions right, max score, passed
_StatusRow = tuple[str, datetime | None, int | None, int | None, int | None, bool | None]


def lesson_statuses(learner_id: str | None) -> dict[str, Status]:
    """Every lesson's status for one learner, in one query: a row per lesson they opened, with the latest
    attempt at its quiz (an index probe each), so the cost doesn't grow with the number of attempts."""
    if learner_id is None:
        return {}
    earlier = aliased(QuizAttempt)
    latest_id = (
        select(func.max(earlier.id))
        .where(earlier.learner_id == LessonProgress.learner_id, earlier.lesson_id == LessonProgress.lesson_id)
        .correlate(LessonProgress)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            LessonProgress.lesson_id,
            LessonProgress.completed_at,
            QuizAttempt.id,
            QuizAttempt.correct_count,
            QuizAttempt.max_score,
            QuizAttempt.passed,
        )
        .outerjoin(QuizAttempt, QuizAttempt.id == latest_id)
        .where(LessonProgress.learner_id == learner_id)
    )
    statuses: dict[str, Status] = {}
    # The attempt's columns are None where the lesson has no attempt (an outer join).
    for lesson_id, completed_at, attempt_id, correct, max_score, passed in cast(Iterable[_StatusRow], rows):
        if attempt_id is not None:
            statuses[lesson_id] = Status(LessonState.COMPLETED, correct, max_score, passed)
        else:
            statuses[lesson_id] = Status(LessonState.COMPLETED if completed_at else LessonState.IN_PROGRESS)
    return statuses


def statuses_in_this_browser() -> dict[str, Status]:
    """This browser's lesson statuses: the lessons its cookie says it opened are in progress, and the
    learner's rows, if it has any, say the rest."""
    learner_id = current_learner_id()  # first: an expired class session is forgotten, opened lessons too
    opened = {lesson_id: Status(LessonState.IN_PROGRESS) for lesson_id in opened_in_cookie()}
    return opened | lesson_statuses(learner_id)


def record_attempt(
    learner: Learner, quiz: Quiz, lang: str, answers: dict[str, set[str]], shuffle_seed: int | None = None
) -> QuizAttempt:
    """Grade and store one attempt, and mark the lesson completed.

    The form's option seed names the attempt: a double-tapped or resent form (same learner, lesson and seed)
    stores one attempt and returns it to both requests, whatever the timing.
    """
    graded = [(question, answers.get(question.id, set())) for question in quiz.questions]
    results = [(question, chosen, grade(question, chosen)) for question, chosen in graded]
    correct = sum(result.correct for _, _, result in results)
    values = dict(
        learner_id=learner.id,
        lesson_id=quiz.lesson_id,
        lang=lang,
        shuffle_seed=shuffle_seed,
        max_score=len(quiz.questions),
        score=sum(result.credit for _, _, result in results),
        correct_count=correct,
        passed=correct >= quiz.pass_mark,
    )
    answer_rows = [
        Answer(
            question_id=question.id, selected=" ".join(sorted(chosen)), credit=result.credit, is_correct=result.correct
        )
        for question, chosen, result in results
    ]
    if shuffle_seed is None:
        attempt = QuizAttempt(**values, answers=answer_rows)
        db.session.add(attempt)
    else:
        made = insert_or_ignore(QuizAttempt, created_at=utcnow(), **values)
        attempt = db.session.scalars(
            select(QuizAttempt).where(
                QuizAttempt.learner_id == learner.id,
                QuizAttempt.lesson_id == quiz.lesson_id,
                QuizAttempt.shuffle_seed == shuffle_seed,
            )
        ).one()
        if made:
            attempt.answers.extend(answer_rows)
    progress = record_lesson_opened(learner, quiz.lesson_id, lang)
    db.session.flush()
    if progress.completed_at is None:
        progress.completed_at = utcnow()
    return attempt


def student_for_learner(learner_id: str | None) -> Student | None:
    if learner_id is None:
        return None
    return db.session.scalar(select(Student).where(Student.learner_id == learner_id))


def assigned_lessons_for_learner(learner_id: str | None) -> list[Assignment]:
    """The lessons assigned to this learner's class, in the teacher's order (retired lessons left out)."""
    student = student_for_learner(learner_id)
    if student is None or student.classroom.archived_at is not None:
        return []
    lesson_ids = set(current_app.extensions["course"].lesson_ids)
    return [a for a in student.classroom.assignments if a.lesson_id in lesson_ids]
