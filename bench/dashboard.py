"""How much a class dashboard (and its exports) costs: CPU per request in-process, latency under gunicorn.

    .venv/bin/python bench/dashboard.py                       # throw-away SQLite file in /tmp
    .venv/bin/python bench/dashboard.py --postgres postgresql://postgres@127.0.0.1:5432/bench_dashboard
    .venv/bin/python bench/dashboard.py --other-classes 200   # the class among 200 others (8,000 more students)

Seeds one class of 40 students × 8 assigned lessons: most lessons done with 1–3 quiz attempts (an answer for
every question), some only opened, a few not started, and some self-study from before joining that the teacher
must not see. Then prints, per page: CPU ms per request in-process (time.process_time over N requests with the
test client), the SQL statements and ORM objects one request costs, and p50/p99 and req/s under gunicorn
(gunicorn.conf.py, 2 workers) at 1 and 4 connections, with wrk when installed, else a bounded Python client.
Target for the dashboard: p50 < 10 ms and p99 < 50 ms at 4 connections. Prints figures; asserts nothing.
The PostgreSQL database named by --postgres is emptied first (its tables are dropped and made again).
"""

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(os.environ.get("UNSHARED_TREE") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Answer,
    Assignment,
    Base,
    Classroom,
    Learner,
    LessonProgress,
    QuizAttempt,
    Student,
    Teacher,
)
from app.models.base import utcnow  # noqa: E402
from bench import serving  # noqa: E402

EMAIL = "bench.teacher@example.org"
PASSWORD = "bench-password-2026"  # noqa: S105 - a throw-away account in a throw-away database
SECRET_KEY = "bench-dashboard"  # noqa: S105 - the same key in-process and under gunicorn, for the cookie
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STUDENTS = 40
LESSONS = 8
USER_AGENT = "bench-dashboard"


# --- seeding ----------------------------------------------------------------------------------------------


def seed_class(rng: random.Random, course, teacher_id: int, name: str, lesson_ids: list[str]) -> int:
    """One class of STUDENTS students with realistic work on its lessons; core inserts, no ORM per row."""
    now = utcnow()
    classroom_id = db.session.execute(
        insert(Classroom).values(teacher_id=teacher_id, name=name, lang="en", created_at=now).returning(Classroom.id)
    ).scalar_one()
    db.session.execute(
        insert(Assignment),
        [{"classroom_id": classroom_id, "lesson_id": lid, "position": i + 1} for i, lid in enumerate(lesson_ids)],
    )
    learners, students, progress, attempts = [], [], [], []
    for i in range(STUDENTS):
        learner_id = f"{classroom_id:08d}-0000-4000-8000-{i:012d}"
        joined = now - timedelta(days=30)
        learners.append({"id": learner_id, "created_at": joined - timedelta(days=10)})
        students.append(
            {
                "classroom_id": classroom_id,
                "learner_id": learner_id,
                "nickname": f"Student {i:02d}",
                "nickname_key": f"student {i:02d}",
                "recovery_hash": "x",
                "joined_at": joined,
            }
        )
        for n, lesson_id in enumerate(lesson_ids):
            roll = rng.random()
            if roll < 0.05:
                continue  # not started
            started = joined + timedelta(days=n * 3, minutes=rng.randrange(600))
            if roll < 0.15:
                progress.append({"learner_id": learner_id, "lesson_id": lesson_id, "lang": "en", "started_at": started})
                continue  # opened, no quiz yet
            tries = rng.choice((1, 1, 2, 2, 3))
            progress.append(
                {
                    "learner_id": learner_id,
                    "lesson_id": lesson_id,
                    "lang": "en",
                    "started_at": started,
                    "completed_at": started + timedelta(minutes=15),
                }
            )
            for t in range(tries):
                attempts.append((learner_id, lesson_id, started + timedelta(minutes=15 + t * 5), t))
        if i % 5 == 0:  # self-study before joining: the teacher must not see it
            attempts.append((learner_id, lesson_ids[0], joined - timedelta(days=2), 99))
    db.session.execute(insert(Learner), learners)
    db.session.execute(insert(Student), students)
    db.session.execute(insert(LessonProgress), progress)
    skill = {learner_id: rng.uniform(0.4, 0.95) for learner_id in {a[0] for a in attempts}}
    attempt_rows, answer_lists = [], []
    for learner_id, lesson_id, created_at, t in attempts:
        quiz = course.quizzes[lesson_id]
        answers = []
        for q in quiz.questions:
            right = rng.random() < min(skill[learner_id] + 0.1 * t, 0.98)
            chosen = set(q.answer) if right else {next(o for o in q.options if o not in q.answer)}
            answers.append({"question_id": q.id, "selected": " ".join(sorted(chosen)), "credit": float(right)})
            answers[-1]["is_correct"] = right
        correct = sum(a["is_correct"] for a in answers)
        attempt_rows.append(
            {
                "learner_id": learner_id,
                "lesson_id": lesson_id,
                "lang": "en",
                "score": float(correct),
                "max_score": len(quiz.questions),
                "correct_count": correct,
                "passed": correct >= quiz.pass_mark,
                "shuffle_seed": t,
                "created_at": created_at,
            }
        )
        answer_lists.append(answers)
    ids = db.session.scalars(insert(QuizAttempt).returning(QuizAttempt.id, sort_by_parameter_order=True), attempt_rows)
    answer_rows = [
        {"attempt_id": attempt_id, **answer}
        for attempt_id, answers in zip(ids, answer_lists, strict=True)
        for answer in answers
    ]
    db.session.execute(insert(Answer), answer_rows)
    return classroom_id


def seed(app, other_classes: int) -> tuple[int, dict[str, int]]:
    """The benchmarked class, plus other teachers' classes around it; the class id and the table sizes."""
    course = app.extensions["course"]
    lesson_ids = [lid for lid in course.lesson_ids if lid in course.quizzes][:LESSONS]
    rng = random.Random(2026)  # noqa: S311 - reproducible bench data, not a secret
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        teacher = Teacher(email=EMAIL, name="Bench", lang="en", confirmed_at=utcnow())
        teacher.set_password(PASSWORD)
        others = Teacher(email="others@example.org", name="Others", lang="en", confirmed_at=utcnow(), password_hash="x")
        db.session.add_all([teacher, others])
        db.session.flush()
        for n in range(other_classes // 2):
            seed_class(rng, course, others.id, f"Other {n}", lesson_ids)
        class_id = seed_class(rng, course, teacher.id, "Bench 9B", lesson_ids)
        for n in range(other_classes // 2, other_classes):
            seed_class(rng, course, others.id, f"Other {n}", lesson_ids)
        db.session.commit()
        sizes = {
            table.name: db.session.scalar(select(db.func.count()).select_from(table))
            for table in (Student.__table__, QuizAttempt.__table__, Answer.__table__)
        }
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # fresh statistics, as a live database has; our tables only
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for table in Base.metadata.sorted_tables:
                    conn.exec_driver_sql(f'VACUUM ANALYZE "{table.name}"')
        db.engine.dispose()
    return class_id, sizes


# --- in process -------------------------------------------------------------------------------------------


def signed_in_client(app):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    token = CSRF.search(client.get("/en/teacher/sign-in").get_data(as_text=True)).group(1)
    response = client.post("/en/teacher/sign-in", data={"csrf_token": token, "email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def in_process(app, urls: list[str], requests: int) -> str:
    """CPU ms per request, statements and ORM objects per request, for each URL; and the session cookie."""
    client = signed_in_client(app)
    statements: list[str] = []
    objects: list[object] = []

    def on_statement(*_args: object) -> None:
        statements.append("")

    def on_load(target: object, _context: object) -> None:
        objects.append(target)

    with app.app_context():
        engine = db.engine
    print(f"in-process, {requests} requests each (time.process_time; counted in a separate request):")
    for url in urls:
        client.get(url).get_data()  # warm up
        statements.clear()
        objects.clear()
        event.listen(engine, "before_cursor_execute", on_statement)
        event.listen(Base, "load", on_load, propagate=True)
        body = client.get(url).get_data()
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(Base, "load", on_load)
        counts = (len(statements), len(objects))
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(requests):
            response = client.get(url)
            response.get_data()
            assert response.status_code == 200, response.status_code
        cpu_ms = (time.process_time() - cpu) * 1000 / requests
        wall_ms = (time.perf_counter() - wall) * 1000 / requests
        print(
            f"  {url:42s} {cpu_ms:6.2f} ms CPU  {wall_ms:6.2f} ms wall  "
            f"{counts[0]:3d} statements  {counts[1]:4d} ORM objects  {len(body):7,d} bytes"
        )
    return client.get_cookie("session").value


# --- under gunicorn ---------------------------------------------------------------------------------------


def wrk(url: str, cookie: str, connections: int, seconds: int) -> tuple[float, float, float]:
    """req/s, p50 ms, p99 ms measured by wrk."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(connections, 2)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: session={cookie}",
            "-H",
            f"User-Agent: {USER_AGENT}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError("wrk saw non-2xx answers:\n" + out)

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rate, ms("50%"), ms("99%")


def python_load(url: str, cookie: str, connections: int, seconds: int, max_requests: int = 20000):
    """The same figures from threads on keep-alive connections, bounded in time and count."""
    host, port, path = re.match(r"http://([^:/]+):(\d+)(/.*)", url).groups()
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {"Cookie": f"session={cookie}", "User-Agent": USER_AGENT}
        while time.monotonic() < deadline:
            with lock:
                if len(latencies) >= max_requests:
                    return
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"status {response.status}")
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    begin = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.perf_counter() - begin
    latencies.sort()
    return (
        len(latencies) / elapsed,
        statistics.median(latencies),
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    )


def under_gunicorn(env: dict[str, str], paths: list[str], cookie: str, seconds: int, use_wrk: bool) -> None:
    server = serving.gunicorn("app:create_app()", env, workers=2, cwd=ROOT, ready="/healthz")
    try:
        tool = "wrk" if use_wrk else "Python client"
        print(f"gunicorn (gunicorn.conf.py, 2 workers), {tool}, {seconds} s per run:")
        for path in paths:
            url = server.base + path
            python_load(url, cookie, 2, 1, max_requests=50)  # warm both workers
            for connections in (1, 4):
                rate, p50, p99 = (wrk if use_wrk else python_load)(url, cookie, connections, seconds)
                print(f"  {path:42s} {connections} conn  {rate:7.0f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="seed this PostgreSQL database (emptied first)")
    parser.add_argument("--other-classes", type=int, default=0, help="other teachers' classes around it")
    parser.add_argument("--requests", type=int, default=200, help="in-process requests per URL")
    parser.add_argument("--seconds", type=int, default=8, help="length of each gunicorn run")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk even if installed")
    parser.add_argument("--no-gunicorn", action="store_true", help="in-process figures only")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-dashboard-")
    try:
        url = args.postgres or f"sqlite:///{tmp}/bench.sqlite3"
        env = {
            **os.environ,
            "SECRET_KEY": SECRET_KEY,
            "BASE_URL": "http://localhost",
            "TRUSTED_HOSTS": "localhost,127.0.0.1",
            "DATABASE_URL": url,
            "FLASK_APP": "app",
        }
        env.pop("REDIS_URL", None)
        os.environ.update(env)
        app = create_app()
        start = time.perf_counter()
        class_id, sizes = seed(app, args.other_classes)
        print(
            f"database: {url.split(':')[0]}; class {class_id}: {STUDENTS} students × {LESSONS} lessons; "
            f"whole database {sizes} (seeded in {time.perf_counter() - start:.1f} s)"
        )
        base = f"/en/teacher/classes/{class_id}"
        paths = [f"{base}/dashboard", f"{base}/export.csv", f"{base}/export.json"]
        cookie = in_process(app, paths, args.requests)
        with app.app_context():
            db.engine.dispose()
        if not args.no_gunicorn:
            use_wrk = shutil.which("wrk") is not None and not args.python_client
            under_gunicorn(env, paths, cookie, args.seconds, use_wrk)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
