"""Print how long content loading and the main pages take, and how many SQL statements the dashboard runs.

Run: .venv/bin/python bench/pages.py   (uses a temporary SQLite database; prints numbers, asserts nothing)
"""

import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from app.content.cache import load_course  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Base  # noqa: E402


def timed(fn, repeat=20):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    root = Path(__file__).resolve().parent.parent / "content"
    median, worst = timed(lambda: load_course(root), repeat=5)
    print(f"content load + render + checks: median {median:.0f} ms, max {worst:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            Base.metadata.create_all(db.engine)
        runner = app.test_cli_runner()
        runner.invoke(args=["demo"])
        client = app.test_client()
        for url in (
            "/en/",
            "/ko/lessons/",
            "/fr/lessons/deepfakes-and-nudify-apps",
            "/ko/help",
            "/en/lessons/sextortion/quiz",
        ):
            median, worst = timed(functools.partial(client.get, url))
            print(f"GET {url:45s} median {median:6.1f} ms  max {worst:6.1f} ms")
        client.post("/en/teacher/sign-in", data={"email": "demo.teacher@example.org", "password": "demo-password-2026"})
        statements = []
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", lambda *a, **k: statements.append(1))
        for url in (
            "/en/teacher/classes/1/dashboard",
            "/en/teacher/classes/1/export.csv",
            "/en/teacher/classes/1/export.json",
        ):
            statements.clear()
            client.get(url)
            count = len(statements)
            median, worst = timed(functools.partial(client.get, url))
            print(f"GET {url:45s} median {median:6.1f} ms  max {worst:6.1f} ms  ({count} SQL statements, 25 students)")


if __name__ == "__main__":
    main()
