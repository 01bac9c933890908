"""Blueprint "learn": the course, lessons, quizzes, help and pages. No account needed."""

from app.learn import age, confidence, printing  # noqa: F401 - their views go on bp: age choice, check, pack
from app.learn.views import bp

__all__ = ["bp"]
