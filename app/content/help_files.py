"""The help services (content/help.yaml) and the cast of fictional characters (content/cast.yaml)."""

import re
from pathlib import Path

from app.content.course import CAST_ROLES, LANGUAGES, SERVICE_KINDS, CastEdition, HelpService
from app.content.reader import ID_RE, FileReader

OFFERS = ("removal", "counselling", "police", "emergency", "hashing", "reporting", "legal")
SERVES = ("minors", "adults", "all")


def read_services(reader: FileReader, path: Path) -> tuple[list[str], list[HelpService]]:
    data = reader.yaml(path) or {}
    countries = data.get("countries")
    if not isinstance(countries, list) or "INTL" not in countries:
        reader.problem(path, "field 'countries' must list country codes, including \"INTL\"")
        countries = ["INTL"]
    raw_services = data.get("services")
    if not isinstance(raw_services, list):
        reader.problem(path, "field 'services' must be a list")
        return countries, []
    services: list[HelpService] = []
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
            missing = [
                lang for lang in LANGUAGES if not isinstance(value, dict) or not isinstance(value.get(lang), str)
            ]
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
            services.append(
                HelpService(
                    id=sid,
                    kind=kind,
                    countries=tuple(svc_countries),
                    phone=phone,
                    url=url,
                    serves=raw["serves"],
                    offers=tuple(offers),
                    featured=bool(raw.get("featured")),
                    **texts,
                )
            )
    return countries, services


def read_cast(reader: FileReader, path: Path) -> dict[str, CastEdition]:
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
