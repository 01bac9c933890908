"""Load each content tree once per process (tests build many apps over the same tree)."""

from functools import lru_cache
from pathlib import Path

from app.content.course import Course
from app.content.loader import load_course


def course_for(root: str) -> Course:
    path = Path(root).resolve()
    stamp = max((p.stat().st_mtime_ns for p in path.rglob("*") if p.is_file()), default=0)
    return _load(str(path), stamp)


@lru_cache(maxsize=8)
def _load(root: str, stamp: int) -> Course:
    return load_course(root)
