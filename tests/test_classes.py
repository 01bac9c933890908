"""Classes: create, rename, archive, delete; join codes; the QR code; assignments."""

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assignment, Classroom
from app.models.classroom import JOIN_CODE_ALPHABET
from tests.factories import make_classroom, make_teacher, sign_in
from tests.helpers import csrf_token, post_form


def signed_in(app, client, **kwargs):
    with app.app_context():
        teacher = make_teacher(**kwargs)
        teacher_id = teacher.id
    sign_in(client)
    return teacher_id


def test_create_class_gives_a_readable_join_code(app, client):
    signed_in(app, client)
    response = post_form(client, "/en/teacher/classes", {"name": "Year 9 Blue", "lang": "ko"})
    assert response.status_code == 302
    with app.app_context():
        classroom = db.session.scalar(select(Classroom))
        assert classroom.name == "Year 9 Blue" and classroom.lang == "ko"
        assert len(classroom.join_code) == 8 and set(classroom.join_code) <= set(JOIN_CODE_ALPHABET)
        assert not set("0O1IL2Z5S8B") & set(classroom.join_code)
        code, class_id = classroom.join_code, classroom.id
    page = client.get(f"/en/teacher/classes/{class_id}").get_data(as_text=True)
    assert code[:4] in page and code[4:] in page
    assert f"/ko/join?code={code}" in page  # the join link uses the class's language
    projector = client.get(f"/ko/teacher/classes/{class_id}/projector").get_data(as_text=True)
    assert code[:4] in projector and f"/teacher/classes/{class_id}/qr.svg" in projector and "실명" in projector
    qr = client.get(f"/en/teacher/classes/{class_id}/qr.svg")
    svg = qr.get_data(as_text=True)
    assert qr.mimetype == "image/svg+xml" and 'xmlns="http://www.w3.org/2000/svg"' in svg and "<svg" in svg


def test_empty_class_name_is_refused_with_a_message(app, client):
    signed_in(app, client)
    response = post_form(client, "/fr/teacher/classes", {"name": "  ", "lang": "fr"})
    assert response.status_code == 400
    assert "Donnez un nom" in response.get_data(as_text=True)


def class_post(client, class_id, action, lang="en"):
    token = csrf_token(client, f"/{lang}/teacher/classes/{class_id}")
    return client.post(f"/{lang}/teacher/classes/{class_id}/{action}", data={"csrf_token": token})


def test_rename_archive_restore_rotate_and_close(app, client):
    teacher_id = signed_in(app, client)
    with app.app_context():
        from app.models import Teacher

        classroom = make_classroom(db.session.get(Teacher, teacher_id))
        class_id, old_code = classroom.id, classroom.join_code
    token = csrf_token(client, f"/en/teacher/classes/{class_id}")
    client.post(f"/en/teacher/classes/{class_id}/rename", data={"csrf_token": token, "name": "10A"})
    class_post(client, class_id, "rotate-code")
    class_post(client, class_id, "close-joining")
    class_post(client, class_id, "archive")
    with app.app_context():
        classroom = db.session.get(Classroom, class_id)
        assert classroom.name == "10A" and classroom.join_code != old_code
        assert not classroom.joining_open and classroom.archived_at is not None
    class_post(client, class_id, "unarchive")
    class_post(client, class_id, "open-joining")
    with app.app_context():
        classroom = db.session.get(Classroom, class_id)
        assert classroom.joining_open and classroom.archived_at is None


def assign(client, class_id, lessons, due_date="", lang="en", **kwargs):
    page = f"/{lang}/teacher/classes/{class_id}"
    data = {"csrf_token": csrf_token(client, page), "lesson_ids": list(lessons), "due_date": due_date}
    return client.post(f"{page}/assignments", data=data, **kwargs)


def assignments(app):
    with app.app_context():
        rows = db.session.scalars(select(Assignment).order_by(Assignment.position)).all()
        return [(a.lesson_id, a.position, str(a.due_date)) for a in rows]


@pytest.fixture
def own_class(app, client):
    teacher_id = signed_in(app, client)
    with app.app_context():
        from app.models import Teacher

        return make_classroom(db.session.get(Teacher, teacher_id)).id


def test_assign_several_lessons_at_once_in_course_order_with_one_due_date(app, client, course, own_class):
    ids = course.lesson_ids
    response = assign(client, own_class, [ids[3], ids[1]], "2099-12-01")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/teacher/classes/{own_class}#assignments"
    assert assignments(app) == [(ids[1], 1, "2099-12-01"), (ids[3], 2, "2099-12-01")]
    assign(client, own_class, [ids[0]])
    assert assignments(app)[-1] == (ids[0], 3, "None")  # after the others, whatever the course order
    html = client.get(f"/en/teacher/classes/{own_class}").get_data(as_text=True)
    assert re.search(r"1 December 2099|Dec 1, 2099", html)
    # The lessons already assigned are shown as such, ticked and greyed; the others can be ticked.
    for lesson_id in (ids[0], ids[1], ids[3]):
        assert re.search(rf'<input type="checkbox" id="lesson-{lesson_id}" checked disabled>', html), lesson_id
    assert f'name="lesson_ids" value="{ids[2]}"' in html and f'value="{ids[1]}"' not in html


def test_the_message_shows_inside_the_assigned_lessons_section(app, client, course, own_class):
    page = assign(client, own_class, course.lesson_ids[:2], follow_redirects=True).get_data(as_text=True)
    section = page[page.index('<section id="assignments"') : page.index("</section>", page.index('id="assignments"'))]
    assert '<p class="flash flash-success" role="status" id="assign-feedback">2 lessons assigned.</p>' in section
    assert page.count("2 lessons assigned.") == 1  # not also at the top of the page
    fr = assign(client, own_class, course.lesson_ids[2:3], lang="fr", follow_redirects=True).get_data(as_text=True)
    assert "1 leçon attribuée." in fr


def test_a_double_submit_assigns_each_lesson_once(app, client, course, own_class):
    ids = course.lesson_ids
    token_page = f"/en/teacher/classes/{own_class}"
    data = {"csrf_token": csrf_token(client, token_page), "lesson_ids": [ids[0], ids[1]], "due_date": ""}
    first = client.post(f"{token_page}/assignments", data=data)
    second = client.post(f"{token_page}/assignments", data=data, follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "These lessons were already assigned." in second.get_data(as_text=True)
    assert assignments(app) == [(ids[0], 1, "None"), (ids[1], 2, "None")]
    assign(client, own_class, [ids[1], ids[2]])  # one new, one already there
    assert assignments(app) == [(ids[0], 1, "None"), (ids[1], 2, "None"), (ids[2], 3, "None")]


@pytest.mark.parametrize(
    "lang, no_lesson, bad_date, past_date",
    [
        ("en", "Choose at least one lesson to assign.", "Please enter a date such as", "This date has passed."),
        ("fr", "Choisissez au moins une leçon à attribuer.", "Saisissez une date comme", "Cette date est passée."),
        ("ko", "배정할 단원을 하나 이상 고르십시오.", "2026-12-01처럼", "이미 지난 날짜입니다."),
    ],
)
def test_assign_errors_are_translated_and_keep_what_was_typed(
    app, client, course, own_class, lang, no_lesson, bad_date, past_date
):
    ids = course.lesson_ids
    response = assign(client, own_class, [], "2099-12-01", lang=lang)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and no_lesson in html
    assert 'value="2099-12-01"' in html  # the date typed is still there
    assert 'aria-describedby="lesson_ids-error"' in html and 'href="#lesson_ids"' in html  # summary links to it

    response = assign(client, own_class, [ids[1], ids[2]], "31/31/2026", lang=lang)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and bad_date in html
    assert 'value="31/31/2026"' in html
    for lesson_id in (ids[1], ids[2]):  # the lessons ticked stay ticked
        assert f'value="{lesson_id}" id="lesson-{lesson_id}" checked>' in html
    assert f'value="{ids[0]}" id="lesson-{ids[0]}">' in html

    response = assign(client, own_class, [ids[0]], "2020-01-01", lang=lang)
    assert response.status_code == 400 and past_date in response.get_data(as_text=True)
    # A tampered lesson id is an error too, not a 500.
    assert assign(client, own_class, ["no-such-lesson"], lang=lang).status_code == 400
    assert assignments(app) == []


def test_the_assign_form_posts_to_the_section_so_errors_show_where_the_teacher_is(client, own_class):
    html = client.get(f"/en/teacher/classes/{own_class}").get_data(as_text=True)
    assert f'action="/en/teacher/classes/{own_class}/assignments#assignments"' in html


def test_assigned_lessons_move_and_unassign(app, client, course, own_class):
    ids = course.lesson_ids
    assign(client, own_class, [ids[0], ids[1]])
    page = f"/en/teacher/classes/{own_class}"
    with app.app_context():
        second_id = db.session.scalar(select(Assignment.id).where(Assignment.lesson_id == ids[1]))
    client.post(f"{page}/assignments/{second_id}/up", data={"csrf_token": csrf_token(client, page)})
    assert [lesson for lesson, _, _ in assignments(app)] == [ids[1], ids[0]]
    client.post(f"{page}/assignments/{second_id}/remove", data={"csrf_token": csrf_token(client, page)})
    assert [lesson for lesson, _, _ in assignments(app)] == [ids[0]]


def test_when_every_lesson_is_assigned_the_form_is_gone(app, client, course, own_class):
    assign(client, own_class, list(course.lesson_ids))
    html = client.get(f"/en/teacher/classes/{own_class}").get_data(as_text=True)
    assert "Every lesson of the course is assigned." in html and "/assignments#assignments" not in html


def test_class_list_counts_students(app, client):
    teacher_id = signed_in(app, client)
    with app.app_context():
        from app.models import Teacher
        from tests.factories import make_student

        classroom = make_classroom(db.session.get(Teacher, teacher_id), name="Counted")
        for name in ("A1", "B2", "C3"):
            make_student(classroom, name)
        assert db.session.scalar(select(func.count(Classroom.id))) == 1
    html = client.get("/en/teacher/classes").get_data(as_text=True)
    assert re.search(r"Counted</a></td>\s*<td>Ages 15 to 18</td>\s*<td>3</td>", html)
