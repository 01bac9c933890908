"""Language routing, negotiation, the switch, and alternates."""

import re

import pytest

LANGS = ("ko", "fr", "en")


def test_root_redirects_to_english_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/")


@pytest.mark.parametrize(
    "header,expected",
    [("ko-KR,ko;q=0.9,en;q=0.5", "ko"), ("fr-CH, fr;q=0.9", "fr"), ("de-DE", "en"), ("en-GB,en;q=0.8", "en")],
)
def test_root_follows_accept_language(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.headers["Location"].endswith(f"/{expected}/")


def test_saved_choice_beats_accept_language(client):
    client.get("/fr/")  # visiting a language saves it
    response = client.get("/", headers={"Accept-Language": "ko"})
    assert response.headers["Location"].endswith("/fr/")


def test_unknown_language_prefix_is_404(client):
    assert client.get("/de/").status_code == 404
    assert client.get("/xx/lessons/consent-and-images").status_code == 404
    assert client.get("/en/lessons/no-such-lesson").status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_and_links_to_the_other_languages(client, lang):
    """The head's absolute alternates need BASE_URL (tests/test_findable.py); the switcher's links are always there."""
    html = client.get(f"/{lang}/lessons/consent-and-images").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    for other in LANGS:
        if other != lang:
            assert f'href="/{other}/lessons/consent-and-images" hreflang="{other}"' in html


def test_language_switch_links_to_the_same_page(client):
    html = client.get("/ko/help?country=FR").get_data(as_text=True)
    switch = re.search(r'<nav class="lang-switch".*?</nav>', html, re.DOTALL).group(0)
    assert re.search(r'href="[^"]*/fr/help\?country=FR"', switch)
    assert re.search(r'href="[^"]*/en/help\?country=FR"', switch)
    assert 'aria-current="true" lang="ko"' in switch


@pytest.mark.parametrize("lang,text", [("ko", "도움받을 곳"), ("fr", "Trouver de l'aide"), ("en", "Get help")])
def test_interface_is_translated(client, lang, text):
    assert text in client.get(f"/{lang}/").get_data(as_text=True)


def test_404_page_speaks_the_visitors_language(client):
    response = client.get("/nowhere", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Page introuvable" in html
    assert "data-quick-exit" in html


def test_dates_and_numbers_follow_the_locale(app):
    from datetime import date

    from flask_babel import format_date, format_percent

    with app.test_request_context("/fr/"):
        app.preprocess_request()
        assert format_date(date(2026, 3, 1), "long") == "1 mars 2026"
        assert format_percent(0.5).replace("\u202f", " ").replace("\xa0", " ") == "50 %"
    with app.test_request_context("/ko/"):
        app.preprocess_request()
        assert format_date(date(2026, 3, 1), "long") == "2026년 3월 1일"
