"""`/healthz`: the database answers. No language, no page chrome."""

from flask import Blueprint
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz() -> dict[str, str]:
    """For load balancers and uptime checks."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
