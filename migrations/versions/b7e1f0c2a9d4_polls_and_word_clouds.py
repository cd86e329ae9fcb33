"""polls and word clouds: sessions.max_choices, sessions.max_words, proposals.option_key

Revision ID: b7e1f0c2a9d4
Revises: d3a1f6c2b8e4
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1f0c2a9d4'
down_revision = 'd3a1f6c2b8e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_choices', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('max_words', sa.Integer(), server_default='3', nullable=False))
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('option_key', sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint('uq_proposals_session_id_option_key', ['session_id', 'option_key'])


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint('uq_proposals_session_id_option_key', type_='unique')
        batch_op.drop_column('option_key')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('max_words')
        batch_op.drop_column('max_choices')
