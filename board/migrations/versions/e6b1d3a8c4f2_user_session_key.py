"""user session key

Revision ID: e6b1d3a8c4f2
Revises: e5b8c1d4a7f2
Create Date: 2026-12-03 19:35:00

Each account has a session key that every session cookie carries beside the id; a new key ends
every session of the account (log out, password change or reset, suspension). Sessions opened
before this revision carry no key and end once, at the upgrade; each account gets a random key.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6b1d3a8c4f2'
down_revision = 'e5b8c1d4a7f2'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'user', sa.Column('session_key', sa.String(length=32), server_default='', nullable=False)
    )
    # An empty key is no key (security.load_user): every existing account gets a random one.
    if op.get_bind().dialect.name == 'postgresql':
        random_key = "md5(random()::text || clock_timestamp()::text || id::text)"
    else:
        random_key = "lower(hex(randomblob(16)))"
    op.execute(f'UPDATE "user" SET session_key = {random_key}')


def downgrade():
    with op.batch_alter_table('user', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('session_key')
