"""Learners and their progress: content ids plus the language they studied in. No personal data."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, content_id, intpk, lang_code, timestamp


def new_learner_id() -> str:
    return str(uuid.uuid4())


class Learner(Base):
    """An anonymous learner, known only by a random id kept in a signed cookie."""

    __tablename__ = "learner"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_learner_id)
    created_at: Mapped[timestamp]

    progress: Mapped[list["LessonProgress"]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    attempts: Mapped[list["QuizAttempt"]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )


class LessonProgress(Base):
    """A lesson opened (started) and, once its quiz is submitted, completed."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("learner_id", "lesson_id"),)
    id: Mapped[intpk]
    learner_id: Mapped[str] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[content_id]
    lang: Mapped[lang_code]
    started_at: Mapped[timestamp]
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    learner: Mapped[Learner] = relationship(back_populates="progress")


class QuizAttempt(Base):
    """One submitted quiz. `score` is the sum of per-question credit (partial for multiple choice)."""

    __tablename__ = "quiz_attempt"
    # One attempt per quiz form shown (its option seed): a double submit stores one attempt. The learner-lesson
    # index ends with the id, so a learner's latest attempt at a lesson is one index probe, however many there are.
    __table_args__ = (
        Index("ix_quiz_attempt_learner_lesson", "learner_id", "lesson_id", "id"),
        UniqueConstraint("learner_id", "lesson_id", "shuffle_seed"),
    )
    id: Mapped[intpk]
    learner_id: Mapped[str] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    lesson_id: Mapped[content_id]
    lang: Mapped[lang_code]
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[int] = mapped_column(Integer)
    correct_count: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    # The seed the options were shuffled with, so the result page shows them in the order the learner saw.
    shuffle_seed: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[timestamp]

    learner: Mapped[Learner] = relationship(back_populates="attempts")
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", passive_deletes=True, order_by="Answer.id"
    )


class Answer(Base):
    """The learner's answer to one question of an attempt."""

    __tablename__ = "answer"
    id: Mapped[intpk]
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[content_id]
    # The chosen option ids, space-separated and sorted (ids never contain spaces).
    selected: Mapped[str] = mapped_column(String(500))
    credit: Mapped[float] = mapped_column(Float)
    is_correct: Mapped[bool] = mapped_column(Boolean)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")

    @property
    def selected_ids(self) -> set[str]:
        return set(self.selected.split())
