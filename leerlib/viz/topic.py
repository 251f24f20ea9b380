"""Topic maps: people and topics as nodes, "who is sought on what"."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import pandas as pd

from leerlib.errors import LeerlibError
from leerlib.schema import Survey
from leerlib.viz._data import label_of, map_spec, person_card, ui_text
from leerlib.viz._map import NetworkMap
from leerlib.viz._style import categorical_colors, is_missing, layout

__all__ = ["topic_map"]


def _topic_rows(source, people, wave):
    """(ties with source, target, topic; people or None; topic labels) from any input."""
    labels: dict = {}
    if isinstance(source, Survey):
        people = source.people if people is None else people
        labels = dict(source.topics or {})
        ties = source.ties
        if wave is None and source.waves:
            wave = source.waves[-1]
    elif isinstance(source, pd.DataFrame):
        ties = source
    elif isinstance(source, nx.Graph):
        labels = dict(source.graph.get("topic_labels") or {})
        rows = [
            {"source": u, "target": v, "topic": t}
            for u, v, d in source.edges(data=True)
            for t in (d.get("topics") or ())
        ]
        ties = pd.DataFrame(rows, columns=["source", "target", "topic"])
        if people is None:
            people = pd.DataFrame([{"person_id": v, **d} for v, d in source.nodes(data=True)])
    else:
        raise LeerlibError(
            f"topic_map: expected a Survey, a ties DataFrame or a graph, got {type(source).__name__}"
        )
    missing = [c for c in ("source", "target", "topic") if c not in ties.columns]
    if missing:
        raise LeerlibError(f"topic_map: ties lack column(s) {missing}")
    if "wave" in ties.columns and len(ties):
        wave = wave if wave is not None else max(ties["wave"].astype(str))
        ties = ties[ties["wave"].astype(str) == str(wave)]
    return ties, people, labels


def topic_map(
    source,
    people: pd.DataFrame | None = None,
    *,
    wave: str | None = None,
    topics=None,
    topic_labels: Mapping | None = None,
    min_nominations: int = 1,
    color_by: str = "team",
    label_by: str | None = "name",
    seed: int = 0,
    title: str = "",
    height: int = 600,
    lang: str = "en",
) -> NetworkMap:
    """Who is sought on what: people and topics as nodes, a line when people turn to a person on a topic.

    Parameters
    ----------
    source : Survey, DataFrame or networkx.DiGraph
        A survey, a ties table (source, target, topic[, wave]) or a graph whose edges carry
        ``topics``.
    people : DataFrame, optional
        person_id, name, team, ... (taken from a Survey or the graph's nodes).
    wave : str, optional
        Survey round (default: the latest).
    topics : list of str, optional
        Topic keys to show (default: all).
    topic_labels : mapping, optional
        Topic key -> label (a Survey's codebook labels are used otherwise).
    min_nominations : int
        Show a person on a topic only if at least this many people turn to them on it.

    Returns
    -------
    NetworkMap
        Topic nodes (dark diamonds, size: nominations) and people (coloured by ``color_by``,
        size: nominations received); line width: how many people turn to them on that topic.

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "b", "a"], "target": ["c", "c", "b"],
    ...                      "topic": ["ict", "ict", "didactiek"]})
    >>> m = topic_map(ties)
    >>> sorted((e["from"], e["to"], e["width"]) for e in m.data["edges"])
    [('topic:didactiek', 'b', 1.0), ('topic:ict', 'c', 5.0)]
    """
    text = ui_text(lang)
    ties, people, survey_labels = _topic_rows(source, people, wave)
    if topics is not None:
        ties = ties[ties["topic"].isin(list(topics))]
    labels = {}
    for k, v in survey_labels.items():
        labels[k] = v.get(lang) or v.get("en") or k if isinstance(v, Mapping) else str(v)
    labels.update(topic_labels or {})
    pairs = (
        ties.drop_duplicates(["source", "target", "topic"])
        .groupby(["topic", "target"], sort=True)
        .size()
    )
    pairs = pairs[pairs >= min_nominations]
    B = nx.Graph()
    attrs = {}
    if people is not None and "person_id" in people.columns:
        attrs = {str(r["person_id"]): r for r in people.to_dict("records")}
    for (topic, target), k in pairs.items():
        t_id = f"topic:{topic}"
        B.add_node(t_id, kind="topic", topic=str(topic))
        person = str(target)
        info = {c: val for c, val in attrs.get(person, {}).items() if c != "person_id"}
        B.add_node(person, kind="person", **info)
        B.add_edge(t_id, person, weight=float(k), topic=str(topic))
    people_nodes = [v for v, kind in B.nodes(data="kind") if kind == "person"]
    colors, legend_items = categorical_colors({v: B.nodes[v].get(color_by) for v in people_nodes})
    pos = layout(B, seed=seed)
    nodes = []
    for v in sorted(B.nodes, key=str):
        strength = sum(d["weight"] for _, _, d in B.edges(v, data=True))
        if B.nodes[v]["kind"] == "topic":
            topic = B.nodes[v]["topic"]
            card = [[text["people"], str(B.degree(v))], [text["nominations"], f"{strength:g}"]]
            nodes.append(
                {
                    "id": v,
                    "label": str(labels.get(topic, topic)),
                    "x": pos[v][0],
                    "y": pos[v][1],
                    "value": strength,
                    "color": "#333333",
                    "shape": "diamond",
                    "card": card,
                    "attrs": {},
                    "always": True,
                }
            )
            continue
        sought = sorted(
            ((B.edges[e]["topic"], B.edges[e]["weight"]) for e in B.edges(v)),
            key=lambda p: (-p[1], p[0]),
        )
        card = person_card(nx.DiGraph(B.subgraph([v])), v, text)
        card = [row for row in card if row[0] not in (text["in_degree"], text["out_degree"])]
        card.append([text["topics"], ", ".join(f"{labels.get(t, t)} ({w:g})" for t, w in sought)])
        d = B.nodes[v]
        nodes.append(
            {
                "id": v,
                "label": label_of(B, v, label_by),
                "x": pos[v][0],
                "y": pos[v][1],
                "value": strength,
                "color": colors[v],
                "card": card,
                "attrs": {color_by: str(d[color_by])} if not is_missing(d.get(color_by)) else {},
            }
        )
    legend = [
        {
            "label": f"{text['unknown'] if c is None else text['other'] if c == 'other' else c}"
            f" ({k})",
            "color": col,
        }
        for c, col, k in legend_items
    ]
    filters = {}
    vals = sorted(
        {
            str(B.nodes[v][color_by])
            for v in people_nodes
            if not is_missing(B.nodes[v].get(color_by))
        }
    )
    if len(vals) > 1:
        filters[color_by] = vals
    data = map_spec(
        B,
        nodes,
        weight="weight",
        text=text,
        legend=legend,
        legend_title=color_by,
        filters=filters,
        n=len(nodes),
    )
    for e in data["edges"]:  # every line runs topic -> person, in the person's colour
        if not B.nodes[e["from"]].get("kind") == "topic":
            e["from"], e["to"] = e["to"], e["from"]
        e["color"] = colors[e["to"]]
    data["edges"].sort(key=lambda e: (e["from"], e["to"]))
    return NetworkMap(data, title=title, height=height, kind="topic")
