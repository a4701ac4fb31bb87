"""The feed at scale: its query walks an index on both databases, and a page costs the same
number of statements at 1,000 and at 10,000 posts."""

import random
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, select, text

from board import queries, ranking
from board.extensions import db
from board.models import Post, PostKind, Status, User, utcnow
from board.posting import CATEGORIES

from .conftest import PASSWORD


def bulk_posts(authors: list[User], count: int, start: int = 0) -> None:
    """Insert posts in bulk (a realistic mix of kinds and statuses), scored by ranking.py."""
    rng = random.Random(start)
    now = utcnow()
    rows = []
    for n in range(start, start + count):
        kind = PostKind.SHOUTOUT if n % 2 else PostKind.HELP
        created = now - timedelta(minutes=rng.randrange(60 * 24 * 365))
        reactions = rng.randrange(6)
        rows.append(
            {
                "kind": kind,
                "author_id": authors[n % len(authors)].id,
                "title": f"Post {n}",
                "body": "Some text",
                "body_html": "<p>Some text</p>",
                "category": rng.choice(sorted(CATEGORIES[kind])),
                "anonymous": False,
                "status": Status.PUBLISHED if n % 10 else Status.HIDDEN,
                "created_at": created,
                "support_count": reactions,
                "score": ranking.score(created, kind, reactions, 0, False, False),
            }
        )
    db.session.execute(insert(Post), rows)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE post"))
    else:
        db.session.execute(text("ANALYZE"))
    db.session.commit()


@pytest.fixture
def authors(make_user):
    return [make_user(f"writer{n}") for n in range(12)]


def plan_of(stmt) -> str:
    compiled = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    rows = db.session.execute(text(prefix + str(compiled))).all()
    return "\n".join(" ".join(str(cell) for cell in row) for row in rows)


@pytest.mark.parametrize(
    "cursor, kind, category, index",
    [
        (None, None, None, "ix_post_feed"),
        (queries.Cursor(1e9, 10**9), None, None, "ix_post_feed"),
        (None, PostKind.SHOUTOUT, None, "ix_post_kind_feed"),
        (None, None, "other", "ix_post_category_feed"),
        (None, PostKind.SHOUTOUT, "other", "ix_post_category_feed"),
    ],
    ids=["page-one", "older-page", "celebrations", "category", "celebrations-category"],
)
def test_the_feed_query_walks_its_index(app, authors, cursor, kind, category, index):
    bulk_posts(authors, 3000)
    stmt, params = queries.feed_select(cursor, kind, category, limit=40)
    plan = plan_of(stmt.params(viewer_id=1, **params))
    if db.engine.dialect.name == "sqlite":
        assert f"USING INDEX {index}" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort of every matching row
    else:
        assert f"Index Scan Backward using {index}" in plan, plan
        assert "Sort" not in plan, plan


def count_statements(client, url) -> int:
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
        assert response.status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_a_feed_page_costs_the_same_at_1k_and_10k_posts(client, auth, people, authors):
    bulk_posts(authors, 1000)
    auth.login("sam", PASSWORD)
    at_1k = count_statements(client, "/")
    page = client.get("/").get_data(as_text=True)
    older = page.split('href="/?')[1].split('"')[0].replace("&amp;", "&")
    older_at_1k = count_statements(client, f"/?{older}")
    bulk_posts(authors, 9000, start=1000)
    assert db.session.scalar(select(db.func.count()).select_from(Post)) == 10000
    at_10k = count_statements(client, "/")
    older_at_10k = count_statements(client, f"/?{older}")
    assert at_1k == at_10k <= 6
    assert older_at_1k == older_at_10k <= 6
