"""invitations: the organizer's invitation list, badges' tickets and check-in

Revision ID: e5a7c9b1d3f0
Revises: c3d8a1f29e47
Create Date: 2026-11-30 04:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a7c9b1d3f0'
down_revision = 'c3d8a1f29e47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('match_key', sa.String(length=300), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('organization', sa.String(length=160), nullable=False),
        sa.Column('job_title', sa.String(length=160), server_default='', nullable=False),
        sa.Column('phone', sa.String(length=40), server_default='', nullable=False),
        sa.Column('table_id', sa.Integer(), nullable=True),
        sa.Column('ticket_issue', sa.Integer(), server_default='1', nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=True),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('checked_in_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['group_id'], ['stakeholder_groups.id']),
        sa.ForeignKeyConstraint(['table_id'], ['workshop_tables.id'], name='fk_invitations_table_id',
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['ticket_id'], ['join_tickets.id'], name='fk_invitations_ticket_id',
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name='fk_invitations_participant_id',
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('workshop_id', 'match_key'),
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_workshop_id'), ['workshop_id'], unique=False)


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_workshop_id'))
    op.drop_table('invitations')
