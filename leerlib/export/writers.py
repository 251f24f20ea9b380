"""Export tables and graphs to Excel, CSV, GEXF and GraphML: pseudonymised, formula-safe, atomic."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from leerlib import schema
from leerlib.errors import LeerlibError, PrivacyError, SchemaError
from leerlib.export._xlsx import EXCEL_MAX_COLS, EXCEL_MAX_ROWS, save_workbook
from leerlib.export.safe import (
    atomic_write,
    cell_value,
    neutralize,
    neutralize_column,
)
from leerlib.privacy import (
    DEFAULT_THRESHOLD,
    id_like_columns,
    k_anonymize,
    k_anonymize_graph,
    pseudonymize,
)
from leerlib.privacy import quasi_identifiers as _quasi
from leerlib.privacy.anonymity import _id_named

__all__ = ["export_excel", "export_csv", "export_graph", "prepare_export"]

_MEMORY = "(in memory)"

_SURVEY_TABLES = ("people", "ties", "responses", "value", "log")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _check_names(data, names: bool, consent: bool) -> None:
    if not names:
        return
    if not consent:
        raise PrivacyError(
            "names=True needs consent=True: export names only when the codebook declares "
            "consent_names = true and respondents agreed to their names being shown"
        )
    if isinstance(data, schema.Survey) and not data.consent_names:
        raise PrivacyError(
            "this survey's codebook does not declare consent_names = true; "
            "names cannot be exported, export pseudonyms instead"
        )


def prepare_export(
    data,
    *,
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
) -> Any:
    """Return what an export writes: pseudonymised and k-anonymous unless names are asked for with consent.

    Parameters
    ----------
    data : Survey, DataFrame, dict of DataFrame or networkx graph
    key : bytes or str, optional
        Pseudonymisation key; by default read from ``LEERLIB_KEY``. Not needed
        with ``already_pseudonymized`` or when the data holds no person ids.
    names : bool, default False
        Keep names and ids as they are.
    consent : bool, default False
        Must be True with ``names``; a Survey must also declare consent in its
        codebook (``Survey.consent_names``).
    already_pseudonymized : bool, default False
        The caller states that the ids are pseudonyms already (made by
        :func:`leerlib.privacy.pseudonymize`): they are written as they are,
        personal columns are still left out, and the metadata record says so.
        Ids that only look like pseudonyms (``p-1001``) are never taken for them.
    threshold : int or None, default 5
        The minimum group size k: in per-person tables (a Survey's ``people``,
        any table with one row per ``person_id``) and in a graph's node
        attributes, the attributes a staff list also holds are generalised or
        dropped until every combination is shared by at least k people, and
        id-like columns (a sort number) are dropped; see
        :func:`leerlib.privacy.k_anonymize`. None: left as they are (only for
        data made k-anonymous before).
    quasi_identifiers : sequence of str, optional
        Those attributes, most useful first. Default: a Survey's roster
        columns; in other tables the columns named like one (team, school,
        role, tenure, ...); in a graph every plain node attribute except name,
        label, internal and responded.

    Returns
    -------
    dict of DataFrame, or a graph

    Raises
    ------
    PrivacyError
        If names are asked for without consent, or pseudonyms are needed and no
        key is given or configured.

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": ["T001"], "name": ["An de Wit"], "team": ["A"]})
    >>> prepare_export(people, key="a key of at least 16 bytes", threshold=None)["data"]
        person_id team
    0  p-fa2dfc3a    A

    A team of one person would name them: with the default minimum group size 5 it goes.

    >>> prepare_export(people, key="a key of at least 16 bytes")["data"]
        person_id
    0  p-fa2dfc3a
    >>> prepare_export(people, names=True)
    Traceback (most recent call last):
    ...
    leerlib.errors.PrivacyError: names=True needs consent=True: export names only when the codebook declares consent_names = true and respondents agreed to their names being shown
    """
    _check_names(data, names, consent)
    if hasattr(data, "nodes") and hasattr(data, "edges") and not isinstance(data, pd.DataFrame):
        if names:
            return data
        H = pseudonymize(data, key, already_pseudonymized=already_pseudonymized)
        if threshold is None:
            return H
        return k_anonymize_graph(H, quasi_identifiers, k=threshold)
    if isinstance(data, schema.Survey):
        tables = {n: getattr(data, n) for n in _SURVEY_TABLES}
    elif isinstance(data, pd.DataFrame):
        tables = {"data": data}
    elif isinstance(data, pd.Series):
        tables = {"data": data.to_frame()}
    elif isinstance(data, Mapping):
        tables = {}
        for name, df in data.items():
            if isinstance(df, pd.Series):
                df = df.to_frame()
            if not isinstance(df, pd.DataFrame):
                raise SchemaError(
                    f"export: table {name!r} is a {type(df).__name__}, not a DataFrame"
                )
            tables[str(name)] = df
    else:
        raise SchemaError(
            f"export: expected a Survey, a DataFrame or a dict of DataFrames, got {type(data).__name__}"
        )
    if names:
        return tables
    out = pseudonymize(tables, key, already_pseudonymized=already_pseudonymized)
    if threshold is None:
        return out
    roster = data.people.columns if isinstance(data, schema.Survey) else None
    for name, df in out.items():
        if roster is not None and name != "people":
            continue
        if not ("person_id" in df.columns and df["person_id"].dropna().is_unique):
            continue  # not one row per person
        quasi = (
            list(quasi_identifiers) if quasi_identifiers is not None else _quasi(df, roster=roster)
        )
        id_words = [c for c in df.columns if c not in quasi and _id_named(c)]
        id_like = id_like_columns(df, [*quasi, *id_words])
        out[name] = k_anonymize(df, quasi, k=threshold, id_like=id_like)
    return out


def _renamed(df: pd.DataFrame, headers: dict) -> pd.DataFrame:
    """``df`` with its columns renamed by ``headers``, its number formats following them."""
    from leerlib.export._xlsx import NUMBER_FORMATS

    out = df.rename(columns=lambda c: headers.get(c, c))
    formats = df.attrs.get(NUMBER_FORMATS)
    if formats:
        out.attrs[NUMBER_FORMATS] = {headers.get(c, c): f for c, f in formats.items()}
    return out


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(df.index, pd.RangeIndex) or df.index.name is not None:
        df = df.reset_index()
    if isinstance(df.columns, pd.MultiIndex):
        df = df.copy()
        df.columns = [" / ".join(str(p) for p in c if str(p)) for c in df.columns]
    return df


def _sheet_names(names: list[str]) -> list[str]:
    out, seen = [], set()
    for name in names:
        base = _SHEET_BAD.sub("_", str(name)).strip("'") or "sheet"
        if base.casefold() == "history":  # reserved by Excel
            base += "_"
        base = base[:31]
        cand, k = base, 2
        while cand.casefold() in seen:
            suffix = f"~{k}"
            cand, k = base[: 31 - len(suffix)] + suffix, k + 1
        seen.add(cand.casefold())
        out.append(cand)
    return out


def _check_size(sheet: str, df: pd.DataFrame, path) -> None:
    if len(df) + 1 > EXCEL_MAX_ROWS or len(df.columns) > EXCEL_MAX_COLS:
        raise LeerlibError(
            f"sheet {sheet!r} has {len(df)} rows and {len(df.columns)} columns; "
            f"Excel holds at most {EXCEL_MAX_ROWS - 1} rows and {EXCEL_MAX_COLS} columns "
            "(use export_csv)",
            file=path,
        )


def _is_stream(target) -> bool:
    """Return True for a writable file object (``io.BytesIO``, a web response), False for a path."""
    return not isinstance(target, str | PathLike) and callable(getattr(target, "write", None))


def _label(target) -> str:
    """Return the name of a write target in messages."""
    if _is_stream(target):
        name = getattr(target, "name", None)
        return Path(name).name if isinstance(name, str) and name else _MEMORY
    return str(target)


def _check_target(target, what: str) -> None:
    if not _is_stream(target) and not isinstance(target, str | PathLike):
        raise LeerlibError(
            f"{what}: expected a path or a binary file object (io.BytesIO), "
            f"got {type(target).__name__}"
        )


@contextlib.contextmanager
def _binary_target(target):
    """Return a binary file to write into.

    For a path an atomic temporary file; for the caller's file object a buffer copied into it
    only when the block succeeds, so it gets a finished document or nothing.
    """
    if _is_stream(target):
        buffer = io.BytesIO()
        yield buffer
        try:
            target.write(buffer.getvalue())
        except TypeError as exc:
            if isinstance(target, io.TextIOBase) or "str" in str(exc):
                raise LeerlibError(
                    'is a text stream; give a binary file object (io.BytesIO, open(..., "wb"))',
                    file=_label(target),
                ) from None
            raise
    else:
        with atomic_write(target) as fh:
            yield fh


def export_excel(
    tables,
    path,
    *,
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
    sheet_names: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    about: pd.DataFrame | None = None,
):
    r"""Write tables to one Excel workbook, a sheet per table.

    Parameters
    ----------
    tables : dict of DataFrame, DataFrame or Survey
        Sheet name -> table (a Survey gives people, ties, responses, value, log).
        Sheet names are made valid for Excel (31 characters, no ``[]:*?/\``).
    path : str, path-like or binary file object
        The ``.xlsx`` file to write (replaced if it exists and is writable), or a
        binary file object such as ``io.BytesIO`` that receives the workbook's bytes
        (nothing is then written to disk).
    key : bytes or str, optional
        Pseudonymisation key (default: ``LEERLIB_KEY``); see :func:`prepare_export`.
    names : bool, default False
        Write names and ids as given; needs ``consent=True``.
    consent : bool, default False
        Confirms that the codebook declares consent to show names.
    already_pseudonymized : bool, default False
        The ids are pseudonyms already; see :func:`prepare_export`.
    threshold : int or None, default 5
        The minimum group size k for per-person rows; see :func:`prepare_export`.
    quasi_identifiers : sequence of str, optional
        See :func:`prepare_export`.
    sheet_names, headers : mapping, optional
        Sheet name and column name -> the name to write instead (e.g. in the reader's
        language). Applied after the privacy rules, which read the tables' own names.
    about : DataFrame, optional
        A first sheet written as given, past the privacy rules: text of the caller's own, not
        data (e.g. what each column means). Named ``sheet_names["about"]`` or "about".

    Returns
    -------
    Path or file object
        The file written, or the file object given.

    Raises
    ------
    PrivacyError
        Names without consent; pseudonyms needed but no key.
    LeerlibError
        The file cannot be written (the message names it); no partial file is left.

    Notes
    -----
    Every text cell is stored as text, never as a formula; a text that a
    spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return) is also marked with Excel's quote prefix,
    the spreadsheet form of the leading apostrophe the OWASP guidance on CSV
    injection recommends. Numbers stay numbers. The workbook is written to a
    temporary file in the same folder and moved into place in one step; a
    file object receives the bytes of the finished workbook only.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "teams.xlsx"
    >>> teams = pd.DataFrame({"team": ["A", "B"], "n": [12, 7], "topic": ["=1+1", "ict"]})
    >>> export_excel({"teams": teams}, out).name
    'teams.xlsx'

    In memory, e.g. for a download link:

    >>> import io
    >>> export_excel({"teams": teams}, io.BytesIO()).getvalue()[:2]
    b'PK'
    """
    _check_target(path, "export_excel")
    if not _is_stream(path):
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            raise LeerlibError("export_excel writes .xlsx files", file=path)
    prepared = prepare_export(
        tables,
        key=key,
        names=names,
        consent=consent,
        already_pseudonymized=already_pseudonymized,
        threshold=threshold,
        quasi_identifiers=quasi_identifiers,
    )
    if not prepared:
        raise SchemaError("export_excel: no tables to write")
    sheet_names, headers = dict(sheet_names or {}), dict(headers or {})
    if about is not None:
        prepared = {"about": about, **{k: v for k, v in prepared.items() if k != "about"}}
    titles = [sheet_names.get(name, name) for name in prepared]
    sheets = [
        (sheet, _frame(_renamed(df, headers)))
        for sheet, df in zip(_sheet_names(titles), prepared.values(), strict=True)
    ]
    for sheet, df in sheets:
        _check_size(sheet, df, _label(path))
    # save_workbook builds the workbook in memory (XlsxWriter's in_memory mode: no temporary
    # files); a path gets it atomically, a file object a finished workbook or nothing.
    with _binary_target(path) as fh:
        save_workbook(sheets, fh)
    return path


def export_csv(
    table,
    path,
    *,
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
    sep: str = ",",
    decimal: str = ".",
    encoding: str = "utf-8-sig",
    headers: Mapping[str, str] | None = None,
):
    r"""Write one table to a CSV file.

    Parameters
    ----------
    table : DataFrame
    path : str, path-like or binary file object
        The file to write, or a binary file object (``io.BytesIO``) that receives
        the encoded bytes.
    key, names, consent, already_pseudonymized, threshold, quasi_identifiers
        As in :func:`export_excel`.
    sep, decimal : str
        Dutch Excel opens ``sep=";"``, ``decimal=","`` directly.
    encoding : str, default "utf-8-sig"
        With a byte order mark, so that Excel reads accents (é, ë) right.
    headers : mapping, optional
        Column name -> the name to write instead, applied after the privacy rules.

    Returns
    -------
    Path or file object
        The file written, or the file object given.

    Raises
    ------
    PrivacyError, LeerlibError
        As in :func:`export_excel`.

    Notes
    -----
    Formula-like texts (cells and headers) get a leading apostrophe (OWASP CSV
    injection guidance); fields are quoted per RFC 4180 where needed. Numbers
    stay numbers. Written atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "teams.csv"
    >>> _ = export_csv(pd.DataFrame({"team": ["A"], "topic": ["=1+1"], "n": [-2]}), out)
    >>> out.read_text(encoding="utf-8-sig").splitlines()
    ['team,topic,n', "A,'=1+1,-2"]
    >>> import io
    >>> export_csv(pd.DataFrame({"topic": ["=1+1"]}), io.BytesIO()).getvalue()
    b"\xef\xbb\xbftopic\r\n'=1+1\r\n"
    """
    _check_target(path, "export_csv")
    if not isinstance(table, pd.DataFrame | pd.Series):
        raise SchemaError(
            f"export_csv writes one table (a DataFrame), got {type(table).__name__}; "
            "use export_excel for several"
        )
    (df,) = prepare_export(
        table,
        key=key,
        names=names,
        consent=consent,
        already_pseudonymized=already_pseudonymized,
        threshold=threshold,
        quasi_identifiers=quasi_identifiers,
    ).values()
    df = df.rename(columns=lambda c: dict(headers or {}).get(c, c))
    return _write_csv(df, path, sep=sep, decimal=decimal, encoding=encoding)


def _write_csv(df: pd.DataFrame, path, *, sep: str, decimal: str, encoding: str):
    """Write a prepared table: formula-like texts neutralized, RFC 4180 quoting, atomically."""
    df = _frame(df)
    body = pd.DataFrame({i: neutralize_column(df.iloc[:, i]) for i in range(df.shape[1])})
    body.columns = [neutralize(cell_value(c)) for c in df.columns]
    if _is_stream(path):
        text = body.to_csv(None, index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
        try:
            data = text.encode(encoding)
        except (LookupError, UnicodeEncodeError) as exc:
            raise LeerlibError(f"cannot encode as {encoding}: {exc}", file=_label(path)) from None
        with _binary_target(path) as fh:
            fh.write(data)
        return path
    with atomic_write(path, text=True, encoding=encoding) as fh:
        body.to_csv(fh, index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return Path(path)


def _graph_value(value: Any) -> Any:
    v = cell_value(value)
    return neutralize(v) if isinstance(v, str) else v


def _clean_attrs(items: list[dict]) -> None:
    """Make every attribute one type across items (XML formats need that); drop None."""
    keys = {k for d in items for k in d}
    for k in keys:
        vals = [d[k] for d in items if k in d]
        conv = [_graph_value(v) for v in vals]
        kinds = {type(v) for v in conv if v is not None}
        to_str = len(kinds) > 1 and not kinds <= {int, float}
        for d in items:
            if k not in d:
                continue
            v = _graph_value(d[k])
            if v is None:
                del d[k]
            elif to_str:
                d[k] = neutralize(str(v))
            elif kinds == {int, float}:
                d[k] = float(v)
            elif isinstance(v, dt.date | dt.time):
                d[k] = v.isoformat()
            else:
                d[k] = v


def export_graph(
    G,
    path,
    *,
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
    format: str | None = None,
):
    """Write a graph as GEXF (Gephi) or GraphML, chosen by the file extension.

    Parameters
    ----------
    G : networkx graph
        Nodes are person ids (see docs/architecture.md).
    path : str, path-like or binary file object
        ``.gexf`` or ``.graphml``, or a binary file object (``io.BytesIO``) that
        receives the bytes.
    key, names, consent, already_pseudonymized, threshold, quasi_identifiers
        As in :func:`export_excel`: by default nodes become pseudonyms and
        names, labels, e-mail and other personal attributes are left out.
    format : {"gexf", "graphml"}, optional
        The format; by default the path's extension (or the file object's
        ``name``) decides. Needed for a nameless file object.

    Returns
    -------
    Path or file object
        The file written, or the file object given.

    Raises
    ------
    PrivacyError, LeerlibError
        As in :func:`export_excel`, or for an unknown extension.

    Notes
    -----
    Lists (an edge's topics) are written as comma-separated text, time stamps
    as ISO text, missing values are left out, and formula-like texts get a
    leading apostrophe (a graph's tables end up in spreadsheets too).

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.DiGraph()
    >>> G.add_edge("T001", "T002", weight=2.0, topics=["ict", "zorg"])
    >>> G.nodes["T001"]["name"] = "An de Wit"
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "net.graphml"
    >>> H = nx.read_graphml(export_graph(G, out, key="a key of at least 16 bytes"))
    >>> sorted(H.nodes), H.edges["p-fa2dfc3a", "p-93769134"]["topics"]
    (['p-93769134', 'p-fa2dfc3a'], 'ict, zorg')
    >>> import io
    >>> buffer = export_graph(G, io.BytesIO(), key="a key of at least 16 bytes", format="gexf")
    >>> sorted(nx.read_gexf(io.BytesIO(buffer.getvalue())).nodes)
    ['p-93769134', 'p-fa2dfc3a']
    """
    import networkx as nx

    _check_target(path, "export_graph")
    if not _is_stream(path):
        path = Path(path)
    if format is not None:
        suffix = "." + str(format).lower().lstrip(".")
    else:
        name = path.name if isinstance(path, Path) else getattr(path, "name", None)
        suffix = Path(name).suffix.lower() if isinstance(name, str) else ""
    if suffix not in (".gexf", ".graphml"):
        raise LeerlibError(
            "export_graph writes .gexf or .graphml files (give format= for a file object)",
            file=_label(path),
        )
    if not isinstance(G, nx.Graph):
        raise SchemaError(f"export_graph: expected a networkx graph, got {type(G).__name__}")
    H = prepare_export(
        G,
        key=key,
        names=names,
        consent=consent,
        already_pseudonymized=already_pseudonymized,
        threshold=threshold,
        quasi_identifiers=quasi_identifiers,
    ).copy()
    _clean_attrs([d for _, d in H.nodes(data=True)])
    _clean_attrs([d for *_, d in H.edges(data=True)])
    graph_attrs = [dict(H.graph)]
    _clean_attrs(graph_attrs)
    H.graph.clear()
    H.graph.update(graph_attrs[0])
    H = nx.relabel_nodes(H, {n: _graph_value(n) for n in H}, copy=True)
    with _binary_target(path) as fh:
        if suffix == ".gexf":
            nx.write_gexf(H, fh)
        else:
            nx.write_graphml(H, fh)
    return path
