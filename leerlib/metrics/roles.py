"""Roles in HR language (go-to people, brokers, people on the edge, isolates) from relative thresholds."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from leerlib.metrics._common import require_directed
from leerlib.metrics.node import node_metrics

__all__ = ["roles", "ROLE_TEXT", "ROLE_ORDER"]

#: One plain sentence per role, in Dutch and English.
ROLE_TEXT = {
    "go_to": {
        "nl": "Vraagbaak: veel collega's gaan naar deze persoon toe om te leren.",
        "en": "Go-to person: many colleagues turn to this person to learn.",
    },
    "broker": {
        "nl": "Verbinder: kennis loopt via deze persoon tussen collega's die elkaar "
        "anders niet direct vinden.",
        "en": "Broker: knowledge flows through this person between colleagues who would "
        "not otherwise reach each other directly.",
    },
    "on_edge": {
        "nl": "Aan de rand: deze persoon heeft maar weinig leercontacten of staat los "
        "van het grote netwerk.",
        "en": "On the edge: this person has very few learning contacts or stands apart "
        "from the main network.",
    },
    "isolate": {
        "nl": "Alleen: deze persoon noemde niemand en werd door niemand genoemd.",
        "en": "Isolate: this person named no one and was named by no one.",
    },
    "no_data": {
        "nl": "Geen gegevens: deze persoon vulde de vragenlijst niet in en werd door "
        "niemand genoemd.",
        "en": "No data: this person did not answer the survey and was named by no one.",
    },
    "member": {
        "nl": "Deelnemer: deze persoon leert van en met collega's zoals de meesten.",
        "en": "Member: this person learns from and with colleagues, like most people do.",
    },
}

#: Priority when a person fits several roles (the boolean columns keep them all).
ROLE_ORDER = ("no_data", "isolate", "go_to", "broker", "on_edge", "member")


def _top(values: np.ndarray, share: float) -> float:
    """Value at the top ``share`` boundary (the (1 - share) quantile, 'higher' rule)."""
    if values.size == 0:
        return np.inf
    return float(np.quantile(values, 1 - share, method="higher"))


def roles(
    G: nx.DiGraph,
    *,
    group: str | Mapping | pd.Series | None = None,
    metrics: pd.DataFrame | None = None,
    top: float = 0.10,
    edge: float = 0.10,
    min_in_degree: int = 2,
) -> pd.DataFrame:
    """Who are the go-to people, the brokers, the people on the edge and the isolates.

    Parameters
    ----------
    G : networkx.DiGraph
        u -> v: u turns to v.
    group : str or mapping, optional
        With a group, brokering between groups (representative + gatekeeper +
        liaison counts) also makes a broker.
    metrics : DataFrame, optional
        A :func:`leerlib.node_metrics` table of G to reuse (saves time).
    top : float, default 0.10
        Share that counts as "top": the top decile.
    edge : float, default 0.10
        Share that counts as "bottom" for people on the edge.
    min_in_degree : int, default 2
        A go-to person is named by at least this many people, so a single
        nomination never makes one in a sparse network.

    Returns
    -------
    DataFrame
        Indexed by person_id: booleans ``go_to``, ``broker``, ``on_edge``,
        ``isolate`` and the label ``role`` (the first that applies in
        :data:`ROLE_ORDER`; see :data:`ROLE_TEXT`).

    Notes
    -----
    Thresholds are relative to the network, so they mean the same in a
    school of 30 and a board of 3,000:

    * go_to: in-degree in the top ``top`` share of everyone (at or above the
      (1 - top) quantile) and at least ``min_in_degree``.
    * broker: betweenness in the top ``top`` share and above 0; with
      ``group`` also between-group brokerage (representative + gatekeeper +
      liaison) in the top share and above 0.
    * isolate: no ties in or out. A non-respondent without in-ties is
      ``no_data`` instead: their missing answers are not evidence of
      isolation.
    * on_edge: not isolated, responded, and either at most as many distinct
      contacts (either direction) as the bottom ``edge`` share of connected
      people (at least 1), or outside the largest weakly connected part.

    Examples
    --------
    >>> G = nx.DiGraph([(p, "hub") for p in "abcdefg"] + [("hub", "x")])
    >>> G.add_node("z")
    >>> r = roles(G)
    >>> r.loc["hub", "role"], r.loc["z", "role"], r.loc["x", "role"]
    ('go_to', 'isolate', 'on_edge')
    """
    require_directed(G, "roles")
    df = metrics if metrics is not None else node_metrics(G, group)
    nodes = list(G)
    df = df.reindex(nodes)
    indeg = df["in_degree"].to_numpy(dtype=float)
    bet = df["betweenness"].to_numpy(dtype=float)
    responded = df["responded"].to_numpy(dtype=bool)
    isolate = df["isolate"].to_numpy(dtype=bool)
    go_to = (indeg >= _top(indeg, top)) & (indeg >= min_in_degree)
    broker = (bet >= _top(bet, top)) & (bet > 0)
    if group is not None and "representative" in df.columns:
        between = df[["representative", "gatekeeper", "liaison"]].sum(axis=1).to_numpy(dtype=float)
        broker |= (between >= _top(between, top)) & (between > 0)
    U = nx.Graph()
    U.add_nodes_from(nodes)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    contacts = np.array([U.degree(v) for v in nodes], dtype=float)
    connected = contacts > 0
    low = (
        max(1.0, float(np.quantile(contacts[connected], edge, method="lower")))
        if connected.any()
        else 1.0
    )
    main = max(nx.connected_components(U), key=len) if len(U) else set()
    outside = np.array([v not in main for v in nodes])
    on_edge = connected & responded & ((contacts <= low) | outside)
    no_data = isolate & ~responded
    flags = {
        "no_data": no_data,
        "isolate": isolate & ~no_data,
        "go_to": go_to,
        "broker": broker,
        "on_edge": on_edge,
    }
    role = np.full(len(nodes), "member", dtype=object)
    for name in reversed(ROLE_ORDER[:-1]):
        role = np.where(flags[name], name, role)
    out = pd.DataFrame(
        {"go_to": go_to, "broker": broker, "on_edge": on_edge, "isolate": isolate},
        index=pd.Index(nodes, name="person_id"),
    )
    out["role"] = pd.array(role.tolist(), dtype="str")
    out.attrs.update(df.attrs)
    return out
