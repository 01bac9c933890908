"""Whole-tree checks across languages. Each returns Problem(path, message); the CLI and tests share them."""

import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from app.content.course import LANGUAGES, Course, Quiz
from app.content.loader import PAGE_IDS, SAFEGUARDING_ID, Problem, load_tree
from app.content.rendering import internal_links

WORD_RE = re.compile(r"[A-Za-zÀ-ÿœŒ0-9’'-]+")
HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
LENGTHS = {"en": (800, 1500), "fr": (800, 1500)}
KO_SYLLABLES = (2000, 4500)
REQUIRED_BOXES = ("scenario", "discussion", "help")
SOURCES_HEADINGS = {"en": ("sources",), "fr": ("sources",), "ko": ("출처",)}
NOTES_SECTIONS = 6
SAFEGUARDING_LINK = "(#safeguarding)"
# Quizzes that reward understanding: in single-answer and scenario questions the right option may be the longest
# (ties count) in at most this share, per language; true/false keys are mixed within this range.
LONGEST_RIGHT_MAX = 0.35
# ...and at least this share, or "never pick the longest" becomes the trick instead.
LONGEST_RIGHT_MIN = 0.10
TRUE_KEYED = (0.30, 0.70)
# Boxes and quiz fields where characters appear: every name there must be in content/cast.yaml.
CAST_BOXES = ("scenario", "discussion")
BOX_RE = re.compile(r'^!!! (\w+)(?: "([^"]*)")?\n((?:(?: {4}.*)?\n)*)', re.MULTILINE)
CAPITAL_RE = re.compile(r"(?<![\w’'-])([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿœ]+)(?![\w’'-]*[A-Z])")
SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;«»\"“”(—–*]|\n\s*(?:[-*]|\d+\.)?)\s*$")
AGE_AFTER_RE = re.compile(r"^\s*(?:,\s*\d{1,2}\b|\(\d{1,2}\b)")
# Korean marks a given name ending in a consonant with 이 before particles (서연이가, 도윤이는) that a noun never
# takes that way; an age in brackets or "15살" after a word marks a name too.
KO_NAME_RE = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2})(?:이(?:가|는|를|도|한테|에게|와|의)(?![\uac00-\ud7a3])"
    r"|\s?\(\d{1,2}(?:세|살)?\)|,\s?\d{1,2}살)")
QUIZ_SIZE = (6, 8)
MIN_SCENARIOS = 2
# Function words that tell French from English; counted per 100 words.
MARKERS = {
    "fr": {"le", "la", "les", "des", "est", "et", "une", "un", "pas", "tu", "que", "qui", "pour", "dans", "ce"},
    "en": {"the", "and", "is", "you", "to", "of", "it", "that", "this", "for", "with", "your", "are", "not"},
}
LONG_PHONE_RE = re.compile(r"(?<![\w#])\+?\d{1,4}(?:[ .\u202f\u00a0-]\d{2,4}){1,3}(?!\w)")
SHORT_PHONE_RE = re.compile(
    r"\b(?:call|dial|phone|ring|text|helpline|appelle[rz]?|compose[rz]?|numéro|ligne|sms|"
    r"전화|번호|문자|상담전화|긴급전화)\w*\W{0,3}(?:(?:le|au|the|on)\s+)?(#?\d{2,4})"
    r"(?!\d|[%,.]\d|\s\d|\s?%|\s?(?:ans|years|hours|heures|년|세|명|건|시간|시|h\b))",
    re.IGNORECASE,
)
# Korean puts the number first: "1366에 전화하세요".
KO_SHORT_PHONE_RE = re.compile(r"(?<![\d-])(#?\d{3,4})(?=(?:번|에|으로|로)?\s?(?:전화|문자))")
# "10,535", "100 000" and "2024-449" (a law's number) or "2024-10-10" are not phone numbers.
THOUSANDS_RE = re.compile(r"\d{1,3}(?:[ ,.\u202f\u00a0]\d{3})+")
YEAR_LIKE_RE = re.compile(r"(?:19|20)\d\d[-./]")
DOMAIN_RE = re.compile(
    r"(?:https?://)?(?:[a-z0-9-]+\.)+(?:org|fr|kr|gov|uk|ca|au|net|com|io|eu|be|ch|ie|nz)(?:/[^\s)\]>\"'，、]*)?",
    re.IGNORECASE,
)


def check_tree(root: str | Path) -> list[Problem]:
    """Everything `flask content check` reports: parse problems, cross-language checks, then the editorial
    rules that protect learners."""
    root = Path(root)
    course, problems = load_tree(root)
    return problems + check_course(root, course) + check_editorial(root, course)


def check_editorial(root: Path, course: Course) -> list[Problem]:
    """Rules for what learners read: balanced quizzes, the cast, crisis lines, the shared safeguarding section.
    `make test` and CI run them through `flask content check`; start-up only refuses content it cannot serve."""
    problems = _safeguarding(root, course)
    problems += _safeguarding_links(root, course)
    problems += _quiz_balance(root, course)
    problems += _cast_roles(root, course)
    problems += _cast_names(root, course)
    problems += _crisis_lines(root, course)
    problems += _content_notes(root, course)
    return problems


def check_course(root: Path, course: Course) -> list[Problem]:
    problems: list[Problem] = []
    known_phones, known_hosts = _help_contacts(course)
    for lang in LANGUAGES:
        for lid in course.lesson_ids:
            path = root / lang / "lessons" / f"{lid}.md"
            if not path.is_file():
                continue
            rel = f"{root.name}/{lang}/lessons/{lid}.md"
            body = frontmatter.loads(path.read_text(encoding="utf-8")).content
            problems += [Problem(rel, m) for m in _length(lang, body)]
            problems += [Problem(rel, m) for m in _language(lang, body)]
            problems += [Problem(rel, m) for m in _boxes(body)]
            problems += [Problem(rel, m) for m in _contacts(body, known_phones, known_hosts)]
            problems += [Problem(rel, m) for m in _links(body, course)]
        for lid in course.lesson_ids:
            path = root / lang / "notes" / f"{lid}.md"
            if path.is_file():
                rel = f"{root.name}/{lang}/notes/{lid}.md"
                text = path.read_text(encoding="utf-8")
                problems += [Problem(rel, m) for m in _sources_last(lang, text)]
                problems += [Problem(rel, m) for m in _links(text, course)]
                problems += [Problem(rel, m) for m in _language(lang, text)]
        for pid in PAGE_IDS:
            path = root / lang / "pages" / f"{pid}.md"
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                rel = f"{root.name}/{lang}/pages/{pid}.md"
                problems += [Problem(rel, m) for m in _links(text, course)]
                problems += [Problem(rel, m) for m in _contacts(text, known_phones, known_hosts)]
    for lid, quiz in course.quizzes.items():
        rel = f"{root.name}/quizzes/{lid}.yaml"
        problems += [Problem(rel, m) for m in _quiz_shape(quiz)]
    return problems


@dataclass(frozen=True)
class QuizFigures:
    """One language's quiz figures, as `flask content check` prints them."""

    lang: str
    choice_questions: int  # single-answer and scenario questions
    longest_right: int  # of those, how many have the right option as the longest (ties count)
    shortest_right: int  # and as the shortest: "never the longest" must not become "always the shortest"
    true_false: int
    keyed_true: int

    @property
    def longest_share(self) -> float:
        return self.longest_right / self.choice_questions if self.choice_questions else 0.0

    @property
    def shortest_share(self) -> float:
        return self.shortest_right / self.choice_questions if self.choice_questions else 0.0

    @property
    def true_share(self) -> float:
        return self.keyed_true / self.true_false if self.true_false else 0.0

    def __str__(self) -> str:
        return (f"{self.lang}: right option longest in {self.longest_right} of {self.choice_questions} single and "
                f"scenario questions ({self.longest_share:.0%}, {LONGEST_RIGHT_MIN:.0%}–{LONGEST_RIGHT_MAX:.0%}), shortest in "
                f"{self.shortest_right} ({self.shortest_share:.0%}, at most {LONGEST_RIGHT_MAX:.0%}); "
                f"{self.keyed_true} of {self.true_false} true/false keyed true ({self.true_share:.0%}, "
                f"{TRUE_KEYED[0]:.0%}–{TRUE_KEYED[1]:.0%})")


def right_is_longest(quiz: Quiz, lang: str, question_id: str) -> bool:
    question = quiz.question(question_id)
    options = quiz.words[lang][question_id].options
    right = max(len(options[oid].label) for oid in question.answer)
    return all(right >= len(options[oid].label) for oid in question.options)


def right_is_shortest(quiz: Quiz, lang: str, question_id: str) -> bool:
    question = quiz.question(question_id)
    options = quiz.words[lang][question_id].options
    right = min(len(options[oid].label) for oid in question.answer)
    return all(right <= len(options[oid].label) for oid in question.options)


def quiz_figures(course: Course) -> list[QuizFigures]:
    figures = []
    for lang in LANGUAGES:
        choice = longest = shortest = tf = keyed_true = 0
        for quiz in course.quizzes.values():
            for q in quiz.questions:
                if q.kind in ("single", "scenario"):
                    choice += 1
                    longest += right_is_longest(quiz, lang, q.id)
                    shortest += right_is_shortest(quiz, lang, q.id)
                elif q.kind == "true_false":
                    tf += 1
                    keyed_true += q.answer == {"true"}
        figures.append(QuizFigures(lang, choice, longest, shortest, tf, keyed_true))
    return figures


def _quiz_balance(root: Path, course: Course) -> list[Problem]:
    problems = []
    for fig in quiz_figures(course):
        rel = f"{root.name}/{fig.lang}/quizzes"
        if fig.longest_share > LONGEST_RIGHT_MAX:
            which = [f"{lid}:{q.id}" for lid, quiz in course.quizzes.items() for q in quiz.questions
                     if q.kind in ("single", "scenario") and right_is_longest(quiz, fig.lang, q.id)]
            problems.append(Problem(rel, f"the right option is the longest in {fig.longest_right} of "
                                         f"{fig.choice_questions} single and scenario questions "
                                         f"({fig.longest_share:.0%}); at most {LONGEST_RIGHT_MAX:.0%} "
                                         f"({', '.join(which)})"))
        if fig.choice_questions and fig.longest_share < LONGEST_RIGHT_MIN:
            problems.append(Problem(rel, f"the right option is the longest in only {fig.longest_right} of "
                                         f"{fig.choice_questions} single and scenario questions "
                                         f"({fig.longest_share:.0%}); at least {LONGEST_RIGHT_MIN:.0%}, so that "
                                         "skipping the longest option is no trick either"))
        if fig.shortest_share > LONGEST_RIGHT_MAX:
            which = [f"{lid}:{q.id}" for lid, quiz in course.quizzes.items() for q in quiz.questions
                     if q.kind in ("single", "scenario") and right_is_shortest(quiz, fig.lang, q.id)]
            problems.append(Problem(rel, f"the right option is the shortest in {fig.shortest_right} of "
                                         f"{fig.choice_questions} single and scenario questions "
                                         f"({fig.shortest_share:.0%}); at most {LONGEST_RIGHT_MAX:.0%} "
                                         f"({', '.join(which)})"))
        low, high = TRUE_KEYED
        if fig.true_false and not low <= fig.true_share <= high:
            problems.append(Problem(f"{root.name}/quizzes", f"{fig.keyed_true} of {fig.true_false} true/false "
                                    f"questions are keyed true ({fig.true_share:.0%}); keep it within "
                                    f"{low:.0%}–{high:.0%}"))
    return problems


# The content-note box already has a heading ("In this lesson") and a line on stopping, skipping and the quick
# exit. A note that says either again reads twice.
NOTE_REPEATS = {
    "en": re.compile(r"^\s*(?:in )?this lesson\b|\b(?:stop|skip)\b[^.]*\bany ?time\b", re.IGNORECASE),
    "fr": re.compile(r"^\s*(?:dans )?cette leçon\b|\b(?:arrêter|passer)\b[^.]*\bà tout moment\b",
                     re.IGNORECASE),
    "ko": re.compile(r"^\s*이 (?:단원|수업|레슨)|언제든[^.]*(?:멈추|멈출|그만|건너뛰|건너뛸)"),
}


def _content_notes(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang in LANGUAGES:
        for lesson in course.lessons.get(lang, {}).values():
            if lesson.content_note and NOTE_REPEATS[lang].search(lesson.content_note):
                problems.append(Problem(f"{root.name}/{lang}/lessons/{lesson.id}.md", "field 'content_note' "
                                        "repeats the box: its heading already says what it is, and the box "
                                        "already says how to stop, skip or leave; say only what is inside"))
    return problems


def _safeguarding(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang in LANGUAGES:
        path = root / lang / "notes" / f"{SAFEGUARDING_ID}.md"
        if path.is_file():
            rel = f"{root.name}/{lang}/notes/{SAFEGUARDING_ID}.md"
            text = path.read_text(encoding="utf-8")
            problems += [Problem(rel, m) for m in _sources_heading(lang, text)]
            problems += [Problem(rel, m) for m in _language(lang, text)]
            problems += [Problem(rel, m) for m in _links(text, course)]
    return problems


def _cast_roles(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang, cast in course.cast.items():
        for name, role in cast.roles.items():
            if role == "harm" and name in cast.common:
                problems.append(Problem(f"{root.name}/cast.yaml", f"{lang}: '{name}' does harm but is one of the "
                                        "commonest teen names; give that role a less common name"))
    return problems


def _cast_texts(root: Path, course: Course, lang: str) -> list[tuple[str, str]]:
    """(file, text) pairs where characters appear: lesson scenario and discussion boxes, quiz situations,
    prompts and option labels."""
    texts = []
    for lid in course.lesson_ids:
        path = root / lang / "lessons" / f"{lid}.md"
        if path.is_file():
            body = frontmatter.loads(path.read_text(encoding="utf-8")).content
            for match in BOX_RE.finditer(body + "\n"):
                if match.group(1) in CAST_BOXES:
                    texts.append((f"{root.name}/{lang}/lessons/{lid}.md",
                                  (match.group(2) or "") + "\n" + match.group(3)))
        quiz = course.quizzes.get(lid)
        if quiz:
            rel = f"{root.name}/{lang}/quizzes/{lid}.yaml"
            for text in quiz.words[lang].values():
                texts += [(rel, t) for t in (text.situation, text.prompt) if t]
                texts += [(rel, o.label) for o in text.options.values()]
    return texts


# Calendar words are capitalised in English and never names.
CALENDAR = {"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                   "Sunday"}}


def names_in(lang: str, text: str) -> set[str]:
    """Words that read as people's names: capitalised inside a sentence (or before an age) in French and
    English; marked by 이 before a particle, or by an age, in Korean."""
    if lang == "ko":
        return {m.group(1) for m in KO_NAME_RE.finditer(text)}
    found = set()
    for match in CAPITAL_RE.finditer(text):
        starts_sentence = SENTENCE_START_RE.search(text[: match.start()]) is not None
        if not starts_sentence or AGE_AFTER_RE.match(text[match.end():]):
            found.add(match.group(1))
    return found


def _cast_names(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang in LANGUAGES:
        cast = course.cast.get(lang)
        if cast is None:
            continue
        allowed = set(cast.not_names) | CALENDAR.get(lang, set())
        for name in cast.roles:
            allowed.update(name.replace(".", " ").split())
        seen = set()
        for rel, text in _cast_texts(root, course, lang):
            for name in sorted(names_in(lang, text) - allowed):
                if (rel, name) not in seen:
                    seen.add((rel, name))
                    problems.append(Problem(rel, f"'{name}' reads as a name but is not in content/cast.yaml "
                                                 f"(use a cast name, or add a non-name to {lang}.not_names)"))
    return problems


def _phone_pattern(phone: str) -> re.Pattern[str]:
    digits = _digits(phone)
    return re.compile(r"(?<![\d])" + r"[\s\u00a0\u202f.-]?".join(digits) + r"(?![\d])")


def _crisis_lines(root: Path, course: Course) -> list[Problem]:
    """Wherever a learner may be in danger, the edition's crisis and emergency numbers stand."""
    problems = []
    for lang in LANGUAGES:
        lines = [s for s in course.services if s.kind != "support" and s.phone
                 and set(s.countries) & set(course.crisis_countries.get(lang, ()))]
        if not lines:
            problems.append(Problem(f"{root.name}/help.yaml", f"no crisis or emergency line with a phone number "
                                    f"for the {lang} edition's countries"))
            continue
        places = [root / lang / "lessons" / f"{lid}.md" for lid in course.crisis_lessons]
        places += [root / lang / "pages" / f"{pid}.md" for pid in course.crisis_pages]
        for path in places:
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            missing = [s.phone for s in lines if not _phone_pattern(s.phone).search(text)]
            if missing:
                problems.append(Problem(f"{root.name}/{lang}/{path.parent.name}/{path.name}",
                                        f"a learner may be in danger here: show the crisis and emergency lines "
                                        f"{', '.join(missing)}"))
    return problems


def _length(lang: str, body: str) -> list[str]:
    if lang == "ko":
        count, (low, high), unit = len(HANGUL_RE.findall(body)), KO_SYLLABLES, "Hangul syllables"
    else:
        count, (low, high), unit = len(WORD_RE.findall(body)), LENGTHS[lang], "words"
    if not low <= count <= high:
        return [f"the body has {count} {unit}; a lesson needs {low}–{high}"]
    return []


def detect_language(text: str) -> str:
    """Korean by its script; French or English by their commonest small words."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(1 for c in letters if HANGUL_RE.match(c)) / len(letters) > 0.5:
        return "ko"
    words = [w.lower() for w in WORD_RE.findall(text)]
    fr = sum(w in MARKERS["fr"] for w in words)
    en = sum(w in MARKERS["en"] for w in words)
    return "fr" if fr > en else "en"


def _language(lang: str, text: str) -> list[str]:
    found = detect_language(text)
    if found != lang:
        return [f"this file is in the {lang} edition but reads as '{found}'"]
    return []


def _boxes(body: str) -> list[str]:
    return [f"the lesson has no '!!! {kind}' box" for kind in REQUIRED_BOXES
            if not re.search(rf"^!!! {kind}\b", body, re.MULTILINE)]


def _help_contacts(course: Course) -> tuple[set[str], set[str]]:
    """Every number and web host that the help data publishes, as digits and bare hosts."""
    phones, hosts = set(), set()
    for s in course.services:
        if s.phone:
            phones.add(_digits(s.phone))
        if s.url:
            hosts.add(_host(s.url))
        for text in s.about.values():
            phones.update(_digits(m) for m in re.findall(r"#?\d[\d -]*\d|\d", text))
    return phones, hosts


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _host(url: str) -> str:
    url = re.sub(r"^https?://", "", url.strip().lower()).rstrip(".,;:")
    host = url.split("/", 1)[0]
    return host.removeprefix("www.")


def _contacts(body: str, phones: set[str], hosts: set[str]) -> list[str]:
    problems = []
    text = re.sub(r"\]\((?:lesson|help|page):[a-z0-9-]*\)", "]", body)
    for match in LONG_PHONE_RE.finditer(text):
        number = match.group(0)
        digits = _digits(number)
        if len(digits) < 6 or THOUSANDS_RE.fullmatch(number.strip()) or YEAR_LIKE_RE.match(number.strip()):
            continue
        if digits not in phones and not any(digits.endswith(p) and len(p) >= 4 for p in phones):
            problems.append(f"phone number {number.strip()!r} is not in content/help.yaml")
    for match in [*SHORT_PHONE_RE.finditer(text), *KO_SHORT_PHONE_RE.finditer(text)]:
        digits = _digits(match.group(1))
        if digits not in phones and not (len(digits) == 4 and digits[:2] in ("19", "20")):
            problems.append(f"phone number {match.group(1)!r} is not in content/help.yaml")
    for match in DOMAIN_RE.finditer(text):
        host = _host(match.group(0))
        if host not in hosts:
            problems.append(f"web address {match.group(0)!r} is not in content/help.yaml")
    return problems


def _links(text: str, course: Course) -> list[str]:
    problems = []
    for scheme, ident in internal_links(text):
        if scheme == "lesson" and ident not in course.lesson_ids:
            problems.append(f"link lesson:{ident} names no lesson in course.yaml")
        elif scheme == "page" and ident not in PAGE_IDS:
            problems.append(f"link page:{ident} names no page ({', '.join(PAGE_IDS)})")
        elif scheme == "help" and ident and course.service(ident) is None:
            problems.append(f"link help:{ident} names no service in help.yaml")
    return problems


def _sources_last(lang: str, text: str) -> list[str]:
    headings = re.findall(r"^##\s+(.+?)\s*$", text, re.MULTILINE)
    problems = []
    if len(headings) < NOTES_SECTIONS:
        problems.append(f"facilitator notes have {len(headings)} '##' sections; they need {NOTES_SECTIONS} "
                        "(timing, ground rules, prompts, misconceptions, disclosure, sources)")
    return problems + _sources_heading(lang, text)


def _safeguarding_links(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang in LANGUAGES:
        for lid in course.lesson_ids:
            path = root / lang / "notes" / f"{lid}.md"
            if path.is_file() and SAFEGUARDING_LINK not in path.read_text(encoding="utf-8"):
                problems.append(Problem(f"{root.name}/{lang}/notes/{lid}.md", "facilitator notes must link the "
                                        "shared safeguarding section with (#safeguarding)"))
    return problems


def _sources_heading(lang: str, text: str) -> list[str]:
    headings = re.findall(r"^##\s+(.+?)\s*$", text, re.MULTILINE)
    if not headings or headings[-1].strip().lower() not in SOURCES_HEADINGS[lang]:
        wanted = SOURCES_HEADINGS[lang][0]
        return [f"facilitator notes must end with a '## {wanted.capitalize()}' section"]
    return []


def _quiz_shape(quiz) -> list[str]:
    problems = []
    low, high = QUIZ_SIZE
    if not low <= len(quiz.questions) <= high:
        problems.append(f"the quiz has {len(quiz.questions)} questions; it needs {low}–{high}")
    scenarios = sum(q.kind == "scenario" for q in quiz.questions)
    if scenarios < MIN_SCENARIOS:
        problems.append(f"the quiz has {scenarios} scenario question(s); it needs at least {MIN_SCENARIOS}")
    if len({q.kind for q in quiz.questions}) < 3:
        problems.append("the quiz should mix at least three question kinds")
    return problems
