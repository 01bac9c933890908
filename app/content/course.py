"""Frozen content objects and the lookups the web layer needs."""

from dataclasses import dataclass, field

from markupsafe import Markup

LANGUAGES = ("ko", "fr", "en")


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
    source_path: str
    reading_minutes: int = 1


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
    kind: str
    options: tuple[str, ...]
    answer: frozenset[str]


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
class Page:
    id: str
    lang: str
    title: str
    html: Markup


@dataclass(frozen=True)
class HelpService:
    id: str
    countries: tuple[str, ...]
    phone: str | None
    url: str | None
    serves: str
    offers: tuple[str, ...]
    featured: bool
    name: dict[str, str]
    hours: dict[str, str]
    about: dict[str, str]


@dataclass(frozen=True)
class Course:
    lesson_ids: tuple[str, ...]
    lessons: dict[str, dict[str, Lesson]]  # lessons[lang][lesson_id]
    notes: dict[str, dict[str, Markup]]  # notes[lang][lesson_id]
    quizzes: dict[str, Quiz]
    pages: dict[str, dict[str, Page]]  # pages[lang][page_id]
    countries: tuple[str, ...]
    default_country: dict[str, str]
    services: tuple[HelpService, ...] = field(default=())

    def lesson(self, lang: str, lesson_id: str) -> Lesson | None:
        return self.lessons.get(lang, {}).get(lesson_id)

    def ordered_lessons(self, lang: str) -> list[Lesson]:
        return [self.lessons[lang][lid] for lid in self.lesson_ids]

    def neighbours(self, lesson_id: str) -> tuple[str | None, str | None]:
        """The ids of the previous and next lessons in course order."""
        i = self.lesson_ids.index(lesson_id)
        prev_id = self.lesson_ids[i - 1] if i > 0 else None
        next_id = self.lesson_ids[i + 1] if i + 1 < len(self.lesson_ids) else None
        return prev_id, next_id

    def services_for(self, country: str) -> list[HelpService]:
        """National services first, then the international ones that work from anywhere."""
        national = [s for s in self.services if country in s.countries and "INTL" not in s.countries]
        international = [s for s in self.services if "INTL" in s.countries]
        return national + international

    def featured_services(self, country: str) -> list[HelpService]:
        return [s for s in self.services_for(country) if s.featured]

    def service(self, service_id: str) -> HelpService | None:
        return next((s for s in self.services if s.id == service_id), None)
