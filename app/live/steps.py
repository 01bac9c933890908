"""A lesson cut into the steps of a live session: a start, its "##" sections with their polls in place, the quiz
questions if the teacher chose them, and an end that says where help is. Step keys don't depend on the language."""

import re
from dataclasses import dataclass

from markupsafe import Markup

from app.content.course import Course, Lesson, LessonSection, Poll, Question
from app.content.poll_files import AFTER_LAST_SECTION


@dataclass(frozen=True)
class Step:
    key: str  # "start", "s3", "s3-d1", "poll:<id>", "q:<id>", "end"
    kind: str  # "start", "section", "discussion", "poll", "question" or "end"
    section: LessonSection | None = None  # for a discussion: its title and the box alone
    poll: Poll | None = None
    question: Question | None = None

    @property
    def answerable(self) -> bool:
        return self.poll is not None or self.question is not None

    @property
    def option_ids(self) -> tuple[str, ...]:
        if self.poll is not None:
            return self.poll.options
        return self.question.options if self.question is not None else ()


def lesson_steps(course: Course, lesson: Lesson, with_quiz: bool) -> list[Step]:
    """Every step of a live session on `lesson` (one age band's version), in order.

    Sections and polls go by slot, the section's place in the whole (15–18) lesson: a 12–14 version of a section
    has its original's slot, so polls and step keys stay put. A poll behind a section the band doesn't read
    (`flask content check` refuses that) would still come, after the section before it."""
    lesson_polls = course.polls.get(lesson.id)
    polls = lesson_polls.polls if lesson_polls else ()
    slots = [section.slot for section in lesson.sections]

    def polls_between(first: int, last: int | None) -> list[Step]:
        """Polls placed after a slot from `first` up to, not including, `last` (None: to the end)."""
        places = [(p, p.after_section.get(lesson.lang)) for p in polls]
        placed = [
            p
            for p, place in places
            if place is not None
            and ((place == AFTER_LAST_SECTION and last is None) or (place >= first and (last is None or place < last)))
        ]
        return [Step(key=f"poll:{p.id}", kind="poll", poll=p) for p in placed]

    steps = [Step(key="start", kind="start"), *polls_between(0, slots[0] if slots else None)]
    for i, section in enumerate(lesson.sections):
        n = section.slot
        text, discussions = split_discussions(section)
        steps.append(Step(key=f"s{n}", kind="section", section=text))
        steps.extend(polls_between(n, slots[i + 1] if i + 1 < len(slots) else None))  # a poll opens the discussion
        steps.extend(
            Step(key=f"s{n}-d{k}", kind="discussion", section=box) for k, box in enumerate(discussions, start=1)
        )
    quiz = course.quizzes.get(lesson.id)
    if with_quiz and quiz is not None:
        steps.extend(Step(key=f"q:{q.id}", kind="question", question=q) for q in quiz.questions)
    steps.append(Step(key="end", kind="end"))
    return steps


# A lesson's "!!! discussion" box, as the Markdown renders it (its content is paragraphs and lists, never a div).
DISCUSSION_RE = re.compile(
    r'<div class="admonition discussion">\s*(?:<p class="admonition-title">(.*?)</p>)?(.*?)</div>', re.S
)


def split_discussions(section: LessonSection) -> tuple[LessonSection, list[LessonSection]]:
    """A section without its discussion boxes, and each box as a step of its own: the class talks about it on the
    projector while the section's text has gone."""
    html = str(section.html)
    boxes = [
        LessonSection(title=Markup(match.group(1) or "").striptags() or section.title, html=Markup(match.group(2)))  # noqa: S704 - sanitized at load
        for match in DISCUSSION_RE.finditer(html)
    ]
    rest = Markup(DISCUSSION_RE.sub("", html))  # noqa: S704 - sanitized at load
    return LessonSection(title=section.title, html=rest), boxes
