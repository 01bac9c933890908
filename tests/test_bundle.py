"""The compiled content bundle: `flask content build` writes it, start-up loads it, a stale one is rebuilt, broken
content is refused whatever the bundles say, and gunicorn --preload serves from it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from app import create_app
from app.cli import content_cli
from app.content import bundle, cache
from app.content.problems import ContentError
from tests.helpers import app_config

SAMPLES = Path(__file__).resolve().parent / "content_samples"
LESSON = "consent-and-images"
PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLES, root)
    return root


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "instance"


@pytest.fixture
def loads(monkeypatch):
    """Counts the full loads (parse, render, check); a bundle read is not one."""
    calls = []
    real = cache.load_course

    def counted(root):
        calls.append(root)
        return real(root)

    monkeypatch.setattr(cache, "load_course", counted)
    cache._course.cache_clear()  # forget this process's copies: every app below reads the disk
    yield calls
    cache._course.cache_clear()


def make_app(database_url, tree, folder):
    return create_app(app_config(database_url, CONTENT_DIR=str(tree), CONTENT_BUNDLE_FOLDER=str(folder)))


def bundles(folder: Path) -> list[Path]:
    return sorted(folder.glob("content-*.pickle"))


def retitle(tree: Path, lang: str, title: str) -> None:
    path = tree / lang / "lessons" / f"{LESSON}.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("\ntitle:") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + f'title: "{title}"' + text[end:], encoding="utf-8")


def test_build_then_start_without_loading(tree, folder, loads, database_url):
    result = CliRunner().invoke(content_cli, ["build", "--root", str(tree), "--into", str(folder)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in bundles(folder)] == [f"content-{bundle.content_key(tree.resolve())}.pickle"]
    assert len(loads) == 1  # the build itself
    cache._course.cache_clear()

    app = make_app(database_url, tree, folder)
    assert len(loads) == 1  # start-up read the bundle
    assert app.extensions["course"].lesson("en", LESSON).title
    assert app.extensions["content_version"] == bundle.content_key(tree.resolve())


def test_missing_bundle_is_built_at_start_up(tree, folder, loads, database_url):
    make_app(database_url, tree, folder)
    assert len(loads) == 1 and len(bundles(folder)) == 1
    cache._course.cache_clear()
    make_app(database_url, tree, folder)
    assert len(loads) == 1  # the second process reads what the first wrote


def test_stale_bundle_is_rebuilt(tree, folder, loads, database_url):
    first = make_app(database_url, tree, folder)
    retitle(tree, "en", "A title edited after the build")
    second = make_app(database_url, tree, folder)
    assert len(loads) == 2 and len(bundles(folder)) == 2
    assert second.extensions["course"].lesson("en", LESSON).title == "A title edited after the build"
    assert second.extensions["content_version"] != first.extensions["content_version"]
    with second.test_client() as client:
        assert "A title edited after the build" in client.get("/en/lessons/").get_data(as_text=True)


def test_a_renamed_file_changes_the_key(tree):
    before = bundle.content_key(tree)
    (tree / "en" / "pages" / "about.md").rename(tree / "en" / "pages" / "about-us.md")
    assert bundle.content_key(tree) != before


def test_broken_content_is_refused_even_with_a_good_bundle(tree, folder, loads, database_url):
    make_app(database_url, tree, folder)
    path = tree / "ko" / "lessons" / f"{LESSON}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\nunused_title:", 1), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        make_app(database_url, tree, folder)
    message = str(error.value)
    assert f"ko/lessons/{LESSON}.md" in message and "'title' is missing" in message
    assert len(bundles(folder)) == 1  # nothing written for the broken tree


def test_build_refuses_broken_content(tree, folder):
    path = tree / "ko" / "lessons" / f"{LESSON}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\nunused_title:", 1), encoding="utf-8")
    result = CliRunner().invoke(content_cli, ["build", "--root", str(tree), "--into", str(folder)])
    assert result.exit_code == 1
    assert f"ko/lessons/{LESSON}.md" in result.output and "'title' is missing" in result.output
    assert bundles(folder) == []


def test_an_unreadable_bundle_is_rebuilt(tree, folder, loads, database_url):
    make_app(database_url, tree, folder)
    [path] = bundles(folder)
    path.write_bytes(b"not a pickle")
    cache._course.cache_clear()
    app = make_app(database_url, tree, folder)
    assert len(loads) == 2 and app.extensions["course"].lesson("en", LESSON)
    assert path.read_bytes() != b"not a pickle"


def test_old_bundles_are_pruned(tree, folder, loads, database_url):
    for n in range(bundle.KEEP + 3):
        retitle(tree, "en", f"Edition {n}")
        make_app(database_url, tree, folder)
    assert len(bundles(folder)) == bundle.KEEP


def test_a_read_only_folder_still_starts(tree, tmp_path, loads, database_url):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    app = make_app(database_url, tree, blocked / "instance")  # cannot be made: a file is in the way
    assert app.extensions["course"].lesson("en", LESSON)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_preload_serves_pages(tmp_path, database_url):
    """The master loads the app (and the bundle) once, then forks; both workers answer."""
    port = _free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "preload-test",
        "BASE_URL": "http://127.0.0.1",
        "TRUSTED_HOSTS": "127.0.0.1",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "preload.sqlite3"),
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "--preload", "-w", "2", "-b", f"127.0.0.1:{port}", "--no-control-socket"]
    command.append("app:create_app()")
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=out)
    try:
        statuses = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(statuses) < 4:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=5) as response:  # noqa: S310
                    statuses.append(response.status)
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.1)
        assert statuses == [200] * 4, log.read_text()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
