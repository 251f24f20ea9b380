"""Communities (Louvain, Leiden) with a seed, modularity, and how firm the clusters are over many seeds."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from leerlib.errors import SchemaError
from leerlib.metrics._common import igraph_of

__all__ = [
    "communities",
    "modularity",
    "community_stability",
    "CommunityStability",
    "FIRMNESS_TEXT",
]

#: Plain-language firmness of a clustering, keyed by label; thresholds on the
#: mean adjusted Rand index between runs are leerlib's: >= 0.9 firm, >= 0.7
#: fairly firm, >= 0.5 loose, below that fluid.
FIRMNESS_TEXT = {
    "firm": {
        "nl": "De groepen zijn stevig: bijna elke berekening vindt dezelfde clusters.",
        "en": "The groups are firm: almost every run finds the same clusters.",
    },
    "fairly firm": {
        "nl": "De groepen zijn redelijk stevig: de hoofdlijnen komen steeds terug, "
        "enkele mensen wisselen van groep.",
        "en": "The groups are fairly firm: the main clusters return every time, "
        "a few people switch.",
    },
    "loose": {
        "nl": "De groepen zijn los: elke berekening trekt de grenzen wat anders; "
        "lees ze als een schets.",
        "en": "The groups are loose: each run draws the borders somewhat differently; "
        "read them as a sketch.",
    },
    "fluid": {
        "nl": "Er zijn geen vaste groepen: de clusters verschillen van berekening tot berekening.",
        "en": "There are no firm groups: the clusters differ from run to run.",
    },
}


def _undirected(G: nx.Graph, weight: str | None):
    g = igraph_of(G, weight)
    if weight is None:
        g.es["weight"] = [1.0] * g.ecount()
    if g.is_directed():
        g = g.as_undirected(mode="collapse", combine_edges={"weight": "sum"})
    return g


def _ordered(membership) -> np.ndarray:
    """Renumber communities by size (0 = largest), ties by first member's position."""
    m = np.asarray(membership)
    if m.size == 0:
        return m.astype(int)
    labels, first, counts = np.unique(m, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    rank = np.empty(len(labels), dtype=int)
    rank[order] = np.arange(len(labels))
    return rank[np.searchsorted(labels, m)]


def _membership(g, method: str, seed: int, resolution: float) -> np.ndarray:
    if g.vcount() == 0:
        return np.zeros(0, dtype=int)
    if method == "louvain":
        import igraph as ig

        ig.set_random_number_generator(random.Random(seed))
        try:
            cl = g.community_multilevel(weights="weight", resolution=resolution)
        finally:
            ig.set_random_number_generator(random)
        return _ordered(cl.membership)
    if method == "leiden":
        import leidenalg

        part = leidenalg.find_partition(
            g,
            leidenalg.RBConfigurationVertexPartition,
            weights="weight",
            resolution_parameter=resolution,
            seed=int(seed),
            n_iterations=-1,
        )
        return _ordered(part.membership)
    raise SchemaError(f"communities: method must be 'louvain' or 'leiden', not {method!r}")


def communities(
    G: nx.Graph,
    *,
    method: str = "louvain",
    seed: int = 0,
    resolution: float = 1.0,
    weight: str | None = "weight",
) -> dict:
    """Clusters of people who turn to each other, numbered by size (0 = largest).

    Parameters
    ----------
    G : networkx graph
        Ties are read without direction: u -> v and v -> u merge into one
        undirected tie whose weight is their sum.
    method : {"louvain", "leiden"}
        Louvain (Blondel et al. 2008; igraph ``community_multilevel``) or
        Leiden (Traag et al. 2019; ``leidenalg`` with the modularity
        objective at the given resolution).
    seed : int, default 0
        The same seed gives the same partition.
    resolution : float, default 1.0
        Higher gives more, smaller clusters (Reichardt & Bornholdt 2006).
    weight : str or None, default "weight"
        Edge attribute used as tie strength; None counts every tie as 1.

    Returns
    -------
    dict
        node -> community number; ties in size broken by the first member's
        position in the graph. Isolates get a community of their own.

    References
    ----------
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008).
    Fast unfolding of communities in large networks. J. Stat. Mech., P10008.
    Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to
    Leiden: guaranteeing well-connected communities. Scientific Reports, 9,
    5233.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"),
    ...                 ("c", "d")])
    >>> communities(G, seed=1)
    {'a': 0, 'b': 0, 'c': 0, 'd': 1, 'e': 1, 'f': 1}
    """
    g = _undirected(G, weight)
    return dict(zip(G, _membership(g, method, seed, resolution).tolist(), strict=True))


def modularity(
    G: nx.Graph, partition: dict, *, weight: str | None = "weight", resolution: float = 1.0
) -> float:
    """Newman-Girvan modularity of a partition, on the undirected weighted graph.

    Parameters
    ----------
    G : networkx graph
        Read as in :func:`communities` (mutual ties sum their weights).
    partition : dict
        node -> community label (every node of G).
    weight, resolution
        As in :func:`communities`.

    Returns
    -------
    float
        Q = sum_c [L_c / m - resolution (d_c / 2m)^2]; equals networkx
        ``community.modularity`` on the same undirected graph.

    Raises
    ------
    SchemaError
        When a node of G has no community.

    References
    ----------
    Newman, M. E. J., & Girvan, M. (2004). Finding and evaluating community
    structure in networks. Physical Review E, 69, 026113.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("c", "d")])
    >>> modularity(G, {"a": 0, "b": 0, "c": 1, "d": 1})
    0.5
    """
    missing = [v for v in G if v not in partition]
    if missing:
        raise SchemaError(f"modularity: node {missing[0]!r} has no community in the partition")
    g = _undirected(G, weight)
    if g.ecount() == 0:
        return float("nan")
    codes = pd.factorize(pd.Series([partition[v] for v in G], dtype=object))[0]
    return float(g.modularity(codes.tolist(), weights="weight", resolution=resolution))


@dataclass
class CommunityStability:
    """How firm clusters are over many seeded runs (see :func:`community_stability`).

    Attributes
    ----------
    partition : dict
        node -> community (0 = largest) of the run with the highest modularity.
    modularity : float
        Its modularity.
    node_stability : Series
        Per person: mean share of runs in which they share a cluster with the
        other members of their cluster in ``partition`` (1.0 for a cluster of
        one).
    mean_ari, min_ari : float
        Adjusted Rand index (Hubert & Arabie 1985) between every two runs:
        mean and minimum. 1 = identical partitions.
    firmness : str
        A key of :data:`FIRMNESS_TEXT`.
    text : dict
        {"nl": ..., "en": ...} plain sentence for dashboards.
    runs : int
    coassignment : DataFrame or None
        Share of runs in which each pair of people share a cluster (people x
        people), for up to 2,000 people; None above.
    """

    partition: dict
    modularity: float
    node_stability: pd.Series
    mean_ari: float
    min_ari: float
    firmness: str
    text: dict
    runs: int
    coassignment: pd.DataFrame | None = field(default=None, repr=False)

    def pair_share(self, u, v) -> float:
        """Share of runs in which u and v landed in the same cluster."""
        if self.coassignment is None:
            raise SchemaError("pair shares are kept for up to 2,000 people only")
        return float(self.coassignment.loc[u, v])


def _firmness(mean_ari: float) -> str:
    if mean_ari >= 0.9:
        return "firm"
    if mean_ari >= 0.7:
        return "fairly firm"
    if mean_ari >= 0.5:
        return "loose"
    return "fluid"


def community_stability(
    G: nx.Graph,
    *,
    runs: int = 50,
    method: str = "louvain",
    seed: int = 0,
    resolution: float = 1.0,
    weight: str | None = "weight",
    pairs_limit: int = 2000,
) -> CommunityStability:
    """Run the community detection with ``runs`` seeds and say how firm the clusters are.

    Parameters
    ----------
    G : networkx graph
    runs : int, default 50
        Seeds ``seed, seed+1, ..., seed+runs-1``.
    method, resolution, weight
        As in :func:`communities`.
    seed : int, default 0
    pairs_limit : int, default 2000
        Keep the people x people co-assignment table up to this many people.

    Returns
    -------
    CommunityStability

    Notes
    -----
    The adjusted Rand index between runs is computed with igraph
    ``compare_communities(method="adjusted_rand")``. The firmness thresholds on its
    mean (0.9, 0.7, 0.5) are leerlib's reading aid, not a published scale.

    References
    ----------
    Hubert, L., & Arabie, P. (1985). Comparing partitions. Journal of
    Classification, 2, 193-218.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"),
    ...                 ("c", "d")])
    >>> st = community_stability(G, runs=5)
    >>> st.firmness, st.mean_ari, st.pair_share("a", "b")
    ('firm', 1.0, 1.0)
    """
    import igraph as ig

    if runs < 2:
        raise SchemaError("community_stability: runs must be at least 2")
    g = _undirected(G, weight)
    n = g.vcount()
    members = (
        np.vstack([_membership(g, method, seed + r, resolution) for r in range(runs)])
        if n
        else np.zeros((runs, 0), dtype=int)
    )
    if n and g.ecount():
        q = np.array(
            [g.modularity(m.tolist(), weights="weight", resolution=resolution) for m in members]
        )
    else:
        q = np.zeros(runs)
    best = int(np.argmax(q))
    ref = members[best]
    aris = []
    for i in range(runs):
        for j in range(i + 1, runs):
            if n < 2:
                aris.append(1.0)
            elif np.array_equal(members[i], members[j]):
                aris.append(1.0)
            else:
                aris.append(
                    ig.compare_communities(
                        members[i].tolist(), members[j].tolist(), method="adjusted_rand"
                    )
                )
    aris = np.asarray(aris, dtype=float)
    # per node: share of its reference cluster-mates it sits with, averaged over runs
    ref_size = np.bincount(ref, minlength=ref.max() + 1 if n else 0)[ref] if n else np.zeros(0)
    stab = np.zeros(n)
    for m in members:
        k2 = m.max() + 1
        key = ref * k2 + m
        uniq, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
        together = cnt[inv] - 1
        stab += np.where(ref_size > 1, together / np.maximum(ref_size - 1, 1), 1.0)
    stab /= runs
    idx = pd.Index(list(G), name="person_id")
    co = None
    if n <= pairs_limit:
        C = np.zeros((n, n))
        for m in members:
            C += m[:, None] == m[None, :]
        co = pd.DataFrame(C / runs, index=idx, columns=idx.rename(None))
    mean_ari = float(aris.mean())
    firm = _firmness(mean_ari)
    return CommunityStability(
        partition=dict(zip(G, ref.tolist(), strict=True)),
        modularity=float(q[best]),
        node_stability=pd.Series(stab, index=idx, name="stability"),
        mean_ari=mean_ari,
        min_ari=float(aris.min()),
        firmness=firm,
        text=FIRMNESS_TEXT[firm],
        runs=runs,
        coassignment=co,
    )
