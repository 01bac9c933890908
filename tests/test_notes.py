"""Facilitator notes: rendered for every lesson in every language, and shown only to signed-in teachers."""

from app.content.course import LANGUAGES
from tests.factories import make_classroom, make_teacher, sign_in
from tests.helpers import post_form

NOTES_HEADING = 'id="notes-title"'


def test_notes_are_hidden_when_signed_out(client, course):
    for lang in LANGUAGES:
        for lesson_id in course.lesson_ids:
            html = client.get(f"/{lang}/lessons/{lesson_id}").get_data(as_text=True)
            assert NOTES_HEADING not in html
            assert "facilitator-notes" not in html


def test_notes_are_hidden_from_students(app, client, course):
    with app.app_context():
        make_classroom(make_teacher(), code="ACDE3467")
    post_form(client, "/en/join", {"code": "ACDE3467", "nickname": "Student One"})
    html = client.get(f"/en/lessons/{course.lesson_ids[0]}").get_data(as_text=True)
    assert NOTES_HEADING not in html


def test_every_note_renders_for_a_signed_in_teacher(app, client, course):
    with app.app_context():
        make_teacher()
    sign_in(client)
    for lang in LANGUAGES:
        sources = {"ko": "출처", "fr": "Sources", "en": "Sources"}[lang]
        for lesson_id in course.lesson_ids:
            html = client.get(f"/{lang}/lessons/{lesson_id}").get_data(as_text=True)
            assert NOTES_HEADING in html, (lang, lesson_id)
            notes = html[html.index('class="facilitator-notes"') :]
            assert f">{sources}</h2>" in notes, (lang, lesson_id)
            assert "45" in notes  # timing for a 45-minute class


def test_notes_are_a_closed_panel_at_the_top_that_never_prints(app, client, course):
    """The teacher opens them when needed: they don't push the lesson 4,500 px down, nor reach a printout."""
    with app.app_context():
        make_teacher()
    sign_in(client)
    html = client.get(f"/en/lessons/{course.lesson_ids[0]}").get_data(as_text=True)
    panel = html.index('<details class="teacher-notes">')
    assert panel < html.index('class="lesson-body"') and panel < html.index(NOTES_HEADING)
    assert '<details class="teacher-notes" open' not in html
    with client.get("/static/site.css") as response:
        css = response.get_data(as_text=True)
    printed = css.split("@media print")[1:]
    assert any(block.lstrip(" {").startswith(".teacher-notes { display: none !important; }") for block in printed)
