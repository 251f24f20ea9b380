"""Load the published reference networks the tests check leerlib against (Krackhardt, Lazega).

The data is published research data that the project does not ship; it sits beside the clone
(see the ``shared_data`` fixture in conftest.py), and the tests that need it skip without it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from leerlib.errors import ReadError

__all__ = ["load_krackhardt", "load_lazega"]


def _edges_graph(nodes: pd.DataFrame, edges: pd.DataFrame, file: Path) -> nx.DiGraph:
    for col in ("source", "target"):
        if col not in edges.columns:
            raise ReadError(f"missing column {col!r}", file=file)
    G = nx.DiGraph()
    for rec in nodes.to_dict("records"):
        pid = str(rec.pop("id"))
        G.add_node(pid, responded=True, internal=True, **rec)
    for u, v in zip(edges["source"].astype(str), edges["target"].astype(str), strict=True):
        if u not in G or v not in G:
            raise ReadError(f"tie {u} -> {v} names an unknown id", file=file)
        G.add_edge(u, v, weight=1.0, topics=[], n_topics=0)
    return G


def _load(folder: Path, prefix: str, relation: str, relations: tuple[str, ...]) -> nx.DiGraph:
    if relation not in relations:
        raise ReadError(f"unknown relation {relation!r}; expected one of {relations}")
    nodes_file = folder / f"{prefix}_nodes.csv"
    edges_file = folder / f"{prefix}_{relation}_edges.csv"
    for f in (nodes_file, edges_file):
        if not f.is_file():
            raise ReadError("file not found", file=f)
    nodes = pd.read_csv(nodes_file, dtype={"id": str})
    edges = pd.read_csv(edges_file, dtype=str)
    G = _edges_graph(nodes, edges, edges_file)
    G.graph.update(relation=relation, source=prefix)
    return G


def load_krackhardt(relation: str, folder: str | Path) -> nx.DiGraph:
    """Krackhardt's (1987) 21 high-tech managers as a DiGraph (u -> v: u goes to v).

    Parameters
    ----------
    relation : {"advice", "friendship", "reports_to"}
    folder : path
        The ``krackhardt`` folder of the shared data.

    Returns
    -------
    networkx.DiGraph
        Nodes M01..M21 with age, tenure_years, level, level_code, dept,
        dept_code; everyone ``responded``.

    Raises
    ------
    ReadError
        When the folder or a file is missing.

    References
    ----------
    Krackhardt, D. (1987). Cognitive social structures. Social Networks, 9(2),
    109-134.
    """
    return _load(
        Path(folder), "krackhardt_hightech", relation, ("advice", "friendship", "reports_to")
    )


def load_lazega(relation: str, folder: str | Path) -> nx.DiGraph:
    """Lazega's (2001) 71 lawyers as a DiGraph (u -> v: u names v).

    Parameters
    ----------
    relation : {"advice", "friendship", "cowork"}
    folder : path
        The ``lazega`` folder of the shared data.

    References
    ----------
    Lazega, E. (2001). The Collegial Phenomenon. Oxford University Press.
    """
    return _load(Path(folder), "lazega_lawfirm", relation, ("advice", "friendship", "cowork"))
