"""The age routes: each 12–14 version is simpler than the section it replaces, notes say what changes per band,
and no poll is left behind a section that a 12–14 class never sees."""

from pathlib import Path

from app.age_bands import OLDER, YOUNGER
from app.content.checks.texts import lesson_numbers, note_versions, text_size, version_label
from app.content.course import LANGUAGES, Course, Lesson
from app.content.poll_files import AFTER_LAST_SECTION
from app.content.problems import Problem


def age_routes(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang in LANGUAGES:
        for lid in course.lesson_ids:
            older = course.lesson(lang, lid, OLDER)
            younger = course.lesson(lang, lid, YOUNGER)
            if older is None or younger is None:
                continue
            rel = f"{root.name}/{lang}/lessons/{lid}.md"
            problems += [Problem(rel, m) for m in simpler_versions(lang, older, younger)]
            problems += [Problem(rel, m) for m in polls_seen_by_both(course, older, younger)]
            if lid in course.notes.get(lang, {}):
                notes_rel = f"{root.name}/{lang}/notes/{lid}.md"
                problems += [Problem(notes_rel, m) for m in notes_per_band(course, lang, lid)]
            problems += numbered_lessons_in_polls_and_quizzes(root, course, lang, lid)
        problems += numbered_lessons_in_texts(root, course, lang)
    return problems


def numbered_lessons_in_texts(root: Path, course: Course, lang: str) -> list[Problem]:
    """Lessons (each version), notes (each band's) and pages name other lessons by title."""
    texts = [
        (f"{root.name}/{lang}/lessons/{lesson.id}.md{version_label(lesson)}", lesson.source)
        for lesson in course.lesson_versions(lang)
    ]
    for lid in course.notes.get(lang, {}):
        texts += [
            (f"{root.name}/{lang}/notes/{lid}.md{label}", n.source) for label, n in note_versions(course, lang, lid)
        ]
    texts += [(f"{root.name}/{lang}/pages/{pid}.md", page.source) for pid, page in course.pages.get(lang, {}).items()]
    return [Problem(rel, m) for rel, text in texts for m in lesson_numbers(lang, text)]


def numbered_lessons_in_polls_and_quizzes(root: Path, course: Course, lang: str, lid: str) -> list[Problem]:
    """Poll notes and quiz explanations name lessons by title too: the number differs between the routes."""
    texts: list[tuple[str, str]] = []
    lesson_polls = course.polls.get(lid)
    if lesson_polls is not None:
        rel = f"{root.name}/{lang}/polls/{lid}.yaml"
        for poll_text in lesson_polls.words.get(lang, {}).values():
            texts += [(rel, poll_text.prompt), (rel, poll_text.note), *((rel, o) for o in poll_text.options.values())]
    quiz = course.quizzes.get(lid)
    if quiz is not None:
        rel = f"{root.name}/{lang}/quizzes/{lid}.yaml"
        for text in quiz.words.get(lang, {}).values():
            texts += [(rel, text.prompt), (rel, text.situation or "")]
            texts += [(rel, t) for o in text.options.values() for t in (o.label, o.explanation)]
    return [Problem(rel, m) for rel, text in texts for m in lesson_numbers(lang, text)]


def simpler_versions(lang: str, older: Lesson, younger: Lesson) -> list[str]:
    """A 12–14 version of a section is shorter than the section it replaces."""
    problems = []
    by_slot = {s.slot: s for s in older.sections}
    for section in younger.sections:
        original = by_slot.get(section.slot)
        if original is None or original.html == section.html:
            continue
        if text_size(lang, section.html) >= text_size(lang, original.html):
            problems.append(
                f"section {section.title!r} ({YOUNGER}) is as long as the section it simplifies "
                f"({original.title!r}): a 12–14 version says less, more simply"
            )
    return problems


def polls_seen_by_both(course: Course, older: Lesson, younger: Lesson) -> list[str]:
    """A poll placed after a 15–18-only section (with no 12–14 version) would ask a 12–14 class about a
    section it did not read."""
    lesson_polls = course.polls.get(older.id)
    if lesson_polls is None:
        return []
    shown = {s.slot for s in younger.sections}
    problems = []
    for poll in lesson_polls.polls:
        place = poll.after_section.get(older.lang)
        if place is None or place in (0, AFTER_LAST_SECTION) or place in shown:
            continue
        problems.append(
            f"poll {poll.id!r} comes after section {place} ({older.sections[place - 1].title!r}), which is for "
            f"{OLDER} only: place it after a section both bands read, or write that section's {YOUNGER} version"
        )
    return problems


def notes_per_band(course: Course, lang: str, lid: str) -> list[str]:
    """Facilitator notes say what changes for each band: a section of their own for each."""
    if len(note_versions(course, lang, lid)) > 1:
        return []
    return [
        f"the notes have no section for each age band: add '## … {{age={OLDER}}}' then "
        f"'## … {{age={YOUNGER}}}', saying what changes for each (sections, order, discussion)"
    ]
