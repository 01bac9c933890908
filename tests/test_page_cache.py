"""Public pages rendered once: cookie-less readers get stored bytes, learners and teachers get their own page, and
public pages answer conditional requests."""

import re
import time

import pytest
from flask import template_rendered

from app import page_cache, typography
from app.security import CSP

LESSON = "consent-and-images"
PUBLIC = [
    "/{lang}/",
    f"/{{lang}}/lessons/{LESSON}",
    "/{lang}/help",
    "/{lang}/help?country=FR",
    "/{lang}/pages/about",
]


@pytest.fixture
def reader(app):
    """A browser that sends no cookie at all."""
    return app.test_client(use_cookies=False)


@pytest.fixture
def renders(app):
    """The templates rendered, by name, while the test runs."""
    names: list[str] = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def assert_headers_kept(response):
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("lang", ["ko", "fr", "en"])
@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_render_once(reader, renders, url, lang):
    url = url.format(lang=lang)
    first = reader.get(url)
    assert first.status_code == 200 and renders
    rendered = len(renders)
    again = [reader.get(url), reader.get(url, headers={"Cookie": f"lang={lang}"}), reader.head(url)]
    assert len(renders) == rendered  # no template ran for the cached copies
    for response in again:
        assert response.status_code == 200
        assert response.headers["ETag"] == first.headers["ETag"]
        assert response.headers["Content-Length"] == str(len(first.data))
        assert_headers_kept(response)
    assert again[0].data == again[1].data == first.data
    assert again[2].data == b""


def test_french_spacing_is_applied_once_before_storing(reader, monkeypatch):
    calls = []
    real = typography.french_spacing
    monkeypatch.setattr(typography, "french_spacing", lambda html: calls.append(1) or real(html))
    first = reader.get("/fr/help")
    assert len(calls) == 1 and typography.NNBSP in first.get_data(as_text=True)
    second = reader.get("/fr/help")
    assert len(calls) == 1 and second.data == first.data


def test_a_cached_lesson_still_records_the_visit(app, reader):
    assert reader.get(f"/en/lessons/{LESSON}").status_code == 200  # fills the cache
    browser = app.test_client()
    hit = browser.get(f"/en/lessons/{LESSON}")
    assert hit.status_code == 200 and hit.data == reader.get(f"/en/lessons/{LESSON}").data
    assert any(cookie.startswith("session=") for cookie in hit.headers.getlist("Set-Cookie"))
    overview = browser.get("/en/lessons/").get_data(as_text=True)
    assert re.search(rf'href="/en/lessons/{LESSON}".*?badge-doing', overview, re.DOTALL)


def test_a_learner_gets_their_own_page(app, reader, renders):
    reader.get("/en/lessons/")
    browser = app.test_client()
    browser.get(f"/en/lessons/{LESSON}")  # now it has a session cookie
    rendered = len(renders)
    response = browser.get("/en/lessons/")
    assert len(renders) == rendered + 1
    assert "ETag" not in response.headers
    assert "badge-doing" in response.get_data(as_text=True)
    assert "badge-doing" not in reader.get("/en/lessons/").get_data(as_text=True)


def fresh_render(app, client, url):
    """The page as the view renders it now, whatever the cache holds."""
    app.extensions["page_cache"] = page_cache.PageCache()
    return client.get(url)


def learner_session(client, **values):
    with client.session_transaction() as sess:
        sess.update({"learner_id": "0" * 32, "learner_since": int(time.time()), "_permanent": True, **values})


@pytest.mark.parametrize("in_class", [False, True])
@pytest.mark.parametrize("url", [f"/fr/lessons/{LESSON}", "/ko/help", "/en/pages/privacy"])
def test_a_learners_lessons_help_and_pages_come_from_the_copy_of_their_kind(app, reader, renders, url, in_class):
    browser = app.test_client()
    learner_session(browser, in_class=in_class)
    rendered = fresh_render(app, browser, url)
    lang = url.split("/")[1]
    assert (f'href="/{lang}/class/"' in rendered.get_data(as_text=True)) is in_class  # the menu: "My class"
    count = len(renders)
    again = browser.get(url)
    assert len(renders) == count  # served from the copy just stored
    assert again.data == rendered.data and again.headers["ETag"] == rendered.headers["ETag"]
    assert (again.data == reader.get(url).data) is not in_class  # a self-study learner shares the reader's copy


def test_an_expired_class_session_gets_the_readers_lesson(app, reader):
    url = f"/en/lessons/{LESSON}"
    reader.get(url)
    browser = app.test_client()
    learner_session(browser, in_class=True, learner_since=int(time.time()) - 31 * 86400)
    response = browser.get(url)
    assert response.data == reader.get(url).data
    with browser.session_transaction() as sess:
        assert "learner_id" not in sess and not sess.get("in_class")


@pytest.mark.parametrize("extra", [{"_flashes": [("info", "Welcome back")]}, {"_user_id": "1:token"}])
def test_flashes_and_teachers_render_per_request(app, reader, renders, extra):
    url = f"/en/lessons/{LESSON}"
    reader.get(url)
    browser = app.test_client()
    learner_session(browser, **extra)
    count = len(renders)
    response = browser.get(url)
    assert len(renders) > count and "ETag" not in response.headers


def test_unknown_cookies_render_per_request(app, reader, renders):
    reader.get("/en/help")
    count = len(renders)
    response = reader.get("/en/help", headers={"Cookie": "remember_token=1|x"})
    assert len(renders) == count + 1 and "ETag" not in response.headers


def test_teachers_never_get_the_readers_copy_nor_give_theirs(app, reader, teacher_client):
    with_notes = teacher_client.get(f"/en/lessons/{LESSON}").get_data(as_text=True)
    without = reader.get(f"/en/lessons/{LESSON}").get_data(as_text=True)
    assert 'id="safeguarding"' in with_notes and 'id="safeguarding"' not in without
    assert 'id="safeguarding"' in teacher_client.get(f"/en/lessons/{LESSON}").get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/en/help?country=fr",  # not a country code we list: the default country, rendered each time
        "/en/help?country=FR&country=KR",
        "/en/help?x=1",
        f"/en/lessons/{LESSON}?utm=1",
        f"/en/lessons/{LESSON}/quiz",
        "/en/lessons/no-such-lesson",
        "/en/join",
    ],
)
def test_other_pages_are_not_stored(app, reader, url):
    reader.get(url)
    response = reader.get(url)
    assert "ETag" not in response.headers
    assert len(app.extensions["page_cache"]) == 0


def test_conditional_requests(reader):
    first = reader.get("/ko/pages/about")
    etag = first.headers["ETag"]
    for response in (
        reader.get("/ko/pages/about", headers={"If-None-Match": etag}),
        reader.head("/ko/pages/about", headers={"If-None-Match": f'"other", {etag}'}),
        reader.get("/ko/pages/about", headers={"If-None-Match": f"W/{etag}"}),
    ):
        assert response.status_code == 304 and response.data == b""
        assert response.headers["ETag"] == etag
        assert_headers_kept(response)
    assert reader.get("/ko/pages/about", headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_first_render_answers_a_conditional_request_too(app, reader):
    etag = reader.get("/en/help").headers["ETag"]
    app.extensions["page_cache"] = page_cache.PageCache()  # a fresh worker
    response = reader.get("/en/help", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""


def test_etags_differ_by_language_path_and_content_version(app, reader):
    etags = {reader.get(url.format(lang=lang)).headers["ETag"] for url in PUBLIC for lang in ("ko", "fr", "en")}
    assert len(etags) == len(PUBLIC) * 3
    before = reader.get("/en/").headers["ETag"]
    app.extensions["content_version"] = "edited"
    after = reader.get("/en/")
    assert after.headers["ETag"] != before
    assert reader.get("/en/", headers={"If-None-Match": before}).status_code == 200
    assert set(app.extensions["page_cache"]._pages) == {"reader /en/"}  # the old version's pages are gone


def test_the_cache_is_bounded():
    cache = page_cache.PageCache(max_pages=2)
    pages = {key: page_cache.CachedPage(key.encode(), "text/html", key) for key in ("a", "b", "c")}
    cache.put("v1", "a", pages["a"])
    cache.put("v1", "b", pages["b"])
    assert cache.get("v1", "a") == pages["a"]  # now the most recently used
    cache.put("v1", "c", pages["c"])
    assert len(cache) == 2 and cache.get("v1", "b") is None and cache.get("v1", "a") == pages["a"]
    assert cache.get("v2", "a") is None and len(cache) == 0


def test_a_page_with_a_form_is_never_stored(app):
    """The course page's age form carries each reader's own CSRF token: a stored copy would make every other
    reader's choice fail. Two new readers in a row each choose."""
    for _ in range(2):
        client = app.test_client()
        page = client.get("/en/lessons/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/en/lessons/age", data={"csrf_token": token, "band": "12-14"})
        assert response.status_code == 303
