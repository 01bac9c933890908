"""Command-line tools: `flask content check`, `flask content build`, `flask demo`, `flask classes purge`."""

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
    """Check the lesson, quiz and help content, and build its compiled bundle."""


content_root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The content folder (default: CONTENT_DIR or ./content).",
)


def _content_root(root: Path | None) -> Path:
    return root or Path(os.environ.get("CONTENT_DIR") or PROJECT_DIR / "content")


@content_cli.command("check")
@content_root_option
def content_check(root: Path | None) -> None:
    """Validate the whole content tree and list every problem."""
    from app.content.checks import check_course, check_editorial, quiz_figures
    from app.content.loader import load_tree

    root = _content_root(root)
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


@content_cli.command("build")
@content_root_option
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the bundle (default: the app's instance folder).",
)
def content_build(root: Path | None, into: Path | None) -> None:
    """Load, check and render the content once, and write the bundle that every process then loads.

    The app builds it by itself when it is missing or stale; run this at deploy time so that no worker has to.
    """
    from app.content.bundle import content_key, write_bundle
    from app.content.cache import load_course
    from app.content.problems import ContentError

    root = _content_root(root).resolve()
    # The same folder create_app() uses: a Flask app named "app" finds its instance folder the same way.
    into = into or Path(Flask("app", instance_relative_config=True).instance_path)
    key = content_key(root)
    try:
        course = load_course(root)
    except ContentError as error:
        click.echo(f"{len(error.problems)} problem(s) in {root}:")
        for problem in error.problems:
            click.echo(f"  - {problem}")
        sys.exit(1)
    path = write_bundle(into, key, course)
    click.echo(f"Content bundle written: {path}")


def init_app(app: Flask) -> None:
    from app.demo import demo_command
    from app.learners_cli import learners_cli
    from app.live.cli import live_cli
    from app.teach.maintenance import classes_cli

    app.cli.add_command(demo_command)
    app.cli.add_command(classes_cli)
    app.cli.add_command(learners_cli)
    app.cli.add_command(live_cli)
