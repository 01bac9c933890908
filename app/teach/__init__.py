"""Blueprint "teach": teacher accounts, classes, assignments, the dashboard and exports."""

from app.teach.views import bp

__all__ = ["bp"]
