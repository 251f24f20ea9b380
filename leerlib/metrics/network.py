"""Whole-network measures: density, reciprocity, transitivity, centralisation, components, Krackhardt."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from leerlib.metrics import centrality as _c
from leerlib.metrics._common import (
    adjacency,
    group_labels,
    igraph_of,
    require_directed,
    require_graph,
)
from leerlib.metrics.brokerage import ROLES, brokerage_table
from leerlib.metrics.missing import RESPONSE_THRESHOLD, response_info
from leerlib.metrics.node import EXACT_LIMIT

__all__ = [
    "network_metrics",
    "reciprocity",
    "transitivity_directed",
    "centralization",
    "krackhardt_gtd",
    "KRACKHARDT_LIMIT",
    "DIRECTED_ONLY",
]

#: Lub-ness compares every pair of strong components (cubic in their number);
#: above this many strong components it is left out (NaN, listed in
#: ``skipped``). Connectedness, hierarchy and efficiency are computed at any size.
KRACKHARDT_LIMIT = 1_000


def reciprocity(G: nx.DiGraph) -> dict:
    """Reciprocity, three ways.

    Returns
    -------
    dict
        ``edgewise``: share of ties that are returned (igraph default,
        networkx ``overall_reciprocity``, sna ``grecip(measure="edgewise")``);
        ``dyadic``: share of all pairs that are symmetric, null pairs included
        (sna ``grecip`` default); ``mutual_share``: mutual pairs / non-null
        pairs (igraph ``mode="ratio"``, sna ``"dyadic.nonnull"``).

    References
    ----------
    Wasserman, S., & Faust, K. (1994). Social Network Analysis, ch. 13.

    Examples
    --------
    >>> r = reciprocity(nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")]))
    >>> r["edgewise"], r["mutual_share"], r["dyadic"]
    (0.666..., 0.5, 0.666...)
    """
    require_directed(G, "reciprocity")
    A = adjacency(G)
    A.data[:] = 1.0
    n = A.shape[0]
    m = A.nnz
    mutual_arcs = A.multiply(A.T).nnz
    mutual = mutual_arcs / 2
    asym = m - mutual_arcs
    pairs = n * (n - 1) / 2
    null = pairs - mutual - asym
    nan = float("nan")
    return {
        "edgewise": mutual_arcs / m if m else nan,
        "dyadic": (mutual + null) / pairs if pairs else nan,
        "mutual_share": mutual / (mutual + asym) if (mutual + asym) else nan,
    }


def transitivity_directed(G: nx.DiGraph) -> float:
    """Weak transitivity of a directed graph (R sna ``gtrans``, measure "weak").

    Returns
    -------
    float
        Share of two-paths i -> j -> k (i != k) that are closed by i -> k. NaN
        without two-paths.

    Notes
    -----
    networkx ``transitivity`` on a DiGraph is neither this nor the undirected
    value; never use it on directed graphs. The undirected global value is in
    :func:`network_metrics` as ``transitivity_undirected``.

    References
    ----------
    Holland, P. W., & Leinhardt, S. (1971). Transitivity in structural models
    of small groups. Comparative Group Studies, 2, 107-124.

    Examples
    --------
    >>> transitivity_directed(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
    1.0
    """
    require_directed(G, "transitivity_directed")
    A = adjacency(G)
    A.data[:] = 1.0
    A2 = A @ A
    paths = A2.sum() - A2.diagonal().sum()
    closed = A2.multiply(A).sum()
    return float(closed / paths) if paths else float("nan")


def centralization(values, n: int, kind: str, *, directed: bool = True) -> float:
    """Freeman centralisation with R sna's theoretical maxima.

    Parameters
    ----------
    values : array-like
        Raw scores per node (degree counts or raw betweenness).
    n : int
        Number of nodes.
    kind : {"degree", "betweenness"}
        Maximum sum of differences, reached by a star. Directed: (n-1)^2 for
        in- or out-degree, (n-1)^2 (n-2) for raw betweenness (a star with
        mutual ties). Undirected (``directed=False``): (n-1)(n-2) for degree,
        (n-1)^2 (n-2) / 2 for raw betweenness (sna ``gmode="graph"``, igraph
        ``centr_degree``/``centr_betw`` on undirected graphs).
    directed : bool, default True
        Which maxima apply.

    Returns
    -------
    float
        sum(max - x) / maximum; NaN for fewer than 3 nodes.

    Notes
    -----
    Symmetric ties entered as a directed graph (each tie two arcs) give
    in-degree = out-degree = the undirected degree, so the directed degree
    centralisation is the undirected one times (n-2)/(n-1) (its maximum
    (n-1)^2 is reached by a one-way star, which symmetric data cannot form).
    Betweenness doubles and so does its maximum: that centralisation is the
    same.

    References
    ----------
    Freeman, L. C. (1979). Centrality in social networks conceptual
    clarification. Social Networks, 1(3), 215-239.

    Examples
    --------
    >>> centralization([3, 0, 0, 0], 4, "degree")  # an in-star: the maximum
    1.0
    >>> centralization([3, 1, 1, 1], 4, "degree", directed=False)  # an undirected star
    1.0
    >>> centralization([3, 1, 1, 1], 4, "degree")  # the same star as mutual arcs: (n-2)/(n-1)
    0.666...
    """
    x = np.asarray(values, dtype=float)
    if n < 3 or len(x) == 0:
        return float("nan")
    if directed:
        top = {"degree": (n - 1) ** 2, "betweenness": (n - 1) ** 2 * (n - 2)}[kind]
    else:
        top = {"degree": (n - 1) * (n - 2), "betweenness": (n - 1) ** 2 * (n - 2) / 2}[kind]
    return float((x.max() - x).sum() / top)


def _connectedness_efficiency(G: nx.DiGraph) -> dict:
    """Krackhardt's connectedness and efficiency from the weak components (cheap at any size)."""
    n = G.number_of_nodes()
    nan = float("nan")
    if n < 2:
        return {"connectedness": nan, "efficiency": nan}
    comps = list(nx.weakly_connected_components(G))
    sizes = np.asarray([len(c) for c in comps], dtype=float)
    comp_of = {v: i for i, c in enumerate(comps) for v in c}
    arcs = np.zeros(len(comps))
    for u, v in G.edges():
        if u != v:
            arcs[comp_of[u]] += 1
    excess = float((arcs - (sizes - 1)).sum())
    max_excess = float((sizes * (sizes - 1) - (sizes - 1)).sum())
    return {
        "connectedness": float((sizes * (sizes - 1)).sum() / (n * (n - 1))),
        "efficiency": 1 - excess / max_excess if max_excess else nan,
    }


def krackhardt_gtd(G: nx.DiGraph) -> dict:
    """Krackhardt's (1994) four dimensions of informal hierarchy.

    Returns
    -------
    dict
        ``connectedness``: share of unordered pairs in the same weak component.
        ``hierarchy``: 1 - (ordered pairs that reach each other both ways) /
        (ordered pairs where at least one reaches the other); 0 when nobody
        reaches anybody.
        ``efficiency``: 1 - (ties beyond the s-1 each weak component of size
        s needs) / (the most there could be, s(s-1) - (s-1)), summed over
        components.
        ``lubness``: 1 - (pairs in a weak component without a least upper
        bound) / sum of (s-1)(s-2)/2. An upper bound of i and j is a person
        both reach (themselves included; u -> v reads "v is above u", as in
        reports-to), a least one reaches every other upper bound.

    Notes
    -----
    Connectedness, hierarchy and efficiency agree with R sna
    ``connectedness``, ``hierarchy(measure="krackhardt")`` and ``efficiency``
    and do not depend on the direction of ties. Lub-ness does: R sna reads an
    edge as pointing from superior to subordinate (an out-tree), so that an
    upper bound reaches both people. leerlib reads u -> v as "u turns to v"
    (v is above u, as in reports-to), so sna's ``lubness(A)`` equals
    leerlib's ``krackhardt_gtd(G.reverse())["lubness"]``, and leerlib's
    value on G equals sna's ``lubness(t(A))``.

    References
    ----------
    Krackhardt, D. (1994). Graph theoretical dimensions of informal
    organizations. In K. Carley & M. Prietula (Eds.), Computational
    Organization Theory (pp. 89-111). Erlbaum.

    Examples
    --------
    >>> d = krackhardt_gtd(nx.DiGraph([("a", "b"), ("a", "c")]))  # a reports to b and c
    >>> d["hierarchy"], d["lubness"]  # b and c share no upper bound
    (1.0, 0.0)
    """
    require_directed(G, "krackhardt_gtd")
    n = G.number_of_nodes()
    nan = float("nan")
    if n < 2:
        return {"connectedness": nan, "hierarchy": nan, "efficiency": nan, "lubness": nan}
    ce = _connectedness_efficiency(G)
    connectedness, efficiency = ce["connectedness"], ce["efficiency"]
    # reachability between strong components: people in one component reach the same set
    C = nx.condensation(G)
    k = C.number_of_nodes()
    size = np.array([len(C.nodes[c]["members"]) for c in range(k)], dtype=float)
    Rc = np.zeros((k, k), dtype=bool)
    for c in reversed(list(nx.topological_sort(C))):
        Rc[c, c] = True
        for d in C.successors(c):
            Rc[c] |= Rc[d]
    reach_w = Rc.astype(float) @ size  # people each component reaches, itself included
    both = float((size * (size - 1)).sum())  # ordered pairs that reach each other
    ordered = float((size * (reach_w - 1)).sum())  # ordered pairs (i, j) with i reaching j
    either = 2 * ordered - both
    hierarchy = float(1 - both / either) if either else 0.0
    # lub-ness: pairs of components inside one weak component; pairs inside one strong
    # component always have a least upper bound (their own component)
    weak_of = np.empty(k, dtype=np.int64)
    weak_sizes = []
    for wi, comp in enumerate(nx.weakly_connected_components(G)):
        weak_sizes.append(len(comp))
        for v in comp:
            weak_of[C.graph["mapping"][v]] = wi
    violations = 0.0
    for ca in range(k):
        cb = np.flatnonzero((weak_of == weak_of[ca]) & (np.arange(k) > ca))
        if not len(cb):
            continue
        ub = Rc[ca][None, :] & Rc[cb]  # upper bounds of each pair, as components
        u = ub.astype(float) @ size
        best = np.where(ub, reach_w[None, :], 0.0).max(axis=1)
        bad = (u == 0) | (best != u)
        violations += float((size[ca] * size[cb])[bad].sum())
    ws = np.asarray(weak_sizes, dtype=float)
    max_v = float(((ws - 1) * (ws - 2) / 2).sum())
    lubness = float(1 - violations / max_v) if max_v else nan
    return {
        "connectedness": connectedness,
        "hierarchy": hierarchy,
        "efficiency": float(efficiency),
        "lubness": lubness,
    }


def _sampled_distances(g, sample: int, seed: int) -> dict:
    """Mean distance over reachable pairs from random roots; longest seen (lower bound).

    Directed paths on a directed graph, undirected ones on an undirected graph.
    """
    from scipy.sparse.csgraph import shortest_path

    n = g.vcount()
    el = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    A = sp.csr_matrix((np.ones(len(el)), (el[:, 0], el[:, 1])), shape=(n, n))
    roots = np.sort(np.random.default_rng(seed).choice(n, size=min(sample, n), replace=False))
    total = count = 0.0
    longest = 0
    step = max(1, min(256, 2**22 // max(n, 1)))
    for start in range(0, len(roots), step):
        d = shortest_path(
            A, directed=g.is_directed(), unweighted=True, indices=roots[start : start + step]
        )
        ok = np.isfinite(d) & (d > 0)
        total += d[ok].sum()
        count += ok.sum()
        if ok.any():
            longest = max(longest, int(d[ok].max()))
    return {"avg_distance": total / count if count else float("nan"), "diameter": longest}


#: Whole-network measures that need directed ties (left out of an undirected graph's measures).
DIRECTED_ONLY = (
    "reciprocity_edgewise",
    "reciprocity_dyadic",
    "reciprocity_mutual_share",
    "transitivity_directed",
    "centralization_indegree",
    "centralization_outdegree",
    "strong_components",
    "hierarchy",
    "efficiency",
    "lubness",
    "brokerage",
)


def _undirected_network_metrics(
    G: nx.Graph, group, response_threshold, exact, sample, seed
) -> dict:
    """:func:`network_metrics` of an undirected graph (see its Returns)."""
    n = G.number_of_nodes()
    A = adjacency(G)
    m = int(A.nnz) // 2
    g = igraph_of(G)
    nan = float("nan")
    out: dict = {"n": n, "ties": m, "density": m / (n * (n - 1) / 2) if n > 1 else nan}
    out["transitivity_undirected"] = float(g.transitivity_undirected(mode="nan"))
    deg = np.asarray(A.sum(axis=1)).ravel()
    out["centralization_degree"] = centralization(deg, n, "degree", directed=False)
    b, estimated = _betweenness_exact_or_sampled(g, n, exact, sample, seed)
    out["centralization_betweenness"] = centralization(b, n, "betweenness", directed=False)
    comps = g.connected_components()
    sizes = np.asarray(comps.sizes(), dtype=float)
    out["components"] = len(comps)
    out["isolates"] = int((deg == 0).sum())
    if n:
        giant = comps.giant()
        out["largest_component"] = giant.vcount()
        if giant.ecount() == 0:
            out.update(avg_distance=nan, diameter=0)
        elif not estimated:
            out["avg_distance"] = float(giant.average_path_length(directed=False, unconn=True))
            out["diameter"] = int(giant.diameter(directed=False, unconn=True))
        else:
            out.update(_sampled_distances(giant, sample, seed))
    else:
        out.update(largest_component=0, avg_distance=nan, diameter=0)
    out["connectedness"] = float((sizes * (sizes - 1)).sum() / (n * (n - 1))) if n > 1 else nan
    if group is not None:
        labels = group_labels(G, group)
        codes = pd.factorize(pd.Series(labels, dtype=object))[0]
        rows, cols = sp.triu(A, k=1).nonzero()
        ext = float((codes[rows] != codes[cols]).sum())
        out["ei_index"] = (2 * ext - m) / m if m else nan
        out["assortativity"] = (
            float(g.assortativity_nominal(codes.tolist(), directed=False)) if m else nan
        )
    out.update(response_info(G, response_threshold, out.keys()))
    out["skipped"] = [k for k in DIRECTED_ONLY if k != "brokerage" or group is not None]
    out["estimated"] = estimated
    return out


def _betweenness_exact_or_sampled(g, n: int, exact, sample: int, seed):
    """Return betweenness per vertex and the figures that are estimates (empty when exact).

    Exact up to ``EXACT_LIMIT`` people (or when ``exact``), else from ``sample`` sources.
    """
    if exact is None:
        exact = n <= EXACT_LIMIT
    if exact or n <= sample:
        return _c._betweenness_vec(g, n), []
    b = _c._betweenness_vec(g, n, sample=sample, seed=seed)
    return b, ["centralization_betweenness", "avg_distance", "diameter"]


def network_metrics(
    G: nx.DiGraph,
    group: str | Mapping | pd.Series | None = None,
    *,
    response_threshold: float = RESPONSE_THRESHOLD,
    exact: bool | None = None,
    sample: int = 500,
    seed: int = 0,
) -> dict:
    """Whole-network measures of a learning network.

    Parameters
    ----------
    G : networkx.DiGraph
        u -> v: u turns to v.
    group : str or mapping, optional
        Node attribute or mapping; adds ``ei_index`` (all ties) and
        ``assortativity`` (nominal, directed; Newman 2003).
    response_threshold : float, default 0.8
        Below this response rate, fragile measures are listed in ``fragile``.
    exact : bool, optional
        Exact path measures (betweenness centralisation, average distance,
        diameter). Default: exact up to 20,000 people; above, estimated from
        ``sample`` random roots (the diameter then is a lower bound) and
        listed in ``estimated``.
    sample, seed : int
        Number of roots and their seed for estimated measures.

    Returns
    -------
    dict
        ``n``, ``ties``, ``density`` (ties / n(n-1)); ``reciprocity_edgewise``,
        ``reciprocity_dyadic``, ``reciprocity_mutual_share`` (see
        :func:`reciprocity`); ``transitivity_directed`` (sna weak
        ``gtrans``), ``transitivity_undirected`` (triangles on the
        undirected graph: igraph ``transitivity_undirected``, networkx
        ``transitivity(G.to_undirected())``); ``centralization_indegree``,
        ``centralization_outdegree``, ``centralization_betweenness`` (Freeman,
        sna maxima); ``weak_components``, ``strong_components``,
        ``isolates``; ``largest_component`` (size of the largest weak
        component), ``avg_distance`` and ``diameter`` (directed shortest
        paths between the ordered pairs of that component that reach each
        other); ``connectedness``, ``hierarchy``, ``efficiency``, ``lubness``
        (Krackhardt 1994; lub-ness NaN above 1,000 strong components); with ``group``: ``ei_index``,
        ``assortativity`` and the whole network's brokerage counts
        ``brokerage_<role>`` and ``brokerage_total`` with their expected
        values under R sna's null model (``..._expected``, the sums of the
        individual expectations; sna's graph-level z-scores use a variance
        leerlib does not reproduce, so none are given); and the response fields ``n_internal``,
        ``n_responded``, ``response_rate``, ``response_threshold``,
        ``fragile``, plus ``skipped`` (measures left out for size) and
        ``estimated`` (measures estimated from a sample).

        An undirected graph (``nx.Graph``, a relation declared ``directed =
        false``) gets the undirected conventions instead: ``ties`` counts
        edges, ``density`` = ties / (n(n-1)/2), ``transitivity_undirected``,
        ``centralization_degree`` ((n-1)(n-2) maximum) and
        ``centralization_betweenness`` ((n-1)^2 (n-2)/2 maximum),
        ``components`` (and ``isolates``, ``largest_component``,
        ``avg_distance``, ``diameter`` over undirected paths),
        ``connectedness``; with ``group``: ``ei_index`` (each tie once) and
        ``assortativity``; the response fields. Reciprocity, directed
        transitivity, in/out-degree centralisation, strong components,
        hierarchy, efficiency, lub-ness and brokerage need directed ties:
        they are absent and named in ``skipped``.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> m = network_metrics(G)
    >>> m["n"], m["ties"], m["density"], m["weak_components"]
    (3, 3, 0.5, 1)
    >>> u = network_metrics(nx.Graph([("a", "b"), ("b", "c")]))
    >>> u["ties"], u["density"], u["centralization_degree"], u["components"]
    (2, 0.666..., 1.0, 1)
    """
    require_graph(G, "network_metrics")
    if not G.is_directed():
        return _undirected_network_metrics(G, group, response_threshold, exact, sample, seed)
    n = G.number_of_nodes()
    A = adjacency(G)
    m = int(A.nnz)
    g = igraph_of(G)
    out: dict = {"n": n, "ties": m, "density": m / (n * (n - 1)) if n > 1 else float("nan")}
    rec = reciprocity(G)
    out["reciprocity_edgewise"] = rec["edgewise"]
    out["reciprocity_dyadic"] = rec["dyadic"]
    out["reciprocity_mutual_share"] = rec["mutual_share"]
    out["transitivity_directed"] = transitivity_directed(G)
    gu = _c._undirected_simple(g)
    out["transitivity_undirected"] = float(gu.transitivity_undirected(mode="nan"))
    indeg = np.asarray(A.sum(axis=0)).ravel()
    outdeg = np.asarray(A.sum(axis=1)).ravel()
    out["centralization_indegree"] = centralization(indeg, n, "degree")
    out["centralization_outdegree"] = centralization(outdeg, n, "degree")
    b, estimated = _betweenness_exact_or_sampled(g, n, exact, sample, seed)
    out["centralization_betweenness"] = centralization(b, n, "betweenness")
    weak = g.connected_components(mode="weak")
    out["weak_components"] = len(weak)
    out["strong_components"] = len(g.connected_components(mode="strong"))
    out["isolates"] = int(((indeg + outdeg) == 0).sum())
    if n:
        giant = weak.giant()
        out["largest_component"] = giant.vcount()
        if giant.ecount() == 0:
            out.update(avg_distance=float("nan"), diameter=0)
        elif not estimated:
            out["avg_distance"] = float(giant.average_path_length(directed=True, unconn=True))
            out["diameter"] = int(giant.diameter(directed=True, unconn=True))
        else:
            out.update(_sampled_distances(giant, sample, seed))
    else:
        out.update(largest_component=0, avg_distance=float("nan"), diameter=0)
    skipped: list[str] = []
    n_strong = out["strong_components"]
    if 2 <= n and n_strong <= KRACKHARDT_LIMIT:
        out.update(krackhardt_gtd(G))
    else:
        out.update(_connectedness_efficiency(G))
        out.update(hierarchy=float("nan"), lubness=float("nan"))
        if n >= 2:
            # hierarchy from reach counts over the condensation (cheap at any size)
            memb = np.asarray(g.connected_components(mode="strong").membership)
            sizes = np.bincount(memb).astype(float)
            both = float((sizes * (sizes - 1)).sum())
            either = 2 * float(_c._reach_counts(g, "out").sum()) - both
            out["hierarchy"] = float(1 - both / either) if either else 0.0
            skipped = ["lubness"]
    if group is not None:
        labels = group_labels(G, group)
        codes = pd.factorize(pd.Series(labels, dtype=object))[0]
        rows, cols = A.nonzero()
        ext = float((codes[rows] != codes[cols]).sum())
        out["ei_index"] = (2 * ext - m) / m if m else float("nan")
        out["assortativity"] = (
            float(g.assortativity_nominal(codes.tolist(), directed=True)) if m else float("nan")
        )
        br = brokerage_table(A, labels, list(G))
        for role in (*ROLES, "brokerage_total"):
            key = role if role.startswith("brokerage") else f"brokerage_{role}"
            out[key] = float(br[role].sum())
            out[f"{key}_expected"] = float(br[f"{role}_expected"].sum())
    info = response_info(G, response_threshold, out.keys())
    out.update(info)
    out["skipped"] = skipped
    out["estimated"] = estimated
    return out
