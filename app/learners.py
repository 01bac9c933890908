"""The anonymous learner behind a browser, and what they have done. No account, no personal data."""

import time
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, session
from sqlalchemy import inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from app.content.course import Quiz
from app.content.kinds import grade
from app.extensions import db
from app.lesson_status import LessonState, Status
from app.models import Answer, Assignment, Learner, LessonProgress, QuizAttempt, Student
from app.models.base import Base, utcnow
from app.models.progress import new_learner_id
from app.nicknames import nickname_key

SESSION_KEY = "learner_id"
IN_CLASS_KEY = "in_class"
SINCE_KEY = "learner_since"
JOIN_TOKEN_KEY = "join_token"  # noqa: S105 - the session key's name, not a token
# A browser stays a class's student for 30 days at most, however often it is used: shared computers.
STUDENT_SESSION_DAYS = 30
# A second Join within this time, from the same browser's join form, is the same click twice.
DOUBLE_JOIN_WINDOW = timedelta(minutes=5)


def insert_or_ignore(model: type[Base], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True if this call made the row, False if a unique key already had it.

    Two requests racing to make the same row (two tabs, a double tap) both succeed; select the row after.
    """
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    primary_key = inspect(model).primary_key
    # A row comes back only if this statement made one.
    statement = dialect.insert(model).values(**values).on_conflict_do_nothing().returning(*primary_key)
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


def current_learner_or_new() -> Learner:
    """The learner whose id is in the signed session cookie, made on first use (so only when they act).

    The id is chosen before the row exists and the row is inserted idempotently, so two requests from one
    browser (two tabs, a double submit) end up with one learner.
    """
    learner_id = current_learner_id()
    learner = db.session.get(Learner, learner_id) if learner_id else None
    if learner is None:
        if not learner_id:
            learner_id = new_learner_id()
            use_learner(learner_id)
        insert_or_ignore(Learner, id=learner_id, created_at=utcnow())
        learner = db.session.get_one(Learner, learner_id)
    return learner


def use_learner(learner_id: str, in_class: bool = False) -> None:
    """Make this browser act as the given learner, and keep it after the browser closes."""
    session[SESSION_KEY] = learner_id
    session[IN_CLASS_KEY] = in_class  # only steers the menu; pages look the class up themselves
    session[SINCE_KEY] = int(time.time())
    session.permanent = True


def forget_learner() -> None:
    """This browser stops being the learner ("leave this device"); the learner's data stays for them."""
    for key in (SESSION_KEY, IN_CLASS_KEY, SINCE_KEY, JOIN_TOKEN_KEY):
        session.pop(key, None)


def record_lesson_opened(learner: Learner, lesson_id: str, lang: str) -> LessonProgress:
    """The learner's progress row for a lesson, made the first time they open it (twice at once is fine)."""
    insert_or_ignore(LessonProgress, learner_id=learner.id, lesson_id=lesson_id, lang=lang, started_at=utcnow())
    return db.session.scalars(
        select(LessonProgress).where(LessonProgress.learner_id == learner.id, LessonProgress.lesson_id == lesson_id)
    ).one()


def lesson_statuses(learner_id: str | None) -> dict[str, Status]:
    """Every lesson's status for one learner, in two queries."""
    if learner_id is None:
        return {}
    statuses: dict[str, Status] = {}
    for progress in db.session.scalars(select(LessonProgress).where(LessonProgress.learner_id == learner_id)):
        statuses[progress.lesson_id] = Status(
            LessonState.COMPLETED if progress.completed_at else LessonState.IN_PROGRESS
        )
    attempts = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.learner_id == learner_id).order_by(QuizAttempt.id)
    )
    for attempt in attempts:  # later attempts overwrite earlier ones
        statuses[attempt.lesson_id] = Status(LessonState.COMPLETED, attempt.score, attempt.max_score, attempt.passed)
    return statuses


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


def join_token() -> str:
    """A random token kept in this browser's cookie while it shows the join form (no database write)."""
    token = session.get(JOIN_TOKEN_KEY)
    if not isinstance(token, str):
        token = session[JOIN_TOKEN_KEY] = new_learner_id()
    return token


def join_classroom(classroom_id: int, nickname: str) -> tuple[Student | None, str | None]:
    """Make this browser a student of the class; (student, recovery code), or (None, None) if the name is taken.

    Race-safe: the nickname's look-alike key is unique per class and the insert ignores conflicts, so of two
    students typing the same name at once, one gets it and the other the usual "taken" answer. The recovery
    code is derived from the browser's join token, so a double-clicked Join finds its own student again,
    shows the same code, and makes nothing twice.
    """
    # Imported here: the classroom package's views import this module.
    from app.classroom.recovery import check_recovery_code, hash_recovery_code, recovery_code_for_join

    key = nickname_key(nickname)
    code = recovery_code_for_join(join_token())
    learner_id = current_learner_id()
    if learner_id is None or student_for_learner(learner_id) is not None:
        learner_id = new_learner_id()  # a browser already in a class starts fresh for the new one
    insert_or_ignore(Learner, id=learner_id, created_at=utcnow())
    inserted = insert_or_ignore(
        Student,
        classroom_id=classroom_id,
        learner_id=learner_id,
        nickname=nickname,
        nickname_key=key,
        recovery_hash=hash_recovery_code(code),
        joined_at=utcnow(),
    )
    if inserted:
        db.session.commit()
        session.pop(JOIN_TOKEN_KEY, None)
        return db.session.scalar(select(Student).where(Student.learner_id == learner_id)), code
    db.session.rollback()  # drops a fresh learner made for nothing
    holder = db.session.scalar(select(Student).where(Student.classroom_id == classroom_id, Student.nickname_key == key))
    if (
        holder is not None
        and utcnow() - _aware(holder.joined_at) < DOUBLE_JOIN_WINDOW
        and check_recovery_code(holder, code)
    ):
        return holder, code  # the same browser's second click
    return None, None


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their UTC offset."""
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)
