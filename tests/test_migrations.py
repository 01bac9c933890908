"""The Alembic migrations build the schema the models describe."""

import logging.config
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from app import create_app
from app.extensions import db
from app.models import Base


@pytest.fixture(autouse=True)
def _logging_left_alone(monkeypatch):
    """app/migrations/env.py applies alembic.ini's logging config, which disables every logger that exists by then
    (the app's own): a log test run after these on the same worker saw nothing. The schema is what they check."""
    monkeypatch.setattr(logging.config, "fileConfig", lambda *args, **kwargs: None)


@pytest.fixture
def empty_database(tmp_path, worker_id):
    """An empty database of the kind the suite runs on (a fresh schema on PostgreSQL)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield "sqlite:///" + str(tmp_path / "migrations.sqlite3")
        return
    from app.config import normalise_db_url

    schema = f"migration_test_{worker_id}"  # one per pytest-xdist worker
    admin = create_engine(normalise_db_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    yield normalise_db_url(url) + f"{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    admin.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        engine = create_engine(empty_database)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            tables = set(inspect(conn).get_table_names())
        engine.dispose()
        assert diff == [], diff
        assert {"learner", "teacher", "classroom", "student", "assignment", "quiz_attempt"} <= tables
        downgrade(revision="base")
        engine = create_engine(empty_database)
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        engine.dispose()
        db.engine.dispose()


def test_adding_age_bands_keeps_every_class_and_what_hangs_off_it(empty_database):
    """The band columns are added by rebuilding the tables on SQLite: dropping the old classroom table must not
    cascade to its students, assignments or live sessions."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="5a1e0c0de006")
        engine = create_engine(empty_database)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO teacher (id, email, name, password_hash, lang, created_at, session_token) "
                "VALUES (1, 't@example.org', 'T', 'x', 'en', '2026-01-01', 'tok')"
            )
            conn.exec_driver_sql(
                "INSERT INTO classroom (id, teacher_id, name, lang, join_code, joining_open, created_at) "
                "VALUES (1, 1, '9B', 'en', 'ACDEFGHJ', true, '2026-01-01')"
            )
            conn.exec_driver_sql("INSERT INTO learner (id, created_at) VALUES ('l1', '2026-01-01')")
            conn.exec_driver_sql(
                "INSERT INTO student (id, classroom_id, learner_id, nickname, nickname_key, recovery_hash, joined_at) "
                "VALUES (1, 1, 'l1', 'Ana', 'ana', 'x', '2026-01-01')"
            )
            conn.exec_driver_sql(
                "INSERT INTO assignment (id, classroom_id, lesson_id, position) VALUES (1, 1, 'sextortion', 0)"
            )
        upgrade()
        with engine.connect() as conn:
            counts = [
                conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()  # noqa: S608 - our table names
                for table in ("classroom", "student", "assignment")
            ]
            band = conn.exec_driver_sql("SELECT age_band FROM classroom").scalar()
        engine.dispose()
        db.engine.dispose()
    assert counts == [1, 1, 1]
    assert band == "15-18"  # an existing class reads the whole lesson, as before
    with app.app_context():
        downgrade(revision="5a1e0c0de006")
        engine = create_engine(empty_database)
        with engine.connect() as conn:
            students = conn.exec_driver_sql("SELECT count(*) FROM student").scalar()
        engine.dispose()
        db.engine.dispose()
    assert students == 1
