"""Network measures of learning networks: per person, per group, whole network, communities, roles."""

from __future__ import annotations

from leerlib.metrics.brokerage import ROLES, brokerage
from leerlib.metrics.centrality import (
    betweenness,
    closeness,
    clustering,
    constraint,
    effective_size,
    eigenvector,
    harmonic,
    k_core,
    pagerank,
)
from leerlib.metrics.change import (
    ALL_TOPICS,
    TIE_STATUSES,
    RoundComparison,
    compare_partitions,
    compare_rounds,
    jaccard,
    tie_status,
)
from leerlib.metrics.community import (
    FIRMNESS_TEXT,
    CommunityStability,
    communities,
    community_stability,
    modularity,
)
from leerlib.metrics.groups import GroupMetrics, group_metrics
from leerlib.metrics.missing import FRAGILE_MEASURES, RESPONSE_THRESHOLD, response_info
from leerlib.metrics.network import (
    centralization,
    krackhardt_gtd,
    network_metrics,
    reciprocity,
    transitivity_directed,
)
from leerlib.metrics.node import ei_index, node_metrics
from leerlib.metrics.roles import ROLE_ORDER, ROLE_TEXT, roles
from leerlib.metrics.value import (
    person_value,
    tie_value,
    value_after_leaving,
    value_by_person,
    value_by_position,
    value_by_topic_across,
    value_flows,
    value_profile,
)

__all__ = [
    "node_metrics",
    "network_metrics",
    "group_metrics",
    "GroupMetrics",
    "communities",
    "modularity",
    "community_stability",
    "CommunityStability",
    "FIRMNESS_TEXT",
    "roles",
    "ROLE_TEXT",
    "ROLE_ORDER",
    "brokerage",
    "ROLES",
    "betweenness",
    "closeness",
    "harmonic",
    "pagerank",
    "eigenvector",
    "constraint",
    "effective_size",
    "clustering",
    "k_core",
    "ei_index",
    "reciprocity",
    "transitivity_directed",
    "centralization",
    "krackhardt_gtd",
    "response_info",
    "RESPONSE_THRESHOLD",
    "FRAGILE_MEASURES",
    "compare_rounds",
    "RoundComparison",
    "tie_status",
    "jaccard",
    "compare_partitions",
    "ALL_TOPICS",
    "TIE_STATUSES",
    "value_profile",
    "person_value",
    "tie_value",
    "value_by_person",
    "value_flows",
    "value_by_position",
    "value_by_topic_across",
    "value_after_leaving",
]
