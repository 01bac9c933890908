"""Class reports. Every function runs a fixed number of queries, whatever the class size."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import (
    Boolean,
    Exists,
    Float,
    Integer,
    Subquery,
    case,
    cast,
    distinct,
    exists,
    func,
    null,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, selectinload

from app.content.course import Course
from app.extensions import db
from app.lesson_status import LessonState, Status
from app.models import Answer, Assignment, Classroom, LessonProgress, QuizAttempt, Student


# What a teacher may see of a student's learning: only what was done after joining the class, and only on the
# lessons assigned to it. Self-study before joining, and lessons the class never had, stay the student's own.
# Each condition expects Student to be joined to the row's learner.
def _assigned_to_class(lesson_id_column: InstrumentedAttribute[str]) -> Exists:
    return exists().where(Assignment.classroom_id == Student.classroom_id, Assignment.lesson_id == lesson_id_column)


ATTEMPT_VISIBLE_TO_TEACHER = (QuizAttempt.created_at >= Student.joined_at) & _assigned_to_class(QuizAttempt.lesson_id)
PROGRESS_VISIBLE_TO_TEACHER = (
    (LessonProgress.started_at >= Student.joined_at) | (LessonProgress.completed_at >= Student.joined_at)
) & _assigned_to_class(LessonProgress.lesson_id)


class StudentLine(NamedTuple):
    id: int
    nickname: str
    learner_id: str
    joined_at: datetime


class AssignmentLine(NamedTuple):
    lesson_id: str
    position: int
    due_date: date | None


@dataclass
class LessonSummary:
    lesson_id: str
    completed: int = 0  # students who completed it
    average: float | None = None  # of their latest scores, as a fraction of the maximum

    def completion(self, students: int) -> float:
        return self.completed / students if students else 0.0


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
class ClassGrid:
    """Students × assigned lessons: what the CSV export needs, in three statements."""

    classroom: Classroom
    assignments: list[AssignmentLine]
    students: list[StudentLine]
    grid: dict[tuple[int, str], Status]  # (student id, lesson id) -> status; absent: not started


@dataclass
class ClassReport(ClassGrid):
    lessons: dict[str, LessonSummary]
    questions: list[QuestionResult]  # most-missed first


# The queries below return numbers, never an ORM object per attempt or answer. Each is one statement whatever
# the class size; the latest attempt per student and lesson is picked by a window function in the database.


def latest_attempts(classroom_id: int) -> Subquery:
    """The latest attempt the teacher may see per student and lesson: id, student_id, lesson_id, score, …"""
    ranked = (
        select(
            QuizAttempt.id,
            Student.id.label("student_id"),
            QuizAttempt.lesson_id,
            QuizAttempt.score,
            QuizAttempt.max_score,
            QuizAttempt.passed,
            func.row_number()
            .over(partition_by=(QuizAttempt.learner_id, QuizAttempt.lesson_id), order_by=QuizAttempt.id.desc())
            .label("rank"),
        )
        .join(Student, Student.learner_id == QuizAttempt.learner_id)
        .where(Student.classroom_id == classroom_id, ATTEMPT_VISIBLE_TO_TEACHER)
        .subquery("ranked")
    )
    return select(ranked).where(ranked.c.rank == 1).subquery("latest")


def _cells(classroom_id: int) -> Subquery:
    """One row per visible progress row and per latest attempt: student_id, lesson_id, completed, score, …

    An attempt's row and its lesson's progress row both describe the same cell; the attempt wins."""
    progress = (
        select(
            Student.id.label("student_id"),
            LessonProgress.lesson_id,
            LessonProgress.completed_at.is_not(None).label("completed"),
            cast(null(), Float).label("score"),
            cast(null(), Integer).label("max_score"),
            cast(null(), Boolean).label("passed"),
        )
        .join(Student, Student.learner_id == LessonProgress.learner_id)
        .where(Student.classroom_id == classroom_id, PROGRESS_VISIBLE_TO_TEACHER)
    )
    latest = latest_attempts(classroom_id)
    attempts = select(
        latest.c.student_id,
        latest.c.lesson_id,
        true().label("completed"),
        latest.c.score,
        latest.c.max_score,
        latest.c.passed,
    )
    return union_all(progress, attempts).subquery("cells")


def class_grid(classroom: Classroom) -> ClassGrid:
    """Students × assigned lessons with each cell's state and latest score, in three statements."""
    assignments = [
        AssignmentLine(*row)
        for row in db.session.execute(
            select(Assignment.lesson_id, Assignment.position, Assignment.due_date)
            .where(Assignment.classroom_id == classroom.id)
            .order_by(Assignment.position)
        )
    ]
    students = [
        StudentLine(*row)
        for row in db.session.execute(
            select(Student.id, Student.nickname, Student.learner_id, Student.joined_at)
            .where(Student.classroom_id == classroom.id)
            .order_by(Student.nickname, Student.id)
        )
    ]
    cells = _cells(classroom.id)
    grid: dict[tuple[int, str], Status] = {}
    for student_id, lesson_id, completed, score, max_score, passed in db.session.execute(select(cells)):
        key = (student_id, lesson_id)
        if score is not None:
            grid[key] = Status(LessonState.COMPLETED, score, max_score, passed)
        elif key not in grid:
            grid[key] = Status(LessonState.COMPLETED if completed else LessonState.IN_PROGRESS)
    return ClassGrid(classroom, assignments, students, grid)


def lesson_summaries(classroom: Classroom, lesson_ids: list[str]) -> dict[str, LessonSummary]:
    """Per lesson, how many students completed it and their latest scores' average: one GROUP BY."""
    cells = _cells(classroom.id)
    summaries = {lesson_id: LessonSummary(lesson_id) for lesson_id in lesson_ids}
    rows = db.session.execute(
        select(
            cells.c.lesson_id,
            func.count(distinct(case((cells.c.completed, cells.c.student_id)))),
            func.avg(cells.c.score / func.nullif(cells.c.max_score, 0)),
        ).group_by(cells.c.lesson_id)
    )
    for lesson_id, completed, average in rows:
        if lesson_id in summaries:
            summaries[lesson_id] = LessonSummary(lesson_id, completed, average)
    return summaries


def question_results(classroom: Classroom, lesson_ids: list[str], course: Course) -> list[QuestionResult]:
    """The current questions of the assigned lessons, most missed first, from the latest attempts' answers:
    one GROUP BY. Answers to questions that have left a quiz, and retired lessons, are left out."""
    results: dict[tuple[str, str], QuestionResult] = {}
    for lesson_id in lesson_ids:
        quiz = course.quizzes.get(lesson_id)
        for question in quiz.questions if quiz else ():
            results[(lesson_id, question.id)] = QuestionResult(lesson_id, question.id)
    latest = latest_attempts(classroom.id)
    rows = db.session.execute(
        select(latest.c.lesson_id, Answer.question_id, func.count(), func.sum(case((Answer.is_correct, 1), else_=0)))
        .join(latest, Answer.attempt_id == latest.c.id)
        .group_by(latest.c.lesson_id, Answer.question_id)
    )
    for lesson_id, question_id, answered, correct in rows:
        result = results.get((lesson_id, question_id))
        if result:
            result.answered, result.correct = answered, correct
    return sorted(
        (r for r in results.values() if r.answered),
        key=lambda r: (-r.missed_rate, lesson_ids.index(r.lesson_id)),
    )


def class_report(classroom: Classroom, course: Course) -> ClassReport:
    """Students × assigned lessons, with lesson summaries and per-question results: five statements."""
    grid = class_grid(classroom)
    lesson_ids = [a.lesson_id for a in grid.assignments]
    return ClassReport(
        classroom,
        grid.assignments,
        grid.students,
        grid.grid,
        lesson_summaries(classroom, lesson_ids),
        question_results(classroom, lesson_ids, course),
    )


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
