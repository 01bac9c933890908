"""Blueprint "learn": the course, lessons, quizzes, help and pages. No account needed."""

from app.learn.views import bp

__all__ = ["bp"]
