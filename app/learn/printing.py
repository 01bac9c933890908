"""A lesson as a print-ready pack, for classrooms without devices: the browser's "Save as PDF" makes the file.

The pack is one HTML page with a print stylesheet (static/print-pack.css), in parts that each start a new sheet:
the lesson text, the discussion activity, a worksheet, the quiz on paper, then the help lines. A signed-in teacher
also gets the answer key and the facilitator notes, on pages of their own; nobody else ever does.

What each part is made of, from content that already exists in every language:
- the discussion activity is the lesson's own boxes for learners: its scenarios (whose questions the lesson asks)
  and its discussion box. The facilitator notes' "Discussion prompts" are the teacher's material, with answers in
  brackets and advice on when to use them, so they stay in the teacher's part. The discussion box moves out of the
  lesson text to the activity page; a scenario stays in the text too, since the lesson's explanation follows it.
- the worksheet asks for the lesson's objectives in the learner's own words: what the lesson says a learner will
  be able to do, so it asks nothing of their own life.
"""

import re

from flask import abort, g, render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from app.age_choice import current_band
from app.content.course import Lesson
from app.hosting import absolute_url
from app.learn.views import bp, course, is_teacher

PAPERS = ("a4", "letter")
# The worksheet asks about this many objectives at most, with this many ruled lines in all: one sheet, A4 or Letter.
MAX_PROMPTS = 4
RULED_LINES_PER_SHEET = 17

_DIV_TAG = re.compile(r"<div[\s>]|</div>")
_HEADING_ID = re.compile(r'<(h[2-4]) id="[^"]*">')


@bp.route("/lessons/<lesson_id>/print")
def print_pack(lesson_id: str) -> ResponseReturnValue:
    """A lesson's printable pack. A read and nothing else: opening it records no progress, not even in the cookie."""
    band = current_band()
    item = course().lesson(g.lang, lesson_id, band) or abort(404)
    paper = request.args.get("paper", "a4")
    if paper not in PAPERS:
        paper = "a4"
    teacher = is_teacher()
    notes = course().lesson_notes(g.lang, lesson_id, band) if teacher else None
    safeguarding = course().safeguarding.get(g.lang) if notes else None
    prompts = worksheet_prompts(item)
    return render_template(
        "learn/print_pack.html",
        lesson=item,
        paper=paper,
        teacher=teacher,
        position=course().position(lesson_id, band),
        total=len(course().lesson_ids),
        band=band,
        lesson_text=without_boxes(item.html, "discussion"),
        activity=boxes(item.html, ("scenario", "discussion")),
        prompts=prompts,
        ruled_lines=RULED_LINES_PER_SHEET // max(len(prompts), 3),
        quiz=course().quizzes.get(lesson_id),
        danger=course().edition_danger_services(g.lang),
        services=course().featured_services(course().default_country[g.lang]),
        help_url=absolute_url("learn.help"),
        notes=without_heading_ids(notes.html) if notes else None,
        safeguarding=without_heading_ids(safeguarding.html) if safeguarding else None,
    )


def worksheet_prompts(lesson: Lesson) -> tuple[str, ...]:
    """Three or four of the lesson's objectives: the first three and the last (often where to get help)."""
    objectives = lesson.objectives
    if len(objectives) <= MAX_PROMPTS:
        return objectives
    return objectives[: MAX_PROMPTS - 1] + objectives[-1:]


def _box_spans(html: str, kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each admonition box of these kinds starts and ends in a lesson's sanitized HTML, in order.

    The HTML comes from nh3, so it is well formed: counting <div> and </div> finds each box's own end."""
    alternatives = "|".join(map(re.escape, kinds))
    starts = re.finditer(f'<div class="admonition ({alternatives})">', html)
    spans = []
    for start in starts:
        depth = 0
        for tag in _DIV_TAG.finditer(html, start.start()):
            depth += -1 if tag.group() == "</div>" else 1
            if depth == 0:
                spans.append((start.start(), tag.end()))
                break
    return spans


def boxes(html: Markup, kinds: tuple[str, ...]) -> list[Markup]:
    """The lesson's boxes of these kinds, as they are on screen."""
    return [Markup(html[a:b]) for a, b in _box_spans(str(html), kinds)]  # noqa: S704 - cut from sanitized HTML


def without_heading_ids(html: Markup) -> Markup:
    """A rendered text without its headings' anchors: the notes and the safeguarding section share some headings
    ("Sources"), and on one page their ids would clash."""
    return Markup(_HEADING_ID.sub(r"<\1>", str(html)))  # noqa: S704 - sanitized HTML with attributes taken out


def without_boxes(html: Markup, kind: str) -> Markup:
    """The lesson's HTML without its boxes of one kind."""
    text, kept, end = str(html), [], 0
    for a, b in _box_spans(text, (kind,)):
        kept.append(text[end:a])
        end = b
    kept.append(text[end:])
    return Markup("".join(kept))  # noqa: S704 - sanitized HTML with whole elements taken out
