"""Catalog hygiene: the committed .pot matches the code, and ko and fr translate every message."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"


def message_ids(path: Path) -> set:
    with path.open("rb") as f:
        return {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id}


def test_pot_is_up_to_date(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(TRANSLATIONS / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "--sort-output",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    committed = message_ids(TRANSLATIONS / "messages.pot")
    extracted = message_ids(fresh)
    assert extracted - committed == set(), "run `make update-translations`: new messages are not in messages.pot"
    assert committed - extracted == set(), "run `make update-translations`: messages.pot has messages no longer used"


@pytest.mark.parametrize("lang", ["ko", "fr"])
def test_catalog_is_complete(lang):
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    pot_ids = message_ids(TRANSLATIONS / "messages.pot")
    po_ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
    assert pot_ids - po_ids == set(), f"{lang}: run `make update-translations`"
    untranslated = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert untranslated == [], f"{lang}: untranslated or fuzzy messages"
    # Placeholders survive translation.
    import re

    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", " ".join(ids)))
        for s in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", s)) <= wanted | set(), (lang, m.id, s)
            if len(ids) == 1:
                assert set(re.findall(r"%\(\w+\)[sd]", s)) == wanted, (lang, m.id, s)
