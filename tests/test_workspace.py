"""The stored workspace (leerlib.workspace): round trips, decisions, key, links; on SQLite and
PostgreSQL (the ``backend`` fixture of tests/pg_cluster.py runs each test on both)."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from datetime import datetime, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

import leerlib
from leerlib.errors import PrivacyError, SchemaError
from leerlib.privacy.keys import key_check, load_key
from leerlib.privacy.links import personal_code
from leerlib.workspace import Workspace, WorkspaceError

TABLES = ["people", "ties", "responses", "value", "log"]


def assert_same_tables(got, expected):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name), obj=name)


@pytest.fixture
def ws(ws_target):
    target, key_file = ws_target
    w = Workspace.create(target, org="Stichting Samen Leren", key_file=key_file)
    yield w
    w.close()


@pytest.fixture
def ws_sample(ws):
    """A workspace with both sample rounds, added as the cleaned Survey objects."""
    for wave in ("2025", "2026"):
        ws.add_round(leerlib.load_sample(wave), name=wave)
    return ws


@pytest.mark.parametrize("wave", ["2025", "2026"])
def test_round_trip_is_exact(ws, wave):
    """A stored round comes back with the same tables, column order and dtypes."""
    expected = leerlib.load_sample(wave)
    ws.add_round(leerlib.load_sample(wave), name=wave)
    got = ws.survey([wave])
    assert_same_tables(got, expected)
    assert got.topics == expected.topics
    assert got.waves == [wave]
    assert got.consent_names == expected.consent_names


def test_several_rounds_combine_like_combine_waves(ws_sample):
    expected = leerlib.load_sample()  # the two rounds through leerlib.combine_waves
    got = ws_sample.survey()
    assert got.waves == ["2025", "2026"]
    assert_same_tables(got, expected)
    assert_same_tables(ws_sample.survey(["2026", "2025"]), expected)


def test_people_keep_their_id_across_rounds(ws_sample):
    """Person P0001 is on both sample rosters (roster_2025.csv row 2, roster_2026.xlsx):
    one person in the workspace, a staff row in each round."""
    both = ws_sample.survey()
    r25, r26 = ws_sample.survey("2025"), ws_sample.survey("2026")
    assert "P0001" in set(r25.people["person_id"]) & set(r26.people["person_id"])
    assert both.people["person_id"].is_unique
    stayed = set(r25.people["person_id"]) & set(r26.people["person_id"])
    left = set(r25.people["person_id"]) - set(r26.people["person_id"])
    assert stayed and left  # the sample has people who left between the rounds


def test_round_names_and_refusals(ws):
    s = leerlib.load_sample("2025")
    ws.add_round(s, name="2025")
    assert ws.rounds == ["2025"]
    with pytest.raises(WorkspaceError, match="exists already"):
        ws.add_round(leerlib.load_sample("2025"), name="2025")
    with pytest.raises(WorkspaceError, match="one round at a time"):
        ws.add_round(leerlib.load_sample(), name="both")
    with pytest.raises(WorkspaceError, match="no round '2030'"):
        ws.survey("2030")


def test_replace_swaps_the_round_in_one_go(ws):
    s = leerlib.load_sample("2025")
    ws.add_round(s, name="2025")
    fewer = leerlib.load_sample("2025")
    fewer.ties = fewer.ties.iloc[:100].reset_index(drop=True)
    ws.add_round(fewer, name="2025", replace=True)
    assert ws.rounds == ["2025"]
    assert_same_tables(ws.survey("2025"), fewer)


def test_a_round_renamed_relabels_its_wave(ws):
    ws.add_round(leerlib.load_sample("2025"), name="voorjaar")
    got = ws.survey("voorjaar")
    assert got.waves == ["voorjaar"]
    for name in ("ties", "responses", "value", "log"):
        df = getattr(got, name)
        assert (df["wave"] == "voorjaar").all(), name
    assert got.ties["wave"].dtype == leerlib.load_sample("2025").ties["wave"].dtype


def test_a_survey_that_breaks_the_contract_is_refused_whole(ws):
    bad = leerlib.load_sample("2025")
    bad.ties.loc[0, "target"] = bad.ties.loc[0, "source"]  # a self-tie
    with pytest.raises(SchemaError, match="self-tie"):
        ws.add_round(bad, name="2025")
    assert ws.rounds == []


def test_no_rounds_yet(ws):
    assert ws.rounds == []
    with pytest.raises(WorkspaceError, match="no rounds yet"):
        ws.survey()


def test_organisation_settings(ws_target):
    target, key_file = ws_target
    ws = Workspace.create(
        target, org="  De  Regenboog ", language="en", min_group_size=7, key_file=key_file
    )
    wid = ws.id
    assert len(wid) == 32
    ws.set_org(names_allowed=True)
    ws.close()
    ws = Workspace.open(target, key_file=key_file)
    org = ws.org
    assert (org.name, org.language, org.min_group_size, org.names_allowed) == (
        "De Regenboog",
        "en",
        7,
        True,
    )
    assert ws.id == wid
    with pytest.raises(WorkspaceError, match="language"):
        ws.set_org(language="de")
    with pytest.raises(WorkspaceError, match="cannot change"):
        ws.set_org(key_check="00000000")
    ws.close()


def test_create_refuses_an_existing_workspace(ws, ws_target):
    target, key_file = ws_target
    with pytest.raises(WorkspaceError, match="exists here already|holds a workspace already"):
        Workspace.create(target, org="Again", key_file=key_file)


def test_key_lives_beside_an_sqlite_workspace_never_in_it(tmp_path, monkeypatch):
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    path = tmp_path / "school.leerlib"
    ws = Workspace.create(path, org="School")
    ws.add_round(leerlib.load_sample("2025"))
    ws.personal_links("https://leren.example")
    ws.close()
    key_path = tmp_path / "school.leerlib.key"
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    key = load_key(key_path)
    ws = Workspace.open(path)
    assert ws.org.key_check == key_check(key)
    assert ws.key == key
    ws.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("school.leerlib*") if p != key_path)
    assert key not in stored and key.hex().encode() not in stored


def test_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LEERLIB_KEY", "0123456789abcdef0123456789abcdef")
    path = tmp_path / "school.leerlib"
    Workspace.create(path, org="School").close()
    assert not (tmp_path / "school.leerlib.key").exists()
    ws = Workspace.open(path)
    assert ws.key == b"0123456789abcdef0123456789abcdef"
    monkeypatch.setenv("LEERLIB_KEY", "another key of sixteen bytes or more")
    ws2 = Workspace.open(path)
    with pytest.raises(PrivacyError, match="not the workspace's key"):
        _ = ws2.key
    ws.close()
    ws2.close()


def test_postgresql_needs_a_key_outside_the_database(pg_url, monkeypatch):
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    with pytest.raises(WorkspaceError, match="key_file"):
        Workspace.create(pg_url, org="School")


def test_sources_are_fingerprinted_not_copied(ws):
    paths = leerlib.sample_paths()
    ws.import_round(
        "2025", paths["survey_2025"], paths["roster_2025"], paths["codebook_2025"], paths["aliases"]
    )
    src = ws.sources("2025").set_index("role")
    for role, key in [
        ("survey", "survey_2025"),
        ("roster", "roster_2025"),
        ("codebook", "codebook_2025"),
        ("aliases", "aliases"),
    ]:
        data = paths[key].read_bytes()
        assert src.loc[role, "file"] == paths[key].name
        assert src.loc[role, "size"] == len(data) == os.path.getsize(paths[key])
        assert src.loc[role, "sha256"] == hashlib.sha256(data).hexdigest()
    assert ws.codebook_text("2025") == paths["codebook_2025"].read_text(encoding="utf-8")


def test_imported_decisions_serve_the_next_round(ws):
    """The alias file is given with round 2025 only; round 2026 imported without it comes out
    as the sample's own load of 2026 with the alias file (leerlib.load_sample)."""
    paths = leerlib.sample_paths()
    ws.import_round(
        "2025", paths["survey_2025"], paths["roster_2025"], paths["codebook_2025"], paths["aliases"]
    )
    n_alias_rows = len(pd.read_csv(paths["aliases"]).drop_duplicates("alias"))
    assert len(ws.aliases()) == n_alias_rows
    assert set(ws.aliases()["origin"]) == {"file"}
    got = ws.import_round(
        "2026", paths["survey_2026"], paths["roster_2026"], paths["codebook_2026"]
    )
    assert_same_tables(got, leerlib.load_sample("2026"))
    assert_same_tables(ws.survey("2025"), leerlib.load_sample("2025"))


@pytest.fixture
def nickname_export(tmp_path):
    """The 2025 export with one nomination of Floor Boersma (P0104 in roster_2025.csv, row 105)
    typed as 'Juffrouw Floor': the roster has two people called Floor (P0032 Floor Gerritsen,
    row 33, and P0104), so the name is ambiguous until someone resolves it by hand."""
    paths = leerlib.sample_paths()
    raw = paths["survey_2025"].read_bytes()
    assert raw.count(b"Floor Boersma") >= 1 and b"Juffrouw Floor" not in raw
    out = tmp_path / "survey_2025.csv"
    out.write_bytes(raw.replace(b"Floor Boersma", b"Juffrouw Floor", 1))
    return out


def test_a_name_resolved_by_hand_is_reused_on_reimport(ws, nickname_export):
    paths = leerlib.sample_paths()
    args = (nickname_export, paths["roster_2025"], paths["codebook_2025"], paths["aliases"])
    first = ws.import_round("2025", *args)
    assert "Juffrouw Floor" not in set(first.ties["raw_name"])
    flagged = first.log[first.log["raw_value"] == "Juffrouw Floor"]
    assert flagged["reason"].tolist() == ["ambiguous_name"]

    with pytest.raises(WorkspaceError, match="in no round"):
        ws.resolve("Juffrouw Floor", "P9999")
    ws.resolve("Juffrouw  Floor", "P0104")
    again = ws.import_round("2025", *args, replace=True)
    tie = again.ties[again.ties["raw_name"] == "Juffrouw Floor"]
    assert tie[["target", "match"]].values.tolist() == [["P0104", "alias"]]
    assert not (again.log["raw_value"] == "Juffrouw Floor").any()
    assert ws.aliases().set_index("alias").loc["Juffrouw Floor", "origin"] == "resolved"


def test_personal_links_issue_reuse_revoke_expire(ws_sample):
    ws = ws_sample
    now = datetime(2026, 5, 1, 12, 0)
    links = ws.personal_links("https://leren.example/", expires=30, now=now)
    expected_people = leerlib.load_sample("2026").people
    internal = expected_people[expected_people["internal"]]
    assert links["person_id"].tolist() == internal["person_id"].tolist()
    assert links["name"].tolist() == internal["name"].tolist()
    assert (links["expires_at"] == now + timedelta(days=30)).all()

    pid = links.loc[0, "person_id"]
    code = links.loc[0, "url"].split("&code=")[1]
    # the first link is the plain signed code of leerlib.privacy.links
    assert code == personal_code(pid, ws.key)
    assert links.loc[0, "url"] == (
        f"https://leren.example/voila/render/mijn_leernetwerk.ipynb?persoon={pid}&code={code}"
    )
    assert ws.check_link(pid, code, now=now)
    assert not ws.check_link(links.loc[1, "person_id"], code, now=now)
    assert not ws.check_link(pid, code, now=now + timedelta(days=31))  # expired

    again = ws.personal_links("https://leren.example", now=now + timedelta(days=1))
    assert again["url"].tolist() == links["url"].tolist()  # a valid link is handed out again

    assert ws.revoke(pid, now=now) == 1
    assert not ws.check_link(pid, code, now=now)
    assert ws.revoke(pid, now=now) == 0
    renewed = ws.personal_links("https://leren.example", now=now)
    new_code = renewed.loc[0, "url"].split("&code=")[1]
    assert new_code != code
    assert ws.check_link(pid, new_code, now=now) and not ws.check_link(pid, code, now=now)
    assert renewed["url"].iloc[1:].tolist() == links["url"].iloc[1:].tolist()
    table = ws.links()
    assert table[table["person_id"] == pid]["serial"].tolist() == [1, 2]
    with pytest.raises(WorkspaceError, match="in no round"):
        ws.revoke("P9999")


def test_links_need_the_right_key(tmp_path, monkeypatch):
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    path = tmp_path / "school.leerlib"
    ws = Workspace.create(path, org="School")
    ws.add_round(leerlib.load_sample("2025"))
    ws.close()
    other = tmp_path / "other.key"
    other.write_text("yet another key, also long enough\n")
    ws = Workspace.open(path, key_file=other)
    with pytest.raises(PrivacyError, match="not the workspace's key"):
        ws.personal_links("https://leren.example")
    ws.close()
    (tmp_path / "school.leerlib.key").unlink()
    ws = Workspace.open(path)
    with pytest.raises(PrivacyError, match="no key for this workspace"):
        ws.personal_links("https://leren.example")
    ws.close()


def test_backup_is_a_workspace(ws_sample, tmp_path, backend):
    if backend == "postgresql":
        with pytest.raises(WorkspaceError, match="pg_dump"):
            ws_sample.backup(tmp_path / "copy.leerlib")
        return
    dest = ws_sample.backup(tmp_path / "copy.leerlib")
    with pytest.raises(WorkspaceError, match="exists already"):
        ws_sample.backup(dest)
    shutil.copy(ws_sample.key_path, str(dest) + ".key")
    copy = Workspace.open(dest)
    assert copy.rounds == ["2025", "2026"]
    assert copy.id == ws_sample.id
    assert_same_tables(copy.survey("2026"), leerlib.load_sample("2026"))
    copy.close()


def test_schema_matches_the_tables_after_create(ws):
    """The migrations build exactly the tables leerlib.workspace._tables declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from leerlib.workspace._tables import metadata

    with ws._engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_sqlite_settings(tmp_path):
    ws = Workspace.create(tmp_path / "s.leerlib", org="School")
    with ws._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    ws.close()


def test_person_rows_are_kept_when_a_round_is_removed(ws_sample):
    links = ws_sample.personal_links("https://leren.example")
    ws_sample.remove_round("2026")
    assert ws_sample.rounds == ["2025"]
    assert len(ws_sample.links()) == len(links)
    with ws_sample._engine.connect() as conn:
        from leerlib.workspace._tables import tie

        left = conn.execute(sa.select(sa.func.count()).select_from(tie)).scalar_one()
    assert left == len(leerlib.load_sample("2025").ties)


def test_round_labels(ws):
    ws.add_round(leerlib.load_sample("2025"), label="Voorjaar  2025")
    ws.add_round(leerlib.load_sample("2026"))
    table = ws.round_table()
    assert table[["round", "label"]].values.tolist() == [
        ["2025", "Voorjaar 2025"],
        ["2026", "2026"],
    ]
    ws.set_label("2026", "Voorjaar 2026")
    assert ws.survey("2026").meta["label"] == "Voorjaar 2026"
    with pytest.raises(WorkspaceError, match="no round"):
        ws.set_label("2030", "x")


def test_copy_to_the_other_backend(ws_sample, backend, tmp_path, request):
    """SQLite -> PostgreSQL and back: every round, decision and link arrives unchanged."""
    ws_sample.resolve("Juffrouw Floor", "P0104")
    links = ws_sample.personal_links("https://leren.example")
    ws_sample.revoke("P0002")
    dest = request.getfixturevalue("pg_url") if backend == "sqlite" else str(tmp_path / "c.leerlib")
    copy = ws_sample.copy_to(dest)
    assert copy.id == ws_sample.id and copy.org == ws_sample.org
    assert_same_tables(copy.survey(), ws_sample.survey())
    pd.testing.assert_frame_equal(copy.round_table(), ws_sample.round_table())
    pd.testing.assert_frame_equal(copy.aliases(), ws_sample.aliases())
    pd.testing.assert_frame_equal(copy.links(), ws_sample.links())
    pd.testing.assert_frame_equal(copy.sources(), ws_sample.sources())
    copy._key_file, copy._key = ws_sample._key_file, None
    pid, code = links.loc[0, "url"].split("persoon=")[1].split("&code=")
    assert copy.check_link(pid, code)
    code2 = links.loc[1, "url"].split("&code=")[1]
    assert links.loc[1, "person_id"] == "P0002" and not copy.check_link("P0002", code2)
    copy.add_round(leerlib.load_sample("2025"), name="voorjaar")  # the id counters go on
    copy.resolve("Juf Floor", "P0104")
    copy.close()
    with pytest.raises(WorkspaceError, match="exists here already|not empty"):
        ws_sample.copy_to(dest)


def test_both_ends_of_a_tie_are_indexed_without_a_cascade_per_person(ws):
    """Ties are found by person through indexes; no foreign key from tie to staff is left (its
    cascade, once per deleted staff row, made replacing a round of 33,000 ties on PostgreSQL
    take 19 s, then 68 s; 3.2 s without). Ties naming someone outside the round's people are
    refused by add_round itself (test_a_survey_that_breaks_the_contract_is_refused_whole)."""
    with ws._engine.connect() as conn:
        insp = sa.inspect(conn)
        indexes = {tuple(ix["column_names"]) for ix in insp.get_indexes("tie")}
        referred = {fk["referred_table"] for fk in insp.get_foreign_keys("tie")}
    assert {("round_id", "source"), ("round_id", "target")} <= indexes
    assert referred == {"round"}


def test_a_tie_to_someone_outside_the_round_is_refused(ws):
    bad = leerlib.load_sample("2025")
    bad.ties.loc[0, "target"] = "P9999"
    with pytest.raises(SchemaError, match="not in people"):
        ws.add_round(bad, name="2025")
    assert ws.rounds == []
