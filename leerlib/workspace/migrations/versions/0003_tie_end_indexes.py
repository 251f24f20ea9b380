"""Indexes on both ends of a tie, so that replacing or removing a round stays fast

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:36:00
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_tie_round_source', 'tie', ['round_id', 'source'])
    op.create_index('ix_tie_round_target', 'tie', ['round_id', 'target'])


def downgrade() -> None:
    op.drop_index('ix_tie_round_target', table_name='tie')
    op.drop_index('ix_tie_round_source', table_name='tie')
