"""Node centralities with stated conventions, computed on igraph (or sparse matrices)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from leerlib.errors import SchemaError
from leerlib.metrics._common import adjacency, igraph_of, require_graph

__all__ = [
    "betweenness",
    "closeness",
    "harmonic",
    "pagerank",
    "eigenvector",
    "constraint",
    "effective_size",
    "clustering",
    "k_core",
]


def _as_dict(G, values) -> dict:
    return {v: float(x) for v, x in zip(G, values, strict=True)}


def _sources_sample(n: int, sample: int | None, seed: int) -> np.ndarray | None:
    if sample is None or sample >= n:
        return None
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=sample, replace=False))


# ---------------------------------------------------------------- vector versions
def _betweenness_vec(g, n: int, sample: int | None = None, seed: int = 0) -> np.ndarray:
    src = _sources_sample(n, sample, seed)
    if src is None:
        return np.asarray(g.betweenness(directed=g.is_directed()), dtype=float)
    raw = np.asarray(g.betweenness(directed=g.is_directed(), sources=src.tolist()), dtype=float)
    return raw * (n / len(src))


def _reach_counts(g, mode: str, max_components: int = 20_000) -> np.ndarray:
    """Return the number of other vertices reachable (mode 'out') or reaching (mode 'in').

    People in one strong component reach the same set, so the reach sets are
    propagated as bitsets over the condensation (a DAG) in reverse
    topological order, instead of one BFS per person.
    """
    n = g.vcount()
    if n == 0:
        return np.zeros(0)
    memb = np.asarray(g.connected_components(mode="strong").membership, dtype=np.int64)
    k = int(memb.max()) + 1
    if k > max_components:  # bitsets would be too large: one BFS per person instead
        return np.asarray(g.neighborhood_size(order=n, mode=mode), dtype=float) - 1.0
    sizes = np.bincount(memb, minlength=k).astype(float)
    el = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    if mode == "in":
        el = el[:, ::-1]
    cu, cv = memb[el[:, 0]], memb[el[:, 1]]
    keep = cu != cv
    pairs = np.unique(np.column_stack([cu[keep], cv[keep]]), axis=0)
    import igraph as ig

    dag = ig.Graph(n=k, edges=pairs.tolist(), directed=True)
    order = dag.topological_sorting(mode="out")
    succ_ptr = (
        np.searchsorted(pairs[:, 0], np.arange(k + 1)) if len(pairs) else np.zeros(k + 1, int)
    )
    succ = pairs[:, 1] if len(pairs) else np.zeros(0, int)
    width = (k + 7) // 8
    R = np.zeros((k, width), dtype=np.uint8)
    R[np.arange(k), np.arange(k) // 8] = (1 << (7 - np.arange(k) % 8)).astype(np.uint8)
    for c in reversed(order):
        lo, hi = succ_ptr[c], succ_ptr[c + 1]
        if hi > lo:
            R[c] |= np.bitwise_or.reduce(R[succ[lo:hi]], axis=0)
    reach = np.empty(k)
    step = max(1, 2**24 // max(k, 1))
    for start in range(0, k, step):
        bits = np.unpackbits(R[start : start + step], axis=1, count=k)
        reach[start : start + step] = bits @ sizes
    return reach[memb] - 1.0


def _distance_sums(g, sources: np.ndarray, mode: str = "out"):
    """Per source row: reached count, sum of distances, sum of 1/d; per target column too.

    Breadth-first distances come from igraph in blocks of sources (a block's
    matrix stays near 2 million entries), so one pass over the sources serves
    outgoing (rows) and incoming (columns) measures alike.
    """
    n = g.vcount()
    row = {"r": np.zeros(len(sources)), "d": np.zeros(len(sources)), "h": np.zeros(len(sources))}
    col = {"r": np.zeros(n), "d": np.zeros(n), "h": np.zeros(n)}
    step = max(1, min(512, 2**21 // max(n, 1)))
    for start in range(0, len(sources), step):
        idx = sources[start : start + step]
        d = np.asarray(g.distances(source=idx.tolist(), mode=mode), dtype=float)
        finite = np.isfinite(d)
        finite[np.arange(len(idx)), idx] = False  # distance to oneself
        dz = np.where(finite, d, 0.0)
        inv = np.divide(1.0, dz, out=np.zeros_like(dz), where=finite)
        row["r"][start : start + step] = finite.sum(axis=1)
        row["d"][start : start + step] = dz.sum(axis=1)
        row["h"][start : start + step] = inv.sum(axis=1)
        col["r"] += finite.sum(axis=0)
        col["d"] += dz.sum(axis=0)
        col["h"] += inv.sum(axis=0)
    return row, col


def _wf_closeness(r: np.ndarray, tot: np.ndarray, n: int) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(tot > 0, (r / (n - 1)) * (r / np.where(tot > 0, tot, 1.0)), 0.0)


def _distance_measures(g, sample: int | None = None, seed: int = 0) -> dict[str, np.ndarray]:
    """closeness_in/out and harmonic_in/out (Wasserman-Faust; sum 1/d over n-1).

    ``g`` is an igraph Graph (weights ignored). Exact with ``sample=None``:
    one breadth-first search per person serves both directions. Otherwise
    estimated from ``sample`` random roots (Eppstein & Wang 2004): searches
    from the roots along and against the ties give every person's incoming
    and outgoing sums, scaled by (n-1) / (roots other than the person).
    """
    n = g.vcount()
    if n < 2:
        z = np.zeros(n)
        return {"closeness_in": z, "closeness_out": z, "harmonic_in": z, "harmonic_out": z}
    src = _sources_sample(n, sample, seed)
    if src is None:
        row, col = _distance_sums(g, np.arange(n))
        return {
            "closeness_out": _wf_closeness(row["r"], row["d"], n),
            "closeness_in": _wf_closeness(col["r"], col["d"], n),
            "harmonic_out": row["h"] / (n - 1),
            "harmonic_in": col["h"] / (n - 1),
        }
    others = len(src) - np.isin(np.arange(n), src)
    scale = (n - 1) / np.maximum(others, 1)
    out = {}
    for mode, name in (("out", "in"), ("in", "out")):
        _, col = _distance_sums(g, src, mode)
        r, tot = col["r"] * scale, col["d"] * scale
        out[f"closeness_{name}"] = np.minimum(_wf_closeness(r, tot, n), 1.0)
        out[f"harmonic_{name}"] = col["h"] * scale / (n - 1)
    return out


def _pagerank_vec(A: sp.csr_matrix, damping: float = 0.85, tol: float = 1e-15) -> np.ndarray:
    """PageRank by power iteration on the sparse adjacency (row = sender).

    Rank flows along ties; people who name nobody spread theirs evenly over
    everyone (the convention of igraph PRPACK and networkx). Iterates until
    the L1 change is below n * tol (at most 10,000 times).
    """
    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    out = np.asarray(A.sum(axis=1)).ravel()
    dangling = out == 0
    inv = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    PT = (sp.diags(inv) @ A).T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(10_000):
        new = damping * (PT @ x) + (damping * x[dangling].sum() + (1 - damping)) / n
        new /= new.sum()
        done = np.abs(new - x).sum() < n * tol
        x = new
        if done:
            break
    return x


def _eigenvector_vec(g, n: int, weight: bool) -> np.ndarray:
    if n < 2 or not g.is_connected(mode="strong"):
        return np.full(n, np.nan)
    w = "weight" if weight else None
    return np.asarray(g.eigenvector_centrality(directed=True, scale=True, weights=w), dtype=float)


def _constraint_vec(g, weight: bool) -> np.ndarray:
    w = "weight" if weight else None
    return np.asarray(g.constraint(weights=w), dtype=float)


def _effective_size_vec(A: sp.csr_matrix) -> np.ndarray:
    """Burt's effective size for all nodes from a (weighted) adjacency, vectorised.

    ES_i = sum_j [1 - sum_q p_iq m_jq] with mutual weights s = a + a^T,
    p_iq = s_iq / sum_k s_ik and m_jq = s_jq / max_k s_jk.
    """
    n = A.shape[0]
    S = (A + A.T).tocsr()
    S.eliminate_zeros()
    deg = np.diff(S.indptr).astype(float)
    rowsum = np.asarray(S.sum(axis=1)).ravel()
    rowmax = S.max(axis=1).toarray().ravel() if n else np.zeros(0)
    inv_sum = np.divide(1.0, rowsum, out=np.zeros(n), where=rowsum > 0)
    inv_max = np.divide(1.0, rowmax, out=np.zeros(n), where=rowmax > 0)
    P = sp.diags(inv_sum) @ S
    M = sp.diags(inv_max) @ S
    B = S.copy()
    B.data = np.ones_like(B.data)
    redundancy = np.zeros(n)
    step = 4096
    for start in range(0, n, step):
        stop = min(n, start + step)
        BM = B[start:stop] @ M  # sum over j in N(i) of m_jq
        redundancy[start:stop] = np.asarray(P[start:stop].multiply(BM).sum(axis=1)).ravel()
    es = deg - redundancy
    return np.where(deg > 0, es, np.nan)


def _undirected_simple(g):
    u = g.copy()
    u.to_undirected(mode="collapse")
    return u


def _clustering_vec(gu) -> np.ndarray:
    return np.asarray(gu.transitivity_local_undirected(mode="zero"), dtype=float)


def _kcore_vec(gu) -> np.ndarray:
    return np.asarray(gu.coreness(mode="all"), dtype=float)


def _pairs_through(n: int, directed: bool) -> float:
    """Pairs of other people a node can lie between: (n-1)(n-2), halved when undirected."""
    return (n - 1) * (n - 2) / (1 if directed else 2)


# ---------------------------------------------------------------- public measures
def betweenness(
    G: nx.DiGraph, *, normalized: bool = False, sample: int | None = None, seed: int = 0
) -> dict:
    """Directed shortest-path betweenness (Freeman 1977), unweighted.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        u -> v: u turns to v; an undirected graph counts unordered pairs.
    normalized : bool, default False
        False gives the raw count, as UCINET, R sna (``betweenness(g)``) and
        igraph report it. True divides by (n-1)(n-2), the number of ordered
        pairs of other people, or (n-1)(n-2)/2 unordered ones on an undirected
        graph (networkx ``normalized=True``, R igraph ``normalized=TRUE``). R
        sna's ``rescale=TRUE`` instead divides by the sum over all nodes.
    sample : int, optional
        Estimate from this many random source nodes (Brandes & Pich 2007),
        scaled by n/sample. Exact when None.
    seed : int, default 0
        Seed for the sample.

    Returns
    -------
    dict
        node -> float. Isolates and people nobody passes through get 0.

    Notes
    -----
    Raw betweenness of v sums, over ordered pairs (s, t) with s, t != v, the
    share of shortest directed s -> t paths that pass through v. Tie weights
    are ignored: they are strengths, not distances.

    On an undirected graph the sum runs over unordered pairs {s, t}, as in
    igraph, networkx and R sna ``betweenness(g, gmode="graph")``. The same
    ties entered as a directed graph with both arcs count every pair twice:
    exactly double the undirected value (the normalised value is the same).

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on
    betweenness. Sociometry, 40(1), 35-41.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> betweenness(G)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    >>> betweenness(G, normalized=True)["b"]
    0.5
    >>> path = nx.Graph([("a", "b"), ("b", "c")])  # undirected: the one pair {a, c}
    >>> betweenness(path)["b"], betweenness(path.to_directed())["b"]  # both arcs: double
    (1.0, 2.0)
    """
    require_graph(G, "betweenness")
    n = G.number_of_nodes()
    b = _betweenness_vec(igraph_of(G), n, sample, seed)
    if normalized:
        b = b / _pairs_through(n, G.is_directed()) if n > 2 else np.zeros(n)
    return _as_dict(G, b)


def closeness(G: nx.DiGraph, *, direction: str = "out") -> dict:
    """Return closeness for networks that may be disconnected (Wasserman & Faust 1994).

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        u -> v: u turns to v.
    direction : {"out", "in"}
        "out": how near the people v can reach by turning to others
        (distances from v). "in": how near v is to the people who (indirectly)
        turn to v (distances to v). On an undirected graph both are the same.

    Returns
    -------
    dict
        node -> float in [0, 1]: (r / (n-1)) * (r / sum of distances), where r
        is the number of people reached. 0 for someone who reaches nobody.

    Notes
    -----
    Conversions (r and distances as above):

    * igraph ``closeness(mode=..., normalized=True)`` = r / sum d (only
      reachable people count; NaN when r = 0) = leerlib * (n-1) / r.
    * R sna ``closeness(g, cmode="directed")`` = (n-1) / sum d when v reaches
      everyone, else 0: equal to leerlib where r = n-1, 0 elsewhere.
    * networkx ``closeness_centrality(G)`` on a DiGraph measures INCOMING
      distance: it equals leerlib's ``direction="in"``;
      ``closeness_centrality(G.reverse())`` equals ``direction="out"``.
    * Undirected: networkx ``closeness_centrality(G)`` (Wasserman-Faust for
      disconnected graphs) equals leerlib; R sna ``closeness(g,
      gmode="graph")`` equals it on a connected graph.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). Social Network Analysis. Cambridge
    University Press, p. 201.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> closeness(G)["a"]  # reaches 2 of 2 at distances 1 and 2: (2/2) * 2/3
    0.666...
    >>> closeness(G)["c"]
    0.0
    """
    require_graph(G, "closeness")
    if direction not in ("out", "in"):
        raise SchemaError(f"closeness: direction must be 'out' or 'in', not {direction!r}")
    return _as_dict(G, _distance_measures(igraph_of(G))[f"closeness_{direction}"])


def harmonic(G: nx.DiGraph, *, direction: str = "out") -> dict:
    """Harmonic closeness: mean inverse distance to the other n-1 people (Marchiori & Latora 2000).

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        u -> v: u turns to v.
    direction : {"out", "in"}
        "out" uses distances from v, "in" distances to v (the same on an
        undirected graph).

    Returns
    -------
    dict
        node -> sum over others of 1/d, divided by n-1 (unreachable: 1/d = 0).

    Notes
    -----
    Equals R sna ``closeness(g, cmode="suminvdir")`` for "out". igraph
    ``harmonic_centrality(normalized=False)`` and networkx
    ``harmonic_centrality`` are the unnormalised sums: multiply leerlib by
    n-1. networkx's uses incoming distances (leerlib "in"); use ``G.reverse()``
    for "out".

    References
    ----------
    Marchiori, M., & Latora, V. (2000). Harmony in the small-world. Physica A,
    285(3-4), 539-546.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> harmonic(G)["a"]  # (1/1 + 1/2) / 2
    0.75
    """
    require_graph(G, "harmonic")
    if direction not in ("out", "in"):
        raise SchemaError(f"harmonic: direction must be 'out' or 'in', not {direction!r}")
    return _as_dict(G, _distance_measures(igraph_of(G))[f"harmonic_{direction}"])


def pagerank(G: nx.DiGraph, *, weight: str | None = None, damping: float = 0.85) -> dict:
    """PageRank (Brin & Page 1998): being turned to by people who are themselves turned to.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        u -> v: u turns to v, so rank flows to the people asked (both ways
        along an undirected edge).
    weight : str, optional
        Edge attribute used as tie strength.
    damping : float, default 0.85

    Returns
    -------
    dict
        node -> float, summing to 1. People who name nobody spread their rank
        evenly over everyone (as igraph PRPACK and networkx do).

    Notes
    -----
    Computed by power iteration on the sparse adjacency matrix, to an L1
    change below n * 1e-15; agrees with igraph ``pagerank`` and networkx
    ``pagerank`` (at a tight ``tol``) to about 1e-12.

    References
    ----------
    Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual web
    search engine. Computer Networks and ISDN Systems, 30, 107-117.

    Examples
    --------
    >>> pr = pagerank(nx.DiGraph([("a", "c"), ("b", "c")]))
    >>> max(pr, key=pr.get)
    'c'
    """
    require_graph(G, "pagerank")
    return _as_dict(G, _pagerank_vec(adjacency(G, weight), damping))


def eigenvector(G: nx.DiGraph, *, weight: str | None = None) -> dict:
    """Eigenvector centrality over in-ties, scaled to a maximum of 1 (Bonacich 1987).

    Returns
    -------
    dict
        node -> float; v scores high when people who score high turn to v.
        NaN for every node when G is not strongly connected (then the leading
        eigenvector is not unique or puts zeros on whole regions; use
        :func:`pagerank` instead). On an undirected graph: over all ties, NaN
        when G is not connected (igraph ``eigenvector_centrality(scale=True)``).

    Notes
    -----
    Equals igraph ``eigenvector_centrality(directed=True, scale=True)``;
    networkx ``eigenvector_centrality`` is the same vector at unit length;
    R sna ``evcent(t(A))`` too (sna ``evcent(A)`` follows out-ties).

    References
    ----------
    Bonacich, P. (1987). Power and centrality: A family of measures. American
    Journal of Sociology, 92(5), 1170-1182.

    Examples
    --------
    >>> eigenvector(nx.DiGraph([("a", "b"), ("b", "a")]))
    {'a': 1.0, 'b': 1.0}
    >>> eigenvector(nx.DiGraph([("a", "b")]))["a"]
    nan
    """
    require_graph(G, "eigenvector")
    n = G.number_of_nodes()
    return _as_dict(G, _eigenvector_vec(igraph_of(G, weight), n, weight is not None))


def constraint(G: nx.DiGraph, *, weight: str | None = None) -> dict:
    """Burt's constraint: how much v's contacts are tied to each other (Burt 1992).

    Returns
    -------
    dict
        node -> sum_j (p_ij + sum_q p_iq p_qj)^2 over v's contacts j, with
        p_ij = (a_ij + a_ji) / sum_k (a_ik + a_ki) (ties in either direction).
        NaN for isolates.

    Notes
    -----
    Same as igraph ``constraint`` and networkx 3.6 ``constraint(G)``. networkx
    called for chosen people (``constraint(G, nodes=...)``, its per-node path)
    returns NaN for people who are named but name nobody; leerlib (like
    igraph) counts their in-ties.

    References
    ----------
    Burt, R. S. (1992). Structural Holes. Harvard University Press.

    Examples
    --------
    >>> constraint(nx.DiGraph([("a", "b"), ("a", "c")]))["a"]  # two unconnected contacts
    0.5
    """
    require_graph(G, "constraint")
    return _as_dict(G, _constraint_vec(igraph_of(G, weight), weight is not None))


def effective_size(G: nx.DiGraph, *, weight: str | None = None) -> dict:
    """Burt's effective size: the number of contacts minus their redundancy (Burt 1992).

    Returns
    -------
    dict
        node -> sum_j (1 - sum_q p_iq m_jq) over contacts j (either
        direction), with p as in :func:`constraint` and m_jq = (a_jq + a_qj) /
        max_k (a_jk + a_kj). NaN for isolates. On an unweighted graph without
        mutual ties it is n - 2t/n (Borgatti 1997) for n contacts with t ties
        among them.

    Notes
    -----
    Agrees with networkx ``effective_size(G, nodes=...)`` on directed graphs.
    networkx 3.6's all-nodes fast path (``nodes=None``) divides the mutual
    weights by the maximum of the wrong axis, so it differs wherever
    contacts' maximum mutual weights differ (e.g. Krackhardt's friendship
    network). Computed here with sparse matrix products.

    References
    ----------
    Burt, R. S. (1992). Structural Holes. Harvard University Press.
    Borgatti, S. P. (1997). Structural holes: Unpacking Burt's redundancy
    measures. Connections, 20(1), 35-38.

    Examples
    --------
    >>> effective_size(nx.DiGraph([("a", "b"), ("a", "c"), ("b", "c")]))["a"]  # 2 - 2*1/2
    1.0
    """
    require_graph(G, "effective_size")
    return _as_dict(G, _effective_size_vec(adjacency(G, weight)))


def clustering(G: nx.DiGraph) -> dict:
    """Local clustering (Watts & Strogatz 1998) on the undirected graph of who knows whom.

    Returns
    -------
    dict
        node -> share of pairs of v's contacts (ties either direction) that
        are tied themselves; 0 for fewer than two contacts (igraph
        ``transitivity_local_undirected(mode="zero")``, networkx
        ``clustering(G.to_undirected())``).

    References
    ----------
    Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of
    'small-world' networks. Nature, 393, 440-442.

    Examples
    --------
    >>> clustering(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))["c"]
    0.333...
    """
    require_graph(G, "clustering")
    return _as_dict(G, _clustering_vec(_undirected_simple(igraph_of(G))))


def k_core(G: nx.DiGraph) -> dict:
    """Core number (Seidman 1983) on the undirected graph of who knows whom.

    Returns
    -------
    dict
        node -> largest k such that v belongs to a group in which everyone is
        tied (either direction, counted once) to at least k others of the
        group. Equals networkx ``core_number(G.to_undirected())``; isolates 0.

    References
    ----------
    Seidman, S. B. (1983). Network structure and minimum degree. Social
    Networks, 5(3), 269-287.

    Examples
    --------
    >>> k_core(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
    {'a': 2.0, 'b': 2.0, 'c': 2.0, 'd': 1.0}
    """
    require_graph(G, "k_core")
    return _as_dict(G, _kcore_vec(_undirected_simple(igraph_of(G))))
