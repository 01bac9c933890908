"""Parse content/ into a Course. Every problem names the file and the field. Parsing only: the checks run on the
parsed Course (app.content.checks), and app.content.load_course puts the two together."""

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from app.age_bands import AGE_BANDS, DEFAULT_BAND, OLDER, YOUNGER
from app.content.bands import MarkedSection, MarkedText, read_marks
from app.content.confidence_files import read_confidence
from app.content.course import LANGUAGES, Course, HelpService, Lesson, LessonSection, Page, RenderedText
from app.content.course_file import (
    read_crisis_countries,
    read_default_countries,
    read_lesson_ids,
    read_listed,
    read_routes,
)
from app.content.help_files import read_cast, read_services
from app.content.poll_files import read_polls
from app.content.problems import ContentError, Problem
from app.content.quiz_files import read_quiz
from app.content.reader import FileReader
from app.content.rendering import render_markdown

__all__ = [
    "LETTER_IDS",
    "LETTER_PLACEHOLDERS",
    "PAGE_IDS",
    "SAFEGUARDING_ID",
    "ContentError",
    "Problem",
    "load_tree",
    "reading_minutes",
]

LESSON_FIELDS = {"title", "summary", "minutes", "objectives", "content_note"}
REQUIRED_LESSON_FIELDS = {"title", "summary", "minutes", "objectives"}
PAGE_IDS = ("about", "privacy", "staying-safe", "right-now", "parents", "if-you-shared")
# content/<lang>/letters/<id>.md: texts a teacher prints for a class (never public pages), with placeholders that
# the view fills in, escaped: {school} (typed by the teacher), {date} (today, in the language's own format) and
# {parents_url} (the parents' page, an absolute address from BASE_URL). Each letter uses every one of them.
LETTER_IDS = ("letter-home",)
LETTER_PLACEHOLDERS = ("school", "date", "parents_url")
# content/<lang>/notes/safeguarding.md: the reporting duties and disclosure steps, written once per language and
# shown under every lesson's facilitator notes (lesson notes link to it as #safeguarding).
SAFEGUARDING_ID = "safeguarding"

# resolve(scheme, id): the URL of a `lesson:`, `help:` or `page:` link in one language edition.
Resolver = Callable[[str, str], str]


def link_resolver(lang: str, services: dict[str, HelpService]) -> Resolver:
    """Turn lesson:, help: and page: links into URLs of the language edition."""

    def resolve(scheme: str, ident: str) -> str:
        if scheme == "lesson":
            return f"/{lang}/lessons/{ident}"
        if scheme == "page":
            return f"/{lang}/pages/{ident}"
        service = services.get(ident)
        if service is None:
            return f"/{lang}/help"
        country = next((c for c in service.countries if c != "INTL"), None)
        query = f"?country={country}" if country else ""
        return f"/{lang}/help{query}#{ident}"

    return resolve


def load_tree(root: Path) -> tuple[Course, list[Problem]]:
    """Read the whole tree. Returns what could be read and the problems found."""
    reader = FileReader(root)
    course_data = reader.yaml(root / "course.yaml") or {}
    lesson_ids = read_lesson_ids(reader, root / "course.yaml", course_data)
    countries, services = read_services(reader, root / "help.yaml")
    default_country = read_default_countries(reader, root / "course.yaml", course_data, countries)
    services_by_id = {s.id: s for s in services}

    band_lessons: dict[str, dict[str, dict[str, Lesson]]] = {band: {} for band in AGE_BANDS}
    band_notes: dict[str, dict[str, dict[str, RenderedText]]] = {band: {} for band in AGE_BANDS}
    pages: dict[str, dict[str, Page]] = {}
    letters: dict[str, dict[str, Page]] = {}
    safeguarding: dict[str, RenderedText] = {}
    for lang in LANGUAGES:
        resolve = link_resolver(lang, services_by_id)
        for band in AGE_BANDS:
            band_lessons[band][lang] = {}
            band_notes[band][lang] = {}
        for lid in lesson_ids:
            versions = _lesson(reader, root / lang / "lessons" / f"{lid}.md", lid, lang, resolve)
            for band, lesson in versions.items():
                band_lessons[band][lang][lid] = lesson
            note_path = root / lang / "notes" / f"{lid}.md"
            if note_path.is_file():
                for band, text in _notes(reader, note_path, resolve).items():
                    band_notes[band][lang][lid] = text
            else:
                reader.problem(note_path, "facilitator notes are missing")
        shared_path = root / lang / "notes" / f"{SAFEGUARDING_ID}.md"
        if shared_path.is_file():
            safeguarding[lang] = _rendered(shared_path, resolve)
        else:
            reader.problem(shared_path, "the shared safeguarding section is missing")
        pages[lang] = {}
        for pid in PAGE_IDS:
            page = _page(reader, root / lang / "pages" / f"{pid}.md", pid, lang, resolve)
            if page:
                pages[lang][pid] = page
        letters[lang] = {}
        for letter_id in LETTER_IDS:
            letter = _page(reader, root / lang / "letters" / f"{letter_id}.md", letter_id, lang, resolve, "letter")
            if letter:
                letters[lang][letter_id] = letter
        _stray_files(reader, root / lang, lesson_ids)

    lessons = band_lessons[DEFAULT_BAND]
    quizzes = {}
    polls = {}
    for lid in lesson_ids:
        quiz = read_quiz(reader, root, lid)
        if quiz:
            quizzes[lid] = quiz
        # Editions may differ in their sections (a law lesson covers each country): polls go by number, or "end".
        # A number counts the sections of the whole lesson (15–18); a 12–14 version of a section takes its place.
        sections = {lang: len(lessons[lang][lid].sections) for lang in LANGUAGES if lid in lessons[lang]}
        lesson_polls = read_polls(reader, root, lid, sections)
        if lesson_polls:
            polls[lid] = lesson_polls

    course = Course(
        lesson_ids=tuple(lesson_ids),
        lessons=lessons,
        notes=band_notes[DEFAULT_BAND],
        band_lessons=band_lessons,
        band_notes=band_notes,
        routes=read_routes(reader, root / "course.yaml", course_data, lesson_ids),
        quizzes=quizzes,
        pages=pages,
        letters=letters,
        countries=tuple(countries),
        default_country=default_country,
        services=tuple(services),
        safeguarding=safeguarding,
        cast=read_cast(reader, root / "cast.yaml"),
        crisis_countries=read_crisis_countries(reader, root / "course.yaml", course_data, countries),
        crisis_lessons=read_listed(reader, root / "course.yaml", course_data, "crisis_lessons", lesson_ids),
        crisis_pages=read_listed(reader, root / "course.yaml", course_data, "crisis_pages", PAGE_IDS),
        polls=polls,
        confidence=read_confidence(reader, root, lesson_ids),
    )
    return course, reader.problems


def _rendered(path: Path, resolve: Resolver) -> RenderedText:
    source = path.read_text(encoding="utf-8")
    return RenderedText(source=source, html=render_markdown(source, resolve))


def _notes(reader: FileReader, path: Path, resolve: Resolver) -> dict[str, RenderedText]:
    """Facilitator notes for each band: the unmarked sections, and the band's own (what changes for it)."""
    marked = _marks(reader, path, path.read_text(encoding="utf-8"))
    versions: dict[str, RenderedText] = {}
    for band in AGE_BANDS:
        source = marked.source_for(band)
        same = next((v for v in versions.values() if v.source == source), None)
        versions[band] = same or RenderedText(source=source, html=render_markdown(source, resolve))
    return versions


def _marks(reader: FileReader, path: Path, body: str) -> MarkedText:
    marked = read_marks(body)
    for problem in marked.problems:
        reader.problem(path, problem)
    return marked


def _lesson(reader: FileReader, path: Path, lid: str, lang: str, resolve: Resolver) -> dict[str, Lesson]:
    """The lesson as each age band reads it (one object for both when nothing is marked)."""
    post = reader.front_matter(path, "lesson")
    if post is None:
        return {}
    meta = post.metadata
    ok = True
    for key in sorted(set(meta) - LESSON_FIELDS):
        reader.problem(path, f"field '{key}' is not a lesson field (allowed: {', '.join(sorted(LESSON_FIELDS))})")
        ok = False
    for key in sorted(REQUIRED_LESSON_FIELDS - set(meta)):
        reader.problem(path, f"field '{key}' is missing")
        ok = False
    if not ok:
        return {}
    title = reader.text(path, meta, "title")
    summary = reader.text(path, meta, "summary")
    note = reader.text(path, meta, "content_note", required=False)
    if note and len(note) > 400:
        reader.problem(path, f"field 'content_note' is {len(note)} characters; keep it under 400")
    minutes = meta.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 5 <= minutes <= 90:
        reader.problem(path, f"field 'minutes' must be a whole number from 5 to 90, not {minutes!r}")
        minutes = None
    objectives = meta.get("objectives")
    if (
        not isinstance(objectives, list)
        or not 2 <= len(objectives) <= 6
        or not all(isinstance(o, str) and o.strip() for o in objectives)
    ):
        reader.problem(path, "field 'objectives' must be a list of 2 to 6 texts")
        objectives = None
    if not post.content.strip():
        reader.problem(path, "the lesson body is empty")
    if title is None or summary is None or minutes is None or objectives is None:
        return {}
    marked = _marks(reader, path, post.content)
    intro = render_markdown(marked.intro, resolve) if marked.intro.strip() else Markup("")
    # Each section once: the sections both bands read are the same objects in both versions.
    rendered = {
        s: LessonSection(title=s.title, html=render_markdown(s.source, resolve), slot=s.slot) for s in marked.sections
    }
    older = marked.source_for(OLDER)
    lesson = Lesson(
        id=lid,
        lang=lang,
        title=title,
        summary=summary,
        minutes=minutes,
        objectives=tuple(o.strip() for o in objectives),
        content_note=note,
        html=render_markdown(older, resolve),
        source=older,
        reading_minutes=reading_minutes(older, lang),
        intro=intro,
        sections=_sections(marked, OLDER, rendered),
        band=OLDER,
        marked=marked.marked,
    )
    if not marked.marked:
        return dict.fromkeys(AGE_BANDS, lesson)
    younger = marked.source_for(YOUNGER)
    return {
        OLDER: lesson,
        YOUNGER: replace(
            lesson,
            html=render_markdown(younger, resolve),
            source=younger,
            reading_minutes=reading_minutes(younger, lang),
            sections=_sections(marked, YOUNGER, rendered),
            band=YOUNGER,
        ),
    }


def _sections(marked: MarkedText, band: str, rendered: dict[MarkedSection, LessonSection]) -> tuple[LessonSection, ...]:
    return tuple(rendered[s] for s in marked.sections_for(band))


# Rough silent-reading speeds for teenagers: words a minute (en, fr), Hangul syllables a minute (ko).
READING_SPEED = {"en": 180, "fr": 170, "ko": 450}


def reading_minutes(body: str, lang: str) -> int:
    unit = r"[\uac00-\ud7a3]" if lang == "ko" else r"\w+"
    units = len(re.findall(unit, body))
    return max(1, round(units / READING_SPEED[lang]))


def _page(reader: FileReader, path: Path, pid: str, lang: str, resolve: Resolver, what: str = "page") -> Page | None:
    post = reader.front_matter(path, what)
    if post is None:
        return None
    title = reader.text(path, post.metadata, "title")
    if title is None:
        return None
    return Page(id=pid, lang=lang, title=title, html=render_markdown(post.content, resolve), source=post.content)


def _stray_files(reader: FileReader, lang_dir: Path, lesson_ids: list[str]) -> None:
    """A lesson file that course.yaml does not list would silently never show."""
    for sub, suffix in (("lessons", ".md"), ("notes", ".md"), ("quizzes", ".yaml"), ("polls", ".yaml")):
        for path in sorted((lang_dir / sub).glob(f"*{suffix}")):
            if path.stem not in lesson_ids and not (sub == "notes" and path.stem == SAFEGUARDING_ID):
                reader.problem(path, f"'{path.stem}' is not a lesson listed in course.yaml")
    # A page or letter needs its id in the code too (a route, a footer link): a file alone never shows.
    for sub, known in (("pages", PAGE_IDS), ("letters", LETTER_IDS)):
        for path in sorted((lang_dir / sub).glob("*.md")):
            if path.stem not in known:
                reader.problem(path, f"'{path.stem}' is not one of the known {sub} ({', '.join(known)})")
