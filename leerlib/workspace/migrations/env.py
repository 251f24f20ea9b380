"""Alembic environment of the workspace: migrations run on a connection leerlib hands over."""

from __future__ import annotations

from alembic import context

from leerlib.workspace._tables import metadata


def run_migrations(config) -> None:
    """Run the migrations on the connection in ``config.attributes["connection"]``."""
    connection = config.attributes.get("connection")
    if connection is None:
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


# Alembic sets up ``context.config`` before it runs this file; anything else that imports it
# (a doctest collector, a documentation tool) finds nothing to run.
if getattr(context, "config", None) is not None:
    run_migrations(context.config)
