"""A label per round for dashboards to show (the round's name until someone sets one)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("round") as batch:
        batch.add_column(sa.Column("label", sa.Text(), nullable=True))
    op.execute("UPDATE round SET label = name")
    with op.batch_alter_table("round") as batch:
        batch.alter_column("label", existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("round") as batch:
        batch.drop_column("label")
