"""Configuration from the environment."""

import logging
import re
import stat
import subprocess

import pytest

from app import create_app
from app.config import PROJECT_DIR


def test_secret_key_is_required_outside_debug_and_testing(monkeypatch, database_url):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def test_there_is_no_built_in_key_even_in_debug(monkeypatch, database_url):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def test_test_apps_get_a_random_key_each(monkeypatch, database_url):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    keys = {
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url}).config["SECRET_KEY"] for _ in range(2)
    }
    assert len(keys) == 2 and all(len(key) == 64 for key in keys)


def test_secret_key_from_environment(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("BASE_URL", "https://unshared.example.org")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["SECRET_KEY"] == "from-the-environment"


def test_secret_key_from_a_file(monkeypatch, database_url, tmp_path):
    (tmp_path / "secret_key").write_text("from-a-file\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "secret_key"))
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["SECRET_KEY"] == "from-a-file"


def test_make_run_makes_a_random_key_once(tmp_path):
    key_file = tmp_path / "instance" / "secret_key"
    command = ["make", "--no-print-directory", "-C", str(PROJECT_DIR), f"SECRET_KEY_FILE={key_file}", str(key_file)]
    subprocess.run(command, check=True, capture_output=True)
    key = key_file.read_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    subprocess.run(command, check=True, capture_output=True)
    assert key_file.read_text().strip() == key  # made once, then kept
    makefile = (PROJECT_DIR / "Makefile").read_text()
    assert "SECRET_KEY_FILE := $(SECRET_KEY_FILE)" in makefile and "db: install $(SECRET_KEY_FILE)" in makefile
    assert "instance/" in (PROJECT_DIR / ".gitignore").read_text().split()


def test_base_url_is_required_outside_debug_and_testing(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="BASE_URL is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    for bad in (
        "unshared.example.org",
        "ftp://unshared.example.org",
        "https://unshared.example.org/?next=x",
        "https://unshared.example.org/sub",
    ):
        monkeypatch.setenv("BASE_URL", bad)
        with pytest.raises(RuntimeError, match="BASE_URL must look like"):
            create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def test_trusted_hosts_default_to_the_host_of_base_url(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("BASE_URL", "https://unshared.example.org/")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["BASE_URL"] == "https://unshared.example.org"
    assert app.config["TRUSTED_HOSTS"] == ["unshared.example.org"]
    monkeypatch.setenv("TRUSTED_HOSTS", "unshared.example.org, .school.example")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["TRUSTED_HOSTS"] == ["unshared.example.org", ".school.example"]


def test_a_request_for_an_unknown_host_gets_400(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("BASE_URL", "https://unshared.example.org")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    client = create_app({"SQLALCHEMY_DATABASE_URI": database_url}).test_client()
    assert client.get("/en/", headers={"Host": "unshared.example.org"}).status_code == 200
    for host in ("evil.example", "unshared.example.org.evil.example", "evil.example:443"):
        assert client.get("/en/", headers={"Host": host}).status_code == 400, host
        assert client.post("/en/teacher/reset-password", headers={"Host": host}).status_code == 400, host


def test_redis_missing_outside_debug_logs_a_warning(monkeypatch, database_url, caplog):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("BASE_URL", "https://unshared.example.org")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with caplog.at_level(logging.WARNING):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert any("REDIS_URL is not set" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    caplog.clear()
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    with caplog.at_level(logging.WARNING):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert not any("REDIS_URL" in r.getMessage() for r in caplog.records)


def test_database_url_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://user@db.example/unshared")
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.example/unshared"


def test_default_database_is_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert uri.startswith("sqlite:///") and uri.endswith("instance/unshared.sqlite3")


def test_production_hashes_a_password_like_the_dummy_for_unknown_emails(tmp_path):
    """Tests hash cheaply (PASSWORD_HASH_METHOD); production's teachers' hashes cost what the dummy costs."""
    from werkzeug.security import generate_password_hash

    import app.teach.accounts as accounts
    from app.config import Config

    method = Config(str(tmp_path)).PASSWORD_HASH_METHOD
    assert method.startswith("scrypt")
    assert generate_password_hash("x", method).split("$")[0] == accounts.DUMMY_PASSWORD_HASH.split("$")[0]
