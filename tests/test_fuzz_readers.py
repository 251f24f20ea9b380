"""Fuzzing every reader: random bytes and mangled CSV, XLSX and TOML give a result or a LeerlibError.

The seeds are small cut-downs of the bundled sample (a Dutch-Excel CSV export with free-recall
slots, a Microsoft-Forms XLSX roster matrix, their rosters and codebooks). Hypothesis mangles them:
random bytes, truncation (also of the XLSX zip), flipped bytes, other delimiters and encodings,
extra or missing header rows, stray quotes and text, broken or missing zip members, odd cell
values. Each reader (read_codebook, read_roster, read_aliases, read_export with a fixed codebook,
load_survey) must then return or raise a LeerlibError: nothing else may escape.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.errors import LeerlibError
from leerlib.io import read_aliases, read_codebook, read_export, read_roster

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
