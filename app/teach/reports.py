"""Class reports. Every function runs a fixed number of queries, whatever the class size."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Exists, exists, select
from sqlalchemy.orm import InstrumentedAttribute, selectinload

from app.content.course import Course
from app.extensions import db
from app.lesson_status import LessonState, Status
from app.models import Assignment, Classroom, LessonProgress, QuizAttempt, Student


# What a teacher may see of a student's learning: only what was done after joining the class, and only on the
# lessons assigned to it. Self-study before joining, and lessons the class never had, stay the student's own.
# Each condition expects Student to be joined to the row's learner.
def _assigned_to_class(lesson_id_column: InstrumentedAttribute[str]) -> Exists:
    return exists().where(Assignment.classroom_id == Student.classroom_id, Assignment.lesson_id == lesson_id_column)


ATTEMPT_VISIBLE_TO_TEACHER = (QuizAttempt.created_at >= Student.joined_at) & _assigned_to_class(QuizAttempt.lesson_id)
PROGRESS_VISIBLE_TO_TEACHER = (
    (LessonProgress.started_at >= Student.joined_at) | (LessonProgress.completed_at >= Student.joined_at)
) & _assigned_to_class(LessonProgress.lesson_id)


@dataclass
class LessonSummary:
    lesson_id: str
    completed: int = 0
    scores: list[float] = field(default_factory=list)  # latest attempt, as a fraction of the maximum

    def completion(self, students: int) -> float:
        return self.completed / students if students else 0.0

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


@dataclass
class QuestionResult:
    lesson_id: str
    question_id: str
    answered: int = 0
    correct: int = 0

    @property
    def missed_rate(self) -> float:
        return 1 - self.correct / self.answered if self.answered else 0.0


@dataclass
class ClassReport:
    classroom: Classroom
    assignments: list[Assignment]
    students: list[Student]
    grid: dict[tuple[int, str], Status]  # (student id, lesson id) -> status
    lessons: dict[str, LessonSummary]
    questions: list[QuestionResult]  # most-missed first
    latest: dict[tuple[int, str], QuizAttempt]


def class_report(classroom: Classroom, course: Course) -> ClassReport:
    """Students × assigned lessons, with lesson summaries and per-question results."""
    assignments = list(
        db.session.scalars(
            select(Assignment).where(Assignment.classroom_id == classroom.id).order_by(Assignment.position)
        )
    )
    students = list(
        db.session.scalars(select(Student).where(Student.classroom_id == classroom.id).order_by(Student.nickname))
    )
    lesson_ids = [a.lesson_id for a in assignments]
    by_learner = {s.learner_id: s for s in students}

    progress_rows = db.session.execute(
        select(LessonProgress.learner_id, LessonProgress.lesson_id, LessonProgress.completed_at)
        .join(Student, Student.learner_id == LessonProgress.learner_id)
        .where(
            Student.classroom_id == classroom.id, LessonProgress.lesson_id.in_(lesson_ids), PROGRESS_VISIBLE_TO_TEACHER
        )
    )
    grid: dict[tuple[int, str], Status] = {}
    for learner_id, lesson_id, completed_at in progress_rows:
        grid[(by_learner[learner_id].id, lesson_id)] = Status(
            LessonState.COMPLETED if completed_at else LessonState.IN_PROGRESS
        )

    attempts = db.session.scalars(
        select(QuizAttempt)
        .join(Student, Student.learner_id == QuizAttempt.learner_id)
        .where(Student.classroom_id == classroom.id, QuizAttempt.lesson_id.in_(lesson_ids), ATTEMPT_VISIBLE_TO_TEACHER)
        .order_by(QuizAttempt.id)
        .options(selectinload(QuizAttempt.answers))
    )
    latest: dict[tuple[int, str], QuizAttempt] = {}
    for attempt in attempts:  # ordered by id, so the last one wins
        latest[(by_learner[attempt.learner_id].id, attempt.lesson_id)] = attempt

    summaries = {lid: LessonSummary(lid) for lid in lesson_ids}
    question_results: dict[tuple[str, str], QuestionResult] = {}
    for lid in lesson_ids:
        quiz = course.quizzes.get(lid)
        for q in quiz.questions if quiz else ():
            question_results[(lid, q.id)] = QuestionResult(lid, q.id)
    for (student_id, lesson_id), attempt in latest.items():
        grid[(student_id, lesson_id)] = Status(LessonState.COMPLETED, attempt.score, attempt.max_score, attempt.passed)
        summaries[lesson_id].scores.append(attempt.score / attempt.max_score)
        for answer in attempt.answers:
            result = question_results.get((lesson_id, answer.question_id))
            if result:
                result.answered += 1
                result.correct += answer.is_correct
    for (_student_id, lesson_id), status in grid.items():
        if status.state is LessonState.COMPLETED:
            summaries[lesson_id].completed += 1

    questions = sorted(
        (r for r in question_results.values() if r.answered),
        key=lambda r: (-r.missed_rate, lesson_ids.index(r.lesson_id)),
    )
    return ClassReport(classroom, assignments, students, grid, summaries, questions, latest)


def student_attempts(student: Student) -> dict[str, list[QuizAttempt]]:
    """One student's attempts that their teacher may see, newest first, by lesson."""
    by_lesson = defaultdict(list)
    attempts = db.session.scalars(
        select(QuizAttempt)
        .join(Student, Student.learner_id == QuizAttempt.learner_id)
        .where(Student.id == student.id, ATTEMPT_VISIBLE_TO_TEACHER)
        .order_by(QuizAttempt.id.desc())
        .options(selectinload(QuizAttempt.answers))
    )
    for attempt in attempts:
        by_lesson[attempt.lesson_id].append(attempt)
    return by_lesson


def class_attempts(classroom: Classroom) -> dict[str, list[QuizAttempt]]:
    """Every attempt by the class's students that the teacher may see, oldest first, by learner id."""
    by_learner = defaultdict(list)
    attempts = db.session.scalars(
        select(QuizAttempt)
        .join(Student, Student.learner_id == QuizAttempt.learner_id)
        .where(Student.classroom_id == classroom.id, ATTEMPT_VISIBLE_TO_TEACHER)
        .order_by(QuizAttempt.id)
        .options(selectinload(QuizAttempt.answers))
    )
    for attempt in attempts:
        by_learner[attempt.learner_id].append(attempt)
    return by_learner
