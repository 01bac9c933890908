"""Command-line tools: `flask content check`, `flask demo`, `flask classes purge`."""

import os
import sys
from pathlib import Path

import click
from flask import Flask

from app.config import PROJECT_DIR


# `flask content check` is a plugin command (see pyproject.toml), so it runs even when broken content
# stops the app itself from starting.
@click.group("content")
def content_cli() -> None:
    """Check the lesson, quiz and help content."""


@content_cli.command("check")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The content folder (default: CONTENT_DIR or ./content).",
)
def content_check(root: Path | None) -> None:
    """Validate the whole content tree and list every problem."""
    from app.content.checks import check_course, check_editorial, quiz_figures
    from app.content.loader import load_tree

    root = root or Path(os.environ.get("CONTENT_DIR") or PROJECT_DIR / "content")
    course, problems = load_tree(root)
    problems += check_course(root, course) + check_editorial(root, course)
    for figures in quiz_figures(course):
        click.echo(f"Quiz figures, {figures}")
    if problems:
        click.echo(f"{len(problems)} problem(s) in {root}:")
        for problem in problems:
            click.echo(f"  - {problem}")
        sys.exit(1)
    click.echo(f"Content OK: {root}")


def init_app(app: Flask) -> None:
    from app.demo import demo_command
    from app.teach.maintenance import classes_cli

    app.cli.add_command(demo_command)
    app.cli.add_command(classes_cli)
