"""What a step says in one language: its title, its text, and its options in the order the session shows them."""

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from app.content.course import Course, Lesson
from app.content.kinds import option_order
from app.live.steps import Step


@dataclass(frozen=True)
class StepText:
    title: str
    html: Markup  # the section's text, or a question's situation
    prompt: str | None
    options: list[tuple[str, str]]  # (option id, label) in the order shown
    note: str | None  # for the teacher: the poll's note, or the question's right answer and why
    right: frozenset[str]  # a question's answer key (teacher screens only, and the projector once revealed)
    explanations: dict[str, str]


def step_text(course: Course, lesson: Lesson, step: Step, seed: int) -> StepText:
    lang = lesson.lang
    if step.poll is not None:
        words = course.polls[lesson.id].words[lang][step.poll.id]
        if step.poll.type.fixed_options is not None:  # a scale: the ends carry words
            options = [(o, f"{o} · {words.options[o]}" if o in words.options else o) for o in step.poll.options]
        else:
            options = [(o, words.options[o]) for o in step.poll.options]
        return StepText(_("Poll"), Markup(""), words.prompt, options, words.note, frozenset(), {})
    if step.question is not None:
        question = step.question
        text = course.quizzes[lesson.id].words[lang][question.id]
        options = [(o, text.options[o].label) for o in option_order(question, seed)]
        right_labels = ", ".join(text.options[o].label for o in question.options if o in question.answer)
        return StepText(
            _("Question"),
            Markup.escape(text.situation or ""),
            text.prompt,
            options,
            _("Right answer: %(answer)s", answer=right_labels),
            question.answer,
            {o: text.options[o].explanation for o in question.options},
        )
    if step.section is not None:
        return StepText(step.section.title, step.section.html, None, [], None, frozenset(), {})
    if step.kind == "start":
        return StepText(lesson.title, lesson.intro, None, [], None, frozenset(), {})
    return StepText(_("Thank you for taking part"), Markup(""), None, [], None, frozenset(), {})


H2_RE = re.compile(r"(?=<h2[\s>])")
H2_TITLE_RE = re.compile(r"<h2[^>]*>(.*?)</h2>", re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")


def note_sections(html: Markup) -> list[tuple[str, Markup]]:
    """The facilitator notes cut at their "##" headings, for the presenter's panel: (title, HTML) pairs."""
    parts = []
    for chunk in H2_RE.split(str(html)):
        title = H2_TITLE_RE.search(chunk)
        if title:
            parts.append((TAG_RE.sub("", title.group(1)).strip(), Markup(chunk)))  # noqa: S704 - sanitized at load
    return parts


def step_label(course: Course, lesson: Lesson, step: Step) -> str:
    """A step's name in the presenter's list of steps."""
    if step.poll is not None:
        return _("Poll: %(prompt)s", prompt=course.polls[lesson.id].words[lesson.lang][step.poll.id].prompt)
    if step.question is not None:
        prompt = course.quizzes[lesson.id].words[lesson.lang][step.question.id].prompt
        return _("Question: %(prompt)s", prompt=prompt)
    if step.section is not None:
        return step.section.title
    return _("Start") if step.kind == "start" else _("End: where to find help")
