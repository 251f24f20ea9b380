"""The JSON-ready pieces every map is made of: labels, hover cards, filters, line widths."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np

from leerlib.errors import LeerlibError
from leerlib.viz import _page
from leerlib.viz._style import is_missing

__all__ = [
    "ui_text",
    "label_of",
    "sought_topics",
    "person_card",
    "filters_of",
    "edge_widths",
    "topic_label_map",
    "fmt_value",
    "map_spec",
]


def ui_text(lang: str) -> dict:
    if lang not in _page.TEXT:
        raise LeerlibError(f"lang={lang!r}: choose one of {sorted(_page.TEXT)}")
    return _page.TEXT[lang]


def label_of(G, v, label_by) -> str:
    if label_by is None:
        return ""
    value = G.nodes[v].get(label_by)
    return str(v) if is_missing(value) else str(value)


def sought_topics(G, v, topic_labels=None, top=5) -> str:
    """Return the topics others turn to ``v`` on, most asked first: "ict (3), didactiek (1)"."""
    counts: Counter = Counter()
    preds = G.predecessors(v) if G.is_directed() else G.neighbors(v)
    for u in preds:
        for t in G.edges[u, v].get("topics") or ():
            counts[t] += 1
    labels = topic_labels or {}
    best = sorted(counts, key=lambda t: (-counts[t], str(t)))[:top]
    return ", ".join(f"{labels.get(t, t)} ({counts[t]})" for t in best)


def person_card(G, v, text, *, topic_labels=None, extra=()) -> list:
    """Hover-card rows for a person: team, role, school, topics sought on, in/out-degree."""
    d = G.nodes[v]
    rows = []
    for key in ("team", "role", "school"):
        if not is_missing(d.get(key)):
            rows.append([text[key], str(d[key])])
    topics = sought_topics(G, v, topic_labels)
    if topics:
        rows.append([text["topics"], topics])
    if G.is_directed():
        rows.append([text["in_degree"], str(G.in_degree(v))])
        rows.append([text["out_degree"], str(G.out_degree(v))])
    if d.get("responded") is False or d.get("responded") is np.False_:
        # no answer this round: "goes to 0" is missing data, not isolation (data contract)
        rows.append([text["responded"], text["no"]])
    rows.extend([str(k), str(val)] for k, val in extra)
    return rows


def filters_of(G, attributes) -> dict:
    out = {}
    for attr in attributes:
        vals = {str(d[attr]) for _, d in G.nodes(data=True) if not is_missing(d.get(attr))}
        if 1 < len(vals) <= 300:
            out[attr] = sorted(vals)
    return out


def edge_widths(G, weight) -> dict:
    ws = {
        (u, v): (1.0 if not weight or is_missing(d.get(weight)) else float(d.get(weight, 1.0)))
        for u, v, d in G.edges(data=True)
    }
    lo, hi = min(ws.values(), default=1.0), max(ws.values(), default=1.0)
    if hi == lo:
        return dict.fromkeys(ws, 1.5)
    return {k: round(1.0 + 4.0 * (w - lo) / (hi - lo), 2) for k, w in ws.items()}


def topic_label_map(G, lang: str, topic_labels=None) -> dict:
    """Return topic key -> label.

    The graph's ``topic_labels`` (from the codebook) in ``lang``, then ``topic_labels`` on top.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph(topic_labels={"ict": {"nl": "ICT in de klas", "en": "ICT in class"}})
    >>> topic_label_map(G, "nl"), topic_label_map(G, "en", {"zorg": "Care"})
    ({'ict': 'ICT in de klas'}, {'ict': 'ICT in class', 'zorg': 'Care'})
    """
    out = {}
    for key, label in (G.graph.get("topic_labels") or {}).items():
        if isinstance(label, Mapping):
            label = label.get(lang) or label.get("en") or label.get("nl") or key
        out[key] = str(label)
    out.update({k: str(v) for k, v in (topic_labels or {}).items()})
    return out


def fmt_value(value) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def map_spec(
    G, nodes, *, weight, text, legend, legend_title, filters, n, edge_colors=None, note=""
) -> dict:
    widths = edge_widths(G, weight)
    color_of = {nd["id"]: nd["color"] for nd in nodes}
    edges = []
    for u, v in sorted(G.edges(), key=lambda e: (str(e[0]), str(e[1]))):
        if u == v:
            continue
        e = {"from": str(u), "to": str(v), "width": widths[(u, v)]}
        if edge_colors and (u, v) in edge_colors:
            e["color"], e["opacity"] = edge_colors[(u, v)], 0.8
        else:
            e["color"] = color_of[str(u)]
        edges.append(e)
    directed = G.is_directed()
    big = n > 500
    legend_colors = [item["color"] for item in legend]
    # a legend entry can be clicked when its colour picks out exactly its nodes
    pick = len(set(legend_colors)) == len(legend_colors) > 0 and {
        nd["color"] for nd in nodes
    } <= set(legend_colors)
    return {
        "nodes": nodes,
        "edges": edges,
        "directed": directed,
        "labels": any(nd["label"] for nd in nodes),
        "size": {"min": 3 if big else 5, "max": 16 if big else 22},
        "legend": legend,
        "legend_title": legend_title,
        "legend_pick": pick,
        "direction_note": text["direction"] if directed else "",
        "filters": filters,
        "note": note,
        "text": text,
    }
