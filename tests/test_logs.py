"""Logs carry no personal data, even when the database fails."""

import logging
import sys

import pytest
from sqlalchemy import event

from app.extensions import db
from app.models import Teacher
from tests.factories import make_classroom, make_teacher
from tests.helpers import post_form

SECRETS = ["leak.me@example.org", "Ana Leak", "a long leaky password", "pbkdf2", "scrypt", "LEAKTOKEN"]


@pytest.fixture
def break_inserts(app):
    """From when it is called, every INSERT fails in the database driver with its parameters in hand."""

    def broken(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT"):
            statement = statement.replace("INSERT INTO", "INSERT INTO no_such_table_", 1)
        return statement, parameters

    def start():
        app.config["PROPAGATE_EXCEPTIONS"] = False  # log and show the 500 page, as in production
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", broken, retval=True)

    yield start
    with app.app_context():
        if event.contains(db.engine, "before_cursor_execute", broken):
            event.remove(db.engine, "before_cursor_execute", broken)


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def test_a_database_error_logs_no_form_data(app, client, break_inserts, caplog):
    with app.app_context():
        make_classroom(make_teacher(), code="LOGS2345")
    break_inserts()
    with caplog.at_level(logging.DEBUG):
        response = post_form(
            client,
            "/en/teacher/sign-up",
            {
                "name": "Ana Leak",
                "email": "leak.me@example.org",
                "password": "a long leaky password",
                "confirm": "a long leaky password",
                "lang": "en",
            },
        )
        response_page = response.get_data(as_text=True)
        join = post_form(client, "/en/join", {"code": "LOGS2345", "nickname": "Ana Leak"})
    assert response.status_code == 500 and join.status_code == 500
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "Exception on teach.sign_up [POST]" in logged and "Exception on classroom.join [POST]" in logged
    assert "no_such_table_" in logged  # the statement, without its parameters
    assert_clean(logged)
    assert_clean(response_page)


def test_the_database_message_itself_is_not_logged(app, caplog):
    """PostgreSQL quotes the duplicate value in its message: "Key (email)=(…) already exists"."""
    with app.app_context():
        make_teacher(email="leak.me@example.org")
        db.session.add(Teacher(email="leak.me@example.org", name="Ana Leak", lang="en", password_hash="pbkdf2"))
        try:
            db.session.commit()
        except Exception:
            exc_info = sys.exc_info()
            db.session.rollback()
        else:
            pytest.fail("the duplicate email was accepted")
        with (
            app.test_request_context("/en/teacher/reset-password/LEAKTOKEN", method="POST"),
            caplog.at_level(logging.DEBUG),
        ):
            app.log_exception(exc_info)
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "IntegrityError" in logged
    assert_clean(logged)
