"""Privacy: every teacher URL for another teacher's class is a 404, and deletion leaves no row behind."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from werkzeug.routing.converters import AnyConverter

from app.extensions import db
from app.learners import record_attempt
from app.models import Answer, Assignment, Classroom, Learner, LessonProgress, LiveSession, QuizAttempt, Student
from tests.factories import make_classroom, make_student, make_teacher, sign_in
from tests.helpers import csrf_token


@pytest.fixture
def two_teachers(app, course):
    """Teacher A (signed in by the tests) and teacher B, who owns a class with a student and an assignment."""
    with app.app_context():
        make_teacher(email="a@example.org")
        owner = make_teacher(email="b@example.org")
        classroom = make_classroom(owner, lessons=[course.lesson_ids[0]])
        student = make_student(classroom, "Hidden")
        now = datetime.now(UTC)
        live = LiveSession(classroom_id=classroom.id, lesson_id=course.lesson_ids[0], lang="en", ended_at=now)
        db.session.add(live)
        db.session.commit()
        return {
            "class_id": classroom.id,
            "student_id": student.id,
            "assignment_id": db.session.scalar(select(Assignment.id)),
            "session_id": live.id,
        }


def teacher_class_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("teach.", "live.")) and "class_id" in rule.arguments:
            yield rule


def urls_for(rule, ids):
    actions = [None]
    converter = rule._converters.get("action")
    if isinstance(converter, AnyConverter):
        actions = sorted(converter.items)
    for action in actions:
        values = {"lang": "en", **{k: v for k, v in ids.items() if k in rule.arguments}}
        if action:
            values["action"] = action
        yield rule.build(values, append_unknown=False)[1]


def test_every_teacher_route_is_404_for_another_teachers_class(app, client, two_teachers):
    sign_in(client, email="a@example.org")
    token = csrf_token(client, "/en/teacher/classes")
    checked = 0
    for rule in teacher_class_rules(app):
        for url in urls_for(rule, two_teachers):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(
                    url,
                    method=method,
                    data={"csrf_token": token, "name": "x", "lesson_id": "consent-and-images", "age_band": "12-14"},
                )
                assert response.status_code == 404, (method, url, response.status_code)
                checked += 1
    assert checked >= 26
    with app.app_context():  # nothing changed
        classroom = db.session.get(Classroom, two_teachers["class_id"])
        assert classroom.name == "9B" and classroom.archived_at is None and classroom.age_band == "15-18"
        assert db.session.scalar(select(func.count(Student.id))) == 1
        assert db.session.scalar(select(func.count(LiveSession.id))) == 1


def test_the_owner_can_open_every_class_page(app, client, two_teachers):
    sign_in(client, email="b@example.org")
    for rule in teacher_class_rules(app):
        if "GET" in rule.methods:
            for url in urls_for(rule, two_teachers):
                assert client.get(url).status_code == 200, url


def polled(app, rule) -> bool:
    """A JSON endpoint that a page's script polls: a 404, never the sign-in page, for a visitor not signed in."""
    return getattr(app.view_functions[rule.endpoint], "polled", False)


def test_signed_out_visitors_are_sent_to_sign_in(app, client, two_teachers):
    for rule in teacher_class_rules(app):
        if "GET" in rule.methods:
            for url in urls_for(rule, two_teachers):
                response = client.get(url)
                if polled(app, rule):
                    assert response.status_code == 404, url
                else:
                    assert response.status_code == 302 and "/teacher/sign-in" in response.headers["Location"], url


def test_the_polled_endpoints_are_known_and_read_only(app):
    """Each polled endpoint is a GET that anyone but the class's teacher finds missing (the tests above walk them
    with every method, signed out and as another teacher)."""
    rules = [rule for rule in teacher_class_rules(app) if polled(app, rule)]
    assert {rule.endpoint for rule in rules} == {"teach.joined"}
    assert all(rule.methods == {"GET", "HEAD", "OPTIONS"} for rule in rules)


ACCOUNT_PAGES = {
    "teach.sign_up",
    "teach.confirm_email",
    "teach.sign_in",
    "teach.sign_out",
    "teach.reset_request",
    "teach.reset_password",
}


def test_every_teacher_page_but_the_account_pages_needs_a_sign_in(app, client, two_teachers):
    """The blueprint requires a signed-in teacher; only the account pages are marked public."""
    token = csrf_token(client, "/en/teacher/sign-in")
    public, checked = set(), 0
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not (rule.endpoint.startswith("teach.") or getattr(view, "for_teacher", False)):
            continue
        if getattr(view, "public", False):
            public.add(rule.endpoint)
            continue
        for url in urls_for(rule, two_teachers):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, data={"csrf_token": token})
                if polled(app, rule):
                    assert response.status_code == 404, (method, url, response.status_code)
                else:
                    assert response.status_code == 302, (method, url, response.status_code)
                    assert "/teacher/sign-in" in response.headers["Location"], (method, url)
                checked += 1
    assert public == ACCOUNT_PAGES
    assert checked >= 29


def test_deleting_a_class_leaves_no_row_behind(app, client, course):
    with app.app_context():
        teacher = make_teacher()
        classroom = make_classroom(teacher, lessons=course.lesson_ids[:2])
        keep = make_classroom(teacher, name="Other class")
        for name in ("One", "Two"):
            student = make_student(classroom, name)
            quiz = course.quizzes[course.lesson_ids[0]]
            record_attempt(
                db.session.get(Learner, student.learner_id), quiz, "en", {q.id: set(q.answer) for q in quiz.questions}
            )
        kept = make_student(keep, "Stays")
        db.session.commit()
        class_id, kept_learner = classroom.id, kept.learner_id
    sign_in(client)
    page = f"/en/teacher/classes/{class_id}/delete"
    response = client.post(page, data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Classroom, class_id) is None
        assert db.session.scalar(select(func.count(Student.id))) == 1
        assert db.session.scalar(select(func.count(Learner.id))) == 1
        assert db.session.scalar(select(Learner.id)) == kept_learner
        for model in (Assignment, QuizAttempt, Answer, LessonProgress):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model


def test_purge_removes_only_old_archived_classes(app, runner):
    with app.app_context():
        teacher = make_teacher()
        old = make_classroom(teacher, name="Old")
        recent = make_classroom(teacher, name="Recent")
        active = make_classroom(teacher, name="Active")
        make_student(old, "Gone")
        old.archived_at = datetime(2025, 1, 1, tzinfo=UTC)
        recent.archived_at = datetime(2026, 6, 1, tzinfo=UTC)
        db.session.commit()
        ids = (old.id, recent.id, active.id)
    result = runner.invoke(args=["classes", "purge", "--archived-before", "2026-01-01"])
    assert result.exit_code == 0 and "Deleted 1" in result.output
    with app.app_context():
        assert db.session.get(Classroom, ids[0]) is None
        assert db.session.get(Classroom, ids[1]) and db.session.get(Classroom, ids[2])
        assert db.session.scalar(select(func.count(Learner.id))) == 0
    bad = runner.invoke(args=["classes", "purge", "--archived-before", "yesterday"])
    assert bad.exit_code != 0


def test_demo_command_creates_a_living_class(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0 and "demo.teacher@example.org" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Student.id))) == 25
        assert db.session.scalar(select(func.count(QuizAttempt.id))) > 10
        assert db.session.scalar(select(func.count(LessonProgress.id)).where(LessonProgress.completed_at.is_(None))) > 0
    again = runner.invoke(args=["demo"])
    assert "already exists" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Student.id))) == 25
