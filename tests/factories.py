"""Factory helpers that build rows through the models, for tests that need data quickly. Call them inside an
app context; the `teacher`, `classroom` and `teacher_client` fixtures in conftest.py do that for you."""

from werkzeug.security import generate_password_hash

from app.classroom.recovery import normalise_recovery_code
from app.extensions import db
from app.models import Assignment, Classroom, Learner, Student, Teacher
from app.models.base import utcnow
from tests.helpers import CSRF_RE, TEST_PASSWORD_HASH_METHOD, post_form

PASSWORD = "correct horse battery"
JOIN_CODE = "ACDE3467"
# The app's check_recovery_code reads the method from the hash, so make_student hashes cheaply too.


def make_teacher(email="teacher@example.org", name="Ms Kim", lang="en") -> Teacher:
    teacher = Teacher(email=email, name=name, lang=lang, confirmed_at=utcnow())
    teacher.set_password(PASSWORD)
    db.session.add(teacher)
    db.session.commit()
    return teacher


def make_classroom(teacher: Teacher, name="9B", lang="en", lessons=(), code=None) -> Classroom:
    classroom = Classroom(teacher_id=teacher.id, name=name, lang=lang)
    if code:
        classroom.join_code = code
    db.session.add(classroom)
    db.session.flush()
    for i, lesson_id in enumerate(lessons):
        db.session.add(Assignment(classroom_id=classroom.id, lesson_id=lesson_id, position=i + 1))
    db.session.commit()
    return classroom


def make_student(classroom: Classroom, nickname: str, recovery="river apple moon") -> Student:
    learner = Learner()
    db.session.add(learner)
    db.session.flush()
    student = Student(classroom_id=classroom.id, learner_id=learner.id, nickname=nickname)
    student.recovery_hash = generate_password_hash(normalise_recovery_code(recovery), method=TEST_PASSWORD_HASH_METHOD)
    db.session.add(student)
    db.session.commit()
    return student


def sign_in(client, email="teacher@example.org", password=PASSWORD, lang="en"):
    return post_form(client, f"/{lang}/teacher/sign-in", {"email": email, "password": password})


def sign_in_browser(context, base: str, email="teacher@example.org", password=PASSWORD, lang="en") -> None:
    """Sign a Playwright browser context in with the sign-in form's own GET and POST, sent by the context's request
    API (its cookies are the context's), without rendering the page: a test about another page starts there
    signed in. test_live_browser.py signs in by filling in the form."""
    url = f"{base}/{lang}/teacher/sign-in"
    token = CSRF_RE.search(context.request.get(url).text()).group(1)
    response = context.request.post(
        url, form={"csrf_token": token, "email": email, "password": password}, max_redirects=0
    )
    assert response.status == 302 and response.headers["location"].endswith("/teacher/classes"), response.status
