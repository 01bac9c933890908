"""The "live" blueprint: a teacher runs a lesson on the projector while the class follows on their phones.

Teacher pages live under /<lang>/teacher/classes/<id>/live (the class's teacher only: 404 for anyone else); the
student's page is /<lang>/class/live (the class's students only). State lives in the database, so any worker
serves any request. The view modules add their routes to the blueprint when imported here.
"""

from app.live import following, presenter  # noqa: F401  (each registers its routes on bp)
from app.live.blueprint import bp

__all__ = ["bp"]
