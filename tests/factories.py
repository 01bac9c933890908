"""Factory helpers that build rows through the models, for tests that need data quickly."""

from app.classroom.recovery import set_recovery_code
from app.extensions import db
from app.models import Assignment, Classroom, Learner, Student, Teacher
from app.models.base import utcnow

PASSWORD = "correct horse battery"


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
    set_recovery_code(student, recovery)
    db.session.add(student)
    db.session.commit()
    return student


def sign_in(client, email="teacher@example.org", password=PASSWORD, lang="en"):
    from tests.conftest import post_form

    return post_form(client, f"/{lang}/teacher/sign-in", {"email": email, "password": password})
