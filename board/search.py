"""Full-text search over posts: SQLite FTS5 on a laptop, PostgreSQL full-text in production.

People type words, "a phrase" and prefixes (frac*). `parse` turns that into terms made only of
word characters, so nothing typed can reach the query syntax of either database; each backend
then builds its own query from the terms. Results go through queries.public_posts like every
other list, so search only ever finds what the searcher may see.

Best matches first, within reason: relevance (bm25 / ts_rank) is worked out for the newest
WINDOW matching posts only, and older matches follow newest first (`best_first`). The search page
says so. Ranking every match made a common word cost as much as a scan of the board.

The FTS5 table and its triggers, and on PostgreSQL the stored `search_vector` column (generated
by the database from title and body) and its GIN index, are created by the migrations; they are
not models, so `is_search_object` tells Alembic to leave them alone.
A SQLite batch migration that rebuilds the `post` table drops its triggers: use
`batch_alter_table("post", recreate="never")` (SQLite 3.35+ alters columns in place).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sqlalchemy import (
    Float,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    null,
    select,
    table,
    union_all,
)

from .extensions import db
from .models import MAX_ID, Post

MAX_QUERY = 200  # characters; the search fields say so with maxlength
MAX_TERMS = 10
FTS_TABLE = "post_fts"
PG_CONFIG = "english"
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False  # the last word may continue

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


def parse(query: str) -> list[Term]:
    terms: list[Term] = []
    for quoted, bare in _TOKEN.findall(query):
        if quoted:
            words = tuple(w.lower() for w in _WORD.findall(quoted))
            if words:
                terms.append(Term(words))
            continue
        words = [w.lower() for w in _WORD.findall(bare)]
        for index, word in enumerate(words):
            last = index == len(words) - 1
            terms.append(Term((word,), prefix=last and bare.endswith("*")))
    return terms[:MAX_TERMS]


def fts5_query(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        text = '"' + " ".join(term.words) + '"'
        parts.append(text + "*" if term.prefix else text)
    return " ".join(parts)


def tsquery(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        words = list(term.words)
        if term.prefix:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")" if term.phrase else words[0])
    return " & ".join(parts)


# Relevance is worked out for the newest WINDOW matches only; older matches follow, newest
# first. Ranking every match cost 35-155 ms on SQLite and 22-120 ms on PostgreSQL at 100k posts
# (bm25 / ts_rank for each matching post, and a common word is in a quarter of them); the newest
# 500 cost about 5 ms whatever the word, and are 25 pages of results ranked by relevance.
WINDOW = 500
PG_VECTOR = "search_vector"  # stored generated column, GIN-indexed (migration 7c1e5a9d2b34)


def _index(dialect: str):
    """The full-text index of this database: (matched post id, match condition, rank), where a
    lower rank is a better match. The query is bindparam search_query (`query_text`)."""
    if dialect == "postgresql":
        # The query text is written into the SQL (it is only word characters and operators):
        # as a parameter, a prepared statement's generic plan guessed one selectivity for every
        # word and could take 150 ms for a common one. Written in, each query is planned for
        # how many posts its words match.
        written = bindparam("search_query", type_=String, literal_execute=True)
        query = func.to_tsquery(literal_column(f"'{PG_CONFIG}'"), written)
        vector = literal_column(f"{Post.__tablename__}.{PG_VECTOR}")
        return Post.id, vector.op("@@")(query), -func.ts_rank(vector, query)
    fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
    match = fts.c[FTS_TABLE].op("MATCH")(bindparam("search_query", type_=String))
    return fts.c.rowid, match, func.bm25(literal_column(FTS_TABLE))


def query_text(terms: list[Term]) -> str:
    return tsquery(terms) if db.engine.dialect.name == "postgresql" else fts5_query(terms)


def _joined(stmt, post_id):
    """Join the FTS table when the index lives outside `post` (SQLite)."""
    return stmt if post_id is Post.id else stmt.join(post_id.table, post_id == Post.id)


def matching(stmt, terms: list[Term]):
    """Restrict a select over Post to the posts that match, in no particular order (the bench
    counts matches with it)."""
    post_id, matches, _ = _index(db.engine.dialect.name)
    return _joined(stmt, post_id).where(matches).params(search_query=query_text(terms))


def best_first(
    stmt, visible, terms: list[Term], upto: int | None, offset: int, limit: int
) -> tuple[Select, dict]:
    """One page of a select over Post: the posts that match and satisfy `visible`, best first;
    the statement and its parameters. Each row ends with two columns: `part` (0: ranked in the
    window, 1: older) and `newest_visible`, the id of the board's newest visible post.

    The newest WINDOW matches with ids up to `upto` (visible or not, found by walking the
    index newest first) come first, most relevant first; older matches follow, newest first.
    Only the window is ranked, so page one costs the same whether a word is in 50 posts or in
    30,000. Later pages pass page one's `newest_visible` on as `upto`, so posts written since
    don't move the window, and the link names a post the searcher sees (the newest match's id
    could be a hidden post's, and say it has the word in it). Past the window, pages follow
    older_than(), a keyset. Cards are loaded for the page's posts only.

    Page one's window can hold matches newer than its newest visible post (all of them hidden,
    pending or held back); page two's can't, and reaches as many older ones further: those
    few can be shown twice.
    """
    params = {
        "search_query": query_text(terms),
        "search_upto": MAX_ID if upto is None else upto,  # page one: every match
        "search_offset": offset,
        "search_limit": limit,
        "search_wanted": offset + limit,
        "search_window": WINDOW,
    }
    return _best_first(db.engine.dialect.name, stmt, visible), params


def older_than(stmt, visible, terms: list[Term], before: int, limit: int) -> tuple[Select, dict]:
    """Matches past the window, newest first, from the post with id `before` on: a keyset, so
    an older page costs the same however deep it is."""
    params = {"search_query": query_text(terms), "search_before": before, "search_limit": limit}
    return _older_than(db.engine.dialect.name, stmt, visible), params


@functools.lru_cache(maxsize=8)
def _best_first(dialect: str, stmt, visible) -> Select:
    """Built once per database and list (queries passes the same `stmt` and `visible` every
    time), with the values as bind parameters: building it took longer than running it."""
    post_id, matches, rank = _index(dialect)
    newest = (
        select(post_id.label("id"), rank.label("rank"))
        .where(matches, post_id <= bindparam("search_upto", type_=Integer))
        .order_by(post_id.desc())
        .limit(bindparam("search_window", type_=Integer))
        .cte("newest")
    )
    limit = bindparam("search_limit", type_=Integer)
    ranked = (
        select(Post.id, literal_column("0").label("part"), newest.c.rank)
        .join(newest, newest.c.id == Post.id)
        .where(visible)
        .order_by(newest.c.rank, Post.id.desc())
        .limit(bindparam("search_wanted", type_=Integer))
    )
    oldest_ranked = select(func.min(newest.c.id)).scalar_subquery()
    # A page=N link is only made while the ranked part reaches the page's offset: the older
    # part never needs more than a page.
    older = (
        _joined(
            select(Post.id, literal_column("1").label("part"), cast(null(), Float).label("rank")),
            post_id,
        )
        .where(matches, post_id < oldest_ranked, visible)
        .order_by(post_id.desc())
        .limit(limit)
    )
    both = union_all(select(ranked.subquery()), select(older.subquery())).subquery("found")
    page = (
        select(both)
        .order_by(both.c.part, both.c.rank, both.c.id.desc())
        .offset(bindparam("search_offset", type_=Integer))
        .limit(limit)
        .subquery("page")
    )
    # Where later pages' windows end: a constant in the window's condition, as a subquery
    # there PostgreSQL guessed a third of the board and read the whole primary key for it.
    newest_visible = (
        select(Post.id).where(visible).order_by(Post.id.desc()).limit(1).correlate(None)
    ).scalar_subquery()
    return (
        stmt.add_columns(page.c.part, newest_visible.label("newest_visible"))
        .join(page, page.c.id == Post.id)
        .order_by(page.c.part, page.c.rank, Post.id.desc())
    )


@functools.lru_cache(maxsize=8)
def _older_than(dialect: str, stmt, visible) -> Select:
    post_id, matches, _ = _index(dialect)
    return (
        _joined(stmt, post_id)
        .where(matches, post_id < bindparam("search_before", type_=Integer), visible)
        .order_by(post_id.desc())
        .limit(bindparam("search_limit", type_=Integer))
    )


def is_search_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic's include_object: False for the search machinery that isn't a model."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == PG_VECTOR and obj.table.name == Post.__tablename__:
        return False
    return not (type_ == "index" and name == "ix_post_search_vector")
