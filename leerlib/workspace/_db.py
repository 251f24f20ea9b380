"""Where a workspace lives (a file or a database URL), its engine, errors and migrations."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event, exc

from leerlib.errors import LeerlibError

__all__ = [
    "WorkspaceError",
    "WorkspaceBusyError",
    "WorkspaceUpgradeError",
    "Target",
    "target",
    "make_engine",
    "translate_errors",
    "head_revision",
    "current_revision",
    "upgrade",
    "SCRIPT_LOCATION",
]

#: The migrations ship inside the package (``leerlib/workspace/migrations``).
SCRIPT_LOCATION = "leerlib.workspace:migrations"


class WorkspaceError(LeerlibError):
    """A workspace cannot be created, opened or changed as asked."""


class WorkspaceBusyError(WorkspaceError):
    """Another process holds the workspace for writing longer than the wait allows."""


class WorkspaceUpgradeError(WorkspaceError):
    """The workspace was made with another schema revision than this leerlib expects."""


@dataclass(frozen=True)
class Target:
    """A workspace's address: the SQLAlchemy URL, a label for messages, the file if SQLite."""

    url: sa.URL
    label: str
    path: Path | None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"


def target(path_or_url: str | PathLike) -> Target:
    """Turn a file path or a database URL into a :class:`Target`.

    A text with ``://`` is a URL (``postgresql://user@host/db`` uses psycopg 3); anything
    else is the path of an SQLite file.

    Examples
    --------
    >>> t = target("postgresql://hr:secret@db.example/leren")
    >>> t.url.drivername, t.label, t.path
    ('postgresql+psycopg', 'postgresql+psycopg://hr:***@db.example/leren', None)
    >>> target("ws.leerlib").url.drivername
    'sqlite'
    """
    if isinstance(path_or_url, str) and "://" in path_or_url:
        try:
            url = sa.make_url(path_or_url)
        except exc.ArgumentError:
            raise WorkspaceError(f"not a database URL: {path_or_url!r}") from None
        backend = url.get_backend_name()
        if backend == "postgresql" and url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        if backend == "sqlite":
            if not url.database or url.database == ":memory:":
                raise WorkspaceError("a workspace needs a file, not an in-memory SQLite database")
            path = Path(url.database).expanduser().resolve()
            return Target(url.set(database=str(path)), str(path), path)
        if backend != "postgresql":
            raise WorkspaceError(
                f"unsupported database {backend!r}: use a file path (SQLite) or a postgresql:// URL"
            )
        return Target(url, url.render_as_string(hide_password=True), None)
    path = Path(path_or_url).expanduser().resolve()
    return Target(sa.URL.create("sqlite", database=str(path)), str(path), path)


def make_engine(t: Target, *, busy_timeout: float) -> sa.Engine:
    """Return an engine with the workspace's connection settings.

    SQLite: write-ahead log (readers never wait for a writer), foreign keys on, a busy wait
    of ``busy_timeout`` seconds, and ``BEGIN IMMEDIATE`` for writing transactions so that two
    writers queue at the start instead of failing half-way. PostgreSQL: writing transactions
    lock the organisation row (one writer at a time) and wait at most ``busy_timeout``.
    """
    if t.is_sqlite:
        engine = sa.create_engine(t.url, connect_args={"timeout": busy_timeout})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # leerlib issues BEGIN itself (below)
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            write = conn.get_execution_options().get("leerlib_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    engine = sa.create_engine(t.url, pool_pre_ping=True)

    @event.listens_for(engine, "begin")
    def _begin_pg(conn):
        if conn.get_execution_options().get("leerlib_write", False):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(busy_timeout * 1000)}")

    return engine


_BUSY = (
    "database is locked",
    "database table is locked",
    "lock timeout",
    "locknotavailable",
    "could not obtain lock",
    "canceling statement due to lock timeout",
)
_DAMAGED = ("file is not a database", "malformed", "not a database", "disk i/o error")


@contextlib.contextmanager
def translate_errors(t: Target, doing: str):
    """Turn database errors into a :class:`WorkspaceError` that names the workspace."""
    try:
        yield
    except LeerlibError:
        raise
    except exc.DBAPIError as e:
        text = str(e.orig if e.orig is not None else e)
        low = text.lower() + " " + type(e.orig).__name__.lower()
        if any(b in low for b in _BUSY):
            raise WorkspaceBusyError(
                f"{doing}: the workspace is busy (another import or change is running); "
                "try again when it has finished",
                file=t.label,
            ) from None
        if any(d in low for d in _DAMAGED):
            raise WorkspaceError(
                f"{doing}: not a leerlib workspace, or a damaged one ({text.strip()})",
                file=t.label,
            ) from None
        first = text.strip().splitlines()[0] if text.strip() else type(e).__name__
        raise WorkspaceError(f"{doing}: database error: {first}", file=t.label) from None
    except exc.SQLAlchemyError as e:
        raise WorkspaceError(f"{doing}: {e}", file=t.label) from None


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """Return the schema revision this leerlib writes (the newest migration)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config(None)).walk_revisions()}


def current_revision(connection) -> str | None:
    """Return the schema revision stored in the database (None: no leerlib schema at all)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``connection`` (inside its transaction)."""
    from alembic import command

    command.upgrade(_alembic_config(connection), revision)
