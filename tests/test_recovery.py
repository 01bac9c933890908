"""Recovery codes in the student's language: the word lists, the codes' strength, and every way a code is typed back."""

import math
import re
import unicodedata

import pytest
from werkzeug.security import generate_password_hash

from app.classroom.recovery import EXAMPLES, RECOVERY_WORDS, WORDS, WORDS_DIR, normalise_recovery_code
from app.extensions import db
from app.languages import LANGUAGES
from app.models import Classroom
from tests.factories import make_classroom, make_student, make_teacher, sign_in
from tests.helpers import TEST_PASSWORD_HASH_METHOD, post_form

# Until the lists were per language, a code was 3 words out of 133 English words.
BITS_BEFORE = 3 * math.log2(133)
ALPHABETS = {
    "ko": re.compile(r"[\uac00-\ud7a3]+"),  # Hangul syllables only: no jamo, no Latin, no digits
    "fr": re.compile(r"[a-zàâæçéèêëîïôœùûüÿ]+"),  # French letters, accents included; no hyphen, no apostrophe
    "en": re.compile(r"[a-z]+"),
}
RECOVERY_RE = re.compile(r'class="recovery-code" lang="(\w+)">([^<]+)<')


def lines(lang):
    return (WORDS_DIR / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_list_has_1024_distinct_words_in_its_own_alphabet(lang):
    words = lines(lang)
    assert len(words) >= 1024
    assert len(set(words)) == len(words), "duplicates"
    strays = [w for w in words if not ALPHABETS[lang].fullmatch(w) or not unicodedata.is_normalized("NFC", w)]
    assert strays == []
    # Typed without accents, or in capitals, every word is still a different word.
    assert len({normalise_recovery_code(w) for w in words}) == len(words)
    assert WORDS[lang] == tuple(words)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_code_is_at_least_as_strong_as_before(lang):
    assert RECOVERY_WORDS * math.log2(len(WORDS[lang])) >= BITS_BEFORE


def test_the_hint_gives_an_example_in_the_page_language(client):
    for lang in LANGUAGES:
        html = client.get(f"/{lang}/class/sign-back-in").get_data(as_text=True)
        assert EXAMPLES[lang] in html
        assert set(EXAMPLES[lang].split()) <= set(WORDS[lang])


@pytest.fixture
def class_id(app):
    with app.app_context():
        return make_classroom(make_teacher(), code="ACDE3467").id


def sign_back_in(lang, app, nickname, code):
    return post_form(
        app.test_client(),
        f"/{lang}/class/sign-back-in",
        {"code": "ACDE3467", "nickname": nickname, "recovery_code": code},
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_joining_gives_a_code_in_the_language_of_the_page(app, client, class_id, lang):
    response = post_form(client, f"/{lang}/join", {"code": "ACDE3467", "nickname": "Otter"})
    shown_lang, code = RECOVERY_RE.search(response.get_data(as_text=True)).groups()
    assert shown_lang == lang and len(code.split()) == RECOVERY_WORDS
    assert set(code.split()) <= set(WORDS[lang])
    other = "ko" if lang != "ko" else "en"
    assert sign_back_in(other, app, "Otter", code).status_code == 302  # checked the same whatever the page


def test_an_english_code_from_before_still_works(app, class_id):
    """Codes given before the lists were per language were hashed as typed, lower-cased, one space apart."""
    with app.app_context():
        student = make_student(db.session.get(Classroom, class_id), "Maple")
        student.recovery_hash = generate_password_hash("river apple moon", method=TEST_PASSWORD_HASH_METHOD)
        db.session.commit()
    assert sign_back_in("ko", app, "Maple", "River  Apple-moon").status_code == 302
    assert sign_back_in("fr", app, "Maple", "river apple sun").status_code == 400


@pytest.mark.parametrize(
    ("code", "typed"),
    [
        ("rivière pomme lune", "riviere pomme lune"),  # a keyboard without accents
        ("rivière pomme lune", "RIVIÈRE-POMME-LUNE"),
        ("rivière pomme lune", unicodedata.normalize("NFD", "rivière, pomme, lune")),  # accents as combining marks
        ("강아지 구름 무지개", unicodedata.normalize("NFD", "강아지 구름 무지개")),  # Hangul as separate jamo
        ("강아지 구름 무지개", " 강아지  구름 무지개 "),
    ],
)
def test_a_code_typed_another_way_is_the_same_code(app, class_id, code, typed):
    with app.app_context():
        make_student(db.session.get(Classroom, class_id), "Maple", recovery=code)
    assert sign_back_in("en", app, "Maple", typed).status_code == 302


def test_a_new_code_from_the_teacher_is_in_the_class_language(app, client):
    with app.app_context():
        classroom = make_classroom(make_teacher(), lang="fr", code="ACDE3467")
        student_id, class_id = make_student(classroom, "Maple").id, classroom.id
    sign_in(client)
    page = f"/en/teacher/classes/{class_id}/students/{student_id}"
    response = post_form(client, page, {}, action=f"{page}/reset-code")
    shown_lang, code = RECOVERY_RE.search(response.get_data(as_text=True)).groups()
    assert shown_lang == "fr" and set(code.split()) <= set(WORDS["fr"])
    assert sign_back_in("fr", app, "Maple", code).status_code == 302
