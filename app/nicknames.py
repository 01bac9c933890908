"""Nicknames: one visible form per name, and one comparison key per look-alike family.

A nickname is stored as typed after NFKC (full-width and ligature forms become plain letters) with spaces
collapsed. Invisible characters are refused: zero-width and bidirectional controls (category Cf), other
controls, private-use and unassigned code points, and letters that draw nothing. Uniqueness within a class
uses `nickname_key`: case-folded and mapped through Unicode's confusables (TR39 data, as packaged by
confusable_homoglyphs), so that "Ana", "ana" and "Аna" (Cyrillic А) are one name.
"""

import unicodedata
from functools import cache

from confusable_homoglyphs.confusables import confusables_data

# Categories that never belong in a nickname: controls, format characters (ZWSP, ZWJ, LRM, RLO…),
# surrogates, private use, unassigned; and line or paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Letters and marks that render as nothing: Hangul fillers, the braille blank, the combining grapheme joiner.
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180e")
KEY_MAX = 80


def normalise_nickname(raw: str | None) -> str | None:
    """NFKC, then single spaces: "Ｂｌｕｅ  Fox " and "Blue Fox" are the same nickname."""
    if raw is None:
        return None
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def has_invisible_characters(nickname: str) -> bool:
    """Zero-width, bidirectional, control and other characters that would make two names look alike."""
    return any(
        unicodedata.category(ch) in REFUSED_CATEGORIES
        or ch in INVISIBLE
        or unicodedata.category(ch) == "Zs"
        and ch != " "
        for ch in nickname
    )


@cache
def _prototype(ch: str) -> str:
    """One representative of the look-alike family of `ch` (the smallest code point, so it is stable)."""
    entries = confusables_data.get(ch)
    if not entries:
        return ch
    family = {ch}
    for entry in entries:
        glyph = entry["c"].strip("\u200e\u200f")  # the data wraps right-to-left glyphs in direction marks
        if len(glyph) == 1:
            family.add(glyph)
    return min(family)


def _fold_confusables(text: str) -> str:
    return "".join(_prototype(ch) for ch in text)


def nickname_key(nickname: str) -> str:
    """The form two nicknames are compared in: look-alikes folded, then case, then look-alikes again.

    Folding before and after case-folding catches both "Il"/"ll" (capital I and small l look alike) and
    "Аna"/"ana" (whose capital has a look-alike only in another script).
    """
    text = unicodedata.normalize("NFKC", nickname)
    key = _fold_confusables(unicodedata.normalize("NFKC", _fold_confusables(text).casefold()))
    return key[:KEY_MAX]
