"""Fuzzing every reader: random bytes and mangled CSV, XLSX and TOML give a result or a LeerlibError.

The seeds are small cut-downs of the bundled sample (a Dutch-Excel CSV export with free-recall
slots, a Microsoft-Forms XLSX roster matrix, their rosters and codebooks). Hypothesis mangles them:
random bytes, truncation (also of the XLSX zip), flipped bytes, other delimiters and encodings,
extra or missing header rows, stray quotes and text, broken or missing zip members, odd cell
values. Each reader (read_codebook, read_roster, read_aliases, read_export with a fixed codebook,
load_survey) must then return or raise a LeerlibError: nothing else may escape.

Hostile classes follow: spreadsheet bombs (cells far right or far down, long texts, wide CSV),
TOML nested deep or with long dotted keys, time stamps in any year from 1 to 9999, repeated
headers (conservation per column) and codebook patterns that backtrack.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.errors import CodebookError, LeerlibError, ReadError
from leerlib.io import Source, read_aliases, read_codebook, read_export, read_roster
from leerlib.io._bounds import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from tests import bombs

CODEBOOKS = Path(__file__).resolve().parent / "codebooks"

# A few examples per reader keep the suite fast, and derandomize makes them the same on every
# run (a CI failure replays). LEERLIB_FUZZ_SCALE=20 explores twenty times as many, fresh ones.
SCALE = int(os.environ.get("LEERLIB_FUZZ_SCALE", "1"))


def fuzz(examples: int):
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-32",
    "cp1252",
    "latin-1",
    "cp437",
    "shift_jis",
    "mac_roman",
]
DELIMITERS = [",", "\t", "|", ";;", " ", ""]
CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.sampled_from(["=1+1", "=A1/0", "niemand", "Dagelijks", ";", "didactiek; ict;", "P0001"]),
)


class Seeds:
    """Small, valid inputs cut from the bundled sample, kept in a private folder."""

    def __init__(self, folder: Path):
        paths = leerlib.sample_paths()
        self.folder = folder
        self.cb_csv = paths["codebook_2025"]
        self.cb_xlsx = paths["codebook_2026"]
        self.roster_csv = paths["roster_2025"]
        self.roster_xlsx = paths["roster_2026"]
        self.aliases = paths["aliases"]
        lines = paths["survey_2025"].read_bytes().split(b"\r\n")
        self.export_csv = b"\r\n".join(lines[:8]) + b"\r\n"
        wb = openpyxl.load_workbook(paths["survey_2026"])
        ws = wb.active
        ws.delete_rows(8, ws.max_row)
        buf = io.BytesIO()
        wb.save(buf)
        self.export_xlsx = buf.getvalue()
        self.codebook_text = {
            "csv": self.cb_csv.read_text(encoding="utf-8"),
            "xlsx": self.cb_xlsx.read_text(encoding="utf-8"),
        }
        self.small_export = self.write("seed_export.csv", self.export_csv)

    def write(self, name: str, data: bytes) -> Path:
        p = self.folder / name
        p.write_bytes(data)
        return p


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Seeds:
    return Seeds(tmp_path_factory.mktemp("fuzz"))


def only_leerlib_errors(call, *args, **kwargs):
    """Call a reader; a LeerlibError is a fine answer to garbage, anything else is a bug."""
    try:
        return call(*args, **kwargs)
    except LeerlibError:
        return None


# --- mangling strategies -------------------------------------------------------------------


@st.composite
def mangled_bytes(draw, base: bytes) -> bytes:
    """Truncate, flip, insert or delete bytes of ``base``."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "truncate":
            del data[pos:]
        elif op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
    return bytes(data)


@st.composite
def mangled_csv(draw, base: bytes, encoding: str = "cp1252", sep: str = ";") -> bytes:
    """Change delimiters, header rows, line ends, quotes and cells; re-encode at random."""
    text = base.decode(encoding)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(
                [
                    "delimiter",
                    "header_rows",
                    "drop_header",
                    "text",
                    "quote",
                    "line_ends",
                    "truncate",
                    "duplicate_header",
                    "blank_lines",
                ]
            )
        )
        pos = draw(st.integers(0, len(text)))
        if op == "delimiter":
            text = text.replace(sep, draw(st.sampled_from(DELIMITERS + [";"])))
        elif op == "header_rows":
            rows = draw(st.lists(st.text(max_size=30), min_size=1, max_size=3))
            text = "\r\n".join(r.replace("\n", " ") for r in rows) + "\r\n" + text
        elif op == "drop_header":
            text = text.split("\n", 1)[-1]
        elif op == "text":
            text = text[:pos] + draw(st.text(max_size=20)) + text[pos:]
        elif op == "quote":
            text = text[:pos] + '"' + text[pos:]
        elif op == "line_ends":
            text = text.replace("\r\n", draw(st.sampled_from(["\n", "\r", "\r\r\n", "\u2028"])))
        elif op == "truncate":
            text = text[:pos]
        elif op == "duplicate_header":
            text = text.replace("didactiek_1;", "E-mailadres;", 1)
        elif op == "blank_lines":
            text = text[:pos] + "\r\n\r\n;;;\r\n" + text[pos:]
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def mangled_xlsx(draw, base: bytes) -> bytes:
    """Break the zip container, one of its members, or the cells inside a valid workbook."""
    op = draw(
        st.sampled_from(["bytes", "member_truncate", "member_drop", "member_garbage", "cells"])
    )
    if op == "bytes":
        return draw(mangled_bytes(base))
    src = zipfile.ZipFile(io.BytesIO(base))
    if op == "cells":
        wb = openpyxl.load_workbook(io.BytesIO(base))
        ws = wb.active
        if draw(st.booleans()):
            ws.insert_rows(1, draw(st.integers(1, 3)))
        for _ in range(draw(st.integers(1, 12))):
            row, col = draw(st.integers(1, 10)), draw(st.integers(1, 12))
            value = draw(CELL_VALUES)
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
            ws.cell(row=row, column=col).value = value
        if draw(st.booleans()):
            ws.delete_cols(draw(st.integers(1, 6)), draw(st.integers(1, 3)))
        if draw(st.booleans()):
            ws.title = draw(st.sampled_from(["Blad1", "Sheet1", "Form1 ", "x"]))
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    member = draw(st.sampled_from(src.namelist()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == member:
                if op == "member_drop":
                    continue
                if op == "member_truncate":
                    data = data[: draw(st.integers(0, len(data)))]
                else:
                    data = draw(st.binary(max_size=200))
            dst.writestr(name, data)
    return out.getvalue()


@st.composite
def mangled_toml(draw, text: str) -> bytes:
    """Delete, duplicate or garble lines of a codebook; sometimes re-encode it."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "garble", "value", "insert"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "garble":
            j = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:j] + draw(st.text(max_size=10)) + lines[i][j:]
        elif op == "value" and "=" in lines[i]:
            k = lines[i].split("=", 1)[0]
            v = draw(
                st.sampled_from(
                    [
                        '""',
                        "0",
                        "-1",
                        "true",
                        "[]",
                        "{}",
                        '"x"',
                        '"^("',
                        "1e9",
                        '"Q3_\\\\d+$"',
                        '"niet bestaand"',
                        "[1, 2]",
                    ]
                )
            )
            lines[i] = f"{k}= {v}"
        elif op == "insert":
            lines.insert(
                i,
                draw(
                    st.sampled_from(
                        [
                            "[survey]",
                            "[[nominations]]",
                            'shape = "matrix"',
                            "[scales.x]",
                            "foo = 1",
                            "[[value]]",
                            'column = "Voltooid"',
                            'cycle = "immediate"',
                        ]
                    )
                ),
            )
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252"]))
    return "\n".join(lines).encode(encoding, errors="replace")


# --- the fuzz tests ------------------------------------------------------------------------


@fuzz(25)
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".xlsx", ".toml", ".txt", ""]))
def test_random_bytes_at_every_reader(seeds, data, suffix):
    p = seeds.write(f"random{suffix}", data)
    cb = read_codebook(seeds.cb_csv)
    only_leerlib_errors(read_codebook, p)
    only_leerlib_errors(read_roster, p)
    only_leerlib_errors(read_roster, p, cb)
    only_leerlib_errors(read_aliases, p)
    only_leerlib_errors(read_export, p, cb)
    only_leerlib_errors(leerlib.load_survey, p, seeds.roster_csv, seeds.cb_csv)


@fuzz(20)
@given(data=st.data())
def test_mangled_csv_exports(seeds, data):
    p = seeds.write(
        "export.csv",
        data.draw(st.one_of(mangled_csv(seeds.export_csv), mangled_bytes(seeds.export_csv))),
    )
    only_leerlib_errors(read_export, p, read_codebook(seeds.cb_csv))
    only_leerlib_errors(leerlib.load_survey, p, seeds.roster_csv, seeds.cb_csv)


@fuzz(12)
@given(data=st.data())
def test_mangled_xlsx_exports(seeds, data):
    p = seeds.write("export.xlsx", data.draw(mangled_xlsx(seeds.export_xlsx)))
    only_leerlib_errors(read_export, p, read_codebook(seeds.cb_xlsx))
    only_leerlib_errors(leerlib.load_survey, p, seeds.roster_xlsx, seeds.cb_xlsx)


@fuzz(10)
@given(data=st.data(), kind=st.sampled_from(["csv", "xlsx"]))
def test_mangled_rosters_and_aliases(seeds, data, kind):
    base = (seeds.roster_csv if kind == "csv" else seeds.roster_xlsx).read_bytes()
    mangle = mangled_csv(base, "utf-8-sig") if kind == "csv" else mangled_xlsx(base)
    p = seeds.write(f"roster.{kind}", data.draw(st.one_of(mangle, mangled_bytes(base))))
    cb = read_codebook(seeds.cb_csv if kind == "csv" else seeds.cb_xlsx)
    only_leerlib_errors(read_roster, p, cb)
    only_leerlib_errors(read_roster, p)
    only_leerlib_errors(leerlib.load_survey, seeds.small_export, p, seeds.cb_csv)
    a = seeds.write("aliases.csv", data.draw(mangled_csv(seeds.aliases.read_bytes(), "utf-8")))
    only_leerlib_errors(read_aliases, a)
    only_leerlib_errors(leerlib.load_survey, seeds.small_export, seeds.roster_csv, seeds.cb_csv, a)


@fuzz(15)
@given(data=st.data(), kind=st.sampled_from(["csv", "xlsx"]))
def test_mangled_codebooks(seeds, data, kind):
    p = seeds.write(f"codebook_{kind}.toml", data.draw(mangled_toml(seeds.codebook_text[kind])))
    cb = only_leerlib_errors(read_codebook, p)
    if cb is None:
        return
    if kind == "csv":
        export, roster = seeds.small_export, seeds.roster_csv
    else:
        export, roster = seeds.write("seed_export.xlsx", seeds.export_xlsx), seeds.roster_xlsx
    only_leerlib_errors(read_export, export, cb)
    only_leerlib_errors(read_roster, roster, cb)
    only_leerlib_errors(leerlib.load_survey, export, roster, p)


REAL = {
    "balachia_class-survey/ZKC Qualtrics.csv": "balachia_class-survey/zkc-qualtrics-panel.csv",
    "marmall_networkapproaches/sampleNetworkSurvey.csv": None,
}


@fuzz(10)
@given(data=st.data(), export=st.sampled_from(sorted(REAL)))
def test_mangled_real_exports(seeds, real_exports_dir, data, export):
    """Real Qualtrics exports (3 or 2 header rows, quoted multi-line headers), mangled in memory."""
    base = (real_exports_dir / export).read_bytes()
    mangle = mangled_csv(base, "utf-8-sig", sep=",")
    p = seeds.write("real.csv", data.draw(st.one_of(mangle, mangled_bytes(base))))
    codebook = CODEBOOKS / (Path(export).stem + ".toml")
    only_leerlib_errors(read_export, p, read_codebook(codebook))
    roster = REAL[export]
    only_leerlib_errors(
        leerlib.load_survey, p, None if roster is None else real_exports_dir / roster, codebook
    )


def test_the_seeds_themselves_load(seeds):
    """The fuzz starts from valid files: both seeds read and clean without error."""
    s = leerlib.load_survey(seeds.small_export, seeds.roster_csv, seeds.cb_csv)
    assert len(s.ties) > 0
    x = seeds.write("seed_export.xlsx", seeds.export_xlsx)
    assert len(leerlib.load_survey(x, seeds.roster_xlsx, seeds.cb_xlsx).ties) > 0


# --- hostile classes: bombs, deep TOML, dates at the edges, repeated headers, patterns ----------

_CB = (
    '[survey]\nwave = "2025"\n[respondent]\ncolumn = "email"\n{respondent}\n'
    '[[topics]]\nkey = "ict"\n[[nominations]]\nshape = "slots"\ntopic = "ict"\n{select}\n'
)


def _book(select: str = 'columns = ["Q3_1"]', respondent: str = "") -> Source:
    return Source(_CB.format(select=select, respondent=respondent).encode(), "codebook.toml")


@fuzz(10)
@given(
    far_column=st.integers(1, 16_384),
    rows=st.integers(1, 3000),
    last_row=st.integers(2, 1_048_576),
    text=st.integers(0, 40_000),
)
def test_xlsx_bombs_read_or_refuse(far_column, rows, last_row, text):
    """A cell far right on many rows, a far last row and a long text: a read within the bounds,
    else a ReadError that names the file; never a MemoryError or another exception."""
    col = bombs._col(far_column - 1)
    body = [
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>an@x.nl</t></is></c>'
        f'<c r="{col}{i}"><v>1</v></c></row>'
        for i in range(2, rows + 2)
    ]
    body.append(
        f'<row r="{max(last_row, rows + 2)}"><c r="B{max(last_row, rows + 2)}" '
        f't="inlineStr"><is><t>{"x" * text}</t></is></c></row>'
    )
    data = bombs.xlsx([bombs.header_row(("email", "Q3_1")), *body])
    over = (
        far_column > MAX_COLUMNS
        or max(last_row, rows + 2) > MAX_ROWS
        or text > MAX_CELL_CHARS
        or max(last_row, rows + 2) * max(far_column, 2) > MAX_CELLS
    )
    try:
        read_export(Source(data, "bomb.xlsx"), _book())
    except ReadError as exc:
        assert exc.file == "bomb.xlsx"
        assert over or "no data rows" in exc.message, exc.message
    else:
        assert not over


@fuzz(8)
@given(columns=st.integers(1, 30_000), rows=st.integers(1, 400))
def test_wide_csv_reads_or_refuses(columns, rows):
    data = bombs.wide_csv(columns, rows).replace(b"q0;", b"email;", 1).replace(b"q1;", b"Q3_1;", 1)
    try:
        read_export(Source(data, "wide.csv"), _book())
    except LeerlibError as exc:
        assert exc.file in ("wide.csv", "codebook.toml")
        if columns > MAX_COLUMNS or (rows + 1) * columns > MAX_CELLS:
            assert isinstance(exc, ReadError) and "columns" in exc.message


@fuzz(15)
@given(
    depth=st.integers(1, 2_000),
    parts=st.integers(1, 2_000),
    kind=st.sampled_from(["array", "inline", "dotted", "header"]),
)
def test_deep_or_long_keyed_toml(depth, parts, kind):
    """Nesting or dotted keys of any depth: a codebook or a CodebookError, never a RecursionError."""
    extra = {
        "array": "x = " + "[" * depth + "]" * depth,
        "inline": "x = " + "{a = " * depth + "1" + "}" * depth,
        "dotted": ".".join(["a"] * parts) + " = 1",
        "header": "[" + ".".join(["scales"] + ["b"] * (parts - 1)) + "]\nx = 1",
    }[kind]
    book = Source((extra + "\n").encode() + _book().data, "deep.toml")
    with pytest.raises(CodebookError) as info:  # an unknown key at best: never read as valid
        read_codebook(book)
    assert info.value.file == "deep.toml"


@fuzz(20)
@given(
    when=st.datetimes(
        min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)
    ),
    layout=st.sampled_from(["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"]),
)
def test_time_stamps_at_the_edges_of_the_calendar(when, layout):
    """Any year from 1 to 9999: read (years 1 and 9999 as missing, logged) or a ReadError
    naming file, row and column."""
    stamp = when.strftime(layout.replace("%Y", f"{when.year:04d}"))
    text = f"email;tijd;Q3_1\nan@x.nl;{stamp};Bo\n"
    try:
        raw = read_export(Source(text.encode(), "e.csv"), _book(respondent='submitted_at = "tijd"'))
    except ReadError as exc:
        assert (exc.file, exc.row, exc.column) == ("e.csv", 2, "tijd")
        assert not 1678 <= when.year <= 2261 and when.year not in (1, 9999)
    else:
        no_date = raw.log["reason"].eq("no_date").sum()
        assert no_date == (when.year in (1, 9999))
        assert pd.isna(raw.respondents["submitted_at"].iloc[0]) == bool(no_date)


@fuzz(20)
@given(
    headers=st.lists(st.sampled_from(["ict_1", "ict_2", "ict_3", "opm"]), min_size=1, max_size=8),
    cells=st.lists(
        st.lists(st.sampled_from(["", "", "Bo", "Cor", "niemand"]), min_size=8, max_size=8),
        min_size=1,
        max_size=5,
    ),
    by_pattern=st.booleans(),
)
def test_repeated_headers_lose_no_nomination(headers, cells, by_pattern):
    """Every non-empty cell under an ict_* header (counted here, from the drawn table) is a
    nomination or a repeated_header log row: conservation per column."""
    headers = ["ict_1", "ict_2", "ict_3", *headers]  # each named column present at least once
    rows = [
        [f"r{i}@x.nl", *row[: len(headers) - 0]][: len(headers) + 1] for i, row in enumerate(cells)
    ]
    rows = [r + [""] * (len(headers) + 1 - len(r)) for r in rows]
    text = "\n".join(";".join(r) for r in [["email", *headers], *rows]) + "\n"
    expected = sum(
        1 for r in rows for h, v in zip(headers, r[1:], strict=True) if h.startswith("ict_") and v
    )
    select = 'pattern = "^ict_\\\\d$"' if by_pattern else 'columns = ["ict_1", "ict_2", "ict_3"]'
    raw = read_export(Source(text.encode(), "e.csv"), _book(select))
    logged = int(raw.log["reason"].eq("repeated_header").sum())
    assert len(raw.nominations) + logged == expected
    if by_pattern:
        assert logged == 0


@fuzz(12)
@given(
    pattern=st.lists(
        st.sampled_from(
            [
                "(a|aa)+",
                "(a+)+",
                "a*",
                "(a|a)*",
                "ict_",
                "\\d+",
                "(?P<target>.+)",
                "$",
                "^",
                ".*",
                "[a-z]",
                "(",
                "x{1000000}",
            ]
        ),
        min_size=1,
        max_size=4,
    ).map("".join),
    header=st.text(alphabet="a_ict0123b", min_size=0, max_size=70),
)
def test_any_pattern_gives_columns_or_a_codebook_error(pattern, header):
    """Any pattern on any header: matches, no match, or a CodebookError naming the nominations
    block (invalid, runaway); the search is bounded in time, so nothing hangs."""
    book = Source(
        _CB.format(select=f"pattern = {json.dumps(pattern)}", respondent="").encode(),
        "codebook.toml",
    )
    try:
        read_export(Source(f"email;{header or 'h'}\nan@x.nl;Bo\n".encode(), "e.csv"), book)
    except CodebookError as exc:
        assert exc.file == "codebook.toml" and "[[nominations]] #1" in exc.message
