"""Typed SQLAlchemy models: user data only, never lesson text."""

from app.models.base import Base
from app.models.classroom import Assignment, Classroom, Student
from app.models.confidence import ConfidenceResponse, ConfidenceTally
from app.models.live import LivePresence, LiveQuizAnswer, LiveResponse, LiveSession, LiveTally
from app.models.progress import Answer, Learner, LessonProgress, QuizAttempt
from app.models.teacher import Teacher

__all__ = [
    "Answer",
    "Assignment",
    "Base",
    "Classroom",
    "ConfidenceResponse",
    "ConfidenceTally",
    "Learner",
    "LivePresence",
    "LiveQuizAnswer",
    "LiveResponse",
    "LiveSession",
    "LiveTally",
    "LessonProgress",
    "QuizAttempt",
    "Student",
    "Teacher",
]
