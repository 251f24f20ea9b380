"""Byte-stable writers for the sample files: Dutch-Excel CSV, XLSX with fixed metadata, TOML strings."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "write_csv",
    "write_xlsx",
    "toml_str",
    "toml_list",
    "frame_rows",
    "slots_codebook_head",
    "slots_nomination",
]

#: Timestamp stored in every XLSX we write (docProps and zip entries), so reruns are byte-identical.
FIXED_TIME = datetime(2026, 3, 1, 12, 0, 0)


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ";",
    encoding: str = "cp1252",
    bom: bool = False,
) -> Path:
    """Write rows the way Excel saves a CSV (CRLF line ends; ``None`` is an empty cell)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def _stable_zip(data: bytes) -> bytes:
    """Rewrite an XLSX zip with fixed entry times and fixed document timestamps."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(
                        rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)",
                        rf"\g<1>{stamp}\g<2>",
                        text,
                    )
                payload = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, payload)
    return out.getvalue()


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object] | None],
    *,
    title: str | None = None,
    sheet: str = "Blad1",
    widths: dict[str, float] | None = None,
) -> Path:
    """Write one sheet (optional title row above the header); ``None`` rows stay blank rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    wb.properties.creator = "leerlib sample generator"
    wb.properties.created = FIXED_TIME
    if title is not None:
        ws.append([title])
    ws.append(list(header))
    for row in rows:
        if row is None:
            ws.append([])
        else:
            ws.append(list(row))
    for col, width in (widths or {}).items():
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_stable_zip(buf.getvalue()))
    return path


def toml_str(value: str) -> str:
    r"""Return a TOML basic string.

    Examples
    --------
    >>> print(toml_str('Ik heb "iets" geleerd'))
    "Ik heb \"iets\" geleerd"
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def toml_list(values: Sequence[str]) -> str:
    """Return a one-line TOML array of strings.

    Examples
    --------
    >>> print(toml_list(["a", "b"]))
    ["a", "b"]
    """
    return "[" + ", ".join(toml_str(v) for v in values) + "]"


def frame_rows(df: pd.DataFrame) -> tuple[list[str], list[list]]:
    """Header and rows of a DataFrame as plain Python values (NaN becomes an empty cell)."""
    rows = [
        [
            None
            if (isinstance(v, float) and np.isnan(v))
            else (
                int(v)
                if isinstance(v, (np.integer,))
                else (bool(v) if isinstance(v, np.bool_) else v)
            )
            for v in r
        ]
        for r in df.itertuples(index=False)
    ]
    return list(df.columns), rows


def slots_codebook_head(wave: str) -> list[str]:
    """Codebook lines for the round-1 layout: Dutch-Excel CSV, respondents by e-mail address."""
    return [
        "[survey]",
        f"wave = {toml_str(wave)}",
        'language = "nl"',
        'encoding = "cp1252"',
        'delimiter = ";"',
        'decimal = ","',
        "",
        "[respondent]",
        'column = "E-mailadres"',
        'by = "email"',
        'submitted_at = "Tijdstempel"',
        'complete_column = "Voltooid"',
        "",
    ]


def slots_nomination(topic: str, columns: Sequence[str]) -> list[str]:
    """Codebook lines for one topic's name slots, each with frequency and usefulness beside it."""
    return [
        "[[nominations]]",
        'shape = "slots"',
        f"topic = {toml_str(topic)}",
        f"columns = {toml_list(columns)}",
        'attributes = { frequency = "{column}_freq", usefulness = "{column}_nut" }',
        'weight = "frequency"',
        "",
    ]
