"""The one exception family of leerlib: every readable failure is a LeerlibError."""

from __future__ import annotations

from os import PathLike

__all__ = [
    "LeerlibError",
    "ReadError",
    "CodebookError",
    "RosterError",
    "SchemaError",
    "PrivacyError",
]


class LeerlibError(Exception):
    """Base class of every error leerlib raises on purpose.

    The message names the file and, where they apply, the row (1-based, as a
    spreadsheet shows it) and the column, then says what was found and what was
    expected.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file : str or path-like, optional
        The file that was being read.
    row : int, optional
        1-based row number as a spreadsheet shows it.
    column : str, optional
        Column header (or letter) where the problem sits.

    Examples
    --------
    >>> err = LeerlibError("expected a number", file="export.csv", row=4, column="Q3_1")
    >>> str(err)
    "export.csv, row 4, column 'Q3_1': expected a number"
    >>> err.row
    4
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | PathLike | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = None if file is None else str(file)
        self.row = row
        self.column = column
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"


class ReadError(LeerlibError):
    """A survey export or other input file cannot be read as expected."""


class CodebookError(LeerlibError):
    """A codebook is malformed or does not fit the export it describes."""


class RosterError(LeerlibError):
    """A staff list (roster) is malformed: missing ids, duplicate ids, ..."""


class SchemaError(LeerlibError):
    """A table handed between layers breaks the data contract."""


class PrivacyError(LeerlibError):
    """A request would reveal personal data that the settings do not allow."""
