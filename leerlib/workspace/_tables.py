"""The workspace's tables (SQLAlchemy Core), as the newest migration leaves them."""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "metadata",
    "organisation",
    "person",
    "round_",
    "round_column",
    "round_source",
    "staff",
    "tie",
    "response",
    "value",
    "log",
    "alias",
    "personal_link",
    "collect_round",
    "collect_answer",
    "ROUND_TABLES",
]

# Constraint names are fixed so that migrations can find them again on every backend.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Text columns have no length limit (SQLite ignores one; PostgreSQL's text is as fast as varchar).
Str = sa.Text

#: The organisation the workspace belongs to: exactly one row (id 1).
organisation = sa.Table(
    "organisation",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workspace_id", sa.String(32), nullable=False, unique=True),
    sa.Column("name", Str, nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("min_group_size", sa.Integer, nullable=False),
    sa.Column("names_allowed", sa.Boolean, nullable=False),
    sa.Column("key_check", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    # leerlib's own demonstration workspace (rev 0004): the only one with an open personal page
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
)

#: Everyone who ever appeared in a round (staff and contacts outside); a person_id is kept for good.
person = sa.Table(
    "person",
    metadata,
    sa.Column("person_id", Str, primary_key=True),
    sa.Column("first_seen", sa.DateTime, nullable=False),
)

#: A survey round: its name (the wave of its rows), a label to show, its codebook (as TOML
#: text), topic labels and consent flag.
round_ = sa.Table(
    "round",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", Str, nullable=False, unique=True),
    sa.Column("label", Str, nullable=False),  # shown in dashboards, e.g. "Voorjaar 2025" (rev 0002)
    sa.Column("imported_at", sa.DateTime, nullable=False),
    sa.Column("topics", sa.JSON, nullable=False),
    sa.Column("consent_names", sa.Boolean, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("codebook_toml", Str, nullable=True),
    sa.Column("leerlib_version", sa.String(32), nullable=False),
)


def _round_fk() -> sa.ForeignKey:
    return sa.ForeignKey("round.id", ondelete="CASCADE")


#: The columns of each stored table of a round, in order, with their pandas dtype.
round_column = sa.Table(
    "round_column",
    metadata,
    sa.Column("round_id", sa.Integer, _round_fk(), primary_key=True),
    sa.Column("tbl", sa.String(16), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", Str, nullable=False),
    sa.Column("dtype", Str, nullable=False),
)

#: The files a round was read from: name, size and SHA-256 (the files themselves are not kept).
round_source = sa.Table(
    "round_source",
    metadata,
    sa.Column("round_id", sa.Integer, _round_fk(), primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),
    sa.Column("file", Str, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
)

#: The data contract's ``people`` table of a round: the staff list plus contacts outside.
staff = sa.Table(
    "staff",
    metadata,
    sa.Column("round_id", sa.Integer, _round_fk(), primary_key=True),
    sa.Column("person_id", Str, sa.ForeignKey("person.person_id"), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("name", Str),
    sa.Column("internal", sa.Boolean),
    sa.Column("attrs", sa.JSON),
)

#: The data contract's ``ties`` (source turns to target).
tie = sa.Table(
    "tie",
    metadata,
    sa.Column("round_id", sa.Integer, _round_fk(), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("source", Str, nullable=False),
    sa.Column("target", Str, nullable=False),
    sa.Column("topic", Str),
    sa.Column("wave", Str),
    sa.Column("weight", sa.Float),
    sa.Column("raw_name", Str),
    sa.Column("match", Str),
    sa.Column("match_score", sa.Float),
    sa.Column("attrs", sa.JSON),
    # Both ends are in the round's people: add_round checks it (Survey.validate) before writing.
    # Revision 0003 dropped the database's own check (a foreign key to staff): on PostgreSQL its
    # cascade made replacing a round of 33,000 ties take 19 s, then 68 s, growing with each
    # replace; the indexes serve lookups of a round's ties by person.
    sa.Index("ix_tie_round_source", "round_id", "source"),
    sa.Index("ix_tie_round_target", "round_id", "target"),
)

#: The data contract's ``responses``.
response = sa.Table(
    "response",
    metadata,
    sa.Column("round_id", sa.Integer, _round_fk(), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("person_id", Str),
    sa.Column("wave", Str),
    sa.Column("responded", sa.Boolean),
    sa.Column("submitted_at", sa.DateTime),
    sa.Column("attrs", sa.JSON),
)

#: The data contract's ``value`` (value-creation items per cycle).
value = sa.Table(
    "value",
    metadata,
    sa.Column("round_id", sa.Integer, _round_fk(), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("person_id", Str),
    sa.Column("wave", Str),
    sa.Column("cycle", Str),
    sa.Column("item", Str),
    sa.Column("score", sa.Float),
    sa.Column("attrs", sa.JSON),
)

#: The data contract's ``log`` (the cleaning report).
log = sa.Table(
    "log",
    metadata,
    sa.Column("round_id", sa.Integer, _round_fk(), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("wave", Str),
    sa.Column("file", Str),
    sa.Column("row", sa.Integer),
    sa.Column("column", Str),
    sa.Column("raw_value", Str),
    sa.Column("action", Str),
    sa.Column("reason", Str),
    sa.Column("detail", Str),
    sa.Column("attrs", sa.JSON),
)

#: The researcher's cleaning decisions: a name as typed and the person it means.
alias = sa.Table(
    "alias",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alias", Str, nullable=False, unique=True),
    sa.Column("person_id", Str, nullable=False),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("source", Str),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

#: Personal links: one row per link issued; the code itself is derived from the key, not stored.
personal_link = sa.Table(
    "personal_link",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person_id", Str, sa.ForeignKey("person.person_id"), nullable=False),
    sa.Column("serial", sa.Integer, nullable=False),
    sa.Column("issued_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime),
    sa.Column("revoked_at", sa.DateTime),
    sa.UniqueConstraint("person_id", "serial", name="uq_personal_link_person_serial"),
)

#: A round asked inside leerlib (docs/collect.md): its codebook (topics, scales, value items) and
#: the staff list it offers, as they were when it was opened; closed_at is set when it is stored
#: as a round (the snapshot).
collect_round = sa.Table(
    "collect_round",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", Str, nullable=False, unique=True),
    sa.Column("label", Str, nullable=False),
    sa.Column("codebook_toml", Str, nullable=False),
    sa.Column("roster_csv", Str, nullable=False),
    sa.Column("previous", Str),
    sa.Column("opened_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime),
)

#: Answers given in a collection round, never overwritten: a change ends the current row
#: (ended_at) and adds a new one; a drop only ends it. kind: tie (target is a person_id, or
#: external holds the free text of someone outside), nobody (no one for this topic), value
#: (item is the codebook's value item number) or done (the respondent said "klaar").
collect_answer = sa.Table(
    "collect_answer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "round_id",
        sa.Integer,
        sa.ForeignKey("collect_round.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("respondent", Str, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("topic", Str),
    sa.Column("target", Str),
    sa.Column("external", Str),
    sa.Column("item", sa.Integer),
    sa.Column("frequency", Str),
    sa.Column("usefulness", Str),
    sa.Column("score", Str),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("ended_at", sa.DateTime),
    sa.Index("ix_collect_answer_round_id", "round_id", "respondent"),
)

#: Survey table name -> (SQL table, its key column(s) besides round_id).
ROUND_TABLES = {
    "people": staff,
    "ties": tie,
    "responses": response,
    "value": value,
    "log": log,
}
