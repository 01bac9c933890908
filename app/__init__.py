"""Unshared: a course for teenagers on image-based sexual abuse, consent and getting help."""

import os
import secrets

from flask import Flask

from app.config import APP_DIR, Config
from app.logs import UnsharedFlask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, content, blueprints and CLI. Nothing more."""
    app = UnsharedFlask(__name__, instance_relative_config=True)
    app.config.from_object(Config(app.instance_path))
    if test_config:
        app.config.update(test_config)
    _require_secret_key(app)
    os.makedirs(app.instance_path, exist_ok=True)

    from app import cli, converters, errors, hosting, i18n, page_cache, security, seo, static_files, typography
    from app.content.cache import compiled_course
    from app.extensions import babel, csrf, db, limiter, migrate
    from app.teach import login as teacher_login

    hosting.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(APP_DIR / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    csrf.init_app(app)
    teacher_login.init_app(app)
    limiter.init_app(app)
    _warn_about_memory_limits(app)
    # The compiled bundle in instance/ (built here when stale); CONTENT_BUNDLE_FOLDER="" turns it off.
    bundle_folder = app.config.get("CONTENT_BUNDLE_FOLDER", app.instance_path)
    app.extensions["content_version"], app.extensions["course"] = compiled_course(
        app.config["CONTENT_DIR"], bundle_folder
    )

    converters.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    seo.init_app(app)
    typography.init_app(app)
    page_cache.init_app(app)
    static_files.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    # The suite builds hundreds of apps: a shared cache (a jinja2.BytecodeCache) spares compiling every template
    # again in each one.
    if app.config.get("TEMPLATE_BYTECODE_CACHE") is not None:
        app.jinja_env.bytecode_cache = app.config["TEMPLATE_BYTECODE_CACHE"]

    from app.classroom import bp as classroom_bp
    from app.health import bp as health_bp
    from app.learn import bp as learn_bp
    from app.live import bp as live_bp
    from app.teach import bp as teach_bp

    app.register_blueprint(learn_bp)
    app.register_blueprint(classroom_bp)
    app.register_blueprint(teach_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(health_bp)
    return app


def _require_secret_key(app: Flask) -> None:
    """No built-in key, not even in debug: a known key lets anyone forge a teacher's cookie."""
    if app.config.get("SECRET_KEY"):
        return
    if app.testing:
        app.config["SECRET_KEY"] = secrets.token_hex(32)  # a fresh key per test app
        return
    raise RuntimeError(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random string "
        "(for example: python -c 'import secrets; print(secrets.token_hex(32))'), or SECRET_KEY_FILE to a "
        "file that holds one. `make run` makes one for you in instance/secret_key."
    )


def _warn_about_memory_limits(app: Flask) -> None:
    if not app.config.get("REDIS_URL") and not (app.debug or app.testing):
        app.logger.warning(
            "REDIS_URL is not set: rate limits are kept in memory, separately in each worker process, "
            "so with N workers a client gets up to N times the limits. Set REDIS_URL to share them."
        )
