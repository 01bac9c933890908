"""Teachers: the only accounts in the app."""

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.models.base import Base, intpk, lang_code, timestamp


class Teacher(UserMixin, Base):
    __tablename__ = "teacher"
    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    lang: Mapped[lang_code]
    created_at: Mapped[timestamp]

    classrooms: Mapped[list["Classroom"]] = relationship(  # noqa: F821
        back_populates="teacher", cascade="all, delete-orphan", passive_deletes=True)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
