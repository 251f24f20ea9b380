"""Write tables as an XLSX workbook in memory with XlsxWriter (no temporary files)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd

from leerlib.export.safe import cell_value, is_formula_like

__all__ = ["save_workbook", "excel_serial", "EXCEL_MAX_ROWS", "EXCEL_MAX_COLS", "NUMBER_FORMATS"]

#: ``DataFrame.attrs`` key of a table's column -> Excel number format (e.g. ``"0.0%"``).
NUMBER_FORMATS = "leerlib_number_formats"

#: Excel's limits of one worksheet (the header takes one of the rows).
EXCEL_MAX_ROWS, EXCEL_MAX_COLS = 1_048_576, 16_384

# The number formats openpyxl gives dates and times, so a reader sees the same cells as before.
_DATE_FORMATS = (
    (dt.datetime, "yyyy-mm-dd h:mm:ss"),
    (dt.date, "yyyy-mm-dd"),
    (dt.time, "h:mm:ss"),
)
_WIDTH_ROWS = 200  # column widths follow the first rows only
_OPTIONS = {
    # XlsxWriter's documented in-memory mode: the workbook is assembled in memory, never in
    # temporary files (the default builds every worksheet in a temporary file on disk).
    "in_memory": True,
    "constant_memory": False,
    # Only typed writes are used below; these make sure no text is ever turned into
    # something else should a plain write() ever be used.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def _text(value: str) -> str:
    # An XML reader turns a carriage return into a line feed; XlsxWriter escapes it as _x000D_,
    # which openpyxl and pandas would show literally. Store the line feed the reader sees.
    return value.replace("\r\n", "\n").replace("\r", "\n")


class _Formats:
    """The few cell formats a sheet uses, made once per workbook."""

    def __init__(self, workbook):
        self._workbook = workbook
        self._made: dict = {}

    def __call__(self, value, *, bold: bool = False, num_format: str | None = None):
        quote = isinstance(value, str) and is_formula_like(value)
        number = next((f for kind, f in _DATE_FORMATS if isinstance(value, kind)), None)
        if (
            number is None
            and num_format
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            number = num_format
        key = (bold, quote, number)
        if key == (False, False, None):
            return None
        if key not in self._made:
            props: dict = {}
            if bold:
                props["bold"] = True
            if quote:
                props["quote_prefix"] = True  # shown as text when someone edits the cell
            if number:
                props["num_format"] = number
            self._made[key] = self._workbook.add_format(props)
        return self._made[key]


def excel_serial(value: dt.datetime | dt.date | dt.time) -> float:
    """Return the number Excel stores for a date or time (1900 date system).

    Days since 1899-12-30, with the day as fraction; before March 1900 one day less, because
    Excel counts a 29 February 1900 that never was (serial 60). A time alone is a fraction of
    a day. XlsxWriter's own ``write_datetime`` differs from this for 1 January 1900 (it
    stores a time of day) and before 1900, which readers such as openpyxl and pandas then
    read back as other values.

    Examples
    --------
    Serials as Excel shows them for these dates (1900-01-01 is day 1, 1900-03-01 day 61):

    >>> [excel_serial(d) for d in (dt.date(1900, 1, 1), dt.date(1900, 2, 28),
    ...                            dt.date(1900, 3, 1), dt.date(2025, 3, 13))]
    [1.0, 59.0, 61.0, 45729.0]
    >>> excel_serial(dt.datetime(2025, 3, 13, 18)), excel_serial(dt.time(6))
    (45729.75, 0.25)
    """
    seconds = 0.0
    if isinstance(value, dt.time | dt.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, dt.time):
        return seconds / 86400
    days = (dt.date(value.year, value.month, value.day) - dt.date(1899, 12, 30)).days
    if 0 < days <= 60:
        days -= 1
    return days + seconds / 86400


def _put(ws, row: int, col: int, value, fmt) -> None:
    """Write one converted value (see :func:`leerlib.export.cell_value`) with its own type."""
    if isinstance(value, str) and value:
        ws.write_string(row, col, _text(value), fmt)  # text, never a formula
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        ws.write_number(row, col, excel_serial(value), fmt)
    elif value is None or value == "":
        ws.write_blank(row, col, None, fmt)  # an empty cell, kept only for its format
    else:  # pragma: no cover - cell_value returns only the types above
        raise TypeError(f"cannot write {type(value).__name__} to a cell")


def _write_sheet(ws, df: pd.DataFrame, formats: _Formats) -> None:
    # a column's Excel number format, e.g. {"share": "0.0%"}: the number stays a number
    wanted = df.attrs.get(NUMBER_FORMATS) or {}
    number_formats = [wanted.get(col) for col in df.columns]
    widths = []
    for j, col in enumerate(df.columns):
        v = cell_value(col) if col is not None else ""
        _put(ws, 0, j, v, formats(v, bold=True))
        widths.append(len(str(col)))
    for i, row in enumerate(df.itertuples(index=False, name=None), start=1):
        for j, value in enumerate(row):
            v = cell_value(value)
            if v is not None:
                _put(ws, i, j, v, formats(v, num_format=number_formats[j]))
                if i < _WIDTH_ROWS - 1:
                    widths[j] = max(widths[j], len(str(v)))
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(max(w, 6) + 2, 60))
    ws.freeze_panes(1, 0)


def save_workbook(sheets: Sequence[tuple[str, pd.DataFrame]], fh) -> None:
    """Write ``sheets`` as one XLSX workbook into the binary file object ``fh``, in memory only.

    The workbook is built with XlsxWriter's documented ``in_memory`` option: no worksheet goes
    through a temporary file, so a download built by a dashboard never touches the disk. Every
    text cell is stored as text (never a formula) and a formula-like text also gets Excel's
    quote prefix; numbers, booleans and dates keep their type; the header row is bold and
    frozen. A table's ``attrs[NUMBER_FORMATS]`` (column -> Excel number format such as
    ``"0.0%"``) sets how that column's numbers are shown; the stored values stay as they are.

    Parameters
    ----------
    sheets : sequence of (str, DataFrame)
        Valid, distinct sheet names (see ``leerlib.export.writers._sheet_names``) and flat
        tables (a column per cell column, no index), within Excel's size limits.
    fh : binary file object
        Receives the package (zip) bytes.

    Notes
    -----
    Numbers are stored with 16 significant digits (XlsxWriter's format; Excel shows 15). A
    carriage return in a text is stored as the line feed that an XML reader would make of it.

    Examples
    --------
    >>> from openpyxl import load_workbook
    >>> buffer = io.BytesIO()
    >>> save_workbook([("teams", pd.DataFrame({"team": ["=A"], "n": [7]}))], buffer)
    >>> ws = load_workbook(buffer)["teams"]
    >>> [(c.value, c.data_type, c.quotePrefix) for c in ws[2]]
    [('=A', 's', True), (7, 'n', False)]
    """
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _OPTIONS)
    formats = _Formats(workbook)
    for name, df in sheets:
        _write_sheet(workbook.add_worksheet(name), df, formats)
    workbook.close()
    fh.write(buffer.getvalue())
