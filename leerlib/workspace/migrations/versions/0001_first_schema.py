"""First schema: organisation, people, rounds, decisions, links

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-03 09:30:46.527420
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alias",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alias")),
        sa.UniqueConstraint("alias", name=op.f("uq_alias_alias")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("min_group_size", sa.Integer(), nullable=False),
        sa.Column("names_allowed", sa.Boolean(), nullable=False),
        sa.Column("key_check", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("workspace_id", name=op.f("uq_organisation_workspace_id")),
    )
    op.create_table(
        "person",
        sa.Column("person_id", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person")),
    )
    op.create_table(
        "round",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("consent_names", sa.Boolean(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("codebook_toml", sa.Text(), nullable=True),
        sa.Column("leerlib_version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round")),
        sa.UniqueConstraint("name", name=op.f("uq_round_name")),
    )
    op.create_table(
        "log",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("wave", sa.Text(), nullable=True),
        sa.Column("file", sa.Text(), nullable=True),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("column", sa.Text(), nullable=True),
        sa.Column("raw_value", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("attrs", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_log_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "seq", name=op.f("pk_log")),
    )
    op.create_table(
        "personal_link",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.Text(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_personal_link_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_link")),
        sa.UniqueConstraint("person_id", "serial", name="uq_personal_link_person_serial"),
    )
    op.create_table(
        "response",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Text(), nullable=True),
        sa.Column("wave", sa.Text(), nullable=True),
        sa.Column("responded", sa.Boolean(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("attrs", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_response_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "seq", name=op.f("pk_response")),
    )
    op.create_table(
        "round_column",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("tbl", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("dtype", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_round_column_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "tbl", "position", name=op.f("pk_round_column")),
    )
    op.create_table(
        "round_source",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_round_source_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "role", name=op.f("pk_round_source")),
    )
    op.create_table(
        "staff",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("internal", sa.Boolean(), nullable=True),
        sa.Column("attrs", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_staff_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_staff_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "person_id", name=op.f("pk_staff")),
    )
    op.create_table(
        "value",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Text(), nullable=True),
        sa.Column("wave", sa.Text(), nullable=True),
        sa.Column("cycle", sa.Text(), nullable=True),
        sa.Column("item", sa.Text(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("attrs", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_value_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "seq", name=op.f("pk_value")),
    )
    op.create_table(
        "tie",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=True),
        sa.Column("wave", sa.Text(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=True),
        sa.Column("raw_name", sa.Text(), nullable=True),
        sa.Column("match", sa.Text(), nullable=True),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("attrs", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id", "source"],
            ["staff.round_id", "staff.person_id"],
            name="fk_tie_source_staff",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "target"],
            ["staff.round_id", "staff.person_id"],
            name="fk_tie_target_staff",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_tie_round_id_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "seq", name=op.f("pk_tie")),
    )


def downgrade() -> None:
    op.drop_table("tie")
    op.drop_table("value")
    op.drop_table("staff")
    op.drop_table("round_source")
    op.drop_table("round_column")
    op.drop_table("response")
    op.drop_table("personal_link")
    op.drop_table("log")
    op.drop_table("round")
    op.drop_table("person")
    op.drop_table("organisation")
    op.drop_table("alias")
