"""school screening models

Revision ID: b7e2c4d9a1f3
Revises: 8cccb0e73547
Create Date: 2026-12-03 14:25:00

A school's own retrained copies of the screening model, one of them active.
"""
from alembic import op
import sqlalchemy as sa

import board.models


# revision identifiers, used by Alembic.
revision = 'b7e2c4d9a1f3'
down_revision = '8cccb0e73547'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('screening_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('weights', sa.Text(), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.Column('labels', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', board.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_model')),
    sa.UniqueConstraint('version', name=op.f('uq_screening_model_version'))
    )
    with op.batch_alter_table('screening_model', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_model_active'), ['active'], unique=False)


def downgrade():
    with op.batch_alter_table('screening_model', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_model_active'))
    op.drop_table('screening_model')
