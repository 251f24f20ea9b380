"""A throw-away PostgreSQL cluster for the workspace tests, and the backend fixtures.

``pg_cluster`` runs initdb into a temporary folder and starts the server on a free port on
127.0.0.1 for the whole test session, then stops it and removes the folder. Without the
PostgreSQL programs (Debian package ``postgresql``) the PostgreSQL cases are skipped with the
reason shown; in CI (``CI`` set) they fail instead, since CI installs the package.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

BACKENDS = ["sqlite", "postgresql"]


def _pg_bindir() -> Path | None:
    found = []
    for d in glob.glob("/usr/lib/postgresql/*/bin"):
        try:
            found.append((int(Path(d).parent.name), Path(d)))
        except ValueError:
            continue
    if found:
        return max(found)[1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def pg_cluster():
    """The base URL (``postgresql://leerlib@127.0.0.1:PORT``) of a running throw-away cluster."""
    bindir = _pg_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        _unavailable("no initdb/pg_ctl found (install the Debian package 'postgresql')")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the Python driver psycopg is not installed (pip install 'psycopg[binary]')")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="leerlib-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root: run the cluster as 'postgres'
        if shutil.which("runuser") is None:
            _unavailable("running as root without runuser to switch to the postgres user")
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    data, log = folder / "data", folder / "server.log"
    port = _free_port()

    def run(*args):
        return subprocess.run(
            [*as_user, *map(str, args)], capture_output=True, text=True, timeout=120
        )

    res = run(
        bindir / "initdb",
        "-D",
        data,
        "-U",
        "leerlib",
        "--auth=trust",
        "--no-sync",
        "-E",
        "UTF8",
        "--locale=C",
    )
    if res.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"initdb failed: {res.stderr.strip() or res.stdout.strip()}")
    opts = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -F"
    res = run(bindir / "pg_ctl", "-D", data, "-o", opts, "-l", log, "-w", "-t", "60", "start")
    if res.returncode != 0:
        text = log.read_text() if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"pg_ctl start failed: {res.stderr.strip()} {text[-2000:]}")
    try:
        yield f"postgresql://leerlib@127.0.0.1:{port}"
    finally:
        run(bindir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


_numbers = itertools.count(1)


@pytest.fixture
def pg_url(pg_cluster):
    """The URL of a new, empty database in the session's cluster."""
    import psycopg

    name = f"ws_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(f"{pg_cluster}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_cluster}/{name}"


@pytest.fixture(params=BACKENDS)
def backend(request):
    """The workspace backend under test: "sqlite" or "postgresql"."""
    return request.param


@pytest.fixture
def ws_target(backend, request, tmp_path):
    """Where to make a workspace and its key file: ``(path_or_url, key_file)``.

    SQLite: a file in ``tmp_path`` with its key beside it (key_file None). PostgreSQL: a new
    database and a key file in ``tmp_path``.
    """
    if backend == "sqlite":
        return str(tmp_path / "school.leerlib"), None
    return request.getfixturevalue("pg_url"), str(tmp_path / "workspace.key")
