"""Teacher accounts: sign-up, sign-in, sign-out, password reset by email, and rate limiting."""

import re
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

import app.teach.accounts as accounts
from app.extensions import db, limiter
from app.models import Teacher
from tests.factories import PASSWORD, make_teacher, sign_in
from tests.helpers import TEST_PASSWORD_HASH_METHOD, app_config, post_form


def sign_up(client, email="new@example.org", password="long enough pass", confirm=None, lang="en"):
    return post_form(
        client,
        f"/{lang}/teacher/sign-up",
        {
            "name": "Mme Durand",
            "email": email,
            "password": password,
            "confirm": password if confirm is None else confirm,
            "lang": "fr",
        },
    )


def emailed_link(app, to: str | None = None) -> str:
    message = app.extensions["mail_outbox"][-1]
    assert to is None or message["To"] == to
    return re.search(r"https?://\S+", message.get_content()).group(0).split("localhost", 1)[1]


def test_sign_up_confirms_the_address_by_email_before_the_first_sign_in(app, client):
    response = sign_up(client, email="New@Example.org")
    assert response.status_code == 302 and response.headers["Location"].endswith("/en/teacher/sign-in")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher))
        assert teacher.email == "new@example.org" and teacher.lang == "fr" and teacher.confirmed_at is None
        assert "long enough pass" not in teacher.password_hash and teacher.check_password("long enough pass")
    assert client.get("/fr/teacher/classes").status_code == 302  # not signed in
    link = emailed_link(app, to="new@example.org")
    assert "/fr/teacher/confirm/" in link
    mails = len(app.extensions["mail_outbox"])
    unconfirmed = sign_in(client, email="new@example.org", password="long enough pass")
    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.get_data(as_text=True)
    assert len(app.extensions["mail_outbox"]) == mails + 1  # a new link
    # Opening the link (a mail scanner does) changes nothing; the button does.
    assert client.get(link).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Teacher.confirmed_at)) is None
    assert post_form(client, link, {}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Teacher.confirmed_at)) is not None
    assert sign_in(client, email="new@example.org", password="long enough pass").status_code == 302
    assert client.get("/fr/teacher/classes").status_code == 200


def test_forged_or_expired_confirmation_links_confirm_nothing(app, client):
    sign_up(client)
    link = emailed_link(app)
    assert client.get(link[:-3] + "abc").status_code == 302
    import app.teach.tokens as tokens

    max_age, tokens.CONFIRM_MAX_AGE = tokens.CONFIRM_MAX_AGE, -1
    try:
        assert post_form(client, "/en/teacher/sign-up", {}, action=link).status_code == 302
    finally:
        tokens.CONFIRM_MAX_AGE = max_age
    with app.app_context():
        assert db.session.scalar(select(Teacher.confirmed_at)) is None


def test_sign_up_does_not_tell_whether_an_email_has_an_account(app, client):
    response = sign_up(client, password="short", lang="fr")
    assert response.status_code == 400
    assert "au moins 10 caractères" in response.get_data(as_text=True)
    with app.app_context():
        make_teacher(email="taken@example.org")
    new = sign_up(app.test_client(), email="free@example.org")
    new_page = app.test_client()
    taken = sign_up(new_page, email="TAKEN@example.org")
    assert (
        (new.status_code, new.headers["Location"])
        == (taken.status_code, taken.headers["Location"])
        == (302, "/en/teacher/sign-in")
    )
    flashed = new_page.get("/en/teacher/sign-in").get_data(as_text=True)
    assert "we have sent an email to this address" in flashed
    outbox = app.extensions["mail_outbox"]
    assert [m["To"] for m in outbox] == ["free@example.org", "taken@example.org"]
    assert "already have one" in outbox[-1].get_content()
    with app.app_context():
        taken_teacher = db.session.scalar(select(Teacher).where(Teacher.email == "taken@example.org"))
        assert taken_teacher.check_password(PASSWORD) and taken_teacher.name == "Ms Kim"  # unchanged
        assert len(db.session.scalars(select(Teacher)).all()) == 2


def test_sign_up_twice_at_once_makes_one_account(app, client):
    assert sign_up(client).status_code == 302
    assert sign_up(client).status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(Teacher)).all()) == 1
    assert [m["To"] for m in app.extensions["mail_outbox"]] == ["new@example.org"] * 2


def test_sign_up_is_rate_limited(app, client):
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    statuses = [sign_up(client, email="same@example.org").status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]  # 3 emails an hour to one address
    statuses = [sign_up(client, email=f"t{i}@example.org").status_code for i in range(8)]
    assert statuses == [302] * 7 + [429]  # 10 sign-ups a minute from one address


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
    app.config.update(BASE_URL="https://unshared.example.org", TRUSTED_HOSTS=["unshared.example.org"], SERVER_NAME=None)
    with app.app_context():
        make_teacher()
    refused = client.post(
        "/en/teacher/reset-password", data={"email": "teacher@example.org"}, headers={"Host": "evil.example"}
    )
    assert refused.status_code == 400
    assert app.extensions.get("mail_outbox", []) == []
    page = client.get("/en/teacher/reset-password", headers={"Host": "unshared.example.org"})
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    sent = client.post(
        "/en/teacher/reset-password",
        data={"email": "teacher@example.org", "csrf_token": token},
        headers={"Host": "unshared.example.org", "X-Forwarded-Host": "evil.example"},
    )
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
    # A key prefix of this run's own, so that another run sharing the server can't empty or fill our counters.
    prefix = f"test-{uuid.uuid4().hex}"
    monkeypatch.setenv("REDIS_URL", url)
    # Eleven wrong sign-ins for an unknown email: each is checked against the dummy hash, cheap as in `app`.
    monkeypatch.setattr(accounts, "DUMMY_PASSWORD_HASH", generate_password_hash("nobody's", TEST_PASSWORD_HASH_METHOD))
    app = create_app(app_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=prefix))
    assert app.config["RATELIMIT_STORAGE_URI"] == url
    client = app.test_client()
    statuses = [sign_in(client, email="nobody@example.org", password="wrong").status_code for _ in range(11)]
    assert statuses[-1] == 429
    ours = server.keys(f"*{prefix}*")
    assert ours, "the limiter wrote nothing to Redis"
    server.delete(*ours)
    with app.app_context():
        db.engine.dispose()


def cookie_header(response, name: str) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    assert headers, f"no {name} cookie set"
    return headers[-1]


def remember_sign_in(client, remember=True):
    data = {"email": "teacher@example.org", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/en/teacher/sign-in", data)


def test_remember_me_is_opt_in_for_30_days_with_safe_flags(app, client):
    with app.app_context():
        make_teacher()
    plain = remember_sign_in(client, remember=False)
    assert plain.status_code == 302
    assert not any(h.startswith("remember_token=") for h in plain.headers.getlist("Set-Cookie"))
    session_cookie = cookie_header(plain, "session")
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Expires" not in session_cookie  # ends with the browser
    other = app.test_client()
    remembered = remember_sign_in(other)
    cookie = cookie_header(remembered, "remember_token")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)


def test_cookies_are_secure_when_session_cookie_secure_is_set(monkeypatch, database_url, _schema):
    from app import create_app

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = create_app(app_config(database_url, PREFERRED_URL_SCHEME="https"))  # the cookie flags come from the env
    with app.app_context():
        make_teacher()
    try:
        client = app.test_client()
        response = post_form(
            client,
            "https://localhost/en/teacher/sign-in",
            {"email": "teacher@example.org", "password": PASSWORD, "remember": "y"},
            headers={"Referer": "https://localhost/en/teacher/sign-in"},
        )
        for name in ("session", "remember_token"):
            assert "Secure" in cookie_header(response, name)
    finally:
        with app.app_context():
            db.session.execute(Teacher.__table__.delete())
            db.session.commit()
            db.engine.dispose()


def copy_cookies(source, target, names=("session", "remember_token")):
    for name in names:
        cookie = source.get_cookie(name, domain="localhost")
        if cookie is not None:
            target.set_cookie(name, cookie.value, domain="localhost")


def only_remember_cookie(app, client):
    """Another browser that has only the remember-me cookie (its session cookie ended with the browser)."""
    other = app.test_client()
    copy_cookies(client, other, names=("remember_token",))
    return other


def test_sign_out_ends_every_session_and_remember_cookie(app, client):
    with app.app_context():
        make_teacher()
    remember_sign_in(client)
    laptop = app.test_client()
    remember_sign_in(laptop, remember=False)
    stolen_session = app.test_client()
    copy_cookies(client, stolen_session, names=("session",))
    stolen_remember = only_remember_cookie(app, client)
    for browser in (client, laptop, stolen_session, stolen_remember):
        assert browser.get("/en/teacher/classes").status_code == 200
    assert post_form(client, "/en/teacher/classes", {}, action="/en/teacher/sign-out").status_code == 302
    for browser in (client, laptop, stolen_session, stolen_remember):
        assert browser.get("/en/teacher/classes").status_code == 302
    assert remember_sign_in(laptop).status_code == 302  # signing in again works
    assert laptop.get("/en/teacher/classes").status_code == 200


def test_a_password_reset_ends_every_session_and_remember_cookie(app, client):
    with app.app_context():
        make_teacher()
    remember_sign_in(client)
    stolen = only_remember_cookie(app, client)
    assert stolen.get("/en/teacher/classes").status_code == 200
    post_form(app.test_client(), "/en/teacher/reset-password", {"email": "teacher@example.org"})
    path = reset_link(app).split("localhost", 1)[1]
    new = {"password": "a brand new password", "confirm": "a brand new password"}
    assert post_form(app.test_client(), path, new).status_code == 302
    assert client.get("/en/teacher/classes").status_code == 302
    assert stolen.get("/en/teacher/classes").status_code == 302


def test_old_style_cookies_load_nobody(app, client):
    with app.app_context():
        teacher_id = make_teacher().id
    with client.session_transaction() as session:
        session["_user_id"] = str(teacher_id)
        session["_fresh"] = True
    assert client.get("/en/teacher/classes").status_code == 302
    for forged in (f"{teacher_id}:", f"{teacher_id}:guess", "99999999999999999999:x", ":", "x:y"):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert client.get("/en/teacher/classes").status_code == 302, forged


def test_unknown_emails_cost_a_real_password_check(app, client, monkeypatch):
    """Sign-in takes as long for an unknown email as for a known one (timings: bench/accounts.py)."""
    checked = []
    real_check = accounts.check_password_hash

    def spy(pwhash, password):
        checked.append(pwhash)
        return real_check(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    with app.app_context():
        known_hash = make_teacher().password_hash
    sign_in(client, email="nobody@example.org", password="wrong password")
    sign_in(client, password="wrong password")
    assert checked == [accounts.DUMMY_PASSWORD_HASH, known_hash]
    assert accounts.DUMMY_PASSWORD_HASH.split("$")[0] == known_hash.split("$")[0]  # the same method and cost
