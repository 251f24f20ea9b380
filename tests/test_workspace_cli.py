"""The command line `python -m leerlib workspace ...`, run as a user runs it (subprocess)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import leerlib
import leerlib.__main__
from leerlib.privacy.keys import load_key
from leerlib.privacy.links import personal_code

REPO = Path(__file__).resolve().parents[1]


def cli(*args, cwd=None, env=None):
    """Run ``python -m leerlib`` with this checkout's leerlib; returns the CompletedProcess."""
    full_env = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
    full_env.pop("LEERLIB_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "leerlib", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def place(ws_target):
    """PATH for the command line and the key options: (path_or_url, [--key-file F] or [])."""
    target, key_file = ws_target
    return target, ([] if key_file is None else ["--key-file", key_file])


def test_init_sample_list_links_revoke(place, tmp_path):
    path, key = place
    res = cli("workspace", "init", path, "--sample", *key)
    assert res.returncode == 0, res.stderr
    for wave in ("2025", "2026"):  # the summary states the sizes of the cleaned rounds
        assert f"round {wave}: {len(leerlib.load_sample(wave).people)} people" in res.stdout

    res = cli("workspace", "list", path, *key)
    assert res.returncode == 0, res.stderr
    assert "Stichting Samen Leren" in res.stdout
    lines = {ln.split()[0]: ln.split() for ln in res.stdout.splitlines()[2:]}
    for wave in ("2025", "2026"):
        s = leerlib.load_sample(wave)
        # round, label, date, time, UTC, people, internal, responded, ties, log, ...
        assert lines[wave][5:10] == [
            str(len(s.people)),
            str(int(s.people["internal"].sum())),
            str(int(s.responses["responded"].sum())),
            str(len(s.ties)),
            str(len(s.log)),
        ]

    res = cli(
        "workspace", "links", path, "--base-url", "https://leren.example", "--expires", "14", *key
    )
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    people = leerlib.load_sample("2026").people
    assert [r["person_id"] for r in rows] == people[people["internal"]]["person_id"].tolist()
    assert list(rows[0]) == ["person_id", "name", "url"]
    key_path = key[1] if key else path + ".key"
    first = rows[0]
    assert first["url"].endswith(f"code={personal_code(first['person_id'], load_key(key_path))}")

    res = cli("workspace", "revoke", path, first["person_id"], *key)
    assert res.returncode == 0 and "revoked 1 link" in res.stdout
    again = list(
        csv.DictReader(
            io.StringIO(
                cli("workspace", "links", path, "--base-url", "https://leren.example", *key).stdout
            )
        )
    )
    assert again[0]["url"] != first["url"] and again[1]["url"] == rows[1]["url"]


def test_import_refuses_an_existing_round_unless_replace(place):
    path, key = place
    p = leerlib.sample_paths()
    assert cli("workspace", "init", path, "--org", "School", *key).returncode == 0
    args = [
        "workspace",
        "import",
        path,
        "--round",
        "2025",
        "--survey",
        p["survey_2025"],
        "--roster",
        p["roster_2025"],
        "--codebook",
        p["codebook_2025"],
        "--aliases",
        p["aliases"],
        *key,
    ]
    first = cli(*args)
    assert first.returncode == 0, first.stderr
    assert f"cleaning log: {len(leerlib.load_sample('2025').log)} rows" in first.stdout
    second = cli(*args)
    assert second.returncode == 1
    assert "exists already" in second.stderr and "--replace" in second.stderr
    assert second.stderr.strip().count("\n") == 0
    assert cli(*args, "--replace").returncode == 0


def test_backup_and_upgrade(tmp_path):
    path = tmp_path / "school.leerlib"
    assert cli("workspace", "init", path, "--org", "School").returncode == 0
    res = cli("workspace", "backup", path, tmp_path / "copy.leerlib")
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "copy.leerlib").is_file()
    res = cli("workspace", "upgrade", path)
    assert res.returncode == 0 and "nothing to do" in res.stdout


def _text_file(tmp_path):
    f = tmp_path / "staff.csv"
    f.write_text("person_id,name\nP1,An\n")
    return f


@pytest.mark.parametrize(
    "make_args, expected",
    [
        (lambda t: ["workspace", "list", t / "missing.leerlib"], "no workspace here"),
        (lambda t: ["workspace", "list", _text_file(t)], "not a leerlib workspace"),
        (lambda t: ["workspace", "init", _text_file(t), "--org", "X"], "exists here already"),
        (lambda t: ["workspace", "init", t / "new.leerlib"], "needs --org"),
        (lambda t: ["workspace", "list", "mysql://db.example/x"], "unsupported database"),
    ],
    ids=["missing", "not-a-workspace", "init-over-a-file", "init-without-org", "other-database"],
)
def test_errors_are_one_line_and_fail(tmp_path, make_args, expected):
    res = cli(*make_args(tmp_path))
    assert res.returncode == 1
    assert expected in res.stderr
    assert res.stderr.startswith("leerlib: error: ")
    assert res.stderr.strip().count("\n") == 0, res.stderr
    assert "Traceback" not in res.stderr


def test_import_of_a_missing_file_names_it(tmp_path):
    path = tmp_path / "school.leerlib"
    assert cli("workspace", "init", path, "--org", "School").returncode == 0
    p = leerlib.sample_paths()
    res = cli(
        "workspace",
        "import",
        path,
        "--round",
        "2025",
        "--survey",
        tmp_path / "gone.csv",
        "--roster",
        p["roster_2025"],
        "--codebook",
        p["codebook_2025"],
    )
    assert res.returncode == 1
    assert "gone.csv" in res.stderr and res.stderr.strip().count("\n") == 0


def test_console_script_points_at_main():
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, func = scripts["leerlib"].partition(":")
    assert module == "leerlib.__main__" and callable(getattr(leerlib.__main__, func, None))


def _readme_shell_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_the_readme_workspace_commands_run_as_written(tmp_path, monkeypatch):
    """The README's tour on the command line, from a clone's folder (``data/sample`` there):
    init, import and links run as written; the links file has one link per colleague on the
    2025 staff list (the sample's roster_2025.csv, read here with csv), each with that person's
    code under the key made beside the workspace; the serve line names that workspace, and
    the server accepts it."""
    import shlex

    commands = _readme_shell_commands()
    assert [shlex.split(c)[:3] for c in commands[:3]] == [
        [".venv/bin/leerlib", "workspace", verb] for verb in ("init", "import", "links")
    ]
    (tmp_path / "data").symlink_to(REPO / "data")
    for command in commands[:3]:
        argv, _, out = command.partition(">")
        res = cli(*shlex.split(argv)[1:], cwd=tmp_path)
        assert res.returncode == 0, (command, res.stderr)
        if out:
            (tmp_path / out.strip()).write_text(res.stdout, encoding="utf-8")
    with open(REPO / "data" / "sample" / "roster_2025.csv", newline="", encoding="utf-8-sig") as fh:
        staff = {row["person_id"] for row in csv.DictReader(fh)}
    with open(tmp_path / "links.csv", newline="", encoding="utf-8") as fh:
        links = list(csv.DictReader(fh))
    assert {row["person_id"] for row in links} == staff
    key = load_key(tmp_path / "school.leerlib.key")
    for row in links:
        assert row["url"].startswith("http://127.0.0.1:8866/")
        assert f"code={personal_code(row['person_id'], key)}" in row["url"]
    serve = shlex.split(commands[3])
    assert serve[1:] == ["-m", "leerlib.serve", "--workspace", "school.leerlib"]
    from leerlib import serve as serve_module

    monkeypatch.chdir(tmp_path)
    for name in ("LEERLIB_KEY", "LEERLIB_WORKSPACE", "LEERLIB_DEMO"):
        monkeypatch.setenv(name, "")  # recorded, so that what serve sets is undone afterwards
        monkeypatch.delenv(name)
    assert serve_module._workspace_problem(serve[-1]) is None
