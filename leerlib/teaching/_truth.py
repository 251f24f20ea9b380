"""The course's answer keys, computed by a route of their own: plain pandas counts and networkx.

Nothing here calls leerlib's measures (``leerlib.metrics``, ``leerlib.graph``): the learner uses
those, and an answer key built from the same code would only check that code against itself.
The tiny hand network of session 1 is counted by hand in :data:`TOY_TIES`.
"""

from __future__ import annotations

import functools
from math import comb

import networkx as nx
import pandas as pd

__all__ = [
    "TOY_PEOPLE",
    "TOY_TIES",
    "sample",
    "staff",
    "pairs",
    "nominations",
    "digraph",
    "gould_fernandez",
    "adjusted_rand",
    "ict_network_members",
]

#: The five colleagues of session 1's paper exercise.
TOY_PEOPLE = ("Anna", "Bram", "Cem", "Dewi", "Eva")

#: Who turns to whom in the paper exercise (source turns to target). Hand counts: 8 ties among
#: 5 people; Anna receives 3 (Bram, Cem, Dewi) and sends 2 (Bram, Eva); returned ties: Anna-Bram
#: and Cem-Dewi, so 4 of the 8 ties are returned, in 2 of the 6 connected pairs.
TOY_TIES = (
    ("Bram", "Anna"),
    ("Cem", "Anna"),
    ("Dewi", "Anna"),
    ("Anna", "Bram"),
    ("Anna", "Eva"),
    ("Cem", "Dewi"),
    ("Dewi", "Cem"),
    ("Eva", "Bram"),
)


@functools.cache
def sample():
    """Return the bundled sample, both rounds (one parse per process; do not modify)."""
    from leerlib.sample import load_sample

    return load_sample()


def staff(wave: str) -> list[str]:
    """person_id of everyone on the staff list of ``wave`` (respondents or not)."""
    r = sample().responses
    return sorted(r.loc[r["wave"] == wave, "person_id"])


def nominations(wave: str, topic: str | None = None) -> pd.DataFrame:
    """Rows of ``ties`` in ``wave`` (one per source, target, topic) naming a colleague."""
    s = sample()
    internal = set(s.people.loc[s.people["internal"], "person_id"])
    t = s.ties[(s.ties["wave"] == wave) & s.ties["target"].isin(internal)]
    if topic is not None:
        t = t[t["topic"] == topic]
    return t


def pairs(wave: str, topic: str | None = None) -> pd.DataFrame:
    """Distinct (source, target) pairs: a tie on any topic counts once."""
    return nominations(wave, topic)[["source", "target"]].drop_duplicates()


def digraph(wave: str, topic: str | None = None) -> nx.DiGraph:
    """Return the network of ``wave`` with networkx alone: everyone on the list, one edge per pair."""
    G = nx.DiGraph()
    G.add_nodes_from(staff(wave))
    G.add_edges_from(pairs(wave, topic).itertuples(index=False, name=None))
    return G


def gould_fernandez(G: nx.DiGraph, v, group: dict) -> dict[str, int]:
    """Brokerage role counts of ``v`` by a plain loop over a -> v -> b with no tie a -> b."""
    counts = dict.fromkeys(
        ("coordinator", "itinerant", "representative", "gatekeeper", "liaison"), 0
    )
    for a in G.predecessors(v):
        for b in G.successors(v):
            if a == b or G.has_edge(a, b):
                continue
            ga, gv, gb = group[a], group[v], group[b]
            if ga == gv == gb:
                counts["coordinator"] += 1
            elif ga == gb:
                counts["itinerant"] += 1
            elif ga == gv:
                counts["representative"] += 1
            elif gv == gb:
                counts["gatekeeper"] += 1
            else:
                counts["liaison"] += 1
    return counts


def adjusted_rand(a: pd.Series, b: pd.Series) -> float:
    """Return adjusted Rand index (Hubert & Arabie 1985) of two labelings, from their cross table."""
    table = pd.crosstab(a, b).to_numpy()
    n = int(table.sum())
    both = sum(comb(int(x), 2) for x in table.ravel())
    rows = sum(comb(int(x), 2) for x in table.sum(axis=1))
    cols = sum(comb(int(x), 2) for x in table.sum(axis=0))
    expected = rows * cols / comb(n, 2)
    return (both - expected) / ((rows + cols) / 2 - expected)


def ict_network_members() -> list[str]:
    """Who has an ict tie across schools in 2026: the members of the sample's ICT network."""
    school = sample().people.set_index("person_id")["school"]
    t = nominations("2026", "ict")
    cross = t[t["source"].map(school) != t["target"].map(school)]
    return sorted(set(cross["source"]) | set(cross["target"]))
