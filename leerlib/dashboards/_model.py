"""The tables the dashboards show, as plain functions of a graph (no widgets, easy to test)."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from leerlib.privacy import DEFAULT_THRESHOLD, hidden_groups, small_groups

__all__ = [
    "in_counts",
    "goto_people",
    "on_the_edge",
    "group_matrix",
    "release_hidden",
    "never_pairs",
    "cross_group_share",
    "suggest_contacts",
    "ego_lists",
    "own_map_graph",
    "tie_counts",
]


def in_counts(G: nx.DiGraph) -> pd.Series:
    """How many people turn to each person (in-degree), as a Series indexed by person_id.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("c", "b"), ("b", "a")])
    >>> in_counts(G).to_dict()
    {'a': 1, 'b': 2, 'c': 0}
    """
    return pd.Series(dict(G.in_degree()), dtype="int64").rename("named_by")


def goto_people(G: nx.DiGraph, *, n: int = 5, min_count: int = 2) -> pd.DataFrame:
    """Return the people most often turned to: the go-to people ("vraagbaken") of a graph.

    Parameters
    ----------
    G : networkx.DiGraph
        ``u -> v``: u turns to v (one topic, or all topics combined).
    n : int
        At most this many people; more when several share the last place.
    min_count : int
        Only people named by at least this many others (one mention is not a go-to person).

    Returns
    -------
    DataFrame
        Columns person_id, named_by (in-degree); most named first, ties by person_id.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "x"), ("b", "x"), ("c", "x"), ("a", "y"), ("b", "y"), ("c", "z")])
    >>> goto_people(G, n=1).to_dict("list")
    {'person_id': ['x'], 'named_by': [3]}
    >>> goto_people(G, n=5)["person_id"].tolist()
    ['x', 'y']
    """
    counts = in_counts(G)
    counts = counts[counts >= min_count]
    if counts.empty:
        return pd.DataFrame(
            {"person_id": pd.Series([], dtype=object), "named_by": pd.Series([], dtype="int64")}
        )
    df = counts.rename_axis("person_id").reset_index()
    df = df.sort_values(["named_by", "person_id"], ascending=[False, True], kind="stable")
    if len(df) > n:
        cutoff = df["named_by"].iloc[n - 1]
        df = df[df["named_by"] >= cutoff]
    return df.reset_index(drop=True)


def on_the_edge(G: nx.DiGraph, *, internal_only: bool = True) -> pd.DataFrame:
    """People nobody turns to (in-degree 0), with whether they answered the survey.

    Non-respondents are listed too but flagged: their own out-ties are missing data.

    Parameters
    ----------
    G : networkx.DiGraph
        Node attributes ``internal`` and ``responded`` are used where present.
    internal_only : bool
        Leave out contacts from outside the organisation.

    Returns
    -------
    DataFrame
        person_id, turns_to (out-degree), responded; respondents first, then by person_id.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b")])
    >>> G.add_node("c", responded=False)
    >>> on_the_edge(G).to_dict("list")
    {'person_id': ['a', 'c'], 'turns_to': [1, 0], 'responded': [True, False]}
    """
    rows = []
    for v, d in G.nodes(data=True):
        if internal_only and d.get("internal") is False:
            continue
        if G.in_degree(v) == 0:
            responded = d.get("responded")
            rows.append((v, G.out_degree(v), True if responded is None else bool(responded)))
    df = pd.DataFrame(rows, columns=["person_id", "turns_to", "responded"])
    df["person_id"] = df["person_id"].astype(object)
    df["turns_to"] = df["turns_to"].astype("int64")
    df["responded"] = df["responded"].astype(bool)
    df = df.sort_values(["responded", "person_id"], ascending=[False, True], kind="stable")
    return df.reset_index(drop=True)


def _group_of(G: nx.DiGraph, group: str) -> dict:
    out = {}
    for v, d in G.nodes(data=True):
        value = d.get(group)
        if value is None or (isinstance(value, float) and value != value) or str(value) == "":
            continue
        out[v] = str(value)
    return out


def group_matrix(
    G: nx.DiGraph, group: str = "team", *, threshold: int = DEFAULT_THRESHOLD, hide=()
) -> tuple[pd.DataFrame, list]:
    """Ties from group to group (row turns to column), hiding groups smaller than ``threshold``.

    Parameters
    ----------
    G : networkx.DiGraph
        ``u -> v``: u turns to v. Only internal people with a group value count.
    group : str
        Node attribute: team, school, role, ...
    threshold : int
        Groups with fewer members than this are left out entirely (row and column), so no
        figure about a small group is shown and none can be derived by subtraction (the
        table has no totals); see :func:`leerlib.privacy.small_groups`.
    hide : iterable
        More groups to leave out: those another table of the same release hides (the
        complementary suppression of :func:`leerlib.privacy.hidden_groups`).

    Returns
    -------
    (DataFrame, list)
        The square matrix of tie counts (int), groups sorted by name, and the hidden groups.

    Examples
    --------
    Hand count: team A = a1..a5, team B = b1..b5, team C = c1 (too small).

    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([f"a{i}" for i in range(5)], team="A")
    >>> G.add_nodes_from([f"b{i}" for i in range(5)], team="B")
    >>> G.add_node("c0", team="C")
    >>> G.add_edges_from([("a0", "b0"), ("a1", "b0"), ("b1", "b2"), ("c0", "a0"), ("a3", "c0")])
    >>> m, hidden = group_matrix(G, "team", threshold=5)
    >>> m.to_dict("index"), hidden
    ({'A': {'A': 0, 'B': 2}, 'B': {'A': 0, 'B': 1}}, ['C'])
    """
    labels = {
        v: g
        for v, g in _group_of(G, group).items()
        if G.nodes[v].get("internal", True) is not False
    }
    sizes = pd.Series(labels, dtype=object).value_counts()
    gone = {str(g) for g in small_groups(sizes, threshold)} | {str(g) for g in hide}
    shown = sorted(str(g) for g in sizes.index if str(g) not in gone)
    hidden = sorted(str(g) for g in sizes.index if str(g) in gone)
    m = pd.DataFrame(
        0,
        index=pd.Index(shown, dtype=object, name="from"),
        columns=pd.Index(shown, dtype=object, name="to"),
        dtype="int64",
    )
    keep = set(shown)
    for u, v in G.edges():
        gu, gv = labels.get(u), labels.get(v)
        if gu in keep and gv in keep:
            m.loc[gu, gv] += 1
    return m, hidden


def release_hidden(
    G: nx.DiGraph, group: str = "team", *, threshold: int = DEFAULT_THRESHOLD
) -> list:
    """Return the groups every view and download of ``G`` hides: the small ones and their complement.

    Sizes count the internal people with a ``group`` value (as :func:`group_matrix` does);
    see :func:`leerlib.privacy.hidden_groups`.

    Examples
    --------
    Hand count: A has 6 people, B 2 (small), C 7; B alone could be worked out from a total,
    so the smallest other group, A, is hidden with it.

    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([f"a{i}" for i in range(6)], team="A")
    >>> G.add_nodes_from(["b0", "b1"], team="B")
    >>> G.add_nodes_from([f"c{i}" for i in range(7)], team="C")
    >>> sorted(release_hidden(G, "team", threshold=5))
    ['A', 'B']
    """
    labels = {
        v: g
        for v, g in _group_of(G, group).items()
        if G.nodes[v].get("internal", True) is not False
    }
    sizes = pd.Series(labels, dtype=object).value_counts()
    return [str(g) for g in hidden_groups(sizes, threshold)]


def never_pairs(matrix: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of different groups with no tie in either direction.

    Examples
    --------
    >>> m = pd.DataFrame([[3, 1, 0], [0, 2, 0], [0, 0, 4]], index=list("ABC"), columns=list("ABC"))
    >>> never_pairs(m)
    [('A', 'C'), ('B', 'C')]
    """
    groups = list(matrix.index)
    out = []
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            if matrix.loc[a, b] == 0 and matrix.loc[b, a] == 0:
                out.append((a, b))
    return out


def cross_group_share(G: nx.DiGraph, group: str = "team") -> float:
    """Share of ties between two people with a known, different ``group`` value.

    Ties where either end has no group value (external contacts) are not counted.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("a", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "X", "b": "X", "c": "Y"}, "team")
    >>> cross_group_share(G)
    0.5
    """
    labels = _group_of(G, group)
    both = [(labels[u], labels[v]) for u, v in G.edges() if u in labels and v in labels]
    if not both:
        return float("nan")
    return sum(a != b for a, b in both) / len(both)


def ego_lists(G: nx.DiGraph, person: str) -> tuple[list, list]:
    """Whom ``person`` turns to and who turns to them, each sorted by tie weight, then id.

    Examples
    --------
    >>> G = nx.DiGraph([("me", "a", {"weight": 1.0}), ("me", "b", {"weight": 3.0}), ("c", "me")])
    >>> ego_lists(G, "me")
    (['b', 'a'], ['c'])
    """
    if person not in G:
        return [], []

    def order(pairs):
        return [v for v, _ in sorted(pairs, key=lambda p: (-p[1], str(p[0])))]

    out = order((v, G.edges[person, v].get("weight", 1.0)) for v in G.successors(person))
    inn = order((u, G.edges[u, person].get("weight", 1.0)) for u in G.predecessors(person))
    return out, inn


#: What a personal map keeps of the person and of the people they named themselves.
OWN_MAP_KEYS = ("name", "team", "role", "school", "internal", "responded")


def own_map_graph(
    G: nx.DiGraph, person: str, *, secret: bytes, colleague: str = "A colleague"
) -> tuple[nx.DiGraph, str]:
    """Return the map of ``person`` as their own page may send it: their network and no more.

    The person gets the id ``ik``; the people they named (``person -> v``) get ``n1``, ``n2``
    ... and keep their name, team, role, school, internal and responded; colleagues who named
    ``person`` without being named back get ``c1``, ``c2`` ... and only the label
    ``colleague``: no person_id, pseudonym, team, role or any other attribute. The numbers
    follow an HMAC of the person_id under ``secret`` (kept by the page's server, never sent),
    so they follow no id, name or list. Only ties among these people go along, with their
    weight and topics, so every count a hover card shows is a count within the map.

    Parameters
    ----------
    G : networkx.DiGraph
        ``u -> v``: u turns to v. Never modified.
    person : str
        The person_id of the page's owner.
    secret : bytes
        Orders the page-only ids.
    colleague : str
        The label of a colleague who is not named.

    Returns
    -------
    (networkx.DiGraph, str)
        The graph for :func:`leerlib.viz.ego_map` and the page-only id of ``person`` (``ik``).

    Examples
    --------
    Hand count: ``me`` names ``a``; ``b`` names ``me``; ``c`` is two steps away, so not in
    the map; ``a -> b`` is a tie among the people in the map.

    >>> G = nx.DiGraph([("me", "a"), ("b", "me"), ("a", "b"), ("b", "c")])
    >>> G.nodes["b"].update(name="Bea", team="T1"); G.nodes["a"].update(name="Ad", team="T2")
    >>> H, me = own_map_graph(G, "me", secret=b"s")
    >>> me, sorted(H.nodes(data=True)), sorted(H.edges)
    ('ik', [('c1', {'name': 'A colleague'}), ('ik', {}), ('n1', {'name': 'Ad', 'team': 'T2'})], [('c1', 'ik'), ('ik', 'n1'), ('n1', 'c1')])
    """
    import hashlib
    import hmac

    def order(v):
        return hmac.new(secret, str(v).encode("utf-8"), hashlib.sha256).digest()

    H = nx.DiGraph()
    if G.graph.get("topic_labels"):
        H.graph["topic_labels"] = G.graph["topic_labels"]
    if person not in G:
        H.add_node("ik")
        return H, "ik"
    mine = set(G.successors(person)) - {person}
    near = {v for v in nx.all_neighbors(G, person) if v != person}
    hidden = sorted(near - mine, key=order)
    shown = sorted(mine, key=order)
    new = {person: "ik"}
    new.update({v: f"n{i}" for i, v in enumerate(shown, start=1)})
    new.update({v: f"c{i}" for i, v in enumerate(hidden, start=1)})
    for v in (person, *shown):
        H.add_node(new[v], **{k: G.nodes[v][k] for k in OWN_MAP_KEYS if k in G.nodes[v]})
    for v in hidden:
        H.add_node(new[v], name=colleague)
    for u, v, d in G.subgraph(new).edges(data=True):
        H.add_edge(new[u], new[v], **{k: d[k] for k in ("weight", "topics") if k in d})
    return H, new[person]


def suggest_contacts(
    G_all: nx.DiGraph, G_topic: nx.DiGraph, person: str, *, n: int = 5, min_count: int = 1
) -> pd.DataFrame:
    """Colleagues sought on a topic whom ``person`` can reach through someone they know.

    A candidate is two steps away from ``person`` in the network of all topics, ignoring
    direction (a colleague of a colleague), is not already someone ``person`` turns to on
    the topic, and is named on the topic by at least ``min_count`` people.

    Parameters
    ----------
    G_all : networkx.DiGraph
        All topics combined: who knows whom.
    G_topic : networkx.DiGraph
        The topic's ties: who is sought on it.
    person : str
        The person_id asking.
    n : int
        At most this many suggestions.
    min_count : int
        Least in-degree on the topic.

    Returns
    -------
    DataFrame
        person_id, named_by (in-degree on the topic), via (sorted list of the person's
        contacts who link to the candidate); most named first, then most links, then id.

    Examples
    --------
    Hand count: me knows a and b; a and b both turn to x (named 3 times on the topic, also
    by c); y is named once but I already turn to y.

    >>> G_all = nx.DiGraph([("me", "a"), ("b", "me"), ("a", "x"), ("b", "x"), ("me", "y")])
    >>> G_t = nx.DiGraph([("a", "x"), ("b", "x"), ("c", "x"), ("me", "y")])
    >>> suggest_contacts(G_all, G_t, "me").to_dict("list")
    {'person_id': ['x'], 'named_by': [3], 'via': [['a', 'b']]}
    """
    cols = {
        "person_id": pd.Series([], dtype=object),
        "named_by": pd.Series([], dtype="int64"),
        "via": pd.Series([], dtype=object),
    }
    if person not in G_all:
        return pd.DataFrame(cols)
    und = G_all.to_undirected(as_view=True)
    known = set(und.neighbors(person))
    already = set(G_topic.successors(person)) if person in G_topic else set()
    via: dict[str, set] = {}
    for k in known:
        for c in und.neighbors(k):
            if c == person or c in known or c in already:
                continue
            via.setdefault(c, set()).add(k)
    rows = []
    for c, links in via.items():
        count = G_topic.in_degree(c) if c in G_topic else 0
        if count >= min_count and G_all.nodes[c].get("internal", True) is not False:
            rows.append((c, int(count), sorted(links, key=str)))
    if not rows:
        return pd.DataFrame(cols)
    rows.sort(key=lambda r: (-r[1], -len(r[2]), str(r[0])))
    df = pd.DataFrame(rows[:n], columns=["person_id", "named_by", "via"])
    df["person_id"] = df["person_id"].astype(object)
    return df


def tie_counts(G: nx.DiGraph) -> tuple[int, int]:
    """Count the ties of ``G`` two ways: (pairs, nominations).

    ``pairs`` is the number of arrows (who turns to whom, whatever the topic); ``nominations``
    counts a pair once per topic it was named on (the edge attribute ``topics`` that
    :func:`leerlib.graph.build_graph` keeps; an edge without it counts once). In the network
    of one topic the two are equal. Every figure that says "ties" counts ``pairs``.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b", {"topics": ["ict", "zorg"]}), ("b", "a", {"topics": ["ict"]})])
    >>> tie_counts(G)
    (2, 3)
    """
    nominations = sum(max(len(d.get("topics") or ()), 1) for _, _, d in G.edges(data=True))
    return G.number_of_edges(), int(nominations)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value) == ""
