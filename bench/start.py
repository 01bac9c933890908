"""How fast the project starts and how much memory a worker holds, under gunicorn.

    .venv/bin/python bench/start.py              # 5 starts of each kind
    .venv/bin/python bench/start.py --runs 3 --workers 2

Prints, for gunicorn (the project's gunicorn.conf.py: gthread workers) with and without --preload:
- the cold start: from starting the process to the first 200 on /en/ (median and worst of the runs), with the
  content bundle in place; and once without it (the first start after a content change builds it);
- the RSS of each worker after every public page and a lesson with a learner's cookie were served, and the PSS,
  which counts the pages a worker shares with the master (as --preload shares them) once;
- what a start is made of, in-process: importing the app's modules, and create_app() with and without the bundle.
Targets: cold start < 0.5 s, RSS < 80 MiB per worker. Loads only 127.0.0.1; every wait is bounded. Prints
figures; asserts nothing.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.serving import (  # noqa: E402
    LESSON,
    build_bundle,
    get,
    gunicorn,
    new_learner,
    prepare_database,
    project_env,
)

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/en/", "/en/lessons/", f"/ko/lessons/{LESSON}", "/fr/help", "/en/pages/about"]
START_TARGET_S = 0.5
RSS_TARGET_MIB = 80
IMPORTS = "import app.extensions, app.learn, app.teach, app.classroom, app.errors"


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
        pass
    return rss / 1024, pss / 1024


def measure(env: dict[str, str], runs: int, workers: int, preload: bool) -> None:
    label = "gunicorn --preload" if preload else "gunicorn"
    starts, rss, pss, master_rss = [], [], [], 0.0
    for run in range(runs):
        server = gunicorn("app:create_app()", env, workers, preload=preload)
        try:
            starts.append(server.started_in)
            if run == runs - 1:  # memory once, after every kind of page was served by every worker
                cookie = {"Cookie": new_learner(server.base).cookie}
                for _ in range(workers * 10):
                    for page in PAGES:
                        get(server.base + page)
                    get(f"{server.base}/en/lessons/{LESSON}", cookie)
                for pid in workers_of(server.process.pid):
                    worker_rss, worker_pss = memory_mib(pid)
                    rss.append(worker_rss)
                    pss.append(worker_pss)
                master_rss = memory_mib(server.process.pid)[0]
        finally:
            server.stop()
    verdict = "met" if max(starts) < START_TARGET_S else "MISSED"
    print(
        f"{label:19s} cold start: median {statistics.median(starts):.3f} s, worst {max(starts):.3f} s "
        f"over {runs} starts (target < {START_TARGET_S} s: {verdict})"
    )
    verdict = "met" if max(rss) < RSS_TARGET_MIB else "MISSED"
    print(
        f"{'':19s} RSS per worker: {', '.join(f'{r:.1f}' for r in rss)} MiB (target < {RSS_TARGET_MIB} MiB: "
        f"{verdict}); PSS {', '.join(f'{p:.1f}' for p in pss)} MiB; master {master_rss:.1f} MiB"
    )


def python_seconds(code: str, env: dict[str, str], *args: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def in_process(env: dict[str, str], folder: Path) -> None:
    """What a start is made of: the imports, then create_app() building the bundle, then reading it."""
    imports = f"import sys, time; sys.path.insert(0, sys.argv[1]); t = time.perf_counter(); {IMPORTS}; "
    imports += "print(time.perf_counter() - t)"
    print(
        f"in-process: importing the app's modules (Flask, SQLAlchemy, extensions): "
        f"{python_seconds(imports, env, str(ROOT)) * 1000:.0f} ms"
    )
    create = f"import sys, time; sys.path.insert(0, sys.argv[1]); {IMPORTS}; from app import create_app; "
    create += "t = time.perf_counter(); create_app({'CONTENT_BUNDLE_FOLDER': sys.argv[2]}); "
    create += "print(time.perf_counter() - t)"
    for label in ("no bundle yet: load, render, check, write", "bundle present"):
        seconds = python_seconds(create, env, str(ROOT), str(folder))
        print(f"in-process: create_app(), {label}: {seconds * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    args.runs = min(max(args.runs, 1), 20)
    with tempfile.TemporaryDirectory() as tmp:
        env = project_env(f"sqlite:///{tmp}/start.sqlite3")
        prepare_database(env)
        print(f"flask content build (a process, imports included): {build_bundle(env):.2f} s")
        in_process(env, Path(tmp) / "bundles")
        print(f"{os.cpu_count()} CPUs; {args.workers} workers; content bundle in place:")
        measure(env, args.runs, args.workers, preload=False)
        measure(env, args.runs, args.workers, preload=True)
        # The first start after a content change: no bundle for this key yet, so the master builds it.
        empty = Path(tmp) / "no-bundle-yet"
        server = gunicorn(f"app:create_app({{'CONTENT_BUNDLE_FOLDER': '{empty}'}})", env, args.workers, preload=True)
        server.stop()
        print(
            f"first start after a content change (--preload, the master builds the bundle): {server.started_in:.3f} s"
        )


if __name__ == "__main__":
    main()
