"""A workspace survives what happens to real files and processes: a kill half-way through an
import, two imports at once, files that are no workspace, a workspace of an older schema."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import leerlib
from leerlib.workspace import Workspace, WorkspaceBusyError, WorkspaceError, WorkspaceUpgradeError
from leerlib.workspace import _tables as T

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "data"
PAUSE_ENV = "LEERLIB_WORKSPACE_TEST_PAUSE"
TABLES = ["people", "ties", "responses", "value", "log"]


def assert_same_tables(got, expected):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name), obj=name)


def stored_tables(path) -> dict[str, pd.DataFrame]:
    """The rows of a SQLite workspace's round tables, read with the standard library only."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        return {
            t: pd.read_sql_query(f"SELECT * FROM {t} ORDER BY seq", conn)  # noqa: S608
            for t in ("staff", "tie", "response", "value", "log")
        }


def assert_stored_round(got, stored):
    """A round read through the workspace holds exactly the stored rows (ids, ties, answers)."""
    assert got.people["person_id"].tolist() == stored["staff"]["person_id"].tolist()
    assert got.people["name"].tolist() == stored["staff"]["name"].tolist()
    pairs = ["source", "target", "topic", "raw_name", "match"]
    assert (
        got.ties[pairs].astype(str).values.tolist()
        == stored["tie"][pairs].astype(str).values.tolist()
    )
    assert got.ties["weight"].tolist() == pytest.approx(stored["tie"]["weight"].tolist())
    assert got.responses["person_id"].tolist() == stored["response"]["person_id"].tolist()
    assert (
        got.responses["responded"].tolist() == stored["response"]["responded"].astype(bool).tolist()
    )
    assert got.value["score"].tolist() == pytest.approx(stored["value"]["score"].tolist())
    assert got.log["reason"].tolist() == stored["log"]["reason"].tolist()
    assert (
        got.log["raw_value"].astype(str).tolist() == stored["log"]["raw_value"].astype(str).tolist()
    )


def start(code: str, *, env=None) -> subprocess.Popen:
    """Start ``python -c code`` with this checkout's leerlib."""
    full_env = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the writer ended before pausing: {err or out}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the writer did not reach its pause")
        time.sleep(0.05)


@pytest.fixture
def ws_2025(ws_target):
    """A workspace holding the sample's round 2025; yields (path_or_url, key_file)."""
    target, key_file = ws_target
    with Workspace.create(target, org="School", key_file=key_file) as ws:
        ws.add_round(leerlib.load_sample("2025"), name="2025")
    return target, key_file


def _count(target, key_file, table) -> int:
    with Workspace.open(target, key_file=key_file) as ws, ws._engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


WRITERS = {
    # a new round through the Python API
    "add_round": """
        import leerlib
        from leerlib.workspace import Workspace
        ws = Workspace.open({target!r}, key_file={key_file!r})
        ws.add_round(leerlib.load_sample("2026"), name="2026")
    """,
    # the command line replacing the stored round with another export
    "import --replace": None,
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_kill_half_way_leaves_the_workspace_as_it_was(ws_2025, tmp_path, writer):
    target, key_file = ws_2025
    people_before = _count(target, key_file, T.person)
    marker = tmp_path / "paused"
    if writer == "add_round":
        proc = start(
            WRITERS[writer].format(target=target, key_file=key_file), env={PAUSE_ENV: str(marker)}
        )
    else:
        p = leerlib.sample_paths()
        args = [
            sys.executable,
            "-m",
            "leerlib",
            "workspace",
            "import",
            target,
            "--round",
            "2025",
            "--survey",
            p["survey_2026"],
            "--roster",
            p["roster_2026"],
            "--codebook",
            p["codebook_2026"],
            "--replace",
        ]
        if key_file:
            args += ["--key-file", key_file]
        proc = subprocess.Popen(
            list(map(str, args)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(os.environ, PYTHONPATH=str(REPO), **{PAUSE_ENV: str(marker)}),
        )
    wait_for(marker, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    with Workspace.open(target, key_file=key_file) as ws:
        assert ws.rounds == ["2025"]
        assert_same_tables(ws.survey("2025"), leerlib.load_sample("2025"))
        assert ws.sources().empty
        if "://" not in target:
            with ws._engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert _count(target, key_file, T.person) == people_before
    # and the workspace takes the next write as usual
    with Workspace.open(target, key_file=key_file) as ws:
        ws.add_round(leerlib.load_sample("2026"), name="2026")
        assert ws.rounds == ["2025", "2026"]


def test_two_imports_at_once_both_land_or_one_is_told_busy(ws_target):
    target, key_file = ws_target
    Workspace.create(target, org="School", key_file=key_file).close()
    p = leerlib.sample_paths()
    procs = {}
    for wave in ("2025", "2026"):
        args = [
            sys.executable,
            "-m",
            "leerlib",
            "workspace",
            "import",
            target,
            "--round",
            wave,
            "--survey",
            p[f"survey_{wave}"],
            "--roster",
            p[f"roster_{wave}"],
            "--codebook",
            p[f"codebook_{wave}"],
            "--aliases",
            p["aliases"],
        ]
        if key_file:
            args += ["--key-file", key_file]
        procs[wave] = subprocess.Popen(
            list(map(str, args)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
        )
    results = {w: (pr.wait(timeout=300), pr.stderr.read()) for w, pr in procs.items()}
    landed = [w for w, (rc, _) in results.items() if rc == 0]
    for rc, err in results.values():
        assert rc == 0 or (rc == 1 and "busy" in err), err
    with Workspace.open(target, key_file=key_file) as ws:
        assert ws.rounds == sorted(landed)
        for wave in landed:
            assert_same_tables(ws.survey(wave), leerlib.load_sample(wave))
    assert landed  # with the default 30 s wait both land on this machine


def test_a_writer_that_waits_too_long_is_told_busy_and_readers_go_on(ws_2025, tmp_path):
    target, key_file = ws_2025
    marker = tmp_path / "paused"
    holder = start(
        WRITERS["add_round"].format(target=target, key_file=key_file),
        env={PAUSE_ENV: str(marker), PAUSE_ENV + "_SECONDS": "30"},
    )
    try:
        wait_for(marker, holder)
        ws = Workspace.open(target, key_file=key_file, busy_timeout=1.0)
        assert ws.rounds == ["2025"]  # a reader does not wait for the writer
        started = time.monotonic()
        with pytest.raises(WorkspaceBusyError, match="busy") as err:
            ws.resolve("Juf Floor", "P0104")
        assert time.monotonic() - started < 15
        assert ws.location in str(err.value)
        ws.close()
    finally:
        holder.kill()
        holder.wait(timeout=60)


def _sqlite_db_of_another_program(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("INSERT INTO notes (text) VALUES ('not leerlib')")
    con.commit()
    con.close()


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_text("person_id,name\nP1,An\n"), "not a database file"),
        (lambda p: p.write_bytes(os.urandom(8192)), "not a database file"),
        (_sqlite_db_of_another_program, "without leerlib's tables"),
        (lambda p: p.mkdir(), "a folder"),
    ],
    ids=["empty", "csv", "random-bytes", "other-sqlite", "folder"],
)
def test_a_file_that_is_no_workspace_is_named_and_left_alone(tmp_path, make, expected):
    path = tmp_path / "thing.leerlib"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(WorkspaceError, match=expected) as err:
        Workspace.open(path)
    assert str(path) in str(err.value)
    if before is not None:
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thing.leerlib"]


def test_a_damaged_workspace_is_named(tmp_path):
    path = tmp_path / "school.leerlib"
    with Workspace.create(path, org="School") as ws:
        ws.add_round(leerlib.load_sample("2025"))
    data = bytearray(path.read_bytes())
    assert len(data) > 64 * 1024
    data[20 * 1024 : 40 * 1024] = os.urandom(20 * 1024)  # pages in the middle overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(WorkspaceError, match="damaged") as err:
        Workspace.open(path)
    assert str(path) in str(err.value)


def test_a_database_without_a_workspace_is_named(pg_url, tmp_path):
    with pytest.raises(WorkspaceError, match="not a leerlib workspace"):
        Workspace.open(pg_url)


@pytest.fixture
def rev0001(tmp_path):
    """A copy of the committed workspace made with schema revision 0001 (the sample's round
    2025 imported with the alias file, one name resolved, links issued, one revoked)."""
    dest = tmp_path / "old.leerlib"
    shutil.copy(FIXTURES / "workspace_rev0001.leerlib", dest)
    shutil.copy(FIXTURES / "workspace_rev0001.leerlib.key", str(dest) + ".key")
    os.chmod(str(dest) + ".key", 0o600)
    return dest


def test_a_workspace_of_the_first_schema_needs_an_upgrade_then_opens(rev0001):
    from leerlib.workspace._db import current_revision, head_revision

    stored = stored_tables(rev0001)
    with pytest.raises(WorkspaceUpgradeError, match="needs an upgrade") as err:
        Workspace.open(rev0001)
    assert "leerlib workspace upgrade" in str(err.value) and str(rev0001) in str(err.value)
    assert Workspace.upgrade(rev0001) == ("0001", head_revision())
    assert Workspace.upgrade(rev0001) == (head_revision(), head_revision())
    with Workspace.open(rev0001) as ws:
        assert ws.rounds == ["2025"]
        # the round as it was stored at revision 0001, read with plain SQL (the cleaning of
        # today may differ: a stored round keeps the decisions it was made with)
        assert_stored_round(ws.survey("2025"), stored)
        assert ws.org.name == "Stichting Samen Leren"
        # revision 0002 gave every round a label: its name
        assert ws.round_table()["label"].tolist() == ["2025"]
        decisions = ws.aliases().set_index("alias")
        assert decisions.loc["Juffrouw Floor", "person_id"] == "P0104"
        links = ws.links()
        assert links.loc[links["revoked_at"].notna(), "person_id"].tolist() == ["P0002"]
        with ws._engine.connect() as conn:
            assert current_revision(conn) == head_revision()
        ws.add_round(leerlib.load_sample("2026"), label="Voorjaar 2026")
        assert ws.rounds == ["2025", "2026"]


def test_the_upgrade_command_on_the_first_schema(rev0001):
    res = subprocess.run(
        [sys.executable, "-m", "leerlib", "workspace", "upgrade", str(rev0001)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "upgraded from schema revision 0001" in res.stdout
    with Workspace.open(rev0001) as ws:
        assert ws.rounds == ["2025"]


def test_a_workspace_of_a_newer_leerlib_is_refused(rev0001):
    con = sqlite3.connect(rev0001)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(WorkspaceUpgradeError, match="newer leerlib"):
        Workspace.open(rev0001)
    with pytest.raises(WorkspaceUpgradeError, match="newer leerlib"):
        Workspace.upgrade(rev0001)


def test_upgrade_from_the_first_schema_keeps_every_row(ws_2025):
    """On both backends: a workspace taken back to revision 0001 (with its round) needs an
    upgrade, and the upgrade keeps every row of the round."""
    from alembic import command

    from leerlib.workspace._db import _alembic_config, head_revision

    target, key_file = ws_2025
    ws = Workspace.open(target, key_file=key_file)
    with ws._engine.connect() as conn:
        if "://" not in target:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        with conn.begin():
            command.downgrade(_alembic_config(conn), "0001")
    ws.close()
    with pytest.raises(WorkspaceUpgradeError, match="needs an upgrade"):
        Workspace.open(target, key_file=key_file)
    assert Workspace.upgrade(target) == ("0001", head_revision())
    with Workspace.open(target, key_file=key_file) as ws:
        assert_same_tables(ws.survey("2025"), leerlib.load_sample("2025"))
        assert ws.round_table()["label"].tolist() == ["2025"]
