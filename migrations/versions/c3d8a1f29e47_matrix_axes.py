"""matrix axes: the Quick Win matrix's axes a facilitator chose for a score session

Revision ID: c3d8a1f29e47
Revises: b7e1c2d3f4a5
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d8a1f29e47'
down_revision = 'b7e1c2d3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matrix_axes', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('matrix_axes')
