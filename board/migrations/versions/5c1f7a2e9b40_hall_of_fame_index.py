"""hall-of-fame index, and recipients by post and state

Revision ID: 5c1f7a2e9b40
Revises: ef503461d924
Create Date: 2026-11-26 23:10:00

The hall of fame read every published shout-out through ix_post_kind_feed (status, kind) to
keep those of the period and sort them by reactions: 54-76 ms at 100k posts. This index holds
the period's rows with their counts, so the ranking never reads a post's text.
(post_id, state) on recipient answers public_posts' "held back by a recipient?" from the index.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1f7a2e9b40'
down_revision = 'ef503461d924'
branch_labels = None
depends_on = None


def upgrade():
    # recreate="never": rebuilding the post table on SQLite would drop the search triggers.
    with op.batch_alter_table('post', schema=None, recreate='never') as batch_op:
        batch_op.create_index(
            'ix_post_hall',
            ['status', 'kind', 'created_at', 'deleted_at', 'category',
             'support_count', 'celebrate_count', 'me_too_count', 'inspired_count'],
            unique=False,
        )
    with op.batch_alter_table('recipient', schema=None, recreate='never') as batch_op:
        batch_op.create_index('ix_recipient_post_state', ['post_id', 'state'], unique=False)


def downgrade():
    with op.batch_alter_table('recipient', schema=None, recreate='never') as batch_op:
        batch_op.drop_index('ix_recipient_post_state')
    with op.batch_alter_table('post', schema=None, recreate='never') as batch_op:
        batch_op.drop_index('ix_post_hall')
