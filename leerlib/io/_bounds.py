"""Size bounds checked before a spreadsheet is read: no file may unpack or parse into gigabytes.

A workbook is a zip of XML. A few kilobytes of it can declare a cell in column XFD on every row,
a cell in row 1,048,576, a text of a gigabyte of spaces or one shared string of hundreds of
megabytes; a CSV of a few megabytes can have 300,000 columns. Read naively, each takes gigabytes
of memory. The checks here look at the zip directory and stream the XML once with expat (constant
memory, nothing built) before openpyxl or pandas see the file, and refuse a file over a bound with
a ReadError that names the file and the bound.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from array import array
from dataclasses import dataclass, field
from xml.parsers import expat

from leerlib.errors import ReadError

__all__ = [
    "MAX_UNPACKED_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_TEXT_CHARS",
    "XlsxScan",
    "scan_xlsx",
    "check_csv_shape",
]

#: Unpacked size of all members of an XLSX zip. A survey export of 2,000 responses and 300
#: columns unpacks to about 40 MB.
MAX_UNPACKED_BYTES = 256 * 2**20
#: Columns of a sheet or CSV (a roster matrix of 1,000 staff on 5 topics has 5,000).
MAX_COLUMNS = 10_000
#: Rows of a sheet or CSV.
MAX_ROWS = 500_000
#: Cells of the rectangle a reader fills (last row times last column): bounds the memory. A
#: caller that knows its export is larger (20,000 respondents on 129 columns fill about
#: 2.6 million) raises it for one call: ``read_export(..., max_cells=...)``,
#: ``load_survey(..., max_cells=...)``; the default stays for every other read.
MAX_CELLS = 2_000_000
#: Characters of one XLSX cell: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: Characters of all text in a workbook's cells and shared strings together.
MAX_TEXT_CHARS = 64_000_000

_LETTERS = re.compile(r"[A-Za-z]+")


def _col_index(ref: str) -> int:
    """1-based column of a cell reference such as ``"XFD12"`` (0 if it has no letters)."""
    m = _LETTERS.match(ref)
    if not m:
        return 0
    n = 0
    for ch in m.group(0).upper():
        n = n * 26 + ord(ch) - 64
    return n


def _letters(col: int) -> str:
    out = ""
    while col:
        col, r = divmod(col - 1, 26)
        out = chr(65 + r) + out
    return out


class _Stop(Exception):
    """Stop scanning a member that is not well-formed: openpyxl will report it as before."""


@dataclass
class XlsxScan:
    """What the scan found: per worksheet member, the formula cells that hold no value.

    ``no_value[member]`` lists ``(row, column, formula)`` with the 1-based spreadsheet row, the
    0-based column and the formula text (at most 10,000 per member).
    """

    no_value: dict = field(default_factory=dict)


class _Member:
    """Expat handlers for one XML member (worksheet, shared strings, or anything else)."""

    def __init__(
        self, file: str, member: str, shared: array | None, totals: list, max_cells: int = MAX_CELLS
    ):
        self.file, self.member, self.shared, self.totals = file, member, shared, totals
        self.max_cells = max_cells
        self.row = self.col = self.max_row = self.max_col = 0
        self.in_text = self.in_formula = self.in_cell = False
        self.cell_type = ""
        self.cell_len = 0
        self.value: list[str] = []
        self.formula: list[str] = []
        self.has_formula = False
        self.si_len = 0
        self.lengths: array | None = None  # shared strings' lengths, if this member is <sst>
        self.no_value: list = []

    def fail(self, what: str) -> ReadError:
        return ReadError(f"{what} (in {self.member}); this file is not read", file=self.file)

    def start(self, name: str, attrs: dict) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "c":
            ref = attrs.get("r", "")
            col = _col_index(ref) if ref else 0
            self.col = col if col else self.col + 1
            if self.col > self.max_col:
                self.max_col = self.col
                if self.col > MAX_COLUMNS:
                    raise self.fail(
                        f"has a cell in column {_letters(self.col)}, beyond the "
                        f"{MAX_COLUMNS:,} columns a survey export may have"
                    )
                self._check_cells()
            self.cell_type = attrs.get("t", "n")
            self.cell_len, self.value, self.formula, self.has_formula = 0, [], [], False
            self.in_cell = True
        elif local == "row":
            r = attrs.get("r", "")
            self.row = int(r) if r.isdigit() else self.row + 1
            self.col = 0
            if self.row > self.max_row:
                self.max_row = self.row
                if self.row > MAX_ROWS:
                    raise self.fail(
                        f"has a row numbered {self.row:,}, beyond the "
                        f"{MAX_ROWS:,} rows a survey export may have"
                    )
                self._check_cells()
        elif local in ("v", "t"):
            self.in_text = True
        elif local == "f":
            self.in_formula = self.has_formula = True
        elif local == "si":
            self.si_len = 0
        elif local == "sst":
            self.lengths = array("L")

    def _check_cells(self) -> None:
        if self.max_row * self.max_col > self.max_cells:
            raise self.fail(
                f"reaches row {self.max_row:,} and column {_letters(self.max_col)}: "
                f"{self.max_row * self.max_col:,} cells to fill, more than the {self.max_cells:,} a "
                "survey export may have"
            )

    def end(self, name: str) -> None:
        local = name.rsplit(":", 1)[-1]
        if local in ("v", "t"):
            self.in_text = False
        elif local == "f":
            self.in_formula = False
        elif local == "si" and self.lengths is not None:
            self.lengths.append(self.si_len)
            if len(self.lengths) > self.max_cells:
                raise self.fail(f"has more than {self.max_cells:,} shared strings")
        elif local == "c":
            self.in_cell = False
            shown = self.cell_len
            if self.cell_type == "s" and self.shared is not None:
                text = "".join(self.value).strip()
                idx = int(text) if text.isdigit() else -1
                shown = self.shared[idx] if 0 <= idx < len(self.shared) else 0
            self._count(shown)
            if self.has_formula and not "".join(self.value).strip() and len(self.no_value) < 10_000:
                self.no_value.append((self.row, self.col - 1, "".join(self.formula)))

    def _count(self, n: int) -> None:
        self.totals[0] += n
        if self.totals[0] > MAX_TEXT_CHARS:
            raise self.fail(f"holds more than {MAX_TEXT_CHARS:,} characters of cell text")

    def text(self, data: str) -> None:
        if self.in_text and self.lengths is not None:  # a shared string
            self.si_len += len(data)
            if self.si_len > MAX_CELL_CHARS:
                raise self.fail(
                    f"has a shared string longer than {MAX_CELL_CHARS:,} characters "
                    "(Excel's own limit for a cell)"
                )
            self._count(len(data))
        elif self.in_text and self.in_cell:
            self.cell_len += len(data)
            if self.cell_len > MAX_CELL_CHARS:
                raise self.fail(
                    f"has a cell in row {self.row:,} with a text longer than "
                    f"{MAX_CELL_CHARS:,} characters (Excel's own limit)"
                )
            if self.cell_type == "s" or self.has_formula:
                self.value.append(data)
        elif self.in_formula and sum(map(len, self.formula)) < 1024:
            self.formula.append(data)

    def doctype(self, *args) -> None:
        raise _Stop  # a DTD: the workbook reader refuses it with its own message


def scan_xlsx(data: bytes, file: str, *, max_cells: int | None = None) -> XlsxScan:
    """Check an XLSX workbook against the bounds before it is opened.

    Parameters
    ----------
    data : bytes
        The workbook.
    file : str
        Its name, for messages.
    max_cells : int, optional
        The bound on a sheet's cells for this call (default :data:`MAX_CELLS`).

    Returns
    -------
    XlsxScan
        Formula cells without a value, per worksheet member.

    Raises
    ------
    ReadError
        Over a bound: the zip unpacks to more than :data:`MAX_UNPACKED_BYTES`, a sheet reaches
        beyond :data:`MAX_ROWS`, :data:`MAX_COLUMNS` or :data:`MAX_CELLS`, a cell holds more than
        :data:`MAX_CELL_CHARS` characters or all cells more than :data:`MAX_TEXT_CHARS`.
        A zip or XML that is not well-formed is left to the workbook reader, which reports it.
    """
    max_cells = _cells_bound(max_cells)
    scan = XlsxScan()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return scan
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(
            f"unpacks to {unpacked / 2**20:,.0f} MB, more than the {MAX_UNPACKED_BYTES // 2**20} MB "
            "a survey export may have; this file is not read",
            file=file,
        )
    members = [i for i in infos if i.filename.lower().endswith(".xml")]
    members.sort(key=lambda i: "sharedstrings" not in i.filename.lower())
    shared: array | None = None
    totals = [0]
    for info in members:
        m = _Member(file, info.filename, shared, totals, max_cells)
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = m.start
        parser.EndElementHandler = m.end
        parser.CharacterDataHandler = m.text
        parser.StartDoctypeDeclHandler = m.doctype
        try:
            with zf.open(info) as f:
                while chunk := f.read(1 << 16):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except (
            _Stop,
            expat.ExpatError,
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            NotImplementedError,
            RuntimeError,
            ValueError,
        ):
            continue
        if m.lengths is not None and shared is None:
            shared = m.lengths
        if m.no_value:
            scan.no_value[info.filename] = m.no_value
    return scan


def _cells_bound(max_cells) -> int:
    """Return the cell bound of one read: MAX_CELLS, or a caller's own positive integer."""
    if max_cells is None:
        return MAX_CELLS
    if isinstance(max_cells, bool) or not isinstance(max_cells, int) or max_cells < 1:
        raise ValueError(f"max_cells must be a positive integer, not {max_cells!r}")
    return max_cells


def check_csv_shape(text: str, delimiter: str, file: str, *, max_cells: int | None = None) -> None:
    """Refuse CSV text beyond the bounds before pandas fills it.

    The bounds: :data:`MAX_COLUMNS` columns, :data:`MAX_ROWS` rows, a rectangle of
    :data:`MAX_CELLS` cells (or ``max_cells``).

    Without quotes a line is a record and its delimiters count its fields; with quotes the
    records are counted by Python's csv module, one at a time.
    """
    if '"' not in text:
        lines = text.splitlines()
        rows = len(lines)
        width = 1 + max((line.count(delimiter) for line in lines), default=0)
    else:
        rows = width = 0
        try:
            for rec in csv.reader(io.StringIO(text), delimiter=delimiter):
                rows += 1
                if len(rec) > width:
                    width = len(rec)
                    if width > MAX_COLUMNS:
                        break
                if rows > MAX_ROWS:
                    break
        except csv.Error:
            return  # the reader reports the malformed CSV as before
    if width > MAX_COLUMNS:
        raise ReadError(
            f"has {width:,} columns, more than the {MAX_COLUMNS:,} a survey export may "
            "have; is the delimiter right?",
            file=file,
        )
    if rows > MAX_ROWS:
        raise ReadError(
            f"has more than {MAX_ROWS:,} rows, more than a survey export may have", file=file
        )
    max_cells = _cells_bound(max_cells)
    if rows * width > max_cells:
        raise ReadError(
            f"has {rows:,} rows and {width:,} columns: {rows * width:,} cells, more than "
            f"the {max_cells:,} a survey export may have (a larger export known to be "
            "sound: read_export(..., max_cells=...))",
            file=file,
        )
