"""Upgrading a school's board: every migration, one step at a time from the first revision, with
the data a school would have written at the early revisions, on the database the suite runs on
(--db); and every downgrade, on an empty database and where the audit log's chain begins.

The chain is read from Alembic's script directory, so a revision added later is walked too. The
rows go in as the schema of their revision had them (lightweight tables, no models: the models
describe head).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from werkzeug.security import generate_password_hash

from board import MIGRATIONS, audit, create_app
from board.extensions import db
from board.models import AuditEntry, Setting, User, UTCDateTime

from .conftest import PASSWORD, app_config, empty_database

FIRST = "2b294b0adf49"  # accounts, groups, join codes and staff invites
POSTS = "95e629a06c16"  # posts, reactions, replies, notifications and the audit log, unchained
CHAIN = "ef503461d924"  # the audit log's hash chain, over the entries already there

START = datetime(2026, 9, 7, 8, 30, tzinfo=UTC)


@pytest.fixture
def fresh_database_url(request, tmp_path):
    yield from empty_database(request, tmp_path)


@pytest.fixture
def board_app(fresh_database_url):
    app = create_app(app_config(fresh_database_url))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def revisions(app) -> list[str]:
    """Every revision, oldest first."""
    config = app.extensions["migrate"].migrate.get_config()
    scripts = ScriptDirectory.from_config(config)
    chain = [script.revision for script in scripts.walk_revisions()]
    return list(reversed(chain))


def insert(table: str, *rows: dict) -> None:
    """Raw rows into `table` as it is at the current revision; datetimes stored as UTC."""
    columns = [
        sa.column(name, UTCDateTime() if isinstance(value, datetime) else None)
        for name, value in rows[0].items()
    ]
    db.session.execute(sa.insert(sa.table(table, *columns)), list(rows))
    if db.engine.dialect.name == "postgresql" and "id" in rows[0]:
        # The rows name their ids (to link them); the board's next row takes the next one.
        db.session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), max(id)) "
                f'FROM "{table}"'
            )
        )


def at(hours: float) -> datetime:
    return START + timedelta(hours=hours)


def school_accounts() -> None:
    """At the first revision: two groups, an admin, a member of staff, three students."""
    insert(
        "group",
        {"id": 1, "name": "Year 7", "created_at": at(0)},
        {"id": 2, "name": "Year 9", "created_at": at(0)},
    )
    password_hash = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    people = [
        (1, "head", "The Head", "admin", None),
        (2, "ms.lee", "Ms Lee", "staff", None),
        (3, "amara", "Amara", "student", 1),
        (4, "ben", "Ben", "student", 1),
        (5, "chloe", "Chloe", "student", 2),
    ]
    insert(
        "user",
        *(
            {
                "id": user_id,
                "username": username,
                "username_key": username,
                "display_name": name,
                "password_hash": password_hash,
                "role": role,
                "is_safeguarding_lead": username == "ms.lee",
                "group_id": group_id,
                "must_change_password": False,
                "created_at": at(1),
            }
            for user_id, username, name, role, group_id in people
        ),
    )
    insert(
        "join_code",
        {"id": 1, "code": "KIND-7", "group_id": 1, "created_by_id": 2, "created_at": at(1)},
    )
    insert(
        "staff_invite",
        {
            "id": 1,
            "token_hash": "a" * 64,
            "user_id": 2,
            "created_by_id": 1,
            "created_at": at(1),
            "expires_at": at(24 * 7),
        },
    )


def posts_and_audit_log() -> None:
    """At the revision that brought posts: a help request answered and marked helpful, a
    shout-out with reactions, and moderation actions in the audit log (before its chain)."""
    post = {
        "author_id": 3,
        "category": "schoolwork",
        "anonymous": False,
        "status": "published",
        "support_count": 0,
        "celebrate_count": 0,
        "me_too_count": 0,
        "inspired_count": 0,
        "reply_count": 0,
        "first_reply_at": None,
        "resolved_at": None,
    }
    insert(
        "post",
        {
            **post,
            "id": 1,
            "kind": "help",
            "title": "Stuck on equivalent fractions",
            "body": "Can anyone explain equivalent fractions?",
            "body_html": "<p>Can anyone explain equivalent fractions?</p>",
            "created_at": at(2),
            "support_count": 1,
            "reply_count": 1,
            "first_reply_at": at(3),
            "resolved_at": at(4),
        },
        {
            **post,
            "id": 2,
            "kind": "shoutout",
            "author_id": 4,
            "category": "kindness",
            "title": "Chloe helped me find my bag",
            "body": "Thank you for staying after class!",
            "body_html": "<p>Thank you for staying after class!</p>",
            "created_at": at(5),
            "celebrate_count": 2,
        },
    )
    insert(
        "reply",
        {
            "id": 1,
            "post_id": 1,
            "author_id": 4,
            "body": "Multiply top and bottom by the same number.",
            "body_html": "<p>Multiply top and bottom by the same number.</p>",
            "status": "published",
            "created_at": at(3),
            "helped_at": at(4),
        },
    )
    insert("recipient", {"id": 1, "post_id": 2, "user_id": 5, "state": "approved"})
    insert(
        "reaction",
        {"id": 1, "post_id": 1, "user_id": 5, "kind": "support", "created_at": at(3)},
        {"id": 2, "post_id": 2, "user_id": 3, "kind": "celebrate", "created_at": at(6)},
        {"id": 3, "post_id": 2, "user_id": 5, "kind": "celebrate", "created_at": at(6)},
    )
    insert(
        "notification",
        {
            "id": 1,
            "user_id": 3,
            "kind": "reply",
            "post_id": 1,
            "reply_id": 1,
            "actor_id": 4,
            "created_at": at(3),
        },
    )
    insert("restriction", {"id": 1, "user_id": 5, "restricted_id": 4, "created_at": at(7)})
    insert(
        "audit_entry",
        *(
            {
                "id": entry_id,
                "actor_id": actor_id,
                "actor_name": actor_name,
                "action": action,
                "subject": subject,
                "reason": reason,
                "created_at": at(hours),
            }
            for entry_id, actor_id, actor_name, action, subject, reason, hours in [
                (1, 1, "head", "user.create", "user ms.lee", None, 1),
                (2, 2, "ms.lee", "code.create", "join code KIND-7", None, 1.5),
                (3, 2, "ms.lee", "post.hide", "post #2", "Checking with Chloe first", 8),
                (4, 2, "ms.lee", "post.restore", "post #2", "Chloe said yes ✓", 9),
            ]
        ),
    )


DATA_AT = {FIRST: school_accounts, POSTS: posts_and_audit_log}


def upgrade_with_data(app) -> None:
    for revision in revisions(app):
        upgrade(revision=revision)
        if fill := DATA_AT.get(revision):
            fill()
            db.session.commit()


def verify_audit_log(app) -> str:
    """`flask --app board audit verify`, as an admin would run it."""
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_board_with_data_upgrades_step_by_step_to_head(board_app):
    upgrade_with_data(board_app)

    assert verify_audit_log(board_app) == "Audit log intact: 4 entries.\n"
    # The chain goes on from where the migration left it.
    audit.record(db.session.get(User, 1), "setting.change", "moderation_mode")
    db.session.commit()
    assert verify_audit_log(board_app) == "Audit log intact: 5 entries.\n"

    client = board_app.test_client()
    client.post("/login", data={"username": "amara", "password": PASSWORD})
    feed = client.get("/").get_data(as_text=True)
    assert "Stuck on equivalent fractions" in feed
    assert "Chloe helped me find my bag" in feed
    results = client.get("/search?q=fractions").get_data(as_text=True)
    assert "Stuck on equivalent fractions" in results
    assert "Chloe helped me find my bag" not in results
    scores = db.session.scalars(sa.text("SELECT score FROM post ORDER BY id")).all()
    assert all(score > 0 for score in scores)
    counts = {
        table: db.session.scalar(sa.text(f'SELECT count(*) FROM "{table}"'))
        for table in ["user", "group", "join_code", "post", "reply", "reaction", "recipient"]
    }
    assert counts == {
        "user": 5,
        "group": 2,
        "join_code": 1,
        "post": 2,
        "reply": 1,
        "reaction": 3,
        "recipient": 1,
    }


def test_the_audit_chain_goes_down_and_up_again_with_entries(board_app):
    upgrade_with_data(board_app)
    chain = revisions(board_app)
    before_chain = chain[chain.index(CHAIN) - 1]

    downgrade(revision=before_chain)
    assert db.session.scalar(sa.text("SELECT count(*) FROM audit_entry")) == 4
    assert db.session.scalar(sa.text("SELECT count(*) FROM setting")) == 0
    db.session.commit()

    upgrade()
    assert verify_audit_log(board_app) == "Audit log intact: 4 entries.\n"
    head = db.session.get(Setting, audit.HEAD)
    assert head.updated_at == db.session.get(AuditEntry, 4).created_at


def test_every_downgrade_works_and_upgrades_again(board_app):
    chain = revisions(board_app)
    assert chain[0] == FIRST
    upgrade()
    for revision in reversed(chain[1:]):
        downgrade(revision=chain[chain.index(revision) - 1])
    downgrade(revision="base")
    assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
    upgrade()
    assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == chain[-1]


FAILING_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0badc0ffee00"
down_revision = "{head}"


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("post", sa.Column("half_done", sa.Integer))
    raise ValueError("this upgrade fails halfway")
"""


def test_a_failed_upgrade_leaves_the_database_as_it_was(board_app, tmp_path):
    """On SQLite too: a half-migrated file could be upgraded neither by this release nor by the
    next (CREATE TABLE of a table already there)."""
    chain = revisions(board_app)
    upgrade()
    broken = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, broken)
    (broken / "versions" / "0badc0ffee00_fails.py").write_text(
        FAILING_REVISION.format(head=chain[-1])
    )
    with pytest.raises(ValueError, match="fails halfway"):
        upgrade(directory=str(broken))
    db.session.remove()
    assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == chain[-1]
    inspector = sa.inspect(db.engine)
    assert "half_done" not in inspector.get_table_names()
    assert "half_done" not in {column["name"] for column in inspector.get_columns("post")}
