"""pastoral review tier, pastoral duty, screening examples

Revision ID: 8cccb0e73547
Revises: d4f2a9c1e7b5
Create Date: 2026-12-03 13:10:32.889117

Crisis alerts come in two tiers: urgent (paged) and concern (the pastoral review queue).
Alerts remember who raised them and how they were dealt with; staff can be given pastoral
duty; staff decisions about screened items are kept as labelled examples.
"""
from alembic import op
import sqlalchemy as sa

import board.models


# revision identifiers, used by Alembic.
revision = '8cccb0e73547'
down_revision = 'd4f2a9c1e7b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('screening_example',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=10), nullable=False),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('reply_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', board.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_screening_example_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_screening_example_post_id_post'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reply_id'], ['reply.id'], name=op.f('fk_screening_example_reply_id_reply'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_example')),
    sa.UniqueConstraint('post_id', name=op.f('uq_screening_example_post_id')),
    sa.UniqueConstraint('reply_id', name=op.f('uq_screening_example_reply_id'))
    )
    # recreate="never": plain columns need no rebuild, and rebuilding `user` on SQLite (foreign
    # keys on) would take every row that cascades from it along.
    with op.batch_alter_table('safeguarding_alert', schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column('raised_by', sa.String(length=12), server_default='screener', nullable=False))
        batch_op.add_column(sa.Column('outcome', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(length=500), nullable=True))

    with op.batch_alter_table('user', schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column('has_pastoral_duty', sa.Boolean(), server_default=sa.false(), nullable=False))

    # Alerts from before this revision: who raised them is in their reasons (moderation.py
    # wrote these rules); the rest came from the screener, the column's default.
    op.execute(
        "UPDATE safeguarding_alert SET raised_by = 'report' "
        "WHERE reasons LIKE '%\"rule\": \"Reported: someone may be at risk\"%'"
    )
    op.execute(
        "UPDATE safeguarding_alert SET raised_by = 'staff' "
        "WHERE reasons LIKE '%\"rule\": \"Escalated by %'"
    )


def downgrade():
    with op.batch_alter_table('user', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('has_pastoral_duty')

    with op.batch_alter_table('safeguarding_alert', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('outcome')
        batch_op.drop_column('raised_by')

    op.drop_table('screening_example')
