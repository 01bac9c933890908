"""`flask learners purge` deletes anonymous learners who stopped coming, with their progress; students stay."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.learn.forms import field_name
from app.learners import record_attempt, record_lesson_opened
from app.models import Answer, Learner, LessonProgress, QuizAttempt, Student
from app.models.base import utcnow
from tests.factories import make_classroom, make_student, make_teacher
from tests.helpers import csrf_token


def a_learner(course, created_days_ago, opened_days_ago=None, answered_days_ago=None) -> str:
    """A learner made that many days ago, who opened the first lesson and answered its quiz when told."""
    now = utcnow()
    learner = Learner(created_at=now - timedelta(days=created_days_ago))
    db.session.add(learner)
    db.session.flush()
    lesson_id = course.lesson_ids[0]
    if opened_days_ago is not None:
        record_lesson_opened(learner, lesson_id, "en").started_at = now - timedelta(days=opened_days_ago)
    if answered_days_ago is not None:
        quiz = course.quizzes[lesson_id]
        attempt = record_attempt(learner, quiz, "en", {q.id: set(q.answer) for q in quiz.questions})
        db.session.flush()
        attempt.created_at = now - timedelta(days=answered_days_ago)
        progress = db.session.scalar(select(LessonProgress).where(LessonProgress.learner_id == learner.id))
        progress.started_at = progress.completed_at = now - timedelta(days=answered_days_ago)
    db.session.commit()
    return learner.id


@pytest.fixture
def learners(app, course):
    with app.app_context():
        student = make_student(make_classroom(make_teacher()), "Otter")
        db.session.get(Learner, student.learner_id).created_at = utcnow() - timedelta(days=900)
        db.session.commit()
        return {
            "gone": a_learner(course, 500, opened_days_ago=499, answered_days_ago=400),
            "only made": a_learner(course, 400),
            "answered lately": a_learner(course, 500, opened_days_ago=500, answered_days_ago=20),
            "opened lately": a_learner(course, 500, opened_days_ago=20),
            "new": a_learner(course, 5),
            "student": student.learner_id,
        }


def remaining(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Learner.id)))


def test_purge_deletes_learners_inactive_for_a_year_with_their_progress(app, runner, learners):
    result = runner.invoke(args=["learners", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 anonymous learner(s) inactive for 365 days or more" in result.output
    kept = {name for name, learner_id in learners.items() if learner_id in remaining(app)}
    assert kept == {"answered lately", "opened lately", "new", "student"}
    with app.app_context():
        gone = learners["gone"]
        for model in (LessonProgress, QuizAttempt):
            assert db.session.scalar(select(func.count()).select_from(model).where(model.learner_id == gone)) == 0
        answers = db.session.scalars(select(Answer.attempt_id).distinct())
        assert [db.session.get(QuizAttempt, a).learner_id for a in answers] == [learners["answered lately"]]
    again = runner.invoke(args=["learners", "purge"])
    assert "Deleted 0 " in again.output


def test_the_time_is_an_option_and_students_always_stay(app, runner, learners):
    result = runner.invoke(args=["learners", "purge", "--inactive-days", "10"])
    assert result.exit_code == 0, result.output
    assert "Deleted 4 " in result.output
    assert remaining(app) == {learners["new"], learners["student"]}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Student)) == 1
    assert runner.invoke(args=["learners", "purge", "--inactive-days", "0"]).exit_code != 0


def test_a_browser_whose_learner_was_purged_carries_on(app, client, runner, course):
    lesson_id = course.lesson_ids[0]
    quiz_url = f"/en/lessons/{lesson_id}/quiz"
    data = {field_name(q.id): sorted(q.answer) for q in course.quizzes[lesson_id].questions}
    client.post(quiz_url, data={"csrf_token": csrf_token(client, quiz_url), **data})
    long_ago = utcnow() - timedelta(days=800)
    with app.app_context():
        db.session.execute(Learner.__table__.update().values(created_at=long_ago))
        db.session.execute(QuizAttempt.__table__.update().values(created_at=long_ago))
        db.session.execute(LessonProgress.__table__.update().values(started_at=long_ago, completed_at=long_ago))
        db.session.commit()
    assert "Deleted 1 " in runner.invoke(args=["learners", "purge"]).output
    assert client.get(f"/en/lessons/{course.lesson_ids[1]}").status_code == 200
    assert client.post(quiz_url, data={"csrf_token": csrf_token(client, quiz_url), **data}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 1
        assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 2
