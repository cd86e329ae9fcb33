"""parallel tables and co-facilitators: workshop_tables, workshop_facilitators, workshops.mode,
sessions.table_id, participants.table_id, proposals.origin_table_id

Revision ID: a0302e7a883c
Revises: b7e1f0a3c5d2
Create Date: 2026-11-30 01:39:46.039927

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a0302e7a883c'
down_revision = 'b7e1f0a3c5d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('workshop_tables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('current_session_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['current_session_id'], ['sessions.id'], name='fk_table_current_session', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('workshop_tables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_tables_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('workshop_facilitators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitators.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['workshop_tables.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workshop_id', 'facilitator_id')
    )
    with op.batch_alter_table('workshop_facilitators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_facilitators_facilitator_id'), ['facilitator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshop_facilitators_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('table_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_participants_table_id'), ['table_id'], unique=False)
        batch_op.create_foreign_key('fk_participants_table_id', 'workshop_tables', ['table_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin_table_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_proposals_origin_table_id', 'workshop_tables', ['origin_table_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('table_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_sessions_table_id'), ['table_id'], unique=False)
        batch_op.create_foreign_key('fk_sessions_table_id', 'workshop_tables', ['table_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=10), server_default='plenary', nullable=False))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('mode')

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_sessions_table_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_sessions_table_id'))
        batch_op.drop_column('table_id')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint('fk_proposals_origin_table_id', type_='foreignkey')
        batch_op.drop_column('origin_table_id')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint('fk_participants_table_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_participants_table_id'))
        batch_op.drop_column('table_id')

    with op.batch_alter_table('workshop_facilitators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_facilitators_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_workshop_facilitators_facilitator_id'))

    op.drop_table('workshop_facilitators')
    with op.batch_alter_table('workshop_tables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_tables_workshop_id'))

    op.drop_table('workshop_tables')
