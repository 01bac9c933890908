"""The anonymous learner behind a browser, and what they have done. No account, no personal data."""

from dataclasses import dataclass

from flask import session
from sqlalchemy import select

from app.content.course import Quiz
from app.content.kinds import grade
from app.extensions import db
from app.models import Answer, Assignment, Learner, LessonProgress, QuizAttempt, Student
from app.models.base import utcnow

SESSION_KEY = "learner_id"
IN_CLASS_KEY = "in_class"


def current_learner_id() -> str | None:
    return session.get(SESSION_KEY)


def current_learner(create: bool = False) -> Learner | None:
    """The learner whose id is in the signed session cookie; made on first use when `create`."""
    learner_id = session.get(SESSION_KEY)
    learner = db.session.get(Learner, learner_id) if learner_id else None
    if learner is None and create:
        learner = Learner()
        db.session.add(learner)
        db.session.flush()
        use_learner(learner.id)
    return learner


def use_learner(learner_id: str, in_class: bool = False) -> None:
    """Make this browser act as the given learner, and keep it after the browser closes."""
    session[SESSION_KEY] = learner_id
    session[IN_CLASS_KEY] = in_class  # only steers the menu; pages look the class up themselves
    session.permanent = True


def record_lesson_opened(learner: Learner, lesson_id: str, lang: str) -> LessonProgress:
    """The learner's progress row for a lesson, made the first time they open it."""
    progress = db.session.scalar(select(LessonProgress).where(
        LessonProgress.learner_id == learner.id, LessonProgress.lesson_id == lesson_id))
    if progress is None:
        progress = LessonProgress(learner_id=learner.id, lesson_id=lesson_id, lang=lang)
        db.session.add(progress)
    return progress


@dataclass(frozen=True)
class Status:
    """One lesson's state for a learner: not started, in progress, or completed with the latest score."""

    state: str  # "not_started" | "in_progress" | "completed"
    score: float | None = None
    max_score: int | None = None
    passed: bool | None = None


def lesson_statuses(learner_id: str | None) -> dict[str, Status]:
    """Every lesson's status for one learner, in two queries."""
    if learner_id is None:
        return {}
    statuses: dict[str, Status] = {}
    for progress in db.session.scalars(select(LessonProgress).where(LessonProgress.learner_id == learner_id)):
        statuses[progress.lesson_id] = Status("completed" if progress.completed_at else "in_progress")
    attempts = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.learner_id == learner_id).order_by(QuizAttempt.id))
    for attempt in attempts:  # later attempts overwrite earlier ones
        statuses[attempt.lesson_id] = Status("completed", attempt.score, attempt.max_score, attempt.passed)
    return statuses


def record_attempt(learner: Learner, quiz: Quiz, lang: str, answers: dict[str, set[str]]) -> QuizAttempt:
    """Grade and store one attempt, and mark the lesson completed."""
    attempt = QuizAttempt(learner_id=learner.id, lesson_id=quiz.lesson_id, lang=lang,
                          max_score=len(quiz.questions), score=0.0, correct_count=0, passed=False)
    for question in quiz.questions:
        chosen = answers.get(question.id, set())
        result = grade(question, chosen)
        attempt.answers.append(Answer(question_id=question.id, selected=" ".join(sorted(chosen)),
                                      credit=result.credit, is_correct=result.correct))
        attempt.score += result.credit
        attempt.correct_count += result.correct
    attempt.passed = attempt.correct_count >= quiz.pass_mark
    db.session.add(attempt)
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
    """The lessons assigned to this learner's class, in the teacher's order."""
    student = student_for_learner(learner_id)
    if student is None or student.classroom.archived_at is not None:
        return []
    return list(student.classroom.assignments)
