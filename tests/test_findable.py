"""Found and findable: public pages are indexable with a description and absolute hreflang links from BASE_URL;
every other page says noindex, in a meta tag and in a header."""

import html
import re

import pytest

from app import create_app
from app.languages import LANGUAGES
from app.learn.forms import field_name
from app.seo import NOINDEX
from tests.factories import JOIN_CODE, make_student, sign_in
from tests.helpers import app_config, csrf_token, empty_tables, post_form

BASE = "https://unshared.example.org"
ALTERNATE_RE = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')
DESCRIPTION_RE = re.compile(r'<meta name="description" content="([^"]+)">')
ROBOTS_META = f'<meta name="robots" content="{NOINDEX}">'


def public_paths(course, lang):
    return [
        f"/{lang}/",
        f"/{lang}/lessons/",
        *(f"/{lang}/lessons/{lesson_id}" for lesson_id in course.lesson_ids),
        f"/{lang}/help",
        f"/{lang}/help?country=FR",
        *(f"/{lang}/pages/{page_id}" for page_id in course.pages[lang]),
    ]


@pytest.fixture
def public_app(database_url, _schema):
    """The app as deployed: BASE_URL configured, requests still arriving with whatever Host the proxy passes."""
    app = create_app(app_config(database_url, BASE_URL=BASE, TRUSTED_HOSTS=["localhost"]))
    yield app
    empty_tables(app)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_are_indexable_with_a_description_and_absolute_alternates(public_app, lang):
    course = public_app.extensions["course"]
    client = public_app.test_client()
    for path in public_paths(course, lang):
        response = client.get(path)  # Host: localhost, never what the links are built from
        page = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert "noindex" not in page and "X-Robots-Tag" not in response.headers, path
        description = DESCRIPTION_RE.search(page)
        assert description and len(description.group(1)) > 40, path
        links = dict(ALTERNATE_RE.findall(page))
        assert set(links) == {*LANGUAGES, "x-default"}, path
        assert all(href.startswith(BASE + "/") for href in links.values()), path
        query = "?country=FR" if "?" in path else ""
        for code in LANGUAGES:
            assert links[code] == BASE + path.replace(f"/{lang}/", f"/{code}/", 1).split("?")[0] + query
        assert f'<link rel="canonical" href="{links[lang]}">' in page, path
        assert links["x-default"] == (BASE + "/" if path == f"/{lang}/" else links["en"])


def test_a_lesson_is_described_by_its_summary(public_app):
    course = public_app.extensions["course"]
    for lang in LANGUAGES:
        lesson = course.lesson(lang, course.lesson_ids[3])
        page = public_app.test_client().get(f"/{lang}/lessons/{lesson.id}").get_data(as_text=True)
        assert html.unescape(DESCRIPTION_RE.search(page).group(1)).replace("\u202f", " ") == lesson.summary.replace(
            "\u202f", " "
        )


def test_each_page_has_a_description_of_its_own(public_app):
    course = public_app.extensions["course"]
    client = public_app.test_client()
    for lang in LANGUAGES:
        paths = [p for p in public_paths(course, lang) if "/lessons/" not in p or p.endswith("/lessons/")]
        seen = [DESCRIPTION_RE.search(client.get(p).get_data(as_text=True)).group(1) for p in paths if "?" not in p]
        assert len(set(seen)) == len(seen), (lang, seen)


def test_without_base_url_the_alternates_are_left_out_not_guessed(client, course):
    """Development and tests run without BASE_URL: no address is made up from the Host header."""
    for path in public_paths(course, "fr")[:3]:
        page = client.get(path, headers={"Host": "localhost"}).get_data(as_text=True)
        assert 'rel="alternate"' not in page and 'rel="canonical"' not in page
        assert DESCRIPTION_RE.search(page) and "noindex" not in page


def test_an_unknown_country_or_query_never_makes_another_canonical_page(public_app):
    client = public_app.test_client()
    page = client.get("/en/help?country=zz&utm_source=x").get_data(as_text=True)
    assert f'<link rel="canonical" href="{BASE}/en/help">' in page
    assert "utm_source" not in "".join(href for _code, href in ALTERNATE_RE.findall(page))


def test_private_pages_and_errors_say_noindex(app, client, course, classroom):
    lesson_id = course.lesson_ids[0]
    with app.app_context():
        from app.extensions import db
        from app.models import Classroom

        student_id = make_student(db.session.get(Classroom, classroom), "Maple").id
    learner = app.test_client()
    quiz_url = f"/en/lessons/{lesson_id}/quiz"
    answers = {field_name(q.id): sorted(q.answer) for q in course.quizzes[lesson_id].questions}
    result_url = learner.post(quiz_url, data={"csrf_token": csrf_token(learner, quiz_url), **answers}).location
    student = app.test_client()
    post_form(student, "/en/join", {"code": JOIN_CODE, "nickname": "Otter"})
    sign_in(client)
    pages = [
        (learner, quiz_url),
        (learner, result_url),
        (learner, "/en/join"),
        (learner, "/en/class/sign-back-in"),
        (student, "/ko/class/"),
        (client, "/en/teacher/classes"),
        (client, f"/en/teacher/classes/{classroom}"),
        (client, f"/en/teacher/classes/{classroom}/dashboard"),
        (client, f"/en/teacher/classes/{classroom}/students/{student_id}"),
        (learner, "/en/teacher/sign-in"),
        (learner, "/en/lessons/no-such-lesson"),
        (learner, "/fr/pages/no-such-page"),
    ]
    for who, url in pages:
        response = who.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response.headers["X-Robots-Tag"] == NOINDEX, url
        page = response.get_data(as_text=True)
        assert ROBOTS_META in page and 'rel="alternate"' not in page, url
    export = client.get(f"/en/teacher/classes/{classroom}/export.csv")
    assert export.status_code == 200 and export.headers["X-Robots-Tag"] == NOINDEX


def test_a_lesson_from_the_page_cache_stays_indexable(public_app):
    client = public_app.test_client()
    first, second = client.get("/ko/lessons/sextortion"), client.get("/ko/lessons/sextortion")
    assert first.get_data() == second.get_data()
    assert "X-Robots-Tag" not in second.headers and ALTERNATE_RE.search(second.get_data(as_text=True))
