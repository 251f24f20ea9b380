"""Shared plumbing of the measures: node order, sparse adjacency, igraph copies, group labels."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from leerlib.errors import SchemaError

__all__ = [
    "adjacency",
    "igraph_of",
    "group_labels",
    "require_directed",
    "require_graph",
    "UNKNOWN_GROUP",
]

#: Label given to people whose group attribute is missing (they form one group).
UNKNOWN_GROUP = "(unknown)"


def require_graph(G: nx.Graph, what: str) -> None:
    """Check that ``G`` is a simple networkx graph, directed or undirected (else SchemaError naming ``what``)."""
    if not isinstance(G, nx.Graph):
        raise SchemaError(f"{what}: expected a networkx graph, got {type(G).__name__}")
    if G.is_multigraph():
        raise SchemaError(f"{what}: multigraphs are not supported; use leerlib.build_graph")


def require_directed(G: nx.Graph, what: str) -> None:
    """Check that ``G`` is a simple directed graph: ``what`` is defined for directed ties only."""
    require_graph(G, what)
    if not G.is_directed():
        raise SchemaError(
            f"{what} is defined for directed ties only (u -> v: u turns to v), and this graph "
            "is undirected (a relation declared directed = false, or an nx.Graph). "
            "node_metrics and network_metrics measure undirected graphs in their own "
            "conventions (docs/measures.md); build_graph(..., directed=True) would count "
            "every undirected tie as two arcs"
        )


def adjacency(G: nx.Graph, weight: str | None = None) -> sp.csr_matrix:
    """Sparse adjacency in ``list(G)`` order: row = sender (u -> v: u turns to v).

    Self-loops are dropped. With ``weight=None`` every tie counts 1. An undirected graph
    gives a symmetric matrix (each edge in both cells).
    """
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    rows, cols, vals = [], [], []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        rows.append(index[u])
        cols.append(index[v])
        vals.append(1.0 if weight is None else float(d.get(weight, 1.0)))
    if not G.is_directed():
        rows, cols, vals = rows + cols, cols + rows, vals + vals
    A = sp.csr_matrix(
        (
            np.asarray(vals, dtype=float),
            (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)),
        ),
        shape=(n, n),
    )
    A.sum_duplicates()
    return A


def igraph_of(G: nx.Graph, weight: str | None = None):
    """Return a bare igraph copy (no attributes but ``weight``) in ``list(G)`` order; self-loops dropped."""
    import igraph as ig

    index = {v: i for i, v in enumerate(G)}
    edges = [(index[u], index[v]) for u, v in G.edges() if u != v]
    g = ig.Graph(n=len(index), edges=edges, directed=G.is_directed())
    if weight is not None:
        g.es["weight"] = [float(d.get(weight, 1.0)) for u, v, d in G.edges(data=True) if u != v]
    return g


def group_labels(G: nx.Graph, group: str | Mapping | pd.Series) -> np.ndarray:
    """Group label per node in ``list(G)`` order, as strings.

    ``group`` is a node attribute name or a mapping node -> label. Missing
    labels become :data:`UNKNOWN_GROUP`.
    """
    if isinstance(group, str):
        raw = [G.nodes[v].get(group) for v in G]
        if G.number_of_nodes() and all(r is None for r in raw):
            raise SchemaError(f"group: no node has the attribute {group!r}")
    elif isinstance(group, Mapping | pd.Series):
        raw = [group.get(v) for v in G]
    else:
        raise SchemaError(
            f"group: expected a node attribute name or a mapping, got {type(group).__name__}"
        )
    out = []
    for r in raw:
        if r is None or (isinstance(r, float) and np.isnan(r)) or r is pd.NA:
            out.append(UNKNOWN_GROUP)
        else:
            out.append(str(r))
    return np.asarray(out, dtype=object)
