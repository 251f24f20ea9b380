"""Deterministic layout, colours, sizes and legend names shared by every map."""

from __future__ import annotations

import contextlib
import math
import random
import re
from collections import Counter
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from leerlib.errors import LeerlibError

__all__ = [
    "PALETTE",
    "OTHER_COLOR",
    "UNKNOWN_COLOR",
    "check_color",
    "layout",
    "label_spacing",
    "SPREAD",
    "categorical_colors",
    "continuous_colors",
    "node_values",
    "cluster_names",
    "map_clusters",
    "CLUSTER_ATTRIBUTES",
    "CLUSTER_SHARE",
    "MIN_CLUSTER",
    "is_missing",
]

#: Distinct colours for clusters, largest cluster first: Tableau 10 without its grey,
#: then five darker tones of Tableau 20b. Smaller clusters share OTHER_COLOR.
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
)
OTHER_COLOR = "#a9a9a9"
UNKNOWN_COLOR = "#d9d9d9"

_COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}")


def check_color(color: str) -> str:
    """Return ``color`` if it is ``#rrggbb``; anything else could carry CSS, so it is refused.

    Examples
    --------
    >>> check_color("#1F77B4")
    '#1F77B4'
    """
    if not isinstance(color, str) or not _COLOR_RE.fullmatch(color):
        raise LeerlibError(f"colour {color!r}: expected '#rrggbb'")
    return color


def is_missing(value) -> bool:
    """Return True for None, NaN, pandas NA and the empty string."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@contextlib.contextmanager
def _igraph_rng(seed: int):
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield ig
    finally:
        ig.set_random_number_generator(random)


def layout(G: nx.Graph, *, seed: int = 0, weight: str | None = "weight", gap: float = 40.0):
    """Fruchterman-Reingold positions in canvas pixels, the same for the same graph and seed.

    Parameters
    ----------
    G : networkx graph
        Direction is ignored for the layout.
    seed : int
        Seed of the layout's random start.
    weight : str or None
        Edge attribute that pulls harder (default "weight").
    gap : float
        Median distance in pixels from a node to its nearest neighbour: sets the scale of the
        drawing against the node sizes (5 to 22 px radius in a person map).

    Returns
    -------
    dict
        node -> (x, y), rounded to 0.1 px, centred on (0, 0); y grows downwards as on a canvas.

    Notes
    -----
    igraph's Fruchterman-Reingold (Fruchterman & Reingold 1991) runs in C and lays out 2,000
    people in well under a second; nodes are sorted first, so the result does not depend on the
    order in which the graph was built.

    Examples
    --------
    >>> pos = layout(nx.path_graph(["a", "b", "c"]), seed=1)
    >>> pos == layout(nx.path_graph(["c", "b", "a"]), seed=1)
    True
    """
    nodes = sorted(G.nodes, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    pairs: dict[tuple[int, int], float] = {}
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        a, b = sorted((index[u], index[v]))
        w = d.get(weight, 1.0) if weight else 1.0
        w = 1.0 if is_missing(w) else float(w)
        pairs[(a, b)] = pairs.get((a, b), 0.0) + max(w, 0.0)
    components = _components(n, pairs)
    pieces = []
    with _igraph_rng(seed) as ig:
        for members in components:
            pieces.append(_component_layout(ig, members, pairs, gap))
    coords = np.zeros((n, 2))
    for members, xy in zip(components, _pack(pieces, gap), strict=True):
        coords[members] = xy
    coords = coords - (coords.min(axis=0) + coords.max(axis=0)) / 2
    return {
        v: (round(float(x), 1), round(float(y), 1)) for v, (x, y) in zip(nodes, coords, strict=True)
    }


#: A person map's drawing spans about this many pixels across (gap x sqrt(people)), so that a
#: small network fills the map at zoom 1 (the opening view never zooms in further).
SPREAD = 480.0
#: Nearest-neighbour distance of a person map: never less (large networks open zoomed out) and
#: never more (a handful of people stay together).
GAP_RANGE = (40.0, 120.0)


def label_spacing(n: int) -> tuple[float, int, int]:
    """Return the spacing and label sizes of a person map of ``n`` people.

    A large network opens zoomed out: its labels may scale from 10 to 30 px, since only the
    larger ones are drawn at that zoom. A small network opens at zoom 1 (the map never zooms
    in to fit), so every label is drawn at its own size; there the people are spread further
    apart (:data:`SPREAD` / sqrt(n) pixels, within :data:`GAP_RANGE`) and the labels kept
    between 11 and 16 px, so that names stand apart instead of covering each other.

    Parameters
    ----------
    n : int
        Number of people drawn.

    Returns
    -------
    tuple
        ``(gap, smallest label, largest label)``: the median distance in pixels from a person
        to the nearest other (:func:`layout`'s ``gap``) and the label font sizes in pixels.

    Examples
    --------
    >>> label_spacing(26)  # 480 / sqrt(26) = 94.1
    (94.1, 11, 16)
    >>> label_spacing(150)  # 480 / sqrt(150) = 39.2: at least 40, a large network
    (40.0, 10, 30)
    """
    low, high = GAP_RANGE
    gap = round(min(high, max(low, SPREAD / math.sqrt(max(1, int(n))))), 1)
    return (gap, 10, 30) if gap <= low else (gap, 11, 16)


def _components(n: int, pairs) -> list[list[int]]:
    """Return connected components as sorted index lists, largest first (then by first index)."""
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda m: (-len(m), m[0]))


def _component_layout(ig, members: list[int], pairs, gap: float) -> np.ndarray:
    """Fruchterman-Reingold for one component, scaled so the median nearest neighbour is ``gap``."""
    k = len(members)
    if k == 1:
        return np.zeros((1, 2))
    if k == 2:
        return np.array([[0.0, 0.0], [gap, 0.0]])
    local = {m: i for i, m in enumerate(members)}
    keys = sorted((local[a], local[b]) for a, b in pairs if a in local)
    weights = [pairs[(members[a], members[b])] for a, b in keys]
    g = ig.Graph(n=k, edges=keys, directed=False)
    xy = np.asarray(g.layout_fruchterman_reingold(weights=weights, niter=500).coords)
    from scipy.spatial import cKDTree

    nearest = cKDTree(xy).query(xy, k=2)[0][:, 1]
    typical = float(np.median(nearest)) or 1.0
    return (xy - xy.min(axis=0)) * (gap / typical)


def _pack(pieces: list[np.ndarray], gap: float) -> list[np.ndarray]:
    """Shelf packing: the largest component first, the others in rows beneath it, left to right.

    Isolated people and small groups thus sit close to the network instead of drifting to the
    edges, and the drawing opens at a zoom where names can be read.
    """
    sizes = [p.max(axis=0) - p.min(axis=0) for p in pieces]
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    limit = max(float(sizes[0][0]), math.sqrt(area) * 1.3)
    out = [pieces[0]]
    x, y, row = 0.0, float(sizes[0][1]) + 2 * gap, 0.0
    for piece, (w, h) in zip(pieces[1:], sizes[1:], strict=True):
        if x > 0 and x + w > limit:
            x, y, row = 0.0, y + row + gap, 0.0
        out.append(piece + np.array([x, y]))
        x += float(w) + gap
        row = max(row, float(h))
    return out


def categorical_colors(values: Mapping, *, palette=PALETTE, order=None):
    """Colour each node by a category: the most frequent category gets the first colour.

    Parameters
    ----------
    values : mapping
        node -> category (missing values are shown as "unknown").
    palette : sequence of str
        Colours in order; categories beyond its length share OTHER_COLOR.
    order : list, optional
        Categories in the order to colour them (default: by size, then by name).

    Returns
    -------
    colors : dict
        node -> "#rrggbb".
    legend : list of (category, colour, count)
        Named categories first, then ("other", ...) and (None, ...) when present.

    Examples
    --------
    >>> colors, legend = categorical_colors({"a": "x", "b": "y", "c": "y"}, palette=["#000001", "#000002"])
    >>> colors["b"], legend
    ('#000001', [('y', '#000001', 2), ('x', '#000002', 1)])
    """
    palette = [check_color(c) for c in palette]
    counts = Counter(v for v in values.values() if not is_missing(v))
    if order is None:
        order = sorted(counts, key=lambda c: (-counts[c], str(c)))
    assigned = {c: palette[i] for i, c in enumerate(order) if i < len(palette)}
    colors, other, unknown = {}, 0, 0
    for node, v in values.items():
        if is_missing(v):
            colors[node] = UNKNOWN_COLOR
            unknown += 1
        elif v in assigned:
            colors[node] = assigned[v]
        else:
            colors[node] = OTHER_COLOR
            other += 1
    legend = [(c, assigned[c], counts[c]) for c in order if c in assigned and counts[c]]
    if other:
        legend.append(("other", OTHER_COLOR, other))
    if unknown:
        legend.append((None, UNKNOWN_COLOR, unknown))
    return colors, legend


def continuous_colors(values: Mapping, *, cmap: str = "viridis"):
    """Colour nodes on a continuous scale; returns (colors, legend of low/middle/high).

    Examples
    --------
    >>> colors, legend = continuous_colors({"a": 0.0, "b": 1.0})
    >>> colors["a"], [round(v, 2) for v, _, _ in legend]
    ('#440154', [0.0, 0.5, 1.0])
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    m = colormaps[cmap]
    nums = {k: float(v) for k, v in values.items() if not is_missing(v)}
    lo = min(nums.values(), default=0.0)
    hi = max(nums.values(), default=1.0)
    span = (hi - lo) or 1.0
    colors = {k: (to_hex(m((nums[k] - lo) / span)) if k in nums else UNKNOWN_COLOR) for k in values}
    legend = [(v, to_hex(m((v - lo) / span)), None) for v in (lo, (lo + hi) / 2, hi)]
    return colors, legend


_DEGREES = {
    "in_degree": lambda G: dict(G.in_degree()) if G.is_directed() else dict(G.degree()),
    "out_degree": lambda G: dict(G.out_degree()) if G.is_directed() else dict(G.degree()),
    "degree": lambda G: dict(G.degree()),
}


def node_values(G: nx.Graph, spec, *, what: str = "size_by") -> dict:
    """Resolve a ``size_by`` / ``color_by`` argument to node -> value.

    ``spec`` is "in_degree", "out_degree", "degree", a node attribute, a column of
    ``leerlib.metrics.node_metrics(G)`` (e.g. "betweenness"), or a mapping / Series keyed by
    node. Nodes missing from a mapping get None.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("c", "b")])
    >>> node_values(G, "in_degree")
    {'a': 0, 'b': 2, 'c': 0}
    """
    if isinstance(spec, pd.Series):
        spec = spec.to_dict()
    if isinstance(spec, Mapping):
        return {v: spec.get(v) for v in G.nodes}
    if not isinstance(spec, str):
        raise LeerlibError(f"{what}={spec!r}: expected a name or a mapping node -> value")
    if spec in _DEGREES:
        return _DEGREES[spec](G)
    if any(spec in d for _, d in G.nodes(data=True)):
        return {v: d.get(spec) for v, d in G.nodes(data=True)}
    table = _node_metrics(G)
    if table is not None and spec in table.columns:
        col = table[spec]
        return {v: plain_number(col.get(v)) for v in G.nodes}
    known = sorted({k for _, d in G.nodes(data=True) for k in d} | set(_DEGREES))
    if table is not None:
        known = sorted(set(known) | {str(c) for c in table.columns})
    raise LeerlibError(f"{what}={spec!r}: not a node attribute or measure; choose one of {known}")


def plain_number(v):
    return None if is_missing(v) else v


def _node_metrics(G):
    try:
        from leerlib.metrics import node_metrics
    except ImportError:
        return None
    table = node_metrics(G)
    if "person_id" in table.columns:
        table = table.set_index("person_id")
    return table


#: Attributes that can name a cluster, finest first (see :func:`cluster_names`).
CLUSTER_ATTRIBUTES = ("team", "department", "school", "location")

#: Smallest group of people a map shows as a cluster of its own colour (smaller: "other").
MIN_CLUSTER = 3

#: Share of a cluster's members that must share a value for the cluster to be named after it.
CLUSTER_SHARE = 0.6

_CLUSTER_WORDS = {
    "en": {
        "mostly": "mostly {x}",
        "mixed": "mixed: {x} and {y}",
        "around": "around {x}",
        "and_around": "{label}, around {x}",
        "most_of": "{label}, most in {x}",
    },
    "nl": {
        "mostly": "vooral {x}",
        "mixed": "gemengd: {x} en {y}",
        "around": "rond {x}",
        "and_around": "{label}, rond {x}",
        "most_of": "{label}, meest {x}",
    },
}


def map_clusters(
    G: nx.Graph, *, seed: int = 0, min_cluster: int = MIN_CLUSTER, max_clusters: int = len(PALETTE)
) -> tuple[dict, list]:
    """Return the clusters a map colours, the one definition behind every cluster count and legend.

    Parameters
    ----------
    G : networkx graph
        Ties read without direction (:func:`leerlib.metrics.communities`, Louvain).
    seed : int
        Seed of the community detection.
    min_cluster : int
        Clusters with fewer people (pairs, people without ties) are not shown as clusters:
        they share the grey "other" colour.
    max_clusters : int
        At most this many clusters (the largest) get a colour of their own; the rest are "other".

    Returns
    -------
    (dict, list)
        node -> community number, and the numbers of the shown clusters, largest first.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e")])
    >>> G.add_node("f")
    >>> membership, shown = map_clusters(G)
    >>> shown, sorted(v for v, c in membership.items() if c not in shown)
    ([0], ['d', 'e', 'f'])
    """
    from leerlib.metrics import communities

    membership = communities(G, seed=seed)
    sizes = Counter(c for c in membership.values() if not is_missing(c))
    shown = sorted(c for c in sizes if sizes[c] >= min_cluster)
    shown = sorted(shown, key=lambda c: (-sizes[c], c))[:max_clusters]
    return membership, shown


def _most_sought(G: nx.Graph, members: list):
    degree = G.in_degree if G.is_directed() else G.degree
    return sorted(members, key=lambda v: (-degree(v), str(v)))[0]


def cluster_names(
    G: nx.Graph,
    membership: Mapping,
    *,
    by="team",
    names=None,
    lang: str = "en",
    label_by: str | None = "name",
) -> dict:
    """Name each cluster by what it is: the team or school most of its members come from.

    A cluster is "mostly X" when at least :data:`CLUSTER_SHARE` of its members share the value
    X of an attribute, trying ``by`` first and then the coarser :data:`CLUSTER_ATTRIBUTES`
    (team, department, school, location); else "mixed: X and Y" after the two most common
    values of the coarsest attribute present; without any attribute, "around P" after its
    most sought member P (highest in-degree, shown by ``label_by``). Two clusters that would
    get the same name are told apart by their most sought member, never by a number.
    ``names`` (cluster -> label) overrides any of them.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"team": "Wis"}), ("b", {"team": "Wis"}), ("c", {"team": "Bio"})])
    >>> cluster_names(G, {"a": 0, "b": 0, "c": 1})
    {0: 'mostly Wis', 1: 'mostly Bio'}
    >>> cluster_names(nx.Graph([("a", "b")]), {"a": 0, "b": 0}, lang="nl")
    {0: 'rond a'}
    """
    words = _CLUSTER_WORDS.get(lang, _CLUSTER_WORDS["en"])
    attrs = [by] if isinstance(by, str) else list(by)
    attrs += [
        a
        for a in CLUSTER_ATTRIBUTES[
            CLUSTER_ATTRIBUTES.index(attrs[-1]) + 1 if attrs[-1] in CLUSTER_ATTRIBUTES else 0 :
        ]
        if a not in attrs
    ]
    members: dict = {}
    for v, c in membership.items():
        if not is_missing(c):
            members.setdefault(c, []).append(v)

    def label_of(v) -> str:
        value = G.nodes[v].get(label_by) if (label_by and v in G) else None
        return str(v) if is_missing(value) else str(value)

    def describe(vs) -> str:
        coarsest = None
        for attr in attrs:
            counter = Counter(
                str(G.nodes[v][attr]) for v in vs if v in G and not is_missing(G.nodes[v].get(attr))
            )
            if not counter:
                continue
            coarsest = counter
            best = sorted(counter, key=lambda x: (-counter[x], x))
            if counter[best[0]] >= CLUSTER_SHARE * len(vs):
                return words["mostly"].format(x=best[0])
        if coarsest is None:
            return words["around"].format(
                x=label_of(
                    _most_sought(G, [v for v in vs if v in G] or vs)
                    if any(v in G for v in vs)
                    else vs[0]
                )
            )
        best = sorted(coarsest, key=lambda x: (-coarsest[x], x))
        if len(best) == 1:
            return words["mostly"].format(x=best[0])
        return words["mixed"].format(x=best[0], y=best[1])

    def key(k):
        return (str(type(k)), k) if not isinstance(k, str) else ("", k)

    def finer(c) -> str | None:
        # the most common value of the finest attribute, when it tells the cluster apart
        for attr in attrs:
            counter = Counter(
                str(G.nodes[v][attr])
                for v in members[c]
                if v in G and not is_missing(G.nodes[v].get(attr))
            )
            if counter:
                top = sorted(counter, key=lambda x: (-counter[x], x))[0]
                return None if top in out[c] else words["most_of"].format(label=out[c], x=top)
        return None

    out = {c: describe(vs) for c, vs in members.items()}
    seen = Counter(out.values())
    tried = {c: finer(c) if seen[out[c]] > 1 else None for c in members}
    again = Counter(v for v in tried.values() if v)
    for c in members:
        if tried[c] and again[tried[c]] == 1:
            out[c] = tried[c]
    seen = Counter(out.values())
    for c in sorted(members, key=key):
        if seen[out[c]] > 1 and not out[c].startswith(words["around"].format(x="")):
            inside = [v for v in members[c] if v in G] or members[c]
            top = _most_sought(G, inside) if any(v in G for v in inside) else inside[0]
            out[c] = words["and_around"].format(label=out[c], x=label_of(top))
    for c, label in (names or {}).items():
        out[c] = str(label)
    return dict(sorted(out.items(), key=lambda kv: key(kv[0])))
