"""Alembic environment of the workspace: migrations run on a connection leerlib hands over."""

from __future__ import annotations

from alembic import context

from leerlib.workspace._tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when a maintainer runs alembic by hand
    raise RuntimeError(
        "run the workspace migrations through leerlib (Workspace.upgrade or "
        "`leerlib workspace upgrade PATH`), which passes the database connection"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite changes columns by copying the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
