"""The per-person table: every node measure in one DataFrame, computed on igraph and sparse matrices."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from leerlib.metrics import centrality as _c
from leerlib.metrics._common import adjacency, group_labels, igraph_of, require_graph
from leerlib.metrics.brokerage import brokerage_table
from leerlib.metrics.missing import RESPONSE_THRESHOLD, response_info

__all__ = ["node_metrics", "ei_index", "EXACT_LIMIT"]

#: Above this many people, path-based measures are estimated from a sample of
#: BFS roots (flagged in ``df.attrs["estimated"]``) unless ``exact=True``.
EXACT_LIMIT = 20_000


def ei_index(G: nx.DiGraph, group: str | Mapping | pd.Series) -> dict:
    """Krackhardt & Stern's E-I index of each person's out-ties.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        u -> v: u turns to v.
    group : str or mapping
        Node attribute (or node -> label mapping).

    Returns
    -------
    dict
        node -> (E - I) / (E + I) over the people v turns to: E in another
        group, I in v's own group. -1: turns only to their own group; +1: only
        outside it. NaN when v names nobody. On an undirected graph: over all
        of v's ties (NaN for isolates).

    References
    ----------
    Krackhardt, D., & Stern, R. N. (1988). Informal networks and
    organizational crises: An experimental simulation. Social Psychology
    Quarterly, 51(2), 123-140.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(G, {"a": 1, "b": 1, "c": 2}, "team")
    >>> ei_index(G, "team")["a"]
    0.0
    """
    require_graph(G, "ei_index")
    vals = _ei_vec(adjacency(G), group_labels(G, group))
    return {v: float(x) for v, x in zip(G, vals, strict=True)}


def _ei_vec(A, labels: np.ndarray) -> np.ndarray:
    rows, cols = A.nonzero()
    codes = pd.factorize(pd.Series(labels, dtype=object))[0]
    n = A.shape[0]
    ext = np.bincount(rows, weights=(codes[rows] != codes[cols]).astype(float), minlength=n)
    tot = np.bincount(rows, minlength=n).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(tot > 0, (2 * ext - tot) / tot, np.nan)


def node_metrics(
    G: nx.DiGraph,
    group: str | Mapping | pd.Series | None = None,
    *,
    weight: str | None = None,
    response_threshold: float = RESPONSE_THRESHOLD,
    exact: bool | None = None,
    sample: int = 500,
    seed: int = 0,
) -> pd.DataFrame:
    """Every person's network measures in one table.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        u -> v: u turns to v (for advice, for learning). Typically from
        :func:`leerlib.build_graph`, which gives an undirected graph for a
        relation the codebook declares ``directed = false``.
    group : str or mapping, optional
        Node attribute (team, school, ...) or node -> label mapping; adds the
        Gould-Fernandez brokerage roles (counts, ``_expected``, ``_z``) and the
        E-I index.
    weight : str, optional
        Edge attribute used as tie strength by pagerank, eigenvector,
        constraint and effective size. Default: unweighted (as the reference
        implementations are compared). Strengths always use ``"weight"``
        (1.0 where absent).
    response_threshold : float, default 0.8
        Below this response rate fragile measures are flagged (see
        :mod:`leerlib.metrics.missing`).
    exact : bool, optional
        Exact path-based measures (betweenness, closeness, harmonic). Default:
        exact up to :data:`EXACT_LIMIT` people, estimated from ``sample`` BFS
        roots above it.
    sample, seed : int
        Number of roots and the seed for estimated measures.

    Returns
    -------
    DataFrame
        Indexed by person_id (in graph order), columns:

        * ``in_degree`` (being sought: number of people who turn to v),
          ``out_degree`` (number of people v turns to), ``in_strength``,
          ``out_strength`` (sums of tie weights);
        * ``betweenness`` (raw, as UCINET and R sna report it),
          ``betweenness_norm`` (raw / ((n-1)(n-2)));
        * ``closeness_out``, ``closeness_in`` (Wasserman-Faust, see
          :func:`leerlib.metrics.closeness`), ``harmonic_out``,
          ``harmonic_in`` (sum of 1/d over n-1);
        * ``pagerank``; ``eigenvector`` (in-ties, max 1; NaN everywhere when
          G is not strongly connected);
        * ``constraint``, ``effective_size`` (Burt; NaN for isolates);
        * ``clustering`` (undirected local, 0 below two contacts),
          ``k_core`` (undirected core number);
        * with ``group``: ``group``, the brokerage columns of
          :func:`leerlib.metrics.brokerage` and ``ei_index`` (out-ties);
        * ``responded`` (bool), ``isolate`` (no ties in either direction).

        On an undirected graph: ``degree`` and ``strength`` instead of the in
        and out columns; ``betweenness`` over unordered pairs (half the value
        of the same ties entered as two arcs each), ``betweenness_norm`` =
        raw / ((n-1)(n-2)/2); ``closeness`` and ``harmonic`` instead of their
        in and out columns; pagerank and eigenvector over all ties; with
        ``group`` no brokerage columns (they need directed ties; listed in
        ``df.attrs["skipped"]``) and ``ei_index`` over all ties.

        ``df.attrs`` holds ``directed``, ``skipped``, ``n_internal``, ``n_responded``,
        ``response_rate``, ``response_threshold``, ``fragile`` (measures to
        read with care because the response rate is below the threshold) and
        ``estimated`` (columns estimated from a sample; empty when exact).

    Notes
    -----
    Conventions and conversions to R sna, igraph and networkx are in the
    docstrings of the single measures (:mod:`leerlib.metrics.centrality`)
    and in docs/measures.md. Path-based measures ignore weights (weights are
    strengths, not distances).

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("c", "b"), ("b", "d")])
    >>> G.add_node("e")
    >>> df = node_metrics(G)
    >>> df.loc["b", ["in_degree", "out_degree", "betweenness"]].tolist()
    [2.0, 1.0, 2.0]
    >>> df["isolate"].tolist()
    [False, False, False, False, True]
    >>> df.attrs["response_rate"]
    1.0
    >>> star = node_metrics(nx.Graph([("hub", p) for p in "abc"]))  # undirected
    >>> star.loc["hub", ["degree", "betweenness", "betweenness_norm", "closeness"]].tolist()
    [3.0, 3.0, 1.0, 1.0]
    """
    require_graph(G, "node_metrics")
    n = G.number_of_nodes()
    directed = G.is_directed()
    idx = pd.Index(list(G), name="person_id")
    A = adjacency(G)
    Aw = adjacency(G, "weight")
    g = igraph_of(G, weight)
    weighted = weight is not None
    if exact is None:
        exact = n <= EXACT_LIMIT
    cols: dict[str, np.ndarray] = {}
    if directed:
        cols["in_degree"] = np.asarray(A.sum(axis=0)).ravel()
        cols["out_degree"] = np.asarray(A.sum(axis=1)).ravel()
        cols["in_strength"] = np.asarray(Aw.sum(axis=0)).ravel()
        cols["out_strength"] = np.asarray(Aw.sum(axis=1)).ravel()
    else:
        cols["degree"] = np.asarray(A.sum(axis=1)).ravel()
        cols["strength"] = np.asarray(Aw.sum(axis=1)).ravel()
    estimated: list[str] = []
    if exact or n <= sample:
        b = _c._betweenness_vec(g, n)
        dist = _c._distance_measures(g)
    else:
        b = _c._betweenness_vec(g, n, sample=sample, seed=seed)
        dist = _c._distance_measures(g, sample=sample, seed=seed)
        estimated = [
            "betweenness",
            "betweenness_norm",
            *(sorted(dist) if directed else ["closeness", "harmonic"]),
        ]
    if not directed:  # distances are the same both ways
        dist = {"closeness": dist["closeness_out"], "harmonic": dist["harmonic_out"]}
    cols["betweenness"] = b
    cols["betweenness_norm"] = b / _c._pairs_through(n, directed) if n > 2 else np.zeros(n)
    cols.update(dist)
    cols["pagerank"] = _c._pagerank_vec(Aw if weighted else A)
    cols["eigenvector"] = _c._eigenvector_vec(g, n, weighted)
    cols["constraint"] = _c._constraint_vec(g, weighted)
    cols["effective_size"] = _c._effective_size_vec(Aw if weighted else A)
    gu = _c._undirected_simple(g)
    cols["clustering"] = _c._clustering_vec(gu)
    cols["k_core"] = _c._kcore_vec(gu)
    df = pd.DataFrame(cols, index=idx)
    skipped: list[str] = []
    if group is not None:
        labels = group_labels(G, group)
        df["group"] = pd.array(labels, dtype="str")
        if directed:
            df = df.join(brokerage_table(A, labels, list(G)))
        else:
            skipped = ["brokerage"]  # Gould-Fernandez roles need the direction of ties
        df["ei_index"] = _ei_vec(A, labels)
    df["responded"] = np.array([bool(G.nodes[v].get("responded", True)) for v in G], dtype=bool)
    df["isolate"] = (cols["in_degree"] + cols["out_degree"] if directed else cols["degree"]) == 0
    info = response_info(G, response_threshold, df.columns)
    info["estimated"] = estimated
    info["directed"] = directed
    info["skipped"] = skipped
    if estimated:
        info["sample"] = sample
    df.attrs.update(info)
    return df
