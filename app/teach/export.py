"""Class exports: the dashboard grid as CSV, and all of a class's data as JSON."""

import csv
import io

from app.content.course import Course
from app.lesson_status import NOT_STARTED
from app.teach.reports import ClassReport, class_attempts

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)", "@SUM(…)").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell that no spreadsheet will run: formula-like text gets a leading apostrophe (OWASP's advice)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def lesson_title(course: Course, lang: str, lesson_id: str) -> str:
    """The lesson's title, or its id once it has left the course (a retired lesson can still be assigned)."""
    lesson = course.lesson(lang, lesson_id)
    return lesson.title if lesson else lesson_id


def grid_csv(report: ClassReport, course: Course, lang: str, labels: dict[str, str]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens Korean and accented names correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    titles = [lesson_title(course, lang, a.lesson_id) for a in report.assignments]
    header = [labels["nickname"]]
    for title in titles:
        header += [f"{title}: {labels['status']}", f"{title}: {labels['score']}"]
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for student in report.students:
        row = [student.nickname]
        for a in report.assignments:
            status = report.grid.get((student.id, a.lesson_id))
            status = status or NOT_STARTED
            score = f"{status.score:g}/{status.max_score}" if status.score is not None else ""
            row += [status.state.label, score]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def class_json(report: ClassReport) -> dict:
    """Everything the app holds about a class, for the teacher to keep or hand over."""
    classroom = report.classroom
    attempts = class_attempts(classroom)
    return {
        "class": {
            "name": classroom.name,
            "language": classroom.lang,
            "created_at": classroom.created_at.isoformat(),
            "archived_at": classroom.archived_at.isoformat() if classroom.archived_at else None,
        },
        "assignments": [
            {
                "lesson_id": a.lesson_id,
                "position": a.position,
                "due_date": a.due_date.isoformat() if a.due_date else None,
            }
            for a in report.assignments
        ],
        "students": [
            {
                "nickname": s.nickname,
                "joined_at": s.joined_at.isoformat(),
                "progress": [
                    {"lesson_id": a.lesson_id, "state": report.grid[(s.id, a.lesson_id)].state}
                    for a in report.assignments
                    if (s.id, a.lesson_id) in report.grid
                ],
                "quiz_attempts": [
                    {
                        "lesson_id": attempt.lesson_id,
                        "language": attempt.lang,
                        "submitted_at": attempt.created_at.isoformat(),
                        "score": attempt.score,
                        "max_score": attempt.max_score,
                        "passed": attempt.passed,
                        "answers": [
                            {
                                "question_id": ans.question_id,
                                "selected": sorted(ans.selected_ids),
                                "correct": ans.is_correct,
                                "credit": ans.credit,
                            }
                            for ans in attempt.answers
                        ],
                    }
                    for attempt in attempts.get(s.learner_id, [])
                ],
            }
            for s in report.students
        ],
    }
