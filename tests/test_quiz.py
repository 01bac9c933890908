"""Quizzes: grading with partial credit, feedback, CSRF, and bad input that never causes a 500."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from app.content.course import LANGUAGES, Question
from app.content.kinds import grade
from app.extensions import db
from app.learn.forms import field_name
from app.models import Answer, LessonProgress, QuizAttempt
from app.typography import french_spacing
from tests.helpers import csrf_token

LESSON = "consent-and-images"


def right_answers(quiz):
    return {field_name(q.id): sorted(q.answer) for q in quiz.questions}


def wrong_answers(quiz):
    data = {}
    for q in quiz.questions:
        wrong = [o for o in q.options if o not in q.answer]
        data[field_name(q.id)] = [wrong[0]] if wrong else sorted(q.answer)
    return data


def submit(client, lang, lesson_id, answers, token=True):
    url = f"/{lang}/lessons/{lesson_id}/quiz"
    data = dict(answers)
    if token:
        data["csrf_token"] = csrf_token(client, url)
    return client.post(url, data=data)


def test_multiple_choice_partial_credit():
    q = Question(id="signs", kind="multiple", options=("a", "b", "c", "d"), answer=frozenset({"a", "b", "c"}))
    assert grade(q, {"a", "b", "c"}).credit == 1 and grade(q, {"a", "b", "c"}).correct
    assert grade(q, {"a", "b"}).credit == pytest.approx(2 / 3) and not grade(q, {"a", "b"}).correct
    assert grade(q, {"a", "d"}).credit == 0  # one right minus one wrong
    assert grade(q, {"a", "b", "d"}).credit == pytest.approx(1 / 3)
    assert grade(q, {"d"}).credit == 0
    single = Question(id="s", kind="single", options=("x", "y"), answer=frozenset({"y"}))
    assert grade(single, {"y"}).correct and not grade(single, {"x"}).correct


@pytest.mark.parametrize("lang", LANGUAGES)
def test_all_right_answers_pass_and_complete_the_lesson(app, client, course, lang):
    quiz = course.quizzes[LESSON]
    response = submit(client, lang, LESSON, right_answers(quiz))
    assert response.status_code == 303
    result = client.get(response.headers["Location"])
    assert result.status_code == 200
    html = result.get_data(as_text=True)
    n = len(quiz.questions)
    # Whole questions, the same words as every other page: "8 of 8 right", never a percentage or "8/8".
    result_words = {"ko": f"{n}문제 중 {n}문제 정답", "fr": f"{n} bonnes réponses sur {n}", "en": f"{n} of {n} right"}
    assert f'<p class="score">{result_words[lang]}</p>' in html
    assert "%" not in html.split('class="score"')[1].split("</div>")[0]
    for q in quiz.questions:  # every option's explanation is shown
        for oid in q.options:
            explanation = str(escape(quiz.words[lang][q.id].options[oid].explanation))
            assert (french_spacing(explanation) if lang == "fr" else explanation)[:40] in html
    with app.app_context():
        attempt = db.session.scalar(select(QuizAttempt))
        assert attempt.passed and attempt.correct_count == n and attempt.lang == lang
        assert db.session.scalar(select(LessonProgress.completed_at)) is not None


def test_partial_answer_to_a_multiple_question_is_scored_and_explained(app, client, course):
    quiz = course.quizzes[LESSON]
    multi = next(q for q in quiz.questions if q.kind == "multiple")
    answers = right_answers(quiz)
    answers[field_name(multi.id)] = sorted(multi.answer)[:1]
    assert len(multi.answer) >= 2, "the consent quiz needs a multiple question with several right answers"
    response = submit(client, "en", LESSON, answers)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Partly right" in html
    n = len(quiz.questions)
    # The partly right question is not counted as right, and the page says why the number is one short.
    assert f'<p class="score">{n - 1} of {n} right</p>' in html
    assert "1 other answer was partly right: only answers that are fully right count." in html
    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.question_id == multi.id))
        assert 0 < answer.credit < 1 and not answer.is_correct
        attempt = db.session.scalar(select(QuizAttempt))
        assert attempt.score == pytest.approx(len(quiz.questions) - 1 + answer.credit)
        assert attempt.correct_count == len(quiz.questions) - 1


def test_wrong_answers_get_feedback_and_a_retry(client, course):
    quiz = course.quizzes[LESSON]
    response = submit(client, "fr", LESSON, wrong_answers(quiz))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<p class="verdict">Ce n\'est pas la bonne réponse</p>' in html
    assert "Pas tout à fait" not in html  # "almost right": wrong for a clearly wrong answer
    assert f'/fr/lessons/{LESSON}/quiz"' in html  # retry
    assert f'/fr/lessons/{LESSON}"' in html  # back to the lesson


def test_post_without_csrf_token_is_rejected_with_a_translated_page(client, course):
    quiz = course.quizzes[LESSON]
    client.get(f"/ko/lessons/{LESSON}/quiz")
    response = client.post(f"/ko/lessons/{LESSON}/quiz", data=right_answers(quiz))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="ko">' in html and "양식" in html
    assert "data-quick-exit" in html


@pytest.mark.parametrize(
    "lang,message",
    [
        ("en", "Please answer this question."),
        ("fr", "Réponds à cette question, s'il te plaît."),
        ("ko", "이 질문에 답해 주세요."),
    ],
)
def test_missing_answers_get_a_translated_error_and_keep_the_others(app, client, course, lang, message):
    quiz = course.quizzes[LESSON]
    answers = right_answers(quiz)
    first = quiz.questions[0]
    kept = quiz.questions[1]
    del answers[field_name(first.id)]
    response = submit(client, lang, LESSON, answers)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html or str(escape(message)) in html
    # The answers already given are still ticked.
    for oid in kept.answer:
        assert re.search(rf'<input[^>]*checked[^>]*value="{oid}"|<input[^>]*value="{oid}"[^>]*checked', html)
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_forged_answers_get_an_error_not_a_500(app, client, course):
    quiz = course.quizzes[LESSON]
    answers = right_answers(quiz)
    answers[field_name(quiz.questions[0].id)] = ["<script>alert(1)</script>"]
    answers["q_not_a_question"] = ["x"]
    response = submit(client, "en", LESSON, answers)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "That answer is not one of the choices" in html
    assert "<script>alert(1)</script>" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_results_are_private_to_the_learner(client, app, course):
    quiz = course.quizzes[LESSON]
    location = submit(client, "en", LESSON, right_answers(quiz)).headers["Location"]
    other = app.test_client()
    assert other.get(location).status_code == 404
    assert client.get(location).status_code == 200


def test_progress_survives_closing_the_browser(app, client, course):
    """The learner id lives in a permanent signed cookie, the progress in the database."""
    client.get(f"/en/lessons/{LESSON}")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None
    html = client.get("/en/lessons/").get_data(as_text=True)
    assert "In progress" in html
    submit(client, "en", LESSON, right_answers(course.quizzes[LESSON]))
    html = client.get("/en/lessons/").get_data(as_text=True)
    assert "Completed" in html


def test_a_tampered_learner_cookie_is_ignored(app, course):
    client = app.test_client()
    client.set_cookie("session", "forged.value.signature", domain="localhost")
    assert client.get(f"/en/lessons/{LESSON}").status_code == 200


def test_an_oversized_post_gets_a_translated_413(client):
    response = client.post(f"/fr/lessons/{LESSON}/quiz", data={"x": "a" * 300_000})
    assert response.status_code == 413
    assert '<html lang="fr">' in response.get_data(as_text=True)
