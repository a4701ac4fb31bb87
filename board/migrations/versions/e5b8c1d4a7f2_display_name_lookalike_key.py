"""display name lookalike key

Revision ID: e5b8c1d4a7f2
Revises: c3a9e5f7b2d1
Create Date: 2026-12-03 19:40:00

Each account keeps the lookalike key of its display name (display_names.lookalike_key), indexed,
so a new name is checked against everyone's in one lookup. Existing accounts get theirs here.
"""
from alembic import op
import sqlalchemy as sa

from board.display_names import lookalike_key


# revision identifiers, used by Alembic.
revision = 'e5b8c1d4a7f2'
down_revision = 'c3a9e5f7b2d1'
branch_labels = None
depends_on = None


def upgrade():
    # recreate="never": a plain column needs no rebuild, and rebuilding `user` on SQLite
    # (foreign keys on) would take every row that cascades from it along.
    with op.batch_alter_table('user', schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column('display_name_key', sa.String(length=200), server_default='', nullable=False))
    op.create_index(op.f('ix_user_display_name_key'), 'user', ['display_name_key'], unique=False)

    user = sa.table('user', sa.column('id', sa.Integer), sa.column('display_name', sa.String), sa.column('display_name_key', sa.String))
    connection = op.get_bind()
    keys = [
        {'user_id': user_id, 'key': lookalike_key(name)}
        for user_id, name in connection.execute(sa.select(user.c.id, user.c.display_name))
    ]
    if keys:
        connection.execute(
            user.update().where(user.c.id == sa.bindparam('user_id')).values(display_name_key=sa.bindparam('key')),
            keys,
        )


def downgrade():
    op.drop_index(op.f('ix_user_display_name_key'), table_name='user')
    with op.batch_alter_table('user', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('display_name_key')
