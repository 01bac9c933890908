"""Deleting class data, from the web and from the command line."""

from datetime import UTC, datetime

import click
from flask.cli import AppGroup
from sqlalchemy import delete, select

from app.extensions import db
from app.models import Classroom, Learner, Student

classes_cli = AppGroup("classes", help="Manage class data.")


def delete_classroom(classroom: Classroom) -> None:
    """Delete a class, its students and every row of their progress (learners cascade to progress)."""
    learner_ids = list(db.session.scalars(select(Student.learner_id).where(Student.classroom_id == classroom.id)))
    db.session.execute(delete(Student).where(Student.classroom_id == classroom.id))
    if learner_ids:
        db.session.execute(delete(Learner).where(Learner.id.in_(learner_ids)))
    db.session.delete(classroom)


@classes_cli.command("purge")
@click.option(
    "--archived-before",
    "before",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Delete classes archived before this date (YYYY-MM-DD).",
)
def purge(before: datetime) -> None:
    """Delete archived classes, with their students and progress."""
    cutoff = before.replace(tzinfo=UTC)
    old = list(
        db.session.scalars(select(Classroom).where(Classroom.archived_at.is_not(None), Classroom.archived_at < cutoff))
    )
    for classroom in old:
        delete_classroom(classroom)
    db.session.commit()
    click.echo(f"Deleted {len(old)} archived class(es).")
