"""The quick exit in a real browser (headless Debian Chromium): keyboard order, Shift ×3, and Back."""

from tests.factories import sign_in_browser


def test_quick_exit_is_first_in_keyboard_order(live_server, page):
    page.goto(f"{live_server}/ko/lessons/sextortion")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-quick-exit')") is not None


def test_pressing_shift_three_times_leaves_and_back_skips_the_page(live_server, page):
    page.goto(f"{live_server}/en/help")
    page.goto(f"{live_server}/en/lessons/sextortion")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.bbc.co.uk/weather", timeout=5000)
    page.go_back()
    assert page.url == f"{live_server}/en/help"


def test_the_page_is_blanked_before_it_is_left(live_server, own_page):
    """Someone looking over a shoulder sees nothing of the lesson while the neutral site loads."""
    page = own_page  # a listener and an init script of its own
    seen = []
    page.on("console", lambda message: seen.append(message.text))
    # Report the moment the overlay shows, with the title the tab has then.
    page.add_init_script("""addEventListener("DOMContentLoaded", () => {
        const overlay = document.getElementById("quick-exit-overlay");
        new MutationObserver(() => console.log("overlay " + (overlay.hidden ? "hidden" : "shown") + ", title "
            + document.title)).observe(overlay, {attributes: true});
    });""")
    page.goto(f"{live_server}/en/lessons/sextortion")
    assert page.locator("#quick-exit-overlay").is_hidden()
    page.click("[data-quick-exit]")
    page.wait_for_url("https://www.bbc.co.uk/weather", timeout=5000)
    assert "overlay shown, title …" in seen, seen


def test_clicking_quick_exit_goes_to_the_language_destination(live_server, page):
    page.goto(f"{live_server}/fr/pages/staying-safe")
    page.click("[data-quick-exit]")
    page.wait_for_url("https://meteofrance.com/", timeout=5000)


def test_the_button_stays_on_screen_while_scrolling(live_server, page):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{live_server}/en/lessons/consent-and-images")
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(200)
    top = page.evaluate("document.querySelector('[data-quick-exit]').getBoundingClientRect().top")
    assert 0 <= top < 60


def test_no_horizontal_scroll_at_320_pixels(live_server, page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (
        "/ko/",
        "/fr/lessons/deepfakes-and-nudify-apps",
        "/en/help",
        "/ko/lessons/sextortion/quiz",
        "/fr/join",
    ):
        page.goto(live_server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)


def test_the_class_qr_code_shows_in_the_browser(live_server, page, classroom):
    class_id = classroom
    sign_in_browser(page.context, live_server)
    for path in (f"/en/teacher/classes/{class_id}", f"/en/teacher/classes/{class_id}/projector"):
        page.goto(live_server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 100, path
