"""Flask-Login for teachers: who is in the session cookie, and where to send visitors who must sign in."""

import hmac

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.extensions import db, login_manager
from app.models import Teacher


def load_teacher(session_id: str) -> Teacher | None:
    """The teacher whose current session token is in the cookie: after a sign-out or a new password, nobody."""
    teacher_id, _sep, token = session_id.partition(":")
    if not (teacher_id.isdigit() and len(teacher_id) < 10 and token):
        return None
    teacher = db.session.get(Teacher, int(teacher_id))
    if teacher is None or not hmac.compare_digest(teacher.session_token.encode(), token.encode("utf-8", "replace")):
        return None
    return teacher


def init_app(app: Flask) -> None:
    """Bind the login manager to the app and tell it how teachers are loaded and asked to sign in."""
    login_manager.init_app(app)
    login_manager.user_loader(load_teacher)
    login_manager.login_view = "teach.sign_in"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
