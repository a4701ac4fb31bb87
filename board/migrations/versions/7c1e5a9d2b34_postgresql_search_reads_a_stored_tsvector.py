"""PostgreSQL search reads a stored tsvector

Revision ID: 7c1e5a9d2b34
Revises: 5c1f7a2e9b40
Create Date: 2026-11-23 22:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7c1e5a9d2b34'
down_revision = '5c1f7a2e9b40'
branch_labels = None
depends_on = None


# PostgreSQL only (board/search.py): ts_rank over the indexed expression re-parsed the title and
# body of every matching post (0.1-1.2 s at 100k posts). The database keeps the parsed document
# in a generated column; the GIN index moves to it, and the expression index goes, as nothing
# reads it any more. Adding a stored column rewrites `post` once. SQLite's FTS5 table already
# stores what bm25 needs: nothing changes there.
SEARCH_VECTOR = [
    "ALTER TABLE post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', title || ' ' || body)) STORED",
    "CREATE INDEX ix_post_search_vector ON post USING gin (search_vector)",
    "DROP INDEX ix_post_search",
]
SEARCH_EXPRESSION = [
    "CREATE INDEX ix_post_search ON post USING gin "
    "(to_tsvector('english', title || ' ' || body))",
    "DROP INDEX ix_post_search_vector",
    "ALTER TABLE post DROP COLUMN search_vector",
]


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for statement in SEARCH_VECTOR:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for statement in SEARCH_EXPRESSION:
            op.execute(statement)
