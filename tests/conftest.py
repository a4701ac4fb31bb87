"""Shared fixtures: a real database per test run (SQLite file or a fresh PostgreSQL database),
the app, a client, a CLI runner, and domain helpers for people on the board.

`pytest --db=postgres` runs the whole suite against TEST_POSTGRES_URL; every run creates its own
database there and drops it at the end.
"""

from __future__ import annotations

import contextvars
import os
import uuid
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from board import create_app
from board.accounts import create_user
from board.extensions import db
from board.models import Role

PASSWORD = "correct-horse-battery"


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="database to run the suite against (postgres uses TEST_POSTGRES_URL)",
    )


def empty_database(request, folder):
    """Yield the URL of a new, empty database of the kind the suite runs on (--db), then drop
    it: a SQLite file in `folder`, or a database on the server at TEST_POSTGRES_URL."""
    if request.config.getoption("--db") == "sqlite":
        yield "sqlite:///" + str(folder / "board.sqlite")
        return
    server = os.environ.get("TEST_POSTGRES_URL")
    if not server:
        pytest.skip("TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"board_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.skip(f"PostgreSQL at TEST_POSTGRES_URL is unreachable: {error.orig}")
    yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory):
    yield from empty_database(request, tmp_path_factory.mktemp("db"))


def app_config(database_url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        # Fast hashing in tests only; production uses werkzeug's default scrypt cost.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "RATELIMIT_STORAGE_URI": "memory://",
        "SCHOOL_NAME": "Hillside",
        # Most tests are about posting, not review: publish at once. Moderation tests set the
        # mode they test (the product default is "new_members").
        "SETTINGS_DEFAULTS": {"moderation_mode": "flagged_only"},
        **overrides,
    }


test_config = app_config  # older name, still used by the browser harness


@pytest.fixture(scope="session")
def migrated_database(database_url):
    """The schema comes from the migrations, exactly as `flask db upgrade` builds it."""
    app = create_app(app_config(database_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def config_overrides():
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(migrated_database, config_overrides):
    app = create_app(app_config(migrated_database, **config_overrides))
    with app.app_context():
        yield app
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    Tests hold an app context to call actions and read rows; without this, requests would share
    its `g` (Flask-Login's cached user) and its database session with the test and each other.
    """

    def open(self, *args, **kwargs):
        if not has_app_context():  # following a redirect: already isolated
            return super().open(*args, **kwargs)
        db.session.commit()  # the test's changes become visible; its objects reload afterwards
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create an account: make_user("sam"), make_user("ms.lee", role=Role.STAFF)."""

    def make(username: str, role: Role = Role.STUDENT, **kwargs):
        kwargs.setdefault("display_name", username.title())
        return create_user(username, PASSWORD, role=role, **kwargs)

    return make


@pytest.fixture
def lead(make_user):
    """A member of staff flagged as a safeguarding lead (receives urgent alerts)."""
    return make_user("ms.safe", role=Role.STAFF, safeguarding_lead=True, display_name="Ms Safe")


@dataclass
class People:
    student: object
    staff: object
    admin: object


@pytest.fixture
def people(make_user):
    return People(
        student=make_user("sam", display_name="Sam"),
        staff=make_user("ms.lee", role=Role.STAFF, display_name="Ms Lee"),
        admin=make_user("head", role=Role.ADMIN, display_name="The Head"),
    )


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = PASSWORD, **kwargs):
        return self.client.post(
            "/login", data={"username": username, "password": password}, **kwargs
        )

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)
