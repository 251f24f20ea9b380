"""Rounds asked inside leerlib (leerlib.workspace.collect): storage, history, keep-up, tables;
on SQLite and PostgreSQL (the ``backend`` fixture of tests/pg_cluster.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pandas as pd
import pytest

import leerlib
from leerlib.workspace import Workspace, WorkspaceError
from leerlib.workspace.collect import MAX_EXTERNAL, search_staff

T0 = datetime(2027, 3, 1, 10, 0)

#: (respondent, topic, named person_id or outsider text, frequency, usefulness), in order given.
TIES = [
    ("P0001", "didactiek", "P0002", "Wekelijks", "Nuttig"),
    ("P0001", "didactiek", "P0003", "Dagelijks", "Zeer nuttig"),
    ("P0001", "ict", "Marco Visser (gemeente)", "Maandelijks", "Een beetje nuttig"),
    ("P0002", "zorg", "P0001", "Minder dan maandelijks", "Niet nuttig"),
    ("P0005", "didactiek", "P0006", "Wekelijks", "Nuttig"),
    ("P0005", "toetsing", "P0007", "Wekelijks", "Nuttig"),
]
#: (respondent, value item number, answer)
VALUES = [("P0001", 0, "Mee eens"), ("P0001", 4, "Neutraal"), ("P0005", 2, "Helemaal mee eens")]


@pytest.fixture
def ws(ws_target):
    target, key_file = ws_target
    w = Workspace.create(target, org="Stichting Samen Leren", key_file=key_file)
    w.add_round(leerlib.load_sample("2025"), name="2025")
    w.open_collection("2027", leerlib.sample_paths()["codebook_2025"])
    yield w
    w.close()


def _give(ws, name="2027"):
    """Give TIES and VALUES one minute apart; return each respondent's last time."""
    last, t = {}, T0
    for who, topic, named, freq, use in TIES:
        if named.startswith("P0"):
            ws.record_tie(name, who, topic, target=named, frequency=freq, usefulness=use, now=t)
        else:
            ws.record_tie(name, who, topic, external=named, frequency=freq, usefulness=use, now=t)
        last[who], t = t, t + timedelta(minutes=1)
    for who, item, answer in VALUES:
        ws.record_value(name, who, item, answer, now=t)
        last[who], t = t, t + timedelta(minutes=1)
    return last


def _export_of_the_same_answers(tmp_path, last):
    """The same answers as a survey tool's export in the sample's own layout (names typed as
    the staff list writes them, respondents by e-mail, cp1252 and ";"), read with the sample's
    own codebook."""
    paths = leerlib.sample_paths()
    roster = pd.read_csv(paths["roster_2025"])
    name = dict(zip(roster["person_id"], roster["name"], strict=True))
    email = dict(zip(roster["person_id"], roster["email"], strict=True))
    topics = ["didactiek", "ict", "zorg", "toetsing", "klassenmanagement"]
    items = [
        "De gesprekken met collega's waren de moeite waard",
        "Ik heb ideeën opgedaan die ik kan gebruiken",
        "Ik heb iets wat ik van collega's leerde in mijn klas toegepast",
        "Dat heeft merkbaar verschil gemaakt voor mijn leerlingen",
        "Ik ben anders gaan denken over goed onderwijs",
    ]
    header = ["Tijdstempel", "E-mailadres", "Voltooid"]
    for t in topics:
        for k in range(1, 6):
            header += [f"{t}_{k}", f"{t}_{k}_freq", f"{t}_{k}_nut"]
    header += items
    rows = []
    for who in dict.fromkeys(w for w, *_ in TIES):
        row = dict.fromkeys(header, "")
        row.update({"Tijdstempel": last[who].strftime("%d-%m-%Y %H:%M"), "E-mailadres": email[who]})
        row["Voltooid"] = "Ja"
        for t in topics:
            mine = [x for x in TIES if x[0] == who and x[1] == t]
            for k, (_, _, named, freq, use) in enumerate(mine, start=1):
                row[f"{t}_{k}"] = name.get(named, named)
                row[f"{t}_{k}_freq"], row[f"{t}_{k}_nut"] = freq, use
        for w, item, answer in VALUES:
            if w == who:
                row[items[item]] = answer
        rows.append(row)
    export = tmp_path / "2027.csv"
    pd.DataFrame(rows, columns=header).to_csv(export, sep=";", index=False, encoding="cp1252")
    cb = (
        paths["codebook_2025"].read_text(encoding="utf-8").replace('wave = "2025"', 'wave = "2027"')
    )
    (tmp_path / "codebook.toml").write_text(cb, encoding="utf-8")
    return leerlib.load_survey(export, paths["roster_2025"], tmp_path / "codebook.toml")


def test_answers_give_the_tables_an_export_of_the_same_answers_gives(ws, tmp_path):
    """Six ties (one to an outsider) and three value answers, given through the API, are the
    tables that the same answers typed into the sample's export layout give; only the tie's
    provenance differs: picked from the staff list (raw_name the person_id) instead of a typed
    name matched exactly."""
    last = _give(ws)
    got = ws.collected_survey("2027")
    want = _export_of_the_same_answers(tmp_path, last)
    assert (
        got.ties["match"] == ["picked", "picked", "external", "picked", "picked", "picked"]
    ).all()
    assert set(want.ties["match"]) == {"exact", "external"}
    key = ["source", "target", "topic"]
    prov = ["raw_name", "match"]
    pd.testing.assert_frame_equal(
        got.ties.drop(columns=prov).sort_values(key).reset_index(drop=True),
        want.ties.drop(columns=prov).sort_values(key).reset_index(drop=True),
        check_dtype=False,
    )
    pd.testing.assert_frame_equal(got.people, want.people, check_dtype=False)
    pd.testing.assert_frame_equal(got.responses, want.responses)
    pd.testing.assert_frame_equal(got.value, want.value)
    assert len(got.ties) == len(TIES)
    assert got.responses["responded"].sum() == 3  # P0001, P0002, P0005 answered
    # every analysis takes it: the graph has the six ties (hand count above)
    assert leerlib.build_graph(got).number_of_edges() == len(TIES)


def test_every_change_keeps_its_time_and_a_retry_is_stored_once(ws):
    """Stored, retried (no new row), changed (old row ended at the change, new row from it),
    dropped (ended): three rows in the history, none overwritten."""
    t1, t2, t3 = T0, T0 + timedelta(hours=1), T0 + timedelta(days=30)
    kw = {"target": "P0002", "usefulness": "Nuttig"}
    assert ws.record_tie("2027", "P0001", "ict", frequency="Wekelijks", now=t1, **kw) == "stored"
    assert ws.record_tie("2027", "P0001", "ict", frequency="Wekelijks", now=t2, **kw) == "unchanged"
    assert ws.record_tie("2027", "P0001", "ict", frequency="Dagelijks", now=t2, **kw) == "changed"
    assert ws.drop_tie("2027", "P0001", "ict", target="P0002", now=t3) == "dropped"
    h = ws.answers("2027", "P0001", history=True)
    assert h["frequency"].tolist() == ["Wekelijks", "Dagelijks"]
    assert h["recorded_at"].tolist() == [t1, t2]
    assert h["ended_at"].tolist() == [t2, t3]
    assert ws.answers("2027", "P0001").empty
    assert ws.collected_survey("2027").ties.empty


def test_refusals(ws):
    with pytest.raises(WorkspaceError, match="not on the staff list"):
        ws.record_tie("2027", "P0001", "ict", target="P9999")
    with pytest.raises(WorkspaceError, match="not on round"):
        ws.record_tie("2027", "P9999", "ict", target="P0001")
    with pytest.raises(WorkspaceError, match="oneself"):
        ws.record_tie("2027", "P0001", "ict", target="P0001")
    for topic in ("sport", None, ""):
        with pytest.raises(WorkspaceError, match="no topic"):
            ws.record_tie("2027", "P0001", topic, target="P0002")
    with pytest.raises(WorkspaceError, match="no topic"):
        ws.record_nobody("2027", "P0001", None)
    with pytest.raises(WorkspaceError, match="frequency scale"):
        ws.record_tie("2027", "P0001", "ict", target="P0002", frequency="Soms")
    with pytest.raises(WorkspaceError, match="at most"):
        ws.record_tie("2027", "P0001", "ict", external="x" * (MAX_EXTERNAL + 1))
    for bad in ("P0002", "niemand", "  "):
        with pytest.raises(WorkspaceError):
            ws.record_tie("2027", "P0001", "ict", external=bad)
    with pytest.raises(WorkspaceError, match="open already"):
        ws.open_collection("2028", leerlib.sample_paths()["codebook_2025"])
    ws.close_collection("2027")
    with pytest.raises(WorkspaceError, match="closed"):
        ws.record_tie("2027", "P0001", "ict", target="P0002")


def test_close_stores_the_round_and_the_next_round_starts_from_it(ws):
    """Closing stores the round like an import (listed, same tables); the next round proposes
    each respondent's relations of last time until confirmed, changed or dropped."""
    _give(ws)
    collected = ws.collected_survey("2027")
    ws.close_collection("2027")
    assert ws.rounds == ["2025", "2027"]
    stored = ws.survey("2027")
    for tbl in ("people", "ties", "responses", "value"):
        pd.testing.assert_frame_equal(getattr(stored, tbl), getattr(collected, tbl), obj=tbl)
    # the round comparison takes it like an imported round: 5 ties among colleagues (the
    # sixth is to an outsider, left out as internal_only says)
    cmp = leerlib.compare_rounds(ws.survey(["2025", "2027"]), "2025", "2027")
    assert cmp.graphs["after"].number_of_edges() == 5
    assert int(cmp.network.loc["ties", "after"]) == 5
    ws.open_collection("2028", leerlib.sample_paths()["codebook_2025"])
    proposed = ws.carried_over("2028", "P0001")
    assert [(p["topic"], p["target"] or p["external"]) for p in proposed] == [
        ("didactiek", "P0002"),
        ("didactiek", "P0003"),
        ("ict", "Marco Visser (gemeente)"),
    ]
    ws.record_tie("2028", "P0001", "didactiek", target="P0002", frequency="Wekelijks")  # confirm
    ws.drop_tie("2028", "P0001", "ict", external="Marco Visser (gemeente)")  # drop
    left = ws.carried_over("2028", "P0001")
    assert [(p["topic"], p["target"]) for p in left] == [("didactiek", "P0003")]
    assert ws.collected_survey("2028").ties[["source", "target"]].values.tolist() == [
        ["P0001", "P0002"]
    ]


def test_response_monitor_hides_small_teams_and_lists_who_has_not_answered(ws):
    """P0001, P0002 (team "Regenboog ondersteuning", 6 people in the sample) and P0005
    ("Regenboog ondersteuning" too) answer; with a minimum group of 7 that team is hidden."""
    _give(ws)
    team = ws.collect_form("2027").staff.set_index("person_id")["team"]
    assert team[["P0001", "P0002", "P0005"]].nunique() == 1
    mon = ws.response_monitor("2027").set_index("team")
    row = mon.loc[team["P0001"]]
    assert (row["members"], row["answered"], row["hidden"]) == (6, 3, False)
    hidden = ws.response_monitor("2027", min_group=7).set_index("team").loc[team["P0001"]]
    assert hidden["hidden"] and pd.isna(hidden["answered"])
    missing = ws.not_answered("2027")
    assert len(missing) == 150 - 3 and not {"P0001", "P0002", "P0005"} & set(missing["person_id"])


TYPED = [
    ("vermeulen", "Zoë Vermeulen"),
    ("zoe verm", "Zoë Vermeulen"),
    ("Vermeulen, Zoë", "Zoë Vermeulen"),
    ("broek sophie", "Sophie van den Broek"),
    ("van den broek", "Sophie van den Broek"),
    ("sophie v.d. broek", "Sophie van den Broek"),
    ("linden", "Tim van der Linden"),
    ("LOIS", "Loïs Maas"),
]


def test_type_ahead_forgives_diacritics_particles_and_surname_first():
    """Names from the sample's staff list (roster_2025.csv rows P0003, P0012, P0006, P0004);
    every hit shows school and team."""
    from leerlib.workspace.collect import CollectForm

    staff = pd.read_csv(leerlib.sample_paths()["roster_2025"], dtype=str)
    form = CollectForm(1, "r", "r", [], {}, [], staff, None, False, {}, {})
    for typed, expected in TYPED:
        hits = search_staff(form, typed)
        assert expected in [p["name"] for p in hits], typed
        assert all(p["school"] and p["team"] for p in hits)
    assert "P0003" not in [p["person_id"] for p in search_staff(form, "verm", exclude="P0003")]
    assert search_staff(form, "") == [] and search_staff(form, "qqqq") == []


def test_a_round_closed_elsewhere_takes_no_late_answer(ws, ws_target):
    """A second process (here a second Workspace object, which keeps the round's form) saves
    after the first closed the round: refused, nothing stored after the close."""
    target, key_file = ws_target
    other = Workspace.open(target, key_file=key_file)
    try:
        assert other.record_tie("2027", "P0001", "ict", target="P0002") == "stored"
        ws.close_collection("2027")
        with pytest.raises(WorkspaceError, match="closed"):
            other.record_tie("2027", "P0001", "ict", target="P0003")
        with pytest.raises(WorkspaceError, match="closed"):
            other.drop_tie("2027", "P0001", "ict", target="P0002")
        assert len(ws.answers("2027", history=True)) == 1
    finally:
        other.close()


def test_a_copy_to_the_other_backend_keeps_answers_and_their_history(
    ws, backend, tmp_path, request
):
    """SQLite -> PostgreSQL and back: the open round, every answer row with its times; the
    copy takes new answers (its id counters go on)."""
    _give(ws)
    ws.record_tie("2027", "P0001", "ict", external="Marco Visser (gemeente)", frequency="Dagelijks")
    dest = request.getfixturevalue("pg_url") if backend == "sqlite" else str(tmp_path / "c.leerlib")
    copy = ws.copy_to(dest)
    try:
        pd.testing.assert_frame_equal(
            copy.answers("2027", history=True), ws.answers("2027", history=True)
        )
        pd.testing.assert_frame_equal(copy.collection_rounds(), ws.collection_rounds())
        assert copy.record_tie("2027", "P0007", "zorg", target="P0001") == "stored"
        copy.close_collection("2027")
        assert copy.rounds == ["2025", "2027"]
    finally:
        copy.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_hr_overview_offers_a_closed_round_and_compares_it(ws, ws_target):
    """After the close the HR overview lists the round by its label, starts at it and compares
    it with the round before (its map has the six ties of TIES, one to an outsider)."""
    from leerlib.dashboards import OverviewApp

    _give(ws)
    ws.close_collection("2027")
    app = OverviewApp(workspace=ws_target[0])
    assert app.message.value == ""
    assert app.wave.options == (("2025", "2025"), ("2027", "2027"))
    assert app.wave.value == "2027" and app.survey.waves == ["2025", "2027"]
    assert app.graph(None).number_of_edges() == len(TIES)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_hr_overview_shows_the_open_rounds_response_per_team(ws, ws_target):
    """The sample's 2025 staff list (hand count of roster_2025.csv: three "ondersteuning"
    teams of 6, the other nine teams 13 to 17). TIES and VALUES come from P0001, P0002 and
    P0005 (all three in Regenboog ondersteuning), P0005 says klaar, P0007 (Regenboog
    onderbouw, 15) says nobody: 3 of 6 (1 done, 50%) and 1 of 15 (7%). With a threshold of 7
    the three teams of 6 are left out and said to be; no name is shown; after the close the
    monitor is gone."""
    from leerlib.dashboards import OverviewApp

    _give(ws)
    ws.mark_done("2027", "P0005")
    ws.record_nobody("2027", "P0007", "ict")

    def rows(html_text):
        return [
            re.findall(r"<td>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", html_text)
        ]

    app = OverviewApp(workspace=ws_target[0])
    shown = app.monitor.value
    assert "Respons op de open ronde 2027" in shown
    table = {r[0]: r[1:] for r in rows(shown) if r}
    assert len(table) == 12
    assert table["Regenboog ondersteuning"] == ["3 van 6", "1", "50%"]
    assert table["Regenboog onderbouw"] == ["1 van 15", "0", "7%"]
    assert table["Kompas bovenbouw"] == ["0 van 15", "0", "0%"]
    assert "niet getoond" not in shown and "Thijs de Jong" not in shown

    app = OverviewApp(workspace=ws_target[0], threshold=7, lang="en")
    shown = app.monitor.value
    table = {r[0]: r[1:] for r in rows(shown) if r}
    assert len(table) == 9 and not any("ondersteuning" in team for team in table)
    assert table["Regenboog onderbouw"] == ["1 of 15", "0", "7%"]
    assert "3 team(s) with fewer than 7 colleagues not shown" in shown

    ws.close_collection("2027")
    assert OverviewApp(workspace=ws_target[0]).monitor.value == ""
