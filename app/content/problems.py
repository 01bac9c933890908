"""What the loader and the checks report: a problem names the file and the field."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ContentError(Exception):
    """Raised at start-up when the content tree has problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"content/ has {len(problems)} problem(s):\n{listing}")
