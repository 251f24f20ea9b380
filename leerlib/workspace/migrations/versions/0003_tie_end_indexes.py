"""Ties: indexes on both ends instead of foreign keys to the round's staff list

The foreign keys' cascade, run once per deleted staff row, made replacing a round slow and
slower (PostgreSQL: 19 s, then 68 s for 33,000 ties); add_round checks that both ends are in the
round's people before it writes (Survey.validate).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:36:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tie") as batch:
        batch.drop_constraint("fk_tie_source_staff", type_="foreignkey")
        batch.drop_constraint("fk_tie_target_staff", type_="foreignkey")
    op.create_index("ix_tie_round_source", "tie", ["round_id", "source"])
    op.create_index("ix_tie_round_target", "tie", ["round_id", "target"])


def downgrade() -> None:
    op.drop_index("ix_tie_round_target", table_name="tie")
    op.drop_index("ix_tie_round_source", table_name="tie")
    with op.batch_alter_table("tie") as batch:
        batch.create_foreign_key(
            "fk_tie_source_staff",
            "staff",
            ["round_id", "source"],
            ["round_id", "person_id"],
            ondelete="CASCADE",
        )
        batch.create_foreign_key(
            "fk_tie_target_staff",
            "staff",
            ["round_id", "target"],
            ["round_id", "person_id"],
            ondelete="CASCADE",
        )
