"""A flag on the organisation: the demonstration workspace leerlib makes for itself

``python -m leerlib.serve`` without ``--workspace`` makes one workspace from the bundled sample
and marks it; only that one may offer the open "pick yourself" personal page. Every workspace
made before this revision, and every one a user makes, is not the demonstration.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("demo")
