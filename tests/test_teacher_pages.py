"""The teacher's pages around a class: removing a student after a confirmation, the projector and its joined
count, the print stylesheet and Print button, and what an empty class or dashboard says to do next."""

import json
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.learners import record_attempt
from app.models import Answer, Learner, LessonProgress, QuizAttempt, Student, Teacher
from tests.factories import make_classroom, make_student, make_teacher, sign_in
from tests.helpers import csrf_token


@pytest.fixture
def studied(app, course):
    """The signed-in teacher's class with two lessons assigned and two students; Ana answered the first quiz."""
    with app.app_context():
        teacher = db.session.get(Teacher, make_teacher().id)
        classroom = make_classroom(teacher, name="9B", lessons=course.lesson_ids[:2])
        ana = make_student(classroom, "Ana")
        bo = make_student(classroom, "Bo")
        quiz = course.quizzes[course.lesson_ids[0]]
        learner = db.session.get(Learner, ana.learner_id)
        record_attempt(learner, quiz, "en", {q.id: set(q.answer) for q in quiz.questions})
        db.session.commit()
        return {"class_id": classroom.id, "ana": ana.id, "bo": bo.id, "ana_learner": ana.learner_id}


def counts(app) -> dict:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Student, Learner, LessonProgress, QuizAttempt, Answer)
        }


# --- removing a student ---------------------------------------------------------------------------


def test_the_remove_button_leads_to_a_confirmation_that_deletes_nothing(app, client, studied):
    sign_in(client)
    base = f"/en/teacher/classes/{studied['class_id']}/students/{studied['ana']}"
    student_page = client.get(base).get_data(as_text=True)
    # A link to the confirmation, not a form that deletes on one click.
    assert f'<a class="button button-danger" href="{base}/remove">Remove from class</a>' in student_page
    assert f'action="{base}/remove"' not in student_page
    before = counts(app)
    page = client.get(f"{base}/remove")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<h1>Remove Ana?</h1>" in html and "cannot be undone" in html
    assert '<form method="post" class="button-row">' in html and 'name="csrf_token"' in html
    assert f'href="{base}">Cancel</a>' in html  # cancelling goes back to the student, having changed nothing
    assert counts(app) == before


def test_removing_a_student_needs_the_confirmation_form(app, client, studied):
    sign_in(client)
    url = f"/en/teacher/classes/{studied['class_id']}/students/{studied['ana']}/remove"
    before = counts(app)
    assert client.post(url, data={}).status_code == 400  # no CSRF token: the translated CSRF page
    assert counts(app) == before
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/teacher/classes/{studied['class_id']}/dashboard"
    after = counts(app)
    assert after["Student"] == 1 and after["Learner"] == 1  # Bo stays
    assert after["QuizAttempt"] == after["Answer"] == after["LessonProgress"] == 0  # Ana's progress is gone
    with app.app_context():
        assert db.session.get(Learner, studied["ana_learner"]) is None
    assert "The student and their progress were removed." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert client.get(url).status_code == 404  # gone


@pytest.mark.parametrize(
    "lang, heading, button",
    [
        ("fr", "Retirer Ana de la classe\u202f?", "Retirer l'élève et supprimer sa progression"),
        ("ko", "‘Ana’ 학생을 반에서 내보내시겠습니까?", "학생과 진도 기록 삭제하기"),
    ],
)
def test_the_confirmation_is_translated(client, studied, lang, heading, button):
    sign_in(client)
    url = f"/{lang}/teacher/classes/{studied['class_id']}/students/{studied['ana']}/remove"
    html = unescape(client.get(url).get_data(as_text=True))
    assert f"<h1>{heading}</h1>" in html and button in html


# --- the projector --------------------------------------------------------------------------------


def test_the_projector_is_the_whole_screen_with_the_joined_count(client, studied):
    sign_in(client)
    class_id = studied["class_id"]
    html = client.get(f"/en/teacher/classes/{class_id}/projector").get_data(as_text=True)
    # No site header, footer or quick exit (nor its script: Shift three times must not leave the projector).
    for chrome in ("quick-exit-bar", "site-header", "site-footer", "quick-exit.js", "data-quick-exit"):
        assert chrome not in html, chrome
    assert f'<a href="/en/teacher/classes/{class_id}">Back to the class</a>' in html
    assert '<span id="joined-count"' in html and ">2 students have joined</span>" in html
    assert f'data-joined-url="/en/teacher/classes/{class_id}/joined.json"' in html
    assert re.search(r'<script src="/static/projector\.js\?v=\w+" defer></script>', html)
    # Without JavaScript, a link loads the page (and the count) again.
    assert f'<a href="/en/teacher/classes/{class_id}/projector" data-refresh>Refresh</a>' in html


def test_joined_json_counts_the_students_and_writes_nothing(app, client, studied, count_queries):
    sign_in(client)
    url = f"/ko/teacher/classes/{studied['class_id']}/joined.json"
    with app.app_context():
        make_student(db.session.get(Student, studied["ana"]).classroom, "Cy")
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert json.loads(response.get_data()) == {"count": 3, "text": "학생 3명 참여"}
    assert counter.count <= 4  # the teacher, the class, the count: no write
    token = csrf_token(client, f"/ko/teacher/classes/{studied['class_id']}")
    assert client.post(url, data={"csrf_token": token}).status_code == 405


def test_joined_json_is_missing_for_everyone_but_the_classs_teacher(app, studied):
    url = f"/en/teacher/classes/{studied['class_id']}/joined.json"
    assert app.test_client().get(url).status_code == 404  # signed out: not the sign-in page
    with app.app_context():
        make_teacher(email="other@example.org")
    other = app.test_client()
    sign_in(other, email="other@example.org")
    assert other.get(url).status_code == 404


def test_the_projector_of_a_closed_class_says_so_and_still_counts(app, client, studied):
    sign_in(client)
    page = f"/fr/teacher/classes/{studied['class_id']}"
    client.post(f"{page}/close-joining", data={"csrf_token": csrf_token(client, page)})
    html = client.get(f"{page}/projector").get_data(as_text=True)
    assert "Les inscriptions sont fermées" in html and "join-code" not in html
    assert "2 élèves ont rejoint la classe" in html


# --- print ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "header"), [("/dashboard", "9B · 15 à 18 ans · "), ("/students/{ana}", "9B · ")])
def test_printed_pages_have_a_header_and_a_print_button_shown_by_script(client, studied, page, header):
    sign_in(client)
    url = f"/fr/teacher/classes/{studied['class_id']}" + page.format(**studied)
    html = client.get(url).get_data(as_text=True)
    assert re.search(rf'<p class="print-header">{header}\d{{1,2}} \w+ 20\d\d</p>', html)
    # Hidden in the HTML: print.js shows it, so nobody without JavaScript gets a button that does nothing.
    assert '<button class="button button-secondary" type="button" data-print hidden>Imprimer</button>' in html
    assert re.search(r'<script src="/static/print\.js\?v=\w+" defer></script>', html)
    assert "print=1" not in html


def test_the_dashboard_prints_on_a_landscape_page(client, studied, app):
    sign_in(client)
    html = client.get(f"/en/teacher/classes/{studied['class_id']}/dashboard").get_data(as_text=True)
    assert re.search(r'<body class="wide landscape-print">', html)
    response = app.test_client().get("/static/site.css")
    css = response.get_data(as_text=True)
    response.close()
    assert "@page landscape { size: A4 landscape; }" in css
    assert "body.landscape-print { page: landscape; }" in css


# --- empty states ---------------------------------------------------------------------------------


@pytest.fixture
def empty_class(app):
    with app.app_context():
        return make_classroom(db.session.get(Teacher, make_teacher().id), name="Empty").id


def test_an_empty_class_says_what_to_do_next(client, empty_class):
    sign_in(client)
    html = client.get(f"/en/teacher/classes/{empty_class}").get_data(as_text=True)
    students = html[html.index('id="students-title"') :]
    assert "No students yet." in students
    assert f'href="/en/teacher/classes/{empty_class}/projector">Show on the projector</a>' in students
    assignments = html[html.index('id="assignments-title"') : html.index('id="students-title"')]
    assert "No lessons assigned yet." in assignments and "<ol" not in assignments


def test_an_empty_dashboard_says_what_to_do_next(app, client, course, empty_class):
    sign_in(client)
    url = f"/en/teacher/classes/{empty_class}/dashboard"
    html = client.get(url).get_data(as_text=True)
    assert "No lessons assigned yet." in html and "<table" not in html
    assert "data-print" not in html and "export.csv" not in html  # nothing to print or download yet
    assert f'href="/en/teacher/classes/{empty_class}#assignments">Assign lessons on the class page</a>' in html
    page = f"/en/teacher/classes/{empty_class}"
    client.post(
        f"{page}/assignments", data={"csrf_token": csrf_token(client, page), "lesson_ids": [course.lesson_ids[0]]}
    )
    html = client.get(url).get_data(as_text=True)
    assert "No students yet." in html and "<table" not in html
    assert f'href="/en/teacher/classes/{empty_class}">Share the class code from the class page</a>' in html


def test_a_student_page_without_assignments_says_so(app, client, empty_class):
    sign_in(client)
    with app.app_context():
        from app.models import Classroom

        student_id = make_student(db.session.get(Classroom, empty_class), "Dee").id
    html = client.get(f"/ko/teacher/classes/{empty_class}/students/{student_id}").get_data(as_text=True)
    assert "아직 배정한 단원이 없습니다." in html
