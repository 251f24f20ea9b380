"""Hostile input to the readers: every case loads or raises a LeerlibError that says where.

Runaway codebook patterns, codebooks that break the TOML parser, numbers and date formats out of
range, time stamps at the edges of the calendar, repeated headers, formula cells without a value
and decompression bombs. Each input is built here, in memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from leerlib.errors import CodebookError, ReadError
from leerlib.io import Source, read_codebook, read_export
from tests import bombs

BASE = """[survey]
wave = "2025"
{survey}
[respondent]
column = "email"
{respondent}
[[topics]]
key = "ict"

[[nominations]]
shape = "slots"
topic = "ict"
{nomination}
{tail}"""


def cb(
    survey: str = "",
    respondent: str = "",
    nomination: str = 'columns = ["Q3_1", "Q3_2"]',
    tail: str = "",
    name: str = "codebook.toml",
) -> Source:
    """A codebook in memory, with extra lines in its tables."""
    text = BASE.format(survey=survey, respondent=respondent, nomination=nomination, tail=tail)
    return Source(text.encode("utf-8"), name)


def csv(text: str, name: str = "export.csv") -> Source:
    return Source(text.encode("utf-8"), name)


# --------------------------------------------------------------------------- patterns (item 11)


def test_runaway_pattern_is_a_codebook_error_naming_the_key():
    """``^(a|aa)+$`` on a 61-character header backtracks about 2**45 times with ``re`` (over a
    minute); the bounded search gives up and names the codebook key."""
    header = "a" * 60 + "b"
    book = cb(nomination='pattern = "^(a|aa)+$"')
    with pytest.raises(CodebookError) as info:
        read_export(csv(f"email;{header}\nan@x.nl;Bo\n"), book)
    err = info.value
    assert err.file == "codebook.toml"
    assert "[[nominations]] #1" in err.message and "pattern" in err.message
    assert "^(a|aa)+$" in err.message


def test_a_sound_pattern_still_selects_its_columns():
    """Q3_1 and Q3_2 match ``^Q3_\\d+$``, Q30 does not: 3 names typed, 2 nominations."""
    book = cb(nomination='pattern = "^Q3_\\\\d+$"')
    raw = read_export(csv("email;Q3_1;Q3_2;Q30\nan@x.nl;Bo;Cor;Dirk\n"), book)
    assert raw.nominations["column"].tolist() == ["Q3_1", "Q3_2"]


def test_matrix_target_pattern_is_bounded_too():
    """A matrix block matches its pattern against header cells: bounded as well."""
    text = BASE.replace('[[nominations]]\nshape = "slots"\ntopic = "ict"\n{nomination}\n', "")
    book = Source(
        text.format(
            survey="",
            respondent="",
            tail='[[nominations]]\nshape = "matrix"\ntopic = "ict"\npattern = "^(a|aa)+$"\n',
        ).encode(),
        "codebook.toml",
    )
    with pytest.raises(CodebookError, match=r"\[\[nominations\]\] #1.*pattern"):
        read_export(csv("email;" + "a" * 60 + "b\nan@x.nl;1\n"), book)


# --------------------------------------------------------------------------- codebooks (item 8)

DEEP = 50_000


@pytest.mark.parametrize(
    ("case", "extra"),
    [
        ("nested array", "x = " + "[" * DEEP + "]" * DEEP),
        ("nested inline table", "x = " + "{a = " * DEEP + "1" + "}" * DEEP),
        ("dotted key", ".".join(["a"] * DEEP) + " = 1"),
    ],
)
def test_codebook_that_breaks_the_toml_parser_is_a_codebook_error(case, extra):
    """Python's TOML parser recurses once per level (RecursionError at 50,000) and takes
    minutes on a 50,000-part dotted key; the codebook reader refuses both shapes first."""
    book = Source((extra + "\n").encode() + cb().data, "deep.toml")
    with pytest.raises(CodebookError) as info:
        read_codebook(book)
    assert info.value.file == "deep.toml"
    assert "line 1" in info.value.message


def test_codebook_nesting_that_a_codebook_needs_still_reads():
    """Arrays of tables, inline tables and dotted keys at the depth a real codebook uses."""
    book = cb(
        tail='[scales.freq]\n"Nooit" = 0\n"Vaak" = 2.5\n'
        '[[value]]\ncolumn = "V1"\ncycle = "immediate"\nscale = "freq"\n'
    )
    read = read_codebook(book)
    assert dict(read.scales["freq"]) == {"Nooit": 0.0, "Vaak": 2.5}


def test_400_digit_integer_in_a_scale_is_a_codebook_error():
    """float(10**400) overflows: the scale value is refused with its scale, answer and line
    (line 15: 13 lines of BASE before the tail, then [scales.freq], then the answer)."""
    book = cb(tail="[scales.freq]\nVaak = " + "9" * 400 + "\n")
    with pytest.raises(CodebookError) as info:
        read_codebook(book)
    msg = info.value.message
    assert "[scales.freq]" in msg and "'Vaak'" in msg and "line 15" in msg


def test_bad_date_format_directive_is_a_codebook_error():
    """``%Q`` is no strftime directive: refused when the codebook is read, naming the key."""
    with pytest.raises(CodebookError) as info:
        read_codebook(cb(survey='date_format = "%Q%Q"'))
    assert "date_format" in info.value.message and "line 3" in info.value.message


# --------------------------------------------------------------------------- time stamps (item 8)

STAMPED = "email;tijd;Q3_1;Q3_2\nan@x.nl;2025-03-01 10:00;Bo;\nbo@x.nl;{stamp};An;\n"


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59", "0001-01-01"])
def test_no_date_time_stamps_read_as_missing_and_logged(stamp):
    """Exports write 9999-12-31 and 0001-01-01 for "no date": row 3 gets no time stamp, a
    flagged log row says so, and both responses and their nominations are kept."""
    raw = read_export(csv(STAMPED.format(stamp=stamp)), cb(respondent='submitted_at = "tijd"'))
    at = raw.respondents.set_index("row")["submitted_at"]
    assert at[2] == pd.Timestamp("2025-03-01 10:00") and pd.isna(at[3])
    log = raw.log[raw.log["reason"] == "no_date"]
    assert log[["row", "column", "raw_value", "action"]].values.tolist() == [
        [3, "tijd", stamp, "flagged"]
    ]
    assert len(raw.nominations) == 2


@pytest.mark.parametrize("stamp", ["2300-01-01 10:00", "1600-01-01"])
def test_time_stamp_outside_the_storable_years_is_a_read_error(stamp):
    with pytest.raises(ReadError) as info:
        read_export(csv(STAMPED.format(stamp=stamp)), cb(respondent='submitted_at = "tijd"'))
    err = info.value
    assert (err.file, err.row, err.column) == ("export.csv", 3, "tijd")
    assert stamp in err.message


def test_time_stamps_in_mixed_time_zones_are_a_read_error():
    with pytest.raises(ReadError) as info:
        read_export(
            csv(STAMPED.format(stamp="2025-03-01T10:00:00+01:00")),
            cb(respondent='submitted_at = "tijd"'),
        )
    assert (info.value.row, info.value.column) == (3, "tijd")


# --------------------------------------------------------------------------- bombs (item 6)


@pytest.fixture(scope="module")
def bomb_files(tmp_path_factory) -> dict:
    """The bombs of the attack, written once: name -> path."""
    folder = tmp_path_factory.mktemp("bombs")
    out = {}
    for name, (build, fname) in {**bombs.BOMBS, **bombs.SMALL_BOUNDED}.items():
        out[name] = folder / fname
        out[name].write_bytes(build())
    return out


# name -> words the message must hold (the bound it crossed); sizes in the builders' docstrings
BOUNDS = {
    "xfd_rows": "10,000 columns",
    "whitespace_sheet": "256 MB",
    "huge_shared_string": "256 MB",
    "last_row": "500,000 rows",
    "wide_csv": "10,000",
    "whitespace_sheet_100mb": "32,767 characters",
    "huge_shared_string_100mb": "32,767 characters",
    "column_ALL_in_4500_rows": "2,000,000",
}


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_bomb_is_refused_naming_file_and_bound(bomb_files, name):
    path = bomb_files[name]
    with pytest.raises(ReadError) as info:
        read_export(path, cb())
    assert info.value.file == path.name
    assert BOUNDS[name] in info.value.message


def test_file_inside_the_bounds_still_reads(bomb_files):
    """400,000 rows of which one holds a cell: 1.2 million cells to fill, inside the bounds.
    The export has a header and one response (an e-mail address, no nominations)."""
    raw = read_export(bomb_files["rows_400k"], cb(nomination='pattern = "^Q3_"'))
    assert raw.respondents["respondent_raw"].tolist().count("an@x.nl") == 1


_CAPPED = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from leerlib.errors import LeerlibError
from leerlib.io._grid import read_grid
out = {}
for path in sys.argv[1:]:
    try:
        out[path] = "read %d x %d" % read_grid(path).data.shape
    except LeerlibError as exc:
        out[path] = "refused: " + exc.message
print(json.dumps(out))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_every_bomb_reads_in_under_one_gigabyte(bomb_files):
    """Each bomb took 0.25-2.5 GB before the bounds (issue figures: up to 3 GB). In a process
    whose address space is capped at 1 GiB, every one is read or refused; no MemoryError."""
    paths = [str(p) for p in bomb_files.values()]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = subprocess.run(
        [sys.executable, "-c", _CAPPED, *paths],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    outcome = json.loads(lines[0])
    assert sorted(outcome) == sorted(paths)
    assert int(lines[1]) < 1 << 20  # ru_maxrss in KiB: under 1 GiB


# --------------------------------------------------------------------------- lost cells (item 9)

# Header ict_1 twice. Non-empty cells by hand: first ict_1: Bo, Cor, Dirk (3); ict_2: An (1);
# second ict_1 (column D): Eva, Fleur (2). Six names in all.
REPEATED = "email;ict_1;ict_2;ict_1\nan@x.nl;Bo;An;Eva\nbo@x.nl;Cor;;\ncor@x.nl;Dirk;;Fleur\n"


def test_repeated_header_is_claimed_by_a_pattern():
    """A pattern matches the header as it stands in the file: all 6 names are nominations."""
    raw = read_export(csv(REPEATED), cb(nomination='pattern = "^ict_\\\\d+$"'))
    assert sorted(raw.nominations["raw_name"]) == ["An", "Bo", "Cor", "Dirk", "Eva", "Fleur"]
    assert raw.nominations.groupby("column").size().to_dict() == {
        "ict_1": 3,
        "ict_1 (2)": 2,
        "ict_2": 1,
    }


def test_repeated_header_that_no_block_claims_is_logged_cell_by_cell():
    """columns = ["ict_1", "ict_2"] names the first ict_1 only: its 3 names and ict_2's 1 are
    nominations, the repeat's 2 names are log rows (rows 2 and 4): 4 + 2 = 6 cells accounted."""
    raw = read_export(csv(REPEATED), cb(nomination='columns = ["ict_1", "ict_2"]'))
    assert len(raw.nominations) == 4
    lost = raw.log[raw.log["reason"] == "repeated_header"]
    assert lost[["row", "column", "raw_value", "action"]].values.tolist() == [
        [2, "ict_1 (2)", "Eva", "dropped"],
        [4, "ict_1 (2)", "Fleur", "dropped"],
    ]


def test_repeated_header_of_a_column_that_holds_no_nominations_is_not_logged():
    """Two "opmerking" columns beside the nominations: neither is a nomination column."""
    text = "email;Q3_1;Q3_2;opmerking;opmerking\nan@x.nl;Bo;;goed;ook goed\n"
    raw = read_export(csv(text), cb())
    assert not (raw.log["reason"] == "repeated_header").any()


def test_formula_cell_without_a_value_is_a_log_row():
    """Row 2: Q3_1 is a formula with no stored value (read as empty before, lost without a
    trace), Q3_2 a formula with its value "Cor" (a nomination)."""
    raw = read_export(Source(bombs.formula_without_value(), "export.xlsx"), cb())
    assert raw.nominations[["row", "column", "raw_name"]].values.tolist() == [[2, "Q3_2", "Cor"]]
    lost = raw.log[raw.log["reason"] == "formula_without_value"]
    assert lost[["row", "column", "raw_value"]].values.tolist() == [[2, "Q3_1", '=CONCAT("B","o")']]
