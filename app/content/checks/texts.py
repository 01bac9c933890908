"""Checks on the words of lessons, notes and pages: length, language, boxes, contacts, links, notes sections."""

import re

from app.age_bands import AGE_BANDS
from app.content.course import Course, Lesson, RenderedText
from app.content.loader import LETTER_PLACEHOLDERS, PAGE_IDS
from app.content.rendering import internal_links

WORD_RE = re.compile(r"[A-Za-zÀ-ÿœŒ0-9’'-]+")


HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")


LENGTHS = {"en": (800, 1500), "fr": (800, 1500)}


KO_SYLLABLES = (2000, 4500)


REQUIRED_BOXES = ("scenario", "discussion", "help")


SOURCES_HEADINGS = {"en": ("sources",), "fr": ("sources",), "ko": ("출처",)}


NOTES_SECTIONS = 6


SAFEGUARDING_LINK = "(#safeguarding)"


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


# The content-note box already has a heading ("In this lesson") and a line on stopping, skipping and the quick
# exit. A note that says either again reads twice.
NOTE_REPEATS = {
    "en": re.compile(r"^\s*(?:in )?this lesson\b|\b(?:stop|skip)\b[^.]*\bany ?time\b", re.IGNORECASE),
    "fr": re.compile(r"^\s*(?:dans )?cette leçon\b|\b(?:arrêter|passer)\b[^.]*\bà tout moment\b", re.IGNORECASE),
    "ko": re.compile(r"^\s*이 (?:단원|수업|레슨)|언제든[^.]*(?:멈추|멈출|그만|건너뛰|건너뛸)"),
}


def version_label(lesson: Lesson) -> str:
    """How a problem names one band's version of a lesson that marks sections by age."""
    return f" ({lesson.band} version)" if lesson.marked else ""


def note_versions(course: Course, lang: str, lesson_id: str) -> list[tuple[str, RenderedText]]:
    """Each band's facilitator notes for a lesson, each once, with how a problem names them ("" when the file marks
    no section by age, so both bands read the same notes)."""
    found: list[tuple[str, RenderedText]] = []
    for band in AGE_BANDS:
        notes = course.lesson_notes(lang, lesson_id, band)
        if notes is not None and all(notes is not seen for _, seen in found):
            found.append((band, notes))
    if len(found) == 1:
        return [("", found[0][1])]
    return [(f" ({band} version)", notes) for band, notes in found]


# A lesson is numbered differently in each age route, so texts name lessons by title or link, never by number.
LESSON_NUMBER_RE = {
    "en": re.compile(r"\blessons? \d+(?:\s*(?:[–-]|and|to)\s*\d+)?\b", re.IGNORECASE),
    "fr": re.compile(r"\bleçons? \d+(?:\s*(?:[–-]|et|à)\s*\d+)?\b", re.IGNORECASE),
    # Not "과": after a number it is usually "and" ("1366과 1388", "제14조의3과").
    "ko": re.compile(r"(?<!\d)\d{1,2}(?:\s*[~–-]\s*\d{1,2})?\s?(?:단원|차시)"),
}


def lesson_numbers(lang: str, text: str) -> list[str]:
    found = sorted({m.group(0) for m in LESSON_NUMBER_RE[lang].finditer(text)})
    if not found:
        return []
    return [
        f"names a lesson by its number ({', '.join(found)}), which differs between the age routes: "
        "name it by its title or link it (lesson:<id>)"
    ]


def text_size(lang: str, text: str) -> int:
    """How long a text is, as the lengths are counted: Hangul syllables in Korean, words otherwise."""
    return len(HANGUL_RE.findall(text)) if lang == "ko" else len(WORD_RE.findall(text))


def length(lang: str, body: str) -> list[str]:
    count = text_size(lang, body)
    (low, high), unit = (KO_SYLLABLES, "Hangul syllables") if lang == "ko" else (LENGTHS[lang], "words")
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


def language(lang: str, text: str) -> list[str]:
    found = detect_language(text)
    if found != lang:
        return [f"this file is in the {lang} edition but reads as '{found}'"]
    return []


def boxes(body: str) -> list[str]:
    return [
        f"the lesson has no '!!! {kind}' box"
        for kind in REQUIRED_BOXES
        if not re.search(rf"^!!! {kind}\b", body, re.MULTILINE)
    ]


def help_contacts(course: Course) -> tuple[set[str], set[str]]:
    """Every number and web host that the help data publishes, as digits and bare hosts."""
    phones, hosts = set(), set()
    for s in course.services:
        if s.phone:
            phones.add(only_digits(s.phone))
        if s.url:
            hosts.add(bare_host(s.url))
        for text in s.about.values():
            phones.update(only_digits(m) for m in re.findall(r"#?\d[\d -]*\d|\d", text))
    return phones, hosts


def only_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def bare_host(url: str) -> str:
    url = re.sub(r"^https?://", "", url.strip().lower()).rstrip(".,;:")
    host = url.split("/", 1)[0]
    return host.removeprefix("www.")


def contacts(body: str, phones: set[str], hosts: set[str]) -> list[str]:
    problems = []
    text = re.sub(r"\]\((?:lesson|help|page):[a-z0-9-]*\)", "]", body)
    for match in LONG_PHONE_RE.finditer(text):
        number = match.group(0)
        digits = only_digits(number)
        if len(digits) < 6 or THOUSANDS_RE.fullmatch(number.strip()) or YEAR_LIKE_RE.match(number.strip()):
            continue
        if digits not in phones and not any(digits.endswith(p) and len(p) >= 4 for p in phones):
            problems.append(f"phone number {number.strip()!r} is not in content/help.yaml")
    for match in [*SHORT_PHONE_RE.finditer(text), *KO_SHORT_PHONE_RE.finditer(text)]:
        digits = only_digits(match.group(1))
        if digits not in phones and not (len(digits) == 4 and digits[:2] in ("19", "20")):
            problems.append(f"phone number {match.group(1)!r} is not in content/help.yaml")
    for match in DOMAIN_RE.finditer(text):
        host = bare_host(match.group(0))
        if host not in hosts:
            problems.append(f"web address {match.group(0)!r} is not in content/help.yaml")
    return problems


def links(text: str, course: Course) -> list[str]:
    problems = []
    for scheme, ident in internal_links(text):
        if scheme == "lesson" and ident not in course.lesson_ids:
            problems.append(f"link lesson:{ident} names no lesson in course.yaml")
        elif scheme == "page" and ident not in PAGE_IDS:
            problems.append(f"link page:{ident} names no page ({', '.join(PAGE_IDS)})")
        elif scheme == "help" and ident and course.service(ident) is None:
            problems.append(f"link help:{ident} names no service in help.yaml")
    return problems


def anchors(html: str) -> list[str]:
    """Every link to a part of the same page ("#…") lands on a heading of that page: headings' ids come from
    their words, so rewording a heading would silently break the link."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return [f"link #{a} jumps to no heading on this page" for a in re.findall(r'href="#([^"]+)"', html) if a not in ids]


PLACEHOLDER_RE = re.compile(r"\{([^{}\s]*)\}")


def placeholders(text: str) -> list[str]:
    """A letter uses every placeholder the view fills in ({school}, {date}, {parents_url}), and no other: an
    unknown one would be printed as it is."""
    found = set(PLACEHOLDER_RE.findall(text))
    problems = [
        f"placeholder {{{name}}} is not one the letter page fills in"
        for name in sorted(found)
        if name not in LETTER_PLACEHOLDERS
    ]
    problems += [f"placeholder {{{name}}} is missing" for name in LETTER_PLACEHOLDERS if name not in found]
    return problems


def sources_last(lang: str, text: str) -> list[str]:
    headings = re.findall(r"^##\s+(.+?)\s*$", text, re.MULTILINE)
    problems = []
    if len(headings) < NOTES_SECTIONS:
        problems.append(
            f"facilitator notes have {len(headings)} '##' sections; they need {NOTES_SECTIONS} "
            "(timing, ground rules, prompts, misconceptions, disclosure, sources)"
        )
    return problems + sources_heading(lang, text)


def sources_heading(lang: str, text: str) -> list[str]:
    headings = re.findall(r"^##\s+(.+?)\s*$", text, re.MULTILINE)
    if not headings or headings[-1].strip().lower() not in SOURCES_HEADINGS[lang]:
        wanted = SOURCES_HEADINGS[lang][0]
        return [f"facilitator notes must end with a '## {wanted.capitalize()}' section"]
    return []
