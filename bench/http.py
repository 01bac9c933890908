"""The project next to a bare Flask app, under the same gunicorn, in one run.

    .venv/bin/python bench/http.py                      # wrk if installed, 2 rounds of 5 s per page and app
    .venv/bin/python bench/http.py --seconds 3 --rounds 1 --python-client
    .venv/bin/python bench/http.py --database-url postgresql://postgres@127.0.0.1:5432/bench_http

Both apps run under gunicorn with the project's gunicorn.conf.py (gthread workers, keep-alive) and the same
worker count. The bare app is a few lines of Flask that return, for each case, a page of exactly the byte size
the project sent. Rounds alternate which app is loaded first. Cases: home, a lesson in ko and in en, help (all
without cookies), and the same lesson with a learner's cookie (a browser that answered a quiz and opened the
lesson). Then quiz POSTs: learners with real CSRF tokens (fetched from the quiz page, as a browser does; CSRF
stays on), each POST with a new option order so that none is a double submission; it prints the responses that
said "stored" (303) and the attempts that reached the database.

Targets on the same box in one run: cookie-less lesson ≥ 70% of bare Flask; home ≥ 70%; lesson with a
learner's cookie ≥ 25%; ≥ 200 quiz posts/s with none lost. Loads only 127.0.0.1; prints figures, asserts nothing.
"""

import importlib
import sys
from pathlib import Path

_BENCH = str(Path(__file__).resolve().parent)


def _without_bench(path: list[str]) -> list[str]:
    return [p for p in path if str(Path(p or ".").resolve()) != _BENCH]


if __name__ == "__main__":
    # Python puts a script's folder first on sys.path, where this file would stand in for the standard library's
    # `http`: take the folder off before anything imports http.client.
    sys.path[:] = [str(Path(_BENCH).parent), *_without_bench(sys.path)]
    from bench.side_by_side import main

    main()
else:
    # Any other script in bench/ that imports `http` (urllib, werkzeug and http.client all do) lands here first:
    # hand it the standard library's package instead, and step aside.
    del sys.modules[__name__]
    _saved = sys.path[:]
    sys.path[:] = _without_bench(sys.path)
    try:
        sys.modules[__name__] = importlib.import_module("http")
    finally:
        sys.path[:] = _saved
