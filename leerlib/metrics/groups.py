"""Group measures: size, internal density, ties across the boundary, E-I, and the mixing matrix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from leerlib.metrics._common import adjacency, group_labels, require_graph
from leerlib.metrics.missing import RESPONSE_THRESHOLD, response_info

__all__ = ["GroupMetrics", "group_metrics"]


@dataclass
class GroupMetrics:
    """The result of :func:`group_metrics`.

    Attributes
    ----------
    table : DataFrame
        One row per group (index ``group``).
    mixing : DataFrame
        Tie counts, rows = group of the person who turns to, columns = group
        of the person turned to.
    mixing_share : DataFrame
        ``mixing`` divided by its row sums: where a group's questions go.
    info : dict
        Response rate and fragile flags (as ``node_metrics`` attrs).
    """

    table: pd.DataFrame
    mixing: pd.DataFrame
    mixing_share: pd.DataFrame
    info: dict = field(default_factory=dict)

    def __getitem__(self, key: str):
        return {"table": self.table, "mixing": self.mixing, "mixing_share": self.mixing_share}[key]


def group_metrics(
    G: nx.DiGraph,
    group: str | Mapping | pd.Series,
    *,
    response_threshold: float = RESPONSE_THRESHOLD,
) -> GroupMetrics:
    """Which team learns from which: per-group figures and the group-to-group mixing matrix.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        u -> v: u turns to v.
    group : str or mapping
        Node attribute (team, school, location, ...) or node -> label mapping.
    response_threshold : float, default 0.8
        Below this response rate the result's ``info["fragile"]`` is filled.

    Returns
    -------
    GroupMetrics
        ``table`` columns: ``size``, ``responded`` (members who responded),
        ``internal_ties`` (ties between members), ``density`` (internal ties /
        size(size-1); NaN for a group of one), ``ties_out`` (members turning to
        non-members), ``ties_in`` (non-members turning to members),
        ``ei_index`` ((ties_out - internal) / (ties_out + internal), over the
        members' out-ties as for people; NaN when members name nobody).
        ``mixing`` and ``mixing_share`` as in :class:`GroupMetrics`. Groups are
        sorted by label.

        On an undirected graph every tie counts once: ``internal_ties`` are
        edges between members, ``density`` = internal ties / (size(size-1)/2),
        ``ties_out`` = ``ties_in`` = edges to non-members, ``ei_index`` over
        the members' edges (each internal edge once); ``mixing`` is symmetric
        with the internal edges on the diagonal.

    Notes
    -----
    Small groups identify people; dashboards shown to HR pass the table
    through ``leerlib.privacy.suppress_small_groups``.

    References
    ----------
    Krackhardt, D., & Stern, R. N. (1988). Informal networks and
    organizational crises. Social Psychology Quarterly, 51(2), 123-140.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")])
    >>> nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y"}, "team")
    >>> gm = group_metrics(G, "team")
    >>> gm.table.loc["x", ["size", "internal_ties", "density", "ties_out", "ei_index"]].tolist()
    [2.0, 2.0, 1.0, 1.0, -0.333...]
    >>> gm.mixing.loc["x", "y"], gm.mixing_share.loc["x", "y"]
    (np.int64(1), np.float64(0.333...))
    >>> U = nx.Graph([("a", "b"), ("a", "c")])  # undirected: each tie once
    >>> nx.set_node_attributes(U, {"a": "x", "b": "x", "c": "y"}, "team")
    >>> group_metrics(U, "team").table.loc["x", ["internal_ties", "density", "ties_out", "ei_index"]].tolist()
    [1.0, 1.0, 1.0, 0.0]
    """
    require_graph(G, "group_metrics")
    directed = G.is_directed()
    labels = group_labels(G, group)
    A = adjacency(G)
    rows, cols = A.nonzero()
    groups = sorted(set(labels))
    gi = pd.Index(groups, name="group")
    codes = gi.get_indexer(labels)
    k = len(groups)
    mix = np.zeros((k, k), dtype=np.int64)
    if len(rows):
        np.add.at(mix, (codes[rows], codes[cols]), 1)
    if not directed:  # the symmetric adjacency counts an internal edge twice on the diagonal
        mix[np.diag_indices(k)] //= 2
    size = np.bincount(codes, minlength=k).astype(float)
    resp = np.array([bool(G.nodes[v].get("responded", True)) for v in G], dtype=float)
    responded = np.bincount(codes, weights=resp, minlength=k)
    internal = np.diag(mix).astype(float)
    out_all = mix.sum(axis=1).astype(float)
    in_all = mix.sum(axis=0).astype(float)
    ties_out = out_all - internal
    ties_in = in_all - internal
    with np.errstate(divide="ignore", invalid="ignore"):
        pairs = size * (size - 1) / (1 if directed else 2)
        density = np.where(size > 1, internal / np.where(size > 1, pairs, 1.0), np.nan)
        ei = np.where(out_all > 0, (ties_out - internal) / out_all, np.nan)
    table = pd.DataFrame(
        {
            "size": size,
            "responded": responded,
            "internal_ties": internal,
            "density": density,
            "ties_out": ties_out,
            "ties_in": ties_in,
            "ei_index": ei,
        },
        index=gi,
    )
    mixing = pd.DataFrame(mix, index=gi.rename("from_group"), columns=gi.rename("to_group"))
    rs = mixing.sum(axis=1).to_numpy(dtype=float)
    share = mixing.to_numpy(dtype=float) / np.where(rs > 0, rs, np.nan)[:, None]
    mixing_share = pd.DataFrame(share, index=mixing.index, columns=mixing.columns)
    info = response_info(G, response_threshold, ["ei_index"])
    return GroupMetrics(table=table, mixing=mixing, mixing_share=mixing_share, info=info)
