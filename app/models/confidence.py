"""The start-and-end check of a class: counts only. How many rated a lesson's statement 1 to 5, before and after,
per class; that a student has answered one phase is a separate row that holds no rating."""

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, content_id, intpk

PHASE_LENGTH = 6  # "before" or "after"


class ConfidenceTally(Base):
    __tablename__ = "confidence_tally"
    __table_args__ = (UniqueConstraint("classroom_id", "lesson_id", "statement_id", "phase", "rating"),)
    id: Mapped[intpk]
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"))
    lesson_id: Mapped[content_id]
    statement_id: Mapped[content_id]
    phase: Mapped[str] = mapped_column(String(PHASE_LENGTH))
    rating: Mapped[int] = mapped_column(Integer)  # 1 to 5
    count: Mapped[int] = mapped_column(Integer, default=0)


class ConfidenceResponse(Base):
    """That a student answered a lesson's check before or after: one rating set each, never the ratings."""

    __tablename__ = "confidence_response"
    __table_args__ = (UniqueConstraint("classroom_id", "lesson_id", "student_id", "phase"),)
    id: Mapped[intpk]
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"))
    lesson_id: Mapped[content_id]
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(PHASE_LENGTH))
