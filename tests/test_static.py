"""Static files: URLs carry the file's hash and are cached for a year; a favicon, also at /favicon.ico."""

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from app.security import CSP

STATIC = Path(__file__).resolve().parent.parent / "app" / "static"
ASSET_RE = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def version_of(name: str, folder: Path = STATIC) -> str:
    return hashlib.sha256((folder / name).read_bytes()).hexdigest()[:12]


@pytest.fixture
def reader(app):
    return app.test_client(use_cookies=False)


@pytest.mark.parametrize("url", ["/en/", "/ko/lessons/consent-and-images", "/fr/help", "/en/join"])
def test_pages_link_versioned_assets_and_the_icon(reader, url):
    html = reader.get(url).get_data(as_text=True)
    assets = set(ASSET_RE.findall(html))
    assert assets == {
        f"/static/favicon.svg?v={version_of('favicon.svg')}",
        f"/static/site.css?v={version_of('site.css')}",
        f"/static/quick-exit.js?v={version_of('quick-exit.js')}",
    }
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg\?v=\w+" type="image/svg\+xml">', html)


@pytest.mark.parametrize("name", ["favicon.svg", "site.css", "quick-exit.js"])
def test_a_versioned_url_is_cached_for_a_year(reader, name):
    with reader.get(f"/static/{name}?v={version_of(name)}") as response:
        assert response.status_code == 200
        assert response.data == (STATIC / name).read_bytes()
        cache = response.cache_control
        assert cache.public and cache.max_age == 31536000 and cache.immutable and not cache.no_cache
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("query", ["", "?v=0123456789ab"])
def test_an_unversioned_or_stale_url_is_revalidated(reader, query):
    with reader.get(f"/static/site.css{query}") as response:
        assert response.status_code == 200
        assert response.cache_control.no_cache and not response.cache_control.immutable
        etag = response.headers["ETag"]
    with reader.get(f"/static/site.css{query}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_favicon_ico_answers(reader):
    for response in (reader.get("/favicon.ico"), reader.head("/favicon.ico")):
        with response:
            assert response.status_code == 200
            assert response.mimetype == "image/svg+xml"
            assert response.cache_control.public and response.cache_control.max_age == 86400
            assert response.headers["Cache-Control"] != "no-store"
            assert response.headers["Content-Security-Policy"] == CSP
    with reader.get("/favicon.ico") as response:
        assert response.data == (STATIC / "favicon.svg").read_bytes()
    again = reader.get("/favicon.ico", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_icon_is_a_small_plain_svg():
    svg = (STATIC / "favicon.svg").read_text(encoding="utf-8")
    assert len(svg) < 1024
    assert "<script" not in svg and "href" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_an_edited_file_gets_a_new_url(app, tmp_path):
    folder = tmp_path / "static"
    shutil.copytree(STATIC, folder)
    app.static_folder = str(folder)
    client = app.test_client(use_cookies=False)
    before = set(ASSET_RE.findall(client.get("/en/join").get_data(as_text=True)))
    with (folder / "site.css").open("a", encoding="utf-8") as css:
        css.write("\n/* edited */\n")
    after = set(ASSET_RE.findall(client.get("/en/join").get_data(as_text=True)))
    assert before - after == {f"/static/site.css?v={version_of('site.css')}"}
    assert after - before == {f"/static/site.css?v={version_of('site.css', folder)}"}
