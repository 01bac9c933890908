"""Classes: create, rename, archive, delete; join codes; the QR code; assignments."""

import re

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


def test_assign_lessons_in_order_with_due_dates(app, client, course):
    teacher_id = signed_in(app, client)
    with app.app_context():
        from app.models import Teacher

        class_id = make_classroom(db.session.get(Teacher, teacher_id)).id
    page = f"/en/teacher/classes/{class_id}"
    first, second = course.lesson_ids[2], course.lesson_ids[0]
    client.post(
        f"{page}/assignments",
        data={"csrf_token": csrf_token(client, page), "lesson_id": first, "due_date": "2026-12-01"},
    )
    client.post(f"{page}/assignments", data={"csrf_token": csrf_token(client, page), "lesson_id": second})
    bad = client.post(
        f"{page}/assignments",
        data={"csrf_token": csrf_token(client, page), "lesson_id": "no-such-lesson"},
        follow_redirects=True,
    )
    assert bad.status_code == 200 and "flash-error" in bad.get_data(as_text=True)
    bad_date = client.post(
        f"{page}/assignments",
        data={"csrf_token": csrf_token(client, page), "lesson_id": course.lesson_ids[3], "due_date": "31/31/2026"},
        follow_redirects=True,
    )
    assert "flash-error" in bad_date.get_data(as_text=True)
    with app.app_context():
        rows = db.session.scalars(select(Assignment).order_by(Assignment.position)).all()
        assert [(a.lesson_id, str(a.due_date)) for a in rows] == [(first, "2026-12-01"), (second, "None")]
        second_id = rows[1].id
    token = csrf_token(client, page)
    client.post(f"{page}/assignments/{second_id}/up", data={"csrf_token": token})
    with app.app_context():
        rows = db.session.scalars(select(Assignment).order_by(Assignment.position)).all()
        assert [a.lesson_id for a in rows] == [second, first]
    html = client.get(page).get_data(as_text=True)
    assert re.search(r"1 December 2026|Dec 1, 2026", html)


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
    assert re.search(r"Counted</a></td>\s*<td>3</td>", html)
