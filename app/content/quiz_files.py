"""Quizzes: the shared structure (content/quizzes/<id>.yaml) and its words per language."""

from pathlib import Path
from typing import Any

from app.content.course import LANGUAGES, OptionText, Question, QuestionText, Quiz
from app.content.kinds import KINDS
from app.content.reader import ID_RE, FileReader


def read_quiz(reader: FileReader, root: Path, lid: str) -> Quiz | None:
    path = root / "quizzes" / f"{lid}.yaml"
    data = reader.yaml(path)
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list) or not data["questions"]:
        reader.problem(path, "field 'questions' must be a non-empty list")
        return None
    questions: list[Question] = []
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
    words = {lang: _quiz_words(reader, root / lang / "quizzes" / f"{lid}.yaml", questions) for lang in LANGUAGES}
    complete_words = {lang: text for lang, text in words.items() if text is not None}
    if pass_mark is None or len(questions) != len(data["questions"]) or len(complete_words) != len(words):
        return None
    return Quiz(lesson_id=lid, pass_mark=pass_mark, questions=tuple(questions), words=complete_words)


def _question(reader: FileReader, path: Path, n: int, raw: Any) -> Question | None:
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
    if (
        not isinstance(options, list)
        or len(options) < 2
        or not all(isinstance(o, str) and ID_RE.match(o) for o in options)
    ):
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
    if kind in KINDS:
        for message in KINDS[kind].structure_problems(options, answer):
            reader.problem(path, f"{where}: {message}")
            ok = False
    if not ok or not isinstance(qid, str) or not isinstance(kind, str):  # `ok` already says so; for the checker
        return None
    return Question(id=qid, kind=kind, options=tuple(options), answer=frozenset(answer))


def _quiz_words(reader: FileReader, path: Path, questions: list[Question]) -> dict[str, QuestionText] | None:
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
        situation = reader.text(path, raw, "situation", required=q.type.needs_situation)
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
