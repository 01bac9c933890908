"""The fields of content/course.yaml: lesson order, age routes, default help countries, where crisis lines stand.
Parsing only; every problem names the file and the field."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.age_bands import AGE_BANDS
from app.content.reader import ID_RE, FileReader
from app.languages import LANGUAGES


def read_routes(
    reader: FileReader, path: Path, data: dict[str, Any], lesson_ids: list[str]
) -> dict[str, tuple[str, ...]]:
    """routes: {"12-14": [...]}: the order a band takes the lessons in, when it differs from `lessons`."""
    raw = data.get("routes") or {}
    routes = {band: tuple(lesson_ids) for band in AGE_BANDS}
    if not isinstance(raw, dict):
        reader.problem(path, "field 'routes' must map an age band to its lesson order")
        return routes
    for band, order in raw.items():
        if band not in AGE_BANDS:
            reader.problem(path, f"field 'routes': {band!r} is not an age band ({', '.join(AGE_BANDS)})")
        elif not isinstance(order, list) or sorted(map(str, order)) != sorted(lesson_ids):
            reader.problem(path, f"field 'routes.{band}' must list every lesson of 'lessons' once, in its order")
        else:
            routes[band] = tuple(order)
    return routes


def read_lesson_ids(reader: FileReader, path: Path, data: dict[str, Any]) -> list[str]:
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


def read_default_countries(
    reader: FileReader, path: Path, data: dict[str, Any], countries: Sequence[str]
) -> dict[str, str]:
    defaults = data.get("default_country") or {}
    result = {}
    for lang in LANGUAGES:
        code = defaults.get(lang) if isinstance(defaults, dict) else None
        if not isinstance(code, str) or code not in countries:
            reader.problem(path, f"field 'default_country.{lang}': {code!r} is not a country in help.yaml")
            code = "INTL"
        result[lang] = code
    return result


def read_crisis_countries(
    reader: FileReader, path: Path, data: dict[str, Any], countries: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    raw = data.get("crisis_countries") or {}
    result = {}
    for lang in LANGUAGES:
        codes = raw.get(lang) if isinstance(raw, dict) else None
        if not isinstance(codes, list) or not codes or not set(codes) <= set(countries) - {"INTL"}:
            reader.problem(path, f"field 'crisis_countries.{lang}' must list national country codes from help.yaml")
            codes = []
        result[lang] = tuple(codes)
    return result


def read_listed(
    reader: FileReader, path: Path, data: dict[str, Any], key: str, known: Sequence[str]
) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not set(value) <= set(known):
        reader.problem(path, f"field '{key}' must list ids from: {', '.join(known)}")
        return ()
    return tuple(value)
