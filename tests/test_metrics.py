"""leerlib.metrics against the Krackhardt reference values of R sna 2.7-1, R igraph 1.3.5, python-igraph
1.0 and networkx 3.6.1 (../shared/data/krackhardt/reference, README there), to 1e-9."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import leerlib
from leerlib.metrics import (
    krackhardt_gtd,
    network_metrics,
    node_metrics,
)
from tests.datasets import load_krackhardt

TOL = 1e-9

#: (relation, grouping attribute, file stem) of the reference cases.
CASES = [
    ("advice", "dept_code", "krack_advice_dept"),
    ("advice", "level_code", "krack_advice_level"),
    ("friendship", "dept_code", "krack_friends_dept"),
    ("toy", "grp", "toy_isolate"),
]


def toy_graph() -> nx.DiGraph:
    """The reference toy graph: 5 nodes, groups a, a, b, b, b; the 3-cycle 1 -> 2 -> 3 -> 1,
    the sink 4 (3 -> 4) and the isolate 5. The edges are read off the reference in- and
    out-degrees (1,1,1,1,0 and 1,1,2,0,0) and its raw betweenness (1, 2, 3, 0, 0), which only
    this orientation of the cycle gives."""
    G = nx.DiGraph()
    G.add_nodes_from((str(i), {"grp": g}) for i, g in zip(range(1, 6), "aabbb", strict=True))
    G.add_edges_from([("1", "2"), ("2", "3"), ("3", "1"), ("3", "4")])
    return G


@pytest.fixture(scope="module", params=CASES, ids=[c[2] for c in CASES])
def case(request, krackhardt_dir):
    relation, group, stem = request.param
    G = toy_graph() if relation == "toy" else load_krackhardt(relation, krackhardt_dir)
    ref = krackhardt_dir / "reference"
    node = pd.read_csv(ref / f"{stem}_node.csv")
    py = pd.read_csv(ref / f"{stem}_py_node.csv")
    exp = pd.read_csv(ref / f"{stem}_brokerage_expected.csv")
    graph = pd.read_csv(ref / f"{stem}_graph.csv").set_index("metric")["value"]
    return {
        "G": G,
        "group": group,
        "stem": stem,
        "node": node,
        "py": py,
        "expected": exp,
        "graph": graph,
        "m": node_metrics(G, group),
        "net": network_metrics(G, group),
    }


def close(ours, theirs, tol=TOL):
    a = np.asarray(ours, dtype=float)
    b = np.asarray(theirs, dtype=float)
    assert a.shape == b.shape
    assert np.array_equal(np.isnan(a), np.isnan(b)), (a, b)
    ok = ~np.isnan(a)
    np.testing.assert_allclose(a[ok], b[ok], rtol=0, atol=tol)


def test_rows_follow_reference_ids(case):
    """Reference id i is manager M0i (README); the toy keeps ids 1..5."""
    expected = (
        [str(i) for i in case["node"]["id"]]
        if case["stem"].startswith("toy")
        else [f"M{i:02d}" for i in case["node"]["id"]]
    )
    assert list(case["m"].index) == expected


def test_degrees(case):
    m, r, py = case["m"], case["node"], case["py"]
    close(m["in_degree"], r["indeg_sna"])
    close(m["out_degree"], r["outdeg_sna"])
    close(m["in_degree"], py["indeg_nx"])
    close(m["in_strength"], r["indeg_ig"])  # all weights 1.0


def test_betweenness_raw_and_normalised(case):
    """Raw = sna = igraph; normalised = raw / ((n-1)(n-2)) = R igraph and networkx normalised."""
    m, r, py = case["m"], case["node"], case["py"]
    close(m["betweenness"], r["betw_sna_raw"])
    close(m["betweenness"], py["betw_pyig_raw"])
    close(m["betweenness_norm"], r["betw_ig_norm"])
    close(m["betweenness_norm"], py["betw_nx_norm"])


def test_closeness_and_its_conversions(case):
    """leerlib = Wasserman-Faust = networkx on G (in) and G.reverse() (out); igraph normalised
    = leerlib * (n-1) / r; sna = leerlib where r = n-1 else 0."""
    G, m, r, py = case["G"], case["m"], case["node"], case["py"]
    n = G.number_of_nodes()
    close(m["closeness_out"], py["clo_nx_out_wf"])
    close(m["closeness_in"], py["clo_nx_in_wf"])
    reach_out = np.array([len(nx.descendants(G, v)) for v in G], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        as_igraph = np.where(reach_out > 0, m["closeness_out"] * (n - 1) / reach_out, np.nan)
    close(as_igraph, r["clo_ig_out_norm"])
    close(np.where(reach_out == n - 1, m["closeness_out"], 0.0), r["clo_sna_out"])
    reach_in = np.array([len(nx.ancestors(G, v)) for v in G], dtype=float)
    close(np.where(reach_in == n - 1, m["closeness_in"], 0.0), r["clo_sna_in"])


def test_harmonic(case):
    """leerlib out = sna suminvdir; times n-1 = igraph / networkx unnormalised sums."""
    G, m, r, py = case["G"], case["m"], case["node"], case["py"]
    n = G.number_of_nodes()
    close(m["harmonic_out"], r["clo_sna_suminv_out"])
    close(m["harmonic_out"] * (n - 1), r["harm_ig_out"])
    close(m["harmonic_in"] * (n - 1), r["harm_ig_in"])
    close(m["harmonic_in"] * (n - 1), py["harm_nx_in"])


def test_eigenvector_where_defined(case):
    """Defined only on strongly connected graphs (advice); NaN elsewhere (friendship has 3
    strong components, the toy 3)."""
    m, r, py = case["m"], case["node"], case["py"]
    if case["graph"]["n_strong_components"] == 1:
        close(m["eigenvector"], r["evc_ig_dir_scaled"])
        unit = m["eigenvector"] / np.linalg.norm(m["eigenvector"])
        close(unit, r["evc_sna_inties"])
        close(unit, py["evc_nx_in_l2"], tol=1e-6)  # networkx's power iteration stops at 1e-6
    else:
        assert m["eigenvector"].isna().all()


def test_constraint_and_clustering(case):
    m, r, py = case["m"], case["node"], case["py"]
    close(m["constraint"], r["constraint_ig"])
    close(m["constraint"], py["constraint_pyig"])
    close(m["clustering"], r["transitivity_local_ig_undir"])


def test_effective_size_against_networkx(case):
    """No sna counterpart: networkx ``effective_size`` is the second implementation, called with
    ``nodes=`` so that it takes its per-node path (Burt's formula). Its all-nodes fast path in
    networkx 3.6.1 divides the mutual weights by the maximum of the wrong axis and differs on
    the friendship network (M05: 6.577 against 6.462 by hand)."""
    G, m = case["G"], case["m"]
    ref = nx.effective_size(G, nodes=list(G))
    ours = m["effective_size"].to_numpy()
    theirs = np.array([ref[v] for v in G])
    asked_only = (m["out_degree"] == 0).to_numpy() & (m["in_degree"] > 0).to_numpy()
    # networkx's per-node path returns NaN for people who are named but name nobody
    assert np.isnan(theirs[asked_only]).all()
    close(ours[~asked_only], theirs[~asked_only])
    close(ours, [_burt_effective_size(G, v) for v in G])


def _burt_effective_size(G, v):
    """Burt (1992) written out: sum over contacts j of 1 - sum_q p_vq m_jq (mutual weights)."""

    def s(a, b):
        return G.has_edge(a, b) + G.has_edge(b, a)

    nb = set(G.predecessors(v)) | set(G.successors(v))
    if not nb:
        return np.nan
    tot = sum(s(v, q) for q in nb)
    out = 0.0
    for j in nb:
        top = max(s(j, k) for k in set(G.predecessors(j)) | set(G.successors(j)))
        out += 1 - sum(s(v, q) / tot * s(j, q) / top for q in nb)
    return out


def test_k_core_against_networkx(case):
    G, m = case["G"], case["m"]
    ref = nx.core_number(G.to_undirected())
    close(m["k_core"], [ref[v] for v in G])


def test_brokerage_counts_expected_and_z(case):
    """Raw counts, expected counts and z-scores of R sna ``brokerage()``; raw also against the
    brute-force count in the *_py_node files."""
    m, r, py, e = case["m"], case["node"], case["py"], case["expected"]
    sna = ["w_I", "w_O", "b_IO", "b_OI", "b_O", "t"]
    ours = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]
    ours = [*ours, "brokerage_total"]
    for s, o in zip(sna, ours, strict=True):
        close(m[o], r[f"brk_{s}"])
        close(m[f"{o}_expected"], e[s])
        close(m[f"{o}_z"], r[f"brkz_{s}"])
        if s != "t":
            close(m[o], py[f"brk_bf_{s}"])


def test_ei_index(case):
    close(case["m"]["ei_index"], case["node"]["ei_out"])


def test_isolate_and_responded(case):
    m = case["m"]
    assert m["responded"].all()
    assert int(m["isolate"].sum()) == int(case["graph"]["isolates"])


GRAPH_PAIRS = {
    "density": "density_sna",
    "reciprocity_edgewise": "recip_sna_edgewise",
    "reciprocity_dyadic": "recip_sna_dyadic",
    "reciprocity_mutual_share": "recip_sna_dyadic_nonnull",
    "transitivity_directed": "trans_sna_weak",
    "transitivity_undirected": "trans_ig_global_undirected",
    "centralization_indegree": "centralization_indeg_sna",
    "centralization_outdegree": "centralization_outdeg_sna",
    "centralization_betweenness": "centralization_betw_sna",
    "ei_index": "ei_index_graph",
    "connectedness": "connectedness_krackhardt_sna",
    "hierarchy": "hierarchy_krackhardt_sna",
    "efficiency": "efficiency_krackhardt_sna",
    "n": "n",
    "ties": "arcs",
    "strong_components": "n_strong_components",
    "weak_components": "n_weak_components",
    "isolates": "isolates",
}


@pytest.mark.parametrize("ours, theirs", GRAPH_PAIRS.items(), ids=list(GRAPH_PAIRS))
def test_network_measures(case, ours, theirs):
    assert case["net"][ours] == pytest.approx(case["graph"][theirs], abs=TOL)


def test_reciprocity_against_igraph_names(case):
    assert case["net"]["reciprocity_edgewise"] == pytest.approx(case["graph"]["recip_ig_default"])
    assert case["net"]["reciprocity_mutual_share"] == pytest.approx(case["graph"]["recip_ig_ratio"])


def test_lubness_convention(case):
    """sna reads an edge as superior -> subordinate; leerlib as 'turns to' (subordinate ->
    superior). sna's lubness(A) is leerlib's value on G.reverse()."""
    assert krackhardt_gtd(case["G"].reverse())["lubness"] == pytest.approx(
        case["graph"]["lubness_krackhardt_sna"], abs=TOL
    )


def test_lubness_of_reports_to_is_one(krackhardt_dir):
    """Hand reasoning: every manager reports up one chain to the CEO (a tree pointing upward),
    so every pair has a least upper bound in leerlib's direction; hierarchy is 1 because no two
    managers reach each other both ways; efficiency 1 because 20 ties join 21 people."""
    gtd = krackhardt_gtd(load_krackhardt("reports_to", krackhardt_dir))
    assert gtd == pytest.approx(
        {"connectedness": 1.0, "hierarchy": 1.0, "efficiency": 1.0, "lubness": 1.0}
    )


def test_two_bosses_without_common_boss_break_lubness():
    """Hand count: a reports to b and to c; b and c have no upper bound in common: 1 violation
    of the (3-1)(3-2)/2 = 1 possible."""
    assert krackhardt_gtd(nx.DiGraph([("a", "b"), ("a", "c")]))["lubness"] == 0.0


@pytest.mark.parametrize(
    "sna, ours",
    [
        ("w_I", "brokerage_coordinator"),
        ("w_O", "brokerage_itinerant"),
        ("b_IO", "brokerage_representative"),
        ("b_OI", "brokerage_gatekeeper"),
        ("b_O", "brokerage_liaison"),
        ("t", "brokerage_total"),
    ],
)
def test_graph_level_brokerage(case, sna, ours):
    """sna's global raw counts and expected counts (brk_graph_raw_*, brk_graph_exp_*)."""
    assert case["net"][ours] == case["graph"][f"brk_graph_raw_{sna}"]
    assert case["net"][f"{ours}_expected"] == pytest.approx(
        case["graph"][f"brk_graph_exp_{sna}"], abs=TOL
    )


def test_public_names_at_package_root():
    assert leerlib.node_metrics is node_metrics
    from leerlib.graph import build_graph

    assert leerlib.build_graph is build_graph
