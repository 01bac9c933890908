"""What keeps a learner safe on the page: crisis lines first on the help page, the shared safeguarding section
under teachers' notes, quiz options whose order gives nothing away, feedback worded for a wrong answer, and
French spacing done by the site."""

import re

import pytest
from markupsafe import escape

from app.content.course import LANGUAGES
from app.content.kinds import option_order
from app.learn.forms import field_name
from app.typography import NNBSP, french_spacing
from tests.factories import make_teacher, sign_in
from tests.helpers import csrf_token

LESSON = "sextortion"
CRISIS_NUMBERS = {
    "ko": ["109", "112", "119"],
    "fr": ["3114", "119", "17", "112"],
    "en": ["116 123", "0800 1111", "988", "1800 55 1800"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_page_leads_with_the_crisis_lines(client, lang):
    html = client.get(f"/{lang}/help").get_data(as_text=True)
    danger = html.index('class="danger-now"')
    assert danger < html.index('id="services-title"'), "the 'in danger now' block comes before the services"
    block = re.sub(r"[\u202f\u00a0]", " ", html[danger : html.index("</section>", danger)])
    for number in CRISIS_NUMBERS[lang]:
        assert re.search(rf"(?<![\d]){number}(?![\d])", block), (lang, number)


def test_crisis_lines_are_not_repeated_in_the_service_list(client, course):
    html = client.get("/ko/help").get_data(as_text=True)
    services = html[html.index('id="services-title"') :]
    for service in course.danger_services("KR"):
        assert f'id="{service.id}"' not in services


def test_safeguarding_section_shows_under_notes_for_teachers_only(app, client):
    lesson = f"/fr/lessons/{LESSON}"
    assert 'id="safeguarding"' not in client.get(lesson).get_data(as_text=True)
    with app.app_context():
        make_teacher()
    sign_in(client)
    html = client.get(lesson).get_data(as_text=True)
    notes, shared = html.index('class="facilitator-notes"'), html.index('id="safeguarding"')
    assert notes < shared
    assert "article 40" in html[shared:], "the French duties name article 40 of the code de procédure pénale"
    assert 'href="#safeguarding"' in html[notes:shared], "the lesson's notes link the shared section"


def _form_order(html: str, question_id: str) -> list[str]:
    return re.findall(rf'name="{field_name(question_id)}"[^>]*value="([^"]+)"', html) or re.findall(
        rf'value="([^"]+)"[^>]*name="{field_name(question_id)}"', html
    )


def _seed(html: str) -> str:
    return re.search(r'name="order"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="order"', html).group(1)


def test_quiz_options_are_shuffled_and_the_result_keeps_that_order(client, course):
    quiz = course.quizzes[LESSON]
    question = next(q for q in quiz.questions if q.kind in ("single", "scenario"))
    orders = set()
    for _ in range(12):
        html = client.get(f"/en/lessons/{LESSON}/quiz").get_data(as_text=True)
        seed = int(_seed(html))
        shown = _form_order(html, question.id)
        assert shown == list(option_order(question, seed))
        orders.add(tuple(shown))
    assert len(orders) > 1, "twelve visits all showed the same order"

    html = client.get(f"/en/lessons/{LESSON}/quiz").get_data(as_text=True)
    seed, shown = _seed(html), _form_order(html, question.id)
    data = {field_name(q.id): sorted(q.answer) for q in quiz.questions}
    data.update(order=seed, csrf_token=csrf_token(client, f"/en/lessons/{LESSON}/quiz"))
    response = client.post(f"/en/lessons/{LESSON}/quiz", data=data)
    assert response.status_code == 303
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    words = quiz.words["en"][question.id]
    section = result[result.index(str(escape(words.prompt))) :]
    positions = [section.index(str(escape(words.options[oid].label))) for oid in shown]
    assert positions == sorted(positions), "the result page lists the options in the order the learner saw"


def test_a_forged_order_is_ignored_not_an_error(client, course):
    quiz = course.quizzes[LESSON]
    data = {field_name(q.id): sorted(q.answer) for q in quiz.questions}
    data.update(order="99999999999999999999", csrf_token=csrf_token(client, f"/en/lessons/{LESSON}/quiz"))
    assert client.post(f"/en/lessons/{LESSON}/quiz", data=data).status_code == 303


def test_true_false_keeps_true_then_false():
    from app.content.course import Question

    q = Question(id="tf", kind="true_false", options=("true", "false"), answer=frozenset({"true"}))
    assert all(option_order(q, seed) == ("true", "false") for seed in range(50))


@pytest.mark.parametrize(
    "lang, expected",
    [("en", "Not the right answer"), ("fr", "Ce n’est pas la bonne réponse"), ("ko", "정답이 아니에요")],
)
def test_a_wrong_answer_is_not_called_almost_right(client, course, lang, expected):
    quiz = course.quizzes[LESSON]
    data = {}
    for q in quiz.questions:
        wrong = [o for o in q.options if o not in q.answer]
        data[field_name(q.id)] = [wrong[0]]
    data["csrf_token"] = csrf_token(client, f"/{lang}/lessons/{LESSON}/quiz")
    response = client.post(f"/{lang}/lessons/{LESSON}/quiz", data=data)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert expected in html.replace("'", "’")
    assert "Pas tout à fait" not in html


def test_french_spacing_rules():
    assert (
        french_spacing("<p>Attention : « oui » ? 60 000 €</p>")
        == f"<p>Attention{NNBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}? 60{NNBSP}000\u00a0€</p>"
    )
    untouched = '<a href="https://3018.fr/?a=1" title="x : y">3018.fr</a><code>a : b</code><!-- a : b -->'
    assert french_spacing(untouched) == untouched
    assert french_spacing("<p>9:00–23:00</p>") == "<p>9:00–23:00</p>"


@pytest.mark.parametrize("path", ["/fr/", f"/fr/lessons/{LESSON}", "/fr/help", "/fr/join"])
def test_french_pages_use_narrow_no_break_spaces(client, path):
    html = client.get(path).get_data(as_text=True)
    text = re.sub(r"<[^>]*>", "", re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S))
    assert not re.search(r" [:;?!»]", text), re.search(r".{30} [:;?!»].{10}", text)
    assert not re.search(r"« ", text)
    assert NNBSP in text


def test_english_pages_are_left_alone(client):
    assert NNBSP not in client.get("/en/").get_data(as_text=True)
