"""Non-response: the response rate every result carries, and which measures it makes fragile."""

from __future__ import annotations

import networkx as nx

from leerlib.graph import response_summary

__all__ = ["RESPONSE_THRESHOLD", "FRAGILE_MEASURES", "response_info"]

#: Below this share of internal people responding, fragile measures are flagged.
#: leerlib's conservative rule of thumb, informed by Smith & Moody (2013), who show
#: that the error in network measures grows with the share of missing nodes and
#: faster for path-based measures than for degree; the figure 0.8 is not from the
#: paper.
RESPONSE_THRESHOLD = 0.8

#: Measures that depend on the out-ties of people who did not respond (their
#: missing nominations) or on whole paths through them: out-degree and
#: out-strength, betweenness, closeness and harmonic (out), constraint, effective
#: size, brokerage counts, E-I, and at network level density, reciprocity,
#: transitivity, centralisation and distances. On an undirected graph (a tie when either
#: side named it) a tie between two non-respondents is missing too: degree, strength,
#: closeness and harmonic are fragile there.
FRAGILE_MEASURES = (
    "out_degree",
    "out_strength",
    "betweenness",
    "betweenness_norm",
    "closeness_out",
    "harmonic_out",
    "constraint",
    "effective_size",
    "coordinator",
    "itinerant",
    "representative",
    "gatekeeper",
    "liaison",
    "brokerage_total",
    "ei_index",
    "density",
    "reciprocity_edgewise",
    "reciprocity_dyadic",
    "transitivity_directed",
    "centralization_outdegree",
    "centralization_betweenness",
    "avg_distance",
    "diameter",
    "degree",
    "strength",
    "closeness",
    "harmonic",
    "centralization_degree",
)


def response_info(G: nx.Graph, threshold: float = RESPONSE_THRESHOLD, columns=None) -> dict:
    """Return the response rate of G's roster and the measures it makes fragile.

    Parameters
    ----------
    G : networkx graph
        Nodes carry ``responded`` (and ``internal``) as :func:`leerlib.build_graph` sets them;
        nodes without ``responded`` count as responded.
    threshold : float, default :data:`RESPONSE_THRESHOLD`
        Below this response rate the fragile measures are flagged.
    columns : iterable of str, optional
        The measures present; the flag list is limited to these.

    Returns
    -------
    dict
        ``n_internal``, ``n_responded``, ``response_rate``, ``response_threshold``
        and ``fragile`` (list of measure names, empty when the rate is at or above
        the threshold).

    References
    ----------
    Smith, J. A., & Moody, J. (2013). Structural effects of network sampling
    coverage I: Nodes missing at random. Social Networks, 35(4), 652-668.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": True, "b": False}, "responded")
    >>> info = response_info(G, columns=["in_degree", "out_degree"])
    >>> info["response_rate"], info["fragile"]
    (0.5, ['out_degree'])
    """
    info = response_summary(G)
    rate = info["response_rate"]
    low = rate == rate and rate < threshold
    names = (
        FRAGILE_MEASURES if columns is None else [c for c in FRAGILE_MEASURES if c in set(columns)]
    )
    info.update(response_threshold=threshold, fragile=list(names) if low else [])
    return info
