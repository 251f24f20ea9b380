"""The demonstration workspace: the bundled sample, stored once in the user's data folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

from leerlib.workspace._db import WorkspaceError
from leerlib.workspace.core import KEY_SUFFIX, Workspace

__all__ = [
    "DATA_DIR_ENV",
    "DEMO_FILE",
    "SAMPLE_ORG",
    "data_dir",
    "demo_path",
    "fill_sample",
    "demo_workspace",
]

#: The organisation of the bundled sample (data/sample/README.md).
SAMPLE_ORG = "Stichting Samen Leren"

#: Environment variable that overrides the user's data folder (tests, shared machines).
DATA_DIR_ENV = "LEERLIB_DATA_DIR"

#: File name of the demonstration workspace in :func:`data_dir`.
DEMO_FILE = "demo.leerlib"

#: Seconds after which a lock left by a process that died while making the demo is ignored.
_STALE_LOCK = 300.0


def data_dir() -> Path:
    r"""Return the folder where leerlib keeps its own files for this user.

    ``LEERLIB_DATA_DIR`` if set, else the platform's user data folder (through platformdirs:
    ``~/.local/share/leerlib`` on Linux, ``~/Library/Application Support/leerlib`` on macOS,
    ``%LOCALAPPDATA%\leerlib`` on Windows).

    Examples
    --------
    >>> saved = os.environ.get(DATA_DIR_ENV)
    >>> os.environ[DATA_DIR_ENV] = "/tmp/leerlib-doctest"
    >>> data_dir().as_posix()
    '/tmp/leerlib-doctest'
    >>> _ = os.environ.pop(DATA_DIR_ENV) if saved is None else os.environ.update({DATA_DIR_ENV: saved})
    """
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("leerlib", appauthor=False))


def demo_path() -> Path:
    """Where the demonstration workspace lives: ``data_dir() / "demo.leerlib"``."""
    return data_dir() / DEMO_FILE


def fill_sample(ws: Workspace) -> list:
    """Import the bundled sample's two rounds into ``ws``, as ``leerlib workspace init --sample``.

    Returns
    -------
    list of (str, Survey)
        Each round's name and the cleaned round as stored.
    """
    from leerlib.sample import WAVES, sample_paths

    paths = sample_paths()
    out = []
    for wave in WAVES:
        survey = ws.import_round(
            wave,
            paths[f"survey_{wave}"],
            paths[f"roster_{wave}"],
            paths[f"codebook_{wave}"],
            paths["aliases"],
        )
        out.append((wave, survey))
    return out


def _take_lock(lock: Path, wait: float) -> bool:
    """Take the lock file; False if another process made the demo meanwhile (it exists)."""
    end = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > _STALE_LOCK or _holder_died(lock):
                    lock.unlink(missing_ok=True)
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > end:
                raise WorkspaceError(
                    f"another process has been making the demonstration workspace for {wait:.0f} s; "
                    f"if none is running, delete {lock}",
                    file=lock.parent,
                ) from None
            time.sleep(0.2)
            continue
        try:
            os.write(fd, str(os.getpid()).encode("ascii"))
        finally:
            os.close(fd)
        return True


def _holder_died(lock: Path) -> bool:
    """Whether the process named in the lock file is gone (False when that cannot be told)."""
    try:
        pid = int(lock.read_text(encoding="ascii").strip() or "0")
    except (OSError, ValueError):
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # not ours to signal, or a platform that cannot tell
        return False
    return False


def demo_workspace(path: str | os.PathLike | None = None, *, wait: float = 120.0) -> Path:
    """Make the demonstration workspace once, and return its file.

    The first call fills a new workspace with the bundled sample's two rounds (as
    ``leerlib workspace init --sample``), with its own key beside it, and marks it as the
    demonstration (:attr:`leerlib.workspace.Organisation.demo`). Later calls open it and return
    at once; one made by an older leerlib is upgraded. Processes started together make it once:
    the others wait for it.

    Parameters
    ----------
    path : path-like, optional
        Its file; default :func:`demo_path`.
    wait : float
        Seconds to wait for another process that is making it.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    WorkspaceError
        If a file is in its place that is not the demonstration workspace (delete it to have a
        new one made).
    """
    from leerlib.workspace._db import WorkspaceUpgradeError

    path = Path(path) if path is not None else demo_path()
    key = path.with_name(path.name + KEY_SUFFIX)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_name(path.name + ".lock")
        _take_lock(lock, wait)
        try:
            if not path.exists():
                _make(path, key)
        finally:
            lock.unlink(missing_ok=True)
    try:
        ws = Workspace.open(path, key_file=key)
    except WorkspaceUpgradeError:
        Workspace.upgrade(path)
        ws = Workspace.open(path, key_file=key)
    with ws:
        if not ws.org.demo:
            raise WorkspaceError(
                "this is not leerlib's demonstration workspace; move it away to have the "
                "demonstration made again",
                file=path,
            )
        ws.key  # noqa: B018 - its own key beside it, checked
    return path


def _make(path: Path, key: Path) -> None:
    """Fill the demonstration in a file of its own, then move it into place in one step.

    A process killed half-way never leaves a half-filled demonstration behind.
    """
    # what an earlier attempt left when it was killed (the lock is ours): its part files, and a
    # key without its workspace, which is not reused
    for left in path.parent.glob(f"{path.name}.part*"):
        left.unlink(missing_ok=True)
    key.unlink(missing_ok=True)
    part = path.with_name(f"{path.name}.part{os.getpid()}")
    try:
        with Workspace.create(part, org=SAMPLE_ORG, key_file=key, demo=True) as ws:
            fill_sample(ws)
        # every change into the database file itself before it moves (its -wal would not)
        import sqlite3

        conn = sqlite3.connect(part)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        os.replace(part, path)
    except BaseException:
        key.unlink(missing_ok=True)
        raise
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(part) + suffix).unlink(missing_ok=True)
