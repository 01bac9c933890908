"""`flask live end-idle`: end the live sessions nobody has driven for three hours, so that the live quiz answers
they hold become the students' attempts (and leave the live tables). Pages already treat such sessions as ended;
this makes it so in the database. Run it from the same scheduler as `flask learners purge` (docs/deploy.md)."""

import click
from flask.cli import AppGroup

from app.extensions import db
from app.live.sessions import end_idle_sessions

live_cli = AppGroup("live", help="Manage live lessons.")


@live_cli.command("end-idle")
def end_idle() -> None:
    """End every session idle for three hours."""
    ended = end_idle_sessions()
    db.session.commit()
    click.echo(f"Ended {ended} idle live session(s).")
