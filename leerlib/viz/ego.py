"""The ego map: one person's network, "goes to" and "is asked by" told apart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import networkx as nx

from leerlib.errors import LeerlibError
from leerlib.viz._data import label_of, map_spec, person_card, topic_label_map, ui_text
from leerlib.viz._map import NetworkMap

__all__ = ["ego_map", "EGO_COLORS"]


#: Colours of the ego map: the person, whom they go to, who asks them, both, further away.
EGO_COLORS = {
    "ego": "#222222",
    "goes_to": "#1f77b4",
    "asked_by": "#ff7f0e",
    "both": "#9467bd",
    "further": "#a9a9a9",
}
_EGO_TEXT = {
    "en": {
        "ego": "this person",
        "goes_to": "goes to",
        "asked_by": "is asked by",
        "both": "both ways",
        "further": "further away",
        "relation": "Relation",
    },
    "nl": {
        "ego": "deze persoon",
        "goes_to": "gaat naar",
        "asked_by": "wordt gevraagd door",
        "both": "wederzijds",
        "further": "verder weg",
        "relation": "Relatie",
    },
}


#: Order of the relations around the ring: whom the person goes to, both ways, who asks them.
_RING_ORDER = {"goes_to": 0, "both": 1, "asked_by": 2, "further": 3}


def _radial_layout(sub, person, relation, near, *, labels, spacing: float = 80.0):
    """Ego in the middle, direct contacts on a ring grouped by relation, the next step outside.

    Deterministic: contacts are ordered by relation, then label, then id; a person two steps
    away sits at the mean angle of the direct contacts that lead to them. Rings are wide enough
    for ``spacing`` pixels between neighbours.
    """
    import math

    pos = {person: (0.0, 0.0)}
    ring1 = sorted(
        (v for v, d in near.items() if d == 1),
        key=lambda v: (_RING_ORDER[relation[v]], str(labels.get(v) or ""), str(v)),
    )
    r1 = max(140.0, spacing * len(ring1) / (2 * math.pi))
    angle = {}
    for i, v in enumerate(ring1):
        a = -math.pi / 2 + 2 * math.pi * i / max(len(ring1), 1)
        angle[v] = a
        pos[v] = (round(r1 * math.cos(a), 1), round(r1 * math.sin(a), 1))
    for step in range(2, max(near.values(), default=0) + 1):
        ring = [v for v, d in near.items() if d == step]
        wanted = {}
        for v in ring:
            inner = (
                [u for u in sub.predecessors(v)] + [u for u in sub.successors(v)]
                if sub.is_directed()
                else list(sub.neighbors(v))
            )
            angs = [angle[u] for u in inner if u in angle]
            wanted[v] = (
                math.atan2(sum(map(math.sin, angs)), sum(map(math.cos, angs))) if angs else 0.0
            )
        ring.sort(key=lambda v: (wanted[v], str(v)))
        r = max(r1 + 140.0 * (step - 1), spacing * len(ring) / (2 * math.pi))
        # spread evenly in the order of the wanted angles, starting near the first wanted angle
        start = wanted[ring[0]] if ring else 0.0
        for i, v in enumerate(ring):
            a = start + 2 * math.pi * i / len(ring)
            angle[v] = a
            pos[v] = (round(r * math.cos(a), 1), round(r * math.sin(a), 1))
    return pos


def ego_map(
    G: nx.Graph,
    person,
    radius: int = 1,
    topic: str | None = None,
    *,
    label_by: str | None = "name",
    topic_labels: Mapping | None = None,
    weight: str | None = "weight",
    title: str = "",
    height: int = 500,
    lang: str = "en",
) -> NetworkMap:
    """One person's network: whom they go to and who goes to them, told apart by colour.

    Parameters
    ----------
    G : networkx.DiGraph
        ``u -> v``: u turns to v. Never modified.
    person : str
        The person_id at the centre.
    radius : int
        Steps from the person (ignoring direction) to include.
    topic : str, optional
        Keep only ties whose ``topics`` contain this topic key.

    Returns
    -------
    NetworkMap
        Alters coloured "goes to" (the person turns to them), "is asked by" (they turn to the
        person), "both ways", or "further away" (radius > 1); the person's own ties drawn in
        the same colours, other ties grey.

    Raises
    ------
    LeerlibError
        If ``person`` is not in ``G`` or radius < 1.

    Notes
    -----
    The layout is radial and needs no random start: the person in the middle, direct contacts
    on a ring grouped by relation (goes to, both ways, is asked by) and sorted by label, people
    further away on outer rings near the contacts that lead to them.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("c", "a"), ("b", "d")])
    >>> sorted(n["id"] for n in ego_map(G, "a").data["nodes"])
    ['a', 'b', 'c']
    """
    if person not in G:
        raise LeerlibError(f"ego_map: person {person!r} is not in the graph")
    if radius < 1:
        raise LeerlibError(f"ego_map: radius must be at least 1, got {radius}")
    text = ui_text(lang)
    words = _EGO_TEXT[lang]
    topic_labels = topic_label_map(G, lang, topic_labels)
    H = G
    if topic is not None:
        keep = [(u, v) for u, v, d in G.edges(data=True) if topic in (d.get("topics") or ())]
        H = G.edge_subgraph(keep).copy()
        H.add_node(person, **G.nodes[person])
    undirected = H.to_undirected(as_view=True)
    near = nx.single_source_shortest_path_length(undirected, person, cutoff=radius)
    sub = H.subgraph(near)
    directed = sub.is_directed()
    relation = {}
    for v in sub.nodes:
        if v == person:
            relation[v] = "ego"
            continue
        out = sub.has_edge(person, v)
        inn = sub.has_edge(v, person) if directed else out
        relation[v] = (
            "both"
            if out and inn and directed
            else "goes_to"
            if out
            else "asked_by"
            if inn
            else "further"
        )
    edge_colors = {}
    for u, v in sub.edges():
        if u == person:
            edge_colors[(u, v)] = EGO_COLORS["both" if relation[v] == "both" else "goes_to"]
        elif v == person:
            edge_colors[(u, v)] = EGO_COLORS["both" if relation[u] == "both" else "asked_by"]
        else:
            edge_colors[(u, v)] = "#c8c8c8"
    pos = _radial_layout(
        sub, person, relation, near, labels={v: label_of(G, v, label_by) for v in sub}
    )
    nodes = []
    for v in sorted(sub.nodes, key=str):
        rel = relation[v]
        card = person_card(G, v, text, topic_labels=topic_labels)
        card.insert(0, [words["relation"], words[rel]])
        nodes.append(
            {
                "id": str(v),
                "label": label_of(G, v, label_by),
                "x": pos[v][0],
                "y": pos[v][1],
                "value": 3.0 if rel == "ego" else 1.0 if rel != "further" else 0.0,
                "color": EGO_COLORS[rel],
                "card": card,
                "attrs": {"relation": words[rel]},
            }
        )
    counts = Counter(relation.values())
    legend = [
        {"label": f"{words[k]} ({counts[k]})", "color": EGO_COLORS[k]}
        for k in ("ego", "goes_to", "asked_by", "both", "further")
        if counts[k]
    ]
    data = map_spec(
        sub,
        nodes,
        weight=weight,
        text=text,
        legend=legend,
        legend_title=words["relation"],
        filters={},
        n=len(nodes),
        edge_colors=edge_colors,
    )
    if not title:
        title = label_of(G, person, label_by) or str(person)
        if topic is not None:
            title += f" \u2013 {(topic_labels or {}).get(topic, topic)}"
    return NetworkMap(data, title=title, height=height, kind="ego")
