"""Tests for leerlib.io: codebooks, rosters, aliases, the four nomination shapes and file quirks."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leerlib.errors import CodebookError, ReadError
from leerlib.io import Source, read_aliases, read_codebook, read_export, read_roster
from leerlib.io._grid import read_grid, sniff_delimiter
from leerlib.io._text import repair_mojibake
from leerlib.schema import NOMINATIONS_COLUMNS, RESPONDENTS_COLUMNS

REPO = Path(__file__).resolve().parents[1]

SLOTS_CODEBOOK = """
[survey]
wave = "2025"

[respondent]
column = "email"
by = "email"
submitted_at = "Tijdstempel"

[unknown]
nobody = ["niemand", "geen"]

[[topics]]
key = "ict"
nl = "ICT in de klas"
en = "ICT in class"

[[nominations]]
shape = "slots"
topic = "ict"
pattern = "^Q3_\\\\d+$"
attributes = { frequency = "{column} freq" }
weight = "frequency"

[[value]]
column = "V1"
cycle = "immediate"
item = "Nieuwe ideeën"

[scales.frequency]
"Dagelijks" = 4
"Wekelijks" = 3
"Nooit" = 0
"""

# Three respondents; the header cell "Q3_1 freq" is split by a line break in the file.
SLOTS_ROWS = [
    ["email", "Tijdstempel", "Q3_1", "Q3_1\nfreq", "Q3_2", "Q3_2 freq", "V1"],
    ["an@school.nl", "2025-03-01 10:00", "Zoë de Vries", "Wekelijks", "niemand", "", "3,5"],
    [
        "bo@school.nl",
        "2025-03-02 11:30",
        "Jan van den Berg",
        "Dagelijks",
        "Geïnteresseerde Collega",
        "Nooit",
        "4",
    ],
    ["", "", "", "", "", "", ""],
    ["cy@school.nl", "2025-03-03 09:15", "", "", "", "", ""],
]


def write_csv(
    path: Path, rows, *, delimiter=";", encoding="utf-8", newline="\n", trailing="", lead=""
) -> Path:
    buf = io.StringIO(lead)
    buf.seek(len(lead))
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerows(rows)
    path.write_bytes((buf.getvalue() + trailing).encode(encoding))
    return path


def write_xlsx(path: Path, rows, *, title: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for r in rows:
        ws.append([None if v == "" else v for v in r])
    wb.save(path)
    return path


def write_codebook(tmp_path: Path, text: str, name: str = "codebook.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def slots_codebook(tmp_path):
    return read_codebook(write_codebook(tmp_path, SLOTS_CODEBOOK))


def _core(noms: pd.DataFrame) -> list:
    cols = [
        "row",
        "column",
        "respondent_raw",
        "topic",
        "raw_name",
        "target_id",
        "kind",
        "weight",
        "frequency",
    ]
    return noms[cols].values.tolist()


def test_slots_nominations_rows_kinds_and_weights(tmp_path, slots_codebook):
    """Hand count: rows 2 and 3 hold 4 non-empty name cells; spreadsheet rows count the header.

    Row 2: "Zoë de Vries" (Wekelijks -> 3) and "niemand" (nobody, weight 1);
    row 3: "Jan van den Berg" (Dagelijks -> 4) and a colleague with frequency Nooit (0 -> zero).
    """
    raw = read_export(write_csv(tmp_path / "x.csv", SLOTS_ROWS), slots_codebook)
    assert list(raw.nominations.columns[: len(NOMINATIONS_COLUMNS)]) == list(NOMINATIONS_COLUMNS)
    assert _core(raw.nominations) == [
        [2, "Q3_1", "an@school.nl", "ict", "Zoë de Vries", "", "name", 3.0, "Wekelijks"],
        [2, "Q3_2", "an@school.nl", "ict", "niemand", "", "nobody", 1.0, ""],
        [3, "Q3_1", "bo@school.nl", "ict", "Jan van den Berg", "", "name", 4.0, "Dagelijks"],
        [3, "Q3_2", "bo@school.nl", "ict", "Geïnteresseerde Collega", "", "zero", 0.0, "Nooit"],
    ]
    assert (raw.nominations["wave"] == "2025").all() and (raw.nominations["file"] == "x.csv").all()


def test_respondents_value_and_blank_row_log(tmp_path, slots_codebook):
    """Four data rows (spreadsheet rows 2-5); row 4 is blank and logged, the others are usable."""
    raw = read_export(write_csv(tmp_path / "x.csv", SLOTS_ROWS), slots_codebook)
    r = raw.respondents
    assert list(r.columns) == list(RESPONDENTS_COLUMNS)
    assert r["row"].tolist() == [2, 3, 4, 5]
    assert r["skip"].tolist() == ["", "", "blank_row", ""]
    assert r["submitted_at"].iloc[1] == pd.Timestamp("2025-03-02 11:30")
    assert r["complete"].all()  # no completeness column: every row counts as complete
    assert raw.log[["row", "action", "reason"]].values.tolist() == [[4, "dropped", "blank_row"]]
    # V1: "3,5" with a decimal comma (semicolon file) and "4".
    assert raw.value[["row", "respondent_raw", "cycle", "item"]].values.tolist() == [
        [2, "an@school.nl", "immediate", "Nieuwe ideeën"],
        [3, "bo@school.nl", "immediate", "Nieuwe ideeën"],
    ]
    assert raw.value["score"].tolist() == pytest.approx([3.5, 4.0])


VARIANTS = {
    "utf-8": dict(encoding="utf-8"),
    "utf-8 with BOM": dict(encoding="utf-8-sig"),
    "cp1252 (Dutch Excel)": dict(encoding="cp1252"),
    "CRLF": dict(newline="\r\n"),
    "CRLF + cp1252 + BOM-less": dict(newline="\r\n", encoding="cp1252"),
    "trailing blank lines": dict(trailing="\n\n;;;;;;\n\n"),
    "Excel sep=; hint line": dict(lead="sep=;\n"),
    "comma delimiter": dict(delimiter=","),
    "tab delimiter": dict(delimiter="\t"),
    "Excel Unicode text (UTF-16, tab)": dict(encoding="utf-16", delimiter="\t"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_harmless_variations_give_identical_nominations(tmp_path, slots_codebook, variant):
    base = read_export(write_csv(tmp_path / "base.csv", SLOTS_ROWS), slots_codebook)
    other = read_export(
        write_csv(tmp_path / "other.csv", SLOTS_ROWS, **VARIANTS[variant]), slots_codebook
    )
    pd.testing.assert_frame_equal(
        base.nominations.drop(columns="file"), other.nominations.drop(columns="file")
    )
    assert base.respondents["row"].tolist() == other.respondents["row"].tolist()


def test_xlsx_with_title_row_gives_the_same_nominations_with_shifted_rows(tmp_path):
    """An XLSX with a title row above the header: skip_rows = 1; rows are as Excel shows them."""
    cb = read_codebook(
        write_codebook(
            tmp_path, SLOTS_CODEBOOK.replace('wave = "2025"', 'wave = "2025"\nskip_rows = 1')
        )
    )
    plain = read_codebook(write_codebook(tmp_path, SLOTS_CODEBOOK, "plain.toml"))
    csv_raw = read_export(write_csv(tmp_path / "x.csv", SLOTS_ROWS), plain)
    xl = read_export(write_xlsx(tmp_path / "x.xlsx", SLOTS_ROWS, title="Enquête leren 2025"), cb)
    a = csv_raw.nominations.drop(columns=["file", "row", "response_row"])
    b = xl.nominations.drop(columns=["file", "row", "response_row"])
    pd.testing.assert_frame_equal(a, b)
    assert (xl.nominations["row"] == csv_raw.nominations["row"] + 1).all()
    assert xl.log["row"].tolist() == [5]


def test_qualtrics_three_header_rows_line_break_header_and_mojibake(tmp_path):
    """Qualtrics layout: ids, question text (one with a line break), ImportId JSON; data from row 4.

    The names were UTF-8 once and read back as cp437 ("├»") and cp1252 ("Ã©"); both are repaired.
    """
    rows = [
        ["ResponseId", "Status", "Q1_1", "Q1_2", "consent"],
        ["Response ID", "Response Type", "Wie? - 1", "Wie? - 2", "Mag je naam\r\nop de kaart?"],
        [
            '{"ImportId":"_recordId"}',
            '{"ImportId":"status"}',
            '{"ImportId":"QID1_1"}',
            '{"ImportId":"QID1_2"}',
            '{"ImportId":"QID2"}',
        ],
        ["R_1", "IP Address", "ge├»nteresseerde collega", "JosÃ© Carioca", "ja"],
        ["R_2", "Spam", "Piet", "", "nee"],
    ]
    cb = read_codebook(
        write_codebook(
            tmp_path,
            """
[survey]
wave = "2024"
header_rows = 3
[respondent]
column = "ResponseId"
by = "id"
[[topics]]
key = "advies"
[[nominations]]
shape = "slots"
topic = "advies"
columns = ["Q1_1", "Q1_2"]
""",
        )
    )
    raw = read_export(write_csv(tmp_path / "q.csv", rows, delimiter=",", newline="\r\n"), cb)
    assert raw.nominations[["row", "raw_name"]].values.tolist() == [
        [4, "geïnteresseerde collega"],
        [4, "José Carioca"],
        [5, "Piet"],
    ]
    assert raw.respondents["skip"].tolist() == ["", "status_skipped"]
    assert raw.log[["row", "column", "raw_value", "reason"]].values.tolist() == [
        [5, "Status", "Spam", "status_skipped"]
    ]
    grid = read_grid(tmp_path / "q.csv", header_rows=3)
    assert grid.headers[1][4] == "Mag je naam op de kaart?"


MATRIX_CODEBOOK = """
[survey]
wave = "2026"
header_rows = 2

[respondent]
column = "E-mail"

[unknown]
nobody = ["niemand"]

[[topics]]
key = "didactiek"
[[topics]]
key = "ict"

[[nominations]]
shape = "matrix"
topic = "didactiek"
pattern = "^Hoe vaak\\\\? - (?P<target>.+)$"
header_row = 2
cell = "scale"
scale = "frequency"

[[nominations]]
shape = "matrix"
pattern = "^Waarover\\\\? - (?P<target>.+)$"
header_row = 2
cell = "labels"
labels = { Didactiek = "didactiek", ICT = "ict" }
delimiter = ";"
zero = ["geen van beide"]

[[nominations]]
shape = "matrix"
topic = "ict"
columns = ["T1", "T2", "T3"]
target_by = "id"
cell = "tick"
targets = { T1 = "p01", T2 = "p02", T3 = "niemand" }

[scales.frequency]
"Wekelijks" = 3
"Nooit" = 0
"""

MATRIX_ROWS = [
    ["E-mail", "F1", "F2", "L1", "L2", "T1", "T2", "T3"],
    [
        "E-mail",
        "Hoe vaak? - Ans Smit",
        "Hoe vaak? - Bo de Wit",
        "Waarover? - Ans Smit",
        "Waarover? - Bo de Wit",
        "tick 1",
        "tick 2",
        "tick 3",
    ],
    ["an@x.nl", "", "Wekelijks", "", "Didactiek;ICT;", "1", "0", ""],
    ["bo@x.nl", "Nooit", "", "geen van beide", "", "", "", "1"],
]


def test_matrix_scale_labels_and_tick_cells(tmp_path):
    """Hand count of the 8 items: row 3 has F2 (name, 3), L2 -> 2 labels, T1 (id p01), T2 "0"
    (zero); row 4 has F1 "Nooit" (zero), L1 "geen van beide" (zero), T3 on the nobody target."""
    cb = read_codebook(write_codebook(tmp_path, MATRIX_CODEBOOK))
    raw = read_export(write_csv(tmp_path / "m.csv", MATRIX_ROWS, delimiter=","), cb)
    got = raw.nominations[["row", "column", "topic", "raw_name", "target_id", "kind", "weight"]]
    assert got.values.tolist() == [
        [3, "F2", "didactiek", "Bo de Wit", "", "name", 3.0],
        [3, "L2", "didactiek", "Bo de Wit", "", "name", 1.0],
        [3, "L2", "ict", "Bo de Wit", "", "name", 1.0],
        [3, "T1", "ict", "p01", "p01", "name", 1.0],
        [3, "T2", "ict", "p02", "p02", "zero", 1.0],
        [4, "F1", "didactiek", "Ans Smit", "", "zero", 0.0],
        [4, "L1", "", "Ans Smit", "", "zero", 1.0],
        [4, "T3", "ict", "niemand", "", "nobody", 1.0],
    ]
    assert raw.nominations["frequency"].tolist()[:1] == ["Wekelijks"]
    hint = raw.people_hint
    assert hint["name"].tolist() == ["Ans Smit", "Bo de Wit", "p01", "p02"]
    assert hint["target_id"].tolist() == ["", "", "p01", "p02"]


def test_multiselect_splits_cells_and_marks_nobody(tmp_path):
    """Microsoft Forms style: names separated by ';' with a trailing ';' -> 3 items in row 2, 1 in row 3."""
    cb = read_codebook(
        write_codebook(
            tmp_path,
            """
[survey]
wave = "2025"
[respondent]
column = "Naam"
by = "name"
[[topics]]
key = "zorg"
[[nominations]]
shape = "multiselect"
topic = "zorg"
column = "Wie helpt je?"
delimiter = ";"
""",
        )
    )
    rows = [
        ["Naam", "Wie helpt je?"],
        ["Ans Smit", "Bo de Wit;Cor Bos; Dirk;"],
        ["Bo de Wit", "Niemand"],
    ]
    raw = read_export(write_csv(tmp_path / "ms.csv", rows, delimiter=","), cb)
    assert raw.nominations[["row", "column", "raw_name", "kind"]].values.tolist() == [
        [2, "Wie helpt je?", "Bo de Wit", "name"],
        [2, "Wie helpt je?", "Cor Bos", "name"],
        [2, "Wie helpt je?", "Dirk", "name"],
        [3, "Wie helpt je?", "Niemand", "nobody"],
    ]
    assert raw.respondents["respondent_by"].unique().tolist() == ["name"]


def test_edgelist_topics_weights_and_one_respondent_row_per_person(tmp_path):
    """Edge list: 4 edges from 2 respondents; topic given by Dutch label or key; weight "2,5"."""
    cb = read_codebook(
        write_codebook(
            tmp_path,
            """
[survey]
wave = "2025"
[respondent]
column = "bron"
by = "id"
[[topics]]
key = "ict"
nl = "ICT in de klas"
[[topics]]
key = "zorg"
nl = "Leerlingzorg"
[[nominations]]
shape = "edgelist"
target = "doel"
target_by = "id"
topic_column = "thema"
weight_column = "gewicht"
""",
        )
    )
    rows = [
        ["bron", "doel", "thema", "gewicht"],
        ["p1", "p2", "ICT in de klas", "2,5"],
        ["p1", "p3", "zorg", ""],
        ["p2", "p1", "leerlingzorg", "1"],
        ["p1", "p4", "ict", "3"],
    ]
    raw = read_export(write_csv(tmp_path / "e.csv", rows), cb)
    got = raw.nominations[["row", "respondent_raw", "topic", "target_id", "weight", "response_row"]]
    assert got.values.tolist() == [
        [2, "p1", "ict", "p2", 2.5, 2],
        [3, "p1", "zorg", "p3", 1.0, 2],
        [4, "p2", "zorg", "p1", 1.0, 4],
        [5, "p1", "ict", "p4", 3.0, 2],
    ]
    assert raw.respondents[["row", "respondent_raw"]].values.tolist() == [[2, "p1"], [4, "p2"]]


def test_status_skip_and_completeness(tmp_path):
    """Default status column "Status" is used when present; Finished "0" marks an incomplete row."""
    cb = read_codebook(
        write_codebook(
            tmp_path,
            """
[survey]
wave = "2025"
[respondent]
column = "email"
[[topics]]
key = "ict"
[[nominations]]
shape = "slots"
topic = "ict"
columns = ["Q1"]
""",
        )
    )
    rows = [
        ["email", "Status", "Finished", "EndDate", "Q1"],
        ["a@x.nl", "IP Address", "1", "2025-01-02 10:00:00", "Bo"],
        ["b@x.nl", "Survey Preview", "1", "2025-01-02 11:00:00", "Cor"],
        ["c@x.nl", "IP Address", "0", "2025-01-02 12:00:00", ""],
        ["", "IP Address", "1", "2025-01-02 13:00:00", "Dirk"],
    ]
    raw = read_export(write_csv(tmp_path / "s.csv", rows, delimiter=","), cb)
    assert raw.respondents["skip"].tolist() == ["", "status_skipped", "", "no_respondent"]
    assert raw.respondents["complete"].tolist() == [True, True, False, True]
    assert raw.log[["row", "reason"]].values.tolist() == [
        [3, "status_skipped"],
        [5, "no_respondent"],
    ]
    # Items of skipped rows stay in nominations; the respondents' skip tells the cleaner.
    assert raw.nominations["row"].tolist() == [2, 3, 5]


def test_read_codebook_defaults_and_documented_example(tmp_path):
    """The TOML example in docs/codebook.md is a valid codebook (the doc stays truthful)."""
    text = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", text, re.S).group(1)
    cb = read_codebook(write_codebook(tmp_path, block, "doc.toml"))
    assert [n.shape for n in cb.nominations] == ["slots", "matrix", "multiselect", "edgelist"]
    assert cb.unknown_names == "external" and "niemand" in cb.nobody
    minimal = read_codebook(
        write_codebook(tmp_path, '[survey]\nwave = "1"\n[respondent]\ncolumn = "e"\n')
    )
    assert (minimal.survey.encoding, minimal.survey.delimiter, minimal.survey.header_rows) == (
        "auto",
        "auto",
        1,
    )
    assert minimal.respondent.skip_status == ("Spam", "Survey Preview")
    assert minimal.roster.id == "person_id" and minimal.nominations == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        minimal.survey.wave = "2"


def test_read_roster_builds_names_and_keeps_attributes(tmp_path):
    rows = [
        [
            "Personeelsnummer",
            "Voornaam",
            "Tussenvoegsel",
            "Achternaam",
            "E-mail",
            "team",
            "tenure_years",
        ],
        ["007", "Jan", "van den", "Berg", "jan@x.nl", "A", "3,5"],
        ["012", "Zoë", "", "Jansen", "", "B", "10"],
    ]
    people = read_roster(write_csv(tmp_path / "staff.csv", rows, encoding="cp1252"))
    assert people[["person_id", "name", "internal", "email"]].values.tolist() == [
        ["007", "Jan van den Berg", True, "jan@x.nl"],
        ["012", "Zoë Jansen", True, ""],
    ]
    assert people["team"].tolist() == ["A", "B"]
    assert people["tenure_years"].tolist() == pytest.approx([3.5, 10.0])


def test_read_roster_xlsx_title_row_through_codebook(tmp_path):
    cb = read_codebook(
        write_codebook(
            tmp_path,
            """
[survey]
wave = "2026"
[respondent]
column = "E-mail"
[roster]
id = "nr"
name = "Naam"
email = "Mail"
skip_rows = 1
""",
        )
    )
    rows = [
        ["nr", "Naam", "Mail", "school"],
        ["p1", "Ans Smit", "ans@x.nl", "De Linde"],
        ["p2", "Bo de Wit", "bo@x.nl", "Het Anker"],
    ]
    people = read_roster(
        write_xlsx(tmp_path / "roster.xlsx", rows, title="Personeelslijst 2026"), cb
    )
    assert people.columns.tolist() == ["person_id", "name", "internal", "email", "school"]
    assert people["name"].tolist() == ["Ans Smit", "Bo de Wit"]


def test_read_aliases(tmp_path):
    p = write_csv(
        tmp_path / "aliases.csv",
        [["alias", "person_id"], ["Jantje", "p1"], ["jantje", "p1"], ["Mw. Smit", "p2"], ["", ""]],
        delimiter=",",
    )
    assert read_aliases(p).values.tolist() == [["Jantje", "p1"], ["Mw. Smit", "p2"]]


# --- in memory: bytes, binary file objects and named Sources read like the path -------------

MEMORY_FORMS = {
    "bytes": lambda path: path.read_bytes(),
    "BytesIO": lambda path: io.BytesIO(path.read_bytes()),
    "Source": lambda path: Source(path.read_bytes(), "geüpload " + path.name),
}


def _shown(form: str, path: Path) -> str:
    return {"bytes": "(in memory)", "BytesIO": "(in memory)", "Source": "geüpload " + path.name}[
        form
    ]


@pytest.mark.parametrize("form", list(MEMORY_FORMS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_in_memory_gives_the_nominations_of_the_path(tmp_path, slots_codebook, form, fmt):
    """Same rows, kinds, weights and log as the file; only the ``file`` column shows the display name."""
    path = (
        write_csv(tmp_path / "x.csv", SLOTS_ROWS, encoding="cp1252")
        if fmt == "csv"
        else write_xlsx(tmp_path / "x.xlsx", SLOTS_ROWS)
    )
    cb_path = write_codebook(tmp_path, SLOTS_CODEBOOK)
    base = read_export(path, cb_path)
    mem = read_export(MEMORY_FORMS[form](path), MEMORY_FORMS[form](cb_path))
    shown = _shown(form, path)
    assert (mem.nominations["file"] == shown).all() and mem.file == shown
    assert (mem.log["file"] == shown).all() and len(mem.log) == 1
    for name in ("nominations", "respondents", "value", "log"):
        a, b = getattr(base, name), getattr(mem, name)
        if "file" in a.columns:
            a, b = a.drop(columns="file"), b.drop(columns="file")
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("form", list(MEMORY_FORMS))
def test_roster_codebook_and_aliases_in_memory_equal_the_files(tmp_path, form):
    rows = [
        ["nr", "Naam", "Mail", "school"],
        ["p1", "Ans Smit", "ans@x.nl", "De Linde"],
        ["p2", "Bo de Wit", "bo@x.nl", "Het Anker"],
    ]
    cb_path = write_codebook(
        tmp_path,
        '[survey]\nwave = "2026"\n[respondent]\ncolumn = "Mail"\n'
        '[roster]\nid = "nr"\nname = "Naam"\nemail = "Mail"\nskip_rows = 1\n',
    )
    roster = write_xlsx(tmp_path / "roster.xlsx", rows, title="Personeelslijst 2026")
    cb_mem = read_codebook(MEMORY_FORMS[form](cb_path))
    assert cb_mem.roster == read_codebook(cb_path).roster and cb_mem.file == _shown(form, cb_path)
    pd.testing.assert_frame_equal(
        read_roster(MEMORY_FORMS[form](roster), cb_mem), read_roster(roster, cb_path)
    )
    aliases = write_csv(tmp_path / "aliases.csv", [["alias", "person_id"], ["Jantje", "p1"]])
    pd.testing.assert_frame_equal(read_aliases(MEMORY_FORMS[form](aliases)), read_aliases(aliases))


def test_load_survey_from_sources_equals_the_sample_files():
    """The bundled sample as uploads: the same ties, people and log, under the upload names."""
    import leerlib

    paths = leerlib.sample_paths()
    names = {
        "survey_2025": "enquete.csv",
        "roster_2025": "personeel.csv",
        "codebook_2025": "codeboek.toml",
        "aliases": "aliassen.csv",
    }
    src = {k: Source(paths[k].read_bytes(), v) for k, v in names.items()}
    base = leerlib.load_survey(
        paths["survey_2025"], paths["roster_2025"], paths["codebook_2025"], paths["aliases"]
    )
    mem = leerlib.load_survey(
        src["survey_2025"], src["roster_2025"], src["codebook_2025"], src["aliases"]
    )
    pd.testing.assert_frame_equal(base.ties, mem.ties)
    pd.testing.assert_frame_equal(base.people, mem.people)
    to_upload = {paths[k].name: v for k, v in names.items()}
    assert mem.log["file"].tolist() == [to_upload.get(f, f) for f in base.log["file"]]
    assert set(mem.log["file"]) - {""} <= set(names.values())
    assert (mem.log["file"] == "enquete.csv").sum() > 0  # the sample's log names the export
    assert (mem.meta["survey_path"], mem.meta["roster_path"], mem.meta["codebook_path"]) == (
        "enquete.csv",
        "personeel.csv",
        "codeboek.toml",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Zoë van Dijk",
        "geïnteresseerd",
        "François",
        "Ömer Çelik",
        "Ñúñez",
        "crème brûlée",
        "Â-team",
        "plain ascii",
    ],
)
def test_mojibake_repair_never_changes_correct_text(text):
    assert repair_mojibake(text) == text


_LETTERS = "abcdefghijklmnopqrstuvwxyz éëèêïíóöôüúàáäçñ"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_LETTERS, min_size=1, max_size=20))
def test_mojibake_repair_property(text):
    """Correct text is kept; UTF-8 read as cp1252 is always repaired; UTF-8 read as cp437 is
    repaired or, when ambiguous, left as it was, never turned into a third string."""
    assert repair_mojibake(text) == text
    if not text.isascii():
        assert repair_mojibake(text.encode("utf-8").decode("cp1252")) == text
        dos = text.encode("utf-8").decode("cp437")
        assert repair_mojibake(dos) in (text, dos)


_CELL = st.text(alphabet="abc xyzé,;\t\"'-", max_size=6)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.lists(
        st.text(alphabet="abcdefgh", min_size=1, max_size=5), min_size=2, max_size=5, unique=True
    ),
    body=st.lists(st.lists(_CELL, min_size=5, max_size=5), min_size=1, max_size=5),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_read_grid_roundtrips_csv_written_with_any_delimiter(tmp_path, header, body, delimiter):
    """Whatever the delimiter, sniffing plus parsing gives back the written cells (stripped)."""
    body = [row[: len(header)] for row in body]
    if not body[0][0].strip():
        body[0][0] = "x"  # at least one non-blank data cell
    path = write_csv(tmp_path / "g.csv", [header] + body, delimiter=delimiter)
    grid = read_grid(path)
    got = grid.data.to_numpy(dtype=object)
    want = np.array([[c.strip() for c in row] for row in body], dtype=object)
    # Trailing all-empty data rows are trimmed by design.
    keep = len(got)
    assert keep >= 1 and (want[keep:] == "").all()
    assert grid.columns == header
    assert (got == want[:keep]).all()


def test_sniff_delimiter_prefers_consistent_split():
    assert sniff_delimiter("a\tb\tc\n1\t2,5\t3\n") == "\t"
    assert sniff_delimiter("naam;omschrijving\nAns;Smit, A.\nBo;Wit, B.\n") == ";"


def test_bundled_sample_round_one_matches_the_generators_truth_table():
    """The sample generator writes, independently of the reader, every non-empty name cell of
    survey_2025.csv (cp1252, ';', CRLF) with its spreadsheet row, column, text and kind. Its
    kinds "external" (a contact outside the roster) and "self" (a self-nomination) are names to
    the reader: matching and cleaning decide those; "nobody" must agree."""
    import leerlib

    paths = leerlib.sample_paths()
    raw = read_export(paths["survey_2025"], paths["codebook_2025"])
    truth = pd.read_csv(paths["truth_names"], dtype=str, keep_default_na=False)
    got = raw.nominations.assign(row=raw.nominations["row"].astype(str))
    got = (
        got[["row", "column", "raw_name", "kind"]]
        .sort_values(["row", "column"])
        .reset_index(drop=True)
    )
    want = truth.assign(
        raw_name=truth["raw_name"].str.strip(),
        kind=truth["kind"].replace({"external": "name", "self": "name"}),
    )
    want = want[["row", "column", "raw_name", "kind"]]
    want = want.sort_values(["row", "column"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.astype(str), want.astype(str))


PROPERTY_CODEBOOK = """
[survey]
wave = "2025"
[respondent]
column = "email"
[unknown]
nobody = ["niemand"]
[[topics]]
key = "ict"
[[topics]]
key = "zorg"
[[nominations]]
shape = "slots"
topic = "ict"
columns = ["S1", "S2"]
[[nominations]]
shape = "multiselect"
topic = "zorg"
column = "M"
delimiter = ";"
[[nominations]]
shape = "matrix"
columns = ["Ans", "Bo"]
cell = "labels"
labels = { ICT = "ict", Zorg = "zorg" }
delimiter = ","
"""

_NAME = st.sampled_from(["Ans", " Bo de Wit ", "niemand", "Zoë", "", "  "])
_LABELS = st.lists(st.sampled_from(["ICT", "Zorg", " ", ""]), max_size=3).map(",".join)
_ROW = st.tuples(_NAME, _NAME, st.lists(_NAME, max_size=4).map(";".join), _LABELS, _LABELS)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(_ROW, min_size=1, max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_every_non_empty_cell_item_becomes_one_nomination(tmp_path, rows, encoding):
    """Conservation at the reader: the count of non-empty items (slot cells, multi-select pieces,
    matrix labels), computed here from the written cells, equals the nominations' row count, per
    spreadsheet row and column."""
    cb = read_codebook(write_codebook(tmp_path, PROPERTY_CODEBOOK))
    body = [[f"r{i}@x.nl", *r] for i, r in enumerate(rows)]
    path = write_csv(
        tmp_path / "p.csv", [["email", "S1", "S2", "M", "Ans", "Bo"], *body], encoding=encoding
    )
    raw = read_export(path, cb)
    expected = {}
    for i, r in enumerate(body, start=2):
        for col, cell, sep in (
            ("S1", r[1], None),
            ("S2", r[2], None),
            ("M", r[3], ";"),
            ("Ans", r[4], ","),
            ("Bo", r[5], ","),
        ):
            pieces = [cell] if sep is None else cell.split(sep)
            n = sum(1 for p in pieces if p.strip())
            if n:
                expected[(i, col)] = n
    got = raw.nominations.groupby(["row", "column"]).size().to_dict()
    assert got == expected
    assert set(raw.nominations["kind"]) <= {"name", "nobody"}


# --------------------------------------------------------------------------- [names] (issue 14)

_MINIMAL = '[survey]\nwave = "1"\n[respondent]\ncolumn = "e"\n'


def test_names_table_defaults_off_and_empty(tmp_path):
    cb = read_codebook(write_codebook(tmp_path, _MINIMAL))
    assert cb.names.context == () and cb.names.variants == () and cb.names.variants_file == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", ("team", "school")), ("false", ()), ('["school"]', ("school",))],
)
def test_names_context(tmp_path, value, expected):
    cb = read_codebook(write_codebook(tmp_path, _MINIMAL + f"[names]\ncontext = {value}\n"))
    assert cb.names.context == expected


def test_names_variants_inline_and_from_a_file_beside_the_codebook(tmp_path):
    inline = read_codebook(
        write_codebook(
            tmp_path,
            _MINIMAL
            + '[names]\nvariants = [["Roberta", "Bo"], ["Wilhelmina", "Mien", "Willemien"]]\n',
        )
    )
    assert inline.names.variants == (("Roberta", "Bo"), ("Wilhelmina", "Mien", "Willemien"))
    sub = tmp_path / "cb"
    sub.mkdir()
    (sub / "namen.csv").write_text(
        "# our own forms\nformal,short\nRoberta,Bo|Bobbie\nMohamed/Mohammed,Mo\n", encoding="utf-8"
    )
    cb = read_codebook(write_codebook(sub, _MINIMAL + '[names]\nvariants = "namen.csv"\n'))
    assert cb.names.variants == (("Roberta", "Bo", "Bobbie"), ("Mohamed/Mohammed", "Mo"))
    assert cb.names.variants_file == "namen.csv"


@pytest.mark.parametrize(
    ("names", "file_text", "says"),
    [
        ("contxt = true", None, "did you mean 'context'"),
        ('context = "yes"', None, "context must be true, false or a list"),
        ('variants = [["Bo"]]', None, "variants must be a CSV file name or a list"),
        ('variants = "missing.csv"', None, "name-variant file 'missing.csv' is not found"),
        ('variants = "v.csv"', "naam,kort\nRoberta,Bo\n", "needs the columns formal and short"),
        ('variants = "v.csv"', "formal,short\n,Bo\n", "without a formal name"),
    ],
)
def test_names_table_errors_name_the_file(tmp_path, names, file_text, says):
    if file_text is not None:
        (tmp_path / "v.csv").write_text(file_text, encoding="utf-8")
    path = write_codebook(tmp_path, _MINIMAL + f"[names]\n{names}\n")
    with pytest.raises(CodebookError, match=says) as err:
        read_codebook(path)
    assert ("v.csv" if file_text is not None else "codebook.toml") in str(err.value)


def test_names_variants_file_needs_a_codebook_read_from_a_folder(tmp_path):
    text = _MINIMAL + '[names]\nvariants = "namen.csv"\n'
    with pytest.raises(CodebookError, match="give the variants inline"):
        read_codebook(Source(text.encode(), "cb.toml"))


def test_max_cells_is_a_bound_a_caller_may_raise_for_one_read():
    """5 columns x 400,001 rows = 2,000,005 cells: over the default bound of 2,000,000,
    read when the caller raises the bound for this call; the default stays."""
    from leerlib.io._bounds import MAX_CELLS, check_csv_shape

    text = "a;b;c;d;e\n" * 400_001
    with pytest.raises(ReadError, match="2,000,005 cells"):
        check_csv_shape(text, ";", "big.csv")
    check_csv_shape(text, ";", "big.csv", max_cells=2_000_005)
    assert MAX_CELLS == 2_000_000
    with pytest.raises(ReadError, match="2,000,005 cells"):
        check_csv_shape(text, ";", "big.csv")


def test_read_export_passes_max_cells_to_the_reader(tmp_path, slots_codebook):
    """A small export under a bound set lower than its cells is refused; the bound is the
    caller's, for that call."""
    path = write_csv(tmp_path / "x.csv", SLOTS_ROWS)
    with pytest.raises(ReadError, match="more than the 4 a survey export may have"):
        read_export(path, slots_codebook, max_cells=4)
    pd.testing.assert_frame_equal(
        read_export(path, slots_codebook, max_cells=100).nominations,
        read_export(path, slots_codebook).nominations,
    )
