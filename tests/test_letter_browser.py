"""The letter home in a real browser (headless Debian Chromium): printed, it is the letter alone on one A4 portrait
page in ko, fr and en, without the quick exit, navigation, footer or the school-name form."""

import re
from urllib.parse import quote

import pytest

from app.extensions import db
from app.models import Teacher
from tests.factories import make_classroom, make_teacher, sign_in_browser

# A4 in PDF points (1/72 inch), portrait.
A4_PORTRAIT = (595, 842)
SCHOOLS = {"ko": "한빛중학교", "fr": "Collège Jean Moulin", "en": "Hillside School"}


@pytest.fixture
def class_id(app):
    with app.app_context():
        return make_classroom(db.session.get(Teacher, make_teacher().id), name="9B").id


@pytest.fixture
def teacher_page(live_server, page, class_id):
    sign_in_browser(page.context, live_server)
    return page


@pytest.mark.parametrize("lang", ["ko", "fr", "en"])
def test_the_letter_prints_alone_on_one_a4_page(live_server, teacher_page, class_id, lang):
    page = teacher_page
    page.goto(f"{live_server}/{lang}/teacher/classes/{class_id}/letter?school={quote(SCHOOLS[lang])}")
    assert page.locator("[data-print]").is_visible()  # print.js shows the Print button
    assert SCHOOLS[lang] in page.inner_text("article.letter")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries(
        ['#quick-exit-bar', '.site-header', '.site-footer', 'main form', 'main h1', 'article.letter']
            .map((s) => [s, getComputedStyle(document.querySelector(s)).display !== 'none'
                            && document.querySelector(s).closest('.no-print') === null]))""")
    assert shown == {
        "#quick-exit-bar": False,
        ".site-header": False,
        ".site-footer": False,
        "main form": False,
        "main h1": False,
        "article.letter": True,
    }
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = [tuple(round(float(n)) for n in box) for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)]
    assert sizes == [A4_PORTRAIT], sizes  # one page, A4 portrait
