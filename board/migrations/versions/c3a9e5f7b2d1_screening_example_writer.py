"""screening example writer

Revision ID: c3a9e5f7b2d1
Revises: b7e2c4d9a1f3
Create Date: 2026-12-03 15:10:00

Each labelled example names who wrote its text, so a deleted student's examples go with their
account even when the post or reply they came from is already gone. Existing examples get it
from their post or reply.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a9e5f7b2d1'
down_revision = 'b7e2c4d9a1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('screening_example', sa.Column('writer_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_screening_example_writer_id'), 'screening_example', ['writer_id'], unique=False)
    op.execute(
        "UPDATE screening_example SET writer_id = COALESCE("
        "(SELECT author_id FROM post WHERE post.id = screening_example.post_id), "
        "(SELECT author_id FROM reply WHERE reply.id = screening_example.reply_id))"
    )


def downgrade():
    op.drop_index(op.f('ix_screening_example_writer_id'), table_name='screening_example')
    with op.batch_alter_table('screening_example', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('writer_id')
