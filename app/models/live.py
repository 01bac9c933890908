"""Live sessions: a teacher steps through a lesson on the projector while the class follows on their phones.

Anonymity by schema: a poll answer is only a count per (session, step, option) in `live_tally`; that a student
has answered is a separate row in `live_response`, which holds no answer. No table, log line or export joins the
two. Live quiz questions are the exception by design: they count toward each student's own progress, as a normal
quiz does, so `live_quiz_answer` keeps the student's choice until the session ends and becomes a quiz attempt.
"""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, age_band, content_id, intpk, lang_code, timestamp
from app.models.classroom import band_constraint

STEP_KEY_LENGTH = 90  # "poll:<id>", "q:<id>", "s3", "start"


class LiveSession(Base):
    """One class's live lesson: where the class is, and what the teacher has opened or revealed."""

    __tablename__ = "live_session"
    # One running session per class: a second start (two tabs, a double tap) finds the first.
    __table_args__ = (
        Index(
            "uq_live_session_running",
            "classroom_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        band_constraint(),
    )
    id: Mapped[intpk]
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[content_id]
    lang: Mapped[lang_code]
    # The class's band when the session started: its steps stay the same if the teacher changes the band.
    age_band: Mapped[age_band]
    with_quiz: Mapped[bool] = mapped_column(Boolean, default=False)
    step: Mapped[int] = mapped_column(Integer, default=0)
    answers_open: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped by every teacher action: the ETag of what the screens show, and the guard against a double tap.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Bumped by every answer: the projector's and presenter's counts change without a teacher action.
    answers_version: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[timestamp]
    last_action_at: Mapped[timestamp]
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LiveTally(Base):
    """How many answered one option of one step: counts only, never who."""

    __tablename__ = "live_tally"
    __table_args__ = (UniqueConstraint("session_id", "step_key", "option_id"),)
    id: Mapped[intpk]
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    step_key: Mapped[str] = mapped_column(String(STEP_KEY_LENGTH))
    option_id: Mapped[content_id]
    count: Mapped[int] = mapped_column(Integer, default=0)


class LiveResponse(Base):
    """That a student has answered a step: stops a second vote. It holds no answer."""

    __tablename__ = "live_response"
    __table_args__ = (UniqueConstraint("session_id", "step_key", "student_id"),)
    id: Mapped[intpk]
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    step_key: Mapped[str] = mapped_column(String(STEP_KEY_LENGTH))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)


class LivePresence(Base):
    """When a student's phone last said it was following: the "following now" count, never by name."""

    __tablename__ = "live_presence"
    __table_args__ = (UniqueConstraint("session_id", "student_id"),)
    id: Mapped[intpk]
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    seen_at: Mapped[timestamp]


class LiveQuizAnswer(Base):
    """A student's answer to a quiz question asked live, kept until the session ends and becomes an attempt."""

    __tablename__ = "live_quiz_answer"
    __table_args__ = (UniqueConstraint("session_id", "student_id", "question_id"),)
    id: Mapped[intpk]
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[content_id]
    selected: Mapped[str] = mapped_column(String(500))  # option ids, space-separated and sorted
