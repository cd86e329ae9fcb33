"""facilitation depth: methods, criteria, moderation, reveal, timer, masterplan fields

Revision ID: 583e900c8898
Revises: 17fb5d78d0f9
Create Date: 2026-11-25 09:10:07.135169

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '583e900c8898'
down_revision = '17fb5d78d0f9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_id', 'key')
    )
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criteria_session_id'), ['session_id'], unique=False)

    op.create_table('moderation_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('facilitator_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitators.id'], ),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('moderation_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_log_workshop_id'), ['workshop_id'], unique=False)

    # A score ballot has one entry per criterion, so the criterion joins the primary key and
    # values become floats (a merge averages two scores). Rebuilt as a new table: portable
    # across SQLite and PostgreSQL, and no batch-mode primary key games.
    _rebuild_ballot_entries(with_criterion=True)

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='phone', nullable=False))

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='active', nullable=False))
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('origin_proposal_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('goal', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('target', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('indicator', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('responsible_agency', sa.String(length=160), server_default='', nullable=False))
        batch_op.add_column(sa.Column('horizon', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quick_win', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_foreign_key('fk_proposals_origin', 'proposals', ['origin_proposal_id'], ['id'])
        batch_op.create_foreign_key('fk_proposals_merged_into', 'proposals', ['merged_into_id'], ['id'])

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('points_budget', sa.Integer(), server_default='100', nullable=False))
        batch_op.add_column(sa.Column('rank_size', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('revealed', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('board_hides_results', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('timer_duration', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('timer_ends_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('timer_remaining', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('timer_auto_close', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('timer_auto_close')
        batch_op.drop_column('timer_remaining')
        batch_op.drop_column('timer_ends_at')
        batch_op.drop_column('timer_duration')
        batch_op.drop_column('board_hides_results')
        batch_op.drop_column('revealed')
        batch_op.drop_column('rank_size')
        batch_op.drop_column('points_budget')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint('fk_proposals_merged_into', type_='foreignkey')
        batch_op.drop_constraint('fk_proposals_origin', type_='foreignkey')
        batch_op.drop_column('quick_win')
        batch_op.drop_column('horizon')
        batch_op.drop_column('responsible_agency')
        batch_op.drop_column('indicator')
        batch_op.drop_column('target')
        batch_op.drop_column('goal')
        batch_op.drop_column('origin_proposal_id')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('status')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('kind')

    op.execute("DELETE FROM ballot_entries WHERE criterion <> ''")
    _rebuild_ballot_entries(with_criterion=False)

    with op.batch_alter_table('moderation_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_log_workshop_id'))

    op.drop_table('moderation_log')
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criteria_session_id'))

    op.drop_table('criteria')


def _rebuild_ballot_entries(with_criterion: bool):
    """Recreate ballot_entries with or without the criterion column, keeping its rows."""
    key = ['session_id', 'participant_id', 'proposal_id'] + (['criterion'] if with_criterion else [])
    columns = [
        sa.Column('session_id', sa.Integer(), sa.ForeignKey('sessions.id', ondelete='CASCADE'), nullable=False),
        sa.Column('participant_id', sa.Integer(), sa.ForeignKey('participants.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('proposal_id', sa.Integer(), sa.ForeignKey('proposals.id', ondelete='CASCADE'), nullable=False),
        sa.Column('value', sa.Float() if with_criterion else sa.Integer(), nullable=False),
    ]
    if with_criterion:
        columns.append(sa.Column('criterion', sa.String(length=40), server_default='', nullable=False))
    op.create_table('ballot_entries_new', *columns,
                    sa.PrimaryKeyConstraint(*key, name='pk_ballot_entries' if with_criterion else 'pk_ballot_entries_v1'))
    copied = 'session_id, participant_id, proposal_id, value'
    op.execute(f'INSERT INTO ballot_entries_new ({copied}) SELECT {copied} FROM ballot_entries')
    op.drop_index('ix_ballot_entries_session_proposal', table_name='ballot_entries')
    op.drop_table('ballot_entries')
    op.rename_table('ballot_entries_new', 'ballot_entries')
    op.create_index('ix_ballot_entries_session_proposal', 'ballot_entries', ['session_id', 'proposal_id'])
