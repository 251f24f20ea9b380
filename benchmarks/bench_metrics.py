"""Metrics benchmark: the full node table against bare igraph and networkx alone, 1,000 / 10,000 / 50,000 people.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_metrics`` (``--sizes 1000``
to pick sizes, ``--nx-sizes 1000`` for the sizes at which networkx alone is timed; networkx at
10,000 people takes far too long, so by default it runs at 1,000 only). Every size uses
``leerlib.sample.synthetic_graph`` (about 10 ties per person) and times, in the same process:

* ``leerlib``: ``node_metrics(G, "team")``, the whole table (degrees and strengths, raw and
  normalised betweenness, closeness and harmonic in and out, pagerank, eigenvector, constraint,
  effective size, clustering, k-core, the five brokerage roles with expected counts and z-scores,
  E-I, responded, isolate), starting from the networkx graph.
* ``igraph``: bare python-igraph calls for the measures igraph has (degrees, strengths,
  betweenness, igraph's own closeness in and out, harmonic in and out, pagerank, eigenvector,
  constraint, local transitivity, coreness) on a graph already in igraph form. igraph has no
  brokerage, effective size or E-I, and its closeness needs no reach counts, so this baseline does
  strictly less work than leerlib.
* ``networkx``: the same measures with networkx alone (no brokerage: networkx has none).

Above 20,000 people leerlib estimates the path-based measures from 500 BFS roots (flagged in the
table's attrs); the igraph baseline then makes the same sampled calls. Results are reported as
ratios (same run, same machine) with absolute seconds beside them, and written to
benchmarks/results/metrics.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from leerlib.graph import build_graph  # noqa: E402
from leerlib.metrics import node_metrics  # noqa: E402
from leerlib.metrics.node import EXACT_LIMIT  # noqa: E402
from leerlib.sample import synthetic_graph  # noqa: E402

__all__ = ["main", "bare_igraph", "networkx_alone"]

SAMPLE = 500


def _timed(fn):
    """Wall time of one call, and its result."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def bare_igraph(g, exact: bool, seed: int = 0) -> None:
    """The node measures igraph offers, called directly (sampled roots when not exact)."""
    n = g.vcount()
    g.indegree()
    g.outdegree()
    g.strength(mode="in", weights="weight")
    g.strength(mode="out", weights="weight")
    if exact:
        g.betweenness(directed=True)
        g.closeness(mode="in")
        g.closeness(mode="out")
        g.harmonic_centrality(mode="in")
        g.harmonic_centrality(mode="out")
    else:
        rng = np.random.default_rng(seed)
        src = np.sort(rng.choice(n, size=SAMPLE, replace=False)).tolist()
        g.betweenness(directed=True, sources=src)
        for mode in ("out", "in"):
            for start in range(0, SAMPLE, 64):
                np.asarray(g.distances(source=src[start : start + 64], mode=mode), dtype=float)
    g.pagerank(directed=True)
    if g.is_connected(mode="strong"):
        g.eigenvector_centrality(directed=True)
    g.constraint()
    u = g.as_undirected(mode="collapse")
    u.transitivity_local_undirected(mode="zero")
    u.coreness()


def networkx_alone(G: nx.DiGraph) -> None:
    """The same measures with networkx only (both directions where networkx has one)."""
    dict(G.in_degree())
    dict(G.out_degree())
    dict(G.in_degree(weight="weight"))
    dict(G.out_degree(weight="weight"))
    nx.betweenness_centrality(G, normalized=False)
    R = G.reverse(copy=False)
    nx.closeness_centrality(G)
    nx.closeness_centrality(R)
    nx.harmonic_centrality(G)
    nx.harmonic_centrality(R)
    nx.pagerank(G)
    if nx.is_strongly_connected(G):
        nx.eigenvector_centrality(G, max_iter=1000)
    nx.constraint(G)
    nx.effective_size(G)
    U = G.to_undirected()
    nx.clustering(U)
    nx.core_number(U)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 50000])
    ap.add_argument("--nx-sizes", type=int, nargs="*", default=[1000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1, help="interleaved rounds (median)")
    ap.add_argument(
        "--repeat-up-to", type=int, default=10000, help="largest size that gets the repeats"
    )
    ap.add_argument("--out", default="metrics.json", help="file name in benchmarks/results/")
    args = ap.parse_args(argv)
    import igraph as ig

    # warm-up: imports and first calls
    p, t = synthetic_graph(60, seed=1)
    node_metrics(build_graph(t, p), "team")
    rows = []
    for n in args.sizes:
        people, ties = synthetic_graph(n, avg_ties=10, seed=args.seed)
        t_build, G = _timed(lambda people=people, ties=ties: build_graph(ties, people))
        exact = n <= EXACT_LIMIT
        rep = args.repeat if n <= args.repeat_up_to else 1
        index = {v: i for i, v in enumerate(G)}
        g = ig.Graph(
            n=len(index), edges=[(index[u], index[v]) for u, v in G.edges()], directed=True
        )
        g.es["weight"] = [w for _, _, w in G.edges(data="weight")]
        with_nx = n in args.nx_sizes
        # interleaved repeats: each round times leerlib, igraph (and networkx) back to back,
        # so that a change in the machine's load hits all of them
        lib_t, ig_t, nx_t = [], [], []
        for _ in range(rep):
            t, table = _timed(lambda G=G: node_metrics(G, "team", seed=args.seed))
            lib_t.append(t)
            ig_t.append(_timed(lambda g=g, exact=exact: bare_igraph(g, exact, args.seed))[0])
            if with_nx:
                nx_t.append(_timed(lambda G=G: networkx_alone(G))[0])
        t_lib, t_ig = float(np.median(lib_t)), float(np.median(ig_t))
        row = {
            "people": n,
            "ties": G.number_of_edges(),
            "build_graph_s": round(t_build, 3),
            "leerlib_s": round(t_lib, 3),
            "igraph_s": round(t_ig, 3),
            "leerlib_over_igraph": round(t_lib / t_ig, 3),
            "repeats": rep,
            "estimated": table.attrs.get("estimated", []),
        }
        if with_nx:
            t_nx = float(np.median(nx_t))
            row["networkx_s"] = round(t_nx, 3)
            row["networkx_over_leerlib"] = round(t_nx / t_lib, 2)
        rows.append(row)
        print(json.dumps(row), flush=True)
    result = {
        "benchmark": "metrics",
        "targets": {
            "leerlib_over_igraph_at_10000": "<= 1.5",
            "networkx_over_leerlib": ">= 30 (networkx timed at the --nx-sizes)",
            "50000": "completes (path measures sampled, flagged)",
        },
        "rows": rows,
    }
    out = REPO / "benchmarks" / "results" / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{'people':>8} {'ties':>8} {'leerlib s':>10} {'igraph s':>9} {'lib/ig':>7} {'nx/lib':>7}"
    )
    for r in rows:
        print(
            f"{r['people']:>8} {r['ties']:>8} {r['leerlib_s']:>10.2f} {r['igraph_s']:>9.2f} "
            f"{r['leerlib_over_igraph']:>7.2f} {r.get('networkx_over_leerlib', float('nan')):>7.1f}"
        )
    return result


if __name__ == "__main__":
    main()
