"""Interactive, offline, deterministic network maps (vis-network) and their static PNG/SVG."""

from __future__ import annotations

from leerlib.viz._style import MIN_CLUSTER, map_clusters
from leerlib.viz.change import change_maps, slope_chart
from leerlib.viz.ego import EGO_COLORS, ego_map
from leerlib.viz.groups import group_map, mixing_counts
from leerlib.viz.maps import MAX_PEOPLE, NetworkMap, network_map
from leerlib.viz.topic import topic_map
from leerlib.viz.value import value_flow_map

__all__ = [
    "NetworkMap",
    "network_map",
    "ego_map",
    "topic_map",
    "group_map",
    "mixing_counts",
    "MAX_PEOPLE",
    "EGO_COLORS",
    "change_maps",
    "slope_chart",
    "value_flow_map",
    "map_clusters",
    "MIN_CLUSTER",
]
