"""Class exports, streamed: the dashboard grid as CSV, and all of a class's data as JSON.

Both are generators: the response starts with the first rows, and the attempts and answers of a whole class
pass through as database rows (fetched in batches), never as ORM objects held all at once. Neither needs the
request's context while it runs (a WSGI server iterates after the request has ended)."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import groupby
from typing import Any

from flask import current_app
from sqlalchemy import Result, Row, select

from app.content.course import Course
from app.extensions import db
from app.lesson_status import NOT_STARTED
from app.models import Answer, QuizAttempt, Student
from app.teach.reports import ATTEMPT_VISIBLE_TO_TEACHER, CLASS_ID, ClassGrid, StudentLine

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)", "@SUM(…)").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 16 * 1024  # characters gathered before a chunk is sent
BATCH = 1000  # rows fetched from the database at a time


def spreadsheet_safe(value: str) -> str:
    """A cell that no spreadsheet will run: formula-like text gets a leading apostrophe (OWASP's advice)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def lesson_title(course: Course, lang: str, lesson_id: str) -> str:
    """The lesson's title, or its id once it has left the course (a retired lesson can still be assigned)."""
    lesson = course.lesson(lang, lesson_id)
    return lesson.title if lesson else lesson_id


# A quiz result in words, per (questions right, questions): "5 of 8 right", translated during the request.
Results = dict[tuple[int | None, int | None], str]


def result_words(grid: ClassGrid, right_answers: Callable[[int, int], str]) -> Results:
    """Every result the grid holds, in words, made while the request's language is known."""
    return {
        (status.correct, status.max_score): right_answers(status.correct, status.max_score)
        for status in grid.grid.values()
        if status.correct is not None and status.max_score is not None
    }


def _csv_rows(
    grid: ClassGrid, course: Course, lang: str, labels: dict[str, str], results: Results
) -> Iterator[list[str]]:
    header = [labels["nickname"]]
    for title in (lesson_title(course, lang, a.lesson_id) for a in grid.assignments):
        header += [f"{title}: {labels['status']}", f"{title}: {labels['score']}"]
    yield header
    for student in grid.students:
        row = [student.nickname]
        for a in grid.assignments:
            status = grid.grid.get((student.id, a.lesson_id)) or NOT_STARTED
            # In words, as on the dashboard ("5 of 8 right"): "5/8" would turn into a date in a spreadsheet.
            score = results.get((status.correct, status.max_score), "")
            row += [labels[status.state], score]
        yield row


def grid_csv(grid: ClassGrid, course: Course, lang: str, labels: dict[str, str], results: Results) -> Iterator[bytes]:
    """UTF-8 with a BOM, so that Excel opens Korean and accented names correctly; sent in chunks.

    `labels` holds the translated headings and the states' labels (keyed by LessonState, a str): the chunks are
    made after the request's context is gone, from data already read; `results` the quiz results in words
    (result_words)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in _csv_rows(grid, course, lang, labels, results):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
        if out.tell() >= CHUNK:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


# Every attempt the teacher may see, with its answers, one row per answer (an attempt without answers: one row
# of NULL answer), in the students' order of class_grid, then oldest attempt first: so each student's rows come
# together and in turn. One statement, fetched BATCH rows at a time (a server-side cursor on PostgreSQL).
ATTEMPT_ROWS = (
    select(
        Student.id.label("student_id"),
        QuizAttempt.id,
        QuizAttempt.lesson_id,
        QuizAttempt.lang,
        QuizAttempt.created_at,
        QuizAttempt.score,
        QuizAttempt.correct_count,
        QuizAttempt.max_score,
        QuizAttempt.passed,
        Answer.question_id,
        Answer.selected,
        Answer.is_correct,
        Answer.credit,
    )
    .join(Student, Student.learner_id == QuizAttempt.learner_id)
    .outerjoin(Answer, Answer.attempt_id == QuizAttempt.id)
    .where(Student.classroom_id == CLASS_ID, ATTEMPT_VISIBLE_TO_TEACHER)
    .order_by(Student.nickname, Student.id, QuizAttempt.id, Answer.id)
    .execution_options(yield_per=BATCH)
)


def _attempt_rows(classroom_id: int) -> Iterator[Row[Any]]:
    result: Result[Any] = db.session.execute(ATTEMPT_ROWS, {"classroom_id": classroom_id})
    yield from result


def _attempt(rows: list[Row[Any]]) -> dict[str, Any]:
    """One attempt, from its rows (one per answer; an attempt without answers has one row of NULL answer)."""
    first = rows[0]
    return {
        "lesson_id": first.lesson_id,
        "language": first.lang,
        "submitted_at": first.created_at.isoformat(),
        # Questions fully right (what the pages show: "5 of 8 right"); `score` adds partial credit.
        "correct_count": first.correct_count,
        "score": first.score,
        "max_score": first.max_score,
        "passed": first.passed,
        "answers": [
            {
                "question_id": row.question_id,
                "selected": sorted(set(row.selected.split())),
                "correct": row.is_correct,
                "credit": row.credit,
            }
            for row in rows
            if row.question_id is not None
        ],
    }


def _attempts(rows: Iterable[Row[Any]]) -> list[dict[str, Any]]:
    """One student's attempts, oldest first, from their rows."""
    return [_attempt(list(answers)) for _attempt_id, answers in groupby(rows, lambda row: row.id)]


def _student(grid: ClassGrid, student: StudentLine, rows: Iterable[Row[Any]]) -> dict[str, Any]:
    return {
        "nickname": student.nickname,
        "joined_at": student.joined_at.isoformat(),
        "progress": [
            {"lesson_id": a.lesson_id, "state": grid.grid[(student.id, a.lesson_id)].state}
            for a in grid.assignments
            if (student.id, a.lesson_id) in grid.grid
        ],
        "quiz_attempts": _attempts(rows),
    }


def class_json(grid: ClassGrid) -> Iterator[str]:
    """Everything the app holds about a class, for the teacher to keep or hand over: one JSON object, sent a
    student at a time, the same bytes as Flask's compact JSON response (sorted keys, ending in a new line).

    Call it in the request; the chunks are made later, as the server sends them, in an app context of their own
    (the request's is gone by then), so an export that is never read runs no query."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's object, kept for later
    dumps = partial(app.json.dumps, separators=(",", ":"))
    classroom = grid.classroom
    head = {
        "class": {
            "name": classroom.name,
            "language": classroom.lang,
            "age_band": classroom.age_band,
            "created_at": classroom.created_at.isoformat(),
            "archived_at": classroom.archived_at.isoformat() if classroom.archived_at else None,
        },
        "assignments": [
            {
                "lesson_id": a.lesson_id,
                "position": a.position,
                "due_date": a.due_date.isoformat() if a.due_date else None,
            }
            for a in grid.assignments
        ],
    }
    opening = dumps(head)[:-1] + ',"students":['  # keys sorted: "students" comes last

    def chunks() -> Iterator[str]:
        yield opening  # the first bytes go out before the attempts' query runs
        out = io.StringIO()
        with app.app_context():
            # The rows come in the students' order; a student who joined since the grid was read is not in it.
            position = {student.id: n for n, student in enumerate(grid.students)}
            by_student = groupby(_attempt_rows(grid.classroom.id), lambda row: row.student_id)
            pending = next(by_student, None)
            for n, student in enumerate(grid.students):
                while pending is not None and position.get(pending[0], -1) < n:
                    pending = next(by_student, None)
                rows = pending[1] if pending is not None and pending[0] == student.id else ()
                out.write(("," if n else "") + dumps(_student(grid, student, rows)))
                if out.tell() >= CHUNK:
                    yield out.getvalue()
                    out.seek(0)
                    out.truncate()
        out.write("]}\n")
        yield out.getvalue()

    return chunks()
