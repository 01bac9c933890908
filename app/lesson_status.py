"""A lesson's state for one learner, in one place: the states, their labels and how each shows."""

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class LessonState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])

    @property
    def css(self) -> str:
        """The suffix of the badge and dashboard-cell classes (badge-todo, cell-doing, …)."""
        return {"not_started": "todo", "in_progress": "doing", "completed": "done"}[self.value]


STATE_LABELS = {
    LessonState.NOT_STARTED: _l("Not started"),
    LessonState.IN_PROGRESS: _l("In progress"),
    LessonState.COMPLETED: _l("Completed"),
}


@dataclass(frozen=True)
class Status:
    """One lesson's state for a learner: not started, in progress, or completed with the latest attempt's result.

    `correct` counts the questions answered fully right (a multiple-choice question with one wrong or missing pick
    is not right, whatever its partial credit): the number every page shows, "5 of 8 right"."""

    state: LessonState
    correct: int | None = None
    max_score: int | None = None
    passed: bool | None = None


NOT_STARTED = Status(LessonState.NOT_STARTED)
