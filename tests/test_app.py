"""The app as a whole: configuration, headers, health check, error pages, schema, CLI."""

import os
import re
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from gunicorn.config import Timeout

from board import accounts, config, create_app
from board.extensions import db
from board.models import Role, User
from board.search import is_search_object

from .conftest import app_config


def test_headers_on_every_response(client, auth, people):
    auth.login("sam")
    for path in ["/", "/support", "/login", "/static/css/board.css", "/no-such-page"]:
        response = client.get(path)
        response.close()
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers


def test_hsts_over_https(client):
    response = client.get("/login", base_url="https://board.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_pages_have_no_inline_script_or_style_and_nothing_from_elsewhere(client, auth, people):
    auth.login("head")
    for path in [
        "/",
        "/support",
        "/mod/students",
        "/mod/join-codes",
        "/mod/roster",
        "/admin/staff",
    ]:
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and "<style" not in page, path
        assert not re.search(r"\sstyle=", page), path
        assert not re.search(r"\son[a-z]+=", page), path
        for url in re.findall(r'(?:src|href|action)="([^"]+)"', page):
            assert not re.match(r"(https?:)?//", url), (path, url)


def test_healthz_answers_with_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_gone(tmp_path):
    app = create_app(app_config("sqlite:///" + str(tmp_path / "missing" / "nope.sqlite")))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


@pytest.mark.parametrize(
    "code, text", [(404, "We couldn't find that page"), (403, "isn't for you")]
)
def test_error_pages_look_like_the_site(client, auth, people, code, text):
    auth.login("sam")
    response = client.get("/nowhere" if code == 404 else "/mod/students")
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert text.replace("'", "&#39;") in page
    assert "Empathy Board" in page and "Log out" in page


def test_unexpected_errors_get_a_friendly_500(app, client, people):
    def boom():
        raise RuntimeError("kaboom")

    app.view_functions["main.index"] = boom
    client.post("/login", data={"username": "sam", "password": "correct-horse-battery"})
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)


# SQLite's indexes on expressions (ix_post_hall_rank) cannot be reflected: autogenerate skips
# them with these warnings, and the test compares their CREATE INDEX statements instead.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_migrations_build_exactly_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": is_search_object}
        )
        assert compare_metadata(context, db.metadata) == []
        if connection.dialect.name == "sqlite":
            built = dict(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master").all())
            for index in db.metadata.tables["post"].indexes:
                if any(isinstance(part, sa.TextClause) for part in index.expressions):
                    wanted = sa.schema.CreateIndex(index).compile(dialect=connection.dialect)
                    assert built[index.name] == str(wanted)


def test_db_upgrade_on_an_empty_database(tmp_path):
    url = "sqlite:///" + str(tmp_path / "fresh.sqlite")
    app = create_app(app_config(url))
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {"user", "group", "join_code", "staff_invite", "alembic_version"} <= tables


def test_sqlite_runs_in_wal_with_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # It gives up on a lock (an error page) well before gunicorn kills the worker (nothing).
        busy_ms = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert busy_ms == 10000 and busy_ms <= Timeout.default * 1000 / 2


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = config.instance_secret_key(tmp_path)
    second = config.instance_secret_key(tmp_path)
    assert first == second and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_environment_overrides_config(monkeypatch, tmp_path):
    monkeypatch.setenv("SCHOOL_NAME", "Riverside Academy")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/board")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app()
    assert app.config["SCHOOL_NAME"] == "Riverside Academy"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/board"
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_sqlite_connections_are_not_pinged(app):
    """A file can't drop a connection the way a server can: no test query before each use."""
    expected = db.engine.dialect.name != "sqlite"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is expected


def test_create_user_command(app, runner):
    result = runner.invoke(
        args=["create-user", "ms.kay", "--role", "staff", "--password", "a-staff-pass"]
    )
    assert result.exit_code == 0, result.output
    user = accounts.find_user("ms.kay")
    assert user.role == Role.STAFF


def test_create_user_command_prompts_for_the_password(app, runner):
    result = runner.invoke(
        args=["create-user", "boss", "--role", "admin"], input="a-long-pass\na-long-pass\n"
    )
    assert result.exit_code == 0, result.output
    assert accounts.find_user("boss").role == Role.ADMIN


def test_create_user_command_explains_a_bad_username(app, runner):
    result = runner.invoke(args=["create-user", "x", "--password", "a-long-pass"])
    assert result.exit_code != 0
    assert "Usernames are 3–30 characters" in result.output


def test_seed_demo_creates_a_school_once(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo logins" in result.output and "admin" in result.output
    users = db.session.scalars(sa.select(User)).all()
    assert sum(u.role == Role.STUDENT for u in users) == 30
    assert [u.username for u in users if u.is_safeguarding_lead] == ["ms.patel"]
    assert len({u.group.name for u in users if u.group}) == 3
    assert result.output.count("join code") == 3
    assert result.output.index("Year 9)") < result.output.index("Year 11)")  # numbers by value
    again = runner.invoke(args=["seed-demo"])
    assert "The demo school is already here" in again.output and "Demo logins" in again.output
    assert len(db.session.scalars(sa.select(User)).all()) == len(users)


def test_demo_students_post_reply_and_thank_at_once_as_established_members(app, runner):
    """Someone trying the demo as a student is not kept waiting for review: under the default
    moderation mode ("new_members"), the demo's students count as established members."""
    from board import posting, settings
    from board.models import PostKind, Status

    runner.invoke(args=["seed-demo"])
    admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
    settings.update(admin, {"moderation_mode": "new_members"})
    zoe = db.session.scalar(sa.select(User).where(User.username == "zoe26"))
    cal = db.session.scalar(sa.select(User).where(User.username == "cal29"))
    asked = posting.create_post(
        zoe, posting.Draft(PostKind.HELP, "Where is the library?", "I can't find it.", "other")
    )
    reply = posting.add_reply(cal, asked, "Next to the hall!")
    thanks = posting.create_post(
        zoe,
        posting.Draft(
            PostKind.SHOUTOUT,
            "Thanks Cal",
            "You showed me the way.",
            "kindness",
            recipients=["cal29"],
        ),
    )
    assert [asked.status, reply.status, thanks.status] == [Status.PUBLISHED] * 3


def run_cli(instance: Path, *args: str) -> str:
    """The board's command line in a process of its own, as `make run` runs it."""
    import subprocess
    import sys

    env = {
        **os.environ,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": f"sqlite:///{instance / 'board.db'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "board", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_make_run_twice_says_the_demo_is_already_there_and_prints_its_logins(tmp_path):
    run_cli(tmp_path, "db", "upgrade")
    first = run_cli(tmp_path, "seed-demo")
    assert "Demo school created." in first and "Demo logins" in first
    second = run_cli(tmp_path, "seed-demo")
    assert "The demo school is already here" in second
    assert "not added" not in second
    assert "Demo logins" in second and "kindness-counts" in second


def test_a_board_with_its_own_accounts_gets_no_demo_logins(tmp_path):
    run_cli(tmp_path, "db", "upgrade")
    run_cli(tmp_path, "create-user", "admin", "--role", "admin", "--password", "a-long-passphrase")
    said = run_cli(tmp_path, "seed-demo")
    assert "the demo school was not added" in said
    assert "Demo logins" not in said and "kindness-counts" not in said


def test_static_files_are_served_without_login(client):
    response = client.get("/static/css/board.css")
    assert response.status_code == 200
    response.close()
    assert Path(client.application.static_folder, "favicon.svg").exists()


def test_an_id_no_row_can_have_is_a_404_on_every_route(app, client, auth, people):
    """PostgreSQL's integer ends at 2**31 - 1: a bigger id in a URL used to reach the database
    and fail there (a 500)."""
    auth.login("head")
    checked = 0
    for rule in app.url_map.iter_rules():
        too_big = re.sub(r"<int:\w+>", "2147483648", rule.rule)
        if "GET" not in rule.methods or too_big == rule.rule or "<" in too_big:
            continue
        assert client.get(too_big).status_code == 404, too_big
        largest = re.sub(r"<int:\w+>", "2147483647", rule.rule)
        assert client.get(largest).status_code in (302, 403, 404), largest
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    "url",
    [
        "/admin/audit?page=99999999999999999999",
        "/mod/students?page=99999999999999999999",
        "/mod/students?group=99999999999",
        "/mod/students?group=x",
    ],
)
def test_a_crafted_page_or_id_in_a_query_string_is_not_an_error(client, auth, people, url):
    auth.login("head")
    assert client.get(url).status_code == 200


def test_bulk_approve_skips_ids_no_row_can_have(client, auth, people):
    auth.login("ms.lee")
    response = client.post(
        "/mod/queue/awaiting/bulk",
        data={"action": "approve", "item": ["post-²", "post-99999999999", "reply-", "post--1"]},
    )
    assert response.status_code == 302
