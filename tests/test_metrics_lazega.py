"""leerlib.metrics on data it was not tuned on: Lazega's law firm (71 lawyers), against networkx,
igraph and brute-force counts written out in the tests."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from leerlib.metrics import (
    brokerage,
    communities,
    krackhardt_gtd,
    modularity,
    network_metrics,
    node_metrics,
    transitivity_directed,
)
from tests.datasets import load_lazega
from tests.test_metrics import _burt_effective_size

TOL = 1e-9


@pytest.fixture(scope="module", params=["advice", "friendship"])
def lazega(request, shared_data):
    G = load_lazega(request.param, shared_data / "lazega")
    return G, node_metrics(G, "office"), network_metrics(G, "practice")


def _vec(G, d):
    return np.array([d[v] for v in G], dtype=float)


def test_sizes(lazega):
    G, m, net = lazega
    assert G.number_of_nodes() == 71
    assert net["ties"] == G.number_of_edges()


def test_path_measures_against_networkx(lazega):
    G, m, _ = lazega
    n = G.number_of_nodes()
    np.testing.assert_allclose(
        m["betweenness"], _vec(G, nx.betweenness_centrality(G, normalized=False)), atol=TOL
    )
    np.testing.assert_allclose(m["closeness_in"], _vec(G, nx.closeness_centrality(G)), atol=TOL)
    np.testing.assert_allclose(
        m["closeness_out"], _vec(G, nx.closeness_centrality(G.reverse())), atol=TOL
    )
    np.testing.assert_allclose(
        m["harmonic_in"] * (n - 1), _vec(G, nx.harmonic_centrality(G)), atol=TOL
    )
    np.testing.assert_allclose(
        m["harmonic_out"] * (n - 1), _vec(G, nx.harmonic_centrality(G.reverse())), atol=TOL
    )


def test_local_measures_against_networkx(lazega):
    G, m, _ = lazega
    np.testing.assert_allclose(m["pagerank"], _vec(G, nx.pagerank(G, tol=1e-13)), atol=1e-9)
    from leerlib.metrics._common import igraph_of

    np.testing.assert_allclose(m["pagerank"], igraph_of(G).pagerank(), atol=1e-12)
    U = G.to_undirected()
    np.testing.assert_allclose(m["clustering"], _vec(G, nx.clustering(U)), atol=TOL)
    np.testing.assert_allclose(m["k_core"], _vec(G, nx.core_number(U)), atol=TOL)
    np.testing.assert_allclose(m["constraint"], _vec(G, nx.constraint(G)), atol=TOL)
    # networkx's per-node effective size is slow (seconds): every 7th lawyer; all by formula
    some = list(G)[::7]
    es = _vec(some, nx.effective_size(G, nodes=some))
    ok = ~np.isnan(es)
    np.testing.assert_allclose(m.loc[some, "effective_size"].to_numpy()[ok], es[ok], atol=TOL)
    np.testing.assert_allclose(
        m["effective_size"], [_burt_effective_size(G, v) for v in G], atol=TOL
    )


def test_eigenvector_on_the_strong_core(lazega):
    """Eigenvector is NaN unless strongly connected; on the largest strong component it matches
    networkx (in-ties, unit length) after rescaling to max 1."""
    G, m, _ = lazega
    core = G.subgraph(max(nx.strongly_connected_components(G), key=len)).copy()
    ours = node_metrics(core)["eigenvector"]
    ref = _vec(core, nx.eigenvector_centrality_numpy(core))
    np.testing.assert_allclose(ours, ref / ref.max(), atol=1e-9)
    if nx.is_strongly_connected(G):
        assert m["eigenvector"].notna().all()
    else:
        assert m["eigenvector"].isna().all()


def _brute_brokerage(G, group):
    """Gould & Fernandez by definition: every broker v and ordered pair (a, b) in a triple loop."""
    g = nx.get_node_attributes(G, group)
    out = {v: [0] * 5 for v in G}
    for v in G:
        for a in G.predecessors(v):
            for b in G.successors(v):
                if a == b or G.has_edge(a, b):
                    continue
                ga, gv, gb = g[a], g[v], g[b]
                if ga == gv == gb:
                    k = 0
                elif ga == gb:
                    k = 1
                elif ga == gv:
                    k = 2
                elif gv == gb:
                    k = 3
                else:
                    k = 4
                out[v][k] += 1
    return np.array([out[v] for v in G], dtype=float)


@pytest.mark.parametrize("group", ["office", "practice", "status", "law_school"])
def test_brokerage_against_triple_loop(lazega, group):
    G = lazega[0]
    b = brokerage(G, group)
    roles = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]
    np.testing.assert_array_equal(b[roles].to_numpy(), _brute_brokerage(G, group))


def test_network_measures_against_second_implementations(lazega):
    G, _, net = lazega
    assert net["reciprocity_edgewise"] == pytest.approx(nx.overall_reciprocity(G), abs=TOL)
    assert net["transitivity_undirected"] == pytest.approx(
        nx.transitivity(G.to_undirected()), abs=TOL
    )
    # weak transitivity by brute force: closed two-paths / two-paths
    two = closed = 0
    for j in G:
        for i in G.predecessors(j):
            for k in G.successors(j):
                if i != k:
                    two += 1
                    closed += G.has_edge(i, k)
    assert transitivity_directed(G) == pytest.approx(closed / two, abs=TOL)
    assert net["assortativity"] == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "practice"), abs=1e-9
    )
    assert net["strong_components"] == nx.number_strongly_connected_components(G)
    assert net["weak_components"] == nx.number_weakly_connected_components(G)


def test_distances_against_networkx(lazega):
    G, _, net = lazega
    comp = G.subgraph(max(nx.weakly_connected_components(G), key=len))
    lengths = [d for _, dd in nx.all_pairs_shortest_path_length(comp) for d in dd.values() if d > 0]
    assert net["avg_distance"] == pytest.approx(np.mean(lengths), abs=TOL)
    assert net["diameter"] == max(lengths)


def test_krackhardt_hierarchy_by_closure(lazega):
    """Hierarchy from networkx's transitive closure: 1 - mutual / any reachability."""
    G = lazega[0]
    R = nx.transitive_closure(G, reflexive=False)
    pairs = [(u, v) for u, v in itertools.permutations(G, 2)]
    either = sum(1 for u, v in pairs if R.has_edge(u, v) or R.has_edge(v, u))
    both = sum(1 for u, v in pairs if R.has_edge(u, v) and R.has_edge(v, u))
    assert krackhardt_gtd(G)["hierarchy"] == pytest.approx(1 - both / either, abs=TOL)


def test_modularity_against_networkx(lazega):
    G = lazega[0]
    part = communities(G, seed=3)
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v in G.edges():
        w = U.edges[u, v]["weight"] + 1.0 if U.has_edge(u, v) else 1.0
        U.add_edge(u, v, weight=w)
    blocks = {}
    for v, c in part.items():
        blocks.setdefault(c, set()).add(v)
    ref = nx.community.modularity(U, blocks.values(), weight="weight")
    assert modularity(G, part) == pytest.approx(ref, abs=TOL)
