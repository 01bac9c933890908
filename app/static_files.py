"""Static files cached for a year: every URL that url_for builds carries a hash of the file (`?v=…`), so a changed
file gets a new URL and browsers may keep each version forever. `/favicon.ico` answers too, so that browsers that
ask for it on every page view get the icon, not a 404."""

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, current_app, request

YEAR = 365 * 24 * 60 * 60
FAVICON = "favicon.svg"
FAVICON_MAX_AGE = 24 * 60 * 60  # /favicon.ico has no version in its URL: a day, then revalidate


def init_app(app: Flask) -> None:
    app.url_defaults(add_version)
    app.after_request(cache_static_files)
    app.add_url_rule("/favicon.ico", "favicon", favicon)


def file_version(folder: str, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None if there is no such file."""
    path = Path(folder, filename)
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return None
    return _hash(str(path), stat.st_mtime_ns, stat.st_size)


_hashes: dict[tuple[str, int, int], str] = {}


def _hash(path: str, mtime_ns: int, size: int) -> str:
    # Keyed by modification time and size too: an edited file (while developing) gets a new hash at once.
    key = (path, mtime_ns, size)
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
    return _hashes[key]


def add_version(endpoint: str, values: dict[str, Any]) -> None:
    """url_for("static", filename=…) → /static/…?v=<hash>."""
    if endpoint == "static" and "v" not in values and current_app.static_folder:
        version = file_version(current_app.static_folder, str(values.get("filename", "")))
        if version:
            values["v"] = version


def cache_static_files(response: Response) -> Response:
    """A year, immutable, for the URL of this exact version; otherwise revalidate (ETag and Last-Modified)."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    folder = current_app.static_folder
    version = file_version(folder, filename) if folder else None
    if version and request.args.get("v") == version:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    else:
        response.cache_control.no_cache = True
        response.cache_control.max_age = None
        response.cache_control.public = False
    return response


def favicon() -> Response:
    """The site's icon, for browsers that ask for /favicon.ico whatever the page links to.

    Sent from memory (it is 221 bytes), with an ETag so that a browser's next ask is a 304."""
    folder = current_app.static_folder or abort(404)
    version = file_version(folder, FAVICON) or abort(404)
    response = Response(Path(folder, FAVICON).read_bytes(), mimetype="image/svg+xml")
    response.set_etag(version)
    response.cache_control.public = True
    response.cache_control.max_age = FAVICON_MAX_AGE
    response.make_conditional(request)  # a 304 when the ETag matches (it returns itself)
    return response
