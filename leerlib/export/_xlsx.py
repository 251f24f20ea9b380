"""Save an openpyxl workbook into a binary file object without openpyxl's temporary files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

__all__ = ["save_workbook"]


def save_workbook(wb, fh) -> None:
    """Write ``wb`` as an XLSX package into the binary file object ``fh``, in memory only.

    openpyxl's own ``Workbook.save`` serialises every worksheet into a named temporary file
    on disk first (``openpyxl.worksheet._writer.create_temporary_file``), even when the target
    is an ``io.BytesIO``. This does the same steps as ``openpyxl.writer.excel.save_workbook``
    but gives each worksheet writer a ``BytesIO`` (a target openpyxl's ``WorksheetWriter``
    supports), so a download built by a dashboard never touches the disk.

    Parameters
    ----------
    wb : openpyxl.Workbook
        A normal (not write-only) workbook.
    fh : binary file object
        Receives the package (zip) bytes.

    Examples
    --------
    >>> from openpyxl import Workbook, load_workbook
    >>> wb = Workbook()
    >>> wb.active["A1"] = "teams"
    >>> buffer = io.BytesIO()
    >>> save_workbook(wb, buffer)
    >>> load_workbook(buffer).active["A1"].value
    'teams'
    """
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class _MemoryWriter(ExcelWriter):
        def write_worksheet(self, ws):  # as ExcelWriter.write_worksheet, with out=BytesIO()
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    if wb.write_only:
        raise ValueError("save_workbook takes a normal workbook, not a write-only one")
    archive = zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _MemoryWriter(wb, archive).save()
