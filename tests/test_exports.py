"""The class exports stream, through HTTP: the CSV keeps its BOM and defused cells, the JSON is valid and holds
every attempt the teacher may see with every answer, a retired lesson included. And the dashboard's aggregates
agree with the same numbers counted the slow way, from ORM objects."""

import csv
import io
import json
import random
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.learners import record_attempt, record_lesson_opened
from app.models import Assignment, Learner, LessonProgress, QuizAttempt, Student
from app.models.base import utcnow
from app.teach import export
from app.teach.reports import class_report
from tests.factories import make_classroom, make_student, make_teacher, sign_in


@pytest.fixture
def busy_class(app, course):
    """A class of 30 with 1–3 attempts on most of its 4 lessons (one retired, with attempts and progress), some
    self-study from before joining, a lesson the class doesn't have, students with no work, and formula-like
    nicknames. The fixture is the class id."""
    rng = random.Random(7)
    lesson_ids = course.lesson_ids[:3]
    unassigned = course.lesson_ids[3]
    with app.app_context():
        classroom = make_classroom(make_teacher(), lessons=[*lesson_ids, "retired-lesson"])
        for i in range(30):
            nickname = ("=SUM(A1)", "+1 Ana", "@Bo", "-Cy")[i] if i < 4 else f"Student {i:02d}"
            student = make_student(classroom, nickname)
            learner = db.session.get(Learner, student.learner_id)
            if i % 7 == 6:
                continue  # no work at all
            for lesson_id in [*lesson_ids, unassigned]:
                quiz = course.quizzes[lesson_id]
                for _ in range(rng.choice((0, 1, 1, 2, 3))):
                    answers = {
                        q.id: set(q.answer) if rng.random() < 0.7 else {next(o for o in q.options if o not in q.answer)}
                        for q in quiz.questions
                    }
                    record_attempt(learner, quiz, "en", answers)
                if rng.random() < 0.2:
                    record_lesson_opened(learner, lesson_id, "en")
            if i % 5 == 0:  # an attempt from before joining: not the teacher's to see
                old = record_attempt(learner, course.quizzes[lesson_ids[0]], "en", {})
                old.created_at = student.joined_at - timedelta(days=1)
            if i % 4 == 0:
                db.session.add(
                    QuizAttempt(
                        learner_id=learner.id,
                        lesson_id="retired-lesson",
                        lang="en",
                        score=1.5,
                        max_score=2,
                        correct_count=1,
                        passed=False,
                        created_at=utcnow(),
                    )
                )
                db.session.add(LessonProgress(learner_id=learner.id, lesson_id="retired-lesson", lang="en"))
        db.session.commit()
        return classroom.id


def visible_attempts(classroom_id: int) -> dict[str, list[QuizAttempt]]:
    """The slow way: every attempt as an ORM object, filtered in Python by the rule the teacher's pages follow."""
    assigned = set(db.session.scalars(select(Assignment.lesson_id).where(Assignment.classroom_id == classroom_id)))
    students = db.session.scalars(select(Student).where(Student.classroom_id == classroom_id)).all()
    joined = {s.learner_id: s.joined_at for s in students}
    attempts = db.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.learner_id.in_(joined))
        .order_by(QuizAttempt.id)
        .options(selectinload(QuizAttempt.answers))
    )
    result: dict[str, list[QuizAttempt]] = {s.nickname: [] for s in students}
    nickname = {s.learner_id: s.nickname for s in students}
    for attempt in attempts:
        if attempt.lesson_id in assigned and attempt.created_at >= joined[attempt.learner_id]:
            result[nickname[attempt.learner_id]].append(attempt)
    return result


def test_the_csv_streams_with_its_bom_and_defused_cells(app, client, busy_class):
    sign_in(client)
    response = client.get(f"/en/teacher/classes/{busy_class}/export.csv")
    assert response.status_code == 200 and response.is_streamed and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 31 and all(len(row) == 1 + 2 * 4 for row in rows)
    assert rows[0][-2:] == ["retired-lesson: Status", "retired-lesson: Quiz: questions right"]
    nicknames = [row[0] for row in rows[1:]]
    assert {"'=SUM(A1)", "'+1 Ana", "'@Bo", "'-Cy"} <= set(nicknames)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    retired = {row[0]: (row[-2], row[-1]) for row in rows[1:]}
    # Student 0 has an attempt on the retired lesson: in words as on the dashboard, never "1/2" (a date to Excel).
    assert retired["'=SUM(A1)"] == ("Completed", "1 of 2 right")
    assert retired["Student 06"] == ("Not started", "")


def test_the_csv_comes_in_chunks_for_a_big_class(app, client, busy_class, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 200)
    sign_in(client)
    response = client.get(f"/ko/teacher/classes/{busy_class}/export.csv")
    chunks = list(response.response)
    assert len(chunks) > 3 and chunks[0].startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))[0][0] == "별명"


def test_the_json_streams_every_visible_attempt_and_answer(app, client, course, busy_class, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 500)  # many chunks: the joins between them must hold
    monkeypatch.setattr(export, "BATCH", 7)  # rows fetched a few at a time, attempts split across batches
    sign_in(client)
    response = client.get(f"/en/teacher/classes/{busy_class}/export.json")
    assert response.status_code == 200 and response.is_streamed and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="unshared-class-{busy_class}.json"'
    chunks = list(response.response)
    assert len(chunks) > 3
    raw = b"".join(chunks)
    data = json.loads(raw)
    # Flask's compact JSON, byte for byte: sorted keys, no spaces, a new line at the end.
    assert raw.decode() == json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
    assert [a["lesson_id"] for a in data["assignments"]] == [*course.lesson_ids[:3], "retired-lesson"]
    with app.app_context():
        expected = visible_attempts(busy_class)
        students = db.session.scalars(
            select(Student).where(Student.classroom_id == busy_class).order_by(Student.nickname, Student.id)
        ).all()
        assert [s["nickname"] for s in data["students"]] == [s.nickname for s in students]
        for exported in data["students"]:
            attempts = expected[exported["nickname"]]
            assert [
                (a["lesson_id"], a["correct_count"], a["score"], a["max_score"], a["passed"], a["submitted_at"])
                for a in exported["quiz_attempts"]
            ] == [
                (a.lesson_id, a.correct_count, a.score, a.max_score, a.passed, a.created_at.isoformat())
                for a in attempts
            ]
            for got, attempt in zip(exported["quiz_attempts"], attempts, strict=True):
                assert got["answers"] == [
                    {
                        "question_id": ans.question_id,
                        "selected": sorted(ans.selected_ids),
                        "correct": ans.is_correct,
                        "credit": ans.credit,
                    }
                    for ans in attempt.answers
                ]
    assert sum(len(s["quiz_attempts"]) for s in data["students"]) == sum(len(a) for a in expected.values())
    assert any(
        a["lesson_id"] == "retired-lesson" and a["answers"] == [] for s in data["students"] for a in s["quiz_attempts"]
    )
    assert any(s["quiz_attempts"] == [] for s in data["students"])


def test_an_export_that_is_never_read_runs_no_query(app, client, busy_class, count_queries):
    sign_in(client)
    with count_queries() as read:
        client.get(f"/en/teacher/classes/{busy_class}/export.json").get_data()
    with count_queries() as unread:
        response = client.get(f"/en/teacher/classes/{busy_class}/export.json")
        response.close()
    assert unread.count == read.count - 1  # the attempts' query runs only while the body is sent
    assert client.get(f"/en/teacher/classes/{busy_class}/dashboard").status_code == 200


def test_the_dashboard_agrees_with_the_slow_count(app, course, busy_class):
    """Completion, averages, the heatmap and the misses per question, against ORM objects counted in Python."""
    with app.test_request_context("/en/"):
        from app.models import Classroom

        classroom = db.session.get(Classroom, busy_class)
        report = class_report(classroom, course)
        attempts = visible_attempts(busy_class)
        by_nickname = {s.nickname: s for s in report.students}
        latest = {
            (by_nickname[nickname].id, a.lesson_id): a for nickname, tries in attempts.items() for a in tries
        }  # ordered by id: the last one wins
        for (student_id, lesson_id), attempt in latest.items():
            cell = report.grid[(student_id, lesson_id)]
            assert (cell.correct, cell.max_score, cell.passed) == (
                attempt.correct_count,
                attempt.max_score,
                attempt.passed,
            )
        for lesson_id, summary in report.lessons.items():
            # The average share of questions right: partial credit never counts.
            scores = [a.correct_count / a.max_score for (_s, lid), a in latest.items() if lid == lesson_id]
            completed = [k for k, status in report.grid.items() if k[1] == lesson_id and status.state == "completed"]
            assert summary.completed == len(completed) >= len(scores)
            if scores:
                assert summary.average == pytest.approx(sum(scores) / len(scores))
            else:
                assert summary.average is None
        counts: dict[tuple[str, str], list[int]] = {}
        for (_s, lesson_id), attempt in latest.items():
            for answer in attempt.answers:
                counts.setdefault((lesson_id, answer.question_id), [0, 0])
                counts[(lesson_id, answer.question_id)][0] += 1
                counts[(lesson_id, answer.question_id)][1] += answer.is_correct
        assert {(r.lesson_id, r.question_id): [r.answered, r.correct] for r in report.questions} == counts
        rates = [r.missed_rate for r in report.questions]
        assert rates == sorted(rates, reverse=True)
        assert "retired-lesson" in report.lessons and report.lessons["retired-lesson"].completed > 0
