"""Group maps: teams or clusters as nodes, the mixing matrix as weighted edges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from leerlib.errors import LeerlibError
from leerlib.viz._data import map_spec, ui_text
from leerlib.viz._map import NetworkMap, _communities, people_map
from leerlib.viz._style import (
    OTHER_COLOR,
    PALETTE,
    categorical_colors,
    cluster_names,
    is_missing,
    layout,
)

__all__ = ["group_map", "mixing_counts"]


def _membership(G, group, seed, text) -> dict:
    """Node -> group label (str) for a node attribute, "community" or a mapping."""
    if isinstance(group, pd.Series):
        group = group.to_dict()
    if isinstance(group, Mapping):
        raw = {v: group.get(v) for v in G.nodes}
    elif group == "community":
        clusters = _communities(G, seed)
        names = cluster_names(G, clusters, lang=text["lang"])
        raw = {v: names.get(clusters.get(v)) for v in G.nodes}
    elif isinstance(group, str):
        if not any(group in d for _, d in G.nodes(data=True)):
            known = sorted({k for _, d in G.nodes(data=True) for k in d})
            raise LeerlibError(
                f"group={group!r}: no node has this attribute; choose one of {known} or 'community'"
            )
        raw = dict(G.nodes(data=group))
    else:
        raise LeerlibError(f"group={group!r}: expected an attribute name or a mapping")
    return {v: (text["unknown"] if is_missing(g) else str(g)) for v, g in raw.items()}


def mixing_counts(G: nx.Graph, membership: Mapping) -> pd.DataFrame:
    """Ties between groups: one row per (from_group, to_group) with the number of ties.

    Parameters
    ----------
    G : networkx.DiGraph
        ``u -> v``: u turns to v.
    membership : mapping
        node -> group.

    Returns
    -------
    DataFrame
        from_group, to_group, ties (int), weight (sum of the ``weight`` attribute, 1.0 if
        absent), sorted by from_group, to_group. Ties within a group have from_group ==
        to_group. This is the mixing matrix in long form.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("a", "c"), ("c", "a")])
    >>> mixing_counts(G, {"a": "X", "b": "X", "c": "Y"}).to_dict("records")[0]
    {'from_group': 'X', 'to_group': 'X', 'ties': 1, 'weight': 1.0}
    """
    ties: Counter = Counter()
    weights: Counter = Counter()
    for u, v, d in G.edges(data=True):
        key = (membership[u], membership[v])
        ties[key] += 1
        w = d.get("weight", 1.0)
        weights[key] += 1.0 if is_missing(w) else float(w)
    rows = [
        {"from_group": a, "to_group": b, "ties": ties[(a, b)], "weight": weights[(a, b)]}
        for a, b in sorted(ties, key=lambda k: (str(k[0]), str(k[1])))
    ]
    return pd.DataFrame(rows, columns=["from_group", "to_group", "ties", "weight"])


def group_map(
    G: nx.Graph,
    group="team",
    *,
    min_size: int = 1,
    min_ties: int | None = 1,
    seed: int = 0,
    title: str = "",
    height: int = 600,
    lang: str = "en",
    note: str = "",
) -> NetworkMap:
    """Group as nodes (size: members), ties between groups as weighted arrows.

    Parameters
    ----------
    G : networkx.DiGraph
        ``u -> v``: u turns to v. Never modified.
    group : str or mapping
        A node attribute ("team", "school", ...), "community" (clusters named by what
        they are, "mostly <team or school>"), or a mapping node -> group.
    min_size : int
        Groups with fewer members are pooled into one "other" node (privacy: HR should not
        see a group of two; leerlib's default threshold elsewhere is 5).
    min_ties : int or None
        Draw an arrow between two groups only from this many ties on (the cards still count
        every tie). None: the smallest threshold that leaves at most four arrows per group, so
        that a map of many groups stays readable.
    seed : int
        Seed of the layout (and of the communities).

    Returns
    -------
    NetworkMap
        Its ``drill(name)`` draws one group's members and their contacts outside the group.

    Raises
    ------
    LeerlibError
        If no node has the ``group`` attribute.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("a", "c"), ("c", "a")])
    >>> nx.set_node_attributes(G, {"a": "X", "b": "X", "c": "Y"}, "team")
    >>> m = group_map(G)
    >>> [(e["from"], e["to"]) for e in m.data["edges"]]
    [('X', 'Y'), ('Y', 'X')]
    """
    text = ui_text(lang)
    membership = _membership(G, group, seed, text)
    sizes = Counter(membership.values())
    other = f"{text['other']} (< {min_size})"
    pooled = {g for g, k in sizes.items() if k < min_size}
    shown = {v: (other if g in pooled else g) for v, g in membership.items()}
    sizes = Counter(shown.values())
    mix = mixing_counts(G, shown)
    H = nx.DiGraph()
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        H.add_node(g)
    within: Counter = Counter()
    out_ties: Counter = Counter()
    in_ties: Counter = Counter()
    between = mix[mix["from_group"] != mix["to_group"]]
    if min_ties is None:
        counts = sorted(between["ties"], reverse=True)
        budget = 4 * len(sizes)
        min_ties = int(counts[budget]) + 1 if len(counts) > budget else 1
    for r in mix.itertuples(index=False):
        if r.from_group == r.to_group:
            within[r.from_group] += r.ties
            continue
        out_ties[r.from_group] += r.ties
        in_ties[r.to_group] += r.ties
        if r.ties >= min_ties:
            H.add_edge(r.from_group, r.to_group, weight=float(r.ties))
    order = [g for g in H.nodes if g != other and g != text["unknown"]]
    colors, _ = categorical_colors({g: g for g in H.nodes}, order=order)
    pos = layout(H, seed=seed, gap=160.0)
    nodes = []
    for g in sorted(H.nodes, key=str):
        card = [
            [text["members"], str(sizes[g])],
            [text["ties_within"], str(within[g])],
            [text["ties_out"], str(out_ties[g])],
            [text["ties_in"], str(in_ties[g])],
        ]
        nodes.append(
            {
                "id": g,
                "label": g,
                "x": pos[g][0],
                "y": pos[g][1],
                "value": float(sizes[g]),
                "color": colors[g],
                "card": card,
                "attrs": {},
            }
        )
    data = map_spec(
        H,
        nodes,
        weight="weight",
        text=text,
        legend=[],
        legend_title="",
        filters={},
        n=len(nodes),
        note=note,
    )
    data["size"] = {"min": 12, "max": 45}

    def drill(name, *, contacts: bool = True) -> NetworkMap:
        members = {v for v, g in shown.items() if g == str(name)}
        if not members:
            raise LeerlibError(f"drill: no group {name!r}; groups are {sorted(sizes)}")
        keep = set(members)
        if contacts:
            for v in members:
                keep.update(G.predecessors(v) if G.is_directed() else ())
                keep.update(G.neighbors(v))
        sub = G.subgraph(keep).copy()
        inside = {v: (str(name) if v in members else text["outside"]) for v in sub.nodes}
        color = colors.get(str(name), PALETTE[0])
        return people_map(
            sub,
            color_by=inside,
            color_order=[str(name), text["outside"]],
            palette=(color, OTHER_COLOR),
            seed=seed,
            title=str(name),
            height=height,
            lang=lang,
        )

    label = group if isinstance(group, str) else ""
    return NetworkMap(data, title=title or label, height=height, kind="group", _drill=drill)
