"""Every page renders in every language, with the quick exit and the help link."""

import re

import pytest
from markupsafe import escape

from app.content.course import LANGUAGES
from app.typography import french_spacing
from tests.helpers import app_config

QUICK_EXIT_FIRST = '<div class="quick-exit-bar"'


def all_public_urls(course):
    for lang in LANGUAGES:
        yield f"/{lang}/"
        yield f"/{lang}/lessons/"
        yield f"/{lang}/help"
        yield f"/{lang}/join"
        yield f"/{lang}/teacher/sign-in"
        for page_id in course.pages[lang]:
            yield f"/{lang}/pages/{page_id}"
        for lesson_id in course.lesson_ids:
            yield f"/{lang}/lessons/{lesson_id}"
            yield f"/{lang}/lessons/{lesson_id}/quiz"


def test_every_page_renders_with_quick_exit_first(client, course):
    for url in all_public_urls(course):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        body = html[html.index("<body") :]
        # The quick exit is the first focusable thing on the page.
        first_link = body.index("<a ")
        assert body.index("data-quick-exit") < body.index("skip-link"), url
        assert 'rel="noreferrer nofollow"' in body[first_link : first_link + 300], url
        assert "/help" in html, url
        assert response.headers["Referrer-Policy"] == "no-referrer", url
        assert "default-src 'self'" in response.headers["Content-Security-Policy"], url


@pytest.mark.parametrize(
    "lang,destination",
    [("ko", "https://www.weather.go.kr/"), ("fr", "https://meteofrance.com/"), ("en", "https://www.bbc.co.uk/weather")],
)
def test_quick_exit_goes_to_a_neutral_site_per_language(client, lang, destination):
    """The link works without JavaScript; tests/test_browser.py checks what the script does with it."""
    html = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'<a class="quick-exit" href="{destination}" rel="noreferrer nofollow" data-quick-exit>' in html
    with client.get("/static/quick-exit.js") as script:
        assert script.status_code == 200
    assert re.search(r'<script src="/static/quick-exit\.js[^"]*" defer>', html)


def test_quick_exit_destination_is_configurable(database_url, monkeypatch):
    from app import create_app

    monkeypatch.setenv("QUICK_EXIT_URL_EN", "https://example.org/weather")
    app = create_app(app_config(database_url))
    html = app.test_client().get("/en/").get_data(as_text=True)
    assert 'href="https://example.org/weather" rel="noreferrer nofollow"' in html


def test_no_external_requests_in_pages(client, course):
    for url in ("/en/", "/ko/lessons/consent-and-images", "/fr/help"):
        html = client.get(url).get_data(as_text=True)
        # Stylesheets and scripts are all local.
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html), url


def test_lesson_page_has_content_note_first_then_body_and_neighbours(client, course):
    lesson = next(lesson for lesson in course.ordered_lessons("en")[1:-1] if lesson.content_note)
    html = client.get(f"/en/lessons/{lesson.id}").get_data(as_text=True)
    assert str(escape(lesson.title)) in html
    assert html.index('class="content-note"') < html.index('class="lesson-body"')
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert f"Reading time: {lesson.reading_minutes} min" in html and 4 <= lesson.reading_minutes <= 10
    assert "Services you can contact" in html


def test_help_page_lists_services_for_each_country(client, course):
    for lang in LANGUAGES:
        for country in course.countries:
            response = client.get(f"/{lang}/help?country={country}")
            assert response.status_code == 200
            html = response.get_data(as_text=True)
            for service in course.services_for(country):
                assert f'id="{service.id}"' in html
                name = str(escape(service.name[lang]))
                assert (french_spacing(name) if lang == "fr" else name) in html
            assert f'<option value="{country}" selected>' in html


def test_help_page_default_country_follows_language(client):
    assert 'id="kr-dscvsc"' in client.get("/ko/help").get_data(as_text=True)
    assert "1366" in client.get("/ko/help").get_data(as_text=True)
    fr = client.get("/fr/help").get_data(as_text=True)
    assert 'id="fr-3018"' in fr and 'id="kr-dscvsc"' not in fr
    en = client.get("/en/help").get_data(as_text=True)
    assert 'id="intl-take-it-down"' in en


def test_help_page_unknown_country_falls_back(client):
    html = client.get("/fr/help?country=ZZ").get_data(as_text=True)
    assert 'id="fr-3018"' in html


def test_help_page_says_when_no_national_services_were_checked(client):
    html = client.get("/en/help?country=NZ").get_data(as_text=True)
    assert "not yet checked national services" in html
    assert 'id="intl-stopncii"' in html


def test_help_page_has_what_to_do_right_now(client, course):
    html = client.get("/en/help").get_data(as_text=True)
    right_now = course.pages["en"]["right-now"]
    assert str(escape(right_now.title)) in html and str(right_now.html)[:200] in html


def test_sensitive_pages_send_no_referrer(client):
    for url in ("/en/help", "/ko/lessons/sextortion", "/fr/pages/staying-safe"):
        assert client.get(url).headers["Referrer-Policy"] == "no-referrer"


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
