"""Teachers: the only accounts in the app."""

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.models.base import Base, intpk, lang_code, timestamp, utcnow

if TYPE_CHECKING:  # classroom.py names Teacher the same way; neither imports the other at run time
    from app.models.classroom import Classroom


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def hash_password(password: str) -> str:
    """A teacher's password hash, made with the configured method (PASSWORD_HASH_METHOD)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def normalise_email(raw: str) -> str:
    """Emails are stored and looked up lower-cased, without surrounding spaces."""
    return raw.strip().lower()


class Teacher(UserMixin, Base):
    __tablename__ = "teacher"
    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    lang: Mapped[lang_code]
    created_at: Mapped[timestamp]
    # Part of every session and remember-me cookie (Flask-Login's alternative id): a new token signs the
    # teacher out everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # Set when the teacher opens the emailed confirmation link; no sign-in before that.
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    classrooms: Mapped[list["Classroom"]] = relationship(
        back_populates="teacher", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: the id and the session token."""
        return f"{self.id}:{self.session_token}"

    def end_all_sessions(self) -> None:
        """Every session and remember-me cookie of this teacher stops working, on every device."""
        self.session_token = new_session_token()

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)
        self.end_all_sessions()

    def confirm(self) -> None:
        self.confirmed_at = self.confirmed_at or utcnow()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
