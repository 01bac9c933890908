"""Print how long sign-in, reset requests and sign-back-in take for accounts and nicknames that exist, and for
ones that don't: the two should be about the same, so that timing doesn't tell who has an account.

Run: .venv/bin/python bench/accounts.py   (temporary SQLite database; prints medians in ms, asserts nothing)
Point UNSHARED_TREE at another checkout to measure that one instead (e.g. the code before a change).
"""

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("UNSHARED_TREE") or str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.classroom.recovery import set_recovery_code  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Base, Classroom, Learner, Student, Teacher  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REPEAT = 15


def post(client, path: str, data: dict) -> float:
    token = CSRF.search(client.get(path).get_data(as_text=True)).group(1)
    start = time.perf_counter()
    client.post(path, data={"csrf_token": token, **data})
    return (time.perf_counter() - start) * 1000


def median(client, path: str, data: dict) -> float:
    return statistics.median(post(client, path, data) for _ in range(REPEAT))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "SERVER_NAME": "localhost",
            }
        )
        with app.app_context():
            Base.metadata.create_all(db.engine)
            teacher = Teacher(email="known@example.org", name="T", lang="en")
            teacher.set_password("correct horse battery")
            if hasattr(Teacher, "confirmed_at"):
                teacher.confirmed_at = teacher.created_at
            classroom = Classroom(teacher=teacher, name="9B", lang="en", join_code="BENCH234")
            learner = Learner()
            student = Student(classroom=classroom, learner=learner, nickname="Known")
            set_recovery_code(student, "river apple moon")
            db.session.add_all([teacher, classroom, learner, student])
            db.session.commit()
        client = app.test_client()
        rows = [
            (
                "sign-in, wrong password",
                "/en/teacher/sign-in",
                {"email": "known@example.org", "password": "wrong password"},
                {"email": "unknown@example.org", "password": "wrong password"},
            ),
            (
                "reset request",
                "/en/teacher/reset-password",
                {"email": "known@example.org"},
                {"email": "unknown@example.org"},
            ),
            (
                "sign back in, wrong code",
                "/en/class/sign-back-in",
                {"code": "BENCH234", "nickname": "Known", "recovery_code": "wrong words here"},
                {"code": "BENCH234", "nickname": "Unknown", "recovery_code": "wrong words here"},
            ),
        ]
        print(f"{'':28} {'exists':>9} {'unknown':>9}  (median of {REPEAT}, ms)")
        for label, path, known, unknown in rows:
            print(f"{label:28} {median(client, path, known):9.1f} {median(client, path, unknown):9.1f}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
