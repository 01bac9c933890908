"""Joining a class: a browser becomes a student, race-safe, with its self-study carried in."""

from datetime import timedelta

from flask import session
from sqlalchemy import select

from app.classroom.recovery import check_recovery_code, hash_recovery_code, recovery_code_for_join
from app.extensions import db
from app.learners import (
    JOIN_TOKEN_KEY,
    OPENED_KEY,
    carry_in_opened,
    current_learner_id,
    insert_or_ignore,
    student_for_learner,
)
from app.models import Learner, Student
from app.models.base import as_utc, utcnow
from app.models.progress import new_learner_id
from app.nicknames import nickname_key

# A second Join within this time, from the same browser's join form, is the same click twice.
DOUBLE_JOIN_WINDOW = timedelta(minutes=5)


def join_token() -> str:
    """A random token kept in this browser's cookie while it shows the join form (no database write)."""
    token = session.get(JOIN_TOKEN_KEY)
    if not isinstance(token, str):
        token = session[JOIN_TOKEN_KEY] = new_learner_id()
    return token


def join_classroom(classroom_id: int, nickname: str, lang: str) -> tuple[Student | None, str | None]:
    """Make this browser a student of the class; (student, recovery code), or (None, None) if the name is taken.

    Race-safe: the nickname's look-alike key is unique per class and the insert ignores conflicts, so of two
    students typing the same name at once, one gets it and the other the usual "taken" answer. The recovery
    code is derived from the browser's join token, so a double-clicked Join finds its own student again,
    shows the same code, and makes nothing twice. The lessons the cookie says this browser opened on its own
    come along, as self-study from before joining.
    """
    key = nickname_key(nickname)
    code = recovery_code_for_join(join_token(), lang)
    learner_id = current_learner_id()
    carry_in = True
    if learner_id is None:
        learner_id = new_learner_id()
    elif student_for_learner(learner_id) is not None:
        learner_id, carry_in = new_learner_id(), False  # a browser already in a class starts fresh for the new one
    joined_at = utcnow()
    insert_or_ignore(Learner, id=learner_id, created_at=joined_at)
    inserted = insert_or_ignore(
        Student,
        classroom_id=classroom_id,
        learner_id=learner_id,
        nickname=nickname,
        nickname_key=key,
        recovery_hash=hash_recovery_code(code),
        joined_at=joined_at,
    )
    if inserted:
        if carry_in:  # opened before joining: the class's reports count only what happens from joined_at on
            carry_in_opened(learner_id, lang, joined_at - timedelta(seconds=1))
        else:
            session.pop(OPENED_KEY, None)  # the other learner's lessons stay theirs
        db.session.commit()
        session.pop(JOIN_TOKEN_KEY, None)
        return db.session.scalar(select(Student).where(Student.learner_id == learner_id)), code
    db.session.rollback()  # drops a fresh learner made for nothing
    holder = db.session.scalar(select(Student).where(Student.classroom_id == classroom_id, Student.nickname_key == key))
    if (
        holder is not None
        and utcnow() - as_utc(holder.joined_at) < DOUBLE_JOIN_WINDOW
        and check_recovery_code(holder, code)
    ):
        return holder, code  # the same browser's second click
    return None, None
