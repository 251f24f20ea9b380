"""Networks for the tools researchers cross-check with: Pajek, UCINET and R (igraph, statnet)."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from leerlib.errors import LeerlibError, PrivacyError, SchemaError
from leerlib.export.safe import cell_value
from leerlib.export.writers import (
    _binary_target,
    _check_target,
    _is_stream,
    _label,
    _write_csv,
    prepare_export,
)
from leerlib.privacy import DEFAULT_THRESHOLD

__all__ = [
    "export_pajek",
    "export_pajek_partition",
    "export_ucinet",
    "export_adjacency",
    "export_edge_list",
]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _target(path, what: str, suffixes: Sequence[str]):
    """Check a write target; a path must end in one of ``suffixes``."""
    _check_target(path, what)
    if _is_stream(path):
        return path
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise LeerlibError(f"{what} writes {' or '.join(suffixes)} files", file=path)
    return path


def _prepared(G, what: str, privacy: dict) -> tuple[nx.Graph, list]:
    """Return the graph as the export writes it (see :func:`prepare_export`) and its vertex order.

    Vertices are sorted by their (pseudonymised) id, so that the input's order (often the
    staff list's) never shows in the file and the same network gives the same bytes.
    """
    if not isinstance(G, nx.Graph):
        raise SchemaError(f"{what}: expected a networkx graph, got {type(G).__name__}")
    H = prepare_export(G, **privacy)
    order = sorted(H.nodes, key=str)
    if len({str(v) for v in order}) != len(order):
        raise SchemaError(f"{what}: two nodes have the same text id; ids must be unique as text")
    return H, order


def _edges(H: nx.Graph, index: dict) -> list[tuple[Any, Any, dict]]:
    """Every edge once, as (u, v, data) in vertex order; an undirected edge from its lower end."""
    if H.is_multigraph():
        items = [(u, v, d, str(k)) for u, v, k, d in H.edges(keys=True, data=True)]
    else:
        items = [(u, v, d, "") for u, v, d in H.edges(data=True)]
    out = []
    for u, v, d, k in items:
        if not H.is_directed() and index[v] < index[u]:
            u, v = v, u
        out.append((index[u], index[v], k, u, v, d))
    out.sort(key=lambda e: e[:3])
    return [(u, v, d) for *_, u, v, d in out]


def _weight(d: dict, weight: str | None, what: str) -> float:
    if weight is None or d.get(weight) is None:
        return 1.0
    value = d[weight]
    try:
        w = float(value)
    except (TypeError, ValueError):
        raise SchemaError(f"{what}: edge attribute {weight!r} is {value!r}, not a number") from None
    if isinstance(value, bool) or not math.isfinite(w):
        raise SchemaError(f"{what}: edge attribute {weight!r} is {value!r}, not a finite number")
    return w


def _number(w: float) -> str:
    """Return a weight as short text that reads back as the same float (2.0 -> "2")."""
    return str(int(w)) if w.is_integer() and abs(w) < 2**53 else repr(w)


def _label_text(v) -> str:
    """Return a vertex label on one line, without the quote and backslash that end or escape it."""
    text = _CONTROL.sub(" ", str(v)).replace('"', "'").replace("\\", "/")
    return text


def _labels(order: list, what: str) -> list[str]:
    labels = [_label_text(v) for v in order]
    if len(set(labels)) != len(labels):
        raise SchemaError(
            f"{what}: two node ids read the same once quotes, backslashes and line breaks are "
            "replaced; give the nodes distinct ids"
        )
    return labels


def _write_lines(path, lines: list[str]) -> None:
    """CRLF lines (Pajek and UCINET are Windows programs), UTF-8, atomically."""
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    with _binary_target(path) as fh:
        fh.write(data)


_PRIVACY_DOC = """key, names, consent, already_pseudonymized, threshold, quasi_identifiers
        As in :func:`leerlib.export.export_excel`: by default vertices are
        pseudonyms, names and other personal attributes are left out and node
        attributes are k-anonymous (groups smaller than ``threshold`` are
        generalised or dropped)."""


def export_pajek(
    G,
    path,
    *,
    weight: str | None = "weight",
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
):
    r"""Write a graph as a Pajek ``.net`` file.

    Parameters
    ----------
    G : networkx graph
        Directed graphs get ``*Arcs``, undirected ones ``*Edges``.
    path : str, path-like or binary file object
        The ``.net`` file, or a binary file object (``io.BytesIO``).
    weight : str or None, default "weight"
        The edge attribute written as the line value; edges without it (or
        ``weight=None``) get 1.
    {privacy}

    Returns
    -------
    Path or file object
        The file written, or the file object given.

    Raises
    ------
    PrivacyError
        Names without consent; pseudonyms needed but no key.
    LeerlibError
        The file cannot be written or does not end in ``.net``; no partial file is left.

    See Also
    --------
    export_pajek_partition : a node attribute as a Pajek partition (``.clu``).

    Notes
    -----
    ``*Vertices n`` lists the vertices numbered 1 to n in the order of their
    (pseudonymised) ids, each with its id as a quoted label; then one line
    ``i j weight`` per arc (or edge, written once from its lower-numbered
    end), sorted. Lines end in CRLF; the text is UTF-8. The same network gives
    the same bytes whatever the order of the staff list. R reads it with
    ``igraph::read_graph(path, format = "pajek")`` (docs/export.md).

    Examples
    --------
    >>> import io
    >>> G = nx.DiGraph([("T2", "T1", {{"weight": 2.0}})])
    >>> G.add_node("T3")
    >>> out = export_pajek(G, io.BytesIO(), names=True, consent=True)
    >>> print(out.getvalue().decode().replace("\r", ""), end="")
    *Vertices 3
    1 "T1"
    2 "T2"
    3 "T3"
    *Arcs
    2 1 2
    """
    path = _target(path, "export_pajek", (".net",))
    H, order = _prepared(G, "export_pajek", _privacy_args(locals()))
    index = {v: i for i, v in enumerate(order, start=1)}
    lines = [f"*Vertices {len(order)}"]
    lines += [f'{i} "{label}"' for i, label in enumerate(_labels(order, "export_pajek"), start=1)]
    lines.append("*Arcs" if H.is_directed() else "*Edges")
    for u, v, d in _edges(H, index):
        lines.append(f"{index[u]} {index[v]} {_number(_weight(d, weight, 'export_pajek'))}")
    _write_lines(path, lines)
    return path


def _privacy_args(args: dict) -> dict:
    """Return the privacy arguments of an export call, for :func:`prepare_export`."""
    return {
        k: args[k]
        for k in (
            "key",
            "names",
            "consent",
            "already_pseudonymized",
            "threshold",
            "quasi_identifiers",
        )
    }


def _sort_key(value):
    return (0, float(value), "") if isinstance(value, int | float) else (1, 0.0, str(value))


def export_pajek_partition(
    G,
    path,
    attribute: str,
    *,
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
):
    """Write a node attribute as a Pajek partition (``.clu``), numbered as :func:`export_pajek`.

    Parameters
    ----------
    G : networkx graph
    path : str, path-like or binary file object
        The ``.clu`` file, or a binary file object.
    attribute : str
        The node attribute (``"team"``, ``"community"``, ...).
    {privacy}

    Returns
    -------
    Path or file object

    Raises
    ------
    PrivacyError
        The attribute is personal or identifies groups smaller than
        ``threshold``, so the privacy rules left it out for every vertex.
    LeerlibError
        No node has the attribute; the file cannot be written.

    Notes
    -----
    ``*Vertices n`` and then one class number per vertex, in the vertex order
    of :func:`export_pajek` with the same key and privacy settings. Classes
    are numbered 1, 2, ... in the sorted order of the attribute's values
    (numbers by size, texts alphabetically); a vertex without a value (or
    whose value the small-group rule suppressed) is in class 0.

    Examples
    --------
    >>> import io
    >>> G = nx.Graph([("T1", "T2"), ("T2", "T3")])
    >>> nx.set_node_attributes(G, {{"T1": "B", "T2": "A"}}, "team")
    >>> out = export_pajek_partition(G, io.BytesIO(), "team", names=True, consent=True)
    >>> out.getvalue().decode().split()
    ['*Vertices', '3', '2', '1', '0']
    """
    path = _target(path, "export_pajek_partition", (".clu",))
    if not isinstance(G, nx.Graph):
        raise SchemaError(
            f"export_pajek_partition: expected a networkx graph, got {type(G).__name__}"
        )
    if not any(attribute in d for _, d in G.nodes(data=True)):
        raise LeerlibError(
            f"export_pajek_partition: no node has the attribute {attribute!r}", file=_label(path)
        )
    H, order = _prepared(G, "export_pajek_partition", _privacy_args(locals()))
    values = {v: cell_value(H.nodes[v].get(attribute)) for v in order}
    present = sorted({x for x in values.values() if x is not None}, key=_sort_key)
    if not present:
        raise PrivacyError(
            f"node attribute {attribute!r} is left out of this export: it is personal, or its "
            f"groups are smaller than the minimum group size ({threshold}); see docs/privacy.md"
        )
    number = {x: i for i, x in enumerate(present, start=1)}
    lines = [f"*Vertices {len(order)}"]
    lines += [str(0 if values[v] is None else number[values[v]]) for v in order]
    _write_lines(path, lines)
    return path


def _dl_label(text: str) -> str:
    return f'"{text}"' if re.search(r"[\s,\"']", text) else text


def export_ucinet(
    G,
    path,
    *,
    weight: str | None = "weight",
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
):
    r"""Write a graph as a UCINET DL file in the ``edgelist1`` format, with labels.

    Parameters
    ----------
    G : networkx graph
    path : str, path-like or binary file object
        A ``.dl`` (or ``.txt``) file, or a binary file object.
    weight : str or None, default "weight"
        The edge attribute written as the tie value (1 where missing).
    {privacy}

    Returns
    -------
    Path or file object

    Raises
    ------
    PrivacyError, LeerlibError
        As in :func:`export_pajek`.

    Notes
    -----
    A header ``dl n=N format=edgelist1``, the vertex labels (one per line,
    in the order of their ids) after ``labels:``, and after ``data:`` one line
    ``i j value`` per tie, numbered as the labels. UCINET holds a network as a
    matrix, so an undirected edge is written in both directions (a symmetric
    matrix); a directed tie once. Isolates are kept through the label list.

    Examples
    --------
    >>> import io
    >>> G = nx.Graph([("T2", "T1")])
    >>> out = export_ucinet(G, io.BytesIO(), names=True, consent=True)
    >>> print(out.getvalue().decode().replace("\r", ""), end="")
    dl n=2 format=edgelist1
    labels:
    T1
    T2
    data:
    1 2 1
    2 1 1
    """
    path = _target(path, "export_ucinet", (".dl", ".txt"))
    H, order = _prepared(G, "export_ucinet", _privacy_args(locals()))
    index = {v: i for i, v in enumerate(order, start=1)}
    lines = [f"dl n={len(order)} format=edgelist1", "labels:"]
    lines += [_dl_label(t) for t in _labels(order, "export_ucinet")]
    lines.append("data:")
    rows = []
    for u, v, d in _edges(H, index):
        w = _number(_weight(d, weight, "export_ucinet"))
        rows.append((index[u], index[v], w))
        if not H.is_directed() and u != v:
            rows.append((index[v], index[u], w))
    rows.sort(key=lambda r: r[:2])
    lines += [f"{i} {j} {w}" for i, j, w in rows]
    _write_lines(path, lines)
    return path


def export_adjacency(
    G,
    path,
    *,
    weight: str | None = "weight",
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
    sep: str = ",",
    decimal: str = ".",
    encoding: str = "utf-8",
):
    """Write a graph's adjacency matrix as CSV: a header of ids, then a row per vertex.

    Parameters
    ----------
    G : networkx graph
    path : str, path-like or binary file object
        A ``.csv`` file, or a binary file object.
    weight : str or None, default "weight"
        Cell ``[i, j]`` holds the weight of the tie i -> j (edges without the
        attribute count 1; several edges of a multigraph add up); None gives
        0/1. An undirected graph gives a symmetric matrix.
    {privacy}
    sep, decimal, encoding : str
        As in :func:`leerlib.export.export_csv`, but UTF-8 without a byte
        order mark by default (R's ``read.csv`` would take the mark for part
        of the first header).

    Returns
    -------
    Path or file object

    Raises
    ------
    PrivacyError, LeerlibError
        As in :func:`export_pajek`.

    Notes
    -----
    Rows and columns are in the order of the (pseudonymised) ids; the first
    header cell is empty. R: ``as.matrix(read.csv(path, row.names = 1,
    check.names = FALSE))``.

    Examples
    --------
    >>> import io
    >>> G = nx.DiGraph([("T1", "T2", {{"weight": 2.0}})])
    >>> out = export_adjacency(G, io.BytesIO(), names=True, consent=True)
    >>> out.getvalue().decode().splitlines()
    [',T1,T2', 'T1,0.0,2.0', 'T2,0.0,0.0']
    """
    path = _target(path, "export_adjacency", (".csv", ".txt"))
    H, order = _prepared(G, "export_adjacency", _privacy_args(locals()))
    index = {v: i for i, v in enumerate(order)}
    labels = [str(v) for v in order]
    matrix = [[0.0] * len(order) for _ in order]
    for u, v, d in _edges(H, {v: i for i, v in enumerate(order)}):
        w = _weight(d, weight, "export_adjacency")
        matrix[index[u]][index[v]] += w
        if not H.is_directed() and u != v:
            matrix[index[v]][index[u]] += w
    table = pd.DataFrame(matrix, columns=labels)
    table.insert(0, "", labels)
    return _write_csv(table, path, sep=sep, decimal=decimal, encoding=encoding)


def export_edge_list(
    G,
    edges_path,
    nodes_path,
    *,
    key: bytes | str | None = None,
    names: bool = False,
    consent: bool = False,
    already_pseudonymized: bool = False,
    threshold: int | None = DEFAULT_THRESHOLD,
    quasi_identifiers: Sequence[str] | None = None,
    sep: str = ",",
    decimal: str = ".",
    encoding: str = "utf-8",
):
    """Write a graph as two CSV files for R: an edge list and the node attributes.

    Parameters
    ----------
    G : networkx graph
    edges_path : str, path-like or binary file object
        The edge list: columns ``from``, ``to`` and every edge attribute
        (``weight``, ``topics`` as text such as ``"ict, zorg"``, ...).
    nodes_path : str, path-like or binary file object
        The node attributes: ``id`` first, then the attributes the privacy
        rules keep (every node, also isolates).
    {privacy}
    sep, decimal, encoding : str
        As in :func:`export_adjacency`.

    Returns
    -------
    tuple
        The two files written (or file objects given).

    Raises
    ------
    PrivacyError, LeerlibError
        As in :func:`export_pajek`; both tables are made before either file
        is written.

    Notes
    -----
    The layout igraph's ``graph_from_data_frame(edges, directed = ...,
    vertices = nodes)`` and statnet's ``network(edges, vertices = nodes,
    matrix.type = "edgelist")`` read: the edge list's first two columns name
    the ends, the node table's first column the vertex. Rows are in the order
    of the (pseudonymised) ids; an undirected edge is written once, from the
    lower id. A node attribute ``name`` that only repeats the id (as it does
    after pseudonymisation) is left out.

    Examples
    --------
    >>> import io
    >>> G = nx.DiGraph([("T2", "T1", {{"weight": 2.0}})])
    >>> nx.set_node_attributes(G, {{"T1": "A", "T2": "B"}}, "team")
    >>> e, n = export_edge_list(G, io.BytesIO(), io.BytesIO(), names=True, consent=True)
    >>> e.getvalue().decode().splitlines(), n.getvalue().decode().splitlines()
    (['from,to,weight', 'T2,T1,2.0'], ['id,team', 'T1,A', 'T2,B'])
    """
    edges_path = _target(edges_path, "export_edge_list", (".csv", ".txt"))
    nodes_path = _target(nodes_path, "export_edge_list", (".csv", ".txt"))
    H, order = _prepared(G, "export_edge_list", _privacy_args(locals()))
    index = {v: i for i, v in enumerate(order)}
    edge_rows = [{"from": str(u), "to": str(v), **d} for u, v, d in _edges(H, index)]
    edge_cols = [
        "from",
        "to",
        *dict.fromkeys(k for r in edge_rows for k in r if k not in ("from", "to")),
    ]
    edges = pd.DataFrame(edge_rows, columns=edge_cols)
    node_rows = [{"id": str(v), **H.nodes[v]} for v in order]
    if all(str(r.get("name", r["id"])) == r["id"] for r in node_rows):
        for r in node_rows:
            r.pop("name", None)
    node_cols = ["id", *dict.fromkeys(k for r in node_rows for k in r if k != "id")]
    nodes = pd.DataFrame(node_rows, columns=node_cols)
    options = {"sep": sep, "decimal": decimal, "encoding": encoding}
    data = [_write_csv(t, io.BytesIO(), **options).getvalue() for t in (edges, nodes)]
    # both files are opened before either is moved into place: a second file that cannot be
    # written leaves no first one behind
    with _binary_target(edges_path) as fe, _binary_target(nodes_path) as fn:
        fe.write(data[0])
        fn.write(data[1])
    return edges_path, nodes_path


for _f in (export_pajek, export_pajek_partition, export_ucinet, export_adjacency, export_edge_list):
    _f.__doc__ = _f.__doc__.format(privacy=_PRIVACY_DOC)
del _f
