"""Question kinds and their grading. One entry per kind, like a registry of challenge types."""

import random
from dataclasses import dataclass

from app.content.course import Question


@dataclass(frozen=True)
class Kind:
    name: str
    multiple_answers: bool  # a checkbox group rather than radio buttons


KINDS: dict[str, Kind] = {
    "single": Kind("single", multiple_answers=False),
    "scenario": Kind("scenario", multiple_answers=False),
    "true_false": Kind("true_false", multiple_answers=False),
    "multiple": Kind("multiple", multiple_answers=True),
}
TRUE_FALSE_OPTIONS = ("true", "false")


@dataclass(frozen=True)
class Grade:
    credit: float  # 0.0 to 1.0
    correct: bool


def grade(question: Question, chosen: set[str]) -> Grade:
    """Grade one answer. Multiple-choice answers earn partial credit: right picks minus wrong picks."""
    if KINDS[question.kind].multiple_answers:
        right = len(chosen & question.answer)
        wrong = len(chosen - question.answer)
        credit = max(0, right - wrong) / len(question.answer)
        return Grade(credit=credit, correct=chosen == question.answer)
    correct = chosen == question.answer
    return Grade(credit=1.0 if correct else 0.0, correct=correct)


def option_order(question: Question, seed: int | None) -> tuple[str, ...]:
    """The order one attempt shows a question's options in: shuffled by the attempt's seed so that position and
    length don't give the answer away, and stable for that attempt. True/false keeps its natural order."""
    if seed is None or question.kind == "true_false":
        return question.options
    order = list(question.options)
    random.Random(f"{seed}:{question.id}").shuffle(order)  # noqa: S311 - presentation order, not a secret
    return tuple(order)
