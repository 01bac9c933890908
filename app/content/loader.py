"""Parse content/ into a Course. Every problem names the file and the field."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from app.content.course import (
    CAST_ROLES,
    LANGUAGES,
    SERVICE_KINDS,
    CastEdition,
    Course,
    HelpService,
    Lesson,
    OptionText,
    Page,
    Question,
    QuestionText,
    Quiz,
)
from app.content.kinds import KINDS, TRUE_FALSE_OPTIONS
from app.content.rendering import render_markdown

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LESSON_FIELDS = {"title", "summary", "minutes", "objectives", "content_note"}
REQUIRED_LESSON_FIELDS = {"title", "summary", "minutes", "objectives"}
OFFERS = ("removal", "counselling", "police", "emergency", "hashing", "reporting", "legal")
SERVES = ("minors", "adults", "all")
PAGE_IDS = ("about", "privacy", "staying-safe", "right-now")
# content/<lang>/notes/safeguarding.md: the reporting duties and disclosure steps, written once per language and
# shown under every lesson's facilitator notes (lesson notes link to it as #safeguarding).
SAFEGUARDING_ID = "safeguarding"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ContentError(Exception):
    """Raised at start-up when the content tree has problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"content/ has {len(problems)} problem(s):\n{listing}")


class _Reader:
    """Collects problems while reading, so one run reports all of them."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.rel(path), message))

    def yaml(self, path: Path) -> Any:
        if not path.is_file():
            self.problem(path, "file is missing")
            return None
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            self.problem(path, f"YAML does not parse: {exc}")
            return None

    def text(self, path: Path, data: dict, key: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(path, f"field '{key}' is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"field '{key}' must be non-empty text")
            return None
        return value.strip()


def link_resolver(lang: str, services: dict[str, HelpService]):
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
    reader = _Reader(root)
    course_data = reader.yaml(root / "course.yaml") or {}
    lesson_ids = _lesson_ids(reader, root / "course.yaml", course_data)
    countries, services = _services(reader, root / "help.yaml")
    default_country = _default_countries(reader, root / "course.yaml", course_data, countries)
    services_by_id = {s.id: s for s in services}

    lessons: dict[str, dict[str, Lesson]] = {}
    notes = {}
    pages = {}
    safeguarding = {}
    for lang in LANGUAGES:
        resolve = link_resolver(lang, services_by_id)
        lessons[lang] = {}
        notes[lang] = {}
        for lid in lesson_ids:
            lesson = _lesson(reader, root / lang / "lessons" / f"{lid}.md", lid, lang, resolve)
            if lesson:
                lessons[lang][lid] = lesson
            note_path = root / lang / "notes" / f"{lid}.md"
            if note_path.is_file():
                notes[lang][lid] = render_markdown(note_path.read_text(encoding="utf-8"), resolve)
            else:
                reader.problem(note_path, "facilitator notes are missing")
        shared_path = root / lang / "notes" / f"{SAFEGUARDING_ID}.md"
        if shared_path.is_file():
            safeguarding[lang] = render_markdown(shared_path.read_text(encoding="utf-8"), resolve)
        else:
            reader.problem(shared_path, "the shared safeguarding section is missing")
        pages[lang] = {}
        for pid in PAGE_IDS:
            page = _page(reader, root / lang / "pages" / f"{pid}.md", pid, lang, resolve)
            if page:
                pages[lang][pid] = page
        _stray_files(reader, root / lang, lesson_ids)

    quizzes = {}
    for lid in lesson_ids:
        quiz = _quiz(reader, root, lid)
        if quiz:
            quizzes[lid] = quiz

    course = Course(
        lesson_ids=tuple(lesson_ids), lessons=lessons, notes=notes, quizzes=quizzes, pages=pages,
        countries=tuple(countries), default_country=default_country, services=tuple(services),
        safeguarding=safeguarding, cast=_cast(reader, root / "cast.yaml"),
        crisis_countries=_crisis_countries(reader, root / "course.yaml", course_data, countries),
        crisis_lessons=_listed(reader, root / "course.yaml", course_data, "crisis_lessons", lesson_ids),
        crisis_pages=_listed(reader, root / "course.yaml", course_data, "crisis_pages", PAGE_IDS),
    )
    return course, reader.problems


def load_course(root: str | Path) -> Course:
    """Load, validate and render the content once; raise ContentError naming every problem."""
    from app.content.checks import check_course

    root = Path(root)
    course, problems = load_tree(root)
    problems += check_course(root, course) if not problems else []
    if problems:
        raise ContentError(problems)
    return course


def _lesson_ids(reader: _Reader, path: Path, data: dict) -> list[str]:
    ids = data.get("lessons")
    if not isinstance(ids, list) or not ids:
        reader.problem(path, "field 'lessons' must be a non-empty list of lesson ids")
        return []
    good = []
    for lid in ids:
        if not isinstance(lid, str) or not ID_RE.match(lid):
            reader.problem(path, f"field 'lessons': {lid!r} is not a valid id (lowercase letters, digits, hyphens)")
        elif lid in good:
            reader.problem(path, f"field 'lessons': {lid!r} is listed twice")
        else:
            good.append(lid)
    return good


def _default_countries(reader, path, data, countries) -> dict[str, str]:
    defaults = data.get("default_country") or {}
    result = {}
    for lang in LANGUAGES:
        code = defaults.get(lang) if isinstance(defaults, dict) else None
        if code not in countries:
            reader.problem(path, f"field 'default_country.{lang}': {code!r} is not a country in help.yaml")
            code = "INTL"
        result[lang] = code
    return result


def _crisis_countries(reader, path, data, countries) -> dict[str, tuple[str, ...]]:
    raw = data.get("crisis_countries") or {}
    result = {}
    for lang in LANGUAGES:
        codes = raw.get(lang) if isinstance(raw, dict) else None
        if not isinstance(codes, list) or not codes or not set(codes) <= set(countries) - {"INTL"}:
            reader.problem(path, f"field 'crisis_countries.{lang}' must list national country codes from help.yaml")
            codes = []
        result[lang] = tuple(codes)
    return result


def _listed(reader, path, data, key, known) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not set(value) <= set(known):
        reader.problem(path, f"field '{key}' must list ids from: {', '.join(known)}")
        return ()
    return tuple(value)


def _cast(reader: _Reader, path: Path) -> dict[str, CastEdition]:
    """content/cast.yaml: per language, each name with one role, the common names and the non-name capitals."""
    data = reader.yaml(path)
    if not isinstance(data, dict):
        if data is not None:
            reader.problem(path, "the cast must map each language to its characters")
        return {}
    editions = {}
    for lang in LANGUAGES:
        raw = data.get(lang)
        if not isinstance(raw, dict) or not isinstance(raw.get("cast"), dict):
            reader.problem(path, f"field '{lang}.cast' must map names to their role")
            continue
        roles = {}
        for name, entry in raw["cast"].items():
            role = entry.get("role") if isinstance(entry, dict) else None
            if role not in CAST_ROLES:
                reader.problem(path, f"{lang}: '{name}' needs a role, one of {', '.join(CAST_ROLES)}")
                continue
            roles[str(name)] = role
        lists = {}
        for key in ("common", "not_names"):
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                reader.problem(path, f"field '{lang}.{key}' must be a list of words")
                value = []
            lists[key] = frozenset(value)
        editions[lang] = CastEdition(roles=roles, common=lists["common"], not_names=lists["not_names"])
    return editions


def _front_matter(reader: _Reader, path: Path, what: str) -> frontmatter.Post | None:
    if not path.is_file():
        reader.problem(path, f"{what} is missing in this language")
        return None
    try:
        return frontmatter.loads(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError) as exc:
        reader.problem(path, f"front matter does not parse: {exc}")
        return None


def _lesson(reader: _Reader, path: Path, lid: str, lang: str, resolve) -> Lesson | None:
    post = _front_matter(reader, path, "lesson")
    if post is None:
        return None
    meta = post.metadata
    ok = True
    for key in sorted(set(meta) - LESSON_FIELDS):
        reader.problem(path, f"field '{key}' is not a lesson field (allowed: {', '.join(sorted(LESSON_FIELDS))})")
        ok = False
    for key in sorted(REQUIRED_LESSON_FIELDS - set(meta)):
        reader.problem(path, f"field '{key}' is missing")
        ok = False
    if not ok:
        return None
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
    if (not isinstance(objectives, list) or not 2 <= len(objectives) <= 6
            or not all(isinstance(o, str) and o.strip() for o in objectives)):
        reader.problem(path, "field 'objectives' must be a list of 2 to 6 texts")
        objectives = None
    if not post.content.strip():
        reader.problem(path, "the lesson body is empty")
    if None in (title, summary, minutes, objectives):
        return None
    return Lesson(
        id=lid, lang=lang, title=title, summary=summary, minutes=minutes,
        objectives=tuple(o.strip() for o in objectives), content_note=note,
        html=render_markdown(post.content, resolve), source_path=reader.rel(path),
        reading_minutes=reading_minutes(post.content, lang),
    )


# Rough silent-reading speeds for teenagers: words a minute (en, fr), Hangul syllables a minute (ko).
READING_SPEED = {"en": 180, "fr": 170, "ko": 450}


def reading_minutes(body: str, lang: str) -> int:
    if lang == "ko":
        units = len(re.findall(r"[\uac00-\ud7a3]", body))
    else:
        units = len(re.findall(r"\w+", body))
    return max(1, round(units / READING_SPEED[lang]))


def _page(reader: _Reader, path: Path, pid: str, lang: str, resolve) -> Page | None:
    post = _front_matter(reader, path, "page")
    if post is None:
        return None
    title = reader.text(path, post.metadata, "title")
    if title is None:
        return None
    return Page(id=pid, lang=lang, title=title, html=render_markdown(post.content, resolve))


def _stray_files(reader: _Reader, lang_dir: Path, lesson_ids: list[str]) -> None:
    """A lesson file that course.yaml does not list would silently never show."""
    for sub, suffix in (("lessons", ".md"), ("notes", ".md"), ("quizzes", ".yaml")):
        for path in sorted((lang_dir / sub).glob(f"*{suffix}")):
            if path.stem not in lesson_ids and not (sub == "notes" and path.stem == SAFEGUARDING_ID):
                reader.problem(path, f"'{path.stem}' is not a lesson listed in course.yaml")


def _quiz(reader: _Reader, root: Path, lid: str) -> Quiz | None:
    path = root / "quizzes" / f"{lid}.yaml"
    data = reader.yaml(path)
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list) or not data["questions"]:
        reader.problem(path, "field 'questions' must be a non-empty list")
        return None
    questions = []
    for n, raw in enumerate(data["questions"], start=1):
        question = _question(reader, path, n, raw)
        if question:
            if any(q.id == question.id for q in questions):
                reader.problem(path, f"question {n}: id '{question.id}' is used twice")
            questions.append(question)
    pass_mark = data.get("pass_mark")
    if not isinstance(pass_mark, int) or isinstance(pass_mark, bool) or not 1 <= pass_mark <= len(questions):
        reader.problem(path, f"field 'pass_mark' must be a whole number from 1 to {len(questions)}")
        pass_mark = None
    words = {lang: _quiz_words(reader, root / lang / "quizzes" / f"{lid}.yaml", questions)
             for lang in LANGUAGES}
    if pass_mark is None or len(questions) != len(data["questions"]) or None in words.values():
        return None
    return Quiz(lesson_id=lid, pass_mark=pass_mark, questions=tuple(questions), words=words)


def _question(reader: _Reader, path: Path, n: int, raw: Any) -> Question | None:
    where = f"question {n}"
    if not isinstance(raw, dict):
        reader.problem(path, f"{where} must be a mapping")
        return None
    qid, kind, options, answer = raw.get("id"), raw.get("kind"), raw.get("options"), raw.get("answer")
    ok = True
    if not isinstance(qid, str) or not ID_RE.match(qid):
        reader.problem(path, f"{where}: field 'id' must be a quoted id such as \"my-question\", not {qid!r}")
        ok = False
    else:
        where = f"question '{qid}'"
    if kind not in KINDS:
        reader.problem(path, f"{where}: field 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
        ok = False
    if (not isinstance(options, list) or len(options) < 2
            or not all(isinstance(o, str) and ID_RE.match(o) for o in options)):
        reader.problem(path, f"{where}: field 'options' must list at least two quoted option ids")
        return None
    if len(set(options)) != len(options):
        reader.problem(path, f"{where}: field 'options' repeats an id")
        ok = False
    if not isinstance(answer, list) or not answer or not all(isinstance(a, str) for a in answer):
        reader.problem(path, f"{where}: field 'answer' must list the right option ids")
        return None
    unknown = [a for a in answer if a not in options]
    if unknown:
        reader.problem(path, f"{where}: field 'answer' names {', '.join(unknown)}, not among the options")
        ok = False
    if kind == "true_false" and tuple(options) != TRUE_FALSE_OPTIONS:
        reader.problem(path, f"{where}: a true_false question's options must be [\"true\", \"false\"]")
        ok = False
    if kind in KINDS and not KINDS[kind].multiple_answers and len(answer) != 1:
        reader.problem(path, f"{where}: a {kind} question has exactly one right answer")
        ok = False
    if not ok:
        return None
    return Question(id=qid, kind=kind, options=tuple(options), answer=frozenset(answer))


def _quiz_words(reader: _Reader, path: Path, questions: list[Question]) -> dict[str, QuestionText] | None:
    data = reader.yaml(path)
    if data is None:
        return None
    texts = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(texts, dict):
        reader.problem(path, "field 'questions' must map question ids to their words")
        return None
    ok = True
    for extra in sorted(set(texts) - {q.id for q in questions}):
        reader.problem(path, f"question '{extra}' is not in the shared quiz structure")
        ok = False
    result = {}
    for q in questions:
        raw = texts.get(q.id)
        if not isinstance(raw, dict):
            reader.problem(path, f"question '{q.id}' is missing")
            ok = False
            continue
        prompt = reader.text(path, raw, "prompt")
        situation = reader.text(path, raw, "situation", required=q.kind == "scenario")
        options_raw = raw.get("options")
        if not isinstance(options_raw, dict):
            reader.problem(path, f"question '{q.id}': field 'options' must map option ids to label and explanation")
            ok = False
            continue
        for extra in sorted(set(options_raw) - set(q.options)):
            reader.problem(path, f"question '{q.id}': option '{extra}' is not in the shared quiz structure")
            ok = False
        options = {}
        for oid in q.options:
            opt = options_raw.get(oid)
            if not isinstance(opt, dict):
                reader.problem(path, f"question '{q.id}': option '{oid}' is missing")
                ok = False
                continue
            label = reader.text(path, opt, "label")
            explanation = reader.text(path, opt, "explanation")
            if label is None or explanation is None:
                ok = False
                continue
            options[oid] = OptionText(label=label, explanation=explanation)
        if prompt is None:
            ok = False
            continue
        result[q.id] = QuestionText(prompt=prompt, situation=situation, options=options)
    return result if ok else None


def _services(reader: _Reader, path: Path) -> tuple[list[str], list[HelpService]]:
    data = reader.yaml(path) or {}
    countries = data.get("countries")
    if not isinstance(countries, list) or "INTL" not in countries:
        reader.problem(path, "field 'countries' must list country codes, including \"INTL\"")
        countries = ["INTL"]
    raw_services = data.get("services")
    if not isinstance(raw_services, list):
        reader.problem(path, "field 'services' must be a list")
        return countries, []
    services = []
    for n, raw in enumerate(raw_services, start=1):
        sid = raw.get("id") if isinstance(raw, dict) else None
        where = f"service '{sid}'" if isinstance(sid, str) else f"service {n}"
        if not isinstance(sid, str) or not ID_RE.match(sid):
            reader.problem(path, f"{where}: field 'id' must be a quoted id")
            continue
        ok = True
        svc_countries = raw.get("countries")
        if not isinstance(svc_countries, list) or not svc_countries or not set(svc_countries) <= set(countries):
            reader.problem(path, f"{where}: field 'countries' must list codes from 'countries'")
            ok = False
        phone, url = raw.get("phone"), raw.get("url")
        if phone is not None and not (isinstance(phone, str) and re.fullmatch(r"[0-9 +#-]+", phone)):
            reader.problem(path, f"{where}: field 'phone' must be a quoted number, not {phone!r}")
            ok = False
        if url is not None and not (isinstance(url, str) and url.startswith("https://")):
            reader.problem(path, f"{where}: field 'url' must start with https://")
            ok = False
        if phone is None and url is None:
            reader.problem(path, f"{where}: give a phone number or a web address")
            ok = False
        kind = raw.get("kind", "support")
        if kind not in SERVICE_KINDS:
            reader.problem(path, f"{where}: field 'kind' must be one of {', '.join(SERVICE_KINDS)}, not {kind!r}")
            ok = False
        if raw.get("serves") not in SERVES:
            reader.problem(path, f"{where}: field 'serves' must be one of {', '.join(SERVES)}")
            ok = False
        offers = raw.get("offers")
        if not isinstance(offers, list) or not offers or not set(offers) <= set(OFFERS):
            reader.problem(path, f"{where}: field 'offers' must list some of {', '.join(OFFERS)}")
            ok = False
        texts = {}
        for key in ("name", "hours", "about"):
            value = raw.get(key)
            missing = [lang for lang in LANGUAGES
                       if not isinstance(value, dict) or not isinstance(value.get(lang), str)]
            if missing:
                reader.problem(path, f"{where}: field '{key}' lacks text for {', '.join(missing)}")
                ok = False
            texts[key] = value
        if not raw.get("source"):
            reader.problem(path, f"{where}: field 'source' must name the fact-sheet section")
            ok = False
        if any(s.id == sid for s in services):
            reader.problem(path, f"{where}: the id is used twice")
            ok = False
        if ok:
            services.append(HelpService(
                id=sid, kind=kind, countries=tuple(svc_countries), phone=phone, url=url, serves=raw["serves"],
                offers=tuple(offers), featured=bool(raw.get("featured")), **texts,
            ))
    return countries, services
