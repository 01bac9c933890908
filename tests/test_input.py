"""Bad input is a 4xx, never a 5xx: redirects stay on the site, ids are bounded, forms refuse control
characters, and the error pages themselves cannot fail."""

import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from app import create_app
from app.extensions import db
from app.models import Classroom, Student
from tests.factories import PASSWORD, make_teacher, sign_in
from tests.helpers import app_config, csrf_token, empty_tables, post_form

# Each of these has led browsers off-site from a "next" parameter somewhere.
OFF_SITE_NEXT = [
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/\\/evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    " //evil.example/",
    "/%09/evil.example/",
    "/%0a/evil.example/",
    "/%2F/evil.example/",
    "/%2f%2fevil.example/",
    "%2F%2Fevil.example/",
    "/%5Cevil.example/",
    "/%5C%5Cevil.example/",
    "/%252F%252Fevil.example/",
    "/%25%32%46/evil.example/",
    "evil.example",
    "/\u3000/evil.example/",
    "/\x00/evil.example/",
]


@pytest.mark.parametrize("target", OFF_SITE_NEXT)
def test_sign_in_never_redirects_off_site(client, teacher, target):
    response = post_form(
        client,
        "/en/teacher/sign-in",
        {"email": "teacher@example.org", "password": PASSWORD},
        action="/en/teacher/sign-in",
        query_string={"next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/teacher/classes", target


@pytest.mark.parametrize("target", ["/en/teacher/classes/7/dashboard", "/fr/help?country=BE", "/en/lessons/"])
def test_sign_in_follows_a_same_site_next(client, teacher, target):
    response = post_form(
        client,
        "/en/teacher/sign-in",
        {"email": "teacher@example.org", "password": PASSWORD},
        action="/en/teacher/sign-in",
        query_string={"next": target},
    )
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "query",
    [
        "lang=de",
        "_method=POST",
        "_external=1&_scheme=javascript",
        "_anchor=x",
        "lesson_id=nope",
        "code=%00",
        "country=%FF",
    ],
)
@pytest.mark.parametrize(
    "path", ["/en/", "/en/help", "/en/join", "/en/lessons/", "/en/teacher/sign-in", "/en/nothing-here"]
)
def test_query_strings_do_not_break_the_language_switcher(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code < 500, (path, query)
    html = response.get_data(as_text=True)
    assert 'hreflang="fr"' in html and "javascript" not in html.split("<main")[0]


@pytest.mark.parametrize("big", [2**31, 2**63, 10**30])
def test_ids_out_of_range_are_404_on_every_route(app, teacher_client, classroom, big):
    client = teacher_client
    checked = 0
    for rule in app.url_map.iter_rules():
        int_args = [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]
        if not int_args:
            continue
        values = {name: big for name in int_args}
        for name, conv in rule._converters.items():
            if name not in values:
                values[name] = "en" if name == "lang" else sorted(getattr(conv, "items", ["x"]))[0]
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": csrf_token(client, "/en/teacher/classes")})
            assert response.status_code == 404, (method, url, response.status_code)
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("bad", ["\x00", "a\x00b", "\x1b[31m", "x\x7fy", "\x85"])
def test_control_characters_in_forms_get_a_translated_form_error(app, client, classroom, bad):
    response = post_form(client, "/fr/join", {"code": "ACDE3467", "nickname": f"Blue{bad}Fox"})
    assert response.status_code == 400
    assert "caractères de contrôle" in response.get_data(as_text=True)
    sign_in(client)
    response = post_form(client, "/fr/teacher/classes", {"name": f"9B{bad}", "lang": "fr"})
    assert response.status_code == 400
    assert "caractères de contrôle" in response.get_data(as_text=True)
    response = post_form(client, "/en/teacher/sign-in", {"email": f"teacher@example.org{bad}", "password": "x"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Student.id))) == 0
        assert db.session.scalar(select(func.count(Classroom.id))) == 1


@pytest.fixture
def failing_app(database_url, _schema):
    """An app that turns exceptions into its 500 page, as in production, with a route that always fails."""
    app = create_app(app_config(database_url, PROPAGATE_EXCEPTIONS=False))

    @app.route("/<any(ko, fr, en):lang>/boom")
    def boom():
        raise RuntimeError("boom")

    yield app
    empty_tables(app)


def test_the_500_page_is_translated_and_needs_no_database(failing_app, monkeypatch):
    client = failing_app.test_client()
    with failing_app.app_context():
        make_teacher()
    sign_in(client)  # a teacher's page would load the teacher from the database
    queries = []
    with failing_app.app_context():
        from sqlalchemy import event

        def count(*args, **kwargs):
            queries.append(args[2])
            raise RuntimeError("the database is gone")

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get("/fr/boom?lang=de&_method=POST", headers={"Accept-Language": "xx;q=!"})
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Un problème est survenu de notre côté" in html
    assert 'lang="fr"' in html and "Quick exit" not in html
    assert queries == [], queries


def test_the_error_page_falls_back_to_plain_text_if_its_template_fails(failing_app, monkeypatch):
    import app.errors

    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr(app.errors, "render_template", broken)
    response = failing_app.test_client().get("/en/boom")
    assert response.status_code == 500
    assert response.get_data(as_text=True) == "500 Internal Server Error"
