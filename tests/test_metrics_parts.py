"""Groups, communities, roles, non-response flags and invariants of leerlib.metrics (hand counts and
property tests)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerlib.errors import SchemaError
from leerlib.metrics import (
    FIRMNESS_TEXT,
    ROLE_TEXT,
    brokerage,
    centralization,
    communities,
    community_stability,
    ei_index,
    group_metrics,
    network_metrics,
    node_metrics,
    reciprocity,
    roles,
)
from tests.test_metrics_lazega import _brute_brokerage

ROLES5 = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]


@st.composite
def grouped_digraphs(draw):
    n = draw(st.integers(2, 9))
    groups = draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n))
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=len(pairs), unique=True))
    G = nx.DiGraph()
    G.add_nodes_from((f"p{i}", {"team": groups[i]}) for i in range(n))
    G.add_edges_from((f"p{u}", f"p{v}") for u, v in chosen)
    return G


@settings(max_examples=60, deadline=None)
@given(grouped_digraphs())
def test_brokerage_matches_the_definition(G):
    """Vectorised counts = the triple loop over (a, v, b) of Gould & Fernandez's definition."""
    b = brokerage(G, "team")
    np.testing.assert_array_equal(b[ROLES5].to_numpy(), _brute_brokerage(G, "team"))
    np.testing.assert_array_equal(b["brokerage_total"], b[ROLES5].sum(axis=1))


@settings(max_examples=40, deadline=None)
@given(grouped_digraphs())
def test_table_invariants(G):
    m = node_metrics(G, "team")
    assert m["in_degree"].sum() == m["out_degree"].sum() == G.number_of_edges()
    assert list(m.index) == list(G)
    if G.number_of_edges():
        assert m["pagerank"].sum() == pytest.approx(1.0)
    gm = group_metrics(G, "team")
    assert gm.mixing.to_numpy().sum() == G.number_of_edges()
    assert gm.table["ties_out"].sum() == gm.table["ties_in"].sum()
    assert gm.table["size"].sum() == G.number_of_nodes()


def test_group_metrics_hand_count():
    """Teams x = {a, b, c}, y = {d, e}. Ties: a->b, b->a, b->c (internal x: 3), c->d, e->a
    (across), d->e (internal y). x: density 3/6, out 1 (c->d), in 1 (e->a), E-I (1-3)/4.
    y: density 1/2, out 1, in 1, E-I (1-1)/2 = 0."""
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("e", "a"), ("d", "e")])
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}, "team")
    gm = group_metrics(G, "team")
    t = gm.table
    assert t.loc["x"].tolist() == pytest.approx([3, 3, 3, 0.5, 1, 1, -0.5])
    assert t.loc["y"].tolist() == pytest.approx([2, 2, 1, 0.5, 1, 1, 0.0])
    assert gm.mixing.loc["x"].tolist() == [3, 1]
    assert gm.mixing_share.loc["x"].tolist() == pytest.approx([0.75, 0.25])
    assert gm["mixing"] is gm.mixing


def test_ei_index_and_reciprocity_hand_counts():
    """a names b (own team) and c, d (other team): E-I (2 - 1) / 3. Reciprocity: a<->b mutual,
    a->c, a->d: edgewise 2/4, mutual share 1/3, dyadic (1 mutual + 3 null) / 6 pairs."""
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c"), ("a", "d")])
    nx.set_node_attributes(G, {"a": 1, "b": 1, "c": 2, "d": 2}, "team")
    assert ei_index(G, "team")["a"] == pytest.approx(1 / 3)
    assert np.isnan(ei_index(G, "team")["c"])
    r = reciprocity(G)
    assert (r["edgewise"], r["mutual_share"], r["dyadic"]) == pytest.approx((0.5, 1 / 3, 4 / 6))


def test_centralization_star_is_one_and_ring_is_zero():
    """Freeman: an in-star reaches the (n-1)^2 maximum; a directed ring has no spread."""
    star = nx.DiGraph([(f"s{i}", "hub") for i in range(5)])
    ring = nx.cycle_graph(6, create_using=nx.DiGraph)
    assert network_metrics(star)["centralization_indegree"] == pytest.approx(1.0)
    assert network_metrics(ring)["centralization_indegree"] == pytest.approx(0.0)
    assert network_metrics(ring)["centralization_betweenness"] == pytest.approx(0.0)
    assert centralization([0, 0], 2, "degree") != centralization([0, 0], 2, "degree")  # NaN


def _two_cliques():
    G = nx.DiGraph()
    for block in ("abcde", "fghij"):
        G.add_edges_from((u, v) for u in block for v in block if u != v)
    G.add_edge("a", "f")
    return G


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_communities_find_two_cliques_deterministically(method):
    G = _two_cliques()
    part = communities(G, method=method, seed=7)
    assert part == communities(G, method=method, seed=7)
    assert {part[v] for v in "abcde"} == {0} and {part[v] for v in "fghij"} == {1}


def test_communities_are_numbered_by_size():
    G = _two_cliques()
    G.add_edges_from([("x", "y"), ("y", "x")])
    G.add_node("lonely")
    part = communities(G, seed=0)
    sizes = pd.Series(part).value_counts().sort_index()
    assert sizes.is_monotonic_decreasing
    assert part["lonely"] == max(part.values())


def test_unknown_method_raises():
    with pytest.raises(SchemaError, match="louvain"):
        communities(_two_cliques(), method="kmeans")


def test_stability_of_clear_and_of_random_structure():
    """Two cliques: every run agrees (ARI 1, 'firm'). A sparse random graph: runs disagree."""
    st_clear = community_stability(_two_cliques(), runs=8)
    assert st_clear.mean_ari == pytest.approx(1.0)
    assert st_clear.firmness == "firm" and st_clear.text == FIRMNESS_TEXT["firm"]
    assert st_clear.pair_share("a", "b") == 1.0 and st_clear.pair_share("a", "g") == 0.0
    assert (st_clear.node_stability == 1.0).all()
    R = nx.gnp_random_graph(60, 0.05, seed=3, directed=True)
    st_rand = community_stability(R, runs=12)
    assert st_rand.mean_ari < 1.0
    assert st_rand.node_stability.between(0, 1).all()
    assert set(st_rand.partition) == set(R)


def test_ari_matches_a_written_out_formula():
    """igraph's ARI (used between runs) against Hubert & Arabie's formula by hand."""
    import igraph as ig
    from scipy.special import comb

    a = [0, 0, 0, 1, 1, 1, 2, 2]
    b = [0, 0, 1, 1, 1, 2, 2, 2]
    ct = pd.crosstab(pd.Series(a), pd.Series(b)).to_numpy()
    index = comb(ct, 2).sum()
    ra, rb, n2 = comb(ct.sum(1), 2).sum(), comb(ct.sum(0), 2).sum(), comb(len(a), 2)
    expected = (index - ra * rb / n2) / ((ra + rb) / 2 - ra * rb / n2)
    assert ig.compare_communities(a, b, method="adjusted_rand") == pytest.approx(expected)


def test_roles_hand_built():
    """Hand count: seven people ask 'hub' (in-degree 7, the top decile); hub asks x, so hub lies
    on the 7 chains a -> hub -> x (top betweenness); x has one contact (the bottom decile); z has
    no ties; q did not respond and nobody names q (no data, not an isolate)."""
    G = nx.DiGraph([(p, "hub") for p in "abcdefg"] + [("hub", "x")])
    G.add_nodes_from(["z", "q"])
    nx.set_node_attributes(G, True, "responded")
    G.nodes["q"]["responded"] = False
    r = roles(G)
    assert r.loc["hub", "role"] == "go_to" and r.loc["hub", "broker"]
    assert r.loc["z", "role"] == "isolate"
    assert r.loc["q", "role"] == "no_data" and r.loc["q", "isolate"]
    assert r.loc["x", "role"] == "on_edge"
    assert set(r["role"]) <= set(ROLE_TEXT)
    assert all(set(t) == {"nl", "en"} for t in ROLE_TEXT.values())


def test_roles_single_nomination_never_makes_a_go_to():
    G = nx.DiGraph([("a", "b")])
    assert not roles(G)["go_to"].any()


def test_roles_with_group_brokerage():
    """c sits between two teams: a, b (team 1) ask c (team 2), c asks d, e (team 3)."""
    G = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "d"), ("c", "e"), ("a", "b"), ("d", "e")])
    nx.set_node_attributes(G, {"a": 1, "b": 1, "c": 2, "d": 3, "e": 3}, "team")
    r = roles(G, group="team")
    assert r.loc["c", "broker"]


def test_low_response_flags_fragile_measures():
    """3 of 10 internal people did not respond (70% < 80%): fragile measures are flagged; the
    external x is not counted."""
    G = nx.gnp_random_graph(10, 0.3, seed=1, directed=True)
    G = nx.relabel_nodes(G, {i: f"p{i}" for i in G})
    nx.set_node_attributes(G, True, "responded")
    for p in ("p0", "p1", "p2"):
        G.nodes[p]["responded"] = False
    G.add_node("x", internal=False, responded=False)
    m = node_metrics(G)
    assert m.attrs["response_rate"] == pytest.approx(0.7)
    assert m.attrs["n_responded"] == 7 and m.attrs["n_internal"] == 10
    assert {"betweenness", "out_degree", "constraint"} <= set(m.attrs["fragile"])
    assert "in_degree" not in m.attrs["fragile"]
    assert "betweenness" not in node_metrics(G, response_threshold=0.6).attrs["fragile"]
    net = network_metrics(G)
    assert net["response_rate"] == pytest.approx(0.7) and "density" in net["fragile"]
    assert group_metrics(G, {v: "t" for v in G}).info["response_rate"] == pytest.approx(0.7)


def test_estimated_path_measures_are_flagged_and_close():
    """Forcing the sampled path (exact=False): flagged in attrs and close to the exact values."""
    G = nx.gnp_random_graph(40, 0.1, seed=2, directed=True)
    exact = node_metrics(G)
    est = node_metrics(G, exact=False, sample=39, seed=0)
    assert "betweenness" in est.attrs["estimated"] and not exact.attrs["estimated"]
    assert est["betweenness"].corr(exact["betweenness"]) > 0.9
    assert est["harmonic_in"].corr(exact["harmonic_in"]) > 0.9


def test_sampled_distance_estimator_is_exact_with_all_roots():
    """With every person as a root the estimator must give the exact values, which must
    equal igraph's closeness (times r/(n-1)) and harmonic centrality."""
    from leerlib.metrics._common import igraph_of
    from leerlib.metrics.centrality import (
        _distance_measures,
        _reach_counts,
        _sources_sample,
    )

    G = nx.gnp_random_graph(30, 0.08, seed=5, directed=True)
    g = igraph_of(G)
    exact = _distance_measures(g)
    src = _sources_sample(30, 29, 0)  # all but one root: estimator path
    assert src is not None and len(src) == 29
    est = _distance_measures(g, sample=29)
    assert set(est) == set(exact)
    for mode in ("in", "out"):
        r = _reach_counts(g, mode)
        clo = np.nan_to_num(np.asarray(g.closeness(mode=mode), dtype=float)) * r / 29
        np.testing.assert_allclose(exact[f"closeness_{mode}"], clo, atol=1e-12)
        harm = np.asarray(g.harmonic_centrality(mode=mode, normalized=True), dtype=float)
        np.testing.assert_allclose(exact[f"harmonic_{mode}"], harm, atol=1e-12)
        assert np.corrcoef(est[f"harmonic_{mode}"], exact[f"harmonic_{mode}"])[0, 1] > 0.95


@pytest.mark.parametrize(
    "call",
    [
        # node_metrics measures undirected graphs since issue 18; reciprocity needs direction
        lambda: reciprocity(nx.Graph([("a", "b")])),
        lambda: network_metrics("not a graph"),
        lambda: brokerage(nx.DiGraph([("a", "b")]), "team"),
    ],
    ids=["undirected", "not-a-graph", "missing-attribute"],
)
def test_errors_are_leerlib_errors(call):
    with pytest.raises(SchemaError):
        call()


def test_empty_and_tiny_graphs_do_not_crash():
    for G in (nx.DiGraph(), nx.DiGraph([("a", "b")])):
        m = node_metrics(G)
        assert len(m) == G.number_of_nodes()
        net = network_metrics(G)
        assert net["n"] == G.number_of_nodes()


def test_sample_survey_end_to_end():
    """The bundled sample: node table, groups, roles on the latest wave's graph."""
    from leerlib.graph import build_graph
    from leerlib.sample import load_sample

    s = load_sample()
    G = build_graph(s)
    m = node_metrics(G, "team")
    assert m.attrs["response_rate"] == pytest.approx(G.graph["response_rate"])
    r = roles(G, group="team", metrics=m)
    assert r["go_to"].any() and (r["role"] == "member").any()
    gm = group_metrics(G, "school")
    assert gm.mixing.to_numpy().sum() == G.number_of_edges()


@settings(max_examples=40, deadline=None)
@given(grouped_digraphs())
def test_reach_counts_by_condensation_equal_bfs(G):
    """Reach sets propagated over strong components = igraph's BFS neighbourhood sizes."""
    from leerlib.metrics._common import igraph_of
    from leerlib.metrics.centrality import _reach_counts

    g = igraph_of(G)
    n = g.vcount()
    for mode in ("out", "in"):
        bfs = np.asarray(g.neighborhood_size(order=n, mode=mode)) - 1
        np.testing.assert_array_equal(_reach_counts(g, mode), bfs)
        np.testing.assert_array_equal(_reach_counts(g, mode, max_components=0), bfs)


def test_weighted_measures_against_networkx():
    """With weight="weight" (topic counts x frequency on the sample), pagerank, constraint and
    effective size follow the tie strengths as networkx computes them."""
    from leerlib.graph import build_graph
    from leerlib.sample import load_sample

    G = build_graph(load_sample("2025"))
    m = node_metrics(G, weight="weight")
    vec = lambda d: np.array([d[v] for v in G], dtype=float)  # noqa: E731
    np.testing.assert_allclose(
        m["pagerank"], vec(nx.pagerank(G, weight="weight", tol=1e-14)), atol=1e-10
    )
    np.testing.assert_allclose(m["constraint"], vec(nx.constraint(G, weight="weight")), atol=1e-9)
    some = list(G)[::9]
    es = nx.effective_size(G, nodes=some, weight="weight")
    ok = [v for v in some if not np.isnan(es[v])]
    np.testing.assert_allclose(m.loc[ok, "effective_size"], [es[v] for v in ok], atol=1e-9)
    np.testing.assert_allclose(m["in_strength"], vec(dict(G.in_degree(weight="weight"))))


def test_network_metrics_sampled_paths_are_flagged_and_close():
    """exact=False: betweenness centralisation and distances from 60 of 80 roots, flagged; the
    sampled diameter is a lower bound of the exact one."""
    G = nx.gnp_random_graph(80, 0.06, seed=4, directed=True)
    exact = network_metrics(G)
    est = network_metrics(G, exact=False, sample=60)
    assert exact["estimated"] == []
    assert set(est["estimated"]) == {"centralization_betweenness", "avg_distance", "diameter"}
    assert est["avg_distance"] == pytest.approx(exact["avg_distance"], rel=0.1)
    assert 0 < est["diameter"] <= exact["diameter"]
    assert est["centralization_betweenness"] == pytest.approx(
        exact["centralization_betweenness"], rel=0.5
    )


@settings(max_examples=60, deadline=None)
@given(grouped_digraphs())
def test_krackhardt_dimensions_match_their_definitions(G):
    """Hierarchy and lub-ness pair by pair as Krackhardt (1994) defines them, against the
    component-level computation."""
    import itertools

    from leerlib.metrics import krackhardt_gtd

    if G.number_of_nodes() < 2:
        return
    up = {v: nx.descendants(G, v) | {v} for v in G}  # reflexive reach
    either = sum(1 for i, j in itertools.permutations(G, 2) if j in up[i] or i in up[j])
    both = sum(1 for i, j in itertools.permutations(G, 2) if j in up[i] and i in up[j])
    violations = max_v = 0
    for comp in nx.weakly_connected_components(G):
        s = len(comp)
        max_v += (s - 1) * (s - 2) / 2
        for i, j in itertools.combinations(comp, 2):
            ub = up[i] & up[j]
            if not any(ub <= up[L] for L in ub):
                violations += 1
    gtd = krackhardt_gtd(G)
    assert gtd["hierarchy"] == pytest.approx(1 - both / either if either else 0.0)
    if max_v:
        assert gtd["lubness"] == pytest.approx(1 - violations / max_v)


def test_large_network_path_for_krackhardt_dimensions(monkeypatch):
    """Above the strong-component limit lub-ness is skipped and hierarchy comes from reach
    counts; it must equal the pairwise computation."""
    import leerlib.metrics.network as network

    G = nx.gnp_random_graph(50, 0.04, seed=8, directed=True)
    small = network.network_metrics(G)
    monkeypatch.setattr(network, "KRACKHARDT_LIMIT", 0)
    big = network.network_metrics(G)
    assert big["skipped"] == ["lubness"] and np.isnan(big["lubness"])
    for key in ("hierarchy", "connectedness", "efficiency"):
        assert big[key] == pytest.approx(small[key])
