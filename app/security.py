"""Response headers. Pages about abuse make no external requests and leak no referrer."""

import re
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

# The same files for everyone, that say nothing of what anyone reads: app/static_files.py sets their caching.
FILE_ENDPOINTS = ("static", "favicon")


def init_app(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        # Every page of the site is sensitive: a referrer would tell the next site where the visitor was.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.endpoint not in FILE_ENDPOINTS:
            # Teachers' pages, students' pages and exports hold names and answers, and every page says what
            # someone was reading: no copy stays in a shared computer's cache or a proxy's.
            response.headers["Cache-Control"] = "no-store"
        return response


# Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so "/\t/evil.example" and
# "/\\evil.example" both lead off-site; so do their percent-encoded forms once something decodes them.
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f\\]")


def same_site_path(target: str | None) -> str | None:
    """`target` if it is a path on this site ("/en/teacher/classes?x=1"), else None.

    Used for `next=`: anything with a scheme or a host, protocol-relative ("//host", "/\\host"), with
    control characters or spaces, or that turns into one of these when percent-decoded, is refused.
    """
    if not target or len(target) > 2000 or not target.isascii():  # our own links are percent-encoded ASCII
        return None
    candidate = target
    for _ in range(3):  # also judge the decoded forms: %2F%2F, %5C, %09, and double encodings
        if (
            not candidate.startswith("/")
            or candidate.startswith("//")
            or _UNSAFE_IN_PATH.search(candidate)
            or not candidate.isprintable()
        ):
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return None
        decoded = unquote(candidate)
        if decoded == candidate:
            return target
        candidate = decoded
    return None
