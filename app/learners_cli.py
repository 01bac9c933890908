"""`flask learners purge`: anonymous learners who stopped coming are deleted, with everything they did."""

from datetime import datetime, timedelta
from typing import Any, cast

import click
from flask.cli import AppGroup
from sqlalchemy import CursorResult, delete, exists, or_

from app.extensions import db
from app.models import Learner, LessonProgress, QuizAttempt, Student
from app.models.base import utcnow

# What the privacy page promises: twelve months without activity.
DEFAULT_INACTIVE_DAYS = 365

learners_cli = AppGroup("learners", help="Manage anonymous learners' data.")


def purge_inactive_learners(inactive_since: datetime) -> int:
    """Delete the learners outside any class whose last activity (their row made, a lesson started or completed,
    a quiz answered) is older than `inactive_since`; their progress, attempts and answers cascade. Students are
    left to their class (`flask classes purge`). Returns how many learners were deleted."""
    in_a_class = exists().where(Student.learner_id == Learner.id)
    recent_progress = exists().where(
        LessonProgress.learner_id == Learner.id,
        or_(LessonProgress.started_at >= inactive_since, LessonProgress.completed_at >= inactive_since),
    )
    recent_attempt = exists().where(QuizAttempt.learner_id == Learner.id, QuizAttempt.created_at >= inactive_since)
    statement = delete(Learner).where(
        Learner.created_at < inactive_since, ~in_a_class, ~recent_progress, ~recent_attempt
    )
    result = cast("CursorResult[Any]", db.session.execute(statement.execution_options(synchronize_session=False)))
    return result.rowcount


@learners_cli.command("purge")
@click.option(
    "--inactive-days",
    type=click.IntRange(min=1),
    default=DEFAULT_INACTIVE_DAYS,
    show_default=True,
    help="Delete anonymous learners with no activity for this many days.",
)
def purge(inactive_days: int) -> None:
    """Delete anonymous learners (not in a class) with no activity for a time, with their progress."""
    deleted = purge_inactive_learners(utcnow() - timedelta(days=inactive_days))
    db.session.commit()
    click.echo(
        f"Deleted {deleted} anonymous learner(s) inactive for {inactive_days} days or more, with their progress."
    )
