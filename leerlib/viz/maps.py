"""The whole-network map: every person, or the groups of an organisation too large to draw."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from leerlib.viz._map import FILTER_ATTRIBUTES, NetworkMap, people_map
from leerlib.viz._style import MIN_CLUSTER, check_color, is_missing
from leerlib.viz.groups import group_map

__all__ = [
    "NetworkMap",
    "network_map",
    "MAX_PEOPLE",
    "MAX_GROUPS",
    "overview_group",
    "FILTER_ATTRIBUTES",
]

#: Above this many people ``network_map`` draws the group map instead (see docs/maps.md):
#: a person-level map of more people is slow to draw and unreadable at a glance.
MAX_PEOPLE = 2000

#: A group map stays readable up to about this many groups; above it a coarser attribute is used.
MAX_GROUPS = 150


def overview_group(G, preferred: str = "team") -> str:
    """Return the attribute to group a large organisation by.

    ``preferred`` if it gives at most MAX_GROUPS groups, else the first of "department",
    "school", "location" that does, else "community".

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from((i, {"team": f"t{i}", "school": f"s{i % 3}"}) for i in range(200))
    >>> overview_group(G)
    'school'
    """
    for attr in (preferred, "department", "school", "location"):
        values = {d[attr] for _, d in G.nodes(data=True) if not is_missing(d.get(attr))}
        if 1 < len(values) <= MAX_GROUPS:
            return attr
    return "community"


def network_map(
    G: nx.Graph,
    *,
    color_by="community",
    size_by="in_degree",
    label_by: str | None = "name",
    name_clusters_by: str = "team",
    legend_names: Mapping | None = None,
    topic_labels: Mapping | None = None,
    filter_by=FILTER_ATTRIBUTES,
    weight: str | None = "weight",
    seed: int = 0,
    title: str = "",
    height: int = 600,
    lang: str = "en",
    palette=None,
    min_cluster: int = MIN_CLUSTER,
    color_order=None,
    max_people: int | None = MAX_PEOPLE,
) -> NetworkMap:
    """Draw a learning network as an interactive, offline map (InMaps style).

    Parameters
    ----------
    G : networkx.DiGraph
        Nodes are person_id strings with attributes (name, team, ...); ``u -> v`` means u turns
        to v. Never modified.
    color_by : str, mapping or None
        "community" (the clusters of :func:`leerlib.viz.map_clusters`, named by what they are,
        "mostly <team or school>": see :func:`leerlib.viz._style.cluster_names`), a node
        attribute or measure (categorical, or a continuous scale for many numbers), or a
        mapping node -> value.
    size_by : str, mapping or None
        "in_degree" (how often sought out), "out_degree", "degree", a node attribute, a column of
        ``leerlib.metrics.node_metrics``, or a mapping node -> number.
    label_by : str or None
        Node attribute shown as label and card title; the person_id where it is missing (for
        pseudonymised data). None: no labels.
    name_clusters_by : str
        Attribute tried first to name a cluster in the legend (then department, school,
        location).
    legend_names : mapping, optional
        Cluster (or category) -> label, overriding the automatic names.
    topic_labels : mapping, optional
        Topic key -> label for the hover card (default: the codebook labels that
        ``build_graph`` keeps in ``G.graph["topic_labels"]``, in ``lang``).
    filter_by : sequence of str
        Node attributes offered in the filter, where present.
    weight : str or None
        Edge attribute drawn as line width (and pulling harder in the layout).
    seed : int
        Seed of the layout and of the communities: the same data gives the same map.
    title : str
        Title above the map.
    height : int
        Height in pixels.
    lang : {"en", "nl"}
        Language of the interface text.
    palette : sequence of "#rrggbb", optional
        Category colours, most frequent first.
    min_cluster : int
        Clusters with fewer people (isolates, pairs) share the grey "other" colour.
    color_order : list, optional
        Categories of ``color_by`` in the order they take the palette's colours (default: the
        most frequent first).
    max_people : int or None
        Above this many nodes the group map is drawn instead, grouped by
        :func:`overview_group` (``name_clusters_by`` if it gives at most MAX_GROUPS groups,
        else department, school or location, else community). None: always draw every person.

    Returns
    -------
    NetworkMap

    Raises
    ------
    LeerlibError
        For an unknown ``size_by``/``color_by``/``lang`` or a colour that is not "#rrggbb".

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b", {"weight": 2.0}), ("c", "b", {"weight": 1.0})])
    >>> m = network_map(G, color_by=None)
    >>> m.node_ids, m.html == network_map(G, color_by=None).html
    (['a', 'b', 'c'], True)
    """
    for color in palette or ():
        check_color(color)  # refused also when the group map is drawn
    if max_people is not None and G.number_of_nodes() > max_people:
        group = overview_group(G, name_clusters_by)
        note = (
            f"{G.number_of_nodes()} people (more than {max_people}): groups shown; "
            "network_map(G, max_people=None) draws everyone."
        )
        return group_map(
            G,
            group=group,
            min_ties=None,
            seed=seed,
            title=title,
            height=height,
            lang=lang,
            note=note,
        )
    return people_map(
        G,
        color_by=color_by,
        size_by=size_by,
        label_by=label_by,
        name_clusters_by=name_clusters_by,
        legend_names=legend_names,
        topic_labels=topic_labels,
        filter_by=filter_by,
        weight=weight,
        seed=seed,
        title=title,
        height=height,
        lang=lang,
        palette=palette,
        min_cluster=min_cluster,
        color_order=color_order,
    )
