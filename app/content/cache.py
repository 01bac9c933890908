"""Load a content tree: parse it, check it, and keep it once per process (tests build many apps over one tree)."""

from functools import lru_cache
from pathlib import Path

from app.content.checks import check_course
from app.content.course import Course
from app.content.loader import load_tree
from app.content.problems import ContentError


def load_course(root: str | Path) -> Course:
    """Load, validate and render the content once; raise ContentError naming every problem."""
    root = Path(root)
    course, problems = load_tree(root)
    problems += check_course(root, course) if not problems else []
    if problems:
        raise ContentError(problems)
    return course


def course_for(root: str) -> Course:
    """The course under `root`, loaded again only when a file in it changed."""
    path = Path(root).resolve()
    stamp = max((p.stat().st_mtime_ns for p in path.rglob("*") if p.is_file()), default=0)
    return _load(str(path), stamp)


@lru_cache(maxsize=8)
def _load(root: str, stamp: int) -> Course:
    return load_course(root)
