"""Keyed pseudonyms (HMAC-SHA256) for person ids, and the removal of names, e-mail and free text."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from leerlib import schema
from leerlib.errors import PrivacyError, SchemaError
from leerlib.privacy.keys import as_key, key_check, load_key
from leerlib.privacy.personal import (
    _GRAPH_LABEL_WORDS,
    _MIN_SCRUB_LEN,
    _PERSONAL_WORDS,
    ID_COLUMNS,
    REDACTED,
    _safe_meta,
    _scrub,
    _scrubber,
    _words,
    personal_columns,
)

__all__ = [
    "ID_COLUMNS",
    "REDACTED",
    "pseudonym",
    "pseudonym_map",
    "personal_columns",
    "pseudonymize",
    "is_pseudonymized",
]


def _check_length(length: int) -> int:
    if isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= 64:
        raise PrivacyError(f"pseudonym length must be an integer from 1 to 64, got {length!r}")
    return length


def _digest(key: bytes, person_id: Any) -> str:
    return hmac.new(key, str(person_id).encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonym(person_id: Any, key: bytes | str, *, length: int = 8, prefix: str = "p-") -> str:
    """Return the pseudonym of one person id: ``prefix`` + the first ``length`` hex digits of its HMAC.

    Parameters
    ----------
    person_id : str
        The id (converted with ``str``).
    key : bytes or str
        The secret key (at least 16 bytes), see :func:`leerlib.privacy.load_key`.
    length : int, default 8
        Hex digits kept (8 digits = 32 bits).
    prefix : str, default "p-"

    Returns
    -------
    str

    Notes
    -----
    One id on its own cannot be checked for collisions; :func:`pseudonym_map`
    and :func:`pseudonymize` lengthen the few pseudonyms that would coincide
    within one data set.

    Examples
    --------
    The values agree with ``printf T001 | openssl dgst -sha256 -hmac "a key of at least 16 bytes"``:

    >>> pseudonym("T001", "a key of at least 16 bytes")
    'p-fa2dfc3a'
    >>> pseudonym("T001", "another key, also 16 bytes long")
    'p-5c90d3c0'
    """
    key = as_key(key)
    return prefix + _digest(key, person_id)[: _check_length(length)]


def pseudonym_map(
    ids: Iterable[Any], key: bytes | str, *, length: int = 8, prefix: str = "p-"
) -> dict[str, str]:
    """Pseudonyms for a set of ids, lengthened where two would coincide.

    Parameters
    ----------
    ids : iterable
        Person ids (missing values are skipped; the rest converted with ``str``).
    key : bytes or str
        The secret key.
    length : int, default 8
        Hex digits of every pseudonym that is unique at this length.
    prefix : str, default "p-"

    Returns
    -------
    dict
        ``str(id) -> pseudonym``, one-to-one.

    Notes
    -----
    Ids whose first ``length`` hex digits coincide get 4 more digits, again
    until they differ; all other ids keep ``length`` digits, so a pseudonym
    stays the same across rounds unless its own collision partner comes or goes.
    With 8 digits, the chance of any collision among 1,000 people is about 1 in
    9,000 (the birthday bound n²/2³³). Pseudonymise all rounds together
    (:func:`leerlib.combine_waves` first) to be sure they agree.

    Examples
    --------
    >>> m = pseudonym_map(["T001", "T002"], "a key of at least 16 bytes")
    >>> m["T001"]
    'p-fa2dfc3a'
    >>> len(set(pseudonym_map(range(300), "a key of at least 16 bytes", length=1).values()))
    300
    """
    key = as_key(key)
    level = _check_length(length)
    digests = {}
    for i in ids:
        if i is None or (not isinstance(i, str) and pd.isna(i)):
            continue
        s = str(i)
        if s not in digests:
            digests[s] = _digest(key, s)
    out: dict[str, str] = {}
    pending = list(digests)
    while pending:
        groups: dict[str, list[str]] = defaultdict(list)
        for s in pending:
            groups[digests[s][:level]].append(s)
        pending = []
        for head, members in groups.items():
            if len(members) == 1:
                out[members[0]] = prefix + head
            else:
                pending.extend(members)
        if pending and level >= 64:  # pragma: no cover - distinct ids with equal SHA-256
            raise PrivacyError("two person ids have the same HMAC; cannot pseudonymise")
        level = min(level + 4, 64)
    return out


def _map_ids(series: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    values = [
        v if (v is None or (not isinstance(v, str) and pd.isna(v))) else mapping[str(v)]
        for v in series
    ]
    dtype = "str" if pd.api.types.is_string_dtype(series.dtype) else object
    return pd.Series(values, index=series.index, name=series.name, dtype=dtype)


def _id_values(table: pd.DataFrame, id_columns: Iterable[str]) -> list:
    vals: list = []
    for col in id_columns:
        if col in table.columns:
            vals.extend(table[col].tolist())
    if table.index.name in set(id_columns):
        vals.extend(table.index.tolist())
    return vals


def _known_texts(
    tables: Iterable[pd.DataFrame], mapping: Mapping[str, str], *, raw_values: bool
) -> dict[str, str]:
    """Texts that identify people -> what replaces them inside other text.

    Names and e-mail addresses map to their person's pseudonym (or to
    REDACTED when one text belongs to two people); typed names (``raw_name``)
    and, with ``raw_values``, the log's raw cell texts map to REDACTED.
    """
    known: dict[str, str] = {}
    for df in tables:
        ids = df["person_id"].tolist() if "person_id" in df.columns else None
        for col in df.columns:
            w = _words(col)
            if "raw" in w and not raw_values:
                continue
            if not (w & {"name", "naam", "email", "mail", "raw"}):
                continue
            status = _status_rows(df) if "raw" in w else set()
            for i, v in enumerate(df[col].tolist()):
                if not isinstance(v, str) or not v.strip() or i in status:
                    continue
                pid = None if ids is None else ids[i]
                repl = REDACTED if pid is None else mapping.get(str(pid), REDACTED)
                old = known.get(v)
                if old is None or old == REDACTED:
                    known[v] = repl
                elif repl != REDACTED and repl != old:  # one text, two people
                    known[v] = REDACTED
    known.update(mapping)
    return known


def _status_rows(df: pd.DataFrame) -> set[int]:
    """Return the log rows whose raw value is a response status the codebook skips.

    Such a value ("Spam", "Survey Preview") is a word of the survey tool, not of a person, so
    it is kept.
    """
    if "reason" not in df.columns:
        return set()
    return {i for i, r in enumerate(df["reason"].tolist()) if r == "status_skipped"}


def _redact_log(
    log: pd.DataFrame, mapping: Mapping[str, str], known: dict[str, str]
) -> pd.DataFrame:
    matcher = _scrubber(known)
    out = log.copy()
    if "raw_value" in out.columns:
        status = _status_rows(out)
        out["raw_value"] = [
            v
            if not isinstance(v, str) or not v.strip() or i in status
            else mapping.get(v, REDACTED)
            for i, v in enumerate(out["raw_value"])
        ]
    for col in ("detail", "column"):
        if col in out.columns:
            out[col] = [_scrub(v, matcher) for v in out[col]]
    return out


def _pseudonymize_table(
    df: pd.DataFrame,
    mapping: Mapping[str, str],
    known: dict[str, str],
    names: list[str],
    *,
    id_columns: tuple[str, ...],
    drop: Iterable[str],
    keep: Iterable[str],
    contract: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    if not isinstance(df, pd.DataFrame):
        raise SchemaError(f"expected a pandas DataFrame, got {type(df).__name__}")
    out = df.copy()
    for col in id_columns:
        if col in out.columns:
            out[col] = _map_ids(out[col], mapping)
    if out.index.name in id_columns:
        out.index = pd.Index(_map_ids(out.index.to_series(), mapping), name=out.index.name)
    is_log = {"raw_value", "detail"} <= set(out.columns)
    if is_log:
        out = _redact_log(out, mapping, known)
    protected = set(keep)
    if contract == "people":
        protected |= {"name"}
    elif contract == "ties":
        protected |= {"raw_name"}
    if is_log:
        protected |= {"raw_value", "detail", "column"}
    dropped = personal_columns(out, known=names, drop=drop, keep=protected)
    out = out.drop(columns=dropped)
    if contract == "people" and "name" in out.columns:
        out["name"] = out["person_id"]
    if contract == "ties" and "raw_name" in out.columns:
        out["raw_name"] = ""
    first = (
        _SURVEY_ORDER.get(contract or "")
        or (_SURVEY_ORDER["log"] if is_log else ())
        or tuple(dict.fromkeys((*id_columns, *ID_COLUMNS)))
    )
    if contract in _SURVEY_ORDER or is_log or set(first) & ({*out.columns} | {out.index.name}):
        out = _neutral_order(out, first)
    return out, dropped


#: The metadata record of data whose ids were kept because the caller said they are pseudonyms.
_KEPT = "ids kept: pseudonymised before, as the caller stated"

#: The columns each Survey table is ordered by after pseudonymisation (then by the rest).
_SURVEY_ORDER = {
    "people": ("person_id",),
    "ties": ("source", "target", "topic", "wave"),
    "responses": ("person_id", "wave"),
    "value": ("person_id", "wave", "cycle", "item"),
    "log": ("wave", "file", "row", "column"),
}


def _sort_key(col: pd.Series) -> pd.Series:
    """Sortable values: numbers and times as they are, everything else as text ("" if missing)."""
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_datetime64_any_dtype(col):
        return col

    def text(v):
        if isinstance(v, list | tuple | set | dict):
            return str(v)
        return "" if v is None or pd.isna(v) else str(v)

    return col.map(text).astype(object)


def _neutral_order(df: pd.DataFrame, first: Iterable[str]) -> pd.DataFrame:
    """Sort ``df`` by ``first`` (pseudonyms), then by every other column.

    The order carries no identity, whatever order the input had (a staff list's order
    re-identifies).

    An unnamed index is renumbered 0, 1, 2, ... (the old numbers are the old positions); a
    named index is sorted along (first when it holds person ids).
    """
    index_name = df.index.name
    named = index_name is not None and index_name not in df.columns
    work = df.reset_index() if named else df.reset_index(drop=True)
    if not work.columns.is_unique:
        return df  # pragma: no cover - duplicate column labels cannot be sorted by name
    cols = [c for c in first if c in work.columns]
    if named and index_name in first:
        cols = [index_name] + [c for c in cols if c != index_name]
    cols += [c for c in work.columns if c not in cols]
    if not cols:
        return df
    out = work.sort_values(cols, key=_sort_key, kind="stable", na_position="first")
    out = out.reset_index(drop=True)
    if named:
        out = out.set_index(index_name)
    out.attrs = dict(df.attrs)
    return out


def _pseudonymize_graph(G, key: bytes | None, *, length: int, drop, keep):
    """Relabel nodes (unless ``key`` is None) and drop personal node, edge and graph attributes."""
    if key is None:
        new = {n: n for n in G}
    else:
        ids = pseudonym_map(G.nodes, key, length=length)
        new = {n: ids[str(n)] for n in G}
    known = {}
    for n, d in G.nodes(data=True):
        for attr, v in d.items():
            if isinstance(v, str) and _words(attr) & (_PERSONAL_WORDS | _GRAPH_LABEL_WORDS):
                known[v] = new[n]
    names = [k for k in known if len(k) >= _MIN_SCRUB_LEN]
    node_table = pd.DataFrame([d for _, d in G.nodes(data=True)])
    edge_table = pd.DataFrame([d for *_, d in G.edges(data=True)])
    drop_nodes = set(personal_columns(node_table, known=names, drop=drop, keep=keep, graph=True))
    drop_edges = set(personal_columns(edge_table, known=names, drop=drop, keep=keep, graph=True))
    H = G.__class__()
    pattern = _scrubber({k: "" for k in names})
    H.graph.update(_safe_meta(G.graph, pattern)[0])
    # nodes and edges in the order of the new labels: the input's order (often the staff
    # list's) would map every pseudonym back by position in a GEXF or GraphML file
    for n, d in sorted(G.nodes(data=True), key=lambda nd: str(new[nd[0]])):
        attrs = {a: v for a, v in d.items() if a not in drop_nodes}
        if "name" in d:
            attrs["name"] = new[n]
        H.add_node(new[n], **attrs)
    if G.is_multigraph():
        edges = sorted(
            G.edges(keys=True, data=True), key=lambda e: (str(new[e[0]]), str(new[e[1]]), str(e[2]))
        )
        for u, v, k, d in edges:
            H.add_edge(new[u], new[v], key=k, **{a: x for a, x in d.items() if a not in drop_edges})
    else:
        edges = sorted(G.edges(data=True), key=lambda e: (str(new[e[0]]), str(new[e[1]])))
        for u, v, d in edges:
            H.add_edge(new[u], new[v], **{a: x for a, x in d.items() if a not in drop_edges})
    if key is not None:
        H.graph["pseudonymized"] = key_check(key)
    else:  # the caller said the nodes are pseudonyms already; recorded as such
        H.graph["pseudonymized"] = _KEPT
    return H


def pseudonymize(
    data,
    key: bytes | str | None = None,
    *,
    length: int = 8,
    drop: Iterable[str] = (),
    keep: Iterable[str] = (),
    id_columns: Iterable[str] = ID_COLUMNS,
    already_pseudonymized: bool = False,
):
    """Replace person ids by keyed pseudonyms and remove names, e-mail and free text.

    Parameters
    ----------
    data : Survey, DataFrame, dict of DataFrame, or networkx graph
        What to pseudonymise. A dict shares one set of pseudonyms across its tables.
    key : bytes or str, optional
        The secret key; by default :func:`leerlib.privacy.load_key` reads it
        from ``LEERLIB_KEY``. The key itself is never stored in the result.
    length : int, default 8
        Hex digits per pseudonym (lengthened where two would coincide).
    drop : iterable of str
        Further columns (or graph attributes) to remove.
    keep : iterable of str
        Columns to keep although they look personal (e.g. ``"team_name"``).
    id_columns : iterable of str
        Columns (and index names) that hold person ids. Empty: ids are kept,
        as with ``already_pseudonymized``.
    already_pseudonymized : bool, default False
        The caller states that the ids are pseudonyms made before (by this
        function); they are kept as they are (a graph's nodes are not
        relabelled), personal columns still go, and the metadata record says
        ``"ids kept: pseudonymised before, as the caller stated"``. Nothing
        else decides this: ids that merely look like pseudonyms (``p-1001``)
        are pseudonymised like any other id.

    Returns
    -------
    Survey, DataFrame, dict or graph
        Of the same kind as ``data``; the input is not changed.

        - ``person_id``, ``source``, ``target`` (and the other ``id_columns``)
          hold pseudonyms such as ``"p-3f9a1c2b"``, the same for the same id and
          key in every round, different under another key.
        - Bare tables lose their personal columns (see
          :func:`personal_columns`). A Survey keeps the columns the data
          contract requires, emptied instead: ``people.name`` becomes the
          pseudonym, ``ties.raw_name`` becomes ``""``; e-mail and other personal
          columns are removed. A graph's nodes are relabelled; ``name`` becomes
          the pseudonym and labels, e-mail and other personal attributes go.
        - In the cleaning log, ``raw_value`` (what someone typed) becomes the
          pseudonym when it is exactly a person's id, else ``"[redacted]"``;
          known names, e-mail addresses, typed names and ids inside ``detail``
          and ``column`` (a roster-matrix header is a name) are replaced.
        - Rows are in an order that carries no identity: tables with person
          ids are sorted by them (the pseudonyms), then by their other
          columns, and an unnamed index is renumbered; a Survey's log by wave,
          file, row and column; a graph's nodes and edges by the new labels.
          The input's order (often the staff list's) would otherwise map every
          pseudonym back to a person by position.
        - ``Survey.consent_names`` becomes False; ``Survey.meta`` keeps only
          plain values that look impersonal, plus ``meta["pseudonymized"]``
          (method, length, key check, dropped columns). DataFrames carry the
          same record in ``df.attrs["leerlib_pseudonymized"]``.

    Raises
    ------
    PrivacyError
        If no key is given or configured, or it is too short.
    SchemaError
        If ``data`` is of an unsupported kind.

    Notes
    -----
    A pseudonym is HMAC-SHA256(key, person_id) cut to ``length`` hex digits.
    Without the key nobody can compute a person's pseudonym, even from a list
    of all staff ids; with the key anyone can. Pseudonymised network data is
    still personal data: a position in the network can identify a person
    (Borgatti & Molina 2003). See docs/privacy.md.

    References
    ----------
    .. [1] Krawczyk, H., Bellare, M. & Canetti, R. (1997). HMAC: Keyed-hashing
       for message authentication. RFC 2104.
    .. [2] Borgatti, S. P. & Molina, J.-L. (2003). Ethical and strategic issues
       in organizational social network analysis. Journal of Applied Behavioral
       Science 39(3), 337-349.

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": ["T001", "T002"], "name": ["An de Wit", "Bo Bakker"],
    ...                        "email": ["an@school.nl", "bo@school.nl"], "team": ["A", "A"]})
    >>> pseudonymize(people, "a key of at least 16 bytes")
        person_id team
    0  p-93769134    A
    1  p-fa2dfc3a    A
    """
    id_columns = () if already_pseudonymized else tuple(id_columns)
    if isinstance(data, schema.Survey | pd.DataFrame | Mapping):
        pass
    elif hasattr(data, "nodes") and hasattr(data, "edges"):
        if id_columns:
            key = as_key(load_key() if key is None else key)
        else:
            key = None
        return _pseudonymize_graph(data, key, length=_check_length(length), drop=drop, keep=keep)
    else:
        raise SchemaError(
            f"pseudonymize: expected a Survey, a DataFrame, a dict of DataFrames or a graph, "
            f"got {type(data).__name__}"
        )
    if isinstance(data, schema.Survey):
        names = ("people", "ties", "responses", "value", "log")
        tables = {n: getattr(data, n) for n in names}
    elif isinstance(data, pd.DataFrame):
        tables = {None: data}
    else:
        tables = dict(data)
    for name, df in tables.items():
        if not isinstance(df, pd.DataFrame):
            raise SchemaError(
                f"pseudonymize: table {name!r} is a {type(df).__name__}, not a DataFrame"
            )
    ids = [v for df in tables.values() for v in _id_values(df, id_columns)]
    mapping: dict[str, str] = {}
    if ids:
        key = as_key(load_key() if key is None else key)
        mapping = pseudonym_map(ids, key, length=length)
    known = _known_texts(tables.values(), mapping, raw_values=True)
    names = [
        k
        for k, v in _known_texts(tables.values(), mapping, raw_values=False).items()
        if k not in mapping
    ]
    out, dropped = {}, {}
    for name, df in tables.items():
        contract = name if isinstance(data, schema.Survey) else None
        out[name], dropped[name] = _pseudonymize_table(
            df,
            mapping,
            known,
            names,
            id_columns=id_columns,
            drop=drop,
            keep=keep,
            contract=contract,
        )
    record = {
        "ids": "HMAC-SHA256 pseudonyms" if id_columns else _KEPT,
        "method": "HMAC-SHA256",
        "length": length,
        "key_check": key_check(key) if mapping else None,
        "dropped_columns": {str(k): v for k, v in dropped.items() if v},
    }
    for df in out.values():
        df.attrs["leerlib_pseudonymized"] = record
    if isinstance(data, pd.DataFrame):
        return out[None]
    if not isinstance(data, schema.Survey):
        return out
    pattern = _scrubber({k: "" for k in names})
    meta, dropped_meta = _safe_meta(data.meta, pattern)
    meta["pseudonymized"] = dict(record, dropped_meta=dropped_meta)
    return dataclasses.replace(data, **out, consent_names=False, meta=meta)


def is_pseudonymized(data) -> bool:
    """Return True if ``data`` came out of :func:`pseudonymize` (and was not rebuilt since).

    Reads the metadata record that :func:`pseudonymize` leaves (``Survey.meta``,
    ``DataFrame.attrs``, ``graph.graph``), never the shape of the ids. The exports
    do not skip pseudonymisation on it: pandas carries ``attrs`` into tables that
    may have raw ids again, so only the caller's ``already_pseudonymized=True`` does.

    Examples
    --------
    >>> df = pd.DataFrame({"person_id": ["T001"]})
    >>> is_pseudonymized(df), is_pseudonymized(pseudonymize(df, "a key of at least 16 bytes"))
    (False, True)
    """
    if isinstance(data, schema.Survey):
        return "pseudonymized" in data.meta
    if isinstance(data, pd.DataFrame):
        return "leerlib_pseudonymized" in data.attrs
    if hasattr(data, "graph"):
        return "pseudonymized" in data.graph
    return False
