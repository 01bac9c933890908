"""Reading content files while collecting problems, so one run reports all of them."""

import re
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from app.content.problems import Problem

# Ids are file names and URL parts: lowercase letters, digits and hyphens.
# libyaml's safe loader when PyYAML was built with it: the same YAML 1.1 rules, parsed about ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastYAMLHandler(YAMLHandler):
    """Front matter read with SAFE_LOADER (python-frontmatter passes extra keyword arguments into the metadata)."""

    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)


ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class FileReader:
    """Collects problems while reading, so one run reports all of them."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.rel(path), message))

    def yaml(self, path: Path) -> Any:
        if not path.is_file():
            self.problem(path, "file is missing")
            return None
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
        except yaml.YAMLError as exc:
            self.problem(path, f"YAML does not parse: {exc}")
            return None

    def text(self, path: Path, data: dict, key: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(path, f"field '{key}' is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"field '{key}' must be non-empty text")
            return None
        return value.strip()

    def front_matter(self, path: Path, what: str) -> frontmatter.Post | None:
        if not path.is_file():
            self.problem(path, f"{what} is missing in this language")
            return None
        try:
            return frontmatter.loads(path.read_text(encoding="utf-8"), handler=FastYAMLHandler())
        except (yaml.YAMLError, ValueError) as exc:
            self.problem(path, f"front matter does not parse: {exc}")
            return None
