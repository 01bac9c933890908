"""Classes, their pseudonymous students and the lessons assigned to them."""

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.age_bands import AGE_BANDS
from app.models.base import Base, age_band, content_id, intpk, lang_code, timestamp
from app.models.progress import Learner
from app.nicknames import nickname_key

if TYPE_CHECKING:  # teacher.py names Classroom the same way; neither imports the other at run time
    from app.models.teacher import Teacher

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: codes are read off a projector and typed on phones.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """Codes are read case-insensitively, and spaces or dashes people type are ignored."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def band_constraint() -> CheckConstraint:
    """Only the known age routes: a typo in a script would otherwise show a class the whole course silently."""
    return CheckConstraint("age_band IN ({})".format(", ".join(f"'{band}'" for band in AGE_BANDS)), name="age_band")


class Classroom(Base):
    __tablename__ = "classroom"
    __table_args__ = (band_constraint(),)
    id: Mapped[intpk]
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    lang: Mapped[lang_code]
    # The age route its students follow: lesson versions and order, live sessions, notes and printed packs.
    age_band: Mapped[age_band]
    join_code: Mapped[str] = mapped_column(String(JOIN_CODE_LENGTH), unique=True, default=new_join_code)
    joining_open: Mapped[bool] = mapped_column(Boolean, default=True)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[timestamp]

    teacher: Mapped["Teacher"] = relationship(back_populates="classrooms")
    students: Mapped[list["Student"]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", passive_deletes=True, order_by="Student.nickname"
    )
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", passive_deletes=True, order_by="Assignment.position"
    )


def _key_of_nickname(context: DefaultExecutionContext) -> str:
    return nickname_key(context.get_current_parameters()["nickname"])


class Student(Base):
    """A pseudonymous student: a nickname in one class, linked to an anonymous learner."""

    __tablename__ = "student"
    # One look-alike family of nicknames per class ("Ana", "ana", "Аna"): see app/nicknames.py.
    __table_args__ = (UniqueConstraint("classroom_id", "nickname_key"),)
    id: Mapped[intpk]
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), unique=True)
    nickname: Mapped[str] = mapped_column(String(40))
    nickname_key: Mapped[str] = mapped_column(String(80), default=_key_of_nickname)
    recovery_hash: Mapped[str] = mapped_column(String(255))
    joined_at: Mapped[timestamp]

    classroom: Mapped[Classroom] = relationship(back_populates="students")
    learner: Mapped[Learner] = relationship()


class Assignment(Base):
    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("classroom_id", "lesson_id"),)
    id: Mapped[intpk]
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[content_id]
    position: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)

    classroom: Mapped[Classroom] = relationship(back_populates="assignments")
