"""hall of fame walks an index in rank order

Revision ID: b3d8e6f1a7c2
Revises: 7c1e5a9d2b34
Create Date: 2026-11-27 01:30:00

Ranking a term's shout-outs read all of them from ix_post_hall and sorted them: 12 ms on SQLite
at 100k posts (8,200 shout-outs), 30 ms on PostgreSQL. This index holds them in the hall of
fame's order, so the twenty best of a period are the first matches of a walk (queries.py,
_hall_twenty). ix_post_hall stays: short periods are still ranked from it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3d8e6f1a7c2'
down_revision = '7c1e5a9d2b34'
branch_labels = None
depends_on = None


def upgrade():
    # A plain CREATE INDEX on both databases: SQLite's post table is not rebuilt (that would
    # drop the search triggers).
    op.create_index(
        'ix_post_hall_rank',
        'post',
        [
            'status',
            'kind',
            sa.text('(support_count + celebrate_count + me_too_count + inspired_count) DESC'),
            sa.text('created_at DESC'),
            sa.text('id DESC'),
            'deleted_at',
            'category',
        ],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_post_hall_rank', table_name='post')
