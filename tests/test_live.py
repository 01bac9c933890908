"""Live sessions: the teacher drives, students follow on their phones, polls stay anonymous.

The app here reads tests/content_samples/ (one lesson with two polls), so the steps are known:
start, s1, poll:sure-what-to-do, s2 … s9, poll:what-helps-most, [quiz questions], end."""

import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import LivePresence, LiveQuizAnswer, LiveResponse, LiveSession, LiveTally, QuizAttempt, Student
from tests.factories import JOIN_CODE, make_classroom, make_teacher, sign_in
from tests.helpers import app_config, csrf_token, post_form

SAMPLES = Path(__file__).resolve().parent / "content_samples"
LESSON = "consent-and-images"
SCALE_POLL = "poll:sure-what-to-do"
CHOICE_POLL = "poll:what-helps-most"


def live_app_for(database_url, bundles):
    return create_app(app_config(database_url, CONTENT_DIR=str(SAMPLES), CONTENT_BUNDLE_FOLDER=str(bundles)))


@pytest.fixture
def live_app(app, database_url, sample_bundles):
    """An app on the sample content, over the suite's database (the `app` fixture empties it afterwards)."""
    live = live_app_for(database_url, sample_bundles)
    with live.app_context():
        make_classroom(make_teacher(), code=JOIN_CODE, lessons=[LESSON])
    yield live
    dispose(live)


def dispose(app) -> None:
    """Close a second app's pooled connections (PostgreSQL warns about connections left to the garbage collector)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def teacher(app):
    client = app.test_client()
    assert sign_in(client).status_code == 302
    return client


def classroom_id(app) -> int:
    from app.models import Classroom

    with app.app_context():
        return db.session.scalar(select(Classroom.id))


def join(app, nickname):
    client = app.test_client()
    response = post_form(client, "/en/join", {"code": JOIN_CODE, "nickname": nickname})
    assert response.status_code == 200, response.status_code
    return client


def presenter_url(app, lang="en"):
    return f"/{lang}/teacher/classes/{classroom_id(app)}/live"


def start(client, app, with_quiz=False, lang="en"):
    url = presenter_url(app, lang)
    data = {"lesson": LESSON, **({"with_quiz": "y"} if with_quiz else {})}
    response = post_form(client, url, data, action=url + "/start")
    assert response.status_code == 303, response.status_code


def running(app) -> LiveSession:
    with app.app_context():
        session = db.session.scalar(select(LiveSession).where(LiveSession.ended_at.is_(None)))
        assert session is not None
        db.session.expunge(session)
        return session


def act(client, app, action, version=None, goto=None):
    url = presenter_url(app)
    data = {"action": action, "version": version if version is not None else running(app).version}
    if goto is not None:
        data["goto"] = goto
    return post_form(client, url, data, action=url + "/control")


def go_to(client, app, key):
    keys = step_keys(app)
    response = act(client, app, "goto", goto=keys.index(key) + 1)
    assert response.status_code == 303
    assert current_key(app) == key


def step_keys(app):
    from app.live.sessions import steps_of

    with app.app_context():
        return [s.key for s in steps_of(db.session.get(LiveSession, running(app).id))]


def current_key(app):
    return step_keys(app)[running(app).step]


def answer(client, key, option):
    options = option if isinstance(option, list) else [option]
    return post_form(client, "/en/class/live", {"step": key, "answer": options}, action="/en/class/live/answer")


def test_a_teacher_runs_a_lesson_from_start_to_end(live_app):
    t = teacher(live_app)
    page = t.get(presenter_url(live_app))
    assert page.status_code == 200 and b"Start the live lesson" in page.data
    start(t, live_app)
    assert current_key(live_app) == "start"
    presenter = t.get(presenter_url(live_app)).get_data(as_text=True)
    assert "If a student discloses" in presenter and "Timing" in presenter  # notes beside the step
    assert act(t, live_app, "next").status_code == 303
    assert current_key(live_app) == "s1"
    act(t, live_app, "next")
    assert current_key(live_app) == SCALE_POLL
    assert running(live_app).answers_open  # a poll opens as it is shown
    act(t, live_app, "close")
    assert not running(live_app).answers_open
    act(t, live_app, "open")
    act(t, live_app, "reveal")
    assert running(live_app).revealed
    act(t, live_app, "previous")
    assert current_key(live_app) == "s1" and not running(live_app).revealed
    go_to(t, live_app, "end")
    assert act(t, live_app, "next").status_code == 303 and current_key(live_app) == "end"  # stays at the end
    response = act(t, live_app, "end")
    assert response.status_code == 303 and "#live-sessions" in response.headers["Location"]
    with live_app.app_context():
        assert db.session.scalar(select(LiveSession.ended_at)) is not None
    assert b"Start the live lesson" in t.get(presenter_url(live_app)).data


def test_a_double_tap_on_next_moves_one_step(live_app):
    t = teacher(live_app)
    start(t, live_app)
    version = running(live_app).version
    act(t, live_app, "next", version=version)
    act(t, live_app, "next", version=version)  # the same form sent twice
    assert current_key(live_app) == "s1"


def test_a_double_start_makes_one_session(live_app):
    t = teacher(live_app)
    start(t, live_app)
    start(t, live_app)
    with live_app.app_context():
        assert db.session.scalar(select(func.count(LiveSession.id))) == 1


def test_a_session_left_idle_for_three_hours_ends(live_app):
    t = teacher(live_app)
    start(t, live_app)
    student = join(live_app, "Mina")
    with live_app.app_context():
        session = db.session.scalars(select(LiveSession)).one()
        session.last_action_at -= timedelta(hours=3, minutes=1)
        db.session.commit()
    assert b"Start the live lesson" in t.get(presenter_url(live_app)).data
    assert b"No live lesson right now" in student.get("/en/class/live").data
    start(t, live_app)  # a new one starts; the idle one is ended for the summary
    with live_app.app_context():
        ended = db.session.scalars(select(LiveSession).order_by(LiveSession.id)).all()
        assert ended[0].ended_at is not None and ended[1].ended_at is None


def test_a_late_student_lands_on_the_current_step(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, "s3")
    late = join(live_app, "Late")
    page = late.get("/en/class/live").get_data(as_text=True)
    with live_app.app_context():
        title = live_app.extensions["course"].lessons["en"][LESSON].sections[2].title
    assert title in page


def test_students_answer_once_and_results_wait_for_three(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, CHOICE_POLL)
    act(t, live_app, "reveal")
    one, two, three = (join(live_app, name) for name in ("Ana", "Ben", "Cho"))
    assert answer(one, CHOICE_POLL, "tell-adult").status_code == 303
    assert answer(one, CHOICE_POLL, "report-it").status_code == 303  # a second vote is not counted
    assert b"already answered" in one.get("/en/class/live").data
    answer(two, CHOICE_POLL, "report-it")
    screen = t.get(presenter_url(live_app) + "/screen").get_data(as_text=True)
    state = t.get(presenter_url(live_app) + "/state").get_json()
    student_state = two.get("/en/class/live/state").get_json()
    assert "<progress" not in screen and state["results"] is None and student_state.get("results") is None
    assert state["answered"] == 2
    assert "<progress" not in two.get("/en/class/live").get_data(as_text=True)
    answer(three, CHOICE_POLL, "report-it")
    state = t.get(presenter_url(live_app) + "/state").get_json()
    assert state["answered"] == 3 and state["results"] == {"tell-adult": 1, "report-it": 2}
    assert "<progress" in t.get(presenter_url(live_app) + "/screen").get_data(as_text=True)
    assert two.get("/en/class/live/state").get_json()["results"] == {"tell-adult": 1, "report-it": 2}
    with live_app.app_context():
        assert db.session.scalar(select(func.sum(LiveTally.count))) == 3
        assert db.session.scalar(select(func.count(LiveResponse.id))) == 3


def test_the_screen_shows_results_only_once_revealed(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, SCALE_POLL)
    for name, option in (("Ana", "4"), ("Ben", "5"), ("Cho", "4")):
        answer(join(live_app, name), SCALE_POLL, option)
    screen = t.get(presenter_url(live_app) + "/screen").get_data(as_text=True)
    assert "<progress" not in screen and "Answers: <span data-live-answered>3</span>" in screen
    assert "<progress" in t.get(presenter_url(live_app)).get_data(as_text=True)  # the teacher sees them first
    act(t, live_app, "reveal")
    assert "<progress" in t.get(presenter_url(live_app) + "/screen").get_data(as_text=True)


def test_an_answer_to_a_step_that_moved_on_or_closed_is_not_counted(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, SCALE_POLL)
    student = join(live_app, "Ana")
    act(t, live_app, "close")
    assert answer(student, SCALE_POLL, "3").status_code == 303
    act(t, live_app, "next")
    answer(student, SCALE_POLL, "3")
    answer(student, "s2", "3")
    with live_app.app_context():
        assert db.session.scalar(select(func.count(LiveResponse.id))) == 0


def test_a_forged_or_empty_answer_gets_a_form_error(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, CHOICE_POLL)
    student = join(live_app, "Ana")
    for option in ([], "not-an-option"):
        response = answer(student, CHOICE_POLL, option)
        assert response.status_code == 400 and b"field-error" in response.data
    with live_app.app_context():
        assert db.session.scalar(select(func.count(LiveResponse.id))) == 0


def test_no_table_or_log_links_a_student_to_a_poll_answer(live_app, caplog):
    """Anonymity by schema: the counts have no student, the "has answered" rows have no answer; and after real
    votes no row anywhere holds a voter's id beside the option they chose."""
    with live_app.app_context():
        tables = {t.name: {c.name for c in t.columns} for t in db.metadata.sorted_tables}
    people = {"student_id", "learner_id", "teacher_id", "nickname"}
    answers = {"option_id", "selected", "answer", "choice", "option"}
    linking = {name for name, columns in tables.items() if columns & people and columns & answers}
    # Live quiz questions count toward the student's own progress, like a normal quiz; never a poll.
    assert linking == {"live_quiz_answer", "answer"} or linking == {"live_quiz_answer"}, linking
    assert "option_id" in tables["live_tally"] and not tables["live_tally"] & people
    assert "student_id" in tables["live_response"] and not tables["live_response"] & answers

    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, CHOICE_POLL)
    caplog.set_level(logging.DEBUG)
    for name in ("Ana", "Ben", "Cho"):
        answer(join(live_app, name), CHOICE_POLL, "support-friend")
    with live_app.app_context():
        assert db.session.scalar(select(func.count(LiveQuizAnswer.id))) == 0
        student_ids = {str(i) for i in db.session.scalars(select(Student.id))}
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)).mappings():
                values = {str(v) for v in row.values()}
                assert not ("support-friend" in values and values & student_ids and "student_id" in row), table.name
    logged = caplog.text
    assert "support-friend" not in logged and not re.search(r"\b(Ana|Ben|Cho)\b", logged)


def test_live_quiz_answers_count_toward_the_students_own_progress(live_app):
    t = teacher(live_app)
    start(t, live_app, with_quiz=True)
    course = live_app.extensions["course"]
    quiz = course.quizzes[LESSON]
    whole, partial = join(live_app, "Ana"), join(live_app, "Ben")
    for n, question in enumerate(quiz.questions):
        go_to(t, live_app, f"q:{question.id}")
        answer(whole, f"q:{question.id}", sorted(question.answer))
        if n == 0:
            answer(partial, f"q:{question.id}", sorted(question.answer))
    act(t, live_app, "end")
    with live_app.app_context():
        attempts = db.session.scalars(select(QuizAttempt)).all()
        assert len(attempts) == 1  # a quiz counts when it is whole, live or not
        assert attempts[0].correct_count == len(quiz.questions) and attempts[0].passed
        assert db.session.scalar(select(func.count(LiveQuizAnswer.id))) == 0


def test_the_state_is_a_304_until_something_changes(live_app):
    t = teacher(live_app)
    start(t, live_app)
    student = join(live_app, "Ana")
    for client, url in ((t, presenter_url(live_app) + "/state"), (student, "/en/class/live/state")):
        first = client.get(url)
        assert first.status_code == 200 and first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and not again.data
    tag = student.get("/en/class/live/state").headers["ETag"]
    act(t, live_app, "next")
    assert student.get("/en/class/live/state", headers={"If-None-Match": tag}).status_code == 200


def test_students_following_are_counted_never_named(live_app):
    t = teacher(live_app)
    start(t, live_app)
    for name in ("Zorbaxx", "Quillon"):
        student = join(live_app, name)
        response = post_form(student, "/en/class/live", {"quiet": "1"}, action="/en/class/live/here")
        assert response.status_code == 204
    presenter = t.get(presenter_url(live_app)).get_data(as_text=True)
    assert t.get(presenter_url(live_app) + "/state").get_json()["following"] == 2
    for page in (presenter, t.get(presenter_url(live_app) + "/screen").get_data(as_text=True)):
        assert "Zorbaxx" not in page and "Quillon" not in page
    screen = t.get(presenter_url(live_app) + "/screen").get_data(as_text=True)
    assert "If a student discloses" not in screen and "site-header" not in screen


def test_the_no_javascript_student_path(live_app):
    """A refresh button (a POST that counts the phone as following), then a plain form to answer."""
    t = teacher(live_app)
    student = join(live_app, "Ana")
    assert b"No live lesson right now" in student.get("/en/class/live").data
    start(t, live_app)
    go_to(t, live_app, SCALE_POLL)
    response = post_form(student, "/en/class/live", {}, action="/en/class/live/here")
    assert response.status_code == 303 and response.headers["Location"].endswith("/en/class/live")
    page = student.get("/en/class/live").get_data(as_text=True)
    assert 'name="answer"' in page and 'value="5"' in page
    response = answer(student, SCALE_POLL, "5")
    assert response.status_code == 303
    assert b"Your answer is recorded" in student.get("/en/class/live").data
    with live_app.app_context():
        assert db.session.scalar(select(func.count(LivePresence.id))) == 1


def test_only_the_class_students_follow(live_app):
    t = teacher(live_app)
    start(t, live_app)
    stranger = live_app.test_client()
    assert stranger.get("/en/class/live").status_code == 404
    assert stranger.get("/en/class/live/state").status_code == 404
    token = csrf_token(stranger, "/en/join")
    for url in ("/en/class/live/answer", "/en/class/live/here"):
        assert stranger.post(url, data={"csrf_token": token, "step": "start"}).status_code == 404


def test_two_workers_share_one_session(live_app, database_url, sample_bundles, request):
    """Two app instances over one database, as two gunicorn workers: whichever serves a request sees the same
    session, steps and counts."""
    other = live_app_for(database_url, sample_bundles)
    request.addfinalizer(lambda: dispose(other))
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, CHOICE_POLL)
    students = [join(other if n % 2 else live_app, f"S{n}") for n in range(4)]
    for student in students:
        answer(student, CHOICE_POLL, "report-it")
    t_other = teacher(other)
    state = t_other.get(presenter_url(other) + "/state").get_json()
    assert state["answered"] == 4 and state["results"] == {"report-it": 4}
    act(t_other, other, "next")
    assert current_key(live_app) != CHOICE_POLL
    assert b"Your answer is recorded" not in students[0].get("/en/class/live").data


def test_the_summary_shows_participation_and_results_from_three(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, SCALE_POLL)
    for name, option in (("Ana", "2"), ("Ben", "4"), ("Cho", "4")):
        answer(join(live_app, name), SCALE_POLL, option)
    go_to(t, live_app, CHOICE_POLL)
    answer(join(live_app, "Dan"), CHOICE_POLL, "tell-adult")
    act(t, live_app, "end")
    session_id = running_or_last(live_app)
    class_page = t.get(f"/en/teacher/classes/{classroom_id(live_app)}").get_data(as_text=True)
    assert f"/live/sessions/{session_id}" in class_page
    summary = t.get(f"{presenter_url(live_app)}/sessions/{session_id}").get_data(as_text=True)
    assert "Students who took part" in summary and "2 / 3" in summary
    assert "Fewer than 3 answers" in summary  # the choice poll had one answer
    assert "Ana" not in summary


def running_or_last(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(LiveSession.id)))


def test_a_discussion_box_is_a_step_of_its_own(live_app):
    """The class talks about the box's questions with the section's text gone from the screen."""
    t = teacher(live_app)
    start(t, live_app)
    assert "s8-d1" in step_keys(live_app)
    go_to(t, live_app, "s8-d1")
    screen = t.get(presenter_url(live_app) + "/screen").get_data(as_text=True)
    assert "Yes, no, or ask first?" in screen and "Posting a group photo" in screen
    go_to(t, live_app, "s8")
    screen = t.get(presenter_url(live_app) + "/screen").get_data(as_text=True)
    assert "Posting a group photo" not in screen
    student = join(live_app, "Ana")
    go_to(t, live_app, "s8-d1")
    assert "Posting a group photo" in student.get("/en/class/live").get_data(as_text=True)


def test_end_idle_turns_idle_sessions_into_attempts(live_app):
    t = teacher(live_app)
    start(t, live_app, with_quiz=True)
    quiz = live_app.extensions["course"].quizzes[LESSON]
    student = join(live_app, "Ana")
    for question in quiz.questions:
        go_to(t, live_app, f"q:{question.id}")
        answer(student, f"q:{question.id}", sorted(question.answer))
    with live_app.app_context():
        session = db.session.scalars(select(LiveSession)).one()
        session.last_action_at -= timedelta(hours=4)
        db.session.commit()
    result = live_app.test_cli_runner().invoke(args=["live", "end-idle"])
    assert "Ended 1 idle live session" in result.output
    with live_app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
        assert db.session.scalar(select(LiveSession.ended_at)) is not None
        assert db.session.scalar(select(func.count(LiveQuizAnswer.id))) == 0


def test_deleting_the_class_deletes_its_live_sessions(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, CHOICE_POLL)
    for name in ("Ana", "Ben", "Cho"):
        answer(join(live_app, name), CHOICE_POLL, "report-it")
    page = f"/en/teacher/classes/{classroom_id(live_app)}/delete"
    assert t.post(page, data={"csrf_token": csrf_token(t, page)}).status_code == 302
    with live_app.app_context():
        for model in (LiveSession, LiveTally, LiveResponse, LivePresence, LiveQuizAnswer):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model


def test_a_page_starts_its_polling_from_a_304(live_app):
    """The page carries the tag of the state it was rendered from: its first poll costs nothing."""
    t = teacher(live_app)
    start(t, live_app)
    student = join(live_app, "Ana")
    for client, page, state in (
        (t, presenter_url(live_app), presenter_url(live_app) + "/state"),
        (t, presenter_url(live_app) + "/screen", presenter_url(live_app) + "/state"),
        (student, "/en/class/live", "/en/class/live/state"),
    ):
        tag = re.search(r'data-live-etag="([^"]+)"', client.get(page).get_data(as_text=True)).group(1)
        assert client.get(state, headers={"If-None-Match": tag.replace("&#34;", '"')}).status_code == 304, page


def test_a_student_still_choosing_is_not_disturbed_by_other_answers(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, CHOICE_POLL)
    act(t, live_app, "reveal")
    choosing = join(live_app, "Zed")
    tag = choosing.get("/en/class/live/state").headers["ETag"]
    for name in ("Ana", "Ben", "Cho"):
        answer(join(live_app, name), CHOICE_POLL, "report-it")
    again = choosing.get("/en/class/live/state", headers={"If-None-Match": tag})
    assert again.status_code == 304  # no results for them until they answer or answers close
    answer(choosing, CHOICE_POLL, "tell-adult")
    assert choosing.get("/en/class/live/state").get_json()["results"] == {"report-it": 3, "tell-adult": 1}


def test_a_step_that_changes_nothing_does_not_reload_the_phones(live_app):
    t = teacher(live_app)
    start(t, live_app)
    go_to(t, live_app, "end")
    version = running(live_app).version
    act(t, live_app, "next")  # already at the end
    act(t, live_app, "goto", goto=len(step_keys(live_app)))
    assert running(live_app).version == version
