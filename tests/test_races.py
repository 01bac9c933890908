"""Every insert survives a double tap: real concurrent requests, made to meet at the INSERT they race for."""

import re
import threading
from contextlib import contextmanager, suppress

from sqlalchemy import event, func, select

from app.extensions import db
from app.learn.forms import field_name
from app.models import Assignment, Learner, LessonProgress, QuizAttempt, Student
from tests.helpers import csrf_token

RECOVERY_RE = re.compile(r'class="recovery-code" lang="en">([a-z ]+)<')


def concurrently(*calls):
    """Run the calls in threads at once; an exception (a 500 under TESTING) is returned, not raised."""
    results = [None] * len(calls)

    def run(i, call):
        try:
            results[i] = call()
        except Exception as error:  # noqa: BLE001
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@contextmanager
def meet_at_insert(app, table: str, parties: int = 2):
    """Hold each request at its INSERT INTO `table` until all have reached it. SQLite serialises writers, so there
    the first may hold a lock the others wait for: wait only briefly. PostgreSQL lets them meet at once."""
    with app.app_context():
        engine = db.engine
    timeout = 0.2 if engine.dialect.name == "sqlite" else 2
    barrier = threading.Barrier(parties)

    def wait(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
            with suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=timeout)

    event.listen(engine, "before_cursor_execute", wait)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", wait)


def same_browser(app, client):
    """A second client that sends the same cookies: another tab, or the second half of a double click."""
    twin = app.test_client()
    for name in ("session",):
        cookie = client.get_cookie(name, domain="localhost")
        if cookie:
            twin.set_cookie(name, cookie.value, domain="localhost")
    return twin


def status(result) -> int:
    return 500 if isinstance(result, Exception) else result.status_code


def answer_quiz(client, course, lesson_id):
    url = f"/en/lessons/{lesson_id}/quiz"
    data = {field_name(q.id): sorted(q.answer) for q in course.quizzes[lesson_id].questions}
    assert client.post(url, data={"csrf_token": csrf_token(client, url), **data}).status_code == 303


def test_two_tabs_opening_a_lesson_at_once(app, client, course):
    first, second = course.lesson_ids[:2]
    answer_quiz(client, course, first)  # the browser has a learner now (reading alone makes none)
    tab = same_browser(app, client)
    with meet_at_insert(app, "lesson_progress"):
        results = concurrently(lambda: client.get(f"/en/lessons/{second}"), lambda: tab.get(f"/en/lessons/{second}"))
    assert [status(r) for r in results] == [200, 200], results
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(LessonProgress).where(LessonProgress.lesson_id == second)
            )
            == 1
        )
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 1


def test_a_reader_double_submitting_their_first_quiz_gets_one_learner_and_one_attempt(app, client, course):
    lesson_id = course.lesson_ids[0]
    quiz = course.quizzes[lesson_id]
    url = f"/en/lessons/{lesson_id}/quiz"
    form = client.get(url).get_data(as_text=True)
    seed = re.search(r'name="order"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="order"', form)
    token = csrf_token(client, url)
    data = {
        "csrf_token": token,
        "order": seed.group(1) or seed.group(2),
        **{field_name(q.id): sorted(q.answer) for q in quiz.questions},
    }
    client.get(f"/en/lessons/{lesson_id}")  # a reader: the lesson is in their cookie, they have no row yet
    twin = same_browser(app, client)
    with meet_at_insert(app, "quiz_attempt"):
        results = concurrently(lambda: client.post(url, data=data), lambda: twin.post(url, data=data))
    assert [status(r) for r in results] == [303, 303], results
    assert results[0].headers["Location"] == results[1].headers["Location"], "both taps show the same result"
    with app.app_context():
        attempts = db.session.scalars(select(QuizAttempt)).all()
        assert len(attempts) == 1, "the same form sent twice is one attempt"
        assert len(attempts[0].answers) == len(quiz.questions)
        progress = db.session.scalars(select(LessonProgress).where(LessonProgress.lesson_id == lesson_id)).all()
        assert len(progress) == 1 and progress[0].completed_at is not None
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 1, "a reader's first answer, twice"


def join_request(client, nickname):
    token = csrf_token(client, "/en/join")
    return lambda: client.post("/en/join", data={"csrf_token": token, "code": "ACDE3467", "nickname": nickname})


def test_two_students_taking_the_same_nickname_at_once(app, classroom):
    one, two = app.test_client(), app.test_client()
    calls = join_request(one, "Comet"), join_request(two, "Comet")
    with meet_at_insert(app, "student"):
        results = concurrently(*calls)
    assert sorted(status(r) for r in results) == [200, 400], results
    loser = next(r for r in results if r.status_code == 400)
    assert "already uses this nickname" in loser.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Student)) == 1
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 1  # no orphan learner


def test_a_double_clicked_join_gives_one_student_who_sees_the_recovery_code(app, client, classroom):
    click = join_request(client, "Maple")
    twin = same_browser(app, client)
    token = csrf_token(twin, "/en/class/sign-back-in")  # same session, so the same CSRF secret

    def double():
        return twin.post("/en/join", data={"csrf_token": token, "code": "ACDE3467", "nickname": "Maple"})

    with meet_at_insert(app, "student"):
        results = concurrently(click, double)
    assert [status(r) for r in results] == [200, 200], results
    codes = [RECOVERY_RE.search(r.get_data(as_text=True)).group(1) for r in results]
    assert codes[0] == codes[1]
    with app.app_context():
        student = db.session.scalar(select(Student))
        assert db.session.scalar(select(func.count()).select_from(Student)) == 1
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 1
    for browser in (client, twin):
        assert "Maple" in browser.get("/en/class/").get_data(as_text=True)
    # and the code works on another device
    phone = app.test_client()
    token = csrf_token(phone, "/en/class/sign-back-in")
    response = phone.post(
        "/en/class/sign-back-in",
        data={"csrf_token": token, "code": "ACDE3467", "nickname": "Maple", "recovery_code": codes[0]},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Student, student.id).nickname == "Maple"


def test_the_join_form_sent_again_later_does_not_take_over_the_student(app, client, classroom):
    first = join_request(client, "Kiwi")()
    assert first.status_code == 200
    again = join_request(app.test_client(), "Kiwi")()
    assert again.status_code == 400


def test_a_double_clicked_assign_adds_each_lesson_once_in_its_place(app, teacher_client, classroom, course):
    client, class_id = teacher_client, classroom
    token = csrf_token(client, f"/en/teacher/classes/{class_id}")
    twin = same_browser(app, client)
    for name in ("remember_token",):
        cookie = client.get_cookie(name, domain="localhost")
        if cookie:
            twin.set_cookie(name, cookie.value, domain="localhost")
    url = f"/en/teacher/classes/{class_id}/assignments"
    data = {"csrf_token": token, "lesson_ids": list(course.lesson_ids[:2])}
    with meet_at_insert(app, "assignment"):
        results = concurrently(lambda: client.post(url, data=data), lambda: twin.post(url, data=data))
    assert [status(r) for r in results] == [302, 302], results
    with app.app_context():
        rows = db.session.execute(select(Assignment.lesson_id, Assignment.position).order_by(Assignment.position))
        assert rows.all() == [(course.lesson_ids[0], 1), (course.lesson_ids[1], 2)]  # each once, in its place
