"""Undirected relations (issue 18, item 6): the codebook's ``directed = false``, one tie per
named pair, undirected graphs and the undirected conventions of the measures.

Small cases are counted by hand in the docstrings; measures are checked against python-igraph
(computed in the test on the same edges) and against published values of Zachary's karate club.
"""

from __future__ import annotations

import pytest

import leerlib
from leerlib.clean import ITEM_REASONS
from leerlib.errors import CodebookError
from leerlib.io import Source

HEAD = (
    '[survey]\nwave = "1"\n[respondent]\ncolumn = "id"\nby = "id"\n'
    '[[topics]]\nkey = "friend"\n[[topics]]\nkey = "advice"\n'
)


def block(topic="friend", pattern="^f\\\\d$", extra="directed = false\n"):
    return (
        f'[[nominations]]\nshape = "slots"\ntopic = "{topic}"\npattern = "{pattern}"\n'
        f'target_by = "id"\n{extra}'
    )


def codebook(*blocks) -> Source:
    return Source((HEAD + "".join(blocks)).encode(), "codeboek.toml")


def load(csv: str, cb: Source):
    return leerlib.load_survey(Source(csv.encode(), "export.csv"), None, cb)


def pairs(survey) -> list[tuple[str, str]]:
    return sorted(zip(survey.ties["source"], survey.ties["target"], strict=True))


def accounted(survey) -> int:
    return len(survey.ties) + int(survey.log["reason"].isin(ITEM_REASONS).sum())


# --------------------------------------------------------------------------- the codebook


def test_codebook_directed_false_and_symmetrize():
    cb = leerlib.read_codebook(codebook(block(extra='directed = false\nsymmetrize = "both"\n')))
    spec = cb.nominations[0]
    assert (spec.directed, spec.symmetrize) == (False, "both")
    assert cb.undirected_topics() == {"friend": "both"}
    default = leerlib.read_codebook(codebook(block(extra="")))
    assert (default.nominations[0].directed, default.undirected_topics()) == (True, {})
    assert leerlib.read_codebook(codebook(block())).undirected_topics() == {"friend": "either"}


@pytest.mark.parametrize(
    ("blocks", "match"),
    [
        ([block(extra='symmetrize = "both"\n')], "symmetrize applies to an undirected relation"),
        (
            [block(extra='directed = false\nsymmetrize = "all"\n')],
            r"symmetrize is 'all'; expected one of",
        ),
        ([block(extra='directed = "no"\n')], "directed must be true or false"),
        (
            [block(extra='attributes = { directed = "{column}_d" }\n')],
            "attribute name 'directed' is a column leerlib writes itself",
        ),
        (
            [block(), block(pattern="^g\\\\d$", extra="")],
            r"topic 'friend' is directed here but undirected \(either\) in \[\[nominations\]\] #1",
        ),
        (
            [block(), block(pattern="^g\\\\d$", extra='directed = false\nsymmetrize = "both"\n')],
            "blocks of one topic must agree on directed and symmetrize",
        ),
    ],
)
def test_codebook_direction_errors_name_the_key(blocks, match):
    with pytest.raises(CodebookError, match=match):
        leerlib.read_codebook(codebook(*blocks))


# --------------------------------------------------------------------------- cleaning

CLASS = "id,f1,f2\n1,2,3\n2,1,\n3,,\n4,3,\n"


def test_either_side_names_the_pair():
    """symmetrize = "either" (default). Nominations (4 cells): 1->2, 1->3, 2->1, 4->3.

    Pairs: {1,2} named both ways (one tie, the first in export order: row 2, 1->2; row 3's
    2->1 logged merged undirected_pair), {1,3} and {3,4} named by one side. 3 ties + 1 log
    row = 4 cells. Every tie has directed = False.
    """
    s = load(CLASS, codebook(block()))
    assert pairs(s) == [("1", "2"), ("1", "3"), ("4", "3")]
    log = s.log[s.log["reason"] == "undirected_pair"]
    assert log[["row", "column", "raw_value", "action"]].values.tolist() == [
        [3, "f1", "1", "merged"]
    ]
    assert not s.ties["directed"].any()
    assert accounted(s) == 4


def test_both_sides_must_name_the_pair():
    """symmetrize = "both": only {1,2} (named both ways) is a tie; 1->3 and 4->3 are logged
    dropped unreciprocated; 2->1 merged undirected_pair. 1 tie + 3 log rows = 4 cells."""
    s = load(CLASS, codebook(block(extra='directed = false\nsymmetrize = "both"\n')))
    assert pairs(s) == [("1", "2")]
    lone = s.log[s.log["reason"] == "unreciprocated"]
    assert sorted(zip(lone["row"], lone["raw_value"], strict=True)) == [(2, "3"), (5, "3")]
    assert (lone["action"] == "dropped").all()
    assert accounted(s) == 4


def test_pair_weight_is_max_for_either_and_min_for_both():
    """1 names 2 "often" (2), 2 names 1 "rarely" (1): either -> weight 2 (sna rule weak,
    the maximum), both -> weight 1 (rule strong, the minimum)."""
    csv = "id,f1,f1_freq\n1,2,often\n2,1,rarely\n"
    freq = 'attributes = { freq = "{column}_freq" }\nweight = "freq"\n'
    scale = "[scales.freq]\noften = 2\nrarely = 1\n"
    got = {}
    for rule in ("either", "both"):
        cb = codebook(
            block(pattern="^f1$", extra=f'directed = false\nsymmetrize = "{rule}"\n{freq}'), scale
        )
        got[rule] = load(csv, cb).ties["weight"].tolist()
    assert got == {"either": [2.0], "both": [1.0]}


def test_directed_and_undirected_topics_in_one_export():
    """f* asks for friends (undirected), a* for advice (directed). Row 2: 1 names 2 on both;
    row 3: 2 names 1 on both. friend: one tie {1,2}; advice: 1->2 and 2->1."""
    csv = "id,f1,a1\n1,2,2\n2,1,1\n"
    s = load(csv, codebook(block(), block("advice", "^a\\\\d$", extra="")))
    got = sorted(
        zip(s.ties["topic"], s.ties["source"], s.ties["target"], s.ties["directed"], strict=True)
    )
    assert got == [
        ("advice", "1", "2", True),
        ("advice", "2", "1", True),
        ("friend", "1", "2", False),
    ]


def test_directed_codebook_adds_no_column():
    s = load(CLASS, codebook(block(extra="")))
    assert "directed" not in s.ties.columns
    assert len(s.ties) == 4


# --------------------------------------------------------------------------- graphs

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from leerlib.errors import SchemaError  # noqa: E402
from leerlib.metrics import (  # noqa: E402
    brokerage,
    centralization,
    group_metrics,
    krackhardt_gtd,
    network_metrics,
    node_metrics,
    reciprocity,
    roles,
    transitivity_directed,
)


def test_build_graph_of_an_undirected_relation():
    """CLASS with directed = false: ties {1,2}, {1,3}, {3,4} -> an undirected graph with
    degrees 1: 2, 2: 1, 3: 2, 4: 1; with directed=True the same ties are 6 arcs."""
    s = load(CLASS, codebook(block()))
    G = leerlib.build_graph(s)
    assert not G.is_directed() and G.graph["directed"] is False
    assert dict(G.degree()) == {"1": 2, "2": 1, "3": 2, "4": 1}
    H = leerlib.build_graph(s, directed=True)
    assert H.is_directed() and H.number_of_edges() == 6
    assert set(H.edges()) == {
        ("1", "2"),
        ("2", "1"),
        ("1", "3"),
        ("3", "1"),
        ("3", "4"),
        ("4", "3"),
    }


def test_build_graph_mixed_topics_asks_for_a_choice():
    """friend is undirected, advice directed: combining them needs topic= or directed=."""
    s = load("id,f1,a1\n1,2,2\n2,1,1\n", codebook(block(), block("advice", "^a\\\\d$", extra="")))
    with pytest.raises(SchemaError, match=r"\['friend'\] are undirected and \['advice'\] directed"):
        leerlib.build_graph(s)
    assert not leerlib.build_graph(s, topic="friend").is_directed()
    assert leerlib.build_graph(s, topic="advice").number_of_edges() == 2
    G = leerlib.build_graph(s, directed=False)
    # friend {1,2} weight 1, advice 1->2 and 2->1 merge to one edge of weight 1: sum 2.0
    assert list(G.edges(data="weight")) == [("1", "2", 2.0)]


def test_build_graph_directed_false_merges_the_two_directions_by_maximum():
    """a->b (2.0) and b->a (3.0) on one topic: one edge of weight 3.0 (the larger)."""
    ties = pd.DataFrame(
        {
            "source": ["a", "b"],
            "target": ["b", "a"],
            "topic": "t",
            "wave": "1",
            "weight": [2.0, 3.0],
        }
    )
    G = leerlib.build_graph(ties, directed=False)
    assert list(G.edges(data="weight")) == [("a", "b", 3.0)]
    assert "larger weight" in G.graph["weight_rule"]


# --------------------------------------------------------------------------- Zachary's karate club

# Zachary (1977): 34 members, 78 ties. Values widely reproduced for this network (Newman 2010,
# Networks, and the igraph and networkx examples): degree of member 1 = 16, of member 34 = 17;
# betweenness (raw, unordered pairs) 1: 231.0714, 34: 160.5516, 33: 76.6905, 3: 75.8508,
# 32: 73.0095; global transitivity 0.2557.
KARATE_BETWEENNESS = {"1": 231.0714, "34": 160.5516, "33": 76.6905, "3": 75.8508, "32": 73.0095}


@pytest.fixture(scope="module")
def karate_ties() -> pd.DataFrame:
    """networkx's copy of the club as an undirected tie table (members numbered 1-34)."""
    K = nx.karate_club_graph()
    src, tgt = zip(*K.edges(), strict=True)
    return pd.DataFrame(
        {
            "source": [str(u + 1) for u in src],
            "target": [str(v + 1) for v in tgt],
            "topic": "friend",
            "wave": "1",
            "weight": 1.0,
            "directed": False,
        }
    )


def test_karate_published_values(karate_ties):
    G = leerlib.build_graph(karate_ties)
    assert not G.is_directed()
    df = node_metrics(G)
    assert (df.loc["1", "degree"], df.loc["34", "degree"]) == (16.0, 17.0)
    got = {k: df.loc[k, "betweenness"] for k in KARATE_BETWEENNESS}
    assert got == pytest.approx(KARATE_BETWEENNESS, abs=1e-4)
    m = network_metrics(G)
    assert (m["n"], m["ties"], m["components"]) == (34, 78, 1)
    assert m["density"] == pytest.approx(78 / (34 * 33 / 2))
    assert m["transitivity_undirected"] == pytest.approx(0.2557, abs=1e-4)


def test_karate_against_igraphs_own_copy(karate_ties):
    """igraph ships its own copy of Zachary's network (Graph.Famous): every node measure
    agrees with igraph's undirected functions on it."""
    ig = pytest.importorskip("igraph")
    g = ig.Graph.Famous("Zachary")
    df = node_metrics(leerlib.build_graph(karate_ties)).loc[[str(i + 1) for i in range(34)]]
    assert df["degree"].tolist() == g.degree()
    assert df["betweenness"].to_numpy() == pytest.approx(g.betweenness(directed=False), abs=1e-9)
    assert df["closeness"].to_numpy() == pytest.approx(g.closeness(normalized=True), abs=1e-9)
    assert df["eigenvector"].to_numpy() == pytest.approx(
        g.eigenvector_centrality(scale=True), abs=1e-6
    )
    assert df["clustering"].to_numpy() == pytest.approx(
        g.transitivity_local_undirected(mode="zero")
    )


def test_symmetric_data_as_two_arcs_doubles_betweenness(karate_ties):
    """The club's ties entered as two directed arcs each (what a codebook without
    directed = false makes of a symmetric relation) against the undirected graph:

    - raw betweenness exactly doubles (every unordered pair counts as two ordered pairs);
      the normalised value, density and closeness are the same;
    - in-degree = out-degree = degree, but the degree centralisation's maximum differs:
      (n-1)^2 for a directed in-star, (n-1)(n-2) undirected, so the directed value is the
      undirected one times (n-2)/(n-1) = 32/33;
    - betweenness centralisation is the same (raw values and maximum both double).
    """
    U = leerlib.build_graph(karate_ties)
    D = leerlib.build_graph(karate_ties, directed=True)
    assert D.number_of_edges() == 2 * U.number_of_edges() == 156
    u, d = node_metrics(U), node_metrics(D)
    assert (d["betweenness"] / u["betweenness"]).dropna().to_numpy() == pytest.approx(2.0)
    assert d["betweenness"].to_numpy() == pytest.approx(2 * u["betweenness"].to_numpy())
    assert d["betweenness_norm"].to_numpy() == pytest.approx(u["betweenness_norm"].to_numpy())
    assert d["in_degree"].tolist() == d["out_degree"].tolist() == u["degree"].tolist()
    assert d["closeness_out"].to_numpy() == pytest.approx(u["closeness"].to_numpy())
    mu, md = network_metrics(U), network_metrics(D)
    assert md["density"] == pytest.approx(mu["density"])
    assert md["centralization_indegree"] == pytest.approx(mu["centralization_degree"] * 32 / 33)
    assert md["centralization_betweenness"] == pytest.approx(mu["centralization_betweenness"])


# --------------------------------------------------------------------------- against igraph


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_undirected_measures_match_igraph(seed):
    """Random undirected graphs (40 people, p = 0.08: several components and isolates)."""
    ig = pytest.importorskip("igraph")
    G = nx.gnp_random_graph(40, 0.08, seed=seed)
    G = nx.relabel_nodes(G, {v: f"p{v}" for v in G})
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        G.edges[u, v]["weight"] = float(rng.integers(1, 4))
    nodes = list(G)
    g = ig.Graph(n=len(nodes), edges=[(nodes.index(u), nodes.index(v)) for u, v in G.edges()])
    g.es["weight"] = [w for _, _, w in G.edges(data="weight")]
    df = node_metrics(G)
    assert df["degree"].tolist() == g.degree()
    assert df["strength"].to_numpy() == pytest.approx(g.strength(weights="weight"))
    assert df["betweenness"].to_numpy() == pytest.approx(g.betweenness(directed=False))
    n = len(nodes)
    assert df["betweenness_norm"].to_numpy() == pytest.approx(
        np.asarray(g.betweenness(directed=False)) / ((n - 1) * (n - 2) / 2)
    )
    # Wasserman-Faust closeness: networkx's closeness_centrality (wf_improved) on the same graph
    assert df["closeness"].to_numpy() == pytest.approx(list(nx.closeness_centrality(G).values()))
    assert df["harmonic"].to_numpy() == pytest.approx(g.harmonic_centrality(normalized=True))
    assert df["pagerank"].to_numpy() == pytest.approx(g.pagerank(), abs=1e-9)
    assert df["constraint"].to_numpy() == pytest.approx(g.constraint(), nan_ok=True)
    es = nx.effective_size(G, nodes=nodes)
    assert df["effective_size"].to_numpy() == pytest.approx([es[v] for v in nodes], nan_ok=True)
    assert df["clustering"].to_numpy() == pytest.approx(
        g.transitivity_local_undirected(mode="zero")
    )
    assert df["k_core"].tolist() == g.coreness()
    assert df["isolate"].tolist() == [d == 0 for d in g.degree()]
    m = network_metrics(G)
    assert (m["ties"], m["density"]) == (g.ecount(), pytest.approx(g.density()))
    assert m["components"] == len(g.connected_components())
    assert m["transitivity_undirected"] == pytest.approx(g.transitivity_undirected())
    giant = g.connected_components().giant()
    assert m["avg_distance"] == pytest.approx(giant.average_path_length(directed=False))
    assert m["diameter"] == giant.diameter(directed=False)


def test_undirected_centralisation_of_a_star_is_one():
    """Freeman's maximum is a star: 1.0 for degree and betweenness (hand count, n = 5:
    degrees 4,1,1,1,1 give 3*4 = 12 = (n-1)(n-2); betweenness 6,0,0,0,0 give 24 =
    (n-1)^2 (n-2)/2); a ring of 5 (everyone alike) gives 0."""
    m = network_metrics(nx.star_graph(4))
    assert (m["centralization_degree"], m["centralization_betweenness"]) == (1.0, 1.0)
    ring = network_metrics(nx.cycle_graph(5))
    assert (ring["centralization_degree"], ring["centralization_betweenness"]) == (0.0, 0.0)
    assert centralization([4, 1, 1, 1, 1], 5, "degree", directed=False) == 1.0


def test_directed_only_measures_say_so():
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "x", "b": "y", "c": "x"}, "team")
    for measure in (reciprocity, transitivity_directed, krackhardt_gtd, roles):
        with pytest.raises(SchemaError, match="defined for directed ties only"):
            measure(G)
    with pytest.raises(SchemaError, match="defined for directed ties only"):
        brokerage(G, "team")
    df = node_metrics(G, "team")
    assert df.attrs["skipped"] == ["brokerage"] and "liaison" not in df.columns
    assert df["ei_index"].tolist() == [1.0, 1.0, 1.0]  # every tie crosses the two teams
    m = network_metrics(G, "team")
    assert "reciprocity_edgewise" in m["skipped"] and "reciprocity_edgewise" not in m
    assert m["ei_index"] == 1.0


def test_a_wave_without_the_directed_column_is_directed():
    """Stacked rounds where one round was read without directed = false (no column, NaN after
    concatenation): that round's ties stay directed; the undirected round is undirected."""
    und = pd.DataFrame(
        {
            "source": ["a"],
            "target": ["b"],
            "topic": "t",
            "wave": "2",
            "weight": 1.0,
            "directed": False,
        }
    )
    old = pd.DataFrame(
        {"source": ["a", "b"], "target": ["b", "a"], "topic": "t", "wave": "1", "weight": 1.0}
    )
    both = pd.concat([old, und], ignore_index=True)
    assert both["directed"].isna().sum() == 2
    with pytest.raises(SchemaError, match="undirected"):
        leerlib.build_graph(both, wave="1")  # one relation, read two ways: a choice is needed
    assert leerlib.build_graph(both, wave="1", directed=True).number_of_edges() == 2
    assert not leerlib.build_graph(und).is_directed()


def test_methods_text_names_the_undirected_relation():
    s = load(CLASS, codebook(block(extra='directed = false\nsymmetrize = "both"\n')))
    assert "friend: only when both named each other" in s.methods_text()
    assert "friend: alleen als beiden elkaar noemden" in s.methods_text(lang="nl")
    assert "Undirected" not in load(CLASS, codebook(block(extra=""))).methods_text()


def test_undirected_relation_over_several_waves_in_one_file():
    """Round 1 (f*): 1 names 2, 2 names 1 -> one tie {1,2}. Round 2 (g*, wave "2"): 2 names 3
    -> one tie {2,3}; the graph of each round is undirected."""
    csv = "id,f1,g1\n1,2,\n2,1,3\n3,,\n"
    s = load(
        csv, codebook(block(), block(pattern="^g\\\\d$", extra='directed = false\nwave = "2"\n'))
    )
    assert sorted(zip(s.ties["wave"], s.ties["source"], s.ties["target"], strict=True)) == [
        ("1", "1", "2"),
        ("2", "2", "3"),
    ]
    assert reasons_of(s).count("undirected_pair") == 1
    for w, edge in (("1", ("1", "2")), ("2", ("2", "3"))):
        G = leerlib.build_graph(s, wave=w)
        assert not G.is_directed() and list(G.edges()) == [edge]


def reasons_of(survey) -> list[str]:
    return sorted(survey.log["reason"])


def test_krackhardt_friendship_either_way_matches_r_igraph(krackhardt_dir):
    """Krackhardt's friendship ties read as an undirected relation (a pair is a tie when
    either named the other: 102 arcs -> 79 edges) give the betweenness that R igraph 1.3.5
    computed on the same symmetrised network (reference/krack_friends_undirected_betw_Rigraph.csv,
    id i = manager M0i)."""
    from tests.datasets import load_krackhardt

    D = load_krackhardt("friendship", krackhardt_dir)
    ties = pd.DataFrame(list(D.edges()), columns=["source", "target"]).assign(
        topic="friend", wave="1", weight=1.0
    )
    G = leerlib.build_graph(ties, directed=False)
    assert (G.number_of_nodes(), G.number_of_edges()) == (21, 79)
    ref = pd.read_csv(krackhardt_dir / "reference" / "krack_friends_undirected_betw_Rigraph.csv")
    df = node_metrics(G)
    got = [df.loc[f"M{i:02d}", "betweenness"] for i in ref["id"]]
    assert got == pytest.approx(ref["b"].tolist(), abs=1e-9)


def test_estimated_undirected_measures_are_on_the_same_scale():
    """Above the exact limit (here forced with exact=False and 150 of 200 roots) the sampled
    betweenness of an undirected graph estimates the exact one: same total within 5 %, and
    the estimated columns are named. (A factor-2 slip between ordered and unordered pairs
    would show as a total off by half.)"""
    G = nx.gnp_random_graph(200, 0.03, seed=7)
    exact = node_metrics(G)
    est = node_metrics(G, exact=False, sample=150)
    assert est["betweenness"].sum() == pytest.approx(exact["betweenness"].sum(), rel=0.05)
    assert est.attrs["estimated"] == ["betweenness", "betweenness_norm", "closeness", "harmonic"]
    m = network_metrics(G, exact=False, sample=150)
    assert m["avg_distance"] == pytest.approx(network_metrics(G)["avg_distance"], rel=0.05)


def test_group_metrics_of_an_undirected_graph():
    """Teams x = {a, b, c}, y = {d, e}; edges a-b, b-c, a-d, d-e, c-e (hand count):
    x: 2 internal edges of 3 possible (density 2/3), 2 to y, E-I (2 - 2)/4 = 0;
    y: 1 internal edge of 1 (density 1), 2 to x, E-I (2 - 1)/3 = 1/3; mixing [[2, 2], [2, 1]].
    The same ties as two arcs each: internal ties double (4 and 2 arcs), density stays, but
    E-I over out-arcs counts an internal tie twice and a tie to the other team once:
    x (2 - 4)/6 = -1/3, y (2 - 2)/4 = 0."""
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "d"), ("d", "e"), ("c", "e")])
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}, "team")
    gm = group_metrics(G, "team")
    t = gm.table
    assert t["internal_ties"].tolist() == [2.0, 1.0]
    assert t["density"].tolist() == pytest.approx([2 / 3, 1.0])
    assert t["ties_out"].tolist() == t["ties_in"].tolist() == [2.0, 2.0]
    assert t["ei_index"].tolist() == pytest.approx([0.0, 1 / 3])
    assert gm.mixing.to_numpy().tolist() == [[2, 2], [2, 1]]
    d = group_metrics(G.to_directed(), "team").table
    assert d["internal_ties"].tolist() == [4.0, 2.0]
    assert d["density"].tolist() == pytest.approx(t["density"].tolist())
    assert d["ei_index"].tolist() == pytest.approx([-1 / 3, 0.0])


@pytest.mark.parametrize(
    ("section", "check"),
    [
        ("## Undirected relations", lambda cb: cb.undirected_topics() == {"vrienden": "either"}),
        ("## Several waves in one file", lambda cb: cb.waves() == ("1", "2")),
    ],
)
def test_codebook_doc_examples_read(section, check):
    """The snippets of docs/codebook.md on undirected relations and on several waves are
    valid codebook parts (with the minimal tables around them)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "codebook.md").read_text(
        encoding="utf-8"
    )
    part = text[text.index(section) :]
    snippet = re.search(r"```\n(.*?)```", part, re.S).group(1)
    topics = '[[topics]]\nkey = "vrienden"\n[[topics]]\nkey = "friend"\n'
    head = '[respondent]\ncolumn = "id"\nby = "id"\n' + topics
    if "[survey]" not in snippet:
        head = '[survey]\nwave = "1"\n' + head
    cb = leerlib.read_codebook(Source((head + snippet).encode(), "doc.toml"))
    assert check(cb)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from leerlib.clean import symmetrize_ties  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(
    arcs=st.sets(st.tuples(st.sampled_from("abcde"), st.sampled_from("abcde")), max_size=15).map(
        lambda s: sorted((u, v) for u, v in s if u != v)
    ),
    rule=st.sampled_from(["either", "both"]),
)
def test_symmetrize_ties_gives_union_or_intersection(arcs, rule):
    """Generated arcs (at most one per direction, as after merging duplicates): "either" keeps
    one tie per unordered pair named at least once, "both" one per pair named both ways;
    every arc is a tie or a log row; a second pass changes nothing."""
    t = pd.DataFrame(
        {
            "wave": "1",
            "file": "f",
            "row": range(2, 2 + len(arcs)),
            "column": "Q",
            "source": [u for u, _ in arcs],
            "target": [v for _, v in arcs],
            "topic": "vriend",
            "weight": 1.0,
            "raw_name": [v for _, v in arcs],
        }
    )
    out, log = symmetrize_ties(t, {"vriend": rule})
    named = {frozenset(a) for a in arcs}
    mutual = {frozenset(a) for a in arcs if (a[1], a[0]) in set(arcs)}
    got = [frozenset(p) for p in zip(out["source"], out["target"], strict=True)]
    assert len(got) == len(set(got))
    assert set(got) == (named if rule == "either" else mutual)
    assert len(out) + len(log) == len(arcs)
    again, more = symmetrize_ties(out, {"vriend": rule})
    assert len(more) == 0 and again.equals(out)


def test_an_undirected_round_stays_undirected_in_a_workspace(tmp_path):
    """The directed column is stored with the round: the stored survey's graph is undirected."""
    s = load(CLASS, codebook(block()))
    ws = leerlib.Workspace.create(str(tmp_path / "study.leerlib"), org="test")
    ws.add_round(s, name="1")
    back = ws.survey("1")
    assert back.ties["directed"].tolist() == [False, False, False]
    assert not leerlib.build_graph(back).is_directed()
