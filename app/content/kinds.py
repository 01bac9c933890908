"""Question kinds: each kind validates its structure, grades an answer, orders its options and builds its form
field. A new kind (a poll, a teacher's question) is one more class in KINDS, and no `if kind ==` elsewhere."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from wtforms import Field, RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # newer than types-wtforms
from wtforms.widgets import CheckboxInput, ListWidget

if TYPE_CHECKING:
    from app.content.course import Question


@dataclass(frozen=True)
class Grade:
    credit: float  # 0.0 to 1.0
    correct: bool


class CheckboxGroup(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SingleChoice:
    """One right option among several, shown as radio buttons in a shuffled order."""

    name: ClassVar[str] = "single"
    one_answer: ClassVar[bool] = True
    shuffled: ClassVar[bool] = True  # options shown in a per-attempt order
    balanced: ClassVar[bool] = True  # authors write its options: the right one must not stand out by length
    needs_situation: ClassVar[bool] = False  # a short situation precedes the prompt
    keyed_true_or_false: ClassVar[bool] = False
    fixed_options: ClassVar[tuple[str, ...] | None] = None

    def structure_problems(self, options: list[str], answer: list[str]) -> list[str]:
        """What is wrong with a question's shared structure, for this kind."""
        problems = []
        if self.fixed_options is not None and tuple(options) != self.fixed_options:
            quoted = ", ".join(f'"{o}"' for o in self.fixed_options)
            problems.append(f"a {self.name} question's options must be [{quoted}]")
        if self.one_answer and len(answer) != 1:
            problems.append(f"a {self.name} question has exactly one right answer")
        return problems

    def grade(self, question: Question, chosen: set[str]) -> Grade:
        correct = chosen == question.answer
        return Grade(credit=1.0 if correct else 0.0, correct=correct)

    def option_order(self, question: Question, seed: int | None) -> tuple[str, ...]:
        """Shuffled by the attempt's seed, so that position and length give nothing away, and stable for it."""
        if seed is None or not self.shuffled:
            return question.options
        order = list(question.options)
        random.Random(f"{seed}:{question.id}").shuffle(order)  # noqa: S311 - presentation order, not a secret
        return tuple(order)

    def form_field(self, label: str, choices: Iterable[tuple[str, str]], validators: list[Any]) -> Field:
        return RadioField(
            label, choices=[SelectChoice(v, t) for v, t in choices], validate_choice=False, validators=validators
        )


class Scenario(SingleChoice):
    """A single-choice question about a short situation."""

    name = "scenario"
    needs_situation = True


class TrueFalse(SingleChoice):
    """A statement to judge: options are always "true" then "false", never shuffled."""

    name = "true_false"
    shuffled = False
    balanced = False
    keyed_true_or_false = True
    fixed_options = ("true", "false")


class MultipleChoice(SingleChoice):
    """Several right options, as checkboxes. Partial credit: right picks minus wrong picks, never below zero."""

    name = "multiple"
    one_answer = False
    balanced = False

    def grade(self, question: Question, chosen: set[str]) -> Grade:
        right = len(chosen & question.answer)
        wrong = len(chosen - question.answer)
        credit = max(0, right - wrong) / len(question.answer)
        return Grade(credit=credit, correct=chosen == question.answer)

    def form_field(self, label: str, choices: Iterable[tuple[str, str]], validators: list[Any]) -> Field:
        return CheckboxGroup(
            label, choices=[SelectChoice(v, t) for v, t in choices], validate_choice=False, validators=validators
        )


KINDS: dict[str, SingleChoice] = {
    kind.name: kind for kind in (SingleChoice(), Scenario(), TrueFalse(), MultipleChoice())
}


class PollKind:
    """An anonymous poll: no answer key, one option per student, counted per option and never per student."""

    name: ClassVar[str] = "choice"
    fixed_options: ClassVar[tuple[str, ...] | None] = None

    def structure_problems(self, options: Any) -> list[str]:
        if self.fixed_options is not None:
            return [] if options is None else [f"a {self.name} poll takes no 'options'"]
        if (
            not isinstance(options, list)
            or not 2 <= len(options) <= 5
            or not all(isinstance(o, str) and o for o in options)
            or len(set(options)) != len(options)
        ):
            return [f"a {self.name} poll lists 2 to 5 distinct quoted option ids"]
        return []

    def option_ids(self, options: list[str] | None) -> tuple[str, ...]:
        return self.fixed_options if self.fixed_options is not None else tuple(options or ())


class ScalePoll(PollKind):
    """How much, from 1 to 5: only the two ends carry words ("low" and "high")."""

    name = "scale"
    fixed_options = ("1", "2", "3", "4", "5")


POLL_KINDS: dict[str, PollKind] = {kind.name: kind for kind in (PollKind(), ScalePoll())}


def grade(question: Question, chosen: set[str]) -> Grade:
    """Grade one answer by the question's kind."""
    return question.type.grade(question, chosen)


def option_order(question: Question, seed: int | None) -> tuple[str, ...]:
    """The order one attempt shows a question's options in."""
    return question.type.option_order(question, seed)
