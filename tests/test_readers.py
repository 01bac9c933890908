"""Readers write nothing: a visitor who hasn't answered a quiz or joined a class is no row in the database. Their
opened lessons live in their signed cookie, and come along when they first act. A learner's statuses cost the same
whatever their history."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.languages import LANGUAGES
from app.learn.forms import field_name
from app.learners import record_attempt, record_lesson_opened
from app.models import Base, Learner, LessonProgress, QuizAttempt, Student
from tests.factories import make_classroom, make_student, make_teacher, sign_in
from tests.helpers import csrf_token, post_form

WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
# The first GET of a page renders it and keeps it (app/page_cache.py); every later GET or HEAD is served from that
# copy by the same code, which counts nothing and draws nothing at random: three rounds read each path more than once.
GETS_PER_PAGE = 3


def public_pages(course):
    """Every page anyone can read without a cookie: home, the overview, each lesson, help per country, pages."""
    for lang in LANGUAGES:
        yield f"/{lang}/"
        yield f"/{lang}/lessons/"
        for lesson_id in course.lesson_ids:
            yield f"/{lang}/lessons/{lesson_id}"
        yield f"/{lang}/help"
        for country in course.countries:
            yield f"/{lang}/help?country={country}"
        for page_id in course.pages[lang]:
            yield f"/{lang}/pages/{page_id}"


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


class Writes:
    """The COMMITs and the writing statements an engine sees inside a `with` block."""

    def __init__(self, engine):
        self.engine, self.commits, self.statements = engine, 0, []

    def __enter__(self):
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "before_cursor_execute", self._statement)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "before_cursor_execute", self._statement)

    def _commit(self, conn):
        self.commits += 1

    def _statement(self, conn, cursor, statement, *args):
        if WRITES.match(statement):
            self.statements.append(statement)


def answer_quiz(client, course, lesson_id, lang="en"):
    quiz = course.quizzes[lesson_id]
    url = f"/{lang}/lessons/{lesson_id}/quiz"
    data = {field_name(q.id): sorted(q.answer) for q in quiz.questions}
    response = client.post(url, data={"csrf_token": csrf_token(client, url), **data})
    assert response.status_code == 303
    return response


def badges(html: str, course) -> dict[str, str]:
    """The badge shown after each lesson's link: its class suffix and its text."""
    found = {}
    for lesson_id in course.lesson_ids:
        after = html[html.index(f"/lessons/{lesson_id}") :]
        found[lesson_id] = re.search(r'class="badge badge-(\w+)">([^<]*)<', after).groups()
    return found


def open_statuses(html: str, course) -> dict[str, str]:
    return {lesson_id: css for lesson_id, (css, _text) in badges(html, course).items()}


@pytest.fixture
def some_data(app, course):
    """Rows in every table a reader could touch: a teacher, a class, a student who answered a quiz."""
    with app.app_context():
        student = make_student(make_classroom(make_teacher(), lessons=course.lesson_ids[:2]), "Otter")
        lesson_id = course.lesson_ids[0]
        quiz = course.quizzes[lesson_id]
        record_attempt(student.learner, quiz, "en", {q.id: set(q.answer) for q in quiz.questions}, shuffle_seed=1)
        db.session.commit()


def test_cookie_less_gets_and_heads_of_every_public_page_write_nothing(app, course, some_data):
    reader = app.test_client(use_cookies=False)  # every request comes without a cookie
    pages = list(public_pages(course))
    with app.app_context():
        before = row_counts()
        engine = db.engine
    assert before["learner"] == before["quiz_attempt"] == 1
    with Writes(engine) as writes:
        for url in pages:
            for _ in range(GETS_PER_PAGE):
                assert reader.get(url).status_code == 200, url
                assert reader.head(url).status_code == 200, url
    with app.app_context():
        assert row_counts() == before
    assert writes.commits == 0
    assert writes.statements == []
    assert len(pages) >= 3 * (2 + len(course.lesson_ids) + len(course.countries))


def test_a_readers_lesson_goes_in_their_cookie_and_shows_in_progress(app, client, course):
    first, second = course.lesson_ids[:2]
    response = client.get(f"/en/lessons/{first}")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "Expires=" in cookie, "kept after the browser closes, as a learner's id was"
    for url in ("/en/", "/en/lessons/", "/fr/", "/ko/lessons/"):
        statuses = open_statuses(client.get(url).get_data(as_text=True), course)
        assert statuses[first] == "doing", url
        assert statuses[second] == "todo", url
    client.head(f"/fr/lessons/{second}")
    assert open_statuses(client.get("/en/").get_data(as_text=True), course)[second] == "doing"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 0


def test_the_cookie_keeps_a_bounded_list(app, client, course):
    from app.learners import MAX_OPENED, OPENED_KEY

    with client.session_transaction() as session:
        session[OPENED_KEY] = [f"lesson-{i}" for i in range(MAX_OPENED)]
    client.get(f"/en/lessons/{course.lesson_ids[0]}")
    with client.session_transaction() as session:
        opened = session[OPENED_KEY]
    assert len(opened) == MAX_OPENED and opened[-1] == course.lesson_ids[0] and "lesson-0" not in opened


def test_the_first_quiz_answer_makes_the_learner_and_carries_the_cookie_in(app, client, course):
    first, second, third = course.lesson_ids[:3]
    client.get(f"/en/lessons/{first}")
    client.get(f"/ko/lessons/{second}")
    answer_quiz(client, course, third)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 1
        progress = {p.lesson_id: p for p in db.session.scalars(select(LessonProgress))}
        assert set(progress) == {first, second, third}
        assert progress[first].completed_at is None and progress[second].completed_at is None
        assert progress[third].completed_at is not None
    statuses = open_statuses(client.get("/en/").get_data(as_text=True), course)
    assert [statuses[i] for i in (first, second, third)] == ["doing", "doing", "done"]


def test_joining_a_class_makes_the_learner_and_carries_the_cookie_in_as_self_study(app, client, course):
    first, second = course.lesson_ids[:2]
    with app.app_context():
        class_id = make_classroom(make_teacher(), lessons=[first, second], code="ACDE3467").id
    client.get(f"/en/lessons/{first}")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 0
    assert post_form(client, "/en/join", {"code": "ACDE3467", "nickname": "Heron"}).status_code == 200
    with app.app_context():
        student = db.session.scalar(select(Student))
        progress = db.session.scalar(select(LessonProgress).where(LessonProgress.learner_id == student.learner_id))
        assert progress.lesson_id == first
        assert progress.started_at.replace(tzinfo=None) < student.joined_at.replace(tzinfo=None), "before joining"
    home = client.get("/en/class/").get_data(as_text=True)
    assert "In progress" in home
    sign_in(client)
    dashboard = client.get(f"/en/teacher/classes/{class_id}/dashboard").get_data(as_text=True)
    assert '<td class="cell cell-do' not in dashboard, "self-study before joining stays the student's own"


def test_signing_back_in_leaves_this_browsers_own_reading_behind(app, course):
    with app.app_context():
        student = make_student(make_classroom(make_teacher(), code="ACDE3467"), "Otter", recovery="river apple moon")
        learner_id = student.learner_id
    phone = app.test_client()
    phone.get(f"/en/lessons/{course.lesson_ids[4]}")
    details = {"code": "ACDE3467", "nickname": "Otter", "recovery_code": "river apple moon"}
    assert post_form(phone, "/en/class/sign-back-in", details).status_code == 302
    assert open_statuses(phone.get("/en/").get_data(as_text=True), course)[course.lesson_ids[4]] == "todo"
    phone.get(f"/en/lessons/{course.lesson_ids[4]}")  # now recorded for the student
    with app.app_context():
        assert db.session.scalar(select(LessonProgress.learner_id)) == learner_id


def test_a_learner_with_a_row_records_a_first_opening_in_one_statement_and_a_second_in_none(
    app, client, course, count_queries
):
    first, second = course.lesson_ids[:2]
    answer_quiz(client, course, first)
    with app.app_context():
        engine = db.engine
    with Writes(engine) as writes, count_queries() as counter:
        assert client.get(f"/en/lessons/{second}").status_code == 200
    assert len(writes.statements) == 1 and writes.commits == 1
    assert counter.count == 1, "the one INSERT … SELECT, nothing read before it"
    with Writes(engine) as writes, count_queries() as counter:
        for lesson_id in (first, second, second):
            assert client.get(f"/fr/lessons/{lesson_id}").status_code == 200
    assert counter.count == 0 and writes.commits == 0, "the quiz's lesson has its row, the other one too"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 2


def test_a_learner_whose_row_is_gone_reads_on_and_gets_it_back_at_the_next_answer(app, client, course):
    first, second = course.lesson_ids[:2]
    answer_quiz(client, course, first)
    with app.app_context():
        db.session.execute(Learner.__table__.delete())
        db.session.commit()
    assert client.get(f"/en/lessons/{second}").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
    assert open_statuses(client.get("/en/").get_data(as_text=True), course)[second] == "doing"
    answer_quiz(client, course, first)
    with app.app_context():
        assert {p.lesson_id for p in db.session.scalars(select(LessonProgress))} == {first, second}


class Loaded:
    """The rows the ORM session fetches and the ORM objects it builds inside a `with` block."""

    def __init__(self, session_class):
        self.session_class, self.rows, self.objects = session_class, 0, 0

    def __enter__(self):
        event.listen(self.session_class, "do_orm_execute", self._execute)
        event.listen(Base, "load", self._load, propagate=True)
        return self

    def __exit__(self, *exc):
        event.remove(self.session_class, "do_orm_execute", self._execute)
        event.remove(Base, "load", self._load)

    def _execute(self, state):
        frozen = state.invoke_statement().freeze()
        self.rows += len(frozen.data)
        return frozen()

    def _load(self, target, context):
        self.objects += 1


@pytest.mark.parametrize("attempts", [3, 2000])
def test_statuses_load_the_same_rows_whatever_the_history(app, client, course, attempts):
    """The home page of a learner with 3 attempts and one with 2,000 fetch the same rows."""
    answer_quiz(client, course, course.lesson_ids[0])
    with app.app_context():
        learner = db.session.scalar(select(Learner))
        started = learner.created_at - timedelta(days=1)
        for lesson_id in course.lesson_ids[:4]:
            record_lesson_opened(learner, lesson_id, "en")
        rows = [
            dict(
                learner_id=learner.id,
                lesson_id=course.lesson_ids[i % 4],
                lang="en",
                score=i % 5,
                max_score=5,
                correct_count=i % 5,
                passed=i % 5 >= 4,
                shuffle_seed=None,
                created_at=started,
            )
            for i in range(attempts)
        ]
        db.session.execute(QuizAttempt.__table__.insert(), rows)
        db.session.commit()
    with Loaded(Session) as loaded:
        html = client.get("/en/").get_data(as_text=True)
    assert loaded.rows == 4, "one row per lesson opened"
    assert loaded.objects == 0
    shown = badges(html, course)
    for i in range(max(0, attempts - 4), attempts):  # each lesson shows its latest attempt's questions right
        assert shown[course.lesson_ids[i % 4]] == ("done", f"Completed · {i % 5} of 5 right"), i
    assert shown[course.lesson_ids[4]][0] == "todo"
