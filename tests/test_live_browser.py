"""A live lesson in a real browser: the presenter drives, a student's phone follows by itself, the projector fits
the screen. Headless Debian Chromium, against the sample content (tests/content_samples).

The pages ask for the live state every 2 s. Where a test waits for that, it moves the page's clock forward instead
of waiting (Playwright's clock: the page's own timer fires, its fetch and reload are real). Where a test only looks
at one step after another, the clock stands still, so no poll can reload the page under the test."""

from types import SimpleNamespace

import pytest

from app.extensions import db
from app.languages import LANGUAGES
from app.live.sessions import steps_of
from app.models import LiveSession
from tests.factories import JOIN_CODE, PASSWORD, make_classroom, make_teacher, sign_in_browser
from tests.helpers import serve
from tests.test_live import LESSON, act, dispose, live_app_for, running, start, step_keys, teacher

POLL_MS = 2000  # live.js: one poll every 2 s


@pytest.fixture
def live_site(app, database_url, sample_bundles):
    """The sample-content app served on a free port (the `app` fixture empties the database afterwards), and a
    test client signed in as its teacher, to drive the lesson where the presenter's page is not what is tested."""
    site = live_app_for(database_url, sample_bundles)
    with site.app_context():
        class_id = make_classroom(make_teacher(), code=JOIN_CODE, lessons=[LESSON]).id
        db.session.remove()
    with serve(site) as base:
        site.config["TRUSTED_HOSTS"].append("localhost")  # the test client's host
        yield SimpleNamespace(app=site, base=base, class_id=class_id, teacher=teacher(site))
    dispose(site)


def still(context):
    """Stop the pages' clocks: their timers (the live poll) never fire, so nothing reloads them."""
    context.clock.install()
    context.clock.pause_at(1_000_000_000_000)


def join_on(phone, base, lang, nickname):
    phone.goto(f"{base}/{lang}/join?code={JOIN_CODE}")
    phone.fill("input[name=nickname]", nickname)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()


def step_kinds(app) -> list[str]:
    """The kind of each step of the running session, in order."""
    with app.app_context():
        return [step.kind for step in steps_of(db.session.get(LiveSession, running(app).id))]


def test_a_phone_follows_the_presenter_by_itself(live_site, browser):
    base, class_id = live_site.base, live_site.class_id
    teacher = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a teacher walking the room
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.clock.install()
    teacher.clock.install()
    teacher.goto(f"{base}/en/teacher/sign-in")  # the sign-in form, filled in as a teacher does
    teacher.fill("input[name=email]", "teacher@example.org")
    teacher.fill("input[name=password]", PASSWORD)
    teacher.locator("main form button[type=submit]").click()
    teacher.wait_for_url(f"{base}/en/teacher/classes")
    teacher.goto(f"{base}/en/teacher/classes/{class_id}/live")
    teacher.select_option("select[name=lesson]", LESSON)
    teacher.locator("main form button[type=submit]").click()
    join_on(phone, base, "en", "Phone One")
    phone.goto(f"{base}/en/class/live")
    assert "lesson starts on the screen" in phone.locator("main").inner_text()
    teacher.goto(f"{base}/en/teacher/classes/{class_id}/live")
    teacher.click("button[value=next]")
    section_title = teacher.locator("#step-title").inner_text()
    phone.clock.fast_forward(POLL_MS)  # the phone's next poll, now
    phone.wait_for_function(
        "title => document.querySelector('h1') && document.querySelector('h1').innerText === title",
        arg=section_title,
        timeout=8000,
    )  # no reload by the student: the page's script saw the new version
    teacher.click("button[value=next]")  # the first poll opens as it is shown
    phone.clock.fast_forward(POLL_MS)
    phone.wait_for_selector("form.live-answer", timeout=8000)
    phone.locator("ul.choices input").nth(3).check()
    phone.click("form.live-answer button[type=submit]")
    assert "recorded" in phone.locator(".notice").first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # long crisis-line names wrap
    teacher.clock.fast_forward(POLL_MS)
    teacher.wait_for_function(  # the presenter's counts update in place, without a reload
        "() => document.querySelector('[data-live-answered]').textContent.trim() === '1'", timeout=8000
    )
    assert teacher.locator("[data-live-following]").inner_text() == "1"  # a count, never a name
    assert "Phone One" not in teacher.content()
    teacher.context.close()
    phone.context.close()


def test_the_projector_fits_the_screen_at_every_step(live_site, browser):
    """Every step of a lesson at 1280×800 and at 1920×1080, without scrolling or clipping."""
    site, base = live_site.app, live_site.base
    start(live_site.teacher, site)
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # the teacher's own browser
    sign_in_browser(context, base)
    still(context)
    screen = context.new_page()
    steps = step_keys(site)
    sizes = [(1280, 800), (1920, 1080)]  # the context's size first
    for n, key in enumerate(steps):
        screen.goto(f"{base}/en/teacher/classes/{live_site.class_id}/live/screen")
        version = running(site).version
        for i, (width, height) in enumerate(sizes):
            if i:  # the page opens at the size the last step ended at
                screen.set_viewport_size({"width": width, "height": height})
            shown = screen.evaluate("""() => {
                const root = document.documentElement, text = document.querySelector('.live-screen-text');
                return {version: Number(document.querySelector('[data-live-version]').dataset.liveVersion),
                        chrome: document.querySelectorAll('.site-header, .quick-exit-bar, .live-notes').length,
                        width: root.scrollWidth, height: root.scrollHeight, clipped: text !== null
                            && (text.scrollHeight > text.clientHeight + 2 || text.scrollWidth > text.clientWidth + 2)};
            }""")
            assert shown["version"] == version, key  # the step just taken
            assert shown["chrome"] == 0, key  # no site header, quick-exit bar or notes on the projector
            assert shown["width"] <= width and shown["height"] <= height, (key, width, shown)
            # A long section is cut to the screen, never scrolled: it must all be visible.
            assert not shown["clipped"], (key, width)
        sizes.reverse()  # the next step starts at the size this one ends at
        if n + 1 < len(steps):
            assert act(live_site.teacher, site, "next").status_code == 303
    context.close()


def test_the_students_page_never_scrolls_sideways_on_a_phone(live_site, browser):
    """One step of each kind (start, section, poll, discussion, end), in a lesson taught in each language."""
    site, base = live_site.app, live_site.base
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    still(context)
    phone = context.new_page()
    join_on(phone, base, "en", "Phone Two")
    for lang in LANGUAGES:
        start(live_site.teacher, site, lang=lang)
        first_of_each_kind = {}
        for number, kind in enumerate(step_kinds(site), 1):
            first_of_each_kind.setdefault(kind, number)
        assert set(first_of_each_kind) >= {"start", "section", "poll", "discussion", "end"}, lang
        for kind, number in first_of_each_kind.items():
            assert act(live_site.teacher, site, "goto", goto=number).status_code == 303
            phone.goto(f"{base}/{lang}/class/live")
            version, width = phone.evaluate(
                "[Number(document.querySelector('[data-live-version]').dataset.liveVersion),"
                " document.documentElement.scrollWidth]"
            )
            assert version == running(site).version, (lang, kind)  # the step just taken
            assert width <= 390, (lang, kind)
        assert act(live_site.teacher, site, "end").status_code == 303  # the next language's lesson starts anew
    context.close()
