"""The start-and-end check: optional, anonymous, counted per class and never per student; a learner sees their own
change, a teacher the class's once 3 students answered before and after."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import ConfidenceResponse, ConfidenceTally
from tests.factories import JOIN_CODE, make_classroom, sign_in
from tests.helpers import csrf_token, post_form

LESSON = "sextortion"


def statements(course):
    return course.confidence[LESSON].statements


def rate(client, course, phase, rating):
    url = f"/en/lessons/{LESSON}/check/{phase}"
    data = {s.replace("-", "_"): str(rating) for s in statements(course)}
    return post_form(client, url, data)


def join(app, nickname):
    client = app.test_client()
    assert post_form(client, "/en/join", {"code": JOIN_CODE, "nickname": nickname}).status_code == 200
    return client


def test_every_lesson_has_a_check_in_every_language(course):
    assert set(course.confidence) == set(course.lesson_ids)
    for check in course.confidence.values():
        assert 2 <= len(check.statements) <= 3
        assert set(check.words) == {"ko", "fr", "en"}


def test_a_self_study_learner_sees_their_own_change(app, client, course):
    lesson = client.get(f"/en/lessons/{LESSON}").get_data(as_text=True)
    assert f"/en/lessons/{LESSON}/check/before" in lesson
    assert rate(client, course, "before", 2).status_code == 303
    assert rate(client, course, "after", 4).status_code == 303
    lesson = client.get(f"/en/lessons/{LESSON}").get_data(as_text=True)
    assert lesson.count("2 → 4") == len(statements(course))
    with app.app_context():  # self-study writes nothing: the ratings stay in the cookie
        assert db.session.scalar(select(func.count(ConfidenceTally.id))) == 0
        assert db.session.scalar(select(func.count(ConfidenceResponse.id))) == 0


def test_an_empty_or_forged_check_is_a_form_error_that_keeps_what_was_chosen(client, course):
    url = f"/en/lessons/{LESSON}/check/before"
    first = statements(course)[0].replace("-", "_")
    response = client.post(url, data={"csrf_token": csrf_token(client, url), first: "3"})
    assert response.status_code == 400 and b"field-error" in response.data
    assert re.search(
        rf'name="{first}"[^>]*value="3"[^>]*checked|checked[^>]*name="{first}"[^>]*value="3"',
        response.get_data(as_text=True),
    )
    response = client.post(url, data={"csrf_token": csrf_token(client, url), first: "9"})
    assert response.status_code == 400
    assert client.get(f"/en/lessons/{LESSON}/check/during").status_code == 404
    assert client.get("/en/lessons/nope/check/before").status_code == 404


def test_the_class_sees_averages_only_from_three_students_who_answered_both(app, course, teacher):
    with app.app_context():
        from app.models import Teacher

        class_id = make_classroom(db.session.get(Teacher, teacher), code=JOIN_CODE).id
    t = app.test_client()
    sign_in(t)
    students = [join(app, name) for name in ("Ana", "Ben", "Cho")]
    for n, student in enumerate(students):
        rate(student, course, "before", 2)
        rate(student, course, "before", 5)  # a second try counts once
        if n < 2:
            rate(student, course, "after", 4)
    page = t.get(f"/en/teacher/classes/{class_id}").get_data(as_text=True)
    assert "Nothing to show yet" in page
    rate(students[2], course, "after", 5)
    page = t.get(f"/en/teacher/classes/{class_id}").get_data(as_text=True)
    section = page[page.index('id="did-it-work"') : page.index('id="live-sessions"')]
    # before: 2 for all three; after: 4, 4 and 5, averaged over the statements → 4.3, a change of +2.3
    assert "2.0" in section and "4.3" in section and "+2.3" in section
    with app.app_context():
        n = len(statements(course))
        assert db.session.scalar(select(func.sum(ConfidenceTally.count))) == 6 * n
        assert db.session.scalar(select(func.count(ConfidenceResponse.id))) == 6
        columns = {c.name for c in ConfidenceResponse.__table__.columns}
        assert "rating" not in columns and "student_id" not in {c.name for c in ConfidenceTally.__table__.columns}
