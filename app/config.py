"""Configuration from the environment, in one object."""

import os
from datetime import timedelta
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent
PROJECT_DIR = APP_DIR.parent

# Neutral destinations for the quick exit, one per language (our choice, see fact sheet §4.3).
DEFAULT_QUICK_EXIT_URLS = {
    "ko": "https://www.weather.go.kr/",
    "fr": "https://meteofrance.com/",
    "en": "https://www.bbc.co.uk/weather",
}


def _quick_exit_urls() -> dict[str, str]:
    urls = dict(DEFAULT_QUICK_EXIT_URLS)
    shared = os.environ.get("QUICK_EXIT_URL")
    for lang in urls:
        urls[lang] = os.environ.get(f"QUICK_EXIT_URL_{lang.upper()}") or shared or urls[lang]
    return urls


class Config:
    """Settings read from environment variables when the app is created."""

    def __init__(self, instance_path: str) -> None:
        default_db = "sqlite:///" + str(Path(instance_path) / "unshared.sqlite3")
        self.SQLALCHEMY_DATABASE_URI = normalise_db_url(os.environ.get("DATABASE_URL") or default_db)
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _read_secret_file(os.environ.get("SECRET_KEY_FILE"))
        # Who we are comes from configuration, never from the request's Host header (see app/hosting.py).
        self.BASE_URL = os.environ.get("BASE_URL")  # e.g. https://unshared.example.org
        self.TRUSTED_HOSTS = _list(os.environ.get("TRUSTED_HOSTS"))  # unset: the host of BASE_URL
        self.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES") or "0")  # reverse proxies in front
        self.QUICK_EXIT_URLS = _quick_exit_urls()
        self.CONTENT_DIR = os.environ.get("CONTENT_DIR") or str(PROJECT_DIR / "content")
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_DIR / "translations")
        self.BABEL_DEFAULT_LOCALE = "en"
        self.PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 30  # students on shared computers: 30 days at most
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
        # Flask-Login's remember-me cookie: opt-in, at most 30 days, with the same flags as the session.
        self.REMEMBER_COOKIE_DURATION = timedelta(days=30)
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        # Database errors must not carry emails, nicknames or hashes into the logs.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"hide_parameters": True}
        self.MAX_CONTENT_LENGTH = 256 * 1024  # forms only: no uploads anywhere
        self.WTF_CSRF_TIME_LIMIT = None  # a lesson can stay open for a whole class period
        self.REDIS_URL = os.environ.get("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_HEADERS_ENABLED = True
        # A moving window: "10 per minute" is 10 in any 60 seconds, never 20 across the turn of a minute.
        self.RATELIMIT_STRATEGY = "moving-window"
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER")  # unset: messages go to the console
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
        self.MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
        self.MAIL_SENDER = os.environ.get("MAIL_SENDER", "Unshared <no-reply@localhost>")
        self.PASSWORD_RESET_MAX_AGE = 60 * 60
        # werkzeug's method for teachers' password hashes; the test config makes it cheap, never production.
        self.PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - the name of a hash method, not a password


def _read_secret_file(path: str | None) -> str | None:
    """The key kept in a file (`make run` writes instance/secret_key), if a path is configured."""
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _list(value: str | None) -> list[str] | None:
    """A comma-separated setting as a list, or None when unset."""
    if value is None or not value.strip():
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


def normalise_db_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
