"""facilitator logins: one row per browser log-in, so that logging out ends the session and the
remember cookie on the server

Revision ID: b7e1f0a3c5d2
Revises: 9c96cd66439d
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1f0a3c5d2'
down_revision = '9c96cd66439d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('facilitator_logins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitators.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('secret_hash')
    )
    with op.batch_alter_table('facilitator_logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitator_logins_facilitator_id'), ['facilitator_id'], unique=False)


def downgrade():
    with op.batch_alter_table('facilitator_logins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitator_logins_facilitator_id'))

    op.drop_table('facilitator_logins')
