"""proposal cap per participant: sessions.max_proposals_per_participant

Revision ID: b7e1c2d3f4a5
Revises: b7e1f0c2a9d4
Create Date: 2026-11-26 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c2d3f4a5'
down_revision = 'b7e1f0c2a9d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessions') as batch_op:
        batch_op.add_column(sa.Column('max_proposals_per_participant', sa.Integer(), server_default='10',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('sessions') as batch_op:
        batch_op.drop_column('max_proposals_per_participant')
