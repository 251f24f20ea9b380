"""Find the columns a codebook names in an export, with helpful errors when they are absent."""

from __future__ import annotations

import difflib
import re

from leerlib.errors import CodebookError
from leerlib.io._grid import Grid, looks_like_import_ids
from leerlib.io._text import normalize_header

__all__ = ["ColumnFinder"]


class ColumnFinder:
    """Look up codebook column names in a Grid (exact, then case- and space-insensitive)."""

    def __init__(self, grid: Grid, codebook_file: str, skip_rows: int = 0):
        self.grid = grid
        self.codebook_file = codebook_file
        self.skip_rows = skip_rows
        self.exact = {c: c for c in grid.columns}
        self.loose: dict[str, str] = {}
        for c in grid.columns:
            self.loose.setdefault(self._key(c), c)

    @staticmethod
    def _key(name: str) -> str:
        return re.sub(r"\s+", " ", name).strip().casefold()

    def get(self, name: str) -> str | None:
        """Return the export's column for a codebook name, or None."""
        name = normalize_header(name)
        return self.exact.get(name) or self.loose.get(self._key(name))

    def require(self, name: str, what: str) -> str:
        """Return the export's column for a codebook name; CodebookError if absent."""
        found = self.get(name)
        if found is not None:
            return found
        raise self.missing(name, what)

    def missing(self, name: str, what: str) -> CodebookError:
        g = self.grid
        near = difflib.get_close_matches(name, g.columns, n=5, cutoff=0.5)
        msg = f"{what}: column {name!r} is not in the export {g.file}"
        msg += (
            f"; near column names: {near}" if near else f"; its first columns are {g.columns[:8]}"
        )
        hint = self.hint(name)
        if hint:
            msg += f". {hint}"
        return CodebookError(msg, file=self.codebook_file)

    def hint(self, name: str) -> str:
        g = self.grid
        if len(g.columns) == 1:
            head = g.columns[0]
            for d in (";", ",", "\t", "|"):
                if d in head and d != g.delimiter:
                    shown = "\\t" if d == "\t" else d
                    return (
                        f"The export has a single column whose header contains {shown!r}: "
                        f'is the delimiter right? Try delimiter = "auto" or "{shown}"'
                    )
            return "The export has a single column: is the delimiter right?"
        for i, row in enumerate(g.headers[1:], 2):
            if name in row:
                return f"It is in header row {i}: is header_rows or skip_rows right?"
        for j in range(min(20, len(g.data))):
            values = g.data.iloc[j].tolist()
            if name in values:
                return (
                    f"It appears in spreadsheet row {int(g.rows[j])}: set skip_rows so that the "
                    f"header row comes next (skip_rows = {int(g.rows[j]) - 1})"
                )
        return ""

    def check_header_rows(self, header_rows: int) -> None:
        """Raise if Qualtrics header rows ended up among the data rows."""
        g = self.grid
        for j in range(min(3, len(g.data))):
            if looks_like_import_ids(g.data.iloc[j].tolist()) or (
                j == 0 and header_rows == 1 and self._question_row(g.data.iloc[0].tolist())
            ):
                raise CodebookError(
                    f"spreadsheet row {int(g.rows[j])} of {g.file} looks like a Qualtrics header row "
                    f"(question text or ImportId), but header_rows = {header_rows}; Qualtrics exports "
                    "have 2 header rows (ids, question text) or 3 (plus ImportId): set header_rows",
                    file=self.codebook_file,
                )

        if (
            header_rows >= 3
            and self._question_row(g.headers[1])
            and not looks_like_import_ids(g.headers[2])
        ):
            raise CodebookError(
                f"header row 3 of {g.file} is not a Qualtrics ImportId row but header_rows = "
                f"{header_rows}: it would swallow the first response; this export has 2 header "
                "rows (ids, question text): set header_rows = 2",
                file=self.codebook_file,
            )

    def _question_row(self, values: list) -> bool:
        # Qualtrics row 2 repeats the built-in fields' labels: "Start Date", "Response ID", ...
        labels = {"start date", "end date", "response id", "response type", "recorded date"}
        return sum(1 for v in values if v.strip().casefold() in labels) >= 2
