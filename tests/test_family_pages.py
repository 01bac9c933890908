"""The pages for parents and for a learner who shared something (issue #13), and the letter home: every language,
the crisis lines where a learner may be in danger, links from the footer, lessons 5–7, help and "right now", and
the teacher's printable letter, filled in and escaped, 404 for anyone else's class."""

import re
from datetime import UTC, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from markupsafe import escape

from app.content.checks.people import phone_pattern
from app.content.course import LANGUAGES
from app.extensions import db
from app.i18n import TIMEZONES
from app.models import Classroom, Teacher
from app.typography import french_spacing
from tests.factories import make_classroom, make_teacher, sign_in

NEW_PAGES = ("parents", "if-you-shared")
LINKING_LESSONS = ("being-an-upstander", "if-it-happens", "law-and-your-rights")


def shown(text: str, lang: str) -> str:
    """A text as the page shows it: escaped, with French spacing on French pages."""
    html = str(escape(text))
    return french_spacing(html) if lang == "fr" else html


def main_part(html: str) -> str:
    """The page without its header and footer."""
    return html[html.index('<main id="main"') : html.index('<footer class="site-footer"')]


def crisis_lines(course, lang):
    countries = set(course.crisis_countries[lang])
    return [s for s in course.services if s.kind != "support" and s.phone and set(s.countries) & countries]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_both_pages_render_in_every_language(client, course, lang):
    for page_id in NEW_PAGES:
        response = client.get(f"/{lang}/pages/{page_id}")
        assert response.status_code == 200, (lang, page_id)
        html = response.get_data(as_text=True)
        assert f"<h1>{shown(course.pages[lang][page_id].title, lang)}</h1>" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_crisis_lines_of_the_edition_stand_on_both_pages(client, course, lang):
    """If-you-shared is a crisis page: every crisis and emergency number of the edition's countries is on it, in
    the page itself (not only in the footer or header), and so on the parents' page."""
    lines = crisis_lines(course, lang)
    assert len(lines) >= 3
    for page_id in NEW_PAGES:
        assert page_id in course.crisis_pages
        text = main_part(client.get(f"/{lang}/pages/{page_id}").get_data(as_text=True))
        missing = [s.phone for s in lines if not phone_pattern(s.phone).search(text)]
        assert missing == [], (lang, page_id)


def test_if_you_shared_jumps_to_each_of_its_parts(client):
    for lang in LANGUAGES:
        html = client.get(f"/{lang}/pages/if-you-shared").get_data(as_text=True)
        jumps = re.findall(r'href="#([^"]+)"', main_part(html))
        assert len(jumps) == 3, lang
        for anchor in jumps:
            assert f'id="{anchor}"' in html, (lang, anchor)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_footer_links_both_pages_everywhere(client, course, lang):
    for path in (f"/{lang}/", f"/{lang}/lessons/{course.lesson_ids[0]}", f"/{lang}/help", f"/{lang}/pages/about"):
        html = client.get(path).get_data(as_text=True)
        footer = html[html.index('<footer class="site-footer"') :]
        for page_id in NEW_PAGES:
            assert f'href="/{lang}/pages/{page_id}"' in footer, (path, page_id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lessons_5_to_7_help_and_right_now_link_if_you_shared(client, course, lang):
    """In the page's own words, not only through the footer."""
    link = f'href="/{lang}/pages/if-you-shared"'
    assert course.lesson_ids[4:7] == LINKING_LESSONS
    paths = [f"/{lang}/lessons/{lid}" for lid in LINKING_LESSONS] + [f"/{lang}/help", f"/{lang}/pages/right-now"]
    for path in paths:
        assert link in main_part(client.get(path).get_data(as_text=True)), path
    help_page = main_part(client.get(f"/{lang}/help").get_data(as_text=True))
    assert f'href="/{lang}/pages/parents"' in help_page


# --- the letter home ------------------------------------------------------------------------------------------


@pytest.fixture
def letter_url(classroom):
    return lambda lang, **query: (
        f"/{lang}/teacher/classes/{classroom}/letter"
        + ("?" + "&".join(f"{k}={quote(v)}" for k, v in query.items()) if query else "")
    )


def today_in(lang: str) -> str:
    now = datetime.now(UTC).astimezone(ZoneInfo(TIMEZONES.get(lang, "UTC")))
    return format_date(now.date(), "long", locale=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_letter_is_filled_in_with_the_school_and_todays_date(teacher_client, course, letter_url, lang):
    response = teacher_client.get(letter_url(lang, school="Collège <Hillside> & Co"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    letter = html[html.index('<article class="letter"') :]
    assert shown("Collège <Hillside> & Co", lang) in letter and "<Hillside>" not in html
    assert shown(today_in(lang), lang) in letter
    assert f'href="http://localhost/{lang}/pages/parents"' in letter  # absolute, from BASE_URL
    assert shown(course.letters[lang]["letter-home"].title, lang) in letter
    assert not re.search(r"\{(school|date|parents_url)\}", html)
    assert 'class="write-in"' not in letter
    assert 'class="letter-print"' in html and "noindex" in html
    assert "no-store" in response.headers["Cache-Control"]


def test_the_letter_fills_each_placeholder_once(teacher_client, letter_url):
    """A school name that looks like a placeholder is printed as typed, never filled in again."""
    html = teacher_client.get(letter_url("en", school="{date} {parents_url}")).get_data(as_text=True)
    assert "{date} {parents_url}" in html


def test_without_a_school_name_the_letter_leaves_a_line_to_write_it(teacher_client, letter_url):
    response = teacher_client.get(letter_url("fr"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="write-in"' in html and "field-error" not in html


@pytest.mark.parametrize(
    "school,status,message",
    [
        ("x" * 121, 400, "under 120 characters"),
        ("Hill\x01side", 400, "invisible control characters"),
        ("\x00", 400, "invisible control characters"),
        ("   ", 200, None),
    ],
)
def test_a_school_name_the_form_refuses_gets_a_form_error(teacher_client, letter_url, school, status, message):
    response = teacher_client.get(letter_url("en", school=school))
    html = response.get_data(as_text=True)
    assert response.status_code == status
    if message:
        assert message in html and 'aria-invalid="true"' in html
        assert 'class="write-in"' in html  # the letter still shows, with a line to write on


def test_the_letter_is_404_for_another_teachers_class_and_asks_others_to_sign_in(app, client, letter_url):
    with app.app_context():
        other = make_classroom(db.session.get(Teacher, make_teacher(email="other@example.org").id), name="7C")
        other_id = other.id
    assert client.get(letter_url("en")).status_code == 302  # not signed in: the sign-in page
    sign_in(client, email="other@example.org")
    assert client.get(letter_url("en", school="Spy")).status_code == 404
    assert client.get(f"/en/teacher/classes/{other_id}/letter").status_code == 200


def test_the_class_page_links_the_letter_and_reading_it_changes_nothing(app, teacher_client, classroom, letter_url):
    html = teacher_client.get(f"/ko/teacher/classes/{classroom}").get_data(as_text=True)
    assert f'href="/ko/teacher/classes/{classroom}/letter"' in html
    with app.app_context():
        before = db.session.get(Classroom, classroom).name
    teacher_client.get(letter_url("ko", school="한빛중학교"))
    with app.app_context():
        assert db.session.get(Classroom, classroom).name == before


def test_the_letter_links_its_other_languages_with_the_school_kept(teacher_client, letter_url, classroom):
    html = teacher_client.get(letter_url("en", school="Hillside")).get_data(as_text=True)
    for code in ("ko", "fr"):
        assert f'href="/{code}/teacher/classes/{classroom}/letter?school=Hillside"' in html
