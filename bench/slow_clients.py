"""Do a few slow clients stall everyone else? Prints request times for other users, with and without them.

    .venv/bin/python bench/slow_clients.py            # gunicorn.conf.py (threads) vs. 2 sync workers

Each run starts gunicorn on a free port over a throw-away SQLite database, opens 4 connections that send
their headers one byte a second, then times 20 ordinary page loads from another client.
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLOW_CLIENTS = 4
REQUESTS = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def slow_client(port: int, stop: threading.Event) -> None:
    """Trickle a request's headers, one byte a second, until told to stop."""
    request = b"GET /en/ HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"x" * 200
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            for byte in request:
                if stop.is_set():
                    return
                sock.send(bytes([byte]))
                time.sleep(1)
    except OSError:
        pass  # dropped by the server's timeout: that is the point


def timings(port: int) -> list[float]:
    result = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=15).read()
            result.append((time.perf_counter() - start) * 1000)
        except OSError:
            result.append(15000.0)  # timed out: stalled
    return result


def run(label: str, extra_args: list[str]) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SECRET_KEY": "bench",
            "BASE_URL": f"http://localhost:{port}",
            "TRUSTED_HOSTS": "localhost,127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "FLASK_APP": "app",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
        }
        subprocess.run(
            [sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *extra_args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            quiet = timings(port)
            stop = threading.Event()
            clients = [
                threading.Thread(target=slow_client, args=(port, stop), daemon=True) for _ in range(SLOW_CLIENTS)
            ]
            for client in clients:
                client.start()
            time.sleep(1)
            busy = timings(port)
            stop.set()
        finally:
            server.terminate()
            server.wait(10)
    print(
        f"{label}: median {statistics.median(quiet):.0f} ms alone; with {SLOW_CLIENTS} slow clients "
        f"median {statistics.median(busy):.0f} ms, worst {max(busy):.0f} ms, "
        f"{sum(t >= 15000 for t in busy)}/{REQUESTS} stalled"
    )


if __name__ == "__main__":
    run("gunicorn.conf.py (2 workers x 8 threads)", [])
    run("2 sync workers (before)", ["-k", "sync", "-w", "2", "--threads", "1"])
