"""Backups: `flask --app board backup PATH` while people keep posting, `restore PATH` into a
fresh database, and the refusals that keep a restore from destroying a board by mistake.

Each test runs on the suite's database (--db) and creates its own fresh ones beside it.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import select, text

from board import audit, create_app, posting
from board.extensions import db
from board.models import AuditEntry, Post, PostKind, User

from .conftest import PASSWORD, app_config, empty_database


@pytest.fixture
def fresh_database(request, tmp_path_factory):
    """Return a function making a new, empty database of the suite's kind; all dropped after."""
    made = []

    def make() -> str:
        database = empty_database(request, tmp_path_factory.mktemp("fresh"))
        made.append(database)
        return next(database)

    yield make
    for database in made:
        next(database, None)


def board_on(url: str):
    return create_app(app_config(url))


def run(app, *args: str):
    """`flask --app board ARGS` against `app`; returns the result (exit code, output). Flask's
    commands run in the app context already pushed, if any: so `app`'s is pushed here."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
        db.engine.dispose()  # let the next step (or a DROP DATABASE) have the database
    return result


def post_ids(app) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Post.id)))


def head_revision() -> str:
    return ScriptDirectory(current_app.extensions["migrate"].directory).get_current_head()


def keep_posting(app, author_id: int, acknowledged: list[int], stop: threading.Event):
    """A member of the board posting as fast as the board lets them, each post followed by an
    audit entry: an id is in `acknowledged` once both are committed."""
    with app.app_context():
        author = db.session.get(User, author_id)
        number = 0
        while not stop.is_set():
            number += 1
            draft = posting.Draft(PostKind.HELP, f"Question {number}", "Any tips?", "schoolwork")
            post = posting.create_post(author, draft)
            audit.record(author, "test_post", f"post #{post.id}")
            db.session.commit()
            acknowledged.append(post.id)


def test_a_backup_taken_while_people_post_restores_every_acknowledged_post(
    app, make_user, tmp_path, fresh_database
):
    author_id = make_user("writer").id
    db.session.commit()
    acknowledged: list[int] = []
    stop = threading.Event()
    writer = threading.Thread(target=keep_posting, args=(app, author_id, acknowledged, stop))
    writer.start()
    try:
        deadline = time.monotonic() + 60
        while len(acknowledged) < 20 and writer.is_alive():
            assert time.monotonic() < deadline, "the writer did not get going"
            time.sleep(0.01)
        before = list(acknowledged)
        backed_up = run(app, "backup", str(tmp_path / "board.backup"))
        during = len(acknowledged) - len(before)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert not writer.is_alive()
    assert backed_up.exit_code == 0, backed_up.output
    print(f"\n{len(before)} posts before the backup, {during} acknowledged while it ran")

    restored = board_on(fresh_database())
    result = run(restored, "restore", str(tmp_path / "board.backup"))
    assert result.exit_code == 0, result.output

    assert set(before) <= post_ids(restored)
    verified = run(restored, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "intact" in verified.output
    with restored.app_context():
        # The restored board goes on: new rows get new ids (PostgreSQL's sequences came along).
        author = db.session.get(User, author_id)
        draft = posting.Draft(PostKind.HELP, "After the restore", "Still here?", "schoolwork")
        assert posting.create_post(author, draft).id > max(before)
        entries = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
        assert entries >= len(before)
        db.engine.dispose()


def test_restore_refuses_a_board_with_data_unless_told_yes(app, make_user, tmp_path):
    author = make_user("sam")
    kept = posting.create_post(author, posting.Draft(PostKind.HELP, "Kept", "Hi", "other"))
    kept_id, author_id = kept.id, author.id
    db.session.commit()
    assert run(app, "backup", str(tmp_path / "board.backup")).exit_code == 0
    later = posting.create_post(author, posting.Draft(PostKind.HELP, "Later", "Hi", "other"))
    later_id = later.id
    db.session.commit()

    refused = run(app, "restore", str(tmp_path / "board.backup"))
    assert refused.exit_code == 1
    assert "already holds the board's data" in refused.output
    assert "--yes" in refused.output
    assert post_ids(app) == {kept_id, later_id}

    db.session.close()
    replaced = run(app, "restore", "--yes", str(tmp_path / "board.backup"))
    assert replaced.exit_code == 0, replaced.output
    assert post_ids(app) == {kept_id}
    db.session.expire_all()
    assert db.session.get(User, author_id).username == "sam"
    client = app.test_client()
    assert client.post("/login", data={"username": "sam", "password": PASSWORD}).status_code == 302


def test_an_older_backup_is_upgraded_and_a_newer_one_refused(app, tmp_path, fresh_database):
    head = head_revision()
    previous = ScriptDirectory(current_app.extensions["migrate"].directory).get_revision(head)
    old = board_on(fresh_database())
    with old.app_context():
        upgrade(revision=previous.down_revision)
    assert run(old, "backup", str(tmp_path / "old.backup")).exit_code == 0

    target = board_on(fresh_database())
    result = run(target, "restore", str(tmp_path / "old.backup"))
    assert result.exit_code == 0, result.output
    assert f"Upgraded it to this release's schema ({head})" in result.output
    with target.app_context():
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head
        db.session.execute(text("UPDATE alembic_version SET version_num = 'f00dfeedbeef'"))
        db.session.commit()
    assert run(target, "backup", str(tmp_path / "newer.backup")).exit_code == 0

    elsewhere = board_on(fresh_database())
    refused = run(elsewhere, "restore", str(tmp_path / "newer.backup"))
    assert refused.exit_code == 1
    assert "newer release of the board (schema f00dfeedbeef)" in refused.output


def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path):
    (tmp_path / "notes.txt").write_text("not a database")
    result = run(app, "restore", str(tmp_path / "notes.txt"))
    assert result.exit_code == 1
    assert "is not a backup of this board's database" in result.output
    assert run(app, "restore", str(tmp_path / "missing")).exit_code == 1


def test_pg_dump_missing_is_named_and_sqlite_needs_no_tool(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump, no sqlite3 command either
    result = run(app, "backup", str(tmp_path / "board.backup"))
    if db.engine.dialect.name == "sqlite":
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert "pg_dump is not installed" in result.output
        assert not (tmp_path / "board.backup").exists()


def test_a_backup_file_is_one_private_self_contained_file(app, tmp_path):
    assert run(app, "backup", str(tmp_path / "board.backup")).exit_code == 0
    if db.engine.dialect.name == "sqlite":  # pg_dump's custom format is one file by design
        backup_db = sqlite3.connect(tmp_path / "board.backup")
        assert backup_db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        backup_db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.backup"]
    assert (tmp_path / "board.backup").stat().st_mode & 0o077 == 0  # the owner's only
