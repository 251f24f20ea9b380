"""leerlib.export: formula-safe, atomic, pseudonymised-by-default Excel, CSV and graph files."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import hashlib
import io
import re
import sys
import zipfile

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.errors import LeerlibError, PrivacyError, SchemaError
from leerlib.export import (
    atomic_write,
    cell_value,
    export_csv,
    export_excel,
    export_graph,
    is_formula_like,
    neutralize,
    neutralize_column,
    neutralize_formulas,
    writers,
)
from leerlib.privacy import pseudonym, pseudonymize
from tests.conftest import KEY

# Texts a spreadsheet would run as formulas (OWASP CSV injection examples and the trigger
# characters = + - @ tab CR, ASVS 1.2.10's NUL, and full-width forms).
DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","klik")',
    "+31 6 12345678",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",
    "=cmd|' /C calc'!A0",
    "-",
]
HARMLESS = ["Jan", "1+1", "ict, zorg", "'al geneutraliseerd", "", "-3", "+2,5", "e=mc2"]


@pytest.fixture(scope="module")
def sample():
    return leerlib.load_sample("2025")


def _sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _all_bytes(path) -> bytes:
    """The file's bytes, and for a zip container (xlsx) every member's bytes uncompressed."""
    data = open(path, "rb").read()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            data += b"".join(z.read(n) for n in z.namelist())
    return data


# --- formula neutralisation ------------------------------------------------------------------


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_texts_are_neutralised(text):
    assert is_formula_like(text)
    assert neutralize(text) == "'" + text
    assert not is_formula_like(neutralize(text))


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_texts_stay(text):
    assert not is_formula_like(text)
    assert neutralize(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_neutralize_is_safe_and_idempotent(text):
    once = neutralize(text)
    assert not is_formula_like(once)
    assert neutralize(once) == once
    assert once == text or once == "'" + text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(max_size=12), st.sampled_from(DANGEROUS + HARMLESS)),
        max_size=20,
    ),
    st.booleans(),
)
@example(values=["\x00", "\x00=1", "\t=1"], as_string_dtype=False)  # found by a random run
def test_column_path_agrees_with_the_cell_path(values, as_string_dtype):
    """The vectorised column test gives exactly what neutralize(cell_value(v)) gives per cell."""
    s = pd.Series(values, dtype="str" if as_string_dtype else object)
    expected = [neutralize(cell_value(v)) for v in s.tolist()]
    assert neutralize_column(s).tolist() == expected


@pytest.mark.parametrize(
    "old, new, arg",
    [
        ("neutralise", "neutralize", "=1+1"),
        ("neutralise_column", "neutralize_column", pd.Series(["=1+1", "-3", None])),
        ("neutralise_formulas", "neutralize_formulas", pd.DataFrame({"=x": ["@a", "ok"]})),
    ],
)
def test_the_old_spelling_still_works_for_one_release_and_says_so(old, new, arg):
    """One spelling across the public API (-ize, as pseudonymize and normalize_name); the
    British names answer the same, with a DeprecationWarning that names the new one."""
    import leerlib.export as ex

    with pytest.warns(DeprecationWarning, match=new):
        got = getattr(ex, old)(arg)
    want = getattr(ex, new)(arg)
    assert got == want if isinstance(want, str) else got.equals(want)


def test_neutralize_formulas_keeps_numbers_and_input():
    df = pd.DataFrame({"=kop": ["=1+1", "ok"], "n": [-1, 2], "x": [-0.5, 1.5]})
    out = neutralize_formulas(df)
    assert list(out.columns) == ["'=kop", "n", "x"]
    assert out["'=kop"].tolist() == ["'=1+1", "ok"]
    assert out["n"].dtype == df["n"].dtype and out["n"].tolist() == [-1, 2]
    assert df.columns[0] == "=kop" and df.iloc[0, 0] == "=1+1"


def _tricky_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "team": DANGEROUS + HARMLESS,
            "n": list(range(-3, -3 + len(DANGEROUS) + len(HARMLESS))),
            "share": [-0.25 + i for i in range(len(DANGEROUS) + len(HARMLESS))],
        }
    )


@pytest.mark.parametrize("in_memory", [False, True], ids=["path", "bytesio"])
def test_excel_stores_every_text_as_text_and_numbers_as_numbers(tmp_path, in_memory):
    t = _tricky_table()
    t["=x"] = 1
    out = export_excel({"teams": t}, io.BytesIO() if in_memory else tmp_path / "teams.xlsx")
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    ws = openpyxl.load_workbook(out)["teams"]
    header = [c.value for c in ws[1]]
    assert header == ["team", "n", "share", "=x"]
    assert ws.cell(1, 4).data_type == "s" and ws.cell(1, 4).quotePrefix
    for i, text in enumerate(t["team"], start=2):
        cell = ws.cell(i, 1)
        if text == "":
            assert cell.value is None
            continue
        assert cell.data_type == "s"
        # the text itself is kept (XML readers turn a carriage return into a line feed)
        assert cell.value == text.replace("\r", "\n")
        assert bool(cell.quotePrefix) == is_formula_like(text)
        assert ws.cell(i, 2).data_type == "n" and ws.cell(i, 2).value == t.loc[i - 2, "n"]
        assert ws.cell(i, 3).value == pytest.approx(t.loc[i - 2, "share"])


@pytest.mark.parametrize("in_memory", [False, True], ids=["path", "bytesio"])
def test_csv_gets_leading_apostrophes_and_numbers_stay(tmp_path, in_memory):
    t = _tricky_table()
    out = export_csv(t, io.BytesIO() if in_memory else tmp_path / "teams.csv")
    text = (out.getvalue() if in_memory else out.read_bytes()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["team", "n", "share"]
    for row, (_, expected) in zip(rows[1:], t.iterrows(), strict=True):
        assert row[0] == (
            ("'" + expected["team"]) if is_formula_like(expected["team"]) else expected["team"]
        )
        assert int(row[1]) == expected["n"]
        assert float(row[2]) == pytest.approx(expected["share"])
    assert "\n'-," in text.replace("\r\n", "\n")  # "-" got its apostrophe; "-3" did not
    assert "\n-3," in text.replace("\r\n", "\n")


def test_csv_dutch_excel_dialect(tmp_path):
    df = pd.DataFrame({"team": ["A"], "share": [0.25]})
    out = export_csv(df, tmp_path / "t.csv", sep=";", decimal=",")
    assert out.read_text(encoding="utf-8-sig").splitlines() == ["team;share", "A;0,25"]


def test_real_attributes_round_trip_through_excel(krackhardt_dir, tmp_path):
    """Krackhardt's managers (age, tenure, level, department) come back from Excel unchanged."""
    nodes = pd.read_csv(krackhardt_dir / "krackhardt_hightech_nodes.csv")
    out = export_excel({"managers": nodes}, tmp_path / "k.xlsx", key=KEY)
    back = pd.read_excel(out, sheet_name="managers")
    for col in nodes.columns:
        if col in ("person_id", "name", "id"):
            continue
        if pd.api.types.is_numeric_dtype(nodes[col]):
            assert back[col].tolist() == pytest.approx(nodes[col].tolist())
    assert len(back) == len(nodes) == 21


# --- privacy defaults --------------------------------------------------------------------------


def test_export_defaults_to_pseudonyms(sample, tmp_path):
    out = export_excel(sample, tmp_path / "survey.xlsx", key=KEY)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["people", "ties", "responses", "value", "log"]
    cells = {
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    }
    for name in sample.people["name"]:
        assert name not in cells
    for email in sample.people["email"].dropna():
        assert email not in cells
    assert not ({pid for pid in sample.people["person_id"]} & cells)
    assert pseudonym(sample.people["person_id"].iloc[0], KEY) in cells
    assert "email" not in [c.value for c in wb["people"][1]]


def test_already_pseudonymised_data_is_not_hashed_twice(sample, tmp_path, monkeypatch):
    """When the caller says so (``already_pseudonymized``): the ids alone never decide it."""
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    p = pseudonymize(sample, KEY)
    out = export_csv(p.ties, tmp_path / "ties.csv", already_pseudonymized=True)  # no key needed
    back = pd.read_csv(out, encoding="utf-8-sig")
    assert back["source"].tolist() == p.ties["source"].tolist()
    assert "raw_name" not in back.columns
    H = pseudonymize(leerlib.build_graph(sample), KEY)
    G = nx.read_graphml(export_graph(H, tmp_path / "g.graphml", already_pseudonymized=True))
    assert set(G.nodes) == set(H.nodes)
    assert G.graph["pseudonymized"].startswith("ids kept")
    # without the caller's word a key is needed, pseudonymised data or not
    with pytest.raises(PrivacyError, match="no pseudonymisation key"):
        export_csv(p.ties, tmp_path / "ties2.csv")


@pytest.mark.parametrize("kind", ["xlsx", "csv", "gexf", "graphml"])
def test_ids_shaped_like_pseudonyms_are_not_written_raw(tmp_path, kind):
    """A staff list numbered p-1001, p-1002 ... was taken for pseudonymised and written raw."""
    ids = [f"p-{1001 + i}" for i in range(6)]
    people = pd.DataFrame({"person_id": ids, "name": [f"Naam {i}" for i in range(6)]})
    G = nx.DiGraph([(ids[i], ids[i + 1]) for i in range(5)])
    path = tmp_path / f"out.{kind}"
    if kind == "xlsx":
        export_excel({"people": people}, path, key=KEY)
    elif kind == "csv":
        export_csv(people, path, key=KEY)
    else:
        export_graph(G, path, key=KEY)
    data = _all_bytes(path)
    assert not [i for i in ids if i.encode() in data]
    assert pseudonym(ids[0], KEY).encode() in data


def _shuffled(survey, seed):
    import dataclasses

    import numpy as np

    rng = np.random.default_rng(seed)
    return dataclasses.replace(
        survey,
        **{
            n: getattr(survey, n).iloc[rng.permutation(len(getattr(survey, n)))]
            for n in ("people", "ties", "responses", "value")
        },
    )


@pytest.mark.parametrize("kind", ["xlsx", "csv", "gexf", "graphml"])
def test_a_roster_in_two_orders_gives_the_same_file(sample, tmp_path, kind):
    """Row and node order follow the pseudonyms: the staff list's order cannot be read back."""
    files = []
    for seed in (1, 2):
        s = _shuffled(sample, seed)
        path = tmp_path / f"{seed}.{kind}"
        if kind == "xlsx":
            export_excel(s, path, key=KEY)
        elif kind == "csv":
            export_csv(s.people, path, key=KEY)
        else:
            export_graph(leerlib.build_graph(s), path, key=KEY)
        files.append(_comparable(kind, path.read_bytes()))
    assert files[0] == files[1]
    roster = sample.people["person_id"].tolist()
    expected = sorted(pseudonym(p, KEY) for p in roster)
    if kind == "xlsx":
        ws = openpyxl.load_workbook(tmp_path / "1.xlsx")["people"]
        assert [r[0].value for r in ws.iter_rows(min_row=2)] == expected
    elif kind == "csv":
        back = pd.read_csv(tmp_path / "1.csv", encoding="utf-8-sig")
        assert back["person_id"].tolist() == expected
    else:
        text = (tmp_path / f"1.{kind}").read_text(encoding="utf-8")
        order = re.findall(r'<node id="(p-[0-9a-f]+)"', text)
        graph_ids = [v for v in expected if v in set(order)]
        assert order == graph_ids and len(order) > 100


def test_missing_key_is_refused(sample, tmp_path, monkeypatch):
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    with pytest.raises(PrivacyError, match="no pseudonymisation key"):
        export_excel(sample, tmp_path / "s.xlsx")
    assert not (tmp_path / "s.xlsx").exists()
    # a table without person ids needs no key
    teams = pd.DataFrame({"team": ["A"], "n": [7]})
    assert export_csv(teams, tmp_path / "teams.csv").exists()


def test_names_need_consent(sample, tmp_path):
    with pytest.raises(PrivacyError, match="consent"):
        export_excel(sample, tmp_path / "s.xlsx", names=True)
    with pytest.raises(PrivacyError, match="consent_names"):  # the codebook did not declare it
        export_excel(sample, tmp_path / "s.xlsx", names=True, consent=True)
    assert not (tmp_path / "s.xlsx").exists()
    sample_ok = leerlib.load_sample("2025")
    sample_ok.consent_names = True
    out = export_excel(sample_ok, tmp_path / "s.xlsx", names=True, consent=True)
    people = pd.read_excel(out, sheet_name="people")
    assert people["name"].tolist() == sample_ok.people["name"].tolist()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".gexf", ".graphml"])
def test_the_key_never_appears_in_any_output(sample, tmp_path, suffix):
    key = "k3y-" + "0f1e2d3c4b5a6978" * 2
    path = tmp_path / f"out{suffix}"
    if suffix == ".xlsx":
        export_excel(sample, path, key=key)
    elif suffix == ".csv":
        export_csv(sample.ties, path, key=key)
    else:
        export_graph(leerlib.build_graph(sample), path, key=key)
    data = _all_bytes(path)
    assert len(data) > 1000
    for form in (
        key.encode(),
        key.encode("utf-16-le"),
        key.encode().hex().encode(),
        key[4:].encode(),
    ):
        assert form not in data


# --- graphs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_graph_round_trip_is_pseudonymised(sample, tmp_path, suffix):
    G = leerlib.build_graph(sample)
    out = export_graph(G, tmp_path / f"net{suffix}", key=KEY)
    H = nx.read_gexf(out) if suffix == ".gexf" else nx.read_graphml(out)
    m = {n: pseudonym(n, KEY) for n in G}
    assert set(H.nodes) == set(m.values())
    assert {(m[u], m[v]) for u, v in G.edges} == set(H.edges)
    u, v = next(iter(G.edges))
    assert H.edges[m[u], m[v]]["weight"] == pytest.approx(G.edges[u, v]["weight"])
    text = _all_bytes(out).decode("utf-8")
    for name in sample.people["name"]:
        assert name not in text


def test_graph_formats_and_awkward_attributes(tmp_path):
    G = nx.DiGraph()
    G.add_node("a", team="=1+1", score=None, when=pd.Timestamp("2025-03-13 08:33", tz="UTC"))
    G.add_node("b", team="B", score=2)
    G.add_edge("a", "b", topics=["ict", "zorg"], weight=1)
    H = nx.read_graphml(export_graph(G, tmp_path / "g.graphml", names=True, consent=True))
    assert H.nodes["a"]["team"] == "'=1+1"
    assert "score" not in H.nodes["a"] and H.nodes["b"]["score"] == 2
    assert H.nodes["a"]["when"].startswith("2025-03-13T08:33")
    assert H.edges["a", "b"]["topics"] == "ict, zorg"
    with pytest.raises(LeerlibError, match="gexf or .graphml"):
        export_graph(G, tmp_path / "g.net", names=True, consent=True)
    with pytest.raises(SchemaError):
        export_graph(pd.DataFrame(), tmp_path / "g.gexf")


# --- atomic writes -------------------------------------------------------------------------------


def _no_leftovers(folder, keep):
    assert sorted(p.name for p in folder.iterdir()) == sorted(keep)


def test_excel_failure_mid_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.xlsx"
    export_excel({"t": pd.DataFrame({"team": ["A"], "n": [7]})}, target)
    before = _sha(target)

    def broken_save(wb, fh):
        fh.write(b"PK\x03\x04half a workbook")
        raise RuntimeError("injected failure")

    monkeypatch.setattr(writers, "save_workbook", broken_save)
    with pytest.raises(RuntimeError, match="injected"):
        export_excel({"t": pd.DataFrame({"team": ["B"], "n": [9]})}, target)
    assert _sha(target) == before
    _no_leftovers(tmp_path, ["report.xlsx"])


def test_csv_disk_full_is_a_leerlib_error_and_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "teams.csv"

    def full_disk(self, fh, **kwargs):
        fh.write("team,n\r\nA,")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full_disk)
    with pytest.raises(LeerlibError, match="No space left") as err:
        export_csv(pd.DataFrame({"team": ["A"], "n": [7]}), target)
    assert err.value.file == str(target)
    _no_leftovers(tmp_path, [])


def test_graph_failure_leaves_no_file(tmp_path, monkeypatch):
    def broken(G, fh, **kwargs):
        fh.write(b"<?xml version='1.0'?><graphml>")
        raise ValueError("injected failure")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(ValueError, match="injected"):
        export_graph(nx.path_graph(3), tmp_path / "g.graphml", names=True, consent=True)
    _no_leftovers(tmp_path, [])


def test_atomic_write_refuses_read_only_and_missing_folders(tmp_path):
    ro = tmp_path / "raw_export.csv"
    ro.write_text("raw", encoding="utf-8")
    ro.chmod(0o444)
    try:
        with pytest.raises(LeerlibError, match="read-only") as err:
            export_csv(pd.DataFrame({"team": ["A"]}), ro)
        assert err.value.file == str(ro)
        assert ro.read_text(encoding="utf-8") == "raw"
    finally:
        ro.chmod(0o644)
    with pytest.raises(LeerlibError, match="does not exist"):
        with atomic_write(tmp_path / "nope" / "x.txt"):
            pass
    with pytest.raises(LeerlibError, match="folder"):
        with atomic_write(tmp_path):
            pass


def test_atomic_write_keeps_permissions_of_a_replaced_file(tmp_path):
    target = tmp_path / "shared.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    export_csv(pd.DataFrame({"team": ["A"]}), target)
    assert (target.stat().st_mode & 0o777) == 0o640
    assert target.read_text(encoding="utf-8-sig").startswith("team")


# --- sheets and inputs ---------------------------------------------------------------------------


def test_sheet_names_are_made_valid_and_unique(tmp_path):
    t = pd.DataFrame({"team": ["A"]})
    names = {"a/b:c": t, "x" * 40: t, "x" * 40 + "y": t, "History": t, "'quoted'": t}
    wb = openpyxl.load_workbook(export_excel(names, tmp_path / "s.xlsx"))
    assert wb.sheetnames == ["a_b_c", "x" * 31, "x" * 29 + "~2", "History_", "quoted"]


def test_index_is_written_and_values_are_converted(tmp_path):
    idx = pd.Index(["A", "B"], name="team")
    t = pd.DataFrame(
        {
            "when": pd.to_datetime(["2025-03-13 08:33", None]),
            "big": [2**60, 1],
            "ratio": [float("inf"), float("nan")],
            "topics": [["ict", "zorg"], []],
            "ctrl": ["a\x01b", None],
        },
        index=idx,
    )
    ws = openpyxl.load_workbook(export_excel({"t": t}, tmp_path / "t.xlsx"))["t"]
    assert [c.value for c in ws[1]] == ["team", "when", "big", "ratio", "topics", "ctrl"]
    row2, row3 = [c.value for c in ws[2]], [c.value for c in ws[3]]
    assert row2[0] == "A" and row2[1].year == 2025
    assert row2[2] == str(2**60) and row2[3] == "inf"
    assert row2[4] == "ict, zorg" and row2[5] == "a\ufffdb"
    assert row3[1] is None and row3[3] is None


def test_bad_inputs_are_leerlib_errors(tmp_path):
    with pytest.raises(LeerlibError, match="xlsx"):
        export_excel({"t": pd.DataFrame()}, tmp_path / "t.xls")
    with pytest.raises(SchemaError):
        export_excel({"t": [1, 2]}, tmp_path / "t.xlsx")
    with pytest.raises(SchemaError, match="no tables"):
        export_excel({}, tmp_path / "t.xlsx")
    with pytest.raises(SchemaError, match="one table"):
        export_csv({"a": pd.DataFrame()}, tmp_path / "t.csv")


def test_raw_ids_are_hashed_even_in_a_table_flagged_as_pseudonymised(tmp_path):
    """The decision rests on the ids themselves: a flagged table that got raw ids back is hashed."""
    p = pseudonymize(pd.DataFrame({"person_id": ["T001"], "team": ["A"]}), KEY)
    mixed = p.assign(person_id=["T002"])
    assert mixed.attrs  # pandas carried the flag along
    back = pd.read_csv(export_csv(mixed, tmp_path / "m.csv", key=KEY), encoding="utf-8-sig")
    assert back["person_id"].tolist() == [pseudonym("T002", KEY)]


# --- in memory: file objects instead of paths --------------------------------------------------


def _comparable(kind: str, data: bytes) -> object:
    """What must agree between a file and the bytes written in memory.

    XLSX: every zip member, in order, except docProps/core.xml (it holds the save time);
    GEXF: the text without its lastmodifieddate (today's date); else the bytes as they are.
    """
    if kind == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(n, z.read(n)) for n in z.namelist() if n != "docProps/core.xml"]
    if kind == "gexf":
        return re.sub(rb'lastmodifieddate="[^"]*"', b"", data)
    return data


@pytest.mark.parametrize("kind", ["xlsx", "csv", "gexf", "graphml"])
def test_bytes_written_to_a_file_object_equal_the_file(sample, tmp_path, kind):
    """The same export to a path and to io.BytesIO gives the same content (pseudonymised)."""
    G = leerlib.build_graph(sample)
    write = {
        "xlsx": lambda target: export_excel(sample, target, key=KEY),
        "csv": lambda target: export_csv(sample.ties, target, key=KEY, sep=";", decimal=","),
        "gexf": lambda target: export_graph(G, target, key=KEY, format="gexf"),
        "graphml": lambda target: export_graph(G, target, key=KEY, format="graphml"),
    }[kind]
    path = write(tmp_path / f"out.{kind}")
    buffer = io.BytesIO(b"")
    assert write(buffer) is buffer
    assert _comparable(kind, buffer.getvalue()) == _comparable(kind, path.read_bytes())
    assert list(tmp_path.iterdir()) == [path]  # the in-memory write left no file


def test_graph_format_comes_from_the_file_objects_name_or_format(tmp_path):
    G = nx.path_graph(3)
    with pytest.raises(LeerlibError, match=r"format=") as info:
        export_graph(G, io.BytesIO(), names=True, consent=True)
    assert "(in memory)" in str(info.value)
    with open(tmp_path / "g.graphml", "wb") as fh:  # an open file is named by its path
        export_graph(G, fh, names=True, consent=True)
    assert sorted(nx.read_graphml(tmp_path / "g.graphml").nodes) == ["0", "1", "2"]


def test_a_text_stream_is_refused_with_a_leerlib_error():
    with pytest.raises(LeerlibError, match="binary"):
        export_csv(pd.DataFrame({"n": [1]}), io.StringIO(), names=True, consent=True)
    with pytest.raises(LeerlibError, match="path or a binary file object"):
        export_excel({"t": pd.DataFrame({"n": [1]})}, 42, names=True, consent=True)


def test_a_failed_export_writes_nothing_into_the_file_object(monkeypatch):
    def broken(G, fh, **kwargs):
        fh.write(b"<?xml version='1.0'?><graphml>")
        raise ValueError("injected failure")

    monkeypatch.setattr(nx, "write_graphml", broken)
    buffer = io.BytesIO()
    with pytest.raises(ValueError, match="injected"):
        export_graph(nx.path_graph(3), buffer, names=True, consent=True, format="graphml")
    assert buffer.getvalue() == b""
    with pytest.raises(PrivacyError):
        export_excel({"t": pd.DataFrame({"person_id": ["T001"]})}, buffer, names=True)
    assert buffer.getvalue() == b""


# --- the workbook's cells as a reader sees them ----------------------------------------------


def test_excel_escape_sequences_in_text_are_kept_as_typed():
    """A text that contains Excel's own escape form ``_xHHHH_`` must not turn into a control
    character. ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): ``_x000D_`` in the XML means a carriage
    return, and a literal underscore before ``xHHHH_`` is written ``_x005F_``."""
    out = export_excel(
        {"t": pd.DataFrame({"note": ["a_x000D_b"]})}, io.BytesIO(), names=True, consent=True
    )
    with zipfile.ZipFile(out) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/"))
    assert b"a_x005F_x000D_b" in xml
    assert openpyxl.load_workbook(out)["t"]["A2"].value == "a_x000D_b"


def test_excel_cells_read_back_with_their_types(tmp_path):
    """Each kind of value comes back from openpyxl as what was exported (expected values typed
    by hand; a date alone reads back as midnight, a time alone as a time)."""
    t = pd.DataFrame(
        {
            "when": pd.Series(
                [
                    dt.datetime(2025, 3, 13, 8, 33, 12),
                    dt.datetime(1900, 1, 1, 6),
                    dt.datetime(1850, 1, 1, 12),
                ],
                dtype=object,
            ),
            "day": [dt.date(2025, 3, 13), dt.date(1900, 2, 28), dt.date(2026, 1, 1)],
            "at": [dt.time(8, 30), dt.time(23, 59, 59), None],
            "yes": [True, False, None],
            "label": ["", "x\r\ny", "  =1"],
        }
    )
    out = export_excel({"t": t}, tmp_path / "t.xlsx", names=True, consent=True)
    ws = openpyxl.load_workbook(out)["t"]
    assert [list(row) for row in ws.iter_rows(min_row=2, max_col=5, values_only=True)] == [
        [dt.datetime(2025, 3, 13, 8, 33, 12), dt.datetime(2025, 3, 13), dt.time(8, 30), True, None],
        [dt.datetime(1900, 1, 1, 6), dt.datetime(1900, 2, 28), dt.time(23, 59, 59), False, "x\ny"],
        [dt.datetime(1850, 1, 1, 12), dt.datetime(2026, 1, 1), None, None, "  =1"],
    ]
    assert ws["E4"].quotePrefix and not ws["E3"].quotePrefix
    assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2"


def test_excel_is_written_without_openpyxl(monkeypatch):
    """openpyxl only reads: the workbook is written through XlsxWriter's public API (writing
    through openpyxl's internals tied leerlib to openpyxl 3.1)."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # `import openpyxl` now fails
    data = export_excel(
        {"t": pd.DataFrame({"team": ["A"], "n": [7]})}, io.BytesIO(), names=True, consent=True
    ).getvalue()
    monkeypatch.undo()
    ws = openpyxl.load_workbook(io.BytesIO(data))["t"]
    assert list(ws.values) == [("team", "n"), ("A", 7)]


# --- per-person rows: k-anonymous by default ---------------------------------------------------


def _below(df: pd.DataFrame, cols: list[str], k: int) -> int:
    """Rows whose combination of ``cols`` fewer than ``k`` rows share (missing is a value)."""
    if not cols:
        return 0 if len(df) >= k else len(df)
    keys = pd.Series(["|".join(map(str, r)) for r in df[cols].itertuples(index=False)])
    return int((keys.map(keys.value_counts()) < k).sum())


def test_default_exports_of_the_sample_are_k_anonymous(tmp_path):
    """Both rounds of the sample, 165 staff. Before, counted here on the raw people table:
    29 unique on team and role (every team leader among them), 116 on team, role and years
    of service. After: no combination of the attributes kept is shared by fewer than 5."""
    s = leerlib.load_sample()
    staff = s.people[s.people["internal"]]
    assert len(staff) == 165
    assert _below(staff, ["team", "role"], 2) == 29
    assert _below(staff, ["team", "role", "tenure_years"], 2) == 116
    export_excel(s, tmp_path / "s.xlsx", key=KEY)
    rows = list(openpyxl.load_workbook(tmp_path / "s.xlsx")["people"].values)
    people = pd.DataFrame(rows[1:], columns=rows[0])
    kept = [c for c in ("school", "team", "role", "tenure_years") if c in people.columns]
    assert "team" in kept
    assert _below(people[people["internal"].astype(bool)], kept, 5) == 0
    G = nx.read_graphml(export_graph(leerlib.build_graph(s), tmp_path / "g.graphml", key=KEY))
    nodes = pd.DataFrame([d for _, d in G.nodes(data=True)])
    kept = [c for c in ("school", "team", "role", "tenure_years") if c in nodes.columns]
    assert "team" in kept and _below(nodes[nodes["internal"].astype(bool)], kept, 5) == 0
    # names=True with consent, or threshold=None, writes the attributes as they are
    export_excel(s, tmp_path / "raw.xlsx", key=KEY, threshold=None)
    head = next(openpyxl.load_workbook(tmp_path / "raw.xlsx")["people"].values)
    assert {"role", "tenure_years"} <= set(head)


def test_a_sort_number_in_the_roster_is_dropped_from_every_pseudonymised_file(sample, tmp_path):
    """An uploaded staff list numbered 1, 2, 3 ... in a column of its own: in a pseudonymised
    file that number maps every pseudonym back to the list."""
    import dataclasses

    people = sample.people.assign(nr=range(1, len(sample.people) + 1))
    s = dataclasses.replace(sample, people=people)
    for path in (tmp_path / "s.xlsx", tmp_path / "g.gexf", tmp_path / "p.csv"):
        if path.suffix == ".xlsx":
            export_excel(s, path, key=KEY)
            head = next(openpyxl.load_workbook(path)["people"].values)
        elif path.suffix == ".gexf":
            G = nx.read_gexf(export_graph(leerlib.build_graph(s), path, key=KEY))
            head = {a for _, d in G.nodes(data=True) for a in d}
        else:
            head = pd.read_csv(export_csv(s.people, path, key=KEY), encoding="utf-8-sig").columns
        assert "nr" not in set(head), path.name
