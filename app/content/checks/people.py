"""The people in the course and the people who read it: the cast, and crisis lines where a learner may be in
danger."""

import re
from pathlib import Path

from app.content.checks.texts import only_digits, version_label
from app.content.course import LANGUAGES, Course
from app.content.problems import Problem

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
    r"|\s?\(\d{1,2}(?:세|살)?\)|,\s?\d{1,2}살)"
)


# Calendar words are capitalised in English and never names.
CALENDAR = {
    "en": {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    }
}


def cast_roles(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang, cast in course.cast.items():
        for name, role in cast.roles.items():
            if role == "harm" and name in cast.common:
                problems.append(
                    Problem(
                        f"{root.name}/cast.yaml",
                        f"{lang}: '{name}' does harm but is one of the "
                        "commonest teen names; give that role a less common name",
                    )
                )
    return problems


def cast_texts(root: Path, course: Course, lang: str) -> list[tuple[str, str]]:
    """(file, text) pairs where characters appear: scenario and discussion boxes of lessons and pages, quiz
    situations, prompts and option labels."""
    texts = []
    sources = [(f"lessons/{lesson.id}.md", lesson.source) for lesson in course.lesson_versions(lang)]
    sources += [(f"pages/{pid}.md", page.source) for pid, page in course.pages.get(lang, {}).items()]
    for where, source in sources:
        for match in BOX_RE.finditer(source + "\n"):
            if match.group(1) in CAST_BOXES:
                texts.append((f"{root.name}/{lang}/{where}", (match.group(2) or "") + "\n" + match.group(3)))
    for lid in course.lesson_ids:
        quiz = course.quizzes.get(lid)
        if quiz:
            rel = f"{root.name}/{lang}/quizzes/{lid}.yaml"
            for text in quiz.words[lang].values():
                texts += [(rel, t) for t in (text.situation, text.prompt) if t]
                texts += [(rel, o.label) for o in text.options.values()]
    return texts


def names_in(lang: str, text: str) -> set[str]:
    """Words that read as people's names: capitalised inside a sentence (or before an age) in French and
    English; marked by 이 before a particle, or by an age, in Korean."""
    if lang == "ko":
        return {m.group(1) for m in KO_NAME_RE.finditer(text)}
    found = set()
    for match in CAPITAL_RE.finditer(text):
        starts_sentence = SENTENCE_START_RE.search(text[: match.start()]) is not None
        if not starts_sentence or AGE_AFTER_RE.match(text[match.end() :]):
            found.add(match.group(1))
    return found


def cast_names(root: Path, course: Course) -> list[Problem]:
    problems = []
    for lang in LANGUAGES:
        cast = course.cast.get(lang)
        if cast is None:
            continue
        allowed = set(cast.not_names) | CALENDAR.get(lang, set())
        for name in cast.roles:
            allowed.update(name.replace(".", " ").split())
        seen = set()
        for rel, text in cast_texts(root, course, lang):
            for name in sorted(names_in(lang, text) - allowed):
                if (rel, name) not in seen:
                    seen.add((rel, name))
                    problems.append(
                        Problem(
                            rel,
                            f"'{name}' reads as a name but is not in content/cast.yaml "
                            f"(use a cast name, or add a non-name to {lang}.not_names)",
                        )
                    )
    return problems


def phone_pattern(phone: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\d])" + r"[\s\u00a0\u202f.-]?".join(only_digits(phone)) + r"(?![\d])")


def crisis_lines(root: Path, course: Course) -> list[Problem]:
    """Wherever a learner may be in danger, the edition's crisis and emergency numbers stand."""
    problems = []
    for lang in LANGUAGES:
        lines = [
            s
            for s in course.services
            if s.kind != "support" and s.phone and set(s.countries) & set(course.crisis_countries.get(lang, ()))
        ]
        if not lines:
            problems.append(
                Problem(
                    f"{root.name}/help.yaml",
                    f"no crisis or emergency line with a phone number for the {lang} edition's countries",
                )
            )
            continue
        # Both age bands' versions: a simpler 12–14 section must not drop a line.
        places = [
            (f"lessons/{lesson.id}.md{version_label(lesson)}", lesson.source)
            for lesson in course.lesson_versions(lang)
            if lesson.id in course.crisis_lessons
        ]
        places += [
            (f"pages/{pid}.md", course.pages[lang][pid].source)
            for pid in course.crisis_pages
            if pid in course.pages.get(lang, {})
        ]
        for where, text in places:
            missing = [s.phone for s in lines if s.phone and not phone_pattern(s.phone).search(text)]
            if missing:
                problems.append(
                    Problem(
                        f"{root.name}/{lang}/{where}",
                        f"a learner may be in danger here: show the crisis and emergency lines {', '.join(missing)}",
                    )
                )
    return problems
