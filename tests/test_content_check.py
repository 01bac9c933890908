"""`flask content check` and start-up refuse broken content, naming the file and the field.

Breakages are applied to a copy of tests/content_samples/, a small tree that passes every check; only
test_the_real_tree_is_clean reads content/."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from app import create_app
from app.cli import content_cli
from app.content.checks import check_tree
from app.content.loader import ContentError
from tests.helpers import app_config

CONTENT = Path(__file__).resolve().parent.parent / "content"
SAMPLES = Path(__file__).resolve().parent / "content_samples"
LESSON = "consent-and-images"


@pytest.fixture
def tree(tmp_path):
    """A private copy of the sample content tree, to break on purpose."""
    root = tmp_path / "content"
    shutil.copytree(SAMPLES, root)
    return root


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def set_front_matter(path: Path, key: str, value: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---", 2)
    lines = [line for line in meta.strip().splitlines()]
    out, skipping, found = [], False, False
    for line in lines:
        if re.match(rf"^{key}:", line):
            skipping, found = True, True
            if value is not None:
                out.append(f"{key}: {value}")
            continue
        if skipping and (line.startswith(" ") or line.startswith("-")):
            continue
        skipping = False
        out.append(line)
    if not found and value is not None:
        out.append(f"{key}: {value}")
    path.write_text("---\n" + "\n".join(out) + "\n---" + body, encoding="utf-8")


def test_the_real_tree_is_clean():
    assert check_tree(CONTENT) == []


def test_the_sample_tree_is_clean(tree):
    """Every breakage below starts from a tree with no problem, so the problem found is the one made."""
    assert check_tree(tree) == []


def test_cli_reports_ok(tree):
    result = CliRunner().invoke(content_cli, ["check", "--root", str(tree)])
    assert result.exit_code == 0, result.output
    assert "Content OK" in result.output


BREAKAGES = {
    "missing translation": (
        lambda t: (t / "fr" / "lessons" / f"{LESSON}.md").unlink(),
        f"fr/lessons/{LESSON}.md",
        "missing",
    ),
    "missing field": (
        lambda t: set_front_matter(t / "ko" / "lessons" / f"{LESSON}.md", "title", None),
        f"ko/lessons/{LESSON}.md",
        "'title' is missing",
    ),
    "unknown field": (
        lambda t: set_front_matter(t / "en" / "lessons" / f"{LESSON}.md", "author", '"me"'),
        f"en/lessons/{LESSON}.md",
        "'author' is not a lesson field",
    ),
    "minutes not a number": (
        lambda t: set_front_matter(t / "en" / "lessons" / f"{LESSON}.md", "minutes", '"soon"'),
        f"en/lessons/{LESSON}.md",
        "'minutes'",
    ),
    "broken YAML": (
        lambda t: (t / "quizzes" / f"{LESSON}.yaml").write_text("questions: [unclosed", encoding="utf-8"),
        f"quizzes/{LESSON}.yaml",
        "YAML does not parse",
    ),
    "answer not among options": (
        lambda t: _rewrite_answer(t, "nonexistent-option"),
        f"quizzes/{LESSON}.yaml",
        "not among the options",
    ),
    "unquoted boolean id": (
        lambda t: edit(t / "quizzes" / f"{LESSON}.yaml", 'options: ["true", "false"]', "options: [yes, no]"),
        f"quizzes/{LESSON}.yaml",
        "option ids",
    ),
    "translation drops a question": (
        lambda t: _drop_first_question(t / "fr" / "quizzes" / f"{LESSON}.yaml"),
        f"fr/quizzes/{LESSON}.yaml",
        "is missing",
    ),
    "option without explanation": (
        lambda t: _drop_an_explanation(t / "ko" / "quizzes" / f"{LESSON}.yaml"),
        f"ko/quizzes/{LESSON}.yaml",
        "'explanation' is missing",
    ),
    "link to a missing lesson": (
        lambda t: _append(t / "en" / "lessons" / f"{LESSON}.md", "\nSee [this](lesson:no-such-lesson).\n"),
        f"en/lessons/{LESSON}.md",
        "lesson:no-such-lesson",
    ),
    "link to a missing help service": (
        lambda t: _append(t / "fr" / "lessons" / f"{LESSON}.md", "\nVoir [ce service](help:nowhere-line).\n"),
        f"fr/lessons/{LESSON}.md",
        "help:nowhere-line",
    ),
    "phone number not in help data": (
        lambda t: _append(t / "en" / "lessons" / f"{LESSON}.md", "\nYou can call 0800 999 1234 any time.\n"),
        f"en/lessons/{LESSON}.md",
        "0800 999 1234",
    ),
    "web address not in help data": (
        lambda t: _append(t / "en" / "lessons" / f"{LESSON}.md", "\nVisit https://example-helpline.org/now.\n"),
        f"en/lessons/{LESSON}.md",
        "example-helpline.org",
    ),
    "lesson too short": (
        lambda t: _truncate_body(t / "en" / "lessons" / f"{LESSON}.md", 300),
        f"en/lessons/{LESSON}.md",
        "a lesson needs 800–1500",
    ),
    "lesson in the wrong language": (
        lambda t: shutil.copy(t / "en" / "lessons" / f"{LESSON}.md", t / "fr" / "lessons" / f"{LESSON}.md"),
        f"fr/lessons/{LESSON}.md",
        "reads as 'en'",
    ),
    "French lesson in the English edition": (
        lambda t: shutil.copy(t / "fr" / "lessons" / f"{LESSON}.md", t / "en" / "lessons" / f"{LESSON}.md"),
        f"en/lessons/{LESSON}.md",
        "reads as 'fr'",
    ),
    "English notes in the Korean edition": (
        lambda t: shutil.copy(t / "en" / "notes" / f"{LESSON}.md", t / "ko" / "notes" / f"{LESSON}.md"),
        f"ko/notes/{LESSON}.md",
        "reads as 'en'",
    ),
    "Korean safeguarding section in the French edition": (
        lambda t: shutil.copy(t / "ko" / "notes" / "safeguarding.md", t / "fr" / "notes" / "safeguarding.md"),
        "fr/notes/safeguarding.md",
        "reads as 'ko'",
    ),
    "notes without sources": (
        lambda t: _strip_sources(t / "en" / "notes" / f"{LESSON}.md"),
        f"en/notes/{LESSON}.md",
        "Sources",
    ),
    "help service phone not quoted": (
        lambda t: edit(t / "help.yaml", 'phone: "3018"', "phone: 3018"),
        "help.yaml",
        "'phone' must be a quoted number",
    ),
    "right option is the longest": (
        lambda t: _lengthen_right_options(t, "en"),
        "en/quizzes",
        "the right option is the longest",
    ),
    "right option is the shortest": (
        lambda t: _lengthen_right_options(t, "fr", label="Oui"),
        "fr/quizzes",
        "the right option is the shortest",
    ),
    "right option never the longest": (
        lambda t: _lengthen_right_options(t, "ko", label="예"),
        "ko/quizzes",
        "the right option is the longest in only",
    ),
    "true/false all keyed false": (
        lambda t: _key_all_true_false(t, "false"),
        "quizzes",
        "true/false questions are keyed true",
    ),
    "a name outside the cast": (
        lambda t: _append(
            t / "en" / "lessons" / f"{LESSON}.md",
            '\n!!! scenario "After school"\n    At lunch, Brandon shows the photo around.\n',
        ),
        f"en/lessons/{LESSON}.md",
        "'Brandon' reads as a name",
    ),
    "a name outside the cast, before an age": (
        lambda t: _append(
            t / "fr" / "lessons" / f"{LESSON}.md", '\n!!! scenario "Le soir"\n    Kévin, 15 ans, reçoit un message.\n'
        ),
        f"fr/lessons/{LESSON}.md",
        "'Kévin' reads as a name",
    ),
    "a Korean name outside the cast": (
        lambda t: _append(
            t / "ko" / "lessons" / f"{LESSON}.md", '\n!!! scenario "점심시간"\n    상철이가 단톡방에 사진을 올렸어요.\n'
        ),
        f"ko/lessons/{LESSON}.md",
        "'상철' reads as a name",
    ),
    "someone who does harm has a common name": (
        lambda t: edit(t / "cast.yaml", "Trent: {role: harm", "Oliver: {role: harm"),
        "cast.yaml",
        "'Oliver' does harm",
    ),
    "crisis lines missing where a learner may be in danger": (
        lambda t: (t / "ko" / "pages" / "right-now.md").write_text(
            '---\ntitle: "지금 할 수 있는 일"\n---\n믿을 수 있는 어른에게 말해요.\n', encoding="utf-8"
        ),
        "ko/pages/right-now.md",
        "show the crisis and emergency lines",
    ),
    "notes that don't link the safeguarding section": (
        lambda t: _replace_all(t / "en" / "notes" / f"{LESSON}.md", "(#safeguarding)", ""),
        f"en/notes/{LESSON}.md",
        "(#safeguarding)",
    ),
    "shared safeguarding section missing": (
        lambda t: (t / "fr" / "notes" / "safeguarding.md").unlink(),
        "fr/notes/safeguarding.md",
        "shared safeguarding section is missing",
    ),
    "content note repeating its box": (
        lambda t: set_front_matter(
            t / "en" / "lessons" / f"{LESSON}.md",
            "content_note",
            '"This lesson is about consent. You can stop or skip at any time."',
        ),
        f"en/lessons/{LESSON}.md",
        "'content_note' repeats the box",
    ),
    "content note repeating its box (ko)": (
        lambda t: set_front_matter(
            t / "ko" / "lessons" / f"{LESSON}.md",
            "content_note",
            '"동의에 대해 이야기해요. 언제든 멈추거나 건너뛸 수 있어요."',
        ),
        f"ko/lessons/{LESSON}.md",
        "'content_note' repeats the box",
    ),
    "help service of an unknown kind": (
        lambda t: _set_first_service(t, "kind", "hotline"),
        "help.yaml",
        "field 'kind' must be one of",
    ),
    "if-you-shared without a crisis line": (
        lambda t: edit(t / "fr" / "pages" / "if-you-shared.md", "**[3114](help:fr-3114)**", "un numéro d'écoute"),
        "fr/pages/if-you-shared.md",
        "show the crisis and emergency lines 3114",
    ),
    "parents page missing in a language": (
        lambda t: (t / "en" / "pages" / "parents.md").unlink(),
        "en/pages/parents.md",
        "page is missing in this language",
    ),
    "page in the wrong language": (
        lambda t: shutil.copy(t / "en" / "pages" / "if-you-shared.md", t / "ko" / "pages" / "if-you-shared.md"),
        "ko/pages/if-you-shared.md",
        "reads as 'en'",
    ),
    "jump link to no heading": (
        lambda t: edit(t / "en" / "pages" / "if-you-shared.md", "(#i-sent-a-photo-of-myself)", "(#i-sent-a-photo)"),
        "en/pages/if-you-shared.md",
        "link #i-sent-a-photo jumps to no heading",
    ),
    "a name outside the cast in a page": (
        lambda t: _append(
            t / "en" / "pages" / "parents.md", '\n!!! scenario "Home"\n    At home, Brandon shows his dad.\n'
        ),
        "en/pages/parents.md",
        "'Brandon' reads as a name",
    ),
    "page the code does not know": (
        lambda t: shutil.copy(t / "en" / "pages" / "about.md", t / "en" / "pages" / "about-us.md"),
        "en/pages/about-us.md",
        "not one of the known pages",
    ),
    "letter missing in a language": (
        lambda t: (t / "fr" / "letters" / "letter-home.md").unlink(),
        "fr/letters/letter-home.md",
        "letter is missing in this language",
    ),
    "letter without the date": (
        lambda t: edit(t / "ko" / "letters" / "letter-home.md", "{date}", "2026년 11월 30일"),
        "ko/letters/letter-home.md",
        "placeholder {date} is missing",
    ),
    "letter with a placeholder nobody fills in": (
        lambda t: _append(t / "en" / "letters" / "letter-home.md", "\n{teacher}\n"),
        "en/letters/letter-home.md",
        "placeholder {teacher} is not one the letter page fills in",
    ),
    "letter with a phone number not in help data": (
        lambda t: _append(t / "en" / "letters" / "letter-home.md", "\nOr call our office on 0800 999 1234.\n"),
        "en/letters/letter-home.md",
        "0800 999 1234",
    ),
    "lesson not in course.yaml": (
        lambda t: shutil.copy(t / "en" / "lessons" / f"{LESSON}.md", t / "en" / "lessons" / "stray.md"),
        "en/lessons/stray.md",
        "not a lesson listed in course.yaml",
    ),
}


def _rewrite_answer(tree: Path, option: str) -> None:
    import yaml

    path = tree / "quizzes" / f"{LESSON}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = [option]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _drop_first_question(path: Path) -> None:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(data["questions"]))
    del data["questions"][first]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _drop_an_explanation(path: Path) -> None:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = next(iter(data["questions"].values()))
    option = next(iter(question["options"].values()))
    del option["explanation"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _lengthen_right_options(tree: Path, lang: str, label: str = "A very long right answer " * 20) -> None:
    import yaml

    for shared in (tree / "quizzes").glob("*.yaml"):
        structure = yaml.safe_load(shared.read_text(encoding="utf-8"))
        path = tree / lang / "quizzes" / shared.name
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in structure["questions"]:
            if q["kind"] in ("single", "scenario"):
                for oid in q["answer"]:
                    words["questions"][q["id"]]["options"][oid]["label"] = label
        path.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")


def _key_all_true_false(tree: Path, key: str) -> None:
    import yaml

    for path in (tree / "quizzes").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data["questions"]:
            if q["kind"] == "true_false":
                q["answer"] = [key]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _set_first_service(tree: Path, key: str, value: str) -> None:
    import yaml

    path = tree / "help.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["services"][0][key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _replace_all(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _truncate_body(path: Path, words: int) -> None:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---", 2)
    kept = " ".join(body.split()[:words])
    path.write_text(
        f'---{meta}---\n{kept}\n\n!!! scenario "a"\n    b\n\n!!! discussion "c"\n    d\n\n!!! help "e"\n    f\n',
        encoding="utf-8",
    )


def _strip_sources(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    index = text.rfind("## Sources")
    assert index > 0
    path.write_text(text[:index], encoding="utf-8")


@pytest.mark.parametrize("name", BREAKAGES)
def test_check_names_file_and_problem(tree, name):
    breakage, where, what = BREAKAGES[name]
    breakage(tree)
    problems = check_tree(tree)
    assert any(where in p.path and what in p.message for p in problems), [str(p) for p in problems]


def test_cli_names_each_problem_and_fails(tree):
    """The CLI prints what check_tree finds (the breakages above), path and message, and exits with 1."""
    for name in ("missing translation", "answer not among options"):
        BREAKAGES[name][0](tree)
    result = CliRunner().invoke(content_cli, ["check", "--root", str(tree)])
    assert result.exit_code == 1
    for name in ("missing translation", "answer not among options"):
        _, where, what = BREAKAGES[name]
        assert where in result.output and what in result.output, result.output


def test_broken_content_stops_start_up(tree, database_url):
    set_front_matter(tree / "ko" / "lessons" / f"{LESSON}.md", "title", None)
    with pytest.raises(ContentError) as error:
        create_app(app_config(database_url, CONTENT_DIR=str(tree)))
    message = str(error.value)
    assert f"ko/lessons/{LESSON}.md" in message and "'title' is missing" in message


def test_cli_prints_the_quiz_figures(tree):
    _key_all_true_false(tree, "true")
    result = CliRunner().invoke(content_cli, ["check", "--root", str(tree)])
    for lang in ("ko", "fr", "en"):
        assert re.search(rf"{lang}: right option longest in \d+ of \d+ single and scenario questions", result.output)
    assert "keyed true (100%" in result.output
    assert result.exit_code == 1  # all true is as unbalanced as all false


def test_markdown_is_sanitized(tree, database_url):
    _truncate_body(tree / "en" / "lessons" / f"{LESSON}.md", 900)
    _append(
        tree / "en" / "lessons" / f"{LESSON}.md",
        '\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src="https://tracker.example/a.png">\n',
    )
    app = create_app(app_config(database_url, CONTENT_DIR=str(tree)))
    html = str(app.extensions["course"].lesson("en", LESSON).html)
    assert "<script" not in html and "javascript:" not in html and "<img" not in html
    assert 'class="admonition scenario"' in html
