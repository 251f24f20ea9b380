"""Read a staff list (roster) and a researcher's alias table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leerlib.errors import ReadError, RosterError
from leerlib.io._columns import ColumnFinder
from leerlib.io._grid import read_grid
from leerlib.io._text import to_number
from leerlib.io.codebook import Codebook, RosterSpec, read_codebook

__all__ = ["read_roster", "read_aliases", "ID_COLUMNS", "NAME_COLUMNS", "EMAIL_COLUMNS"]

#: Column names accepted for the roster id when the codebook does not name one.
ID_COLUMNS = (
    "person_id",
    "id",
    "employee_id",
    "personeelsnummer",
    "medewerkernummer",
    "personnel_number",
)
NAME_COLUMNS = ("name", "naam", "full_name", "fullname", "volledige naam", "display_name")
FIRST_COLUMNS = ("first_name", "firstname", "voornaam", "roepnaam")
INFIX_COLUMNS = ("infix", "tussenvoegsel", "tussenvoegsels")
LAST_COLUMNS = ("last_name", "lastname", "achternaam", "surname")
EMAIL_COLUMNS = ("email", "e-mail", "mail", "emailadres", "e-mailadres", "email address")


def _spec(codebook) -> RosterSpec:
    if codebook is None:
        return RosterSpec()
    if isinstance(codebook, RosterSpec):
        return codebook
    if isinstance(codebook, Codebook):
        return codebook.roster
    return read_codebook(codebook).roster


def _pick(finder: ColumnFinder, spec: RosterSpec, key: str, candidates) -> str | None:
    """Return the column for a roster key: the codebook's name if it set one, else a known name."""
    if key in spec.explicit:
        name = getattr(spec, key)
        if not name:
            return None
        found = finder.get(name)
        if found is None:
            raise RosterError(
                f"the codebook's [roster] {key} = {name!r} is not a column of the roster; "
                f"its columns are {finder.grid.columns}",
                file=finder.grid.file,
            )
        return found
    for cand in (getattr(spec, key), *candidates):
        if cand:
            found = finder.get(cand)
            if found is not None:
                return found
    return None


def _rows_text(rows: np.ndarray) -> str:
    shown = ", ".join(str(int(r)) for r in rows[:5])
    return shown + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")


def read_roster(path, codebook=None) -> pd.DataFrame:
    r"""Read a staff list (CSV or XLSX) into a people table.

    Parameters
    ----------
    path : str, path-like, bytes, binary file object or Source
        The roster, or its content in memory (a :class:`leerlib.io.Source`
        gives it the name used in messages); the same quirks as exports are
        handled (encodings, delimiters, XLSX title row via ``[roster] skip_rows``).
    codebook : Codebook, str, Path, Source or None
        Its ``[roster]`` table names the columns; without it the id column is
        found among ``person_id``, ``id``, ``employee_id``, ``personeelsnummer``;
        the name among ``name``, ``naam``, ``full_name``, or built from first
        name, tussenvoegsel and last name columns. A list without names (ids
        only) is accepted: each person's id is their name.

    Returns
    -------
    DataFrame
        ``person_id`` (str), ``name`` (str), ``internal`` (True), ``email``
        (str, "" if absent), then every other roster column as an attribute
        (numeric columns as numbers).

    Raises
    ------
    RosterError
        No id column, a name column the codebook names that is absent, empty or
        duplicate ids (naming the spreadsheet rows).
    ReadError
        The file cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "staff.csv"
    >>> _ = p.write_text("personeelsnummer;voornaam;tussenvoegsel;achternaam;team\n"
    ...                  "p1;Jan;van den;Berg;A\np2;Ans;;Smit;B\n", encoding="cp1252")
    >>> read_roster(p)[["person_id", "name", "internal", "team"]].values.tolist()
    [['p1', 'Jan van den Berg', True, 'A'], ['p2', 'Ans Smit', True, 'B']]

    The same list uploaded, read from memory:

    >>> from leerlib.io import Source
    >>> read_roster(Source(p.read_bytes(), "personeel.csv"))["name"].tolist()
    ['Jan van den Berg', 'Ans Smit']
    """
    spec = _spec(codebook)
    grid = read_grid(
        path,
        encoding=spec.encoding,
        delimiter=spec.delimiter,
        sheet=spec.sheet,
        skip_rows=spec.skip_rows,
        header_rows=1,
    )
    finder = ColumnFinder(grid, grid.file, spec.skip_rows)
    data = grid.data
    id_col = _pick(finder, spec, "id", ID_COLUMNS)
    if id_col is None:
        raise RosterError(
            f"no id column; expected one of {list(ID_COLUMNS)} or [roster] id in the codebook; "
            f"the roster's columns are {grid.columns}",
            file=grid.file,
        )
    keep = (data.to_numpy(dtype=object) != "").any(axis=1)
    data, rows = data[keep].reset_index(drop=True), grid.rows[keep]
    if len(data) == 0:
        raise RosterError(
            "has a header but no people (expected one row per staff member)", file=grid.file
        )
    ids = data[id_col].to_numpy(dtype=object)
    empty = ids == ""
    if empty.any():
        raise RosterError(
            f"empty person id in row(s) {_rows_text(rows[empty])}; every person needs an id",
            file=grid.file,
            column=id_col,
        )
    dup = pd.Series(ids).duplicated(keep=False).to_numpy()
    if dup.any():
        first = ids[dup][0]
        where = rows[ids == first]
        n = len(pd.unique(ids[dup]))
        raise RosterError(
            f"person id {first!r} appears in rows {_rows_text(where)}"
            + (f" ({n} ids are repeated)" if n > 1 else "")
            + "; ids must be unique",
            file=grid.file,
            column=id_col,
        )
    name_col = (
        _pick(finder, spec, "name", NAME_COLUMNS) if "first_name" not in spec.explicit else None
    )
    used = {id_col}
    if name_col is not None:
        names = data[name_col].to_numpy(dtype=object)
        used.add(name_col)
    else:
        first = _pick(finder, spec, "first_name", FIRST_COLUMNS)
        last = _pick(finder, spec, "last_name", LAST_COLUMNS)
        infix = _pick(finder, spec, "infix", INFIX_COLUMNS)
        if first is None or last is None:
            # an id-only list (a class list of pupil numbers): the id is the display name
            names = np.full(len(data), "", dtype=object)
        else:
            parts = [data[c] for c in (first, infix, last) if c is not None]
            joined = parts[0]
            for p in parts[1:]:
                joined = joined + " " + p
            names = joined.str.split().str.join(" ").to_numpy(dtype=object)
    names = np.where(names == "", ids, names).astype(object)
    email_col = _pick(finder, spec, "email", EMAIL_COLUMNS)
    emails = (
        data[email_col].to_numpy(dtype=object)
        if email_col is not None
        else np.full(len(data), "", dtype=object)
    )
    if email_col is not None:
        used.add(email_col)
    people = pd.DataFrame(
        {"person_id": ids, "name": names, "internal": np.ones(len(data), bool), "email": emails}
    )
    for col in grid.columns:
        if col in used or col in people.columns:
            continue
        s = data[col]
        nums, bad = to_number(s)
        if (s != "").any() and not bad.any():
            arr = nums.to_numpy()
            whole = (
                not np.isnan(arr).any()
                and np.all(arr == np.round(arr))
                and np.abs(arr).max() < 2**53
            )
            # Keep id-like codes with leading zeros ("007") as text.
            if s.str.match(r"^0\d").any():
                people[col] = s.to_numpy(dtype=object)
            else:
                people[col] = arr.astype(np.int64) if whole else arr
        else:
            people[col] = s.to_numpy(dtype=object)
    return people


def read_aliases(path) -> pd.DataFrame:
    r"""Read a researcher's alias table (CSV or XLSX): a typed name and the person it means.

    Parameters
    ----------
    path : str, path-like, bytes, binary file object or Source
        Columns ``alias`` and ``person_id`` (also accepted: ``naam``/``name``
        and ``id``); a file or its content in memory, as in :func:`read_roster`.

    Returns
    -------
    DataFrame
        ``alias`` and ``person_id`` (str), one row per distinct alias; ``attrs`` holds
        the ``file``, each alias's spreadsheet ``rows`` and the id ``column``.

    Raises
    ------
    ReadError
        Missing columns, an alias without a person id, or one alias given two
        different person ids (naming the rows).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "aliases.csv"
    >>> _ = p.write_text("alias,person_id\nJantje,p1\nJantje,p1\nMw. Smit,p2\n")
    >>> read_aliases(p).values.tolist()
    [['Jantje', 'p1'], ['Mw. Smit', 'p2']]
    """
    grid = read_grid(path)
    finder = ColumnFinder(grid, grid.file)
    alias_col = next((finder.get(c) for c in ("alias", "naam", "name") if finder.get(c)), None)
    id_col = next((finder.get(c) for c in ID_COLUMNS if finder.get(c)), None)
    if alias_col is None or id_col is None:
        raise ReadError(
            f"an alias table needs columns 'alias' and 'person_id'; found {grid.columns}",
            file=grid.file,
        )
    data = grid.data
    keep = (data[[alias_col, id_col]].to_numpy(dtype=object) != "").any(axis=1)
    data, rows = data[keep].reset_index(drop=True), grid.rows[keep]
    alias = data[alias_col].to_numpy(dtype=object)
    pid = data[id_col].to_numpy(dtype=object)
    for arr, col, what in ((alias, alias_col, "an alias"), (pid, id_col, "a person id")):
        empty = arr == ""
        if empty.any():
            raise ReadError(
                f"row(s) {_rows_text(rows[empty])} lack {what}",
                file=grid.file,
                row=int(rows[empty][0]),
                column=col,
            )
    out = pd.DataFrame({"alias": alias, "person_id": pid})
    key = out["alias"].str.casefold().str.split().str.join(" ")
    conflict = out.assign(key=key).groupby("key")["person_id"].transform("nunique") > 1
    if conflict.any():
        c = conflict.to_numpy()
        first = key[c].iloc[0]
        where = rows[(key == first).to_numpy()]
        raise ReadError(
            f"alias {out.loc[c, 'alias'].iloc[0]!r} points to different person ids in rows "
            f"{_rows_text(where)}; one alias must mean one person",
            file=grid.file,
            column=alias_col,
        )
    first = ~key.duplicated().to_numpy()
    out = out[first].reset_index(drop=True)
    # where each alias came from, for messages about it later (an id not on the roster)
    out.attrs.update(file=grid.file, rows=[int(r) for r in rows[first]], column=id_col)
    return out
