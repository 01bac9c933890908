"""Students join with a code and a nickname, keep their self-study progress, and can sign back in."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.learn.forms import field_name
from app.models import Classroom, LessonProgress, QuizAttempt, Student
from tests.factories import make_classroom, make_teacher
from tests.helpers import csrf_token, post_form


def a_class(app, lessons=(), code="ACDE3467", **kwargs):
    with app.app_context():
        classroom = make_classroom(make_teacher(), lessons=lessons, code=code, **kwargs)
        return classroom.id


def join(client, code, nickname, lang="en"):
    return post_form(client, f"/{lang}/join", {"code": code, "nickname": nickname})


def test_join_form_says_not_to_use_a_real_name_and_needs_no_javascript(client):
    html = client.get("/en/join?code=ACDE3467").get_data(as_text=True)
    assert "real name" in html
    assert '<form method="post"' in html and 'value="ACDE3467"' in html
    assert "email" not in html.split("<main")[1].split("</form>")[0].lower()


def test_join_is_case_insensitive_and_shows_a_recovery_code(app, client):
    class_id = a_class(app)
    response = join(client, "acde-3467", "Blue Fox")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    code = re.search(r'class="recovery-code" lang="en">([a-z ]+)<', html).group(1)
    assert len(code.split()) == 3
    with app.app_context():
        student = db.session.scalar(select(Student))
        assert student.nickname == "Blue Fox" and student.classroom_id == class_id
        assert code not in student.recovery_hash
    home = client.get("/en/class/").get_data(as_text=True)
    assert "Blue Fox" in home
    assert ">My class</a>" in home and ">Join a class</a>" not in home


def test_duplicate_nickname_gets_a_clear_error(app, client):
    a_class(app)
    join(client, "ACDE3467", "Comet")
    other = app.test_client()
    response = join(other, "ACDE3467", "Comet", lang="fr")
    assert response.status_code == 400
    assert "déjà" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Student.id))) == 1


def test_wrong_closed_or_archived_codes_are_refused(app, client):
    class_id = a_class(app)
    assert "couldn" in join(client, "ZZZZZZZZ", "Nova").get_data(as_text=True)
    with app.app_context():
        db.session.get(Classroom, class_id).joining_open = False
        db.session.commit()
    assert join(client, "ACDE3467", "Nova").status_code == 400
    with app.app_context():
        classroom = db.session.get(Classroom, class_id)
        classroom.joining_open = True
        from app.models.base import utcnow

        classroom.archived_at = utcnow()
        db.session.commit()
    assert join(client, "ACDE3467", "Nova").status_code == 400


def test_self_study_progress_is_carried_into_the_class(app, client, course):
    a_class(app, lessons=[course.lesson_ids[0]])
    quiz = course.quizzes[course.lesson_ids[0]]
    url = f"/en/lessons/{course.lesson_ids[0]}/quiz"
    data = {field_name(q.id): sorted(q.answer) for q in quiz.questions}
    client.post(url, data={"csrf_token": csrf_token(client, url), **data})
    join(client, "ACDE3467", "Maple")
    with app.app_context():
        student = db.session.scalar(select(Student))
        attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.learner_id == student.learner_id)).all()
        assert len(attempts) == 1
    home = client.get("/en/class/").get_data(as_text=True)
    assert "Completed" in home


def test_assigned_lessons_come_first_with_due_dates(app, client, course):
    a_class(app, lessons=[course.lesson_ids[3]])
    with app.app_context():
        from datetime import date

        from app.models import Assignment

        db.session.scalar(select(Assignment)).due_date = date(2026, 12, 24)
        db.session.commit()
    join(client, "ACDE3467", "Kiwi")
    html = client.get("/en/lessons/").get_data(as_text=True)
    assigned = html.index("Assigned by your teacher")
    assert assigned < html.index("The whole course")
    assert course.lesson("en", course.lesson_ids[3]).title in html[assigned : html.index("The whole course")]
    assert "December 24, 2026" in html


def test_sign_back_in_on_another_device_with_the_recovery_code(app, client):
    a_class(app)
    html = join(client, "ACDE3467", "Otter").get_data(as_text=True)
    code = re.search(r'class="recovery-code" lang="en">([a-z ]+)<', html).group(1)
    phone = app.test_client()
    bad = post_form(
        phone, "/en/class/sign-back-in", {"code": "ACDE3467", "nickname": "Otter", "recovery_code": "wrong words here"}
    )
    assert bad.status_code == 400
    good = post_form(
        phone, "/en/class/sign-back-in", {"code": "acde3467", "nickname": "Otter", "recovery_code": code.upper()}
    )
    assert good.status_code == 302
    assert "Otter" in phone.get("/en/class/").get_data(as_text=True)


def test_a_student_sees_only_their_own_results(app, client, course):
    a_class(app, lessons=[course.lesson_ids[0]])
    join(client, "ACDE3467", "Echo")
    quiz = course.quizzes[course.lesson_ids[0]]
    url = f"/en/lessons/{course.lesson_ids[0]}/quiz"
    data = {field_name(q.id): sorted(q.answer) for q in quiz.questions}
    location = client.post(url, data={"csrf_token": csrf_token(client, url), **data}).headers["Location"]
    classmate = app.test_client()
    join(classmate, "ACDE3467", "Falcon")
    assert classmate.get(location).status_code == 404
    assert "teacher/classes" not in classmate.get("/en/class/").get_data(as_text=True)
    assert classmate.get("/en/teacher/classes").status_code == 302  # students are not teachers
    with app.app_context():
        assert db.session.scalar(select(func.count(LessonProgress.id))) >= 1
