"""A live lesson (issue 11) under load: phones and a projector follow a teacher through a lesson.

    .venv/bin/python bench/live.py                       # SQLite in a temp dir, 40 students, 60 s
    .venv/bin/python bench/live.py --seconds 20 --students 30
    .venv/bin/python bench/live.py --database-url postgresql://postgres@127.0.0.1:5432/bench_live

gunicorn (gunicorn.conf.py, 2 workers) serves the demo class (`flask demo`). The teacher runs the sextortion lesson
(3 polls among its steps), "next" every 5 s ("reveal" 1 s before leaving a poll; "end" and a new session after the
last step). Each student joins through /en/join with its own cookies, then does what app/static/live.js does: the
page, a presence POST every 15 s (at most every 14 s however often the page reloads), the state every 2 s with
If-None-Match starting from the tag in the page, a reload whenever
apply() would; on an open poll, one answer 0.3–1.5 s after the page loaded, following the 303. The projector does
the same with the screen and the teacher's state. Votes "recorded" (the next page said "Answer recorded.") are
compared with live_tally and live_response, per step and option. First, a bare Flask app (a small JSON with a weak
ETag that changes every 5 s) is polled the same way, for reference. --database-url: a PostgreSQL database that the
bench creates and drops (its name must start with "bench").
Targets: p99 < 50 ms and 0 lost votes on a 2-core box. Prints figures, asserts nothing.
"""

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, make_url, text  # noqa: E402

from bench import serving  # noqa: E402

CODE, EMAIL, PASSWORD = "DEMQ4CAT", "demo.teacher@example.org", "demo-password-2026"  # the demo class (app/demo.py)
LESSON = "sextortion"
POLL_S, HERE_S, STEP_S = 2.0, 15.0, 5.0  # live.js's intervals; the teacher's pace
POLLS = ("student poll", "projector poll")
OUTCOMES = {
    "Your answer is recorded.": "recorded",
    "Answer recorded.": "recorded",
    "already answered": "already answered",
    "moved on": "moved on",
}
BARE_APP = """
import time
from flask import Flask, jsonify, request
app = Flask(__name__)
@app.route("/state")
def state():
    tag = str(int(time.time() // 5))
    same = request.if_none_match.contains_weak(tag)
    response = app.response_class(status=304) if same else jsonify({"live": True, "version": int(tag)})
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = "no-cache, private"
    return response
"""
TALLY_SQL = """SELECT t.step_key, t.option_id, t.count FROM live_tally t JOIN live_session s ON s.id = t.session_id
WHERE s.classroom_id = :c"""
COUNTS_SQL = """SELECT (SELECT count(*) FROM live_session WHERE classroom_id = :c),
(SELECT count(*) FROM live_response r JOIN live_session s ON s.id = r.session_id WHERE s.classroom_id = :c)"""


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, Counter] = defaultdict(Counter)
        self.events: Counter = Counter()  # votes by outcome, reloads by reason, recorded votes by step and option

    def record(self, kind: str, status: int, ms: float) -> None:
        with self.lock:
            self.status[kind][status] += 1
            self.ms[kind] += [ms] if status else []

    def count(self, *events: str) -> None:
        with self.lock:
            self.events.update(events)


class Browser:
    """One browser: its own keep-alive connection and cookies; every request timed under a kind."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.stats, self.cookies = stats, dict[str, str]()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def send(
        self, kind: str, path: str, form: dict | None = None, headers: dict | None = None
    ) -> tuple[int, http.client.HTTPResponse | None, str]:
        body = urllib.parse.urlencode(form) if form is not None else None
        head = {**(headers or {}), "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            head["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a keep-alive connection the server closed meanwhile: once more, as browsers do
            started = time.perf_counter()
            try:
                self.connection.request("POST" if body is not None else "GET", path, body=body, headers=head)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.connection.close()
                if attempt == 2:
                    self.stats.record(kind, 0, 0)
                    return 0, None, ""
        self.stats.record(kind, response.status, (time.perf_counter() - started) * 1000)
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies.pop(name, None)
            if "max-age=0" not in rest.lower() and "1970" not in rest:
                self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, response, data.decode()

    def follow(self, kind: str, path: str, form: dict, page_kind: str) -> str:
        """POST, and follow the redirect as a browser does (the page it lands on timed as `page_kind`)."""
        status, response, html = self.send(kind, path, form)
        if status in (302, 303) and response is not None:
            html = self.send(page_kind, urllib.parse.urlsplit(response.getheader("Location", "")).path)[2]
        return html


def csrf(html: str) -> str:
    match = serving.CSRF_RE.search(html)
    return match.group(1) if match else ""


@dataclass
class Page:
    """What live.js reads of a page (version, "answer recorded", bars), and the answer form if there is one."""

    version: str
    etag: str  # the state's tag the page was rendered from: live.js's first poll sends it
    answered: bool
    bars: bool
    token: str
    step: str | None
    options: list[str]

    @classmethod
    def of(cls, html: str) -> "Page":
        root = html[html.find("data-live-state") :]
        version = re.search(r'data-live-version="(\d+)"', root)
        tag = re.search(r'data-live-etag="([^"]*)"', root)
        step = re.search(r'<input[^>]*name="step"[^>]*value="([^"]+)"', root)
        options = re.findall(r'<input[^>]*name="answer"[^>]*value="([^"]+)"', root)
        answered, bars = 'class="notice" role="status"' in root, "<progress" in root and "data-option" in root
        etag = tag.group(1).replace("&#34;", '"').replace("&quot;", '"') if tag else ""
        return cls(
            version.group(1) if version else "?", etag, answered, bars, csrf(html), step and step.group(1), options
        )

    def reload_reason(self, role: str, state: dict) -> str:
        """Why live.js's apply() would call window.location.reload(), or ""."""
        if not state.get("live"):
            return "ended" if self.version != "0" else ""
        if str(state.get("version")) != self.version:
            return "new version"
        if role == "student" and isinstance(state.get("answered"), bool) and state["answered"] != self.answered:
            return "own answer"
        if role == "student" and self.options and not self.answered:
            return ""  # never reload under a choice
        show = state.get("results") and (role == "presenter" or state.get("revealed") or role == "student")
        return "results but no bars" if show and not self.bars else ""


def follow(browser: Browser, role: str, page_path: str, state_path: str, stop: threading.Event) -> None:
    """A phone or the projector running live.js; a phone also answers each open poll once."""
    kind, rng = "student" if role == "student" else "projector", random.Random()
    page, etag, answer_at = Page.of(browser.send(f"{kind} page", page_path)[2]), "", None
    next_poll, next_here = time.monotonic() + POLL_S * rng.random(), time.monotonic()
    etag = page.etag
    while not stop.is_set():
        now, html = time.monotonic(), ""
        if page.step and page.options and answer_at is None:
            answer_at = now + rng.uniform(0.3, 1.5)
        if answer_at is not None and now >= answer_at:
            chosen, answer_at = rng.choice(page.options), float("inf")  # once per page
            form = {"csrf_token": page.token, "step": page.step, "answer": chosen}
            html = browser.follow("answer", "/en/class/live/answer", form, f"{kind} page")
            outcome = next((v for k, v in OUTCOMES.items() if k in html), "closed" if "closed" in html else "failed")
            browser.stats.count(f"vote {outcome}", *([f"option {page.step} {chosen}"] if outcome == "recorded" else []))
        if not html and role == "student" and now >= next_here:
            next_here += HERE_S
            browser.send("presence", "/en/class/live/here", {"csrf_token": page.token, "quiet": "1"})
        if not html and now >= next_poll:
            next_poll += POLL_S
            headers = {"If-None-Match": etag} if etag else None
            status, response, body = browser.send(f"{kind} poll", state_path, headers=headers)
            if status == 200 and response is not None:
                etag = response.getheader("ETag", "")
                if reason := page.reload_reason(role, json.loads(body)):
                    browser.stats.count(f"reload {kind}: {reason}")
                    html = browser.send(f"{kind} page", page_path)[2]
        if html:  # a page loaded: live.js starts again from the page's tag; presence at most every 14 s
            page, answer_at = Page.of(html), None
            etag = page.etag
            next_poll = time.monotonic() + POLL_S
            continue
        due = min(next_poll, next_here if role == "student" else next_poll, answer_at or next_poll)
        stop.wait(max(0.0, due - time.monotonic()))


def start(browser: Browser, presenter: str) -> str:
    token = csrf(browser.send("presenter page", presenter)[2])
    form = {"csrf_token": token, "lesson": LESSON}
    return browser.follow("teacher action", presenter + "/start", form, "presenter page")


def teach(browser: Browser, presenter: str, html: str, stop: threading.Event) -> None:
    """Next every STEP_S; on a poll, reveal 1 s before moving on; at the last step, end and start again."""
    next_move, reveal_at = time.monotonic() + STEP_S, None
    while not stop.wait(max(0.0, min(next_move, reveal_at or next_move) - time.monotonic())):
        html = html or browser.send("presenter page", presenter)[2]  # after an error, as the teacher would
        version = re.search(r'name="version" value="(\d+)"', html)
        form = {"csrf_token": csrf(html), "version": version.group(1) if version else "0"}
        action = "next" if 'value="next"' in html else "end"
        if reveal_at is not None and time.monotonic() >= reveal_at:
            action, reveal_at = "reveal", None
        html = browser.follow("teacher action", presenter + "/control", {**form, "action": action}, "presenter page")
        if action == "end":
            html = start(browser, presenter)
        if action != "reveal":
            next_move += STEP_S
            reveal_at = next_move - 1 if re.search(r'value="(reveal|hide)"', html) else None


def server_cpu(pid: int) -> float:
    """CPU seconds gunicorn's workers have used (Linux /proc; 0 elsewhere)."""
    try:
        workers = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        stats = [Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split() for w in workers]
    except OSError:
        return 0.0
    return sum(int(s[11]) + int(s[12]) for s in stats) / os.sysconf("SC_CLK_TCK")


def run(server: serving.Server, stats: Stats, stop: threading.Event, targets: list, seconds: float) -> float:
    """Run the targets in threads for `seconds`; the CPU seconds gunicorn's workers used meanwhile."""
    threads = [threading.Thread(target=target, args=args) for target, *args in targets]
    cpu = server_cpu(server.process.pid)
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return server_cpu(server.process.pid) - cpu


def run_live(server: serving.Server, class_id: int, students: int, seconds: float) -> tuple[Stats, float]:
    """Sign-ins, the session, the joins and one warm-up round of each request; then the lesson."""
    stats, stop, presenter = Stats(), threading.Event(), f"/en/teacher/classes/{class_id}/live"
    teacher, projector = Browser(server.port, stats), Browser(server.port, stats)
    for browser in (teacher, projector):
        token = csrf(browser.send("sign-in", "/en/teacher/sign-in")[2])
        browser.send("sign-in", "/en/teacher/sign-in", {"csrf_token": token, "email": EMAIL, "password": PASSWORD})
    html, phones = start(teacher, presenter), [Browser(server.port, stats) for _ in range(students)]
    for n, phone in enumerate(phones):
        token = csrf(phone.send("join", "/en/join")[2])
        phone.send("join", "/en/join", {"csrf_token": token, "code": CODE, "nickname": f"Bench {n + 1:02d}"})
        token = csrf(phone.send("warm-up", "/en/class/live")[2])
        phone.send("warm-up", "/en/class/live/state")
        phone.send("warm-up", "/en/class/live/here", {"csrf_token": token, "quiet": "1"})
    for path in ("/screen", "/state"):
        projector.send("warm-up", presenter + path)
    targets = [(follow, phone, "student", "/en/class/live", "/en/class/live/state", stop) for phone in phones]
    targets += [(follow, projector, "screen", presenter + "/screen", presenter + "/state", stop)]
    return stats, run(server, stats, stop, [*targets, (teach, teacher, presenter, html, stop)], seconds)


def poll_bare(server: serving.Server, clients: int, seconds: float) -> tuple[Stats, float]:
    stats, stop = Stats(), threading.Event()

    def poller(browser: Browser) -> None:
        etag, next_poll = "", time.monotonic() + POLL_S * random.random()
        while not stop.wait(max(0.0, next_poll - time.monotonic())):
            next_poll += POLL_S
            status, response, _ = browser.send("bare poll", "/state", headers={"If-None-Match": etag} if etag else None)
            etag = response.getheader("ETag", "") if status == 200 and response is not None else etag

    return stats, run(server, stats, stop, [(poller, Browser(server.port, stats)) for _ in range(clients)], seconds)


def postgres(url: str, create: bool) -> None:
    """Drop the bench's PostgreSQL database, and make it again if `create`."""
    name = make_url(url).database or ""
    if not name.startswith("bench"):
        sys.exit(f"--database-url: the bench drops its database afterwards; {name!r} does not start with bench")
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def latency(values: list[float], target: bool = False) -> str:
    ordered = sorted(values) or [float("nan")]
    p50, p99 = (ordered[min(len(ordered) - 1, int(len(ordered) * q))] for q in (0.5, 0.99))
    verdict = f"  (target p99 < 50 ms: {'met' if p99 < 50 else 'MISSED'})" if target else ""
    return f"p50 {p50:5.1f} ms  p99 {p99:6.1f} ms{verdict}"


@contextmanager
def gunicorn(app: str, env: dict[str, str], cwd: Path, ready: str) -> Iterator[serving.Server]:
    server = serving.gunicorn(app, env, 2, cwd=cwd, ready=ready)
    try:
        yield server
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--bare-seconds", type=float, default=20, help="the bare Flask reference's run")
    parser.add_argument("--database-url", help="PostgreSQL, created and dropped here; default a temp SQLite file")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        if args.database_url:
            postgres(url, create=True)
        env = {k: v for k, v in serving.project_env(url).items() if k != "REDIS_URL"}
        try:
            serving.prepare_database(env)
            demo = subprocess.run(
                [str(serving.BIN / "flask"), "demo"], cwd=ROOT, env=env, capture_output=True, text=True
            )
            if demo.returncode:
                sys.exit(f"flask demo failed:\n{demo.stderr}")
            engine = create_engine(url)
            with engine.connect() as connection:
                query = text("SELECT id FROM classroom WHERE join_code = :c")
                class_id = connection.execute(query, {"c": CODE}).scalar_one()
            (Path(tmp) / "bare.py").write_text(BARE_APP, encoding="utf-8")
            with gunicorn("bare:app", env, Path(tmp), "/state") as server:
                bare, bare_cpu = poll_bare(server, args.students + 1, args.bare_seconds)
            with gunicorn("app:create_app()", env, ROOT, "/healthz") as server:
                stats, cpu = run_live(server, class_id, args.students, args.seconds)
            tallies: Counter = Counter()
            with engine.connect() as connection:
                for step, option, count in connection.execute(text(TALLY_SQL), {"c": class_id}):
                    tallies[f"option {step} {option}"] += count
                sessions, responses = connection.execute(text(COUNTS_SQL), {"c": class_id}).one()
            engine.dispose()
        finally:
            if args.database_url:
                postgres(url, create=False)

    print(
        f"live lesson {LESSON!r} on {make_url(url).get_backend_name()}, gunicorn.conf.py with 2 workers; "
        f"{args.students} students + 1 projector for {args.seconds:g} s, the teacher moving every {STEP_S:g} s "
        f"({sessions} session(s)); load average before: {load:.1f} on {os.cpu_count()} CPUs"
    )
    for kind in sorted(stats.status):
        counts = ", ".join(f"{s or 'error'}: {n}" for s, n in sorted(stats.status[kind].items()))
        print(f"  {kind:15s} {sum(stats.status[kind].values()):5d}  {counts:26s} {latency(stats.ms[kind])}")
    during = sum(sum(c.values()) for kind, c in stats.status.items() if kind not in ("sign-in", "join", "warm-up"))
    print(f"  gunicorn's CPU during the lesson: {cpu:.1f} s, {cpu / max(during, 1) * 1000:.1f} ms per request")
    reloads = [f"{k.removeprefix('reload ')} {n}" for k, n in sorted(stats.events.items()) if k.startswith("reload")]
    print("  page reloads by live.js:", ", ".join(reloads) or "none")
    polls = [ms for kind in POLLS for ms in stats.ms[kind]]
    share = sum(stats.status[kind][304] for kind in POLLS) / max(len(polls), 1)
    print(f"state polls (phones + projector): {len(polls)}, {share:.0%} 304s, {latency(polls, target=True)}")
    print(f"answers: {latency(stats.ms['answer'])};  teacher actions: {latency(stats.ms['teacher action'])}")
    votes = {k.removeprefix("vote "): n for k, n in stats.events.items() if k.startswith("vote ")}
    recorded, tallied = votes.get("recorded", 0), sum(tallies.values())
    mine = Counter({k: n for k, n in stats.events.items() if k.startswith("option ")})
    lost, unacknowledged = sum((mine - tallies).values()), sum((tallies - mine).values())
    others = ", ".join(f"{k} {n}" for k, n in votes.items() if k != "recorded") or "none"
    print(
        f"votes: {sum(votes.values())} sent, {recorded} recorded (not: {others}); counted: live_tally {tallied}, "
        f"live_response {responses}; lost {lost}, counted but not acknowledged {unacknowledged} (per step and "
        f"option)  (target 0 lost: {'met' if lost == 0 and responses == recorded == tallied else 'MISSED'})"
    )
    ms, not_modified = bare.ms["bare poll"], bare.status["bare poll"][304]
    print(
        f"bare Flask reference ({args.students + 1} pollers every {POLL_S:g} s for {args.bare_seconds:g} s, a new "
        f"ETag every 5 s): {len(ms)} polls, {not_modified / max(len(ms), 1):.0%} 304s, {latency(ms)}, "
        f"gunicorn's CPU {bare_cpu / max(len(ms), 1) * 1000:.1f} ms per request"
    )


if __name__ == "__main__":
    main()
