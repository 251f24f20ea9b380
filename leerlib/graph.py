"""Tidy survey tables to networkx graphs (and to igraph and back, with a stable node order)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from leerlib.errors import SchemaError
from leerlib.schema import Survey

__all__ = ["build_graph", "to_igraph", "from_igraph", "response_summary"]


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _pick_wave(ties: pd.DataFrame, responses: pd.DataFrame | None, wave, waves) -> str | None:
    if wave is not None:
        return str(wave)
    if waves:
        return str(waves[-1])
    found = set()
    if "wave" in ties.columns:
        found |= set(ties["wave"].dropna().astype(str))
    if responses is not None and "wave" in responses.columns:
        found |= set(responses["wave"].dropna().astype(str))
    return max(found) if found else None


def build_graph(
    source: Survey | pd.DataFrame,
    people: pd.DataFrame | None = None,
    *,
    topic: str | Iterable[str] | None = None,
    wave: str | None = None,
    internal_only: bool = False,
    weight: str | None = "weight",
    responses: pd.DataFrame | None = None,
    directed: bool | None = None,
) -> nx.DiGraph | nx.Graph:
    """Build the learning network of one wave.

    A directed graph, or an undirected one for a relation the codebook declares undirected.

    Parameters
    ----------
    source : Survey or DataFrame
        A cleaned survey (``leerlib.load_survey``) or a ``ties`` table in the
        columns of the data contract (at least source, target; topic, wave and
        the weight column where present).
    people : DataFrame, optional
        The people table (person_id, name, internal, ...). Taken from the
        survey when ``source`` is a Survey. Every column becomes a node
        attribute.
    topic : str or list of str, optional
        Keep only ties on these topics. ``None`` combines all topics.
    wave : str, optional
        The survey round. Default: the latest wave (``survey.waves[-1]``, else
        the largest wave label present).
    internal_only : bool, default False
        Leave out people who are not on the roster (``internal`` False).
    weight : str or None, default "weight"
        Column of ``ties`` that holds the tie strength; ``None`` counts every
        (source, target, topic) tie as 1.0.
    responses : DataFrame, optional
        person_id, wave, responded; taken from the survey when ``source`` is a
        Survey. Without it, "named at least one person in this wave" counts as
        having responded (people who answered "nobody" then look like
        non-respondents).
    directed : bool, optional
        ``None`` (default) follows the data: an undirected graph when every
        kept topic is undirected (the ties' ``directed`` column is False: a
        codebook block with ``directed = false``), else a directed one.
        ``True`` makes every undirected tie two arcs (u -> v and v -> u);
        ``False`` makes every tie an undirected edge (a pair named either way,
        per topic the larger weight of the two directions).

    Returns
    -------
    networkx.DiGraph or networkx.Graph
        Nodes are person_id strings, in roster order, then externals in
        sorted order. Node attributes: the people columns plus ``responded``
        (bool, for this wave). Edge ``u -> v`` means u turns to v, with
        ``weight`` (float), ``topics`` (sorted list of topic keys) and
        ``n_topics`` (int). ``G.graph`` holds ``wave``, ``topics`` (the topics
        kept), ``weight_rule``, ``n_internal``, ``n_responded`` and
        ``response_rate`` (share of internal people on the wave's roster who
        responded). An undirected graph (``nx.Graph``) has one edge per pair,
        with the same attributes.

    Raises
    ------
    SchemaError
        If ``source`` is neither a Survey nor a DataFrame with source and
        target columns, or a tie names a person that the people table lacks,
        or, with ``directed=None``, the kept topics mix directed and
        undirected relations (choose ``topic`` or ``directed``).

    Notes
    -----
    Combining topics: one edge per ordered pair; its ``weight`` is the **sum**
    of the per-topic weights of the kept topics (two topics at weight 1.0 give
    2.0), so a colleague one turns to on more themes, or more often, weighs
    more. ``n_topics`` keeps the breadth apart from the strength.

    Which people are nodes, for a wave: the people with a row in that wave's
    ``responses`` (the wave's roster, responded or not), plus everyone named in
    that wave (externals too, unless ``internal_only``). Without a responses
    table every internal person in ``people`` is on the roster.
    Non-respondents stay nodes: their missing out-ties are missing data, not
    evidence that they learn from no one.

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "b", "c"],
    ...                      "topic": ["ict", "didactiek", "ict"], "wave": "2025",
    ...                      "weight": [1.0, 2.0, 1.0]})
    >>> G = build_graph(ties)
    >>> G.edges["a", "b"]
    {'weight': 3.0, 'topics': ['didactiek', 'ict'], 'n_topics': 2}
    >>> dict(G.nodes(data="responded"))
    {'a': True, 'b': True, 'c': False}
    >>> build_graph(ties, topic="didactiek").number_of_edges()
    1
    >>> friends = pd.DataFrame({"source": ["a", "c"], "target": ["b", "b"], "topic": "vriend",
    ...                         "wave": "2025", "weight": 1.0, "directed": False})
    >>> H = build_graph(friends)
    >>> H.is_directed(), sorted(H.degree())
    (False, [('a', 1), ('b', 2), ('c', 1)])
    >>> build_graph(friends, directed=True).number_of_edges()  # each tie as two arcs
    4
    """
    ties, people, responses, waves, topics_meta = _inputs(source, people, responses, weight)
    wave = _pick_wave(ties, responses, wave, waves)
    topics = _as_list(topic)
    is_directed = _direction(ties, topics, directed)
    t = _select_ties(ties, wave, topics)
    nodes = _wave_people(t, people, responses, wave, internal_only)
    e, merged = _orient(
        _wave_ties(t, set(nodes.nodes), weight),
        is_directed,
        {v: i for i, v in enumerate(nodes.nodes)},
    )
    edges = _merge_topics(e)

    G = nx.DiGraph() if is_directed else nx.Graph()
    G.add_nodes_from(zip(nodes.nodes, nodes.attrs, strict=True))
    G.add_edges_from(edges)
    n_internal = sum(nodes.internal)
    n_resp = sum(r and i for r, i in zip(nodes.responded, nodes.internal, strict=True))
    kept_topics = (
        topics
        if topics is not None
        else sorted(set(t["topic"].astype(str)))
        if "topic" in t.columns
        else []
    )
    G.graph.update(
        wave=wave,
        topics=kept_topics,
        topic_labels={k: topics_meta[k] for k in kept_topics if k in topics_meta},
        weight_rule="sum over topics of the larger weight of the two directions"
        if merged
        else "sum over topics",
        directed=is_directed,
        n_internal=n_internal,
        n_responded=n_resp,
        response_rate=(n_resp / n_internal) if n_internal else float("nan"),
    )
    return G


def _inputs(source, people, responses, weight):
    """Return the ties, people, responses, waves and topic labels of ``source``, checked."""
    waves = None
    topics_meta: dict = {}
    if isinstance(source, Survey):
        ties = source.ties
        people = source.people if people is None else people
        responses = source.responses if responses is None else responses
        waves = source.waves
        topics_meta = source.topics or {}
    elif isinstance(source, pd.DataFrame):
        ties = source
    else:
        raise SchemaError(
            f"build_graph: expected a Survey or a ties DataFrame, got {type(source).__name__}"
        )
    missing = [c for c in ("source", "target") if c not in ties.columns]
    if missing:
        raise SchemaError(f"ties: missing column(s) {missing}; expected source and target")
    if people is not None and "person_id" not in people.columns:
        raise SchemaError("people: missing column 'person_id'")
    if weight is not None and weight not in ties.columns:
        raise SchemaError(f"ties: no weight column {weight!r}; pass weight=None to count ties")
    if responses is not None and responses.empty:
        responses = None
    return ties, people, responses, waves, topics_meta


def _undirected(flags: pd.Series) -> pd.Series:
    """Return True where a tie's ``directed`` value is False (also "false" from a text file).

    A missing value (a wave read without the column) means directed.
    """
    return flags.map(
        lambda v: (
            v is False or v is np.False_ or (isinstance(v, str) and v.strip().lower() == "false")
        )
    ).astype(bool)


def _direction(ties: pd.DataFrame, topics: list[str] | None, directed: bool | None) -> bool:
    """Tell whether the graph is directed: as asked, else from the ties' ``directed`` column.

    The column is read on the kept topics in every wave, so that each wave of a relation gets
    the same kind of graph.
    """
    if directed is not None:
        return bool(directed)
    if "directed" not in ties.columns or not len(ties):
        return True
    t = ties
    if topics is not None and "topic" in t.columns:
        t = t[t["topic"].astype(str).isin(topics)]
    flags = ~_undirected(t["directed"])
    if not len(flags) or flags.all():
        return True
    if not flags.any():
        return False
    by_topic = t.assign(d=flags.to_numpy()).groupby(t["topic"].astype(str))["d"].all()
    und, dirs = sorted(by_topic.index[~by_topic]), sorted(by_topic.index[by_topic])
    raise SchemaError(
        f"build_graph: topic(s) {und} are undirected and {dirs} directed; choose topic=..., or "
        "directed=True (each undirected tie becomes two arcs) or directed=False (each tie an edge)"
    )


def _orient(e: pd.DataFrame, directed: bool, order: dict) -> tuple[pd.DataFrame, bool]:
    """Return the ties as edges of the graph's kind, and whether two directions of a pair merged.

    Directed: each undirected tie (``und``) becomes two arcs. Undirected: each tie is stored
    from the pair's earlier node (in graph order) to the later one and, per topic, the two
    directions of a pair merge to the larger weight.
    """
    if directed:
        twin = e[e["und"]].rename(columns={"source": "target", "target": "source"})
        return (pd.concat([e, twin], ignore_index=True) if len(twin) else e), False
    if not len(e):
        return e, False
    flip = e["source"].map(order).to_numpy() > e["target"].map(order).to_numpy()
    out = e.assign(
        source=np.where(flip, e["target"], e["source"]),
        target=np.where(flip, e["source"], e["target"]),
    )
    pair = out.groupby(["source", "target", "topic"], sort=False)
    merged = bool((pair["w"].size() > 1).any())
    return pair.agg(w=("w", "max"), und=("und", "all")).reset_index(), merged


def _select_ties(ties: pd.DataFrame, wave: str | None, topics: list[str] | None) -> pd.DataFrame:
    """Return the ties of one wave (all ties when there is no wave) on the chosen topics."""
    t = ties
    if wave is not None and "wave" in t.columns:
        t = t[t["wave"].astype(str) == wave]
    if topics is not None:
        if "topic" not in t.columns:
            raise SchemaError("ties: no 'topic' column to select topics from")
        t = t[t["topic"].astype(str).isin(topics)]
    return t


class _WavePeople(NamedTuple):
    """The nodes of one wave, aligned lists: key, attribute dict, internal, responded."""

    nodes: list[str]
    attrs: list[dict]
    internal: list[bool]
    responded: list[bool]


def _wave_people(
    t: pd.DataFrame,
    people: pd.DataFrame | None,
    responses: pd.DataFrame | None,
    wave: str | None,
    internal_only: bool,
) -> _WavePeople:
    """Return the people of a wave: the nodes in graph order (roster order, then externals sorted).

    Raises SchemaError when a tie names a person the people table lacks.
    """
    if people is not None:
        ppl = people.copy()
        ppl["person_id"] = ppl["person_id"].astype(str)
        ppl = ppl.drop_duplicates("person_id").set_index("person_id", drop=False)
        internal = (
            dict(zip(ppl.index, ppl["internal"].astype(bool).tolist(), strict=True))
            if "internal" in ppl.columns
            else dict.fromkeys(ppl.index, True)
        )
    else:
        ppl = None
        internal = None

    named = pd.unique(pd.concat([t["source"], t["target"]]).astype(str))
    if ppl is not None:
        unknown = [p for p in named if p not in ppl.index]
        if unknown:
            raise SchemaError(
                f"ties: person_id {unknown[0]!r} (wave {wave}) is not in the people table"
            )

    resp = None
    if responses is not None:
        r = responses
        if wave is not None and "wave" in r.columns:
            r = r[r["wave"].astype(str) == wave]
        resp = dict(zip(r["person_id"].astype(str), r["responded"].astype(bool), strict=False))

    if ppl is not None:
        if resp is not None:
            roster = [p for p in ppl.index if p in resp]
        else:
            roster = [p for p in ppl.index if internal[p]]
        named_set = set(named)
        in_roster = set(roster)
        extra = [p for p in ppl.index if p in named_set and p not in in_roster]
        nodes = roster + sorted(extra)
        if internal_only:
            nodes = [p for p in nodes if internal[p]]
    else:
        nodes = sorted(named)

    if resp is not None:
        responded = {p: bool(resp.get(p, False)) for p in nodes}
    else:
        sources = set(t["source"].astype(str))
        responded = {p: (p in sources) and (internal is None or bool(internal[p])) for p in nodes}

    attrs = []
    if ppl is not None:
        records = ppl.loc[nodes].to_dict("index") if nodes else {}
        for p in nodes:
            a = {k: _plain(v) for k, v in records[p].items() if k != "person_id"}
            a["responded"] = responded[p]
            attrs.append(a)
    else:
        attrs = [{"responded": responded[p]} for p in nodes]
    return _WavePeople(
        nodes=nodes,
        attrs=attrs,
        internal=[internal is None or bool(internal[p]) for p in nodes],
        responded=[bool(responded[p]) for p in nodes],
    )


def _wave_ties(t: pd.DataFrame, node_set: set, weight: str | None) -> pd.DataFrame:
    """Return the ties between nodes, one row per (source, target, topic) tie.

    Columns: source, target, topic, w, und (the tie is undirected).

    Self-ties are left out; every weight must be a number > 0.
    """
    if not len(t):
        return pd.DataFrame(
            {"source": [], "target": [], "topic": [], "w": [], "und": pd.Series([], dtype=bool)}
        )
    e = pd.DataFrame(
        {
            "source": t["source"].astype(str).to_numpy(),
            "target": t["target"].astype(str).to_numpy(),
            "topic": (
                t["topic"].astype(str).to_numpy() if "topic" in t.columns else np.full(len(t), "")
            ),
            "w": (
                pd.to_numeric(t[weight], errors="coerce").to_numpy(dtype=float)
                if weight is not None
                else np.ones(len(t))
            ),
            "und": (
                _undirected(t["directed"]).to_numpy(dtype=bool)
                if "directed" in t.columns
                else np.zeros(len(t), dtype=bool)
            ),
        }
    )
    e = e[e["source"].isin(node_set) & e["target"].isin(node_set)]
    e = e[e["source"] != e["target"]]
    if e["w"].isna().any() or (e["w"] <= 0).any():
        raise SchemaError(f"ties: column {weight!r} must hold numbers > 0")
    return e


def _merge_topics(e: pd.DataFrame) -> list[tuple[str, str, dict]]:
    """One edge per ordered pair: weights summed over topics, topic keys sorted.

    Plain numpy, no per-group Python callbacks: this runs on 100,000s of ties.
    """
    if not len(e):
        return []
    e = e.sort_values(["source", "target", "topic"], kind="stable")
    src = e["source"].to_numpy(dtype=object)
    tgt = e["target"].to_numpy(dtype=object)
    top = e["topic"].to_numpy(dtype=object)
    w = e["w"].to_numpy(dtype=float)
    new_pair = np.ones(len(e), dtype=bool)
    if len(e) > 1:
        new_pair[1:] = (src[1:] != src[:-1]) | (tgt[1:] != tgt[:-1])
    starts = np.flatnonzero(new_pair)
    ends = np.append(starts[1:], len(e))
    sums = np.add.reduceat(w, starts)
    edges = []
    for i, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        tl = (
            sorted({t for t in top[a:b] if t != ""})
            if b - a > 1
            else ([top[a]] if top[a] != "" else [])
        )
        edges.append(
            (src[a], tgt[a], {"weight": float(sums[i]), "topics": tl, "n_topics": len(tl)})
        )
    return edges


def _plain(value: Any) -> Any:
    """numpy/pandas scalars to plain Python values (GraphML/JSON friendly)."""
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def response_summary(G: nx.Graph) -> dict:
    """How many people on the graph's roster responded.

    Parameters
    ----------
    G : networkx graph
        A graph from :func:`build_graph`, or any graph; nodes without a
        ``responded`` attribute count as responded, nodes with ``internal``
        False (externals, who were not asked) are left out.

    Returns
    -------
    dict
        ``n_internal``, ``n_responded`` and ``response_rate`` (NaN when
        nobody is internal).

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("a", {"responded": True}), ("b", {"responded": False}),
    ...                   ("x", {"internal": False, "responded": False})])
    >>> response_summary(G)
    {'n_internal': 2, 'n_responded': 1, 'response_rate': 0.5}
    """
    n_int = 0
    n_resp = 0
    for _, d in G.nodes(data=True):
        internal = d.get("internal", True)
        if internal is False or internal is np.False_:
            continue
        n_int += 1
        if bool(d.get("responded", True)):
            n_resp += 1
    return {
        "n_internal": n_int,
        "n_responded": n_resp,
        "response_rate": (n_resp / n_int) if n_int else float("nan"),
    }


def to_igraph(G: nx.Graph, weight: str | None = "weight"):
    """Convert a networkx graph to an igraph Graph with the same node order.

    Parameters
    ----------
    G : networkx.Graph or DiGraph
        Any graph; vertex ``i`` of the result is ``list(G)[i]``.
    weight : str or None, default "weight"
        Edge attribute copied to the igraph edge attribute ``weight`` (1.0
        where an edge lacks it). ``None`` copies no weights.

    Returns
    -------
    igraph.Graph
        Directed when G is; vertex attribute ``name`` holds the node keys and
        every node attribute is copied; edges keep their order in ``G.edges``.

    Examples
    --------
    >>> G = nx.DiGraph([("b", "a", {"weight": 2.0}), ("a", "c")])
    >>> g = to_igraph(G)
    >>> g.vs["name"], g.get_edgelist(), g.es["weight"]
    (['b', 'a', 'c'], [(0, 1), (1, 2)], [2.0, 1.0])
    """
    import igraph as ig

    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    g = ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed())
    g.vs["name"] = nodes
    keys: set = set()
    for _, d in G.nodes(data=True):
        keys.update(d)
    for k in sorted(keys - {"name"}):
        g.vs[k] = [G.nodes[v].get(k) for v in nodes]
    if weight is not None:
        g.es["weight"] = [float(d.get(weight, 1.0)) for _, _, d in G.edges(data=True)]
    return g


def from_igraph(g) -> nx.Graph:
    """Convert an igraph Graph back to networkx, keeping vertex order and attributes.

    Node keys come from the vertex attribute ``name`` when present, else the
    vertex indices. Multi-edges collapse (the last one's attributes win).

    Examples
    --------
    >>> G = nx.DiGraph([("b", "a", {"weight": 2.0}), ("a", "c", {"weight": 1.0})])
    >>> H = from_igraph(to_igraph(G))
    >>> list(H), list(H.edges(data="weight"))
    (['b', 'a', 'c'], [('b', 'a', 2.0), ('a', 'c', 1.0)])
    """
    H = nx.DiGraph() if g.is_directed() else nx.Graph()
    names = g.vs["name"] if "name" in g.vs.attributes() else list(range(g.vcount()))
    attrs = [a for a in g.vs.attributes() if a != "name"]
    for i, v in enumerate(names):
        H.add_node(v, **{a: g.vs[i][a] for a in attrs})
    eattrs = g.es.attributes()
    for e in g.es:
        H.add_edge(names[e.source], names[e.target], **{a: e[a] for a in eattrs})
    return H
