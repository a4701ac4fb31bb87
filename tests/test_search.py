"""Search at the scale of a real board: best matches first among the newest, older matches after,
pages that neither repeat nor skip, the full-text index read (never the text re-parsed), and the
search migration going down and up on both databases.

Words, phrases, prefixes and visibility are tested with the other views in test_feed.py.
"""

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import insert, select, text

from board import create_app, queries, ranking, search
from board.accounts import create_user
from board.extensions import db
from board.models import Post, PostKind, Status, utcnow

from .conftest import app_config, empty_database
from .test_feed_scale import plan_of


def board_of(author, posts: list[tuple[str, str]], hidden: set[int] = frozenset()) -> list[int]:
    """(title, body) posts in bulk, oldest first, an hour apart, as the board grows; the indexes
    in `hidden` are hidden by a moderator. Returns the new posts' ids, oldest first."""
    start = utcnow() - timedelta(hours=len(posts))
    rows = []
    for n, (title, body) in enumerate(posts):
        created = start + timedelta(hours=n)
        rows.append(
            {
                "kind": PostKind.HELP,
                "author_id": author.id,
                "title": title,
                "body": body,
                "body_html": f"<p>{body}</p>",
                "category": "schoolwork",
                "anonymous": False,
                "status": Status.HIDDEN if n in hidden else Status.PUBLISHED,
                "created_at": created,
                "score": ranking.score(created, PostKind.HELP, 0, 0, False, False),
            }
        )
    db.session.execute(insert(Post), rows)
    db.session.commit()
    return list(db.session.scalars(select(Post.id).order_by(Post.id)))[-len(posts) :]


def every_page(viewer, query: str, between=lambda: None) -> list[list[int]]:
    """Follow the results' "More results" links to the end (calling `between` after each)."""
    pages, cursor = [], None
    while True:
        page = queries.search(viewer, query, cursor)
        pages.append([p.id for p in page.posts])
        if page.older is None:
            return pages
        assert page.older["q"] == query
        link = {key: str(value) for key, value in page.older.items()}
        cursor = queries.parse_search_cursor(link.get("page"), link.get("upto"), link.get("before"))
        between()


def test_the_best_match_comes_first_even_when_older(people):
    ids = board_of(
        people.staff,
        [
            ("Fractions", "Fractions, fractions: equivalent fractions and improper fractions."),
            ("Maths homework", "Long division, times tables, and one question on fractions."),
            ("Weekend", "Anyone going to the fractions workshop? Also football, and the fair."),
        ],
    )
    found = [p.id for p in queries.search(people.student, "fractions").posts]
    assert found[0] == ids[0]
    assert sorted(found) == ids


def test_pages_rank_the_newest_matches_then_go_newest_first(monkeypatch, people):
    """With a window of 10: the visible posts among the newest 10 matches, best first, then
    every older match newest first, each exactly once, hidden ones never."""
    monkeypatch.setattr(search, "WINDOW", 10)
    posts = [(f"Note {n}", f"A question about fractions, number {n}.") for n in range(48)]
    posts[5] = ("Fractions", "Fractions, fractions, equivalent fractions, improper fractions.")
    posts[45] = ("Fractions", "Fractions, fractions, equivalent fractions, improper fractions.")
    posts.append(("Chess club", "Anyone want to play at lunch?"))  # newest, matches nothing
    hidden = {3, 40, 47}
    ids = board_of(people.staff, posts, hidden)
    visible_matches = [ids[n] for n in range(48) if n not in hidden]

    pages = every_page(people.student, "fractions")
    assert [len(p) for p in pages] == [20, 20, 5]
    found = [post_id for page in pages for post_id in page]
    assert sorted(found) == sorted(visible_matches)  # each once, hidden ones never
    newest_ten = [ids[n] for n in range(38, 48) if n not in hidden]
    assert found[0] == ids[45]  # the best match in the window leads
    assert set(found[: len(newest_ten)]) == set(newest_ten)
    older = found[len(newest_ten) :]
    assert older == sorted(older, reverse=True)  # past the window: newest first
    assert older.index(ids[5]) == older.index(ids[6]) + 1  # a good old match waits its turn


@pytest.mark.parametrize(
    "window", [10, 30, 60], ids=["keyset-from-page-two", "ranked-page-two", "ranked-page-three"]
)
def test_pages_stay_correct_while_new_posts_arrive(monkeypatch, people, window):
    """Someone reading page one while classmates post (better matches among them): the later
    pages still show every match of the board they started on, once, and nothing newer."""
    monkeypatch.setattr(search, "WINDOW", window)
    notes = [(f"Note {n}", f"About fractions, number {n}.") for n in range(45)]
    ids = board_of(people.staff, notes)
    newer = []

    def classmates_post():
        newer.extend(
            board_of(people.staff, [("Fractions", "Fractions, fractions, more fractions.")] * 3)
        )

    pages = every_page(people.student, "fractions", between=classmates_post)
    found = [post_id for page in pages for post_id in page]
    assert sorted(found) == ids and len(newer) == 6
    assert [len(page) for page in pages] == [20, 20, 5]


def test_the_next_page_link_names_only_a_post_the_searcher_sees(people):
    """The window ends at the board's newest visible post: the newest match's id could be a
    hidden post's (and say it has the word in it), the newest post's a hidden one's."""
    notes = [(f"Fractions {n}", "Equivalent fractions") for n in range(25)]
    posts = [*notes, ("Fractions", "Hidden"), ("Chess club", "Anyone?"), ("Pending", "Held")]
    *shown, hidden_match, chess, hidden_newest = board_of(people.staff, posts, hidden={25, 27})
    page = queries.search(people.student, "fractions")
    assert page.older["upto"] == chess
    later = queries.search(people.student, "fractions", queries.SearchCursor(2, chess))
    assert later.posts and later.older is None


def test_a_second_page_follows_the_first_on_the_search_page(client, auth, people):
    ids = board_of(people.staff, [(f"Fractions {n}", "Equivalent fractions") for n in range(25)])
    auth.login("sam")
    first = client.get("/search?q=fractions").get_data(as_text=True)
    assert "Best matches first among the newest 500 posts that match" in first
    assert "First results" not in first
    link = re.search(r'href="(/search\?q=fractions[^"]*)">More results', first).group(1)
    assert f"upto={ids[-1]}" in link and "page=2" in link
    second = client.get(html.unescape(link)).get_data(as_text=True)
    shown = {n for n in range(25) if f'href="/posts/{ids[n]}"' in first}
    shown_second = {n for n in range(25) if f'href="/posts/{ids[n]}"' in second}
    assert len(shown) == 20 and len(shown_second) == 5 and not shown & shown_second
    assert ">More results<" not in second
    assert '<a class="button" href="/search?q=fractions">First results</a>' in second


def test_a_page_past_the_end_says_so_and_an_edited_link_is_page_one(client, auth, people):
    (post_id,) = board_of(people.staff, [("Fractions", "Equivalent fractions")])
    auth.login("sam")
    for past_the_end in [f"upto={post_id}&page=2", f"upto={post_id}&page=26", "before=1"]:
        response = client.get(f"/search?q=fractions&{past_the_end}")
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "No more results for" in body and "Back to the first results" in body
    for edited in [
        "page=99999999999999999999999",
        f"upto={post_id}&page=99999",
        f"upto={post_id}&page=1",
        f"upto={post_id}&page=-3",
        "upto=99999999999999999999999&page=2",
        "before=-3",
        "before=2147483648",
        "before=x",
        "upto=1e9",
    ]:
        response = client.get(f"/search?q=fractions&{edited}")
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert f'href="/posts/{post_id}"' in body and "First results" not in body, edited


def test_search_reads_the_full_text_index(app, people):
    """SQLite walks the FTS5 index; PostgreSQL reads the stored, GIN-indexed search_vector and
    never parses a post's text while searching."""
    posts = [(f"Post {n}", "Some text about the school day") for n in range(3000)]
    for n in (10, 1500, 2990):
        posts[n] = ("Fractions", "Equivalent fractions")
    board_of(people.staff, posts)
    if db.engine.dialect.name == "postgresql":
        # Rows inserted since the last VACUUM wait in the GIN index's pending list, which the
        # planner rightly counts as a scan; autovacuum moves them into the index on a real board.
        db.session.execute(text("SELECT gin_clean_pending_list('ix_post_search_vector')"))
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    stmt, params = search.best_first(
        select(Post), queries.public_posts(), search.parse("fractions"), None, 0, queries.PAGE_SIZE
    )
    plan = plan_of(stmt.params(params))
    if db.engine.dialect.name == "sqlite":
        assert "SCAN post_fts VIRTUAL TABLE INDEX" in plan, plan
        assert "SEARCH post USING INTEGER PRIMARY KEY" in plan, plan
        assert "SCAN post\n" not in plan + "\n", plan
    else:
        assert "Bitmap Index Scan on ix_post_search_vector" in plan, plan
        assert "Seq Scan on post" not in plan, plan
        assert "to_tsvector" not in plan, plan
    assert len(queries.search(people.student, "fractions").posts) == 3


@pytest.fixture
def fresh_database_url(request, tmp_path):
    """An empty database of the kind the suite runs on, dropped afterwards."""
    yield from empty_database(request, tmp_path)


def search_machinery() -> set[str]:
    inspector = sa.inspect(db.engine)
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name LIKE 'post_fts%' AND type = 'trigger'"
                " OR name = 'post_fts'"
            )
            return {name for (name,) in rows}
    columns = {c["name"] for c in inspector.get_columns("post")}
    indexes = {i["name"] for i in inspector.get_indexes("post")}
    return ({"search_vector"} & columns) | ({"ix_post_search", "ix_post_search_vector"} & indexes)


def test_the_search_migration_goes_down_and_up_again(fresh_database_url):
    app = create_app(app_config(fresh_database_url))
    runner = app.test_cli_runner()
    seen = []
    for args in (["db", "upgrade"], ["db", "downgrade", "5c1f7a2e9b40"], ["db", "upgrade"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, (args, result.output)
        with app.app_context():
            seen.append(search_machinery())
            db.engine.dispose()
    if fresh_database_url.startswith("sqlite"):
        triggers = {"post_fts", "post_fts_insert", "post_fts_delete", "post_fts_update"}
        assert seen == [triggers, triggers, triggers]
    else:
        assert seen == [
            {"search_vector", "ix_post_search_vector"},
            {"ix_post_search"},
            {"search_vector", "ix_post_search_vector"},
        ]
    with app.app_context():
        author = create_user("ana", "correct-horse-battery")
        reader = create_user("sam", "correct-horse-battery")
        board_of(author, [("Fractions", "Equivalent fractions"), ("Chess", "At lunch")])
        assert [p.title for p in queries.search(reader, "fraction*").posts] == ["Fractions"]
        db.session.remove()
        db.engine.dispose()
