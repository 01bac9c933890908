"""A student's pages in a real browser (headless Debian Chromium) on a phone: the quick-exit bar, the help page's
order, the quiz's error summary and tables that keep their words whole."""

import pytest

from app.languages import LANGUAGES
from tests.helpers import answer_the_neutral_site, reset_between_tests

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def _shared_phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    answer_the_neutral_site(page)
    yield page
    context.close()


@pytest.fixture
def phone(_shared_phone):
    """A phone: touch, no hover, 390×844; no cookies, shared by this module's tests on a worker as `page` is."""
    yield from reset_between_tests(_shared_phone, PHONE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_quick_exit_bar_is_one_slim_line_on_a_phone(live_server, phone, lang):
    phone.goto(f"{live_server}/{lang}/lessons/sextortion")
    bar = phone.locator("#quick-exit-bar").bounding_box()
    button = phone.locator("[data-quick-exit]").bounding_box()
    assert bar["height"] <= 0.08 * PHONE["height"], bar  # at most 8% of the screen
    assert button["height"] >= 44 and button["width"] >= 44, button  # as easy to hit as before
    assert phone.locator(".quick-exit-keys").is_hidden()  # no "press Shift" on a phone
    assert phone.locator(".quick-exit-hint a").is_visible()  # but the history warning stays
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.hasAttribute('data-quick-exit')")


def test_the_shift_hint_shows_where_there_is_a_keyboard_and_mouse(live_server, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server}/en/help")
    assert page.locator(".quick-exit-keys").is_visible()
    assert page.locator("#quick-exit-bar").bounding_box()["height"] <= 60


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_help_page_leads_with_the_lines_for_someone_in_danger(live_server, phone, lang):
    phone.goto(f"{live_server}/{lang}/help")
    danger = phone.locator(".danger-now").bounding_box()
    services = phone.locator("ul.services").bounding_box()
    assert danger["y"] < services["y"]
    assert danger["y"] < PHONE["height"] / 2, danger  # the heading is in the first half of the first screen
    first_line = phone.locator(".danger-lines a.phone").first.bounding_box()
    assert first_line["y"] + first_line["height"] <= PHONE["height"], first_line  # a number to call, unscrolled


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_quiz_gets_one_summary_with_the_focus(live_server, phone, lang):
    phone.goto(f"{live_server}/{lang}/lessons/consent-and-images/quiz")
    phone.locator("fieldset.question").nth(1).locator("input").first.check()  # one answer given
    phone.locator("form.quiz button[type=submit]").click()
    phone.wait_for_load_state("load")
    assert phone.url.endswith("/quiz#error-summary")
    assert phone.evaluate("document.activeElement.id") == "error-summary"
    assert phone.locator(".error-summary").count() == 1
    links = phone.locator(".error-summary a")
    questions = phone.locator("fieldset.question").count()
    assert links.count() == questions - 1  # each unanswered question, once
    assert phone.locator("fieldset.question").nth(1).locator("input").first.is_checked()  # nothing lost
    summary = phone.locator("#error-summary").bounding_box()
    assert 0 <= summary["y"] < PHONE["height"] / 2
    links.nth(1).click()  # the third question: brought into view, its first choice focused
    third = phone.locator("fieldset.question").nth(2)
    assert third.evaluate("(el) => el.contains(document.activeElement)")
    legend = third.locator("legend").bounding_box()
    bar = phone.locator("#quick-exit-bar").bounding_box()
    assert legend["y"] >= bar["height"] - 1, (legend, bar)  # not hidden under the sticky bar


def test_a_wrapped_legend_stays_inside_its_box(live_server, phone):
    phone.goto(f"{live_server}/fr/lessons/consent-and-images/quiz")
    for i in range(phone.locator("fieldset.question").count()):
        fieldset = phone.locator("fieldset.question").nth(i)
        box, legend = fieldset.bounding_box(), fieldset.locator("legend").bounding_box()
        assert legend["y"] >= box["y"] + 1, i  # the border runs above the prompt, never through it


def test_table_cells_keep_words_and_numbers_whole(live_server, phone):
    """With `overflow-wrap: anywhere` gone from the body, a narrow cell never splits "Right" or "7/11"."""
    phone.goto(f"{live_server}/en/lessons/law-and-your-rights")
    lines = phone.evaluate(
        """(question) => {
            const table = document.createElement("table");
            table.innerHTML = "<tr><th>Question</th><th>Right</th><th>Missed</th></tr>"
                + "<tr><td>" + question + "</td><td>7/11</td><td>36%</td></tr>";
            document.querySelector(".lesson-body").prepend(table);
            return [table.rows[0].cells[1], table.rows[1].cells[1]].map((cell) => {
                const range = document.createRange();
                range.selectNodeContents(cell);
                return range.getClientRects().length;
            });
        }""",
        "A long question that takes all the room there is in a table on a phone " * 3,
    )
    assert lines == [1, 1]  # one line box each
