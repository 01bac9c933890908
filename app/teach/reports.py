"""Class reports. Every function runs a fixed number of queries, whatever the class size."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, TypeVarTuple

from sqlalchemy import (
    Exists,
    Float,
    Integer,
    Result,
    Select,
    Subquery,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    select,
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
    average: float | None = None  # of their latest attempts' questions right, as a fraction of the questions

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


# The statements below return numbers, never an ORM object per attempt or answer. Each is built once, runs as
# one statement whatever the class size, and takes the class's id as its parameter. The latest attempt per
# student and lesson is picked by a window function in the database.
CLASS_ID = bindparam("classroom_id", type_=Integer)
Columns = TypeVarTuple("Columns")


def _latest_attempts() -> Subquery:
    """The latest attempt the teacher may see per student and lesson: id, student_id, lesson_id, correct_count, …"""
    ranked = (
        select(
            QuizAttempt.id,
            Student.id.label("student_id"),
            QuizAttempt.lesson_id,
            QuizAttempt.correct_count,
            QuizAttempt.max_score,
            QuizAttempt.passed,
            func.row_number()
            .over(partition_by=(QuizAttempt.learner_id, QuizAttempt.lesson_id), order_by=QuizAttempt.id.desc())
            .label("rank"),
        )
        .join(Student, Student.learner_id == QuizAttempt.learner_id)
        .where(Student.classroom_id == CLASS_ID, ATTEMPT_VISIBLE_TO_TEACHER)
        .subquery("ranked")
    )
    return select(ranked).where(ranked.c.rank == 1).subquery("latest")


def _cells() -> Subquery:
    """One row per cell of the grid that is not "not started": student_id, lesson_id, completed (0 or 1), and the
    latest attempt's correct_count (questions fully right), max_score and passed (0 or 1; all NULL without an
    attempt).

    A GROUP BY over the visible progress rows and the latest attempts, at most one of each per cell: the
    attempt's numbers win over the progress row's NULLs, and either may be missing (an attempt on a lesson
    opened before joining has no visible progress row)."""
    progress = (
        select(
            Student.id.label("student_id"),
            LessonProgress.lesson_id,
            case((LessonProgress.completed_at.is_(None), 0), else_=1).label("completed"),
            cast(null(), Integer).label("correct_count"),
            cast(null(), Integer).label("max_score"),
            cast(null(), Integer).label("passed"),
        )
        .join(Student, Student.learner_id == LessonProgress.learner_id)
        .where(Student.classroom_id == CLASS_ID, PROGRESS_VISIBLE_TO_TEACHER)
    )
    latest = _latest_attempts()
    attempts = select(
        latest.c.student_id,
        latest.c.lesson_id,
        literal(1, Integer).label("completed"),
        latest.c.correct_count,
        latest.c.max_score,
        case((latest.c.passed, 1), else_=0).label("passed"),
    )
    rows = union_all(progress, attempts).subquery("cell_rows")
    return (
        select(
            rows.c.student_id,
            rows.c.lesson_id,
            func.max(rows.c.completed).label("completed"),
            func.max(rows.c.correct_count).label("correct_count"),
            func.max(rows.c.max_score).label("max_score"),
            func.max(rows.c.passed).label("passed"),
        )
        .group_by(rows.c.student_id, rows.c.lesson_id)
        .subquery("cells")
    )


_latest = _latest_attempts()
_cell = _cells()
ASSIGNMENTS = (
    select(Assignment.lesson_id, Assignment.position, Assignment.due_date)
    .where(Assignment.classroom_id == CLASS_ID)
    .order_by(Assignment.position)
)
# The export of attempts (app/teach/export.py) follows the same order of students.
STUDENTS = (
    select(Student.id, Student.nickname, Student.learner_id, Student.joined_at)
    .where(Student.classroom_id == CLASS_ID)
    .order_by(Student.nickname, Student.id)
)
CELLS = select(_cell)
LESSON_SUMMARIES = select(
    _cell.c.lesson_id,
    func.sum(_cell.c.completed),
    func.avg(cast(_cell.c.correct_count, Float) / func.nullif(_cell.c.max_score, 0)),
).group_by(_cell.c.lesson_id)
QUESTION_RESULTS = (
    select(_latest.c.lesson_id, Answer.question_id, func.count(), func.sum(case((Answer.is_correct, 1), else_=0)))
    .join(_latest, Answer.attempt_id == _latest.c.id)
    .group_by(_latest.c.lesson_id, Answer.question_id)
)


def _rows(statement: Select[*Columns], classroom: Classroom) -> Result[*Columns]:
    return db.session.execute(statement, {"classroom_id": classroom.id})


def class_grid(classroom: Classroom) -> ClassGrid:
    """Students × assigned lessons with each cell's state and latest result, in three statements."""
    assignments = [AssignmentLine(*row) for row in _rows(ASSIGNMENTS, classroom)]
    students = [StudentLine(*row) for row in _rows(STUDENTS, classroom)]
    grid = {
        (student_id, lesson_id): Status(LessonState.COMPLETED, correct, max_score, bool(passed))
        if correct is not None
        else Status(LessonState.COMPLETED if completed else LessonState.IN_PROGRESS)
        for student_id, lesson_id, completed, correct, max_score, passed in _rows(CELLS, classroom)
    }
    return ClassGrid(classroom, assignments, students, grid)


def lesson_summaries(classroom: Classroom, lesson_ids: list[str]) -> dict[str, LessonSummary]:
    """Per lesson, how many students completed it and the average share of questions right: one GROUP BY."""
    summaries = {lesson_id: LessonSummary(lesson_id) for lesson_id in lesson_ids}
    for lesson_id, completed, average in _rows(LESSON_SUMMARIES, classroom):
        if lesson_id in summaries:
            summaries[lesson_id] = LessonSummary(lesson_id, int(completed or 0), average)
    return summaries


def question_results(classroom: Classroom, lesson_ids: list[str], course: Course) -> list[QuestionResult]:
    """The current questions of the assigned lessons, most missed first, from the latest attempts' answers:
    one GROUP BY. Answers to questions that have left a quiz, and retired lessons, are left out."""
    results: dict[tuple[str, str], QuestionResult] = {}
    for lesson_id in lesson_ids:
        quiz = course.quizzes.get(lesson_id)
        for question in quiz.questions if quiz else ():
            results[(lesson_id, question.id)] = QuestionResult(lesson_id, question.id)
    for lesson_id, question_id, answered, correct in _rows(QUESTION_RESULTS, classroom):
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
