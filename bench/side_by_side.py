"""The side-by-side benchmark that bench/http.py runs (see there); kept apart from that file, whose name is also
the standard library's `http`."""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.serving import (
    LESSON,
    Learner,
    Load,
    build_bundle,
    get,
    gunicorn,
    new_learner,
    prepare_database,
    project_env,
    python_load,
    wrk,
    wrk_installed,
)

BARE_APP = """
import json, os
from flask import Flask, Response

app = Flask(__name__)
SIZES = json.loads(os.environ["BARE_SIZES"])
PAGES = {name: "<!doctype html>" + "x" * (size - len("<!doctype html>")) for name, size in SIZES.items()}


@app.route("/page/<name>")
def page(name):
    return Response(PAGES[name], mimetype="text/html")
"""

CASES = [
    # name, path, with the learner's cookie, target ratio
    ("home", "/en/", False, 0.70),
    ("lesson ko", f"/ko/lessons/{LESSON}", False, 0.70),
    ("lesson en", f"/en/lessons/{LESSON}", False, 0.70),
    ("help", "/en/help", False, None),
    ("lesson en, learner", f"/en/lessons/{LESSON}", True, 0.25),
]
QUIZ_TARGET = 200
LEARNERS = 8

# wrk: every POST from one of the learners, with its cookie and token, and an option order never used before
# (thread number × 10⁸ + counter), so that the double-submission guard never folds two posts into one.
QUIZ_LUA = """
local learners = %s
local threads = {}
local count = 0
function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  ok = 0
  other = 0
end
function request()
  count = count + 1
  local learner = learners[(count %% #learners) + 1]
  local body = learner.body .. "&order=" .. (number * 100000000 + count)
  return wrk.format("POST", nil, {["Cookie"] = learner.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
function response(status, headers, body)
  if status == 303 then ok = ok + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("RESPONSES ok=%%d other=%%d\\n", total_ok, total_other))
end
"""


def load(url: str, args: argparse.Namespace, headers: dict[str, str] | None = None) -> Load:
    if args.use_wrk:
        return wrk(url, args.seconds, args.connections, headers)
    return python_load(url, args.seconds, args.connections, headers)


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII is a valid Lua string


def quiz_posts(base: str, learners: list[Learner], args: argparse.Namespace) -> tuple[Load, int]:
    """Quiz POSTs for args.seconds; (the load, attempts stored meanwhile)."""
    url = f"{base}/en/lessons/{LESSON}/quiz"
    bodies = [urllib.parse.urlencode([("csrf_token", learner.csrf_token), *learner.answers]) for learner in learners]
    engine = create_engine(args.database_url)
    try:
        with engine.connect() as connection:
            before = connection.execute(text("SELECT count(*) FROM quiz_attempt")).scalar_one()
        if args.use_wrk:
            table = ", ".join(
                f"{{cookie = {lua_string(lr.cookie)}, body = {lua_string(b)}}}"
                for lr, b in zip(learners, bodies, strict=True)
            )
            result = wrk(url, args.seconds, args.connections, script=QUIZ_LUA % f"{{{table}}}")
        else:
            result = python_load(
                url,
                args.seconds,
                args.connections,
                body=lambda thread, n: f"{bodies[n % len(bodies)]}&order={(thread + 1) * 100_000_000 + n}",
                expect=303,
                headers=None,
            )
        time.sleep(1)  # requests wrk gave up on at the deadline may still be finishing
        with engine.connect() as connection:
            after = connection.execute(text("SELECT count(*) FROM quiz_attempt")).scalar_one()
    finally:
        engine.dispose()
    return result, after - before


def cpu_per_request(env: dict[str, str], requests: int = 300) -> list[tuple[str, float]]:
    """CPU ms per request in this process (time.process_time, Flask's test client): no gunicorn, no wrk."""
    os.environ.update({name: env[name] for name in ("SECRET_KEY", "BASE_URL", "TRUSTED_HOSTS", "DATABASE_URL")})
    from app import create_app
    from app.learn.forms import field_name
    from app.page_cache import PageCache

    app = create_app({"WTF_CSRF_ENABLED": False})  # in-process only: the quiz POSTs below carry no token
    quiz = app.extensions["course"].quizzes[LESSON]
    answers = {field_name(q.id): sorted(q.answer) for q in quiz.questions}
    reader = app.test_client(use_cookies=False)
    learner = app.test_client()
    lesson, quiz_url = f"/en/lessons/{LESSON}", f"/en/lessons/{LESSON}/quiz"
    learner.post(quiz_url, data={**answers, "order": "1"}, base_url="http://127.0.0.1")
    seeds = iter(range(10, 10 + 10 * requests))

    def cpu(call) -> float:
        for _ in range(5):
            call()
        started = time.process_time()
        for _ in range(requests):
            call()
        return (time.process_time() - started) / requests * 1000

    def get(client, url):
        return lambda: client.get(url, base_url="http://127.0.0.1")

    from flask import Flask, Response

    bare = Flask("bare")
    bare.add_url_rule("/page", "page", lambda: Response("x" * 14456, mimetype="text/html"))
    figures = [
        ("bare Flask, a 14 KB page", cpu(get(bare.test_client(), "/page"))),
        ("cookie-less home (page cache)", cpu(get(reader, "/en/"))),
        ("cookie-less lesson (page cache)", cpu(get(reader, lesson))),
        ("cookie-less help (page cache)", cpu(get(reader, "/en/help"))),
        ("lesson, learner's cookie (page cache)", cpu(get(learner, lesson))),
        ("home, learner's cookie (rendered)", cpu(get(learner, "/en/"))),
    ]
    app.extensions["page_cache"] = PageCache(max_pages=0)  # nothing kept: every page renders
    figures += [
        ("cookie-less lesson, rendered (no cache)", cpu(get(reader, lesson))),
        ("lesson, learner's cookie, rendered", cpu(get(learner, lesson))),
    ]

    def post() -> None:
        response = learner.post(quiz_url, data={**answers, "order": str(next(seeds))}, base_url="http://127.0.0.1")
        assert response.status_code == 303, response.status_code

    figures.append(("quiz POST (stores an attempt and its answers)", cpu(post)))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=sys.modules["__main__"].__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5, help="per page, per app, per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="default: a throw-away SQLite file")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk even if installed")
    args = parser.parse_args()
    args.use_wrk = wrk_installed() and not args.python_client
    args.seconds = min(max(args.seconds, 1), 60)
    args.rounds = min(max(args.rounds, 1), 10)

    with tempfile.TemporaryDirectory() as tmp:
        args.database_url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = project_env(args.database_url)
        prepare_database(env)
        build_bundle(env)
        project = gunicorn("app:create_app()", env, args.workers)
        bare = None
        try:
            learners = [new_learner(project.base) for _ in range(LEARNERS)]
            cookie = {"Cookie": learners[0].cookie}
            sizes = {}
            for name, path, with_cookie, _ in CASES:
                status, body = get(project.base + path, cookie if with_cookie else None)
                assert status == 200, (path, status)
                sizes[name.replace(" ", "-").replace(",", "")] = len(body)
            (Path(tmp) / "bare.py").write_text(BARE_APP, encoding="utf-8")
            bare_env = {**env, "BARE_SIZES": json.dumps(sizes)}
            bare = gunicorn("bare:app", bare_env, args.workers, cwd=Path(tmp), ready="/page/home")

            targets = []
            for name, path, with_cookie, target in CASES:
                slug = name.replace(" ", "-").replace(",", "")
                targets.append((name, target, project.base + path, bare.base + f"/page/{slug}", with_cookie))
            for _, _, project_url, bare_url, with_cookie in targets:  # warm both: caches, both workers
                for url in (project_url, bare_url):
                    for _ in range(args.workers * 4):
                        get(url, cookie if with_cookie and url == project_url else None)

            results: dict[tuple[str, str], list[Load]] = {}
            for round_number in range(args.rounds):
                for name, _, project_url, bare_url, with_cookie in targets:
                    runs = [("project", project_url, cookie if with_cookie else None), ("bare", bare_url, None)]
                    for which, url, headers in runs if round_number % 2 == 0 else runs[::-1]:
                        results.setdefault((name, which), []).append(load(url, args, headers))
            quiz, stored = quiz_posts(project.base, learners, args)
        finally:
            project.stop()
            if bare:
                bare.stop()
        cpu = cpu_per_request(env)

    tool = "wrk -t2" if args.use_wrk else "the Python client (slower than wrk: compare the ratios only)"
    print(
        f"{args.workers} gunicorn gthread workers each; {tool}, {args.connections} connections, "
        f"{args.rounds} round(s) × {args.seconds:g} s per page per app, alternating which app goes first"
    )
    header = f"{'page':20s} {'bytes':>6s} {'project req/s':>13s} {'bare req/s':>10s} {'ratio':>6s}"
    header += f" {'p50 ms':>7s} {'p99 ms':>7s} {'bare p50':>8s} {'bare p99':>8s}  target"
    print(header)
    for name, target, *_ in targets:
        mine, theirs = results[(name, "project")], results[(name, "bare")]
        rate = statistics.mean(r.rate for r in mine)
        bare_rate = statistics.mean(r.rate for r in theirs)
        ratio = rate / bare_rate if bare_rate else 0.0
        failed = sum(r.failed for r in mine + theirs)
        verdict = "" if target is None else f"≥ {target:.0%}: {'met' if ratio >= target else 'MISSED'}"
        print(
            f"{name:20s} {sizes[name.replace(' ', '-').replace(',', '')]:6d} {rate:13.0f} {bare_rate:10.0f} "
            f"{ratio:6.0%} {statistics.median(r.p50_ms for r in mine):7.2f} {max(r.p99_ms for r in mine):7.2f} "
            f"{statistics.median(r.p50_ms for r in theirs):8.2f} {max(r.p99_ms for r in theirs):8.2f}  {verdict}"
            + (f"  ({failed} failed)" if failed else "")
        )
    lost = max(quiz.ok_responses - stored, 0)
    verdict = "met" if quiz.rate >= QUIZ_TARGET and lost == 0 else "MISSED"
    print(
        f"quiz POSTs ({LEARNERS} learners, CSRF tokens fetched, not disabled): {quiz.rate:.0f}/s, "
        f"p50 {quiz.p50_ms:.1f} ms, p99 {quiz.p99_ms:.1f} ms; {quiz.ok_responses} responses said stored (303), "
        f"{quiz.requests - quiz.ok_responses} did not; {stored} attempts in the database; {lost} lost "
        f"(target ≥ {QUIZ_TARGET}/s and 0 lost: {verdict})"
    )
    print("CPU per request in-process (time.process_time over 300 requests, Flask's test client; CSRF off there):")
    for label, ms in cpu:
        print(f"  {label:48s} {ms:6.2f} ms")
