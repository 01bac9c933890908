"""How fast the project starts and how much memory a worker holds, under gunicorn.

    .venv/bin/python bench/start.py              # 5 starts of each kind
    .venv/bin/python bench/start.py --runs 3 --workers 2

Prints, for `gunicorn` (gunicorn.conf.py: 2 gthread workers) with and without --preload:
- the cold start: from starting the process to the first 200 on /en/ (median and worst of the runs), with the
  content bundle in place, and once without it (the first start after a content change builds it);
- the RSS of each worker after every public page and a lesson with a learner's cookie were served (and the PSS,
  which counts pages shared with the master once, as --preload shares them);
- create_app() alone, in-process, with and without the bundle.
Targets: cold start < 0.5 s, RSS < 80 MiB per worker. Loads only 127.0.0.1; every wait is bounded. Prints
figures; asserts nothing.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = ["/en/", "/en/lessons/", "/ko/lessons/consent-and-images", "/fr/help", "/en/pages/about"]
START_TARGET_S = 0.5
RSS_TARGET_MIB = 80
START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, bundle_folder: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "SECRET_KEY": "bench-start",
        "BASE_URL": "http://127.0.0.1",
        "TRUSTED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "FLASK_APP": "app",
    }
    env.pop("FLASK_DEBUG", None)
    return env


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 5) -> int:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def start(
    env: dict[str, str], workers: int, preload: bool, app: str = "app:create_app()"
) -> tuple[subprocess.Popen, int, float]:
    """Start gunicorn; return it, its port and the seconds from Popen to the first 200 on /en/."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning"] + (["--preload"] if preload else []) + [app]
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = started + START_TIMEOUT_S
    while time.perf_counter() < deadline:
        try:
            if get(f"http://127.0.0.1:{port}/en/", timeout=2) == 200:
                return server, port, time.perf_counter() - started
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {server.returncode}") from None
        time.sleep(0.002)
    stop(server)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


def workers_of(master: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(entry.name))
    return sorted(children)


def memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MiB."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pss = 0
    return rss / 1024, pss / 1024


def learner_cookie(port: int) -> str:
    """A learner's session cookie: the browser answered a quiz (so it has a row) and opened the lesson."""
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    quiz = f"{base}/en/lessons/consent-and-images/quiz"
    with opener.open(quiz, timeout=5) as response:
        html = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    order = re.search(r'name="order"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="order"', html)
    fields = [("csrf_token", token), ("order", order.group(1) or order.group(2))]
    for name in sorted(set(re.findall(r'name="(q_[a-z0-9_]+)"', html))):
        value = re.search(rf'name="{name}"[^>]*value="([^"]+)"', html).group(1)
        fields.append((name, value))
    data = urllib.parse.urlencode(fields).encode()
    with opener.open(urllib.request.Request(quiz, data=data), timeout=5) as response:  # noqa: S310
        response.read()
    with opener.open(f"{base}/en/lessons/consent-and-images", timeout=5) as response:
        response.read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def measure(env: dict[str, str], runs: int, workers: int, preload: bool) -> None:
    label = "gunicorn --preload" if preload else "gunicorn"
    starts, rss, pss = [], [], []
    for run in range(runs):
        server, port, seconds = start(env, workers, preload)
        try:
            starts.append(seconds)
            if run == runs - 1:  # memory once, after every kind of page was served by every worker
                cookie = learner_cookie(port)
                for _ in range(workers * 10):
                    for page in PAGES:
                        get(f"http://127.0.0.1:{port}{page}")
                    get(f"http://127.0.0.1:{port}/en/lessons/consent-and-images", {"Cookie": cookie})
                for pid in workers_of(server.pid):
                    worker_rss, worker_pss = memory_mib(pid)
                    rss.append(worker_rss)
                    pss.append(worker_pss)
                master_rss, _ = memory_mib(server.pid)
        finally:
            stop(server)
    verdict = "met" if max(starts) < START_TARGET_S else "MISSED"
    print(
        f"{label:20s} cold start: median {statistics.median(starts):.3f} s, worst {max(starts):.3f} s "
        f"over {runs} starts (target < {START_TARGET_S} s: {verdict})"
    )
    verdict = "met" if max(rss) < RSS_TARGET_MIB else "MISSED"
    print(
        f"{'':20s} RSS per worker: {', '.join(f'{r:.1f}' for r in rss)} MiB (target < {RSS_TARGET_MIB} MiB: "
        f"{verdict}); PSS {', '.join(f'{p:.1f}' for p in pss)} MiB; master {master_rss:.1f} MiB"
    )


def in_process(bundle_folder: Path, database_url: str) -> None:
    """create_app() alone, once the imports are done: from the bundle, and building it."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "import app.extensions, app.learn, app.teach, app.classroom, app.errors;"
        "from app import create_app; t = time.perf_counter();"
        "create_app({'CONTENT_BUNDLE_FOLDER': sys.argv[2]}); print(time.perf_counter() - t)"
    )
    env = server_env(database_url)
    for label in ("bundle missing (load, render, check, write)", "bundle present"):
        out = subprocess.run(
            [sys.executable, "-c", code, str(ROOT), str(bundle_folder)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        print(f"create_app() in-process, {label}: {float(out.stdout.strip()) * 1000:.0f} ms")
    imports = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, time; t = time.perf_counter(); sys.path.insert(0, sys.argv[1]);"
            "import app.extensions, app.learn, app.teach, app.classroom, app.errors;"
            "print(time.perf_counter() - t)",
            str(ROOT),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    print(f"importing the app's modules (Flask, SQLAlchemy, extensions): {float(imports.stdout) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/start.sqlite3"
        env = server_env(database_url)
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        built = time.perf_counter()
        subprocess.run([str(BIN / "flask"), "content", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
        print(f"flask content build (a process, imports included): {time.perf_counter() - built:.2f} s")
        in_process(Path(tmp) / "bundles", database_url)
        print(f"{os.cpu_count()} CPUs; {args.workers} workers; bundle in place:")
        measure(env, args.runs, args.workers, preload=False)
        measure(env, args.runs, args.workers, preload=True)
        # The first start after a content change: no bundle for this key yet, so the master builds it.
        empty = Path(tmp) / "no-bundle-yet"
        server, _, seconds = start(env, args.workers, True, f"app:create_app({{'CONTENT_BUNDLE_FOLDER': '{empty}'}})")
        stop(server)
        print(f"first start after a content change (--preload; the master builds the bundle): {seconds:.3f} s")


if __name__ == "__main__":
    main()
