"""Frozen content objects and the lookups the web layer needs."""

from dataclasses import dataclass, field

from markupsafe import Markup

from app.age_bands import AGE_BANDS, DEFAULT_BAND
from app.content.kinds import KINDS, POLL_KINDS, PollKind, SingleChoice
from app.languages import LANGUAGES

__all__ = ["LANGUAGES", "Course", "Lesson", "Page", "Question", "Quiz", "RenderedText"]


@dataclass(frozen=True)
class RenderedText:
    """A Markdown text and its sanitized HTML; templates print it as the HTML."""

    source: str
    html: Markup

    def __html__(self) -> str:
        return str(self.html)


@dataclass(frozen=True)
class LessonSection:
    """One "##" section of a lesson: a step of a live lesson."""

    title: str
    html: Markup
    # Its place among the sections of the whole (15–18) lesson, from 1: polls are placed by it, and a 12–14
    # version of a section takes the place of the section it replaces.
    slot: int = 0


@dataclass(frozen=True)
class Lesson:
    id: str
    lang: str
    title: str
    summary: str
    minutes: int
    objectives: tuple[str, ...]
    content_note: str | None
    html: Markup
    source: str  # the Markdown body, for the checks
    reading_minutes: int = 1
    intro: Markup = Markup("")  # the text before the first "##" heading
    sections: tuple[LessonSection, ...] = ()
    band: str = DEFAULT_BAND  # the age route this version of the lesson is for
    marked: bool = False  # whether the file marks sections by age (else both bands read the same lesson)


@dataclass(frozen=True)
class OptionText:
    label: str
    explanation: str


@dataclass(frozen=True)
class QuestionText:
    prompt: str
    situation: str | None
    options: dict[str, OptionText]


@dataclass(frozen=True)
class Question:
    """A question's structure, shared by every language."""

    id: str
    kind: str  # a key of KINDS
    options: tuple[str, ...]
    answer: frozenset[str]

    @property
    def type(self) -> SingleChoice:
        """The kind's behaviour: validation, grading, option order, form field."""
        return KINDS[self.kind]


@dataclass(frozen=True)
class Quiz:
    lesson_id: str
    pass_mark: int
    questions: tuple[Question, ...]
    # words[lang][question_id]
    words: dict[str, dict[str, QuestionText]]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Poll:
    """An anonymous discussion poll's structure, shared by every language (content/polls/<lesson>.yaml)."""

    id: str
    kind: str  # a key of POLL_KINDS
    # after_section[lang]: shown after the edition's n-th "##" section; 0: before the first; -1: after the last
    after_section: dict[str, int]
    options: tuple[str, ...]  # the option ids ("1" to "5" for a scale)

    @property
    def type(self) -> PollKind:
        return POLL_KINDS[self.kind]


@dataclass(frozen=True)
class PollText:
    """A poll's words in one language: learners read the prompt and options; the note is for the teacher."""

    prompt: str
    options: dict[str, str]  # option id -> label (for a scale: "1" and "5" carry the end labels)
    note: str


@dataclass(frozen=True)
class LessonPolls:
    lesson_id: str
    polls: tuple[Poll, ...]
    words: dict[str, dict[str, PollText]]  # words[lang][poll_id]


@dataclass(frozen=True)
class ConfidenceCheck:
    """A lesson's start-and-end check: the same 2–3 statements before and after, each rated from 1 to 5."""

    lesson_id: str
    statements: tuple[str, ...]  # statement ids, shared by every language
    words: dict[str, dict[str, str]]  # words[lang][statement_id]


@dataclass(frozen=True)
class Page:
    id: str
    lang: str
    title: str
    html: Markup
    source: str  # the Markdown body, for the checks


# What a help service is for. Crisis and emergency lines stand apart, first on the help page.
SERVICE_KINDS = ("crisis", "emergency", "support")


@dataclass(frozen=True)
class HelpService:
    id: str
    kind: str  # one of SERVICE_KINDS
    countries: tuple[str, ...]
    phone: str | None
    url: str | None
    serves: str
    offers: tuple[str, ...]
    featured: bool
    name: dict[str, str]
    hours: dict[str, str]
    about: dict[str, str]


CAST_ROLES = ("target", "harm", "upstander", "friend", "adult")


@dataclass(frozen=True)
class CastEdition:
    """One language's fictional characters (content/cast.yaml): each name holds one role in the whole course."""

    roles: dict[str, str]  # name -> role
    common: frozenset[str]  # the country's commonest teen first names: never for someone who does harm
    not_names: frozenset[str]  # capitalised words in scenarios that are not people


@dataclass(frozen=True)
class Course:
    lesson_ids: tuple[str, ...]
    lessons: dict[str, dict[str, Lesson]]  # lessons[lang][lesson_id]
    notes: dict[str, dict[str, RenderedText]]  # notes[lang][lesson_id]
    quizzes: dict[str, Quiz]
    pages: dict[str, dict[str, Page]]  # pages[lang][page_id]
    countries: tuple[str, ...]
    default_country: dict[str, str]
    services: tuple[HelpService, ...] = field(default=())
    # safeguarding[lang]: the shared safeguarding section shown under every lesson's facilitator notes
    safeguarding: dict[str, RenderedText] = field(default_factory=dict)
    cast: dict[str, CastEdition] = field(default_factory=dict)
    # crisis_countries[lang]: whose crisis lines that edition must show where a learner may be in danger
    crisis_countries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    crisis_lessons: tuple[str, ...] = ()
    crisis_pages: tuple[str, ...] = ()
    polls: dict[str, LessonPolls] = field(default_factory=dict)  # polls[lesson_id]: live discussion polls
    confidence: dict[str, ConfidenceCheck] = field(default_factory=dict)  # confidence[lesson_id]
    # letters[lang][letter_id]: texts a teacher prints (the letter home), with {placeholders} the view fills in
    letters: dict[str, dict[str, Page]] = field(default_factory=dict)
    # The age routes. `lessons` and `notes` are the whole texts (15–18); band_lessons[band][lang][lesson_id] and
    # band_notes[band][lang][lesson_id] are each band's versions (the same objects where nothing is marked).
    band_lessons: dict[str, dict[str, dict[str, Lesson]]] = field(default_factory=dict)
    band_notes: dict[str, dict[str, dict[str, RenderedText]]] = field(default_factory=dict)
    routes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # routes[band]: its lesson order

    def lesson(self, lang: str, lesson_id: str, band: str = DEFAULT_BAND) -> Lesson | None:
        lessons = self.band_lessons.get(band, self.lessons)
        return lessons.get(lang, {}).get(lesson_id)

    def lesson_notes(self, lang: str, lesson_id: str, band: str = DEFAULT_BAND) -> RenderedText | None:
        """The facilitator notes for a class of `band`: the unmarked sections and that band's own."""
        notes = self.band_notes.get(band, self.notes)
        return notes.get(lang, {}).get(lesson_id)

    def route(self, band: str = DEFAULT_BAND) -> tuple[str, ...]:
        """The lesson ids in the order a band takes them."""
        return self.routes.get(band, self.lesson_ids)

    def ordered_lessons(self, lang: str, band: str = DEFAULT_BAND) -> list[Lesson]:
        lessons = self.band_lessons.get(band, self.lessons)[lang]
        return [lessons[lid] for lid in self.route(band)]

    def position(self, lesson_id: str, band: str = DEFAULT_BAND) -> int:
        """The lesson's number in the band's route, from 1."""
        return self.route(band).index(lesson_id) + 1

    def neighbours(self, lesson_id: str, band: str = DEFAULT_BAND) -> tuple[str | None, str | None]:
        """The ids of the previous and next lessons in the band's order."""
        order = self.route(band)
        i = order.index(lesson_id)
        prev_id = order[i - 1] if i > 0 else None
        next_id = order[i + 1] if i + 1 < len(order) else None
        return prev_id, next_id

    def lesson_versions(self, lang: str) -> list[Lesson]:
        """Every band's version of every lesson of an edition, each once: what the checks read."""
        seen: dict[int, Lesson] = {}
        for band in AGE_BANDS:
            for lesson in self.band_lessons.get(band, self.lessons).get(lang, {}).values():
                seen.setdefault(id(lesson), lesson)
        return list(seen.values())

    def services_for(self, country: str) -> list[HelpService]:
        """Support services: national ones first, then the international ones that work from anywhere."""
        support = [s for s in self.services if s.kind == "support"]
        national = [s for s in support if country in s.countries and "INTL" not in s.countries]
        international = [s for s in support if "INTL" in s.countries]
        return national + international

    def danger_services(self, country: str) -> list[HelpService]:
        """Crisis lines then emergency numbers for a country: the "in danger now" block."""
        here = [s for s in self.services if s.kind != "support" and country in s.countries]
        return sorted(here, key=lambda s: SERVICE_KINDS.index(s.kind))

    def edition_danger_services(self, lang: str) -> list[HelpService]:
        """The crisis lines, then the emergency numbers, of the countries an edition is written for (its default
        country where none is listed): what live lessons and printed packs show wherever a learner may be in danger."""
        countries = self.crisis_countries.get(lang) or (self.default_country[lang],)
        lines = list({s.id: s for c in countries for s in self.danger_services(c)}.values())
        lines.sort(key=lambda s: s.kind != "crisis")
        return lines

    def featured_services(self, country: str) -> list[HelpService]:
        return [s for s in self.services_for(country) if s.featured]

    def service(self, service_id: str) -> HelpService | None:
        return next((s for s in self.services if s.id == service_id), None)
