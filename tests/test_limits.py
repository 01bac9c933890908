"""Rate limits for a class behind one school address: successes are never refused, wrong guesses are."""

import pytest

from app import create_app
from app.extensions import db, limiter
from tests.factories import make_classroom, make_student, make_teacher, sign_in
from tests.helpers import csrf_token, post_form

SCHOOL = "198.51.100.7"
HOME = "203.0.113.9"


@pytest.fixture
def limited(app):
    """The limits switched on (the `app` fixture hashes passwords and recovery codes cheaply, so a whole class fits
    in a fast test)."""
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    return app


def browser(app, address=SCHOOL):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def join(client, code, nickname):
    return post_form(client, "/en/join", {"code": code, "nickname": nickname})


def sign_back_in(client, code, nickname, recovery_code="river apple moon"):
    return post_form(
        client, "/en/class/sign-back-in", {"code": code, "nickname": nickname, "recovery_code": recovery_code}
    )


def test_sixty_students_join_and_sixty_sign_back_in_from_one_address(limited):
    with limited.app_context():
        teacher = make_teacher()
        make_classroom(teacher, code="JOINS234")
        returning = make_classroom(teacher, name="9C", code="BACKS234")
        for i in range(60):
            make_student(returning, f"Back {i}")
    joins = [join(browser(limited), "JOINS234", f"Student {i}").status_code for i in range(60)]
    returning_browser = browser(limited)
    token = csrf_token(returning_browser, "/en/class/sign-back-in")
    backs = [
        returning_browser.post(
            "/en/class/sign-back-in",
            data={
                "csrf_token": token,
                "code": "BACKS234",
                "nickname": f"Back {i}",
                "recovery_code": "river apple moon",
            },
        ).status_code
        for i in range(60)
    ]
    assert joins.count(429) == 0 and set(joins) == {200}
    assert backs.count(429) == 0 and set(backs) == {302}


def test_wrong_join_codes_are_limited_per_address_as_before(limited):
    with limited.app_context():
        make_classroom(make_teacher(), code="RIGHT234")
    guesser = browser(limited)
    statuses = [join(guesser, "WRONG234", f"Guess {i}").status_code for i in range(31)]
    assert statuses == [400] * 30 + [429]
    assert join(browser(limited, HOME), "RIGHT234", "At home").status_code == 200


def test_wrong_recovery_codes_are_limited_per_address_as_before(limited):
    with limited.app_context():
        make_student(make_classroom(make_teacher(), code="BACKS234"), "Ana")
    guesser = browser(limited)
    statuses = [sign_back_in(guesser, "BACKS234", "Ana", "wrong words here").status_code for _ in range(11)]
    assert statuses == [400] * 10 + [429]
    assert sign_back_in(guesser, "BACKS234", "Ana").status_code == 429
    assert sign_back_in(browser(limited, HOME), "BACKS234", "Ana").status_code == 302


def test_ten_sign_in_guesses_a_minute_per_account_and_address(limited):
    with limited.app_context():
        make_teacher()
        make_teacher(email="colleague@example.org")
    guesser = browser(limited)
    statuses = [sign_in(guesser, password="wrong password").status_code for _ in range(11)]
    assert statuses == [400] * 10 + [429]
    assert sign_in(guesser).status_code == 429  # the right password too, from this address
    # Someone else's wrong guesses never lock the teacher out from another address...
    assert sign_in(browser(limited, HOME)).status_code == 302
    # ...nor a colleague who signs in correctly from the same school.
    assert sign_in(browser(limited), email="colleague@example.org").status_code == 302


def test_correct_sign_ins_from_one_school_are_not_counted_as_guesses(limited):
    with limited.app_context():
        make_teacher()
    statuses = [sign_in(browser(limited)).status_code for _ in range(12)]
    assert statuses == [302] * 12


def test_wrong_guesses_over_all_accounts_are_limited_per_address(limited):
    with limited.app_context():
        make_teacher()
    guesser = browser(limited)
    statuses = [sign_in(guesser, email=f"t{i}@example.org", password="wrong").status_code for i in range(31)]
    assert statuses == [400] * 30 + [429]


def test_forwarded_addresses_count_only_behind_a_configured_proxy(limited, database_url):
    with limited.app_context():
        make_classroom(make_teacher(), code="RIGHT234")
    # No proxy configured: X-Forwarded-For is the client's own claim and changes nothing.
    guesser = browser(limited)
    for i in range(30):
        post_form(
            guesser,
            "/en/join",
            {"code": "WRONG234", "nickname": "Guesser"},
            headers={"X-Forwarded-For": f"192.0.2.{i}"},
        )
    assert join(guesser, "WRONG234", "Guesser").status_code == 429
    # Behind one proxy, the address it forwards is the client's.
    proxied = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "localhost",
            "RATELIMIT_ENABLED": True,
            "TRUSTED_PROXIES": 1,
        }
    )
    limiter.init_app(proxied)
    try:
        proxy = browser(proxied, "10.0.0.2")
        for _ in range(30):
            post_form(
                proxy,
                "/en/join",
                {"code": "WRONG234", "nickname": "Guesser"},
                headers={"X-Forwarded-For": f"192.0.2.200, {SCHOOL}"},
            )
        assert (
            post_form(
                proxy, "/en/join", {"code": "WRONG234", "nickname": "Guesser"}, headers={"X-Forwarded-For": SCHOOL}
            ).status_code
            == 429
        )
        home = post_form(
            proxy, "/en/join", {"code": "RIGHT234", "nickname": "At home"}, headers={"X-Forwarded-For": HOME}
        )
        assert home.status_code == 200
    finally:
        with proxied.app_context():
            db.engine.dispose()
