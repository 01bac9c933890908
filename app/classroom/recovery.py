"""Recovery codes: a few short words that let a student sign back in on another device.

The words are in the language the student joined in: recovery_words/<lang>.txt, one word a line, each list at
least 1,024 common, easy and inoffensive words (tests/test_recovery.py checks size, duplicates and alphabet). The
lists started from the BIP-39 word lists (MIT licence, as shipped by python-mnemonic), kept by hand to words a
teenager knows that say nothing about bodies, sex, violence, illness, death, religion, politics, brands or images,
with everyday words added. A code is stored only as a hash of its normalised form, so a code is checked the same
way whatever its language, and the English codes given before the lists were per language still work.
"""

import hmac
import re
import secrets
import unicodedata
from pathlib import Path

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.languages import LANGUAGES
from app.models import Student

WORDS_DIR = Path(__file__).with_name("recovery_words")


def _read_words(lang: str) -> tuple[str, ...]:
    text = (WORDS_DIR / f"{lang}.txt").read_text(encoding="utf-8")
    return tuple(unicodedata.normalize("NFC", line.strip()) for line in text.splitlines() if line.strip())


WORDS: dict[str, tuple[str, ...]] = {lang: _read_words(lang) for lang in LANGUAGES}
# One code for the sign-back-in page's hint, in each language; every word is in that language's list.
EXAMPLES = {"ko": "강아지 구름 무지개", "fr": "rivière pomme lune", "en": "river apple moon"}
# What people type between words, besides spaces.
_SEPARATORS = re.compile(r"[-‐‑–—_,.·/]")

RECOVERY_WORDS = 3
HASH_METHOD = "pbkdf2:sha256:60000"  # fast enough to set for a whole class; guessing is rate limited


def new_recovery_code(lang: str) -> str:
    """A fresh code in words of `lang`."""
    words = WORDS[lang]
    return " ".join(secrets.choice(words) for _ in range(RECOVERY_WORDS))


def normalise_recovery_code(raw: str) -> str:
    """The form a code is hashed and checked in: lower case, accents dropped, one space between words.

    "Rivière-Pomme  lune" and "riviere pomme lune" are the same code, and so are Hangul typed as composed
    syllables or as separate jamo (decomposed, then composed again). Plain ASCII comes out as it did before the
    lists were per language (lower case, dashes as spaces), so the hashes of older codes still match."""
    decomposed = unicodedata.normalize("NFKD", raw.lower())
    unaccented = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_SEPARATORS.sub(" ", unicodedata.normalize("NFC", unaccented)).split())


def recovery_code_for_join(join_token: str, lang: str) -> str:
    """The recovery code for one join form, in words of `lang`: the same for a double-clicked Join, unguessable
    without the key."""
    words = WORDS[lang]
    digest = hmac.digest(current_app.config["SECRET_KEY"].encode(), b"join:" + join_token.encode(), "sha256")
    return " ".join(words[int.from_bytes(digest[8 * i : 8 * i + 8]) % len(words)] for i in range(RECOVERY_WORDS))


def hash_recovery_code(code: str) -> str:
    return generate_password_hash(normalise_recovery_code(code), method=HASH_METHOD)


def set_recovery_code(student: Student, code: str) -> None:
    student.recovery_hash = hash_recovery_code(code)


def check_recovery_code(student: Student, code: str) -> bool:
    return check_password_hash(student.recovery_hash, normalise_recovery_code(code))


# The hash of a code nobody has: checked when the class or nickname doesn't exist, so that a wrong guess takes
# as long whether or not the nickname is in the class.
DUMMY_RECOVERY_HASH = generate_password_hash(secrets.token_hex(8), method=HASH_METHOD)


def recovery_code_matches(student: Student | None, code: str) -> bool:
    """Whether the code is this student's; always one hash check, even when there is no such student."""
    matches = check_password_hash(
        student.recovery_hash if student else DUMMY_RECOVERY_HASH, normalise_recovery_code(code)
    )
    return student is not None and matches
