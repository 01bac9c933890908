"""A live lesson in a real browser: the presenter drives, a student's phone follows by itself, the projector fits
the screen. Headless Debian Chromium, against the sample content (tests/content_samples)."""

import threading

import pytest
from werkzeug.serving import make_server

from app.content.loader import load_tree
from app.extensions import db
from app.live.steps import lesson_steps
from tests.factories import JOIN_CODE, PASSWORD, make_classroom, make_teacher
from tests.test_live import LESSON, SAMPLES, dispose, live_app_for


@pytest.fixture
def live_site(app, database_url, sample_bundles):
    """The sample-content app served on a free port (the `app` fixture empties the database afterwards)."""
    site = live_app_for(database_url, sample_bundles)
    site.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, site, threaded=True)
    site.config.update(TRUSTED_HOSTS=["127.0.0.1"], BASE_URL=f"http://127.0.0.1:{server.server_port}")
    with site.app_context():
        class_id = make_classroom(make_teacher(), code=JOIN_CODE, lessons=[LESSON]).id
        db.session.remove()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", class_id
    server.shutdown()
    thread.join()
    dispose(site)


def sign_in(page, base):
    page.goto(f"{base}/en/teacher/sign-in")
    page.fill("input[name=email]", "teacher@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_a_phone_follows_the_presenter_by_itself(live_site, browser):
    base, class_id = live_site
    teacher = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a teacher walking the room
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    sign_in(teacher, base)
    teacher.goto(f"{base}/en/teacher/classes/{class_id}/live")
    teacher.select_option("select[name=lesson]", LESSON)
    teacher.locator("main form button[type=submit]").click()
    phone.goto(f"{base}/en/join?code={JOIN_CODE}")
    phone.fill("input[name=nickname]", "Phone One")
    phone.locator("main form button[type=submit]").click()
    phone.goto(f"{base}/en/class/live")
    assert "lesson starts on the screen" in phone.locator("main").inner_text()
    teacher.goto(f"{base}/en/teacher/classes/{class_id}/live")
    teacher.click("button[value=next]")
    section_title = teacher.locator("#step-title").inner_text()
    phone.wait_for_function(
        "title => document.querySelector('h1') && document.querySelector('h1').innerText === title",
        arg=section_title,
        timeout=8000,
    )  # no reload by the student: the page's script saw the new version
    teacher.click("button[value=next]")  # the first poll opens as it is shown
    phone.wait_for_selector("form.live-answer", timeout=8000)
    phone.locator("ul.choices input").nth(3).check()
    phone.click("form.live-answer button[type=submit]")
    assert "recorded" in phone.locator(".notice").first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # long crisis-line names wrap
    teacher.wait_for_function(  # the presenter's counts update in place, without a reload
        "() => document.querySelector('[data-live-answered]').textContent.trim() === '1'", timeout=8000
    )
    assert teacher.locator("[data-live-following]").inner_text() == "1"  # a count, never a name
    assert "Phone One" not in teacher.content()


def test_the_projector_fits_the_screen_at_every_step(live_site, browser):
    """Every step of a lesson at 1280×800 and at 1920×1080, without scrolling or clipping."""
    base, class_id = live_site
    teacher = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(teacher, base)
    teacher.goto(f"{base}/en/teacher/classes/{class_id}/live")
    teacher.select_option("select[name=lesson]", LESSON)
    teacher.locator("main form button[type=submit]").click()
    steps = teacher.locator("select[name=goto] option").count()
    screen = None
    for n in range(steps):
        # A fresh tab per step: the last one's script may be reloading it for the step just taken.
        if screen is not None:
            screen.close()
        screen = teacher.context.new_page()  # the teacher's own browser, on the projector
        screen.goto(f"{base}/en/teacher/classes/{class_id}/live/screen")
        assert screen.locator(".site-header, .quick-exit-bar, .live-notes").count() == 0
        for width, height in ((1280, 800), (1920, 1080)):
            screen.set_viewport_size({"width": width, "height": height})
            size = screen.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            assert size[0] <= width and size[1] <= height, (n, width, size)
            text = screen.locator(".live-screen-text")
            if text.count():  # a long section is cut to the screen, never scrolled: it must all be visible
                clipped = text.evaluate(
                    "el => el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2"
                )
                assert not clipped, (n, width)
        if n + 1 < steps:
            teacher.click("button[value=next]")


@pytest.mark.parametrize("lang", ["ko", "fr", "en"])
def test_the_students_page_never_scrolls_sideways_on_a_phone(live_site, browser, lang):
    base, class_id = live_site
    teacher = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(teacher, base)
    teacher.goto(f"{base}/{lang}/teacher/classes/{class_id}/live")
    teacher.select_option("select[name=lesson]", LESSON)
    teacher.locator("main form button[type=submit]").click()
    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = phone_context.new_page()
    phone.goto(f"{base}/{lang}/join?code={JOIN_CODE}")
    phone.fill("input[name=nickname]", "Phone Two")
    phone.locator("main form button[type=submit]").click()
    course = load_tree(SAMPLES)[0]
    steps = lesson_steps(course, course.lessons[lang][LESSON], with_quiz=False)
    first_of_each_kind = {}  # one step of each kind: start, section, poll, discussion, end
    for number, step in enumerate(steps, 1):
        first_of_each_kind.setdefault(step.kind, number)
    for kind, number in first_of_each_kind.items():
        teacher.goto(f"{base}/{lang}/teacher/classes/{class_id}/live")
        teacher.select_option("select[name=goto]", str(number))
        teacher.click(".live-jump button")
        phone.close()  # a fresh tab per step: the last one's script may be reloading it
        phone = phone_context.new_page()
        phone.goto(f"{base}/{lang}/class/live")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, (kind, phone.url)
