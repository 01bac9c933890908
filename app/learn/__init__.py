"""Blueprint "learn": the course, lessons, quizzes, help and pages. No account needed."""

from app.learn import confidence, printing  # noqa: F401 - their views go on bp: the check, the printable pack
from app.learn.views import bp

__all__ = ["bp"]
