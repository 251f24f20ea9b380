"""leerlib.viz without a browser: the page, determinism, escaping, legends, ego/group/topic maps, PNG/SVG."""

from __future__ import annotations

import copy
import html
import json
import re
from html.parser import HTMLParser

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.errors import LeerlibError
from leerlib.viz import EGO_COLORS, ego_map, group_map, mixing_counts, network_map, topic_map
from leerlib.viz._style import OTHER_COLOR, PALETTE
from tests.datasets import load_krackhardt

XSS_NAME = "<img src=x onerror=window.__pwned=1>"
XSS_TEAM = "</script><script>window.__pwned=2</script>"


def two_teams() -> nx.DiGraph:
    """Two dense teams joined by one tie.

    Team A: a1..a5 all turn to each other (20 ties); team B: b1..b4 likewise (12 ties); a1 -> b1.
    b4 is in team A on paper, so the B cluster still has three B members and one A member.
    """
    G = nx.DiGraph()
    a = [f"a{i}" for i in range(1, 6)]
    b = [f"b{i}" for i in range(1, 5)]
    for v in a:
        G.add_node(v, name=v.upper(), team="A", role="docent", internal=True, responded=True)
    for v in b:
        G.add_node(v, name=v.upper(), team="B", role="OOP", internal=True, responded=True)
    G.nodes["b4"]["team"] = "A"
    for group in (a, b):
        for u in group:
            for v in group:
                if u != v:
                    G.add_edge(u, v, weight=1.0, topics=["ict"])
    G.add_edge("a1", "b1", weight=3.0, topics=["didactiek", "ict"])
    return G


def page_data(page: str) -> dict:
    found = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def node(m, node_id) -> dict:
    return next(n for n in m.data["nodes"] if n["id"] == node_id)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


# --- the page ------------------------------------------------------------------------------


def test_exported_from_package_root():
    assert leerlib.network_map is network_map
    assert leerlib.ego_map is ego_map and leerlib.group_map is group_map
    assert leerlib.topic_map is topic_map


def test_same_data_gives_identical_bytes():
    first = network_map(two_teams(), title="t").html
    second = network_map(two_teams(), title="t").html
    assert first == second
    assert network_map(two_teams(), seed=1).html != network_map(two_teams(), seed=2).html


def test_page_loads_nothing_from_outside():
    """No tag may point anywhere: no <link>, no src/href, and a CSP that forbids any fetch."""
    page = network_map(two_teams()).html
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag != "link" and tag != "img" and tag != "iframe"
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    csp = next(
        a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    assert "bootstrap" not in page.lower() and "@import" not in page
    assert "vis.js is dual licensed" in page  # the inlined library keeps its licence header
    assert not re.search(r"url\((?!\"?data:)", page)


def test_graph_is_not_mutated():
    G = two_teams()
    G.graph["wave"] = "2025"
    before = (copy.deepcopy(dict(G.nodes(data=True))), copy.deepcopy(list(G.edges(data=True))))
    before_graph = dict(G.graph)
    for make in (network_map, lambda g: ego_map(g, "a1", radius=2), group_map, topic_map):
        make(G)
    assert dict(G.nodes(data=True)) == before[0]
    assert list(G.edges(data=True)) == before[1]
    assert G.graph == before_graph


def test_numpy_and_pandas_values_serialise():
    G = nx.DiGraph()
    G.add_node("p1", name="An", team=pd.NA, tenure=np.int64(4), score=np.float32(0.5))
    G.add_node(
        "p2",
        name="Bo",
        team="X",
        tenure=np.int64(7),
        score=np.float64("nan"),
        start=pd.Timestamp("2020-01-01"),
    )
    G.add_edge("p1", "p2", weight=np.float64(2.0), topics=np.array(["ict"]))
    m = network_map(G, size_by="tenure", color_by="team")
    data = page_data(m.html)
    assert [n["value"] for n in data["nodes"]] == [4.0, 7.0]
    assert data["edges"][0]["width"] == 1.5


def test_repr_html_is_a_sandboxed_iframe_of_the_page():
    m = network_map(two_teams())
    frame = m._repr_html_()
    assert frame.startswith("<iframe") and 'sandbox="allow-scripts"' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert html.unescape(srcdoc) == m.html


@pytest.mark.parametrize(
    ("title", "lang", "name"),
    [
        ("Vijf <collega's>", "nl", "Vijf <collega's>"),
        ("", "nl", "Netwerkkaart"),
        ("", "en", "Network map"),
    ],
)
def test_the_map_frame_has_an_accessible_name(title, lang, name):
    """WCAG 4.1.2 (axe rule frame-title): a frame needs a name; the map's title, else a word."""
    frame = network_map(two_teams(), title=title, lang=lang)._repr_html_()
    found = re.search(r'<iframe class="leerlib-map-frame" title="([^"]*)"', frame)
    assert found and html.unescape(found.group(1)) == name


def test_fragments_get_distinct_ids_and_save_writes_the_page(tmp_path):
    m = network_map(two_teams())
    ids = {re.search(r'class="leerlib-map" id="([^"]+)"', m.fragment()).group(1) for _ in range(3)}
    assert len(ids) == 3
    with pytest.raises(LeerlibError):
        m.fragment(root_id='x" onload="alert(1)')
    path = m.save(tmp_path / "map.html")
    assert path.read_text(encoding="utf-8") == m.html


# --- escaping ------------------------------------------------------------------------------


def strings_in(value) -> set:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(strings_in(v) for v in value.values()), set())
    if isinstance(value, list):
        return set().union(*(strings_in(v) for v in value), set())
    return set()


@pytest.mark.parametrize(
    "make, shown",
    [
        ("network", {XSS_NAME, XSS_TEAM}),
        ("ego", {XSS_NAME, XSS_TEAM}),
        ("group", {XSS_TEAM}),
        ("topic", {XSS_NAME, XSS_TEAM}),
    ],
)
def test_names_and_teams_are_never_markup(make, shown):
    """The payloads reach the page only as JSON data (read back intact), never as tags."""
    G = two_teams()
    G.nodes["a1"]["name"] = XSS_NAME
    for v in ("b1", "b2", "b3"):
        G.nodes[v]["team"] = XSS_TEAM
    m = {
        "network": lambda: network_map(G, title=XSS_NAME),
        "ego": lambda: ego_map(G, "a1"),
        "group": lambda: group_map(G),
        "topic": lambda: topic_map(G),
    }[make]()
    page = m.html
    body = page.split("<body>", 1)[1]
    assert "<img" not in body
    assert body.count("<script") == body.count("</script>") == 2
    assert shown <= strings_in(page_data(page))
    if make == "network":
        assert f"<title>{html.escape(XSS_NAME)}</title>" in page


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=6),
    edges=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=10),
)
def test_any_text_round_trips_as_data(names, edges):
    """Whatever people type arrives in the page's data unchanged and cannot end the script."""
    G = nx.DiGraph()
    for i, name in enumerate(names):
        G.add_node(f"p{i}", name=name, team=name[::-1])
    for u, v in edges:
        if u < len(names) and v < len(names) and u != v:
            G.add_edge(f"p{u}", f"p{v}")
    page = network_map(G).html
    data = page_data(page)
    # a blank name is no name: the map then shows the person_id (as for pseudonymised data)
    expected = {f"p{i}": (n if n.strip() else f"p{i}") for i, n in enumerate(names)}
    assert {n["id"]: n["label"] for n in data["nodes"]} == expected
    body = page.split("<body>", 1)[1]
    assert body.count("<script") == 2 and body.count("</script>") == 2


# --- layout --------------------------------------------------------------------------------


def test_isolates_sit_beside_the_network_not_far_away():
    """A 12-person clique and 6 isolates: the isolates line up under the clique, one gap apart."""
    from leerlib.viz._style import layout

    G = nx.complete_graph([f"c{i:02d}" for i in range(12)])
    G.add_nodes_from(f"i{i}" for i in range(6))
    pos = layout(G, gap=40.0)
    xy = np.array(list(pos.values()))
    span = xy.max(axis=0) - xy.min(axis=0)
    clique = np.array([pos[v] for v in pos if v.startswith("c")])
    assert span[1] <= (clique[:, 1].max() - clique[:, 1].min()) + 3 * 40.0 + 0.5
    isolates = sorted(pos[f"i{i}"] for i in range(6))
    assert len({y for _, y in isolates}) == 1
    assert np.diff([x for x, _ in isolates]) == pytest.approx([40.0] * 5, abs=0.11)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=30), st.integers(0, 3))
def test_layout_is_deterministic_finite_and_separates_nodes(edges, seed):
    from leerlib.viz._style import layout

    G = nx.Graph()
    G.add_nodes_from(range(15))
    G.add_edges_from((u, v) for u, v in edges if u != v)
    pos = layout(G, seed=seed)
    assert pos == layout(G, seed=seed)
    xy = np.array([pos[v] for v in range(15)])
    assert np.isfinite(xy).all()
    assert len({tuple(p) for p in xy}) == 15


# --- colours, sizes, legend ----------------------------------------------------------------


def test_legend_names_clusters_after_their_largest_team():
    """Hand count: cluster 0 = a1..a5 (5 x team A), cluster 1 = b1..b4 (3 x B, 1 x A: 75 %).

    Issue 17 asked for names that say what a cluster is ("mostly B"), never a numbered team
    ("B 2") or "cluster 2"; the labels below were "A (5)", "B (4)", "cluster 2 (2)", "B 2 (1)".
    """
    G = two_teams()
    m = network_map(G)
    assert [item["label"] for item in m.data["legend"]] == ["mostly A (5)", "mostly B (4)"]
    assert node(m, "a1")["color"] == PALETTE[0] and node(m, "b4")["color"] == PALETTE[1]
    renamed = network_map(G, legend_names={1: "Zorgteam"})
    assert [item["label"] for item in renamed.data["legend"]] == ["mostly A (5)", "Zorgteam (4)"]
    G.add_node("loner", name="L", team="B")  # an isolate is a cluster of one: grey, "other"
    G.add_edge("x1", "x2")  # a pair (teamless) is below min_cluster=3 too
    m = network_map(G)
    assert [item["label"] for item in m.data["legend"]] == [
        "mostly A (5)",
        "mostly B (4)",
        "other (3)",
    ]
    assert node(m, "loner")["color"] == node(m, "x1")["color"] == OTHER_COLOR
    labels = [item["label"] for item in network_map(G, min_cluster=1).data["legend"]]
    # two "mostly B" clusters are told apart by their most sought member (b1: named by 4;
    # the loner L); the teamless pair x1 -> x2 by its most sought member, x2
    assert labels == [
        "mostly A (5)",
        "mostly B, around B1 (4)",
        "around x2 (2)",
        "mostly B, around L (1)",
    ]


def test_a_persons_card_names_the_cluster_of_their_colour():
    """Colour is not the only sign of a cluster (WCAG 1.4.1): the card of every person says
    which legend entry is theirs. Hand count as in the test above: a1..a5 are "mostly A (5)",
    b1..b4 "mostly B (4)", the loner and the teamless pair "other (3)". Coloured by team, the
    card already says the team, once."""
    G = two_teams()
    G.add_node("loner", name="L", team="B")
    G.add_edge("x1", "x2")
    m = network_map(G)
    expected = {f"a{i}": "mostly A (5)" for i in range(1, 6)}
    expected |= {f"b{i}": "mostly B (4)" for i in range(1, 5)}
    expected |= dict.fromkeys(("loner", "x1", "x2"), "other (3)")
    shown = {v: dict(map(tuple, node(m, v)["card"])).get("Cluster") for v in expected}
    assert shown == expected
    by_team = network_map(G, color_by="team")
    assert [row[0] for row in node(by_team, "a1")["card"]].count("Team") == 1
    assert "Cluster" not in [row[0] for row in node(by_team, "a1")["card"]]


def _one_school_two_clusters() -> nx.DiGraph:
    """Two triangles, all six people of school S; teams T1 (s1, s2, s3) and T2 (t1, t2, t3),
    except s3 who is in T2 on paper. A pair p1 -> p2 without team or school."""
    G = nx.DiGraph()
    for group, team in ((["s1", "s2", "s3"], "T1"), (["t1", "t2", "t3"], "T2")):
        for v in group:
            G.add_node(v, name=v.upper(), team=team, school="S")
        for u in group:
            for v in group:
                if u != v:
                    G.add_edge(u, v)
    G.nodes["s3"]["team"] = "T2"
    G.add_edge("s1", "t1")
    G.add_edge("p1", "p2")
    return G


def test_cluster_names_say_what_a_cluster_is_in_both_languages():
    """Hand count on :func:`_one_school_two_clusters`: cluster s1..s3 has 2 of 3 in T1 (67 %,
    over the 60 % mark): "mostly T1"; cluster t1..t3 is all T2. Merged into one team-less
    naming, both clusters are all school S; the pair has no attribute: "around p2" (p2 is
    named once, p1 never)."""
    from leerlib.viz._style import cluster_names

    G = _one_school_two_clusters()
    membership = {"s1": 0, "s2": 0, "s3": 0, "t1": 1, "t2": 1, "t3": 1, "p1": 2, "p2": 2}
    assert cluster_names(G, membership) == {0: "mostly T1", 1: "mostly T2", 2: "around p2"}
    assert cluster_names(G, membership, lang="nl") == {0: "vooral T1", 1: "vooral T2", 2: "rond p2"}
    # by school only: both clusters are "mostly S"; the finest attribute (team) tells them apart
    for v in G:
        G.nodes[v].pop("team", None)
    names = cluster_names(G, membership, by="school", lang="nl")
    assert names[0] != names[1] and names[0].startswith("vooral S")
    assert not any(re.search(r" \d+$", n) for n in names.values())


def test_cluster_legend_says_how_clusters_are_found():
    m = network_map(_one_school_two_clusters(), lang="nl")
    assert "Louvain" in m.data["legend_note"] and "60%" in m.data["legend_note"]
    assert "overig" in m.data["legend_note"] and "minder dan 3" in m.data["legend_note"]
    assert "legend_note" not in network_map(_one_school_two_clusters(), color_by="team").data


def test_color_and_size_by_attribute_and_measure():
    G = two_teams()
    by_team = network_map(G, color_by="team", size_by="in_degree")
    # team A has 6 members (a1..a5, b4), team B 3: A gets the first colour.
    assert node(by_team, "b4")["color"] == PALETTE[0] and node(by_team, "b1")["color"] == PALETTE[1]
    # in-degree by hand: b1 is sought by b2, b3, b4 and a1.
    assert node(by_team, "b1")["value"] == 4.0 and node(by_team, "a1")["value"] == 4.0
    card = dict(map(tuple, node(by_team, "b1")["card"]))
    assert card["Asked by"] == "4" and card["Goes to"] == "3" and card["Team"] == "B"
    assert card["Sought on"] == "ict (4), didactiek (1)"
    assert "Answered the survey" not in card
    G.nodes["b1"]["responded"] = False
    card = dict(map(tuple, node(network_map(G), "b1")["card"]))
    assert card["Answered the survey"] == "no"
    G.graph["topic_labels"] = {"ict": {"nl": "ICT in de klas", "en": "ICT in class"}}
    card = dict(map(tuple, node(network_map(G, lang="nl"), "b1")["card"]))
    assert card["Gevraagd over"] == "ICT in de klas (4), didactiek (1)"
    from leerlib.metrics import node_metrics

    betw = network_map(G, size_by="betweenness")
    expected = node_metrics(G)["betweenness"]
    assert node(betw, "a1")["value"] == pytest.approx(expected["a1"])
    assert node(betw, "a1")["value"] > node(betw, "a2")["value"]


def test_small_clusters_share_the_other_colour():
    G = nx.DiGraph()
    G.add_nodes_from((f"p{i}", {"team": f"t{i}"}) for i in range(len(PALETTE) + 2))
    m = network_map(G, color_by="team", palette=PALETTE[:3])
    colors = [n["color"] for n in m.data["nodes"]]
    assert colors.count(OTHER_COLOR) == len(PALETTE) - 1
    assert m.data["legend"][-1] == {"label": f"other ({len(PALETTE) - 1})", "color": OTHER_COLOR}


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"size_by": "nope"}, "size_by='nope'"),
        ({"color_by": "nope"}, "color_by='nope'"),
        ({"palette": ["url(http://x)"]}, "#rrggbb"),
        ({"lang": "fr"}, "lang='fr'"),
    ],
)
def test_bad_arguments_raise_leerlib_errors(kwargs, fragment):
    with pytest.raises(LeerlibError, match=re.escape(fragment)):
        network_map(two_teams(), **kwargs)


def test_above_max_people_the_group_map_is_drawn():
    m = network_map(two_teams(), max_people=5)
    assert m.kind == "group" and "9 people" in m.data["note"]
    assert sorted(m.node_ids) == ["A", "B"]
    assert network_map(two_teams(), max_people=None).kind == "network"


# --- ego, group and topic maps -------------------------------------------------------------


def test_ego_map_tells_goes_to_from_is_asked_by():
    G = nx.DiGraph([("me", "t1"), ("s1", "me"), ("me", "m1"), ("m1", "me"), ("t1", "far")])
    for u, v in G.edges:
        G.edges[u, v]["topics"] = ["ict"] if u != "s1" else ["zorg"]
    m = ego_map(G, "me")
    colors = {n["id"]: n["color"] for n in m.data["nodes"]}
    assert colors == {
        "me": EGO_COLORS["ego"],
        "t1": EGO_COLORS["goes_to"],
        "s1": EGO_COLORS["asked_by"],
        "m1": EGO_COLORS["both"],
    }
    edge_colors = {(e["from"], e["to"]): e["color"] for e in m.data["edges"]}
    assert edge_colors[("me", "t1")] == EGO_COLORS["goes_to"]
    assert edge_colors[("s1", "me")] == EGO_COLORS["asked_by"]
    wider = ego_map(G, "me", radius=2)
    assert node(wider, "far")["color"] == EGO_COLORS["further"]
    on_ict = ego_map(G, "me", topic="ict")
    assert sorted(on_ict.node_ids) == ["m1", "me", "t1"]
    with pytest.raises(LeerlibError, match="not in the graph"):
        ego_map(G, "nobody")


def test_group_map_is_the_mixing_matrix():
    """Hand count on two_teams: A = a1..a5 + b4, B = b1..b3.

    A -> A: 20 (a-clique) ; A -> B: b4 -> b1, b2, b3 + a1 -> b1 = 4 ; B -> A: b1, b2, b3 -> b4 = 3 ;
    B -> B: 6.
    """
    G = two_teams()
    mix = mixing_counts(G, dict(G.nodes(data="team")))
    assert mix[["from_group", "to_group", "ties"]].values.tolist() == [
        ["A", "A", 20],
        ["A", "B", 4],
        ["B", "A", 3],
        ["B", "B", 6],
    ]
    m = group_map(G)
    assert [(e["from"], e["to"]) for e in m.data["edges"]] == [("A", "B"), ("B", "A")]
    card = dict(map(tuple, node(m, "A")["card"]))
    assert card == {
        "Members": "6",
        "Ties within": "20",
        "Ties to other groups": "4",
        "Ties from other groups": "3",
    }
    pooled = group_map(G, min_size=4)
    assert sorted(pooled.node_ids) == ["A", "other (< 4)"]
    strong = group_map(G, min_ties=4)  # A -> B has 4 ties, B -> A only 3
    assert [(e["from"], e["to"]) for e in strong.data["edges"]] == [("A", "B")]
    assert dict(map(tuple, node(strong, "B")["card"]))["Ties to other groups"] == "3"


def test_overview_of_a_large_organisation_keeps_arrows_few():
    """200 people in 40 teams of 5 (at most 150 groups: by team); only the strongest arrows stay."""
    from leerlib.viz.maps import overview_group

    rng = np.random.default_rng(0)
    G = nx.DiGraph()
    G.add_nodes_from(
        (i, {"team": f"t{i // 5:02d}", "department": f"d{i // 100}"}) for i in range(200)
    )
    G.add_edges_from((int(u), int(v)) for u, v in rng.integers(0, 200, (1500, 2)) if u != v)
    assert overview_group(G) == "team"
    m = network_map(G, max_people=100)
    assert m.kind == "group" and len(m.node_ids) == 40
    assert len(m.data["edges"]) <= 4 * 40
    full = group_map(G, "team")
    kept = {(e["from"], e["to"]) for e in m.data["edges"]}
    widths = {(e["from"], e["to"]): e["width"] for e in full.data["edges"]}
    assert min(widths[k] for k in kept) >= max(widths[k] for k in widths if k not in kept)


def test_group_drill_down_shows_members_and_their_contacts():
    m = group_map(two_teams())
    sub = m.drill("B")
    assert sorted(sub.node_ids) == ["a1", "b1", "b2", "b3", "b4"]
    assert node(sub, "b1")["color"] == node(m, "B")["color"] != OTHER_COLOR
    assert node(sub, "a1")["color"] == node(sub, "b4")["color"] == OTHER_COLOR
    # four outsiders around one member: the member still takes the group's colour
    star = nx.DiGraph([(f"y{i}", "x") for i in range(4)])
    nx.set_node_attributes(star, {v: "Y" for v in star} | {"x": "X"}, "team")
    groups = group_map(star)
    sub = groups.drill("X")
    assert [item["label"] for item in sub.data["legend"]] == ["X (1)", "outside the group (4)"]
    assert node(sub, "x")["color"] == node(groups, "X")["color"] != OTHER_COLOR
    with pytest.raises(LeerlibError, match="no group"):
        m.drill("C")
    with pytest.raises(LeerlibError):
        network_map(two_teams()).drill("A")


def test_topic_map_counts_distinct_people_per_topic():
    """Hand count: c is sought on ict by a and b (the 2024 tie is an older wave), b on didactiek by a."""
    ties = pd.DataFrame(
        {
            "source": ["a", "b", "a", "a", "d"],
            "target": ["c", "c", "b", "c", "c"],
            "topic": ["ict", "ict", "didactiek", "ict", "ict"],
            "wave": ["2025", "2025", "2025", "2025", "2024"],
        }
    )
    people = pd.DataFrame(
        {
            "person_id": ["a", "b", "c", "d"],
            "name": ["A", "B", "C", "D"],
            "team": ["X", "X", "Y", "Y"],
        }
    )
    m = topic_map(
        ties.drop_duplicates(["source", "target", "topic", "wave"]),
        people,
        topic_labels={"ict": "ICT"},
    )
    assert node(m, "topic:ict")["label"] == "ICT" and node(m, "c")["label"] == "C"
    strength = {n["id"]: n["value"] for n in m.data["nodes"]}
    assert strength == {"topic:ict": 2.0, "topic:didactiek": 1.0, "c": 2.0, "b": 1.0}
    assert m.data["directed"] is False
    assert sorted(topic_map(ties, people, min_nominations=2).node_ids) == ["c", "topic:ict"]


def test_topic_map_of_the_sample_survey_matches_a_recount():
    """Line widths follow the number of distinct people per (topic, person) in the latest wave."""
    from leerlib.sample import load_sample

    survey = load_sample()
    m = topic_map(survey, min_nominations=2, lang="nl")
    latest = survey.ties[survey.ties["wave"] == survey.waves[-1]]
    counts = latest.groupby(["topic", "target"])["source"].nunique()
    expected = {(f"topic:{t}", p): k for (t, p), k in counts.items() if k >= 2}
    strength = {n["id"]: n["value"] for n in m.data["nodes"]}
    assert {(e["from"], e["to"]) for e in m.data["edges"]} == set(expected)
    totals: dict = {}
    for (t, p), k in expected.items():  # a topic's size and a person's size: sums of their lines
        totals[t] = totals.get(t, 0) + k
        totals[p] = totals.get(p, 0) + k
    assert strength == pytest.approx(totals)
    labels = {n["id"]: n["label"] for n in m.data["nodes"]}
    assert {labels[f"topic:{t}"] for t, _ in counts.index if f"topic:{t}" in labels} <= {
        v["nl"] for v in survey.topics.values()
    }


# --- static export -------------------------------------------------------------------------


def test_png_and_svg_share_the_map_colours(tmp_path):
    G = two_teams()
    G.nodes["a1"]["name"] = XSS_NAME + " $x^2$"
    m = network_map(G, title="Leernetwerk")
    png = m.to_png(tmp_path / "m.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg1 = m.to_svg(tmp_path / "a.svg").read_text(encoding="utf-8")
    svg2 = m.to_svg(tmp_path / "b.svg").read_text(encoding="utf-8")
    assert svg1 == svg2
    assert "<script" not in svg1 and "&lt;img src=x" in svg1 and "$x^2$" in svg1
    for n in m.data["nodes"]:
        assert n["color"] in svg1


# --- real data -----------------------------------------------------------------------------


def test_krackhardt_cards_and_group_map_agree_with_r_sna(krackhardt_dir):
    """In-degree in the cards = sna indeg; ties to other departments = sum of outdeg*(1+EI)/2.

    From the E-I index (Krackhardt & Stern 1988) per person, EI = (E - I) / (E + I) with E + I =
    out-degree, so E = outdeg * (1 + EI) / 2; R sna's values are in reference/.
    """
    G = load_krackhardt("advice", folder=krackhardt_dir)
    ref = pd.read_csv(krackhardt_dir / "reference" / "krack_advice_dept_node.csv")
    ref["person"] = [f"M{i:02d}" for i in ref["id"]]
    m = network_map(G, label_by=None, color_by="dept")
    for r in ref.itertuples():
        card = dict(map(tuple, node(m, r.person)["card"]))
        assert int(card["Asked by"]) == r.indeg_sna
    groups = group_map(G, group="dept_code")
    ref["external"] = ref["outdeg_sna"] * (1 + ref["ei_out"]) / 2
    expected = ref.groupby("group")["external"].sum()
    for g, value in expected.items():
        card = dict(map(tuple, node(groups, str(g))["card"]))
        assert int(card["Ties to other groups"]) == pytest.approx(value)


def test_ego_map_is_radial_and_grouped_by_relation():
    """Hand-made ego network: a goes to b, c; d and e go to a; a and f both ways; g is two steps
    away (through b). The person sits in the middle, direct contacts on one ring in the order
    goes-to, both ways, asked-by, and g further out."""
    import math

    G = nx.DiGraph(
        [("a", "b"), ("a", "c"), ("d", "a"), ("e", "a"), ("a", "f"), ("f", "a"), ("b", "g")]
    )
    m = ego_map(G, "a", radius=2)
    pos = {n["id"]: (n["x"], n["y"]) for n in m.data["nodes"]}
    assert pos["a"] == (0.0, 0.0)
    r = {v: math.hypot(*pos[v]) for v in pos}
    ring = ["b", "c", "f", "d", "e"]
    assert max(r[v] for v in ring) - min(r[v] for v in ring) < 0.5
    assert r["g"] > r["b"] + 50
    angles = [math.atan2(pos[v][1], pos[v][0]) % (2 * math.pi) for v in ring]
    start = angles[0]
    assert [(a - start) % (2 * math.pi) for a in angles] == sorted(
        (a - start) % (2 * math.pi) for a in angles
    )
    assert ego_map(G, "a", radius=2).html == m.html


def test_mount_html_is_inert_and_the_page_assets_are_the_shipped_files():
    import importlib.resources as ir

    from leerlib.graph import build_graph
    from leerlib.sample import synthetic_graph
    from leerlib.viz._page import PAGE_ASSETS, page_asset

    people, ties = synthetic_graph(50, avg_ties=3, seed=2)
    m = network_map(build_graph(ties, people))
    a, b = m.mount_html(), m.mount_html()
    ids = [re.search(r'id="(lm-[^"]+)" data-mount', x).group(1) for x in (a, b)]
    assert ids[0] != ids[1]  # two mounts of one map never share an id
    assert "leerlibMap(" not in a and "<script>" not in a
    assert f'<script type="application/json" id="{ids[0]}-data">' in a
    vis = ir.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js"
    assert page_asset("vis-network.min.js") == vis.read_text(encoding="utf-8")
    assert set(PAGE_ASSETS) == {
        "leerlib-map.css",
        "vis-network.min.js",
        "leerlib-map.js",
        "leerlib-mount.js",
    }
    with pytest.raises(LeerlibError, match="no map asset"):
        page_asset("../_page.py")


# label size and spacing by network size (issue 17: a 26-person map was a tangle of labels) ----
@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (26, (94.1, 11, 16)),  # 480 / sqrt(26) = 480 / 5.099 = 94.1 px
        (100, (48.0, 11, 16)),  # 480 / 10 = 48 px
        (9, (120.0, 11, 16)),  # 480 / 3 = 160 px: at most 120
        (144, (40.0, 10, 30)),  # 480 / 12 = 40 px: a large network, labels as before
        (2000, (40.0, 10, 30)),  # 480 / 44.7 = 10.7 px: at least 40
    ],
)
def test_label_spacing_follows_the_number_of_people(n, expected):
    from leerlib.viz._style import label_spacing

    assert label_spacing(n) == expected


def _twenty_six() -> nx.DiGraph:
    """26 colleagues with names of 16 to 20 characters, each turning to 8 others (seeded)."""
    import random

    rng = random.Random(3)
    first = "Anouk Bram Charlotte Daan Eva Finn Gijs Hanna Isa Jesse Kim Lars Maud Noah Olivia "
    first += "Pim Quinten Roos Sem Tess Ugur Vera Wout Xander Yara Zoë"
    G = nx.DiGraph()
    for i, f in enumerate(first.split()):
        G.add_node(f"P{i:02d}", name=f"{f} van der Berg", team=f"team {i % 3}")
    nodes = list(G.nodes)
    for u in nodes:
        for v in rng.sample([x for x in nodes if x != u], 8):
            G.add_edge(u, v, weight=1.0)
    return G


def test_a_small_network_spreads_out_with_smaller_labels():
    """A 26-person map: people about 94 px apart (median distance to the nearest other), labels
    11-16 px, and fewer than half of the labels touch another label. Label boxes are estimated
    as a browser draws them: centred under the person, a font size between the smallest and
    largest label in proportion to the person's size, 0.55 x font size wide per character
    (system sans-serif) and one font size high; positions and fonts scale together with the
    zoom, so the count does not depend on it. Before: 40 px apart, labels 10-30 px, 24 of the
    26 labels touched another."""
    from itertools import combinations

    from scipy.spatial import cKDTree

    data = network_map(_twenty_six()).data
    assert data["label_size"] == {"min": 11, "max": 16}
    xy = np.array([[n["x"], n["y"]] for n in data["nodes"]])
    nearest = cKDTree(xy).query(xy, k=2)[0][:, 1]
    assert float(np.median(nearest)) == pytest.approx(94.1, abs=0.5)
    values = [n["value"] for n in data["nodes"]]
    lo, hi = min(values), max(values)
    boxes = []
    for n in data["nodes"]:
        font = 11 + (n["value"] - lo) / (hi - lo) * (16 - 11)
        width = 0.55 * font * len(n["label"])
        boxes.append((n["x"] - width / 2, n["y"], n["x"] + width / 2, n["y"] + font))
    touching = set()
    for (i, a), (j, b) in combinations(enumerate(boxes), 2):
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
            touching |= {i, j}
    assert len(touching) < 26 / 2


def test_a_large_network_keeps_its_spacing_and_label_sizes():
    """150 people (as the bundled sample): 40 px apart and labels 10-30 px, as before."""
    G = nx.gnm_random_graph(150, 600, seed=1, directed=True)
    data = network_map(G, color_by=None).data
    assert data["label_size"] == {"min": 10, "max": 30}
