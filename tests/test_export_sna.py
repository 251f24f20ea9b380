"""leerlib.export for Pajek, UCINET and R: each file read back by a reader leerlib did not write."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import leerlib
from leerlib.errors import LeerlibError, PrivacyError
from leerlib.export import (
    export_adjacency,
    export_edge_list,
    export_pajek,
    export_pajek_partition,
    export_ucinet,
)
from leerlib.privacy import pseudonym
from tests.conftest import KEY

FORMATS = ["pajek", "clu", "ucinet", "adjacency", "edges"]
DOCS = Path(__file__).resolve().parents[1] / "docs" / "export.md"


@pytest.fixture(scope="module")
def sample():
    return leerlib.load_sample("2025")


@pytest.fixture(scope="module")
def directed(sample):
    return leerlib.build_graph(sample)


def _undirected() -> nx.Graph:
    """Zachary's karate club (networkx's copy, with its weights), ids as text, plus an isolate
    and a team attribute: two teams of 17 and one of 1 (the isolate)."""
    K = nx.karate_club_graph()
    G = nx.Graph()
    for v, d in K.nodes(data=True):
        G.add_node(f"k{v:02d}", team=d["club"])
    G.add_edges_from(
        (f"k{u:02d}", f"k{v:02d}", {"weight": float(d["weight"])}) for u, v, d in K.edges(data=True)
    )
    G.add_node("solo", team="Alone")
    return G


def _write(kind: str, G, target, **kw):
    """Write ``G`` in ``kind`` to ``target`` (a folder or a dict of file objects)."""
    if isinstance(target, dict):
        paths = target
    else:
        paths = {
            "net": target / "g.net",
            "clu": target / "g.clu",
            "dl": target / "g.dl",
            "csv": target / "g.csv",
            "edges": target / "edges.csv",
            "nodes": target / "nodes.csv",
        }
    if kind == "pajek":
        return [export_pajek(G, paths["net"], **kw)]
    if kind == "clu":
        return [export_pajek_partition(G, paths["clu"], "team", **kw)]
    if kind == "ucinet":
        return [export_ucinet(G, paths["dl"], **kw)]
    if kind == "adjacency":
        return [export_adjacency(G, paths["csv"], **kw)]
    return list(export_edge_list(G, paths["edges"], paths["nodes"], **kw))


def _read_dl(text: str) -> tuple[list[str], np.ndarray]:
    """UCINET DL, edgelist1 with a label list, parsed by hand: labels and the matrix."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    head = dict(re.findall(r"(\w+)\s*=\s*(\S+)", lines[0].lower()))
    assert lines[0].lower().startswith("dl") and head["format"] == "edgelist1"
    n = int(head["n"])
    at = lines.index("labels:")
    labels = [lab.strip('"') for lab in lines[at + 1 : at + 1 + n]]
    assert lines[at + 1 + n] == "data:"
    matrix = np.zeros((n, n))
    for ln in lines[at + 2 + n :]:
        i, j, w = ln.split()
        matrix[int(i) - 1, int(j) - 1] += float(w)
    return labels, matrix


def _matrix(G, nodes) -> np.ndarray:
    """networkx's own adjacency matrix (weights; 1 where an edge has none)."""
    return nx.to_numpy_array(G, nodelist=nodes, weight="weight")


# --- each format read back by an independent reader ---------------------------------------------


@pytest.mark.parametrize("graph", ["directed", "undirected"])
def test_pajek_reads_back_with_networkx(directed, graph, tmp_path):
    """networkx.read_pajek reads the vertices (labels), the arcs or edges and their weights."""
    if graph == "directed":
        G, kw = directed, {"key": KEY}
        ids = {v: pseudonym(v, KEY) for v in G}
    else:
        G, kw = _undirected(), {"names": True, "consent": True}
        ids = {v: v for v in G}
    path = export_pajek(G, tmp_path / "g.net", **kw)
    back = nx.read_pajek(path)
    assert back.is_directed() == G.is_directed()
    assert set(back.nodes) == set(ids.values())
    assert back.number_of_edges() == G.number_of_edges()
    nodes = [ids[v] for v in G]
    plain = (nx.DiGraph if G.is_directed() else nx.Graph)(back)  # read_pajek gives a multigraph
    assert np.array_equal(_matrix(plain, nodes), _matrix(G, list(G)))
    head = path.read_text(encoding="utf-8").splitlines()
    assert head[0] == f"*Vertices {len(G)}"
    assert ("*Arcs" if G.is_directed() else "*Edges") in head


@pytest.mark.parametrize("graph", ["directed", "undirected"])
def test_ucinet_dl_parsed_by_hand_gives_the_matrix(directed, graph, tmp_path):
    """The DL file's matrix equals networkx's adjacency matrix: symmetric for the undirected
    karate club (78 edges become 156 entries), as given for the directed sample."""
    if graph == "directed":
        G, kw, ids = directed, {"key": KEY}, {v: pseudonym(v, KEY) for v in directed}
    else:
        G, kw = _undirected(), {"names": True, "consent": True}
        ids = {v: v for v in G}
    text = export_ucinet(G, tmp_path / "g.dl", **kw).read_text(encoding="utf-8")
    labels, matrix = _read_dl(text)
    back = {lab: v for v, lab in ids.items()}
    assert sorted(labels) == sorted(ids.values())
    assert np.array_equal(matrix, _matrix(G, [back[lab] for lab in labels]))
    if graph == "undirected":
        assert len(text.split("data:")[1].split()) == 3 * 2 * 78


@pytest.mark.parametrize("graph", ["directed", "undirected"])
def test_adjacency_csv_reads_back_with_pandas(directed, graph, tmp_path):
    if graph == "directed":
        G, kw, ids = directed, {"key": KEY}, {v: pseudonym(v, KEY) for v in directed}
    else:
        G, kw = _undirected(), {"names": True, "consent": True}
        ids = {v: v for v in G}
    back = pd.read_csv(export_adjacency(G, tmp_path / "g.csv", **kw), index_col=0)
    assert list(back.index) == list(back.columns) == sorted(ids.values())
    by_label = {lab: v for v, lab in ids.items()}
    assert np.array_equal(back.to_numpy(), _matrix(G, [by_label[lab] for lab in back.index]))


@pytest.mark.parametrize("graph", ["directed", "undirected"])
def test_edge_list_and_nodes_read_back_with_pandas(directed, graph, tmp_path):
    if graph == "directed":
        G, kw, ids = directed, {"key": KEY}, {v: pseudonym(v, KEY) for v in directed}
    else:
        G, kw = _undirected(), {"names": True, "consent": True}
        ids = {v: v for v in G}
    e, n = export_edge_list(G, tmp_path / "edges.csv", tmp_path / "nodes.csv", **kw)
    edges, nodes = pd.read_csv(e), pd.read_csv(n)
    assert list(edges.columns[:2]) == ["from", "to"] and nodes.columns[0] == "id"
    assert sorted(nodes["id"]) == sorted(ids.values())  # isolates too
    back = nx.from_pandas_edgelist(
        edges,
        "from",
        "to",
        edge_attr="weight",
        create_using=nx.DiGraph if G.is_directed() else nx.Graph,
    )
    back.add_nodes_from(nodes["id"])
    by_label = {lab: v for v, lab in ids.items()}
    order = sorted(back.nodes)
    assert len(edges) == G.number_of_edges()
    assert np.array_equal(_matrix(back, order), _matrix(G, [by_label[lab] for lab in order]))
    if graph == "undirected":  # names=True: the attributes as they are
        assert dict(zip(nodes["id"], nodes["team"], strict=True)) == dict(G.nodes(data="team"))
    else:
        assert "name" not in nodes.columns  # after pseudonymisation it only repeated the id
        first = next(iter(G.edges(data=True)))
        row = edges[(edges["from"] == ids[first[0]]) & (edges["to"] == ids[first[1]])]
        assert row["topics"].item() == ", ".join(first[2]["topics"])


def test_partition_classes_follow_the_net_files_vertex_order(tmp_path):
    """Karate club: vertices of the same club share a class, the isolate has its own; classes
    numbered by sorted value: Alone 1, Mr. Hi 2, Officer 3 (the values typed by hand)."""
    G = _undirected()
    kw = {"names": True, "consent": True}
    back = nx.read_pajek(export_pajek(G, tmp_path / "g.net", **kw))
    labels = [lab for lab, _ in sorted(back.nodes(data="id"), key=lambda x: int(x[1]))]
    assert len(labels) == 35
    lines = export_pajek_partition(G, tmp_path / "g.clu", "team", **kw).read_text().split()
    assert lines[:2] == ["*Vertices", "35"]
    number = {"Alone": 1, "Mr. Hi": 2, "Officer": 3}
    assert [int(x) for x in lines[2:]] == [number[G.nodes[v]["team"]] for v in labels]


def test_partition_of_a_value_missing_or_suppressed(tmp_path):
    G = nx.path_graph(["a", "b", "c", "d", "e", "f"])
    nx.set_node_attributes(G, dict(zip("abcde", "ABCDE", strict=False)), "team")
    kw = {"names": True, "consent": True}
    assert export_pajek_partition(G, tmp_path / "t.clu", "team", **kw).read_text().split()[2:] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "0",
    ]
    # six teams of one: the small-group rule leaves team out, so there is nothing to write
    with pytest.raises(PrivacyError, match="minimum group size"):
        export_pajek_partition(G, tmp_path / "p.clu", "team", key=KEY)
    with pytest.raises(LeerlibError, match="no node has the attribute 'role'"):
        export_pajek_partition(G, tmp_path / "p.clu", "role", **kw)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.clu"]


# --- the privacy rules of every export ---------------------------------------------------------


def _shuffled(survey, seed):
    rng = np.random.default_rng(seed)
    return dataclasses.replace(
        survey,
        **{
            n: getattr(survey, n).iloc[rng.permutation(len(getattr(survey, n)))]
            for n in ("people", "ties", "responses")
        },
    )


@pytest.mark.parametrize("kind", FORMATS)
def test_a_roster_in_two_orders_gives_the_same_bytes(sample, tmp_path, kind):
    files = []
    for seed in (1, 2):
        folder = tmp_path / str(seed)
        folder.mkdir()
        G = leerlib.build_graph(_shuffled(sample, seed))
        files.append([p.read_bytes() for p in _write(kind, G, folder, key=KEY)])
    assert files[0] == files[1]


@pytest.mark.parametrize("kind", FORMATS)
def test_no_name_id_or_key_in_any_file(sample, directed, tmp_path, kind):
    data = b"".join(p.read_bytes() for p in _write(kind, directed, tmp_path, key=KEY))
    assert len(data) > 300
    if kind != "clu":  # a partition holds class numbers only
        assert pseudonym(next(iter(directed)), KEY).encode() in data
    for pid in sample.people["person_id"]:
        assert re.search(rb"\b" + re.escape(pid.encode()) + rb"\b", data) is None, pid
    for name in sample.people["name"]:
        assert name.encode() not in data
    assert KEY.encode() not in data


def test_node_attributes_keep_the_small_group_rule(tmp_path):
    """Both rounds, 165 staff: in nodes.csv no combination of the attributes kept is shared by
    fewer than 5 staff (in the raw table 29 are unique on team and role alone)."""
    G = leerlib.build_graph(leerlib.load_sample())
    _, n = export_edge_list(G, tmp_path / "e.csv", tmp_path / "n.csv", key=KEY)
    nodes = pd.read_csv(n)
    staff = nodes[nodes["internal"]]
    kept = [c for c in ("school", "team", "role", "tenure_years") if c in nodes.columns]
    assert "team" in kept
    counts = staff.groupby(kept, dropna=False).size()
    assert counts.min() >= 5


@pytest.mark.parametrize("kind", FORMATS)
def test_missing_key_and_names_without_consent_write_nothing(directed, tmp_path, monkeypatch, kind):
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    with pytest.raises(PrivacyError, match="no pseudonymisation key"):
        _write(kind, directed, tmp_path)
    with pytest.raises(PrivacyError, match="consent"):
        _write(kind, directed, tmp_path, names=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", FORMATS)
def test_path_and_file_object_give_the_same_bytes(directed, tmp_path, kind):
    on_disk = [p.read_bytes() for p in _write(kind, directed, tmp_path, key=KEY)]
    buffers = {k: io.BytesIO() for k in ("net", "clu", "dl", "csv", "edges", "nodes")}
    in_memory = [b.getvalue() for b in _write(kind, directed, buffers, key=KEY)]
    assert in_memory == on_disk


def test_a_failed_write_leaves_the_old_files_and_no_leftovers(directed, tmp_path, monkeypatch):
    net = export_pajek(directed, tmp_path / "g.net", key=KEY)
    before = net.read_bytes()
    from leerlib.export import sna

    def broken(path, lines):
        with sna._binary_target(path) as fh:
            fh.write(b"*Vertices 3\r\n1 ")
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sna, "_write_lines", broken)
    with pytest.raises(LeerlibError, match="No space left"):
        export_pajek(nx.path_graph(3), net, names=True, consent=True)
    monkeypatch.undo()
    assert net.read_bytes() == before
    # the node table cannot be written (no such folder): no edge list either
    with pytest.raises(LeerlibError, match="does not exist"):
        export_edge_list(directed, tmp_path / "e.csv", tmp_path / "nope" / "n.csv", key=KEY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.net"]


def test_wrong_extensions_are_refused(tmp_path):
    G = nx.path_graph(3)
    kw = {"names": True, "consent": True}
    for call in (
        lambda: export_pajek(G, tmp_path / "g.paj", **kw),
        lambda: export_ucinet(G, tmp_path / "g.net", **kw),
        lambda: export_pajek_partition(G, tmp_path / "g.net", "x", **kw),
        lambda: export_adjacency(G, tmp_path / "g.xlsx", **kw),
    ):
        with pytest.raises(LeerlibError, match="writes"):
            call()


# --- the R lines in docs/export.md ------------------------------------------------------------


def test_the_r_lines_in_the_docs_read_every_file(directed, tmp_path):
    """Runs the R block of docs/export.md on files written here; needs R with igraph and
    network (statnet), else it is skipped and says so."""
    block = re.search(r"```r\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert block, "docs/export.md has no ```r block"
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip(
            "R is not installed (Rscript not on PATH): the R lines in docs/export.md were not run"
        )
    probe = subprocess.run(
        [rscript, "-e", "library(igraph); library(network)"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        pytest.skip("R's igraph or network package is missing: the R lines were not run")
    names = {
        "net": "network.net",
        "clu": "network_team.clu",
        "dl": "network.dl",
        "csv": "adjacency.csv",
        "edges": "edges.csv",
        "nodes": "nodes.csv",
    }
    paths = {k: tmp_path / v for k, v in names.items()}
    for kind in FORMATS:
        _write(kind, directed, paths, key=KEY)
    script = block.group(1) + (
        "\ncat(vcount(g_pajek), ecount(g_pajek), vcount(g_edges), ecount(g_edges), "
        'nrow(m), network.size(n_statnet), "\\n")\n'
    )
    out = subprocess.run([rscript, "-e", script], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    n, m = len(directed), directed.number_of_edges()
    assert out.stdout.split()[-6:] == [str(x) for x in (n, m, n, m, n, n)]
