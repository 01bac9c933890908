"""The start-and-end check: content/confidence.yaml names each lesson's 2–3 statement ids, and
content/<lang>/confidence.yaml words them. Learners rate each from 1 to 5 before and after the lesson."""

from pathlib import Path

from app.content.course import LANGUAGES, ConfidenceCheck
from app.content.reader import ID_RE, FileReader

STATEMENT_MAX = 120


def read_confidence(reader: FileReader, root: Path, lesson_ids: list[str]) -> dict[str, ConfidenceCheck]:
    """Every lesson's check; a lesson missing from the files is a problem (every lesson opens and closes with one)."""
    path = root / "confidence.yaml"
    data = reader.yaml(path)
    if not isinstance(data, dict):
        if data is not None:
            reader.problem(path, "must map each lesson id to its statement ids")
        return {}
    structure: dict[str, tuple[str, ...]] = {}
    for lid in lesson_ids:
        ids = data.get(lid)
        if (
            not isinstance(ids, list)
            or not 2 <= len(ids) <= 3
            or not all(isinstance(i, str) and ID_RE.match(i) for i in ids)
            or len(set(ids)) != len(ids)
        ):
            reader.problem(path, f"lesson '{lid}': list 2 or 3 quoted statement ids")
            continue
        structure[lid] = tuple(ids)
    for extra in sorted(set(data) - set(lesson_ids)):
        reader.problem(path, f"'{extra}' is not a lesson listed in course.yaml")
    words: dict[str, dict[str, dict[str, str]]] = {}
    for lang in LANGUAGES:
        words[lang] = _words(reader, root / lang / "confidence.yaml", structure)
    return {
        lid: ConfidenceCheck(lid, ids, {lang: words[lang][lid] for lang in LANGUAGES})
        for lid, ids in structure.items()
        if all(lid in words[lang] for lang in LANGUAGES)
    }


def _words(reader: FileReader, path: Path, structure: dict[str, tuple[str, ...]]) -> dict[str, dict[str, str]]:
    data = reader.yaml(path)
    if not isinstance(data, dict):
        if data is not None:
            reader.problem(path, "must map each lesson id to its statements' words")
        return {}
    found: dict[str, dict[str, str]] = {}
    for lid, ids in structure.items():
        entry = data.get(lid)
        if not isinstance(entry, dict) or set(entry) != set(ids):
            reader.problem(path, f"lesson '{lid}': give words to exactly {', '.join(ids)}")
            continue
        texts = {}
        for sid in ids:
            text = entry[sid]
            if not isinstance(text, str) or not text.strip() or len(text) > STATEMENT_MAX:
                reader.problem(path, f"lesson '{lid}', statement '{sid}': text under {STATEMENT_MAX} characters")
            else:
                texts[sid] = text.strip()
        if len(texts) == len(ids):
            found[lid] = texts
    return found
