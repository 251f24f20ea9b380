"""The researcher's commands of a round asked inside leerlib (``leerlib workspace collect-open``,
``invitations``, ``monitor``, ``not-answered``, ``collect-close``), run in this process."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import leerlib
from leerlib.__main__ import main
from leerlib.workspace import Workspace


def run(capsys, *args) -> tuple[int, str, str]:
    status = main(["workspace", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_open_invite_monitor_remind_close(tmp_path, capsys):
    """The sample's latest staff list (2026: 149 colleagues; P0001's team has 6): P0001 and
    P0002 (same team) answer; the monitor shows 2 of 6 there, the reminder list the other 147."""
    path = tmp_path / "school.leerlib"
    assert run(capsys, "init", path, "--sample")[0] == 0
    codebook = leerlib.sample_paths()["codebook_2025"]
    status, out, _ = run(capsys, "collect-open", path, "--round", "2027", "--codebook", codebook)
    assert status == 0 and "opened round 2027: 5 topics, 5 value items" in out
    status, out, _ = run(capsys, "invitations", path, "--base-url", "https://leren.example/")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and len(rows) == 149  # the latest round (2026) is the staff list
    first = urlparse(rows[0]["url"])
    assert first.path == "/vragenlijst" and rows[0]["email"].endswith("@samenleren.example")
    query = parse_qs(first.query)
    with Workspace.open(path) as ws:
        # the invitation's code is the person's personal link: it opens their page too
        assert ws.link_status(query["persoon"][0], query["code"][0]) == "valid"
        ws.record_tie("2027", "P0001", "ict", target="P0002")
        ws.record_nobody("2027", "P0002", "ict")
        team = ws.collect_form("2027").staff.set_index("person_id")["team"]["P0001"]
    status, out, _ = run(capsys, "monitor", path)
    line = next(x for x in out.splitlines() if x.strip().startswith(team))
    assert line.split()[-5:] == ["6", "2", "0", "0.333", "False"]
    status, out, _ = run(capsys, "not-answered", path)
    left = list(csv.DictReader(io.StringIO(out)))
    assert len(left) == 149 - 2 and {"P0001", "P0002"}.isdisjoint(r["person_id"] for r in left)
    status, out, _ = run(capsys, "collect-close", path)
    assert status == 0 and "round 2027:" in out and "1 ties" in out
    status, _, err = run(capsys, "monitor", path)
    assert status == 1 and "no round is open" in err
    with Workspace.open(path) as ws:
        assert ws.rounds == ["2025", "2026", "2027"]
