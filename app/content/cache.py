"""Load a content tree: parse it, check it, and keep it, in a compiled bundle (see bundle.py) and once per process
(tests build many apps over one tree)."""

import logging
from functools import lru_cache
from pathlib import Path

from app.content.bundle import content_key, read_bundle, write_bundle
from app.content.course import Course
from app.content.problems import ContentError

log = logging.getLogger(__name__)


def load_course(root: str | Path) -> Course:
    """Load, validate and render the content once; raise ContentError naming every problem."""
    # Imported here: a process that reads the bundle never needs the parsers, Markdown or the checks.
    from app.content.checks import check_course
    from app.content.loader import load_tree

    root = Path(root)
    course, problems = load_tree(root)
    problems += check_course(root, course) if not problems else []
    if problems:
        raise ContentError(problems)
    return course


def compiled_course(root: str | Path, bundle_folder: str | Path | None) -> tuple[str, Course]:
    """(content version, Course) for the tree under `root`.

    The version is the bundle's key (a hash of the files and of the loader). The Course comes from this process's
    memory, else from the bundle in `bundle_folder`, else it is loaded and checked (ContentError if broken) and the
    bundle is written for the next process. Without a folder, nothing is read from or written to disk.
    """
    path = Path(root).resolve()
    key = content_key(path)
    return key, _course(str(path), key, str(bundle_folder) if bundle_folder else None)


def course_for(root: str) -> Course:
    """The course under `root`, loaded again only when a file in it changed (no bundle on disk)."""
    return compiled_course(root, None)[1]


@lru_cache(maxsize=8)
def _course(root: str, key: str, bundle_folder: str | None) -> Course:
    folder = Path(bundle_folder) if bundle_folder else None
    course = read_bundle(folder, key) if folder else None
    if course is None:
        course = load_course(root)
        if folder:
            try:
                written = write_bundle(folder, key, course)
                log.info("Wrote the content bundle %s", written.name)
            except OSError as error:  # a read-only instance folder: start anyway, every process loads the tree
                log.warning("Could not write the content bundle in %s: %s", folder, error.strerror)
    return course
