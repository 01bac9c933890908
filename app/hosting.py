"""Who we are: the public address, the trusted host names and proxies, from configuration only.

A request's Host header is chosen by whoever sends it, so it never decides the links we email, and a request
for a host we don't serve gets a 400.
"""

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

# Used only when BASE_URL is unset: `make run` (debug) serves 127.0.0.1:5000, and the test client asks for
# localhost.
DEBUG_BASE_URL = "http://127.0.0.1:5000"
DEBUG_HOSTS = ["127.0.0.1", "localhost"]
TESTING_BASE_URL = "http://localhost"


def init_app(app: Flask) -> None:
    """Settle BASE_URL and TRUSTED_HOSTS, and trust X-Forwarded-* only from configured proxies."""
    base_url = app.config.get("BASE_URL")
    guessed = None
    if not base_url:
        if app.testing:
            base_url = guessed = TESTING_BASE_URL
        elif app.debug:
            base_url = guessed = DEBUG_BASE_URL
        else:
            raise RuntimeError(
                "BASE_URL is not set. Set it to the public address of the site, for example "
                "BASE_URL=https://unshared.example.org: links in emails are built from it."
            )
    parts = urlsplit(base_url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        raise RuntimeError(f"BASE_URL must look like https://unshared.example.org, not {base_url!r}.")
    app.config["BASE_URL"] = base_url.rstrip("/")
    # The address search engines are given (hreflang, canonical): only one that was configured, never a guess.
    app.config["CANONICAL_BASE_URL"] = app.config["BASE_URL"] if guessed is None else None

    if not app.config.get("TRUSTED_HOSTS"):
        hosts = [parts.hostname]
        if app.debug and not app.testing:
            hosts += [host for host in DEBUG_HOSTS if host not in hosts]
        # An empty list would trust every host, so there is always at least BASE_URL's host.
        app.config["TRUSTED_HOSTS"] = hosts

    proxies = app.config.get("TRUSTED_PROXIES") or 0
    if proxies:
        # Only the last `proxies` hops of X-Forwarded-For/-Proto are believed: anything a client adds in
        # front of them is ignored. The Host header comes from the proxy (`proxy_set_header Host $host`).
        # Flask documents wrapping wsgi_app with middleware; mypy takes it for a method being replaced.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def absolute_url(endpoint: str, **values: Any) -> str:
    """An absolute address on our site for emails and QR codes: BASE_URL plus the path, never the Host header."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)
