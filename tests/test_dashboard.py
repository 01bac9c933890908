"""The class dashboard, student pages, exports, and a constant number of SQL statements."""

import csv
import io
import json

import pytest

from app.extensions import db
from app.learners import record_attempt, record_lesson_opened
from app.models import Learner
from tests.factories import make_classroom, make_student, make_teacher, sign_in


def fill_class(app, course, students: int, lessons: int = 3):
    """A class where student i has done the first i % (lessons + 1) lessons, answering question 0 wrong."""
    with app.app_context():
        teacher = make_teacher()
        lesson_ids = course.lesson_ids[:lessons]
        classroom = make_classroom(teacher, lessons=lesson_ids)
        for i in range(students):
            student = make_student(classroom, f"Student {i:02d}")
            learner = db.session.get(Learner, student.learner_id)
            done = i % (lessons + 1)
            for lesson_id in lesson_ids[:done]:
                quiz = course.quizzes[lesson_id]
                answers = {q.id: set(q.answer) for q in quiz.questions}
                first = quiz.questions[0]
                answers[first.id] = {next(o for o in first.options if o not in first.answer)}
                record_attempt(learner, quiz, "en", answers)
            if done < lessons:
                record_lesson_opened(learner, lesson_ids[done], "en")
        db.session.commit()
        return classroom.id


def test_dashboard_grid_summaries_and_most_missed_questions(app, client, course):
    class_id = fill_class(app, course, students=4)
    sign_in(client)
    html = client.get(f"/en/teacher/classes/{class_id}/dashboard").get_data(as_text=True)
    # Student 00 has only opened lesson 1; student 03 finished all three.
    assert "In progress" in html and "Not started" in html
    quiz = course.quizzes[course.lesson_ids[0]]
    n = len(quiz.questions)
    assert f"✓ {n - 1} of {n} right" in html  # colour plus text, never colour alone
    assert "3/4 (75%)" in html  # lesson 1 completed by 3 of 4
    most_missed = quiz.words["en"][quiz.questions[0].id].prompt
    table = html[html.index("Questions, most missed first") :]
    assert table.index(str(most_missed)[:30].replace("'", "&#39;")) < table.index("</tr>", table.index("<tbody>"))
    assert "100%" in table


def test_student_page_shows_answers(app, client, course):
    class_id = fill_class(app, course, students=4)
    sign_in(client)
    with app.app_context():
        from sqlalchemy import select

        from app.models import Student

        student = db.session.scalar(select(Student).where(Student.nickname == "Student 03"))
    html = client.get(f"/en/teacher/classes/{class_id}/students/{student.id}").get_data(as_text=True)
    assert "Student 03" in html and "✗" in html and "✓" in html


def test_csv_export_has_a_bom_and_the_grid(app, client, course):
    class_id = fill_class(app, course, students=4)
    sign_in(client)
    response = client.get(f"/ko/teacher/classes/{class_id}/export.csv")
    assert response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "별명"
    assert course.lesson("ko", course.lesson_ids[0]).title in rows[0][1]
    assert len(rows) == 5
    student3 = next(r for r in rows if r[0] == "Student 03")
    n = len(course.quizzes[course.lesson_ids[0]].questions)
    assert student3[1] == "완료" and student3[2] == f"{n}문제 중 {n - 1}문제 정답"


def test_json_export_holds_the_class_data(app, client, course):
    class_id = fill_class(app, course, students=4)
    sign_in(client)
    data = json.loads(client.get(f"/en/teacher/classes/{class_id}/export.json").get_data())
    assert data["class"]["name"] == "9B"
    assert data["class"]["age_band"] == "15-18"
    assert [s["nickname"] for s in data["students"]] == [f"Student {i:02d}" for i in range(4)]
    last = data["students"][3]
    assert len(last["quiz_attempts"]) == 3 and last["quiz_attempts"][0]["answers"]


def test_the_dashboard_prints_with_its_own_stylesheet_not_a_print_view(app, client, course):
    """The print stylesheet applies to the dashboard itself (tests/test_teacher_pages.py); the old ?print=1 view
    is gone, and the address still answers, as the same page."""
    class_id = fill_class(app, course, students=2)
    sign_in(client)
    html = client.get(f"/en/teacher/classes/{class_id}/dashboard?print=1").get_data(as_text=True)
    assert "print-view" not in html and "print=1" not in html
    assert 'class="print-header"' in html and "data-print hidden" in html


@pytest.mark.parametrize(
    "url",
    [
        "/en/teacher/classes/{id}/dashboard",
        "/en/teacher/classes/{id}/export.csv",
        "/en/teacher/classes/{id}/export.json",
    ],
)
def test_statement_count_does_not_grow_with_the_class(app, course, count_queries, url):
    counts = {}
    for size, lessons in ((5, 2), (60, 4)):
        class_id = fill_class(app, course, students=size, lessons=lessons)
        client = app.test_client()
        sign_in(client)
        with count_queries() as counter:
            response = client.get(url.format(id=class_id))
            response.get_data()  # a streamed export runs its queries while it is read
        assert response.status_code == 200
        counts[size] = counter.count
        with app.app_context():  # next size starts from an empty database
            from app.models import Base

            for table in reversed(Base.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
    assert counts[60] == counts[5], counts
