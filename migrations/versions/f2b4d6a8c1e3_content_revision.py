"""content revision: a workshop's count of changes other than ballots (the shared list's cache key)

Revision ID: f2b4d6a8c1e3
Revises: e5a7c9b1d3f0
Create Date: 2026-11-30 07:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b4d6a8c1e3'
down_revision = 'e5a7c9b1d3f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_revision', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('content_revision')
