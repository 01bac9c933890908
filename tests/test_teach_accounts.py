"""Teacher accounts: sign-up, sign-in, sign-out, password reset by email, and rate limiting."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db, limiter
from app.models import Teacher
from tests.conftest import post_form
from tests.factories import PASSWORD, make_teacher, sign_in


def sign_up(client, email="new@example.org", password="long enough pass", confirm=None, lang="en"):
    return post_form(client, f"/{lang}/teacher/sign-up", {
        "name": "Mme Durand", "email": email, "password": password,
        "confirm": password if confirm is None else confirm, "lang": "fr"})


def test_sign_up_creates_a_teacher_with_a_hashed_password(app, client):
    response = sign_up(client, email="New@Example.org")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/fr/teacher/classes")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher))
        assert teacher.email == "new@example.org" and teacher.lang == "fr"
        assert "long enough pass" not in teacher.password_hash and teacher.check_password("long enough pass")
    assert client.get("/fr/teacher/classes").status_code == 200


def test_sign_up_rejects_short_passwords_and_duplicates_with_translated_errors(app, client):
    response = sign_up(client, password="short", lang="fr")
    assert response.status_code == 400
    assert "au moins 10 caractères" in response.get_data(as_text=True)
    sign_up(client)
    client.post("/en/teacher/sign-out", data={})
    other = app.test_client()
    response = sign_up(other, email="NEW@example.org", lang="ko")
    assert response.status_code == 400
    assert "이미" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Teacher)).all()) == 1


def test_mismatched_passwords_keep_the_other_fields(client):
    response = sign_up(client, confirm="something else entirely")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="new@example.org"' in html and 'value="Mme Durand"' in html


def test_sign_in_and_out(app, client):
    with app.app_context():
        make_teacher()
    assert client.get("/en/teacher/classes").status_code == 302  # to sign-in
    bad = sign_in(client, password="wrong password")
    assert bad.status_code == 400 and "don&#39;t match" in bad.get_data(as_text=True)
    assert sign_in(client).status_code == 302
    assert client.get("/en/teacher/classes").status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/en/teacher/classes").get_data(as_text=True))
    client.post("/en/teacher/sign-out", data={"csrf_token": token.group(1)})
    assert client.get("/en/teacher/classes").status_code == 302


def test_sign_in_is_rate_limited(app, client):
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    with app.app_context():
        make_teacher()
    statuses = [sign_in(client, password="wrong password").status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    limited = sign_in(client)
    assert limited.status_code == 429


def reset_link(app) -> str:
    message = app.extensions["mail_outbox"][-1]
    return re.search(r"https?://\S+", message.get_content()).group(0)


def test_password_reset_by_email_works_once(app, client):
    with app.app_context():
        make_teacher(lang="ko")
    response = post_form(client, "/en/teacher/reset-password", {"email": "teacher@example.org"})
    assert response.status_code == 302
    message = app.extensions["mail_outbox"][-1]
    assert message["To"] == "teacher@example.org"
    link = reset_link(app)
    assert "/ko/teacher/reset-password/" in link
    path = link.split("localhost", 1)[1]
    new = {"password": "a brand new password", "confirm": "a brand new password"}
    assert post_form(client, path, new).status_code == 302
    assert sign_in(client, password="a brand new password").status_code == 302
    # The same link does not work a second time.
    again = client.get(path)
    assert again.status_code == 302 and again.headers["Location"].endswith("/reset-password")


def test_reset_links_come_from_base_url_never_from_the_host_header(app, client):
    app.config.update(BASE_URL="https://unshared.example.org", TRUSTED_HOSTS=["unshared.example.org"],
                      SERVER_NAME=None)
    with app.app_context():
        make_teacher()
    refused = client.post("/en/teacher/reset-password", data={"email": "teacher@example.org"},
                          headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert app.extensions.get("mail_outbox", []) == []
    page = client.get("/en/teacher/reset-password", headers={"Host": "unshared.example.org"})
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    sent = client.post("/en/teacher/reset-password", data={"email": "teacher@example.org", "csrf_token": token},
                       headers={"Host": "unshared.example.org", "X-Forwarded-Host": "evil.example"})
    assert sent.status_code == 302
    assert reset_link(app).startswith("https://unshared.example.org/en/teacher/reset-password/")


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(app, client):
    response = post_form(client, "/en/teacher/reset-password", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert app.extensions.get("mail_outbox", []) == []


def test_reset_tokens_expire(app, client):
    with app.app_context():
        make_teacher()
    post_form(client, "/en/teacher/reset-password", {"email": "teacher@example.org"})
    path = reset_link(app).split("localhost", 1)[1]
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    response = client.get(path)
    assert response.status_code == 302
    assert sign_in(client, password=PASSWORD).status_code == 302


def test_forged_reset_token_is_refused(client):
    response = client.get("/en/teacher/reset-password/not-a-real-token")
    assert response.status_code == 302


def redis_reachable(url="redis://127.0.0.1:6379/15") -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_rate_limits_are_kept_in_redis_when_redis_url_is_set(monkeypatch, database_url, _schema):
    import redis

    from app import create_app

    url = "redis://127.0.0.1:6379/15"
    server = redis.Redis.from_url(url)
    server.flushdb()
    monkeypatch.setenv("REDIS_URL", url)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost",
                      "RATELIMIT_ENABLED": True})
    assert app.config["RATELIMIT_STORAGE_URI"] == url
    client = app.test_client()
    statuses = [sign_in(client, email="nobody@example.org", password="wrong").status_code for _ in range(11)]
    assert statuses[-1] == 429
    assert server.keys("*"), "the limiter wrote nothing to Redis"
    server.flushdb()
    with app.app_context():
        db.engine.dispose()
