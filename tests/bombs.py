"""Hostile spreadsheet files built in memory: small on disk, huge once unpacked or parsed.

Used by the reader tests, the fuzz tests and benchmarks/bench_read_memory.py. Each builder
returns the file's bytes; an XLSX is written member by member with zipfile (no openpyxl),
so a bomb never exists unpacked in the test's own memory.
"""

from __future__ import annotations

import io
import zipfile

__all__ = [
    "xlsx",
    "xfd_rows",
    "xfd_rows_at",
    "whitespace_sheet",
    "huge_shared_string",
    "last_row",
    "formula_without_value",
    "wide_csv",
    "largest_allowed_xlsx",
    "largest_allowed_csv",
    "BOMBS",
    "SMALL_BOUNDED",
    "LARGEST",
]

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{shared}</Types>"
)
_SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>{shared}</Relationships>'
)
_WB_SHARED = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}'
    "<sheetData>"
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _istr(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(names=("email", "Q3_1", "Q3_2")) -> str:
    """Row 1 of an export: the header cells as inline strings."""
    cells = "".join(_istr(f"{chr(65 + j)}1", n) for j, n in enumerate(names))
    return f'<row r="1">{cells}</row>'


def xlsx(sheet_parts, shared_parts=None, dimension: str = "") -> bytes:
    """An XLSX workbook whose sheet XML (and shared strings) are the given chunks of text.

    ``sheet_parts`` and ``shared_parts`` are iterables of str, written one after another
    into the zip member, so a member of a gigabyte costs the builder a chunk at a time.
    """
    buf = io.BytesIO()
    shared = shared_parts is not None
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _TYPES.format(shared=_SHARED_TYPE if shared else ""))
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr(
            "xl/_rels/workbook.xml.rels", _WB_RELS.format(shared=_WB_SHARED if shared else "")
        )
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(_SHEET_HEAD.format(dimension=dimension).encode())
            for part in sheet_parts:
                f.write(part.encode())
            f.write(_SHEET_TAIL.encode())
        if shared:
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
                f.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                for part in shared_parts:
                    f.write(part.encode())
                f.write(b"</sst>")
    return buf.getvalue()


def xfd_rows(rows: int = 4500) -> bytes:
    """``rows`` rows with a cell in column A and one in column XFD (the last, 16,384th).

    About 25 KB; a reader that pads every row to its last column makes 73.7 million cells.
    """
    body = (
        f'<row r="{i}">{_istr(f"A{i}", "x")}<c r="XFD{i}"><v>1</v></c></row>'
        for i in range(2, rows + 2)
    )
    return xlsx([header_row(), *body])


def whitespace_sheet(megabytes: int = 400) -> bytes:
    """A valid sheet whose XML carries ``megabytes`` MB of spaces inside one cell's text.

    About 0.4 MB packed per 400 MB unpacked (deflate's ratio on runs of one byte).
    """
    chunk = " " * (1 << 20)
    return xlsx(
        [
            header_row(),
            '<row r="2"><c r="A2" t="inlineStr"><is><t>an@x.nl',
            *(chunk for _ in range(megabytes)),
            "</t></is></c></row>",
        ]
    )


def huge_shared_string(megabytes: int = 300) -> bytes:
    """One shared string of ``megabytes`` million letters, used by one cell."""
    chunk = "a" * (1 << 20)
    return xlsx(
        [header_row(), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
        ["<si><t>", *(chunk for _ in range(megabytes)), "</t></si>"],
    )


def last_row(row: int = 1_048_576) -> bytes:
    """A header row and one cell in row ``row`` (Excel's last is 1,048,576): about 1 KB."""
    return xlsx([header_row(), f'<row r="{row}">{_istr(f"A{row}", "an@x.nl")}</row>'])


def formula_without_value() -> bytes:
    """An export whose Q3_1 cell in row 2 is a formula without a cached value (as some tools
    write them), and whose Q3_2 cell in row 2 is a formula with its value "Cor"."""
    row2 = (
        f'<row r="2">{_istr("A2", "an@x.nl")}<c r="B2" t="str"><f>CONCAT("B","o")</f></c>'
        '<c r="C2" t="str"><f>CONCAT("C","or")</f><v>Cor</v></c></row>'
    )
    return xlsx([header_row(), row2])


def wide_csv(columns: int = 300_000, rows: int = 2) -> bytes:
    """A CSV with ``columns`` columns: a header of short names and ``rows`` rows of empty cells."""
    header = ";".join(f"q{j}" for j in range(columns))
    return (header + "\n" + (";" * (columns - 1) + "\n") * rows).encode()


#: name -> (builder, file name) of the bombs of the attack on the readers.
BOMBS = {
    "xfd_rows": (xfd_rows, "xfd.xlsx"),
    "whitespace_sheet": (whitespace_sheet, "whitespace.xlsx"),
    "huge_shared_string": (huge_shared_string, "shared.xlsx"),
    "last_row": (last_row, "lastrow.xlsx"),
    "wide_csv": (wide_csv, "wide.csv"),
}

#: The same kinds under the unpacked-size bound, so that the bounds on text and cells decide,
#: and a file of many rows inside every bound.
SMALL_BOUNDED = {
    "whitespace_sheet_100mb": (lambda: whitespace_sheet(100), "whitespace100.xlsx"),
    "huge_shared_string_100mb": (lambda: huge_shared_string(100), "shared100.xlsx"),
    "rows_400k": (lambda: last_row(400_000), "rows400k.xlsx"),
    "column_ALL_in_4500_rows": (lambda: xfd_rows_at("ALL", 4500), "all.xlsx"),
}


def xfd_rows_at(column: str, rows: int) -> bytes:
    """Like :func:`xfd_rows`, with the far cell in ``column``."""
    body = (
        f'<row r="{i}">{_istr(f"A{i}", "x")}<c r="{column}{i}"><v>1</v></c></row>'
        for i in range(2, rows + 2)
    )
    return xlsx([header_row(), *body])


def largest_allowed_xlsx(rows: int = 2000, columns: int = 999, chars: int = 31) -> bytes:
    """A workbook just inside every bound: ``rows`` x ``columns`` distinct texts of ``chars``
    characters (about 2 million cells and 62 million characters, 150 MB unpacked)."""

    def cell(i, j):
        return _istr(f"{_col(j)}{i}", f"{i:07d}-{j:04d}".ljust(chars, "x"))

    body = (
        "".join([f'<row r="{i}">', *(cell(i, j) for j in range(columns)), "</row>"])
        for i in range(2, rows + 1)
    )
    head = '<row r="1">' + "".join(_istr(f"{_col(j)}1", f"Q{j}") for j in range(columns)) + "</row>"
    return xlsx([head, *body])


def largest_allowed_csv(rows: int = 2000, columns: int = 999, chars: int = 20) -> bytes:
    """A CSV just inside the cell bound: ``rows`` x ``columns`` distinct texts (about 42 MB)."""
    head = ";".join(f"Q{j}" for j in range(columns))
    lines = (
        ";".join(f"{i:07d}-{j:04d}".ljust(chars, "x") for j in range(columns))
        for i in range(2, rows + 1)
    )
    return (head + "\n" + "\n".join(lines) + "\n").encode()


def _col(j: int) -> str:
    out, n = "", j + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


#: Files just inside every bound, for benchmarks/bench_read_memory.py (slow to read).
LARGEST = {
    "largest_allowed_xlsx": (largest_allowed_xlsx, "largest.xlsx"),
    "largest_allowed_csv": (largest_allowed_csv, "largest.csv"),
}
