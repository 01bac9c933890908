"""The teacher's class pages in a real browser (headless Debian Chromium): removing a student asks first, the
assign message is where the teacher is looking, the projector fits the screen with the code on one line and
counts who joins by itself, and the dashboard prints on an A4 landscape page without the site's chrome."""

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.learners import record_attempt
from app.models import Assignment, Classroom, Learner, Student, Teacher
from tests.factories import make_classroom, make_student, make_teacher, sign_in_browser

# A4 in PDF points (1/72 inch), landscape.
A4_LANDSCAPE = (842, 595)


@pytest.fixture
def class_ids(app, course):
    """The teacher's class "9B": two lessons assigned, three students, one of whom answered a quiz."""
    with app.app_context():
        teacher = db.session.get(Teacher, make_teacher().id)
        classroom = make_classroom(teacher, name="9B", lessons=course.lesson_ids[:2], code="ACDE3467")
        students = [make_student(classroom, name) for name in ("Ana", "Bo", "Cy")]
        quiz = course.quizzes[course.lesson_ids[0]]
        learner = db.session.get(Learner, students[0].learner_id)
        record_attempt(learner, quiz, "en", {q.id: set(q.answer) for q in quiz.questions})
        db.session.commit()
        return {"class": classroom.id, "ana": students[0].id}


@pytest.fixture
def teacher_page(live_server, page, class_ids):
    """The browser page, signed in as the class's teacher."""
    sign_in_browser(page.context, live_server)
    return page


def student_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Student.id)))


def test_removing_a_student_asks_first_and_cancel_keeps_them(app, live_server, teacher_page, class_ids):
    page = teacher_page
    student_url = f"{live_server}/en/teacher/classes/{class_ids['class']}/students/{class_ids['ana']}"
    page.goto(student_url)
    page.click("text=Remove from class")
    page.wait_for_url(f"{student_url}/remove")
    assert page.inner_text("h1") == "Remove Ana?"
    assert student_count(app) == 3  # opening the confirmation removes nobody
    page.click("text=Cancel")
    page.wait_for_url(student_url)
    assert student_count(app) == 3
    page.click("text=Remove from class")
    page.click("button:has-text('Remove the student and their progress')")
    page.wait_for_url(f"{live_server}/en/teacher/classes/{class_ids['class']}/dashboard")
    assert "The student and their progress were removed." in page.inner_text("main")
    assert student_count(app) == 2


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_the_assign_message_is_in_view_below_the_sticky_bar(app, live_server, teacher_page, class_ids, width, height):
    page = teacher_page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server}/en/teacher/classes/{class_ids['class']}")
    boxes = page.locator("fieldset.lesson-choices input[name=lesson_ids]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("form.assign-form button[type=submit]")
    page.wait_for_url(re.compile(r".*#assignments$"))
    page.wait_for_timeout(100)  # the jump to the fragment
    where = page.evaluate("""() => {
        const box = (selector) => document.querySelector(selector).getBoundingClientRect();
        return {bar: box('#quick-exit-bar').bottom, heading: box('#assignments-title').top,
                message: box('#assign-feedback'), text: document.querySelector('#assign-feedback').textContent};
    }""")
    assert where["text"] == "2 lessons assigned."
    # The heading is not hidden under the quick-exit bar, and the message is on screen under it.
    assert where["heading"] >= where["bar"], where
    assert where["bar"] <= where["message"]["top"] and where["message"]["bottom"] <= height, where


SCREENS = [(1280, 800), (1920, 1080), (1024, 768), (390, 844), (320, 640)]


def test_the_projector_fits_and_the_code_stays_on_one_line(live_server, teacher_page, class_ids):
    page = teacher_page
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server}/en/teacher/classes/{class_ids['class']}/projector")
        page.wait_for_load_state("load")
        fit = page.evaluate("""() => {
            const root = document.documentElement, code = document.querySelector('.projector-code');
            const letters = code.querySelector('[aria-hidden]').getBoundingClientRect();
            return {overflowX: root.scrollWidth - root.clientWidth, overflowY: root.scrollHeight - root.clientHeight,
                    height: code.getBoundingClientRect().height, line: parseFloat(getComputedStyle(code).lineHeight),
                    left: letters.left, right: letters.right, qrBottom: document.querySelector('.projector-qr')
                        .getBoundingClientRect().bottom};
        }""")
        fit["screen"] = (width, height)
        assert fit["overflowX"] <= 0, fit  # never sideways
        assert fit["height"] <= fit["line"] * 1.2, fit  # one line of code
        assert fit["left"] >= 0 and fit["right"] <= width, fit
        if width >= 1024:  # a projector: everything on one screen, no scrolling
            assert fit["overflowY"] <= 0 and fit["qrBottom"] <= height, fit


def test_the_projector_counts_who_joins_by_itself(app, live_server, own_page, class_ids):
    page = own_page  # with a clock of its own
    sign_in_browser(page.context, live_server)
    page.clock.install()
    page.goto(f"{live_server}/en/teacher/classes/{class_ids['class']}/projector")
    assert page.inner_text("#joined-count") == "3 students have joined"
    assert page.locator("[data-refresh]").is_hidden()  # the script keeps the count fresh: no Refresh link
    with app.app_context():
        make_student(db.session.get(Classroom, class_ids["class"]), "Dee")
    # projector.js asks every 4 seconds: the page's clock jumps there, and its own timer fetches the count (the
    # page's CSP allows no eval, so wait on a selector).
    page.clock.fast_forward(4000)
    page.locator("#joined-count", has_text=re.compile(r"^4 students have joined$")).wait_for(timeout=10_000)


def test_without_javascript_the_projector_offers_a_refresh_link(browser, live_server, class_ids):
    context = browser.new_context(java_script_enabled=False)
    sign_in_browser(context, live_server)
    page = context.new_page()
    page.goto(f"{live_server}/en/teacher/classes/{class_ids['class']}/projector")
    assert page.inner_text("#joined-count") == "3 students have joined"
    assert page.locator("[data-refresh]").is_visible()
    context.close()


def test_the_dashboard_prints_on_a4_landscape_without_the_sites_chrome(live_server, teacher_page, class_ids):
    page = teacher_page
    page.goto(f"{live_server}/en/teacher/classes/{class_ids['class']}/dashboard")
    assert page.locator("[data-print]").is_visible()  # print.js shows the Print button
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries(
        ['#quick-exit-bar', '.site-header', '.site-footer', '[data-print]', '.print-header', 'table.heatmap']
            .map((s) => [s, getComputedStyle(document.querySelector(s)).display !== 'none']))""")
    assert shown == {
        "#quick-exit-bar": False,
        ".site-header": False,
        ".site-footer": False,
        "[data-print]": False,
        ".print-header": True,
        "table.heatmap": True,
    }
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    sizes = {tuple(round(float(n)) for n in box) for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)}
    assert sizes == {A4_LANDSCAPE}, sizes


def test_every_lesson_fits_the_printed_pages_width(app, course, live_server, teacher_page, class_ids):
    """All the course's lessons, in French (the longest cells): the grid wraps inside an A4 landscape page."""
    page = teacher_page
    with app.app_context():
        classroom = db.session.get(Classroom, class_ids["class"])
        assigned = {a.lesson_id for a in classroom.assignments}
        for position, lesson_id in enumerate((i for i in course.lesson_ids if i not in assigned), start=10):
            db.session.add(Assignment(classroom_id=classroom.id, lesson_id=lesson_id, position=position))
        db.session.commit()
    page.set_viewport_size({"width": 1031, "height": 700})  # A4 landscape less 12 mm margins, at 96 px an inch
    page.goto(f"{live_server}/fr/teacher/classes/{class_ids['class']}/dashboard")
    page.emulate_media(media="print")
    widths = page.evaluate("""() => { const table = document.querySelector('table.heatmap');
        return {table: table.scrollWidth, page: document.querySelector('main').clientWidth,
                columns: table.querySelectorAll('thead th').length}; }""")
    assert widths["columns"] == len(course.lesson_ids) + 1
    assert widths["table"] <= widths["page"], widths
