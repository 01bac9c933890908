"""Blueprint "teach": teacher accounts, classes, assignments, the dashboard and exports.

blueprint.py holds the blueprint and the checks shared by every page (sign-in, the teacher's own class); the
view modules add their routes to it when imported here.
"""

from app.teach import accounts, classes, dashboard, letters  # noqa: F401  (each registers its routes on bp)
from app.teach.blueprint import bp

__all__ = ["bp"]
