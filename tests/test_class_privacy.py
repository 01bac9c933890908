"""What a teacher sees of a student: only work done after joining, on the class's lessons; exports that no
spreadsheet runs and no cache keeps; lessons retired from the course break nothing."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.learn.forms import field_name
from app.models import Assignment, LessonProgress, QuizAttempt, Student
from tests.factories import make_classroom, make_teacher, sign_in
from tests.helpers import csrf_token, post_form


def answer_quiz(client, course, lesson_id):
    quiz = course.quizzes[lesson_id]
    url = f"/en/lessons/{lesson_id}/quiz"
    data = {field_name(q.id): sorted(q.answer) for q in quiz.questions}
    assert client.post(url, data={"csrf_token": csrf_token(client, url), **data}).status_code == 303


@pytest.fixture
def studied(app, course):
    """A student who did lessons 1 and 2 on their own, joined a class that has lessons 1 and 3, then did
    lessons 1, 2 and 3 again."""
    one, two, three = course.lesson_ids[:3]
    with app.app_context():
        teacher = make_teacher()
        class_id = make_classroom(teacher, lessons=[one, three], code="ACDE3467").id
    student = app.test_client()
    answer_quiz(student, course, one)
    answer_quiz(student, course, two)
    with app.app_context():  # self-study happened a day before joining
        for attempt in db.session.scalars(select(QuizAttempt)):
            attempt.created_at -= timedelta(days=1)
        for progress in db.session.scalars(select(LessonProgress)):
            progress.started_at -= timedelta(days=1)
            progress.completed_at -= timedelta(days=1)
        db.session.commit()
    assert post_form(student, "/en/join", {"code": "ACDE3467", "nickname": '=HYPERLINK("x")'}).status_code == 200
    with app.app_context():
        student_id = db.session.scalar(select(Student.id))
    return {"class_id": class_id, "student_id": student_id, "client": student, "lessons": (one, two, three)}


def test_the_teacher_sees_only_attempts_after_joining_on_assigned_lessons(app, client, course, studied):
    one, two, three = studied["lessons"]
    teacher_urls = [f"/en/teacher/classes/{studied['class_id']}/{page}" for page in ("dashboard", "export.json")]
    teacher_urls.append(f"/en/teacher/classes/{studied['class_id']}/students/{studied['student_id']}")
    sign_in(client)
    dashboard = client.get(teacher_urls[0]).get_data(as_text=True)  # before any work in the class: nothing
    assert '<td class="cell cell-score' not in dashboard and '<td class="cell cell-do' not in dashboard
    assert "No quiz answers yet." in client.get(teacher_urls[2]).get_data(as_text=True)
    export = client.get(teacher_urls[1]).get_json()
    assert export["students"][0]["quiz_attempts"] == [] and export["students"][0]["progress"] == []

    answer_quiz(studied["client"], course, one)
    answer_quiz(studied["client"], course, two)  # not assigned: stays the student's own
    export = client.get(teacher_urls[1]).get_json()
    assert [a["lesson_id"] for a in export["students"][0]["quiz_attempts"]] == [one]
    page = client.get(teacher_urls[2]).get_data(as_text=True)
    assert "1 attempt" in page and "2 attempts" not in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/en/teacher/classes/{studied['class_id']}/export.csv")
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    assert rows[1][1] == "Completed" and rows[1][3] == "Not started"

    # the student still sees all of their own history
    home = studied["client"].get("/en/lessons/").get_data(as_text=True)
    assert home.count("Completed") >= 2
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(QuizAttempt)) == 4


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(app, client, studied):
    sign_in(client)
    text = client.get(f"/en/teacher/classes/{studied['class_id']}/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][0] == '\'=HYPERLINK("x")'
    from app.teach.export import spreadsheet_safe

    for risky in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(risky) == "'" + risky
    assert spreadsheet_safe("Blue Fox") == "Blue Fox"


def test_teacher_and_student_pages_and_exports_are_not_cached(app, client, studied):
    class_id = studied["class_id"]
    for url in ("/en/class/", "/en/lessons/", f"/en/lessons/{studied['lessons'][0]}"):
        assert studied["client"].get(url).headers.get("Cache-Control") == "no-store", url
    sign_in(client)
    for page in ("", "/dashboard", "/export.csv", "/export.json", f"/students/{studied['student_id']}"):
        url = f"/en/teacher/classes/{class_id}{page}"
        response = client.get(url)
        assert response.status_code == 200 and response.headers.get("Cache-Control") == "no-store", url
    static = client.get("/static/site.css")
    assert static.headers.get("Cache-Control") != "no-store"
    static.close()


def test_a_retired_lesson_breaks_no_view_or_export(app, client, course, studied):
    with app.app_context():
        db.session.add(Assignment(classroom_id=studied["class_id"], lesson_id="retired-lesson", position=9))
        learner_id = db.session.scalar(select(Student.learner_id))
        attempt = QuizAttempt(
            learner_id=learner_id,
            lesson_id="retired-lesson",
            lang="en",
            score=1,
            max_score=2,
            correct_count=1,
            passed=False,
        )
        db.session.add(attempt)
        db.session.add(LessonProgress(learner_id=learner_id, lesson_id="retired-lesson", lang="en"))
        db.session.commit()
    for url in ("/en/class/", "/en/lessons/", "/en/"):
        assert studied["client"].get(url).status_code == 200, url
    sign_in(client)
    class_id = studied["class_id"]
    for page in (
        "",
        "/dashboard",
        "/dashboard?print=1",
        "/export.csv",
        "/export.json",
        f"/students/{studied['student_id']}",
    ):
        response = client.get(f"/en/teacher/classes/{class_id}{page}")
        assert response.status_code == 200, page
    assert "retired-lesson" in client.get(f"/en/teacher/classes/{class_id}/export.csv").get_data(as_text=True)
