"""Rounds asked inside leerlib: the round's codebook and staff list, and every answer with its time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collect_round",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("codebook_toml", sa.Text(), nullable=False),
        sa.Column("roster_csv", sa.Text(), nullable=False),
        sa.Column("previous", sa.Text(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collect_round")),
        sa.UniqueConstraint("name", name=op.f("uq_collect_round_name")),
    )
    op.create_table(
        "collect_answer",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("respondent", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.Text(), nullable=True),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column("external", sa.Text(), nullable=True),
        sa.Column("item", sa.Integer(), nullable=True),
        sa.Column("frequency", sa.Text(), nullable=True),
        sa.Column("usefulness", sa.Text(), nullable=True),
        sa.Column("score", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["collect_round.id"],
            name=op.f("fk_collect_answer_round_id_collect_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collect_answer")),
    )
    op.create_index(
        "ix_collect_answer_round_id", "collect_answer", ["round_id", "respondent"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_collect_answer_round_id", table_name="collect_answer")
    op.drop_table("collect_answer")
    op.drop_table("collect_round")
