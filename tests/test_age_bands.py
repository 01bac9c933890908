"""The two age routes: a class's band and a self-study learner's choice decide which version of each lesson is read,
in which order, and what the teacher's notes, live lessons and printed packs show.

Versions are checked on tests/content_samples/ (its "What the law says" section has a simpler 12–14 version in
each language, and its notes a section per band); the route order on the real course."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from app import create_app
from app.age_bands import OLDER, YOUNGER
from app.cli import content_cli
from app.content.checks import check_tree
from app.extensions import db
from app.models import Assignment, Classroom, Learner, LiveSession, Teacher
from tests.factories import JOIN_CODE, make_classroom, make_teacher, sign_in
from tests.helpers import app_config, post_form

SAMPLES = Path(__file__).resolve().parent / "content_samples"
LESSON = "consent-and-images"
LESSON_URL = f"/en/lessons/{LESSON}"
# What only each version of the sample lesson says (en).
OLDER_TEXT = "England and Wales"
YOUNGER_TEXT = "In many countries, sharing someone"
OLDER_NOTE = "with the laws of England and Wales and the United States"
YOUNGER_NOTE = "The class reads a shorter"


@pytest.fixture
def sample_app(app, database_url, sample_bundles):
    """An app on the sample content, over the suite's database (the `app` fixture empties it afterwards)."""
    sample = create_app(app_config(database_url, CONTENT_DIR=str(SAMPLES), CONTENT_BUNDLE_FOLDER=str(sample_bundles)))
    yield sample
    with sample.app_context():
        db.session.remove()
        db.engine.dispose()


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def lesson_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="h3"><a href="/en/lessons/([a-z-]+)"', html)


def join(app, nickname="Ana"):
    client = app.test_client()
    assert post_form(client, "/en/join", {"code": JOIN_CODE, "nickname": nickname}).status_code == 200
    return client


def make_class(app, band: str, lessons=()) -> int:
    with app.app_context():
        teacher = db.session.scalar(select(Teacher)) or make_teacher()
        classroom = make_classroom(teacher, code=JOIN_CODE, lessons=lessons)
        classroom.age_band = band
        db.session.commit()
        return classroom.id


# --- self-study: the choice on the course page -------------------------------------------------------------------


def test_a_reader_gets_the_whole_lesson_until_they_choose(sample_app):
    html = text_of(sample_app.test_client().get(LESSON_URL))
    assert OLDER_TEXT in html and YOUNGER_TEXT not in html
    assert "Version for ages 15 to 18" in html
    assert "{age=" not in html  # the marks never show


def test_choosing_12_to_14_changes_the_lessons_and_keeps_nothing_but_a_cookie(sample_app):
    client = sample_app.test_client()
    response = post_form(client, "/en/lessons/", {"band": YOUNGER}, action="/en/lessons/age")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/en/lessons/")
    html = text_of(client.get(LESSON_URL))
    assert YOUNGER_TEXT in html and OLDER_TEXT not in html
    assert "Version for ages 12 to 14" in html
    overview = text_of(client.get("/en/lessons/"))
    assert re.search(r'value="12-14"[^>]*checked|checked[^>]*value="12-14"', overview)
    with sample_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 0  # no row for a choice
    # And back: the learner can change at any time.
    post_form(client, "/en/lessons/", {"band": OLDER}, action="/en/lessons/age")
    assert OLDER_TEXT in text_of(client.get(LESSON_URL))


@pytest.mark.parametrize("sent", [{}, {"band": "16-18"}, {"band": "12-14\x00"}])
def test_a_bad_choice_gets_a_message_and_keeps_the_previous_one(sample_app, sent):
    client = sample_app.test_client()
    post_form(client, "/en/lessons/", {"band": YOUNGER}, action="/en/lessons/age")
    response = post_form(client, "/en/lessons/", sent, action="/en/lessons/age")
    assert response.status_code == 400
    assert "Please choose one of the two versions." in response.get_data(as_text=True)
    assert YOUNGER_TEXT in text_of(client.get(LESSON_URL))


def test_the_choice_is_asked_in_the_learners_language(sample_app):
    response = post_form(sample_app.test_client(), "/fr/lessons/", {"band": "x"}, action="/fr/lessons/age")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Please choose one of the two versions." not in html
    assert "12 à 14 ans" in html


def test_cached_copies_are_kept_per_band(sample_app):
    """The page cache must never hand a 12–14 reader the 15–18 copy, or the other way round."""
    older, younger = sample_app.test_client(), sample_app.test_client()
    post_form(younger, "/en/lessons/", {"band": YOUNGER}, action="/en/lessons/age")
    post_form(older, "/en/lessons/", {"band": OLDER}, action="/en/lessons/age")
    for _ in range(2):  # the second round is served from the cache
        assert OLDER_TEXT in text_of(older.get(LESSON_URL))
        assert YOUNGER_TEXT in text_of(younger.get(LESSON_URL))
        assert YOUNGER_TEXT in text_of(sample_app.test_client().get(LESSON_URL + "?age=12-14"))
        assert OLDER_TEXT in text_of(sample_app.test_client().get(LESSON_URL))
    etags = {
        sample_app.test_client().get(LESSON_URL).headers["ETag"],
        sample_app.test_client().get(LESSON_URL + "?age=12-14").headers["ETag"],
    }
    assert len(etags) == 2


@pytest.mark.parametrize("query", ["?age=nonsense", "?age=", "?age=12-14&age=15-18", "?age=%00"])
def test_a_strange_age_in_the_url_is_the_default_version(sample_app, query):
    html = text_of(sample_app.test_client().get(LESSON_URL + query))
    assert OLDER_TEXT in html or YOUNGER_TEXT in html


def test_the_12_to_14_route_puts_healthy_relationships_second(client):
    """The real course: after CEOP's "Send me a pic?", healthy relationships right after consent."""
    assert lesson_titles(text_of(client.get("/en/lessons/")))[-1] == "healthy-relationships"
    post_form(client, "/en/lessons/", {"band": YOUNGER}, action="/en/lessons/age")
    order = lesson_titles(text_of(client.get("/en/lessons/")))
    assert order[:2] == ["consent-and-images", "healthy-relationships"]
    assert len(order) == len(set(order)) == 8
    html = text_of(client.get("/en/lessons/healthy-relationships"))
    assert "Lesson 2 of 8" in html
    assert re.search(r'rel="prev" href="/en/lessons/consent-and-images"', html)
    assert re.search(r'rel="next" href="/en/lessons/what-is-image-based-abuse"', html)
    older = text_of(client.get("/en/lessons/healthy-relationships?age=15-18"))
    assert "Lesson 8 of 8" in older
    assert 'rel="next"' not in older


# --- classes ----------------------------------------------------------------------------------------------------


def test_a_teacher_chooses_the_band_when_creating_a_class(teacher_client, app):
    response = post_form(
        teacher_client, "/en/teacher/classes", {"name": "7A", "lang": "en", "age_band": YOUNGER}, follow_redirects=True
    )
    assert "Age group: ages 12 to 14" in text_of(response)
    response = post_form(teacher_client, "/en/teacher/classes", {"name": "11C", "lang": "en"})
    assert response.status_code == 302  # the form starts on 15–18
    response = post_form(teacher_client, "/en/teacher/classes", {"name": "X", "lang": "en", "age_band": "9-11"})
    assert response.status_code == 400
    assert "Please choose the class&#39;s age group." in response.get_data(as_text=True)
    with app.app_context():
        bands = {name: band for name, band in db.session.execute(select(Classroom.name, Classroom.age_band))}
    assert bands == {"7A": YOUNGER, "11C": OLDER}


def test_a_teacher_changes_the_band_and_a_bad_value_changes_nothing(teacher_client, app, classroom):
    page = f"/en/teacher/classes/{classroom}"
    response = post_form(teacher_client, page, {"age_band": YOUNGER}, action=page + "/age-band")
    assert response.status_code == 302
    response = post_form(teacher_client, page, {"age_band": "18+"}, action=page + "/age-band", follow_redirects=True)
    assert "Please choose the class&#39;s age group." in text_of(response)
    with app.app_context():
        assert db.session.get(Classroom, classroom).age_band == YOUNGER


def test_another_teacher_cannot_change_the_band(client, app, classroom):
    with app.app_context():
        make_teacher(email="other@example.org")
    assert sign_in(client, email="other@example.org").status_code == 302
    page = f"/en/teacher/classes/{classroom}"
    response = post_form(client, "/en/teacher/classes", {"age_band": YOUNGER}, action=page + "/age-band")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Classroom, classroom).age_band == OLDER


def test_a_student_reads_their_class_band_whatever_they_chose(sample_app):
    make_class(sample_app, YOUNGER, lessons=[LESSON])
    student = sample_app.test_client()
    post_form(student, "/en/lessons/", {"band": OLDER}, action="/en/lessons/age")  # chosen before joining
    assert post_form(student, "/en/join", {"code": JOIN_CODE, "nickname": "Ana"}).status_code == 200
    for _ in range(2):  # rendered, then from the student's cached copy
        html = text_of(student.get(LESSON_URL))
        assert YOUNGER_TEXT in html and OLDER_TEXT not in html
    overview = text_of(student.get("/en/lessons/"))
    assert "Your class follows the version for ages 12 to 14." in overview
    assert 'action="/en/lessons/age"' not in overview  # the class decides


def test_the_class_page_and_assignments_follow_the_route(teacher_client, app, course, teacher):
    with app.app_context():
        classroom = make_classroom(db.session.get(Teacher, teacher))
        classroom.age_band = YOUNGER
        db.session.commit()
        class_id = classroom.id
    page = f"/en/teacher/classes/{class_id}"
    html = text_of(teacher_client.get(page))
    boxes = re.findall(r'name="lesson_ids" value="([a-z-]+)"', html)
    assert boxes == list(course.route(YOUNGER))
    # Ticked in any order, assigned in the route's order.
    chosen = ["law-and-your-rights", "healthy-relationships", "sextortion"]
    post_form(teacher_client, page, {"lesson_ids": chosen}, action=page + "/assignments")
    with app.app_context():
        assigned = db.session.scalars(
            select(Assignment.lesson_id).where(Assignment.classroom_id == class_id).order_by(Assignment.position)
        ).all()
    assert assigned == ["healthy-relationships", "sextortion", "law-and-your-rights"]
    # The teacher previews each assigned lesson in the class's version, from the class page and the dashboard.
    html = text_of(teacher_client.get(page))
    assert 'href="/en/lessons/sextortion?age=12-14"' in html
    dashboard = text_of(teacher_client.get(page + "/dashboard"))
    assert "Age group: ages 12 to 14" in dashboard


def test_the_teacher_sees_the_notes_for_the_band_previewed(sample_app):
    make_class(sample_app, YOUNGER)
    teacher = sample_app.test_client()
    assert sign_in(teacher).status_code == 302
    younger = text_of(teacher.get(LESSON_URL + "?age=12-14"))
    assert YOUNGER_NOTE in younger and OLDER_NOTE not in younger
    older = text_of(teacher.get(LESSON_URL))
    assert OLDER_NOTE in older and YOUNGER_NOTE not in older


def test_the_printed_pack_follows_the_band(sample_app):
    client = sample_app.test_client()
    pack = text_of(client.get(LESSON_URL + "/print?age=12-14"))
    assert YOUNGER_TEXT in pack and OLDER_TEXT not in pack
    assert "Version for ages 12 to 14" in pack
    assert 'href="/en/lessons/consent-and-images/print?paper=letter&amp;age=12-14"' in pack
    post_form(client, "/en/lessons/", {"band": YOUNGER}, action="/en/lessons/age")
    assert YOUNGER_TEXT in text_of(client.get(LESSON_URL + "/print"))  # the learner's own choice


# --- live lessons -----------------------------------------------------------------------------------------------


def test_a_live_lesson_keeps_the_band_it_started_with(sample_app):
    class_id = make_class(sample_app, YOUNGER, lessons=[LESSON])
    teacher = sample_app.test_client()
    assert sign_in(teacher).status_code == 302
    url = f"/en/teacher/classes/{class_id}/live"
    assert post_form(teacher, url, {"lesson": LESSON}, action=url + "/start").status_code == 303
    with sample_app.app_context():
        session = db.session.scalar(select(LiveSession))
        assert session.age_band == YOUNGER
        version = session.version
    presenter = text_of(teacher.get(url))
    assert YOUNGER_NOTE in presenter and OLDER_NOTE not in presenter
    # The teacher changes the class's band mid-lesson: the running lesson doesn't move under the class.
    page = f"/en/teacher/classes/{class_id}"
    post_form(teacher, page, {"age_band": OLDER}, action=page + "/age-band")
    from app.live.sessions import steps_of

    with sample_app.app_context():
        session = db.session.scalar(select(LiveSession))
        steps = steps_of(session)
        law = next(s for s in steps if s.section is not None and "law" in s.section.title.lower())
    assert YOUNGER_TEXT in str(law.section.html)
    # The class's phones show the same version.
    student = join(sample_app)
    post_form(
        teacher, url, {"action": "goto", "version": version, "goto": steps.index(law) + 1}, action=url + "/control"
    )
    assert YOUNGER_TEXT in text_of(student.get("/en/class/live"))


# --- the content check ------------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLES, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(tree) -> list[str]:
    return [str(p) for p in check_tree(tree)]


EN_LESSON = Path("en") / "lessons" / f"{LESSON}.md"
EN_NOTES = Path("en") / "notes" / f"{LESSON}.md"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("## What the law says {age=15-18}", "## What the law says {age=16-18}", "write {age=15-18} or {age=12-14}"),
        ("## What the law says {age=15-18}", "## What the law says {ages=15-18}", "write {age=15-18} or {age=12-14}"),
        ("## Welcome", "### Welcome {age=15-18}", "only a '##' heading can carry {age=…}"),
        ("## What the law says {age=15-18}", "## What the law says", "must come right after the {age=15-18} section"),
        ("## Welcome", "## Welcome {age=12-14}", "must come right after the {age=15-18} section"),
    ],
)
def test_the_check_names_a_bad_age_mark(tree, old, new, expected):
    edit(tree / EN_LESSON, old, new)
    found = problems(tree)
    assert any(f"en/lessons/{LESSON}.md" in p and expected in p for p in found), found


def test_the_check_wants_a_simpler_version_shorter(tree):
    edit(
        tree / EN_LESSON,
        "Making a fake one is too.",
        "Making a fake one is too. " + "This sentence makes the simpler version far too long to be simpler. " * 20,
    )
    assert any("is as long as the section it simplifies" in p for p in problems(tree))


def test_each_bands_version_is_checked_on_its_own(tree):
    """A 12–14 version that drops the help box fails, though the 15–18 version still has it."""
    path = tree / EN_LESSON
    text = path.read_text(encoding="utf-8")
    start = text.index("## It's never too late to get help")
    path.write_text(
        text[:start]
        + "## It's never too late to get help {age=15-18}\n\n"
        + text[start:].split("\n", 1)[1]
        + "\n## It's never too late {age=12-14}\n\nTalk to an adult you trust.\n",
        encoding="utf-8",
    )
    found = problems(tree)
    assert any("(12-14 version)" in p and "no '!!! help' box" in p for p in found), found
    assert not any("(15-18 version)" in p and "no '!!! help' box" in p for p in found), found


def test_the_check_wants_notes_for_each_band(tree):
    edit(tree / EN_NOTES, "## For ages 12 to 14 {age=12-14}", "## For ages 12 to 14")
    edit(tree / EN_NOTES, "## For ages 15 to 18 {age=15-18}", "## For ages 15 to 18")
    assert any(f"en/notes/{LESSON}.md" in p and "no section for each age band" in p for p in problems(tree))


def test_the_check_refuses_a_poll_behind_a_section_12_to_14_never_reads(tree):
    path = tree / EN_LESSON
    text = path.read_text(encoding="utf-8")
    start, end = text.index("## What the law says {age=12-14}"), text.index("## If someone else's image")
    path.write_text(text[:start] + text[end:], encoding="utf-8")  # 15–18 only now, with no simpler version
    edit(tree / "polls" / f"{LESSON}.yaml", "after_section: 1", "after_section: {ko: 1, fr: 1, en: 7}")
    found = problems(tree)
    assert any("poll 'sure-what-to-do' comes after section 7" in p and "15-18 only" in p for p in found), found


@pytest.mark.parametrize(
    ("lang", "path", "old", "new"),
    [
        ("en", EN_NOTES, 'These notes go with "Images and consent".', "These notes go with Lesson 1."),
        ("fr", Path("fr/notes") / f"{LESSON}.md", "la leçon « Images et consentement »", "la leçon 1"),
        ("ko", Path("ko/notes") / f"{LESSON}.md", "이 자료는 「사진과 동의」 수업을", "이 자료는 1단원 수업을"),
    ],
)
def test_the_check_refuses_lessons_named_by_number(tree, lang, path, old, new):
    edit(tree / path, old, new)
    assert any(f"{lang}/notes/{LESSON}.md" in p and "names a lesson by its number" in p for p in problems(tree))


def test_a_number_followed_by_and_is_not_a_lesson_number(tree):
    """In Korean, "과" after a number is mostly "and": a help line or a law article, never a lesson."""
    edit(
        tree / Path("ko/notes") / f"{LESSON}.md",
        "이 자료는 「사진과 동의」 수업을",
        "1366과 1388, 제14조의3과 함께 이 자료는 수업을",
    )
    assert not any("names a lesson by its number" in p for p in problems(tree))


def test_the_check_wants_every_lesson_once_in_a_route(tree):
    edit(tree / "course.yaml", "crisis_lessons: []", 'crisis_lessons: []\nroutes:\n  "12-14": []')
    result = CliRunner().invoke(content_cli, ["check", "--root", str(tree)])
    assert result.exit_code != 0
    assert "field 'routes.12-14' must list every lesson" in result.output
