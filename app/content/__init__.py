"""Reading content/ into frozen objects. Plain Python: never touches the request context."""

from app.content.course import Course
from app.content.loader import ContentError, load_course

__all__ = ["ContentError", "Course", "load_course"]
