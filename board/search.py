"""Full-text search over posts: SQLite FTS5 on a laptop, PostgreSQL full-text in production.

People type words, "a phrase" and prefixes (frac*). `parse` turns that into terms made only of
word characters, so nothing typed can reach the query syntax of either database; each backend
then builds its own query from the terms. Results go through queries.public_posts like every
other list, so search only ever finds what the searcher may see.

The FTS5 table and its triggers, and on PostgreSQL the stored `search_vector` column (generated
by the database from title and body) and its GIN index, are created by the migrations; they are
not models, so `is_search_object` tells Alembic to leave them alone.
A SQLite batch migration that rebuilds the `post` table drops its triggers: use
`batch_alter_table("post", recreate="never")` (SQLite 3.35+ alters columns in place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import column, func, literal_column, table

from .extensions import db
from .models import Post

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


PG_VECTOR = "search_vector"  # stored generated column, GIN-indexed (migration 7c1e5a9d2b34)


def matching(stmt, terms: list[Term]):
    """Restrict a select(Post) to matches, best first."""
    if db.engine.dialect.name == "postgresql":
        query = func.to_tsquery(literal_column(f"'{PG_CONFIG}'"), tsquery(terms))
        vector = literal_column(f"{Post.__tablename__}.{PG_VECTOR}")
        return stmt.where(vector.op("@@")(query)).order_by(
            func.ts_rank(vector, query).desc(), Post.id.desc()
        )
    fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
    return (
        stmt.join(fts, fts.c.rowid == Post.id)
        .where(fts.c[FTS_TABLE].op("MATCH")(fts5_query(terms)))
        .order_by(func.bm25(literal_column(FTS_TABLE)), Post.id.desc())
    )


def is_search_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic's include_object: False for the search machinery that isn't a model."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == PG_VECTOR and obj.table.name == Post.__tablename__:
        return False
    return not (type_ == "index" and name == "ix_post_search_vector")
