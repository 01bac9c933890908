"""Whole-course checks across languages, on the parsed Course (no file is read again). Each returns
Problem(path, message); the CLI, start-up and tests share them."""

from pathlib import Path

from app.content.checks.bands import age_routes
from app.content.checks.people import cast_names, cast_roles, crisis_lines
from app.content.checks.quizzes import QuizFigures, quiz_balance, quiz_figures, quiz_shape
from app.content.checks.texts import (
    NOTE_REPEATS,
    SAFEGUARDING_LINK,
    anchors,
    boxes,
    contacts,
    detect_language,
    help_contacts,
    language,
    length,
    links,
    note_versions,
    placeholders,
    sources_heading,
    sources_last,
    version_label,
)
from app.content.course import LANGUAGES, Course
from app.content.loader import SAFEGUARDING_ID, load_tree
from app.content.problems import Problem

__all__ = ["QuizFigures", "check_course", "check_editorial", "check_tree", "detect_language", "quiz_figures"]


def check_tree(root: str | Path) -> list[Problem]:
    """Everything `flask content check` reports: parse problems, cross-language checks, then the editorial
    rules that protect learners."""
    root = Path(root)
    course, problems = load_tree(root)
    return problems + check_course(root, course) + check_editorial(root, course)


def check_course(root: Path, course: Course) -> list[Problem]:
    """What start-up refuses too: lengths, languages, boxes, contacts, links, notes sections, quiz shape."""
    problems: list[Problem] = []
    known_phones, known_hosts = help_contacts(course)
    for lang in LANGUAGES:
        for lesson in course.lesson_versions(lang):  # each age band's version, when the file marks sections
            rel = f"{root.name}/{lang}/lessons/{lesson.id}.md{version_label(lesson)}"
            body = lesson.source
            problems += [Problem(rel, m) for m in length(lang, body)]
            problems += [Problem(rel, m) for m in language(lang, body)]
            problems += [Problem(rel, m) for m in boxes(body)]
            problems += [Problem(rel, m) for m in contacts(body, known_phones, known_hosts)]
            problems += [Problem(rel, m) for m in links(body, course)]
            problems += [Problem(rel, m) for m in loose_list_items(str(lesson.html))]
        for lid in course.notes.get(lang, {}):
            for label, notes in note_versions(course, lang, lid):
                rel = f"{root.name}/{lang}/notes/{lid}.md{label}"
                problems += [Problem(rel, m) for m in sources_last(lang, notes.source)]
                problems += [Problem(rel, m) for m in links(notes.source, course)]
                problems += [Problem(rel, m) for m in language(lang, notes.source)]
        for pid, page in course.pages.get(lang, {}).items():
            rel = f"{root.name}/{lang}/pages/{pid}.md"
            problems += [Problem(rel, m) for m in links(page.source, course)]
            problems += [Problem(rel, m) for m in contacts(page.source, known_phones, known_hosts)]
            problems += [Problem(rel, m) for m in loose_list_items(str(page.html))]
            problems += [Problem(rel, m) for m in language(lang, page.source)]
            problems += [Problem(rel, m) for m in anchors(page.html)]
        for letter_id, letter in course.letters.get(lang, {}).items():
            rel = f"{root.name}/{lang}/letters/{letter_id}.md"
            problems += [Problem(rel, m) for m in links(letter.source, course)]
            problems += [Problem(rel, m) for m in contacts(letter.source, known_phones, known_hosts)]
            problems += [Problem(rel, m) for m in language(lang, letter.source)]
            problems += [Problem(rel, m) for m in placeholders(letter.source)]
    for lid, quiz in course.quizzes.items():
        rel = f"{root.name}/quizzes/{lid}.yaml"
        problems += [Problem(rel, m) for m in quiz_shape(quiz)]
    return problems


def loose_list_items(html: str) -> list[str]:
    """A list nested under a numbered item needs 4 spaces; with fewer, Markdown prints "- …" inside a paragraph."""
    return (
        ["a list item shows as text ('- …' in a paragraph): indent a nested list by 4 spaces"] if "\n- " in html else []
    )


def check_editorial(root: Path, course: Course) -> list[Problem]:
    """Rules for what learners read: balanced quizzes, the cast, crisis lines, the shared safeguarding section.
    `make test` and CI run them through `flask content check`; start-up only refuses content it cannot serve."""
    problems = _safeguarding(root, course)
    problems += quiz_balance(root, course)
    problems += cast_roles(root, course)
    problems += cast_names(root, course)
    problems += crisis_lines(root, course)
    problems += _content_notes(root, course)
    problems += age_routes(root, course)
    return problems


def _safeguarding(root: Path, course: Course) -> list[Problem]:
    """The shared section is whole, and every lesson's notes link it."""
    problems = []
    for lang in LANGUAGES:
        shared = course.safeguarding.get(lang)
        if shared is not None:
            rel = f"{root.name}/{lang}/notes/{SAFEGUARDING_ID}.md"
            problems += [Problem(rel, m) for m in sources_heading(lang, shared.source)]
            problems += [Problem(rel, m) for m in language(lang, shared.source)]
            problems += [Problem(rel, m) for m in links(shared.source, course)]
        for lid, notes in course.notes.get(lang, {}).items():
            if SAFEGUARDING_LINK not in notes.source:
                problems.append(
                    Problem(
                        f"{root.name}/{lang}/notes/{lid}.md",
                        "facilitator notes must link the shared safeguarding section with (#safeguarding)",
                    )
                )
    return problems


def _content_notes(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang in LANGUAGES:
        for lesson in course.lessons.get(lang, {}).values():
            if lesson.content_note and NOTE_REPEATS[lang].search(lesson.content_note):
                problems.append(
                    Problem(
                        f"{root.name}/{lang}/lessons/{lesson.id}.md",
                        "field 'content_note' "
                        "repeats the box: its heading already says what it is, and the box "
                        "already says how to stop, skip or leave; say only what is inside",
                    )
                )
    return problems
