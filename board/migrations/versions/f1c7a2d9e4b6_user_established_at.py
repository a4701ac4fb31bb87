"""user established_at

Revision ID: f1c7a2d9e4b6
Revises: e6b1d3a8c4f2
Create Date: 2026-12-03 20:40:00

An account can be an established member however few posts it has (moderation.is_new_member):
the demo school's students are, so that trying the board is not a wait for review.
"""
from alembic import op
import sqlalchemy as sa

import board.models


# revision identifiers, used by Alembic.
revision = 'f1c7a2d9e4b6'
down_revision = 'e6b1d3a8c4f2'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('user', sa.Column('established_at', board.models.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('established_at')
