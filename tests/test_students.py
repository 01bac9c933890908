"""Students' names and devices: look-alike nicknames can't coexist, and a shared computer can be left."""

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.learners import IN_CLASS_KEY, SESSION_KEY, SINCE_KEY
from app.models import Student
from app.nicknames import nickname_key
from tests.factories import make_classroom, make_teacher
from tests.helpers import post_form

RECOVERY_RE = re.compile(r'class="recovery-code" lang="en">([a-z ]+)<')


@pytest.fixture
def class_id(app):
    with app.app_context():
        return make_classroom(make_teacher(), code="ACDE3467").id


def join(client, nickname, lang="en"):
    return post_form(client, f"/{lang}/join", {"code": "ACDE3467", "nickname": nickname})


@pytest.mark.parametrize(
    "first, second",
    [
        ("Ana", "\u0410na"),  # Cyrillic А
        ("Ana", "ana"),
        ("Ana", "ANA"),
        ("Blue Fox", "\uff22lue Fox"),  # full-width Ｂ
        ("Paul", "\u0420aul"),  # Cyrillic Р
        ("Zoe", "Z\u03bfe"),  # Greek ο
    ],
)
def test_look_alike_nicknames_cannot_coexist_in_a_class(app, class_id, first, second):
    assert join(app.test_client(), first).status_code == 200
    response = join(app.test_client(), second)
    assert response.status_code == 400
    assert "already uses this nickname" in response.get_data(as_text=True)


def test_different_nicknames_are_still_different(app, class_id):
    for name in ("Zoé", "Zoe", "민준", "Min Jun", "Léa"):
        assert join(app.test_client(), name).status_code == 200, name


@pytest.mark.parametrize(
    "hidden", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u200f", "\u3164", "\u115f", "\u00ad"]
)
def test_invisible_and_bidi_characters_are_refused_with_a_translated_error(app, class_id, hidden):
    response = join(app.test_client(), f"Ana{hidden}Bel", lang="fr")
    assert response.status_code == 400
    assert "uniquement des lettres visibles" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Student)) is None


def test_nicknames_are_stored_in_nfkc(app, class_id):
    client = app.test_client()
    assert join(client, "\uff22lue\u3000\uff26ox").status_code == 200
    with app.app_context():
        student = db.session.scalar(select(Student))
        assert student.nickname == "Blue Fox"
        assert student.nickname_key == nickname_key("blue fox")


def test_sign_back_in_finds_the_student_by_a_look_alike_of_the_nickname(app, class_id):
    html = join(app.test_client(), "Ana").get_data(as_text=True)
    code = RECOVERY_RE.search(html).group(1)
    phone = app.test_client()
    response = post_form(
        phone, "/en/class/sign-back-in", {"code": "ACDE3467", "nickname": "ana", "recovery_code": code}
    )
    assert response.status_code == 302


def test_leave_this_device_signs_the_student_out_after_a_reminder(app, client, class_id):
    join(client, "Otter")
    home = client.get("/en/class/").get_data(as_text=True)
    assert 'href="/en/class/leave"' in home and "Leave this device" in home
    page = client.get("/en/class/leave").get_data(as_text=True)
    assert "recovery code" in page and "Otter" in page
    response = post_form(client, "/en/class/leave", {})
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert SESSION_KEY not in session and IN_CLASS_KEY not in session
    assert client.get("/en/class/").headers["Location"] == "/en/join"
    with app.app_context():  # the student and their progress stay, for signing back in elsewhere
        assert db.session.scalar(select(Student)).nickname == "Otter"


def test_the_join_page_says_to_leave_a_shared_device_and_what_the_teacher_sees(client):
    html = client.get("/en/join").get_data(as_text=True)
    assert "Leave this device" in html and "shared computer" in html
    assert "What your teacher will see" in html
    assert "won't see the lessons you did on your own before joining" in html


def test_student_cookies_last_30_days_at_most(app, client, class_id):
    response = join(client, "Robin")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert expires - datetime.now(UTC) <= timedelta(days=30)
    with client.session_transaction() as session:
        session[SINCE_KEY] = time.time() - 31 * 86400  # a cookie kept alive by use for 31 days
    assert client.get("/en/class/").headers["Location"] == "/en/join"
