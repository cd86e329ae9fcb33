"""strict mode tickets and chosen QR address: join_tickets, workshops.strict, workshops.public_base_url

Revision ID: 9c96cd66439d
Revises: 9c4e2a7d1b30
Create Date: 2026-11-25 09:45:00.347919

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c96cd66439d'
down_revision = '9c4e2a7d1b30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('join_tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('join_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_join_tickets_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('strict', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('public_base_url', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('public_base_url')
        batch_op.drop_column('strict')

    with op.batch_alter_table('join_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_join_tickets_workshop_id'))

    op.drop_table('join_tickets')
