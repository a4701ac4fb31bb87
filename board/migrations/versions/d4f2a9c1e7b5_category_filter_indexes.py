"""category filters walk their own indexes

Revision ID: d4f2a9c1e7b5
Revises: b3d8e6f1a7c2
Create Date: 2026-11-27 07:00:00

A category filter walked ix_post_feed (or ix_post_kind_feed, ix_post_waiting) and dropped the
posts of other categories one by one: a rare or empty category read the whole feed, more each
year. These indexes put the category right after the columns the lists compare for equality.
A category belongs to one kind ("other" to both), so Celebrations read ix_post_category_feed
too; Needs a helper's keeps the kind, or "other" would walk every unanswered shout-out.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4f2a9c1e7b5'
down_revision = 'b3d8e6f1a7c2'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX on both databases: SQLite's post table is not rebuilt (that would drop
    # the search triggers).
    op.create_index(
        'ix_post_category_feed', 'post', ['status', 'category', 'score', 'id'], unique=False
    )
    op.create_index(
        'ix_post_category_waiting',
        'post',
        ['kind', 'category', 'resolved_at', 'first_reply_at', 'created_at', 'id'],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_post_category_waiting', table_name='post')
    op.drop_index('ix_post_category_feed', table_name='post')
