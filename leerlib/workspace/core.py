"""The Workspace: an organisation's rounds, people, cleaning decisions and personal links, stored."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from os import PathLike
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import sqlalchemy as sa

from leerlib.errors import PrivacyError
from leerlib.schema import Survey
from leerlib.workspace import _db
from leerlib.workspace import _tables as T
from leerlib.workspace._db import WorkspaceError, WorkspaceUpgradeError, translate_errors
from leerlib.workspace._frames import from_rows, to_rows
from leerlib.workspace.collect import CollectMixin

__all__ = [
    "Workspace",
    "Organisation",
    "DEFAULT_BUSY_TIMEOUT",
    "DEFAULT_LINK_DAYS",
    "PERSONAL_PAGE",
    "KEY_SUFFIX",
]

#: Seconds a write waits for another process's write to finish before giving up as "busy".
DEFAULT_BUSY_TIMEOUT = 30.0

#: Days a personal link stays valid when no ``expires`` is given.
DEFAULT_LINK_DAYS = 90

#: Path of the personal page under the server's base URL (the page reads ``persoon`` and ``code``).
PERSONAL_PAGE = "voila/render/mijn_leernetwerk.ipynb"

#: An SQLite workspace's key file is the database file's name plus this suffix.
KEY_SUFFIX = ".key"

# Test hook: when set to a file path, add_round writes that file from inside its transaction,
# then waits, so that a test can kill the process half-way (see tests/test_workspace_reliability.py).
_PAUSE_ENV = "LEERLIB_WORKSPACE_TEST_PAUSE"

_ROLES = ("survey", "roster", "codebook", "aliases")
_LANGUAGES = ("nl", "en")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _now() -> datetime:
    """Now in UTC without a time zone: every time in a workspace is UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Organisation:
    """The organisation a workspace belongs to.

    Attributes
    ----------
    workspace_id : str
        A random key made at creation that never changes (for caches and links between
        workspaces and servers); not secret.
    name : str
        The organisation's name.
    language : {"nl", "en"}
        Language of the dashboards.
    min_group_size : int
        Groups smaller than this are hidden in group figures (the data contract's threshold).
    names_allowed : bool
        True only when colleagues consented to their names being shown; a round's own
        codebook must say so too (``Survey.consent_names``).
    key_check : str
        Fingerprint of the pseudonymisation key (:func:`leerlib.privacy.key_check`); the key
        itself is never stored in the database.
    created_at : datetime
        When the workspace was made (UTC).
    demo : bool
        True only for the demonstration workspace that ``python -m leerlib.serve`` makes from
        the bundled sample when it is given no workspace
        (:func:`leerlib.workspace.demo_workspace`); every other workspace, also one filled
        with the sample by ``init --sample``, is False.
    """

    workspace_id: str
    name: str
    language: str
    min_group_size: int
    names_allowed: bool
    key_check: str
    created_at: datetime
    demo: bool = False


def _check_org(name, language, min_group_size, names_allowed) -> dict:
    name = " ".join(str(name or "").split())
    if not name:
        raise WorkspaceError("the organisation needs a name (org=...)")
    if language not in _LANGUAGES:
        raise WorkspaceError(f"language must be one of {_LANGUAGES}, not {language!r}")
    if (
        isinstance(min_group_size, bool)
        or not isinstance(min_group_size, int)
        or min_group_size < 1
    ):
        raise WorkspaceError(f"min_group_size must be a whole number >= 1, not {min_group_size!r}")
    return {
        "name": name,
        "language": language,
        "min_group_size": int(min_group_size),
        "names_allowed": bool(names_allowed),
    }


def _check_sqlite_file(t: _db.Target) -> None:
    """Refuse, without touching it, a file that is missing or is no SQLite database."""
    path = t.path
    if not path.exists():
        raise WorkspaceError(
            "no workspace here; make one with `leerlib workspace init PATH`", file=t.label
        )
    if not path.is_file():
        raise WorkspaceError("not a leerlib workspace (a folder, not a file)", file=t.label)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise WorkspaceError(f"cannot read the workspace ({e.strerror})", file=t.label) from None
    if head != _SQLITE_MAGIC:
        what = "an empty file" if not head else "not a database file"
        raise WorkspaceError(f"not a leerlib workspace ({what})", file=t.label)
    # Look inside read-only first: an SQLite file of another program is left exactly as it was
    # (the engine would switch it to write-ahead logging).
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=DEFAULT_BUSY_TIMEOUT)
        try:
            ok = con.execute("PRAGMA quick_check").fetchone()[0]
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            con.close()
    except sqlite3.DatabaseError as e:
        raise WorkspaceError(
            f"not a leerlib workspace, or a damaged one ({e})", file=t.label
        ) from None
    if ok != "ok":
        raise WorkspaceError(f"the workspace is damaged ({ok})", file=t.label)
    if not {"alembic_version", "organisation"} <= tables:
        raise WorkspaceError(
            "not a leerlib workspace (an SQLite database without leerlib's tables)", file=t.label
        )


def _file_facts(role: str, src) -> tuple[dict, bytes | None]:
    """name, size and SHA-256 of a source file; its bytes too for the codebook."""
    from leerlib.io import Source

    if isinstance(src, Source):
        data, name = src.data, src.name
    elif isinstance(src, bytes | bytearray):
        data, name = bytes(src), "(in memory)"
    elif isinstance(src, str | PathLike):
        path = Path(src)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise WorkspaceError(f"cannot read the {role} file ({e.strerror})", file=path) from None
        name = path.name
    else:
        raise WorkspaceError(
            f"sources[{role!r}]: expected a file path or a leerlib.io.Source, "
            f"not {type(src).__name__}"
        )
    row = {
        "role": role,
        "file": name,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return row, data if role == "codebook" else None


def _relabel(survey: Survey, name: str) -> Survey:
    """Return the survey with every ``wave`` value set to ``name`` (dtypes kept)."""
    tables = {}
    for tbl in T.ROUND_TABLES:
        df = getattr(survey, tbl)
        if "wave" in df.columns:
            df = df.copy()
            df["wave"] = pd.Series([name] * len(df), index=df.index, dtype=df["wave"].dtype)
        tables[tbl] = df
    return Survey(
        **tables,
        topics=survey.topics,
        waves=[name],
        consent_names=survey.consent_names,
        meta=dict(survey.meta),
    )


def _sql_columns(table: sa.Table) -> set[str]:
    return {c.name for c in table.c} - {"round_id", "seq", "attrs"}


def _link_code(person_id: str, serial: int, key: bytes) -> str:
    # The first link of a person is the plain personal code of leerlib.privacy.links; a link
    # issued after a revocation signs "person_id#serial", so a revoked link never comes back.
    from leerlib.privacy.links import personal_code

    return personal_code(person_id if serial == 1 else f"{person_id}#{serial}", key)


def _as_expiry(expires, now: datetime) -> datetime:
    if expires is None:
        return now + timedelta(days=DEFAULT_LINK_DAYS)
    if isinstance(expires, datetime):
        if expires.tzinfo is not None:
            expires = expires.astimezone(UTC).replace(tzinfo=None)
        return expires
    if isinstance(expires, timedelta):
        return now + expires
    if isinstance(expires, int | float) and not isinstance(expires, bool) and expires > 0:
        return now + timedelta(days=float(expires))
    raise WorkspaceError(f"expires: give days (> 0), a timedelta or a datetime, not {expires!r}")


class Workspace(CollectMixin):
    """An organisation's stored learning-network data: rounds, people, decisions and links.

    A workspace is one SQLite file (the default) or a PostgreSQL database; the same code runs
    on both. Make one with :meth:`create`, open it with :meth:`open`. Every change is one
    transaction: it lands whole or not at all, also when the process is killed half-way.

    What it holds: the organisation's settings (:attr:`org`); per round the data contract's
    tables (people, ties, responses, value, log), the codebook's TOML text and the source
    files' name, size and SHA-256 (never the files); the researcher's cleaning decisions
    (aliases, names resolved by hand); personal links (issued, expires, revoked); the
    pseudonymisation key's check value. The key itself lives outside the database: in the
    file ``<workspace file>.key`` beside an SQLite workspace (made by :meth:`create`,
    readable by its owner only), in ``key_file``, or in the environment variable
    ``LEERLIB_KEY``.

    Examples
    --------
    >>> import tempfile, pathlib, leerlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> ws = Workspace.create(folder / "school.leerlib", org="De Regenboog")
    >>> info = ws.add_round(leerlib.load_sample("2025"), name="2025")
    >>> ws.rounds
    ['2025']
    >>> ws.survey("2025").ties.shape == leerlib.load_sample("2025").ties.shape
    True
    >>> ws.close()
    """

    def __init__(self, t: _db.Target, engine: sa.Engine, key_file: Path | None) -> None:
        self._t = t
        self._engine = engine
        self._key_file = key_file
        self._key: bytes | None = None
        self._org: Organisation | None = None

    # ------------------------------------------------------------------ making and opening
    @classmethod
    def create(
        cls,
        path_or_url: str | PathLike,
        *,
        org: str,
        language: str = "nl",
        min_group_size: int = 5,
        names_allowed: bool = False,
        key_file: str | PathLike | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        demo: bool = False,
    ) -> Workspace:
        """Make a new, empty workspace and its key.

        Parameters
        ----------
        path_or_url : str or path-like
            A file path (SQLite; the file must not exist yet) or a ``postgresql://`` URL of an
            empty database.
        org : str
            The organisation's name.
        language : {"nl", "en"}, default "nl"
            Language of the dashboards.
        min_group_size : int, default 5
            Smallest group shown in group figures.
        names_allowed : bool, default False
            Whether colleagues consented to their names being shown.
        key_file : str or path-like, optional
            Where the pseudonymisation key is kept. An existing file is used as it is; a
            missing one is made. Without it: the key in ``LEERLIB_KEY`` if that is set, else
            (SQLite) a new key in ``<file>.key`` beside the database, readable by its owner
            only. A PostgreSQL workspace needs ``key_file`` or ``LEERLIB_KEY``.
        busy_timeout : float, default 30
            Seconds a write waits for another process's write.
        demo : bool, default False
            Mark it as leerlib's own demonstration workspace (:attr:`Organisation.demo`); only
            :func:`leerlib.workspace.demo_workspace` sets it. The mark cannot be changed later.

        Returns
        -------
        Workspace

        Raises
        ------
        WorkspaceError
            If the file exists, the database holds a workspace already, or no key can be had.
        """
        from leerlib.privacy.keys import KEY_ENV, generate_key, key_check, load_key

        fields = _check_org(org, language, min_group_size, names_allowed)
        t = _db.target(path_or_url)
        if t.path is not None:
            if t.path.exists():
                raise WorkspaceError(
                    "a file exists here already; a new workspace needs a new file", file=t.label
                )
            t.path.parent.mkdir(parents=True, exist_ok=True)
        made_key = None
        if key_file is None and os.environ.get(KEY_ENV, "").strip():
            key = load_key()
        else:
            if key_file is None:
                if t.path is None:
                    raise WorkspaceError(
                        "a PostgreSQL workspace needs key_file=... (or the environment "
                        f"variable {KEY_ENV}): its key cannot live beside the database",
                        file=t.label,
                    )
                key_file = t.path.with_name(t.path.name + KEY_SUFFIX)
            key_file = Path(key_file)
            if not key_file.exists():
                generate_key(key_file)
                made_key = key_file
            key = load_key(key_file)
        engine = _db.make_engine(t, busy_timeout=busy_timeout)
        try:
            with translate_errors(t, "creating the workspace"):
                with engine.connect().execution_options(leerlib_write=True) as conn, conn.begin():
                    if sa.inspect(conn).has_table("organisation") or _db.current_revision(conn):
                        raise WorkspaceError(
                            "this database holds a workspace already", file=t.label
                        )
                    _db.upgrade(conn)
                    conn.execute(
                        sa.insert(T.organisation).values(
                            id=1,
                            workspace_id=uuid.uuid4().hex,
                            key_check=key_check(key),
                            created_at=_now(),
                            demo=bool(demo),
                            **fields,
                        )
                    )
        except BaseException:
            engine.dispose()
            if t.path is not None:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(str(t.path) + suffix).unlink(missing_ok=True)
            if made_key is not None:
                made_key.unlink(missing_ok=True)
            raise
        ws = cls(t, engine, Path(key_file) if key_file is not None else None)
        ws._key = key
        return ws

    @classmethod
    def open(
        cls,
        path_or_url: str | PathLike,
        *,
        key_file: str | PathLike | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> Workspace:
        """Open an existing workspace.

        Parameters
        ----------
        path_or_url : str or path-like
            The workspace's file or database URL.
        key_file : str or path-like, optional
            The key's file; default ``<file>.key`` beside an SQLite workspace if it exists,
            else ``LEERLIB_KEY``. The key is read only when needed (links).
        busy_timeout : float, default 30
            Seconds a write waits for another process's write.

        Raises
        ------
        WorkspaceError
            If there is no workspace, the file is not one or is damaged.
        WorkspaceUpgradeError
            If it was made with an older schema (run ``leerlib workspace upgrade PATH``) or
            by a newer leerlib.
        """
        t = _db.target(path_or_url)
        if t.path is not None:
            _check_sqlite_file(t)
        engine = _db.make_engine(t, busy_timeout=busy_timeout)
        try:
            with translate_errors(t, "opening the workspace"), engine.connect() as conn:
                _check_revision(t, conn)
                if conn.execute(sa.select(T.organisation.c.id)).first() is None:
                    raise WorkspaceError("not a leerlib workspace (no organisation)", file=t.label)
        except BaseException:
            engine.dispose()
            raise
        if key_file is None and t.path is not None:
            beside = t.path.with_name(t.path.name + KEY_SUFFIX)
            key_file = beside if beside.exists() else None
        return cls(t, engine, Path(key_file) if key_file is not None else None)

    @classmethod
    def upgrade(
        cls, path_or_url: str | PathLike, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    ) -> tuple[str, str]:
        """Bring a workspace made by an older leerlib to this leerlib's schema.

        Back the workspace up first (:meth:`backup`). The upgrade is one transaction.

        Returns
        -------
        (str, str)
            The schema revision before and after.

        Raises
        ------
        WorkspaceError
            If the target is no workspace or was made by a newer leerlib.
        """
        t = _db.target(path_or_url)
        if t.path is not None:
            _check_sqlite_file(t)
        engine = _db.make_engine(t, busy_timeout=busy_timeout)
        try:
            with translate_errors(t, "upgrading the workspace"):
                with engine.connect().execution_options(leerlib_write=True) as conn:
                    if t.is_sqlite:
                        # SQLite changes a table by copying it and dropping the old one; with
                        # foreign keys on, that drop would cascade to every round's rows. They
                        # are switched off (outside the transaction, where SQLite allows it)
                        # and every reference is checked before the upgrade commits.
                        conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
                    try:
                        with conn.begin():
                            before = _db.current_revision(conn)
                            if before is None:
                                raise WorkspaceError(
                                    "not a leerlib workspace (no schema revision)", file=t.label
                                )
                            if before not in _db.known_revisions():
                                raise WorkspaceUpgradeError(_newer_message(before), file=t.label)
                            _db.upgrade(conn)
                            after = _db.current_revision(conn)
                            if t.is_sqlite:
                                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                                if broken:
                                    raise WorkspaceError(
                                        f"the upgrade would break {len(broken)} reference(s), "
                                        f"e.g. in table {broken[0][0]!r}; nothing was changed",
                                        file=t.label,
                                    )
                    finally:
                        if t.is_sqlite:
                            conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")
        finally:
            engine.dispose()
        return before, after

    def close(self) -> None:
        """Close the database connections (the workspace object is unusable afterwards)."""
        self._engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({self._t.label!r})"

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def _read(self, doing: str):
        with translate_errors(self._t, doing), self._engine.connect() as conn:
            if not self._t.is_sqlite:  # one snapshot for every table read
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _write(self, doing: str):
        with translate_errors(self._t, doing):
            with self._engine.connect().execution_options(leerlib_write=True) as conn:
                with conn.begin():
                    if not self._t.is_sqlite:  # one writer at a time, as SQLite's BEGIN IMMEDIATE
                        conn.execute(sa.select(T.organisation.c.id).with_for_update())
                    yield conn

    # ------------------------------------------------------------------ organisation and key
    @property
    def location(self) -> str:
        """The workspace's file, or its database URL without the password."""
        return self._t.label

    @property
    def org(self) -> Organisation:
        """The organisation's settings (:class:`Organisation`)."""
        if self._org is None:
            with self._read("reading the organisation") as conn:
                row = conn.execute(sa.select(T.organisation)).mappings().one()
            self._org = Organisation(**{k: row[k] for k in Organisation.__dataclass_fields__})
        return self._org

    @property
    def id(self) -> str:
        """The workspace's stable random key (:attr:`Organisation.workspace_id`)."""
        return self.org.workspace_id

    def set_org(self, **changes) -> Organisation:
        """Change the organisation's name, language, min_group_size or names_allowed.

        Raises
        ------
        WorkspaceError
            For another field or an invalid value.
        """
        allowed = {"name", "language", "min_group_size", "names_allowed"}
        unknown = set(changes) - allowed
        if unknown:
            raise WorkspaceError(
                f"set_org: cannot change {sorted(unknown)}; only {sorted(allowed)}"
            )
        current = self.org
        merged = {k: changes.get(k, getattr(current, k)) for k in sorted(allowed)}
        fields = _check_org(**merged)
        with self._write("changing the organisation") as conn:
            conn.execute(sa.update(T.organisation).values(**fields))
        self._org = None
        return self.org

    @property
    def key_path(self) -> Path | None:
        """The key's file (None: the key comes from ``LEERLIB_KEY``)."""
        return self._key_file

    @property
    def key(self) -> bytes:
        """The pseudonymisation key, checked against the workspace's key check.

        Raises
        ------
        PrivacyError
            If no key is found or it is not this workspace's key.
        """
        if self._key is None:
            from leerlib.privacy.keys import KEY_ENV, key_check, load_key

            if self._key_file is not None:
                key, source = load_key(self._key_file), str(self._key_file)
            elif os.environ.get(KEY_ENV, "").strip():
                key, source = load_key(), f"environment variable {KEY_ENV}"
            else:
                raise PrivacyError(
                    f"no key for this workspace: its key file is missing; set {KEY_ENV} or "
                    "pass key_file=",
                    file=self._t.label,
                )
            if key_check(key) != self.org.key_check:
                raise PrivacyError(
                    f"this key is not the workspace's key (key check {key_check(key)}, the "
                    f"workspace was made with {self.org.key_check})",
                    file=source,
                )
            self._key = key
        return self._key

    # ------------------------------------------------------------------ rounds
    @property
    def rounds(self) -> list[str]:
        """Names of the stored rounds, sorted (as ``combine_waves`` orders waves)."""
        with self._read("listing rounds") as conn:
            names = conn.execute(sa.select(T.round_.c.name)).scalars().all()
        return sorted(names)

    def round_table(self) -> pd.DataFrame:
        """Return one row per round.

        Columns: round (its name), label, imported_at (UTC), people, internal, responded, ties,
        log rows and the source files (``role=file`` joined by ``; ``).
        """
        with self._read("listing rounds") as conn:
            rounds = conn.execute(
                sa.select(T.round_.c.id, T.round_.c.name, T.round_.c.label, T.round_.c.imported_at)
            ).all()
            rows = []
            for rid, name, label, imported in rounds:

                def count(table, *where, rid=rid):
                    q = sa.select(sa.func.count()).select_from(table).where(table.c.round_id == rid)
                    for w in where:
                        q = q.where(w)
                    return conn.execute(q).scalar_one()

                files = conn.execute(
                    sa.select(T.round_source.c.role, T.round_source.c.file)
                    .where(T.round_source.c.round_id == rid)
                    .order_by(T.round_source.c.role)
                ).all()
                rows.append(
                    {
                        "round": name,
                        "label": label,
                        "imported_at": imported,
                        "people": count(T.staff),
                        "internal": count(T.staff, T.staff.c.internal.is_(True)),
                        "responded": count(T.response, T.response.c.responded.is_(True)),
                        "ties": count(T.tie),
                        "log": count(T.log),
                        "sources": "; ".join(f"{r}={f}" for r, f in files),
                    }
                )
        cols = [
            "round",
            "label",
            "imported_at",
            "people",
            "internal",
            "responded",
            "ties",
            "log",
            "sources",
        ]
        return pd.DataFrame(rows, columns=cols).sort_values("round").reset_index(drop=True)

    def add_round(
        self,
        survey: Survey,
        name: str | None = None,
        *,
        sources: dict | None = None,
        replace: bool = False,
        label: str | None = None,
    ) -> dict:
        """Store one cleaned survey round, all or nothing.

        Parameters
        ----------
        survey : Survey
            One cleaned round (e.g. from :func:`leerlib.load_survey`); it is validated first.
        name : str, optional
            The round's name; default the survey's wave. A different name becomes the
            ``wave`` value of every stored row, so that rounds combine by name.
        sources : dict, optional
            ``{"survey": path, "roster": path, "codebook": path, "aliases": path}`` (any of
            them; a path or a :class:`leerlib.io.Source`): their name, size and SHA-256 are
            stored, and the codebook's text. The files themselves are not copied.
        replace : bool, default False
            Replace a stored round of the same name (in the same transaction).
        label : str, optional
            What dashboards show for the round (e.g. "Voorjaar 2025"); default its name.

        Returns
        -------
        dict
            ``round``, ``people``, ``ties``, ``responses``, ``log`` (row counts) and
            ``seconds`` (time spent writing).

        Raises
        ------
        WorkspaceError
            If the round exists and ``replace`` is False, or the survey holds several waves.
        SchemaError
            If a table breaks the data contract.
        WorkspaceBusyError
            If another write holds the workspace longer than ``busy_timeout``.
        """
        return self._add_round(survey, name, sources=sources, replace=replace, label=label)

    def _add_round(
        self, survey, name, *, sources=None, replace=False, decisions=None, label=None
    ) -> dict:
        if not isinstance(survey, Survey):
            raise WorkspaceError(f"add_round needs a leerlib Survey, not {type(survey).__name__}")
        waves = [str(w) for w in survey.waves]
        if len(waves) > 1:
            raise WorkspaceError(f"the survey holds the rounds {waves}; add one round at a time")
        if name is None:
            if not waves:
                raise WorkspaceError("the survey names no wave: give the round a name")
            name = waves[0]
        name = " ".join(str(name).split())
        if not name:
            raise WorkspaceError("a round needs a name")
        label = " ".join(str(label).split()) if label is not None else name
        if not label:
            raise WorkspaceError("a round's label cannot be empty")
        survey.validate()
        if waves != [name]:
            survey = _relabel(survey, name)
        src_rows, codebook_text = [], None
        for role, src in (sources or {}).items():
            if role not in _ROLES:
                raise WorkspaceError(f"sources: unknown role {role!r}; expected some of {_ROLES}")
            if src is None:
                continue
            row, data = _file_facts(role, src)
            src_rows.append(row)
            if data is not None:
                codebook_text = data.decode("utf-8", errors="replace")
        if codebook_text is None:
            cb = survey.meta.get("codebook")
            if isinstance(cb, str | PathLike) and Path(cb).is_file():
                codebook_text = Path(cb).read_text(encoding="utf-8", errors="replace")
        prepared = {
            tbl: to_rows(getattr(survey, tbl), _sql_columns(table))
            for tbl, table in T.ROUND_TABLES.items()
        }
        from leerlib import __version__

        started = time.perf_counter()
        with self._write(f"adding round {name!r}") as conn:
            old = conn.execute(sa.select(T.round_.c.id).where(T.round_.c.name == name)).scalar()
            if old is not None:
                if not replace:
                    raise WorkspaceError(
                        f"round {name!r} exists already; replace it explicitly "
                        "(replace=True, or --replace on the command line)",
                        file=self._t.label,
                    )
                conn.execute(sa.delete(T.round_).where(T.round_.c.id == old))
            now = _now()
            ids = [str(p) for p in survey.people["person_id"]]
            known = set(conn.execute(sa.select(T.person.c.person_id)).scalars())
            new = [
                {"person_id": p, "first_seen": now} for p in dict.fromkeys(ids) if p not in known
            ]
            if new:
                conn.execute(sa.insert(T.person), new)
            rid = conn.execute(
                sa.insert(T.round_)
                .values(
                    name=name,
                    label=label,
                    imported_at=now,
                    topics=survey.topics or {},
                    consent_names=bool(survey.consent_names),
                    meta=_jsonable(survey.meta),
                    codebook_toml=codebook_text,
                    leerlib_version=__version__,
                )
                .returning(T.round_.c.id)
            ).scalar_one()
            for tbl, (rows, columns) in prepared.items():
                conn.execute(
                    sa.insert(T.round_column),
                    [
                        {"round_id": rid, "tbl": tbl, "position": i, "name": c, "dtype": d}
                        for i, (c, d) in enumerate(columns)
                    ],
                ) if columns else None
                if rows:
                    for r in rows:
                        r["round_id"] = rid
                    conn.execute(sa.insert(T.ROUND_TABLES[tbl]), rows)
            if src_rows:
                conn.execute(sa.insert(T.round_source), [dict(r, round_id=rid) for r in src_rows])
            if decisions is not None and len(decisions):
                self._store_aliases(conn, decisions, origin="file", now=now)
            pause = os.environ.get(_PAUSE_ENV)
            if pause:
                Path(pause).write_text("inside add_round's transaction\n")
                time.sleep(float(os.environ.get(_PAUSE_ENV + "_SECONDS", "60")))
        return {
            "round": name,
            "people": len(survey.people),
            "ties": len(survey.ties),
            "responses": len(survey.responses),
            "log": len(survey.log),
            "seconds": time.perf_counter() - started,
        }

    def import_round(
        self,
        name: str,
        survey,
        roster,
        codebook,
        aliases=None,
        *,
        replace: bool = False,
        unknown_respondent: str = "error",
        label: str | None = None,
    ) -> Survey:
        """Read, clean and store one round from its files, reusing the stored decisions.

        The stored aliases (from earlier alias files, and names resolved by hand with
        :meth:`resolve`) are used for the people on this round's staff list, together with
        ``aliases``; a name resolved by hand wins over an alias file. The rows of
        ``aliases`` are stored as decisions in the same transaction as the round.

        Parameters
        ----------
        name : str
            The round's name (becomes the ``wave`` of its rows).
        survey, roster, codebook : path or Source
            As for :func:`leerlib.load_survey`.
        aliases : path or Source, optional
            An alias table (alias, person_id).
        replace : bool, default False
            Replace a stored round of the same name.
        unknown_respondent : {"error", "log"}
            See :func:`leerlib.clean_survey`.
        label : str, optional
            What dashboards show for the round; default its name.

        Returns
        -------
        Survey
            The cleaned round as stored (its log is the cleaning report).
        """
        from leerlib import io
        from leerlib.clean import clean_survey
        from leerlib.io._source import source_name

        cb = io.read_codebook(codebook)
        raw = io.read_export(survey, cb)
        people = io.read_roster(roster, cb) if roster is not None else None
        file_aliases = io.read_aliases(aliases) if aliases is not None else None
        stored = self.aliases()
        parts = [
            stored[stored["origin"] == "file"],
            file_aliases,
            stored[stored["origin"] == "resolved"],
        ]
        table = (
            pd.concat(
                [p[["alias", "person_id"]] for p in parts if p is not None and len(p)],
                ignore_index=True,
            )
            if any(p is not None and len(p) for p in parts)
            else None
        )
        if table is not None:
            table = table.drop_duplicates("alias", keep="last")
            if people is not None:
                on_roster = table["person_id"].isin(set(people["person_id"].astype(str)))
                from_file = (
                    table["alias"].isin(set(file_aliases["alias"]))
                    if file_aliases is not None
                    else False
                )
                table = table[on_roster | from_file]
            table = table.reset_index(drop=True)
        cleaned = clean_survey(raw, people, table, unknown_respondent=unknown_respondent)
        cleaned.meta.update(
            {
                "survey_path": source_name(survey),
                "roster_path": None if roster is None else source_name(roster),
                "codebook_path": source_name(codebook),
            }
        )
        self._add_round(
            cleaned,
            name,
            sources={"survey": survey, "roster": roster, "codebook": codebook, "aliases": aliases},
            replace=replace,
            label=label,
            decisions=None
            if file_aliases is None
            else file_aliases.assign(source=source_name(aliases)),
        )
        return self.survey(" ".join(str(name).split()))

    def remove_round(self, name: str) -> None:
        """Delete a stored round and its tables (people, links and decisions stay)."""
        with self._write(f"removing round {name!r}") as conn:
            n = conn.execute(sa.delete(T.round_).where(T.round_.c.name == name)).rowcount
        if not n:
            raise WorkspaceError(f"no round {name!r}; the workspace has {self.rounds}")

    def set_label(self, name: str, label: str) -> None:
        """Change what dashboards show for round ``name``."""
        label = " ".join(str(label or "").split())
        if not label:
            raise WorkspaceError("a round's label cannot be empty")
        with self._write(f"labelling round {name!r}") as conn:
            n = conn.execute(
                sa.update(T.round_).where(T.round_.c.name == name).values(label=label)
            ).rowcount
        if not n:
            raise WorkspaceError(f"no round {name!r}; the workspace has {self.rounds}")

    def survey(self, rounds: str | list[str] | None = None) -> Survey:
        """Return the stored round(s) as a :class:`leerlib.Survey`.

        Parameters
        ----------
        rounds : str, list of str or None
            One round, several (combined with :func:`leerlib.combine_waves`), or None for all.

        Returns
        -------
        Survey
            The tables exactly as stored: same columns, order and dtypes, a fresh RangeIndex.

        Raises
        ------
        WorkspaceError
            For an unknown round or a workspace without rounds.
        """
        from leerlib.clean import combine_waves

        with self._read("reading rounds") as conn:
            ids = dict(conn.execute(sa.select(T.round_.c.name, T.round_.c.id)).all())
            if rounds is None:
                names = sorted(ids)
            else:
                names = [rounds] if isinstance(rounds, str) else [str(r) for r in rounds]
            if not names:
                raise WorkspaceError("the workspace has no rounds yet", file=self._t.label)
            unknown = [n for n in names if n not in ids]
            if unknown:
                raise WorkspaceError(
                    f"no round {unknown[0]!r}; the workspace has {sorted(ids)}", file=self._t.label
                )
            parts = [self._load_round(conn, ids[n], n) for n in dict.fromkeys(names)]
        return parts[0] if len(parts) == 1 else combine_waves(*parts)

    def _load_round(self, conn, rid: int, name: str) -> Survey:
        head = conn.execute(sa.select(T.round_).where(T.round_.c.id == rid)).mappings().one()
        cols: dict[str, list] = {tbl: [] for tbl in T.ROUND_TABLES}
        for tbl, col, dtype in conn.execute(
            sa.select(T.round_column.c.tbl, T.round_column.c.name, T.round_column.c.dtype)
            .where(T.round_column.c.round_id == rid)
            .order_by(T.round_column.c.tbl, T.round_column.c.position)
        ):
            cols[tbl].append((col, dtype))
        tables = {}
        for tbl, table in T.ROUND_TABLES.items():
            rows = (
                conn.execute(sa.select(table).where(table.c.round_id == rid).order_by(table.c.seq))
                .mappings()
                .all()
            )
            tables[tbl] = from_rows(rows, cols[tbl], _sql_columns(table))
        meta = dict(head["meta"] or {})
        meta.update(round=name, label=head["label"], workspace_id=self.id)
        return Survey(
            **tables,
            topics=dict(head["topics"] or {}),
            waves=[name],
            consent_names=bool(head["consent_names"]),
            meta=meta,
        )

    def codebook_text(self, name: str) -> str | None:
        """Return the TOML text of the codebook a round was read with (None if not recorded)."""
        with self._read("reading a codebook") as conn:
            row = conn.execute(
                sa.select(T.round_.c.codebook_toml).where(T.round_.c.name == name)
            ).first()
        if row is None:
            raise WorkspaceError(f"no round {name!r}", file=self._t.label)
        return row[0]

    def sources(self, name: str | None = None) -> pd.DataFrame:
        """Return the source files of the rounds: round, role, file, size, sha256."""
        q = (
            sa.select(
                T.round_.c.name.label("round"),
                T.round_source.c.role,
                T.round_source.c.file,
                T.round_source.c.size,
                T.round_source.c.sha256,
            )
            .join(T.round_, T.round_.c.id == T.round_source.c.round_id)
            .order_by(T.round_.c.name, T.round_source.c.role)
        )
        if name is not None:
            q = q.where(T.round_.c.name == name)
        with self._read("reading sources") as conn:
            rows = conn.execute(q).all()
        return pd.DataFrame(rows, columns=["round", "role", "file", "size", "sha256"])

    # ------------------------------------------------------------------ cleaning decisions
    def aliases(self) -> pd.DataFrame:
        """Return the stored cleaning decisions.

        Columns: alias, person_id, origin ("file" or "resolved"), source (the alias file's
        name) and created_at (UTC).
        """
        with self._read("reading decisions") as conn:
            rows = conn.execute(
                sa.select(
                    T.alias.c.alias,
                    T.alias.c.person_id,
                    T.alias.c.origin,
                    T.alias.c.source,
                    T.alias.c.created_at,
                ).order_by(T.alias.c.id)
            ).all()
        return pd.DataFrame(rows, columns=["alias", "person_id", "origin", "source", "created_at"])

    def _store_aliases(self, conn, table: pd.DataFrame, *, origin: str, now: datetime) -> None:
        rows = []
        for alias, pid, src in zip(
            table["alias"],
            table["person_id"],
            table.get("source", [None] * len(table)),
            strict=True,
        ):
            alias = " ".join(str(alias).split())
            if alias and str(pid).strip():
                rows.append(
                    {
                        "alias": alias,
                        "person_id": str(pid).strip(),
                        "origin": origin,
                        "source": src,
                        "created_at": now,
                    }
                )
        rows = list({r["alias"]: r for r in rows}.values())
        if not rows:
            return
        conn.execute(sa.delete(T.alias).where(T.alias.c.alias.in_([r["alias"] for r in rows])))
        conn.execute(sa.insert(T.alias), rows)

    def _require_person(self, conn, pid: str, verb: str) -> None:
        """Raise a WorkspaceError naming ``verb`` unless ``pid`` is in a stored round."""
        found = conn.execute(
            sa.select(T.person.c.person_id).where(T.person.c.person_id == pid)
        ).first()
        if found is None:
            raise WorkspaceError(
                f"{verb}: person_id {pid!r} is in no round of this workspace", file=self._t.label
            )

    def resolve(self, raw_name: str, person_id: str) -> None:
        """Record by hand which person a typed name means; re-imports and next rounds use it.

        Parameters
        ----------
        raw_name : str
            The name as typed in the export (e.g. a name the cleaning log flagged as
            ambiguous or unknown).
        person_id : str
            The person it means; must appear in a stored round.

        Raises
        ------
        WorkspaceError
            If the name is empty or the person is in no stored round.
        """
        raw = " ".join(str(raw_name or "").split())
        pid = str(person_id or "").strip()
        if not raw:
            raise WorkspaceError("resolve: the typed name is empty")
        with self._write(f"resolving {raw!r}") as conn:
            self._require_person(conn, pid, "resolve")
            self._store_aliases(
                conn,
                pd.DataFrame({"alias": [raw], "person_id": [pid]}),
                origin="resolved",
                now=_now(),
            )

    # ------------------------------------------------------------------ personal links
    def personal_links(
        self,
        base_url: str,
        *,
        expires=None,
        round: str | None = None,
        renew: bool = False,
        page: str = PERSONAL_PAGE,
        now: datetime | None = None,
    ) -> pd.DataFrame:
        """Return a personal link for every colleague on a round's staff list (default the latest).

        A person who holds a valid link (not revoked, not expired) gets that link again
        unless ``renew``; everyone else gets a new one, recorded with its issue and expiry
        times. The code in a link is signed with the workspace's key
        (:func:`leerlib.privacy.links.personal_code`), so the database alone cannot make one.

        Parameters
        ----------
        base_url : str
            The server's address as colleagues reach it.
        expires : float (days), timedelta or datetime, optional
            Validity of new links; default :data:`DEFAULT_LINK_DAYS` days.
        round : str, optional
            Whose staff list; default the latest round.
        renew : bool, default False
            Revoke every valid link of these people and issue new ones.
        page : str
            The personal page's path under ``base_url``.
        now : datetime, optional
            The current time (UTC), for tests.

        Returns
        -------
        DataFrame
            person_id, name, url, issued_at, expires_at (UTC). Personal data: send the links,
            then delete the table.

        Raises
        ------
        PrivacyError
            If the key is missing or wrong, or ``base_url`` is empty.
        """
        key = self.key
        base = str(base_url or "").strip().rstrip("/")
        if not base:
            raise PrivacyError(
                "personal links need the server's address as base_url, "
                "e.g. 'https://leren.school.nl'"
            )
        now = now or _now()
        until = _as_expiry(expires, now)
        out = []
        with self._write("issuing personal links") as conn:
            names = conn.execute(sa.select(T.round_.c.name, T.round_.c.id)).all()
            if not names:
                raise WorkspaceError("the workspace has no rounds yet", file=self._t.label)
            ids = dict(names)
            name = max(ids) if round is None else round
            if name not in ids:
                raise WorkspaceError(f"no round {name!r}; the workspace has {sorted(ids)}")
            staff = conn.execute(
                sa.select(T.staff.c.person_id, T.staff.c.name)
                .where(T.staff.c.round_id == ids[name], T.staff.c.internal.is_not(False))
                .order_by(T.staff.c.seq)
            ).all()
            links = conn.execute(sa.select(T.personal_link)).mappings().all()
            by_person: dict[str, list] = {}
            for link in links:
                by_person.setdefault(link["person_id"], []).append(link)
            for pid, pname in staff:
                mine = by_person.get(pid, [])
                valid = [lk for lk in mine if _valid(lk, now)]
                if valid and not renew:
                    link = max(valid, key=lambda lk: lk["serial"])
                    serial, issued, exp = link["serial"], link["issued_at"], link["expires_at"]
                else:
                    if valid:
                        conn.execute(
                            sa.update(T.personal_link)
                            .where(T.personal_link.c.id.in_([lk["id"] for lk in valid]))
                            .values(revoked_at=now)
                        )
                    serial = 1 + max((lk["serial"] for lk in mine), default=0)
                    issued, exp = now, until
                    conn.execute(
                        sa.insert(T.personal_link).values(
                            person_id=pid, serial=serial, issued_at=issued, expires_at=exp
                        )
                    )
                code = _link_code(pid, serial, key)
                url = f"{base}/{page.lstrip('/')}?persoon={quote(pid, safe='')}&code={code}"
                out.append(
                    {
                        "person_id": pid,
                        "name": pname,
                        "url": url,
                        "issued_at": issued,
                        "expires_at": exp,
                    }
                )
        return pd.DataFrame(out, columns=["person_id", "name", "url", "issued_at", "expires_at"])

    def check_link(self, person_id: str, code: str | None, *, now: datetime | None = None) -> bool:
        """Return True if ``code`` opens ``person_id``'s page now: a link issued, unexpired, unrevoked.

        Examples
        --------
        >>> import tempfile, pathlib, leerlib
        >>> ws = Workspace.create(pathlib.Path(tempfile.mkdtemp()) / "w.leerlib", org="School")
        >>> _ = ws.add_round(leerlib.load_sample("2025"))
        >>> url = ws.personal_links("https://leren.example").loc[0, "url"]
        >>> pid, code = url.split("persoon=")[1].split("&code=")
        >>> ws.check_link(pid, code), ws.revoke(pid), ws.check_link(pid, code)
        (True, 1, False)
        >>> ws.close()
        """
        return self.link_status(person_id, code, now=now) == "valid"

    def link_status(self, person_id: str, code: str | None, *, now: datetime | None = None) -> str:
        """Return what a link with ``person_id`` and ``code`` is now.

        Returns
        -------
        str
            ``"valid"`` (issued, not expired, not revoked), ``"revoked"`` or ``"expired"``
            (the code is one this workspace issued for the person, but that link was revoked
            or has expired), or ``"unknown"`` (no link of this person has this code: a
            mistyped, altered or made-up link, or a person who is not in the workspace).
            Only a holder of a real code learns more than "unknown".

        Examples
        --------
        >>> import tempfile, pathlib, leerlib
        >>> ws = Workspace.create(pathlib.Path(tempfile.mkdtemp()) / "w.leerlib", org="School")
        >>> _ = ws.add_round(leerlib.load_sample("2025"))
        >>> url = ws.personal_links("https://leren.example").loc[0, "url"]
        >>> pid, code = url.split("persoon=")[1].split("&code=")
        >>> ws.link_status(pid, code), ws.link_status(pid, code[:-1] + "x")
        ('valid', 'unknown')
        >>> _ = ws.revoke(pid); ws.link_status(pid, code)
        'revoked'
        >>> ws.close()
        """
        from leerlib.privacy.links import check_code

        if not code or not person_id:
            return "unknown"
        now = now or _now()
        pid = str(person_id)
        with self._read("checking a personal link") as conn:
            links = (
                conn.execute(sa.select(T.personal_link).where(T.personal_link.c.person_id == pid))
                .mappings()
                .all()
            )
        key = self.key
        status = "unknown"
        for lk in links:
            if not check_code(pid if lk["serial"] == 1 else f"{pid}#{lk['serial']}", code, key):
                continue
            if _valid(lk, now):
                return "valid"
            status = "revoked" if lk["revoked_at"] is not None else "expired"
        return status

    def round_versions(self) -> dict[str, datetime]:
        """Return round name -> the time (UTC) it was stored.

        A round replaced under the same name gets a new time, so a server can tell that what it
        cached is stale (one small query).
        """
        with self._read("listing rounds") as conn:
            rows = conn.execute(sa.select(T.round_.c.name, T.round_.c.imported_at)).all()
        return {name: imported for name, imported in sorted(rows)}

    def revoke(self, person_id: str, *, now: datetime | None = None) -> int:
        """Revoke every valid personal link of ``person_id``; returns how many.

        Raises
        ------
        WorkspaceError
            If the person is in no stored round.
        """
        pid = str(person_id).strip()
        now = now or _now()
        with self._write(f"revoking the links of {pid!r}") as conn:
            self._require_person(conn, pid, "revoke")
            res = conn.execute(
                sa.update(T.personal_link)
                .where(T.personal_link.c.person_id == pid, T.personal_link.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        return int(res.rowcount)

    def links(self) -> pd.DataFrame:
        """Return every personal link ever issued; no codes.

        Columns: person_id, serial, issued_at, expires_at, revoked_at (UTC) and valid (now).
        """
        now = _now()
        with self._read("reading links") as conn:
            rows = (
                conn.execute(sa.select(T.personal_link).order_by(T.personal_link.c.id))
                .mappings()
                .all()
            )
        cols = ["person_id", "serial", "issued_at", "expires_at", "revoked_at"]
        df = pd.DataFrame([{c: r[c] for c in cols} for r in rows], columns=cols)
        df["valid"] = [_valid(r, now) for r in rows]
        return df

    # ------------------------------------------------------------------ backup and copy
    def copy_to(self, path_or_url: str | PathLike, *, chunk: int = 5000) -> Workspace:
        """Copy the whole workspace, row for row, into a new one (e.g. SQLite to PostgreSQL).

        Every table is copied in one transaction on the destination: the organisation (with
        its workspace_id and key check), people, rounds with their tables and sources,
        decisions and personal links. The key is not copied: open the copy with the same key
        (``key_file=`` the old key file, or ``LEERLIB_KEY``).

        Parameters
        ----------
        path_or_url : str or path-like
            A new SQLite file or the URL of an empty PostgreSQL database.
        chunk : int
            Rows per insert.

        Returns
        -------
        Workspace
            The copy, opened (its key is read only when needed).

        Raises
        ------
        WorkspaceError
            If the destination exists or holds tables already.
        """
        t = _db.target(path_or_url)
        if t.path is not None:
            if t.path.exists():
                raise WorkspaceError(
                    "a file exists here already; copy into a new file", file=t.label
                )
            t.path.parent.mkdir(parents=True, exist_ok=True)
        engine = _db.make_engine(t, busy_timeout=DEFAULT_BUSY_TIMEOUT)
        try:
            with (
                translate_errors(t, "copying the workspace"),
                engine.connect().execution_options(leerlib_write=True) as dst,
                dst.begin(),
                self._read("copying the workspace") as src,
            ):
                if sa.inspect(dst).get_table_names():
                    raise WorkspaceError("the destination database is not empty", file=t.label)
                _db.upgrade(dst)
                for table in T.metadata.sorted_tables:
                    result = src.execute(sa.select(table)).mappings()
                    while rows := result.fetchmany(chunk):
                        dst.execute(sa.insert(table), [dict(r) for r in rows])
                if not t.is_sqlite:  # the id counters continue after the copied ids
                    for table in (
                        T.round_,
                        T.alias,
                        T.personal_link,
                        T.collect_round,
                        T.collect_answer,
                    ):
                        dst.exec_driver_sql(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
        except BaseException:
            engine.dispose()
            if t.path is not None:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(str(t.path) + suffix).unlink(missing_ok=True)
            raise
        engine.dispose()
        return Workspace.open(path_or_url, key_file=self._key_file)

    def backup(self, dest: str | PathLike) -> Path:
        """Copy an SQLite workspace, consistently, while others may be using it.

        Uses SQLite's online backup; the copy is written beside ``dest`` and renamed into
        place at the end. The key file is not copied: keep the key apart from the data.

        Raises
        ------
        WorkspaceError
            If ``dest`` exists, or the workspace is on PostgreSQL (use ``pg_dump``, see
            docs/workspace.md).
        """
        if self._t.path is None:
            raise WorkspaceError(
                "backup of a PostgreSQL workspace: use the database's own tools, e.g. "
                "`pg_dump --format=custom DBNAME > workspace.dump` (see docs/workspace.md)",
                file=self._t.label,
            )
        dest = Path(dest).expanduser().resolve()
        if dest.exists():
            raise WorkspaceError("the backup file exists already; choose a new name", file=dest)
        if dest == self._t.path:
            raise WorkspaceError("the backup cannot be the workspace itself", file=dest)
        partial = dest.with_name(dest.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            src = sqlite3.connect(self._t.path, timeout=DEFAULT_BUSY_TIMEOUT)
            try:
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
            os.replace(partial, dest)
        except (sqlite3.Error, OSError) as e:
            partial.unlink(missing_ok=True)
            raise WorkspaceError(f"backup failed ({e})", file=dest) from None
        return dest


def _valid(link, now: datetime) -> bool:
    return link["revoked_at"] is None and (link["expires_at"] is None or link["expires_at"] > now)


def _jsonable(obj):
    """``obj`` as plain JSON values; a file path becomes its file name.

    A workspace is shared; the folders of the researcher's own machine stay out of it.

    Examples
    --------
    >>> _jsonable({"codebook": "/home/an/survey/codebook.toml", "files": ["a.csv"], "n": 2.5})
    {'codebook': 'codebook.toml', 'files': ['a.csv'], 'n': 2.5}
    """
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, PathLike):
        return Path(obj).name
    if isinstance(obj, str):
        return Path(obj).name if os.path.isabs(obj) else obj
    if obj is None or isinstance(obj, bool | int):
        return obj
    if isinstance(obj, float):
        return obj if obj == obj and obj not in (float("inf"), float("-inf")) else None
    return str(obj)


def _newer_message(rev: str) -> str:
    return (
        f"made by a newer leerlib (schema revision {rev}, this leerlib knows up to "
        f"{_db.head_revision()}); upgrade leerlib to open it"
    )


def _check_revision(t: _db.Target, conn) -> None:
    rev = _db.current_revision(conn)
    head = _db.head_revision()
    if rev == head:
        return
    if rev is None:
        raise WorkspaceError("not a leerlib workspace (no leerlib schema in it)", file=t.label)
    if rev in _db.known_revisions():
        raise WorkspaceUpgradeError(
            f"the workspace needs an upgrade: it has schema revision {rev}, this leerlib uses "
            f"{head}; back it up, then run `leerlib workspace upgrade {t.label}`",
            file=t.label,
        )
    raise WorkspaceUpgradeError(_newer_message(rev), file=t.label)
