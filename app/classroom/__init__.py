"""Blueprint "classroom": joining a class with a code and a nickname, and the student's class page."""

from app.classroom.views import bp

__all__ = ["bp"]
