"""Read a CSV or XLSX file into header rows plus a string grid with spreadsheet row numbers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leerlib.errors import ReadError
from leerlib.io._bounds import XlsxScan, check_csv_shape, scan_xlsx
from leerlib.io._source import load_source
from leerlib.io._text import (
    column_letter,
    decode_bytes,
    may_need_repair,
    normalize_header,
    repair_series,
)

__all__ = ["Grid", "read_grid", "sniff_delimiter", "looks_like_import_ids", "DELIMITERS"]

DELIMITERS = (",", ";", "\t", "|")

_XLSX_MAGIC = b"PK\x03\x04"
_SEP_LINE = re.compile(r"^sep=(.)\r?\n")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Grid:
    """A file's cells as strings.

    Attributes
    ----------
    file : str
        File name used in messages.
    headers : list of list of str
        The header rows (normalised), the first one gives the column names.
    columns : list of str
        Column names (first header row; empty ones named after their letter).
    data : DataFrame
        Data cells as str ("" when empty), columns as ``columns``.
    rows : ndarray of int
        1-based spreadsheet row of each data row.
    encoding, delimiter : str
        What was used to read a CSV ("" for XLSX).
    no_value : list of (int, str, str)
        XLSX formula cells among the data rows that hold no value (the tool that wrote the
        file did not store one): spreadsheet row, column name and formula. They read as empty.
    repeated : dict of str to str
        Columns whose header repeats an earlier one's: the name given here (``"ict_1 (2)"``)
        to the header as it stands in the file (``"ict_1"``).
    """

    file: str
    headers: list
    columns: list
    data: pd.DataFrame
    rows: np.ndarray
    encoding: str = ""
    delimiter: str = ""
    no_value: list = field(default_factory=list)
    repeated: dict = field(default_factory=dict)


def sniff_delimiter(text: str) -> str:
    r"""Guess the delimiter of CSV text among comma, semicolon, tab and pipe.

    The candidate that splits the first records into the same number (>1) of
    fields most consistently wins; ties go to the larger field count.

    Examples
    --------
    >>> sniff_delimiter("naam;team\nAn;A\nBo;B\n")
    ';'
    >>> sniff_delimiter('a,"b;c",d\n1,2,3\n')
    ','
    """
    sample = text[:65536]
    cut = sample.rfind("\n")
    if cut > 0 and len(text) > len(sample):
        sample = sample[:cut]
    best, best_key = ",", (-1.0, 0)
    for delim in DELIMITERS:
        try:
            records = list(csv.reader(io.StringIO(sample), delimiter=delim))[:50]
        except csv.Error:
            continue
        counts = [len(r) for r in records if any(c.strip() for c in r)]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        key = (counts.count(mode) / len(counts), mode)
        if key > best_key:
            best, best_key = delim, key
    return best


_STRIP = np.frompyfunc(
    str.strip, 1, 1
)  # every cell is a str (na_filter=False, XLSX cells converted)


def _same(series: pd.Series) -> pd.Series:
    return series


def _check_binary(data: bytes, file: str) -> None:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    if b"\x00" in head:
        raise ReadError(
            "looks like a binary file, not a CSV or XLSX export (it contains NUL bytes); "
            "export the survey as CSV or XLSX",
            file=file,
        )
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.05:
        raise ReadError(
            "looks like a binary file, not a CSV or XLSX export; export the survey as CSV or XLSX",
            file=file,
        )


def _csv_records(text: str, delimiter: str, file: str, header_end: int = 1) -> pd.DataFrame:
    """All records of CSV text as a str DataFrame with integer column labels."""
    kw = dict(
        header=None,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        sep=delimiter,
        quotechar='"',
        engine="c",
    )
    data = text.encode("utf-8")  # the C parser is fastest on UTF-8 bytes
    try:
        return pd.read_csv(io.BytesIO(data), encoding="utf-8", **kw)
    except pd.errors.EmptyDataError:
        raise ReadError(
            "the file is empty; expected a header row and data rows", file=file
        ) from None
    except pd.errors.ParserError:
        pass
    # Ragged records: a data record may have more fields than the header only if the extra
    # fields are empty (trailing delimiters); else a name with an unquoted delimiter or a
    # wrong delimiter has shifted the cells.
    try:
        counts = [(len(r), r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise ReadError(f"cannot be parsed as CSV: {exc}", file=file) from None
    width = max((c for c, _ in counts), default=0)
    header_width = max((c for c, _ in counts[:header_end]), default=0)
    for j in range(header_end, len(counts)):
        n, rec = counts[j]
        if n > header_width and any(v.strip() for v in rec[header_width:]):
            raise ReadError(
                f"has {n} fields but the header has {header_width}; is a value with "
                f"{delimiter!r} in it not quoted, or is the delimiter wrong?",
                file=file,
                row=j + 1,
                column=column_letter(header_width),
            )
    try:
        return pd.read_csv(io.BytesIO(data), encoding="utf-8", names=range(width), **kw)
    except (pd.errors.ParserError, ValueError) as exc:
        raise ReadError(f"cannot be parsed as CSV: {exc}", file=file) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value)


def _xlsx_records(data: bytes, sheet, file: str, scan: XlsxScan) -> tuple[pd.DataFrame, list]:
    """Return the sheet's cells as a str DataFrame, and its formula cells without a value."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ReadError(
            f"cannot be opened as an XLSX workbook ({type(exc).__name__}); "
            "is it damaged, password-protected or another format?",
            file=file,
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ReadError(
            f"cannot be opened as an XLSX workbook ({type(exc).__name__}: {exc})", file=file
        ) from None
    try:
        names = wb.sheetnames
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise ReadError(
                    f"has no sheet number {sheet} (0-based); it has {len(names)}: {names}",
                    file=file,
                )
            ws = wb[names[sheet]]
        else:
            if sheet not in names:
                raise ReadError(f"has no sheet {sheet!r}; sheets: {names}", file=file)
            ws = wb[sheet]
        try:
            ws.reset_dimensions()
        except AttributeError:
            pass
        records = [
            [_cell_text(v) for v in row] for row in ws.iter_rows(min_row=1, values_only=True)
        ]
        member = getattr(ws, "_worksheet_path", None)
        if member is None and len(scan.no_value) == 1 and len(names) == 1:
            member = next(iter(scan.no_value))
        no_value = scan.no_value.get(member, [])
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(
            f"cannot read the XLSX sheet ({type(exc).__name__}: {exc})", file=file
        ) from None
    finally:
        wb.close()
    if not records:
        return pd.DataFrame(), no_value
    width = max(len(r) for r in records)
    records = [r + [""] * (width - len(r)) for r in records]
    return pd.DataFrame(records, dtype=object).astype(str), no_value


def read_grid(
    path,
    *,
    encoding: str = "auto",
    delimiter: str = "auto",
    sheet=0,
    skip_rows: int = 0,
    header_rows: int = 1,
    file: str | None = None,
    max_cells: int | None = None,
) -> Grid:
    """Read a CSV or XLSX file, or its bytes in memory, as header rows plus a grid of strings.

    Handles: encoding detection (UTF-8 with or without BOM, UTF-16 with BOM,
    Windows-1252), delimiter sniffing, CRLF, quoted cells with line breaks,
    trailing empty rows and columns, mojibake repair of cells, XLSX sheets.

    Parameters
    ----------
    path : str, path-like, bytes, binary file object or Source
        The file, or its content in memory (see :class:`leerlib.io.Source`); XLSX is
        recognised by its content (the zip signature), else by the name's extension.
    encoding, delimiter : str
        As in the codebook's ``[survey]`` table ("auto" detects).
    sheet : int or str
        XLSX sheet index or name.
    skip_rows : int
        Rows above the header row.
    header_rows : int
        Rows that make up the header.
    file : str, optional
        Name used in messages (default: the file name, or the Source's name).
    max_cells : int, optional
        The bound on a sheet's cells (rows times columns) for this call; default
        :data:`leerlib.io._bounds.MAX_CELLS`.

    Returns
    -------
    Grid

    Raises
    ------
    ReadError
        Missing, empty, binary or damaged files, or a file with a header only; a file over
        one of the bounds of :mod:`leerlib.io._bounds` (unpacked size, rows, columns, cells,
        cell text), checked before it is read.
    """
    data, name, suffix = load_source(path, expected="a CSV or XLSX file")
    file = file or name
    if not data.strip():
        raise ReadError("the file is empty; expected a header row and data rows", file=file)
    used_enc, used_delim = "", ""
    no_value: list = []
    suspect = True  # XLSX: cells are checked one by one
    if data.startswith(_XLSX_MAGIC) or suffix in (".xlsx", ".xlsm"):
        if not data.startswith(_XLSX_MAGIC):
            raise ReadError(
                "has an .xlsx name but is not an XLSX workbook (damaged, or another format renamed)",
                file=file,
            )
        raw, no_value = _xlsx_records(data, sheet, file, scan_xlsx(data, file, max_cells=max_cells))
    elif data.startswith(_OLE_MAGIC):
        raise ReadError(
            "is an old Excel .xls (or other OLE) file; save it as .xlsx or CSV first", file=file
        )
    else:
        _check_binary(data, file)
        text, used_enc = decode_bytes(data, encoding, file)
        suspect = may_need_repair(text)  # one scan of the text spares a look at every cell
        hint = _SEP_LINE.match(text)
        if hint:  # Excel's "sep=;" first line: it names the delimiter and is not shown as a row
            text = text[hint.end() :]
            if delimiter == "auto" and hint.group(1) in DELIMITERS:
                delimiter = hint.group(1)
        if delimiter == "auto":
            used_delim = sniff_delimiter(text)
        elif delimiter in DELIMITERS:
            used_delim = delimiter
        else:
            raise ReadError(
                f"unknown delimiter {delimiter!r}; expected one of {DELIMITERS}", file=file
            )
        check_csv_shape(text, used_delim, file, max_cells=max_cells)
        raw = _csv_records(text, used_delim, file, skip_rows + header_rows)
    return _split(raw, file, skip_rows, header_rows, used_enc, used_delim, suspect, no_value)


def _split(
    raw: pd.DataFrame,
    file: str,
    skip_rows: int,
    header_rows: int,
    enc: str,
    delim: str,
    suspect: bool = True,
    no_value: list = (),
) -> Grid:
    if raw.shape[0] == 0 or raw.shape[1] == 0:
        raise ReadError("the file is empty; expected a header row and data rows", file=file)
    # Leading and trailing white space never carries meaning in a survey answer.
    cells = _STRIP(raw.to_numpy(dtype=object)).astype(object)
    nonblank = cells != ""
    # Trailing empty rows and columns are not part of the table.
    row_has = nonblank.any(axis=1)
    if not row_has.any():
        raise ReadError("the file is empty; expected a header row and data rows", file=file)
    last_row = int(np.nonzero(row_has)[0][-1])
    col_has = nonblank[: last_row + 1].any(axis=0)
    last_col = int(np.nonzero(col_has)[0][-1])
    cells = cells[: last_row + 1, : last_col + 1]
    nheader = skip_rows + header_rows
    if cells.shape[0] < nheader:
        raise ReadError(
            f"has only {cells.shape[0]} row(s); expected {skip_rows} row(s) to skip and "
            f"{header_rows} header row(s) before the data",
            file=file,
        )
    headers = [
        [normalize_header(v) for v in cells[skip_rows + i].tolist()] for i in range(header_rows)
    ]
    if suspect:
        headers = [repair_series(pd.Series(h, dtype=object)).tolist() for h in headers]
    names = []
    seen: dict[str, int] = {}
    repeated: dict[str, str] = {}
    for i, name in enumerate(headers[0]):
        if not name:
            name = f"(column {column_letter(i)})"
        if name in seen:
            seen[name] += 1
            original, name = name, f"{name} ({seen[name]})"
            repeated[name] = original
        else:
            seen[name] = 1
        names.append(name)
    body = pd.DataFrame(
        {
            name: (repair_series if suspect else _same)(pd.Series(cells[nheader:, j], dtype=object))
            for j, name in enumerate(names)
        }
    )
    rows = np.arange(nheader + 1, nheader + 1 + len(body), dtype=np.int64)
    lost = [
        (row, names[col], formula)
        for row, col, formula in no_value
        if nheader < row <= nheader + len(body) and 0 <= col < len(names)
    ]
    return Grid(
        file=file,
        headers=headers,
        columns=names,
        data=body,
        rows=rows,
        encoding=enc,
        delimiter=delim,
        no_value=lost,
        repeated=repeated,
    )


def looks_like_import_ids(values) -> bool:
    """Return True if most non-empty cells look like a Qualtrics ImportId JSON header row."""
    cells = [v for v in values if v]
    if not cells:
        return False
    hits = sum(1 for v in cells if re.match(r'^\{\s*"ImportId"', v))
    return hits / len(cells) > 0.5
