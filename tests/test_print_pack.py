"""A lesson's printable pack (/<lang>/lessons/<id>/print): the students' parts for everyone, the answer key and the
facilitator notes only for a signed-in teacher, nothing recorded by reading it; and in headless Chromium, the PDF
that "Save as PDF" gives: A4 or US Letter pages, each part from a new sheet, no navigation, the key for teachers.
test_html.py checks the packs' HTML with the teacher's pages, in the same run of the Nu HTML Checker."""

import re
import shutil
import subprocess

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from app.content.course import LANGUAGES
from app.extensions import db
from app.learn.forms import field_name
from app.learn.printing import without_heading_ids, worksheet_prompts
from app.models import LessonProgress
from app.typography import french_spacing
from tests.factories import JOIN_CODE, PASSWORD, sign_in_browser
from tests.helpers import csrf_token, post_form

LESSON = "consent-and-images"
A4 = (595, 842)
LETTER = (612, 792)


def shown(text: str, lang: str) -> str:
    """A content string as the page has it: escaped, and with French spacing before : ; ! ?."""
    html = str(escape(text))
    return french_spacing(html) if lang == "fr" else html


def shown_html(markup, lang: str) -> str:
    """The start of a rendered text (the notes, the safeguarding section) as the page has it."""
    html = str(without_heading_ids(markup.html))[:200]
    return french_spacing(html) if lang == "fr" else html


def part(html: str, name: str) -> str:
    """One part of the pack, from its section's opening tag to the next part's (or the end)."""
    start = html.index(f'class="pack-part {name}')
    following = html.find('class="pack-part ', start + 1)
    return html[start : following if following != -1 else len(html)]


def explanations(course, lang):
    quiz = course.quizzes[LESSON]
    return [quiz.words[lang][q.id].options[o].explanation for q in quiz.questions for o in q.options]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_students_parts_are_all_there_in_order(client, course, lang):
    lesson = course.lesson(lang, LESSON)
    quiz = course.quizzes[LESSON]
    response = client.get(f"/{lang}/lessons/{LESSON}/print")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = part(html, "pack-lesson")
    # The content note first, then the objectives and the lesson's text.
    assert text.index('class="content-note"') < text.index('class="objectives"') < text.index('class="lesson-body"')
    assert shown(lesson.content_note, lang) in text
    # The discussion box moves to the activity page, with the scenarios it refers to; a scenario stays in the text.
    activity = part(html, "pack-activity")
    assert text.count('class="admonition discussion"') == 0 and activity.count('class="admonition discussion"') >= 1
    assert text.count('class="admonition scenario"') == activity.count('class="admonition scenario"') >= 1
    # The worksheet: three or four of the lesson's objectives, each with ruled lines to write on.
    worksheet = part(html, "pack-worksheet")
    prompts = worksheet_prompts(lesson)
    assert 3 <= len(prompts) <= 4 and prompts[-1] == lesson.objectives[-1]
    assert worksheet.count('class="worksheet-prompt"') == len(prompts)
    assert all(shown(p, lang) in worksheet for p in prompts)
    assert worksheet.count('<div class="ruled"') == len(prompts) and "<span></span>" * 4 in worksheet
    # The quiz on paper: every question, every option with a box to tick, in the shared order, nothing answered.
    sheet = part(html, "pack-quiz")
    assert sheet.count('class="paper-question"') == len(quiz.questions)
    assert sheet.count('class="tickbox"') == sum(len(q.options) for q in quiz.questions)
    for q in quiz.questions:
        words = quiz.words[lang][q.id]
        positions = [sheet.index(shown(words.options[o].label, lang)) for o in q.options]
        assert positions == sorted(positions), q.id
    assert "tag-right" not in html and "ticked" not in html
    assert not any(shown(e, lang)[:40] in html for e in explanations(course, lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_students_part_ends_with_the_editions_crisis_lines(client, course, lang):
    html = client.get(f"/{lang}/lessons/{LESSON}/print").get_data(as_text=True)
    help_part = html[html.index('class="pack-help"') :]
    assert html.index('class="pack-help"') > html.index('class="pack-part pack-quiz')
    lines = [s for c in course.crisis_countries[lang] for s in course.danger_services(c)]
    assert any(s.kind == "crisis" for s in lines)
    for s in lines:
        assert shown(s.name[lang], lang) in help_part
        assert s.phone in help_part


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_signed_in_teacher_also_gets_the_answer_key_and_the_notes(client, teacher, course, lang):
    post_form(client, f"/{lang}/teacher/sign-in", {"email": "teacher@example.org", "password": PASSWORD})
    html = client.get(f"/{lang}/lessons/{LESSON}/print").get_data(as_text=True)
    quiz = course.quizzes[LESSON]
    # After the students' parts, each in a part of its own (a new sheet in print).
    assert html.index('class="pack-help"') < html.index("pack-part pack-teacher pack-answers")
    key = part(html, "pack-teacher pack-answers")
    assert key.count('class="tag tag-right"') == sum(len(q.answer) for q in quiz.questions)
    assert all(shown(e, lang)[:40] in key for e in explanations(course, lang))
    notes = part(html, "pack-teacher pack-notes")
    assert shown_html(course.notes[lang][LESSON], lang) in notes
    assert shown_html(course.safeguarding[lang], lang) in notes


def join_class(client):
    response = post_form(client, "/en/join", {"code": JOIN_CODE, "nickname": "Blue Fox"})
    assert response.status_code == 200, response.status_code


@pytest.mark.parametrize("who", ["visitor", "student"])
def test_a_student_or_a_visitor_never_gets_the_teachers_parts(client, classroom, course, who):
    if who == "student":
        join_class(client)
    for lang in LANGUAGES:
        html = client.get(f"/{lang}/lessons/{LESSON}/print").get_data(as_text=True)
        assert "pack-teacher" not in html and "pack-answers" not in html and "pack-notes" not in html
        assert shown_html(course.notes[lang][LESSON], lang) not in html
        assert shown_html(course.safeguarding[lang], lang) not in html
        assert not any(shown(e, lang)[:40] in html for e in explanations(course, lang))


def test_an_unknown_lesson_or_language_is_a_404(client):
    assert client.get("/en/lessons/no-such-lesson/print").status_code == 404
    assert client.get(f"/xx/lessons/{LESSON}/print").status_code == 404


def test_the_paper_size_is_a4_unless_letter_is_asked_for(client):
    def body_class(url):
        return re.search(r'<body class="([^"]*)"', client.get(url).get_data(as_text=True)).group(1)

    assert "paper-a4" in body_class(f"/en/lessons/{LESSON}/print")
    assert "paper-letter" in body_class(f"/en/lessons/{LESSON}/print?paper=letter")
    assert "paper-a4" in body_class(f"/en/lessons/{LESSON}/print?paper=<script>")


def test_each_lesson_page_links_to_its_pack(client, course):
    for lesson_id in course.lesson_ids:
        html = client.get(f"/fr/lessons/{lesson_id}").get_data(as_text=True)
        assert f'href="/fr/lessons/{lesson_id}/print"' in html


def sets_session(response) -> bool:
    return any(c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))


def test_reading_a_pack_records_nothing(app, client, course):
    # A reader: the lesson page notes the visit in the session cookie; the pack leaves the session as it was.
    assert sets_session(client.get(f"/en/lessons/{LESSON}"))
    assert not sets_session(app.test_client().get(f"/en/lessons/{LESSON}/print"))
    # A learner with a row (they answered a quiz): the lesson page adds a progress row, the pack does not.
    quiz = course.quizzes[LESSON]
    answers = {field_name(q.id): sorted(q.answer) for q in quiz.questions}
    url = f"/en/lessons/{LESSON}/quiz"
    assert client.post(url, data={**answers, "csrf_token": csrf_token(client, url)}).status_code == 303
    other = course.lesson_ids[1]

    def progress_rows():
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(LessonProgress))

    before = progress_rows()
    response = client.get(f"/en/lessons/{other}/print")
    assert response.status_code == 200 and progress_rows() == before
    with client.session_transaction() as session:
        assert other not in session.get("opened", [])
    client.get(f"/en/lessons/{other}")
    assert progress_rows() == before + 1
    with client.session_transaction() as session:
        assert other in session.get("opened", [])


# In headless Chromium: the PDF that the browser's "Save as PDF" makes.


def pages(pdf: bytes) -> list[tuple[int, int]]:
    """Each page's size in points, from the PDF's page objects (no PDF library needed)."""
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) > 0
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert len(boxes) == len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    return [(round(float(w)), round(float(h))) for w, h in boxes]


SCREEN_ONLY = ["#quick-exit-bar", ".site-header", ".site-footer", ".pack-screen-note", "[data-print]"]


@pytest.mark.parametrize("lang", ["ko", "fr"])
def test_a_pack_prints_to_pdf_with_the_key_only_for_a_teacher(live_server, page, course, teacher, lang):
    printed, chrome = {}, set()
    for who in ("visitor", "teacher"):
        if who == "teacher":  # the same page, signed in, and back on screen after the visitor's print
            sign_in_browser(page.context, live_server)
            page.emulate_media(media="screen")
        page.goto(f"{live_server}/{lang}/lessons/{LESSON}/print")
        assert page.locator("[data-print]").is_visible()  # print.js shows the Print button on screen
        # The words of the site's chrome and of the screen note, as they are on screen, to look for in the PDF.
        chrome |= {page.inner_text(s).strip() for s in (".quick-exit", ".skip-link", ".pack-screen-note p")}
        chrome |= set(page.locator(".lang-switch a").all_inner_texts())
        page.emulate_media(media="print")
        for selector in SCREEN_ONLY:
            assert not page.locator(selector).first.is_visible(), selector
        parts = page.locator(".pack-part")
        assert parts.first.is_visible()
        breaks = parts.evaluate_all("els => els.map((el) => getComputedStyle(el).breakBefore)")
        assert breaks[0] != "page" and set(breaks[1:]) == {"page"}, breaks  # each later part starts a new sheet
        assert page.locator(".pack-answers").count() == (1 if who == "teacher" else 0)
        assert page.locator(".pack-notes").count() == (1 if who == "teacher" else 0)
        if lang == "ko":  # the screen's Hangul stack, in print too
            font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
            assert "Apple SD Gothic Neo" in font and "Noto Sans CJK KR" in font, font
        printed[who] = page.pdf(prefer_css_page_size=True)
    visitor, teacher_pdf = pages(printed["visitor"]), pages(printed["teacher"])
    assert set(visitor) == set(teacher_pdf) == {A4}
    # Four parts, each from a new sheet (the lesson's text takes several); the teacher's two parts add sheets.
    assert 6 <= len(visitor) <= 14, len(visitor)
    assert len(teacher_pdf) >= len(visitor) + 2, (len(visitor), len(teacher_pdf))
    text = {who: pdf_text(pdf) for who, pdf in printed.items()}
    if text["visitor"] is None:
        pytest.skip("poppler's pdftotext is not installed: the printed words were not read back")
    answer_key = {"ko": "정답과 해설", "fr": "Corrigé"}[lang]
    assert answer_key not in text["visitor"] and answer_key in text["teacher"]
    assert len(chrome) >= 5, chrome
    for words in text.values():
        assert course.lesson(lang, LESSON).title in words
        assert not [c for c in chrome if c in words]


def pdf_text(pdf: bytes) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    return subprocess.run([tool, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_a_pack_prints_on_us_letter_when_asked(live_server, page):
    page.goto(f"{live_server}/en/lessons/{LESSON}/print?paper=letter")
    assert set(pages(page.pdf(prefer_css_page_size=True))) == {LETTER}
