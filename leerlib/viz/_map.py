"""The map object every map function returns, and the drawing of every person in a network."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from leerlib.errors import LeerlibError
from leerlib.viz import _page, _static
from leerlib.viz._data import (
    filters_of,
    fmt_value,
    label_of,
    map_spec,
    person_card,
    topic_label_map,
    ui_text,
)
from leerlib.viz._style import (
    CLUSTER_SHARE,
    MIN_CLUSTER,
    PALETTE,
    UNKNOWN_COLOR,
    categorical_colors,
    check_color,
    cluster_names,
    continuous_colors,
    is_missing,
    label_spacing,
    layout,
    map_clusters,
    node_values,
)

__all__ = ["NetworkMap", "people_map", "FILTER_ATTRIBUTES"]

#: Node attributes offered in a map's filter, when present.
FILTER_ATTRIBUTES = ("team", "school", "role", "department", "location", "internal", "responded")


@dataclass
class NetworkMap:
    """An interactive map: shows itself in Jupyter, JupyterLab and Voila, saves as one HTML file.

    Attributes
    ----------
    data : dict
        The map's JSON-ready spec (nodes with positions and colours, edges, legend, text).
    title : str
        Shown above the map and as the page title.
    height : int
        Height of the drawing in pixels.
    kind : str
        "network", "ego", "topic" or "group".
    """

    data: dict
    title: str = ""
    height: int = 600
    kind: str = "network"
    _drill: Callable | None = field(default=None, repr=False, compare=False)

    @property
    def html(self) -> str:
        """One self-contained HTML page: no outside request; the same data gives the same bytes."""
        return _page.map_page(self.data, height=self.height, title=self.title)

    def fragment(self, root_id: str | None = None) -> str:
        """Inline HTML to place beside other maps in one page (ids unique per call)."""
        return _page.map_fragment(self.data, height=self.height, title=self.title, root_id=root_id)

    def mount_html(
        self, root_id: str | None = None, slot: str | None = None, described_by: str | None = None
    ) -> str:
        """Inert HTML for a page that loads the map scripts once (leerlib's Voila template).

        Unlike :meth:`fragment` it holds no script that runs: the data travels in a
        ``<script type="application/json">`` element and the page's ``leerlib-mount.js``
        (one of ``leerlib.viz._page.PAGE_ASSETS``) draws it when it appears, also when an
        ipywidgets ``HTML`` widget puts it there. In a page without those scripts nothing is
        drawn; use :meth:`_repr_html_` (a sandboxed frame) there. ``slot`` names the
        dashboard place the map belongs to (letters, digits, ``-`` and ``_``); ``described_by``
        the id of the page's text version of the map (its lists), which screen readers then
        read as the map's description.
        """
        return _page.map_mount(
            self.data,
            height=self.height,
            title=self.title,
            root_id=root_id,
            slot=slot,
            described_by=described_by,
        )

    def _repr_html_(self) -> str:
        search = self.data.get("text", {}).get("search")
        lang = next((k for k, words in _page.TEXT.items() if words["search"] == search), "en")
        return _page.iframe(
            self.html, height=self.height, title=self.title or _page.FRAME_NAME[lang]
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Return the notebook's MIME bundle of the map.

        It is drawn in the notebook's page; its first map carries vis-network for all
        (``LEERLIB_NOTEBOOK_MAPS=frame``: a sandboxed frame per map). There the mouse wheel
        scrolls the notebook past the map; Ctrl/Cmd + wheel, or a click first, zooms.
        """
        from leerlib.viz import _notebook

        return _notebook.bundle(self)

    def save(self, path) -> Path:
        """Write the page to ``path`` (UTF-8, atomically) and return the path."""
        from leerlib._files import atomic_write

        path = Path(path)
        with atomic_write(path, text=True) as fh:
            fh.write(self.html)
        return path

    def to_png(self, path, *, width: float = 10.0, dpi: int = 150) -> Path:
        """Save a PNG with the same layout and colours (labels of the larger nodes only)."""
        return _static.draw_static(self.data, self.title, path, fmt="png", width_in=width, dpi=dpi)

    def to_svg(self, path, *, width: float = 10.0) -> Path:
        """Save an SVG with the same layout and colours; text stays text; same data, same bytes."""
        return _static.draw_static(self.data, self.title, path, fmt="svg", width_in=width)

    def drill(self, group) -> NetworkMap:
        """For a group map: the map of one group's members and their outside contacts."""
        if self._drill is None:
            raise LeerlibError("drill() works on a group map (leerlib.group_map)")
        return self._drill(group)

    @property
    def node_ids(self) -> list:
        """The ids of the drawn nodes, in drawing order."""
        return [n["id"] for n in self.data["nodes"]]

    def __repr__(self) -> str:
        return (
            f"NetworkMap(kind={self.kind!r}, title={self.title!r}, nodes={len(self.data['nodes'])}, "
            f"edges={len(self.data['edges'])})"
        )


def _communities(G, seed):
    from leerlib.metrics import communities

    return communities(G, seed=seed)


def _colors(
    G, color_by, *, seed, name_clusters_by, legend_names, text, palette, min_cluster=1, order=None
):
    """Node -> colour, legend items and legend title for a color_by argument."""
    if color_by is None:
        return dict.fromkeys(G.nodes, "#1f77b4"), [], ""
    if isinstance(color_by, str) and color_by == "community":
        # the one definition of the clusters shown (the dashboards count the same ones)
        membership, order = map_clusters(
            G, seed=seed, min_cluster=min_cluster, max_clusters=len(palette)
        )
        names = cluster_names(
            G,
            {v: c for v, c in membership.items() if c in set(order)},
            by=name_clusters_by,
            names=legend_names,
            lang=text["lang"],
        )
        colors, items = categorical_colors(membership, order=order, palette=palette)
        legend = [_legend_item(c, col, k, names, text) for c, col, k in items]
        return colors, legend, text["group"]
    values = node_values(G, color_by, what="color_by")
    present = [v for v in values.values() if not is_missing(v)]
    numeric = present and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in present
    )
    title = color_by if isinstance(color_by, str) else ""
    if numeric and len(set(present)) > len(palette):
        colors, items = continuous_colors(values)
        return colors, [{"label": f"{v:.3g}", "color": c} for v, c, _ in items], title
    colors, items = categorical_colors(values, palette=palette, order=order)
    names = {k: str(v) for k, v in (legend_names or {}).items()}
    return colors, [_legend_item(c, col, k, names, text) for c, col, k in items], title


def _legend_item(category, color, count, names, text):
    if category is None:
        label = text["unknown"]
    elif category == "other" and category not in names:
        label = text["other"]
    else:
        label = names.get(category, str(category))
    return {"label": f"{label} ({count})", "color": color}


def people_map(
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
) -> NetworkMap:
    """Draw every person of ``G`` (the drawing behind :func:`leerlib.viz.network_map`).

    Takes the arguments of :func:`leerlib.viz.network_map` except ``max_people``: it never
    switches to the group map, however many people there are.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b", {"weight": 2.0}), ("c", "b", {"weight": 1.0})])
    >>> people_map(G, color_by=None).node_ids
    ['a', 'b', 'c']
    """
    palette = tuple(check_color(c) for c in (palette or PALETTE))
    text = ui_text(lang)
    colors, legend, legend_title = _colors(
        G,
        color_by,
        seed=seed,
        name_clusters_by=name_clusters_by,
        legend_names=legend_names,
        text=text,
        palette=palette,
        min_cluster=min_cluster,
        order=color_order,
    )
    topic_labels = topic_label_map(G, lang, topic_labels)
    sizes = node_values(G, size_by) if size_by is not None else dict.fromkeys(G.nodes, 1)
    gap, label_min, label_max = label_spacing(G.number_of_nodes())
    pos = layout(G, seed=seed, weight=weight, gap=gap)
    color_title = legend_title or (color_by if isinstance(color_by, str) else "")
    # colour is never the only sign of a group: a person's card names the legend entry of
    # their colour (team, role and school are on every card already)
    group_of_colour = {item["color"]: item["label"] for item in legend or ()}
    if color_by in (None, "team", "role", "school") or len(group_of_colour) != len(legend or ()):
        group_of_colour = {}  # on the card already, or a colour that is no single entry
    nodes = []
    for v in sorted(G.nodes, key=str):
        d = G.nodes[v]
        extra = []
        if colors.get(v) in group_of_colour:
            extra.append((color_title or text["group"], group_of_colour[colors[v]]))
        if isinstance(size_by, str) and size_by not in ("in_degree", "out_degree"):
            extra.append((text.get(f"measure_{size_by}", size_by), fmt_value(sizes.get(v))))
        nodes.append(
            {
                "id": str(v),
                "label": label_of(G, v, label_by),
                "x": pos[v][0],
                "y": pos[v][1],
                "value": 0.0 if is_missing(sizes.get(v)) else float(sizes[v]),
                "color": colors.get(v, UNKNOWN_COLOR),
                "card": person_card(G, v, text, topic_labels=topic_labels, extra=extra),
                "attrs": {a: str(d[a]) for a in filter_by if not is_missing(d.get(a))},
            }
        )
    data = map_spec(
        G,
        nodes,
        weight=weight,
        text=text,
        legend=legend,
        legend_title=color_title,
        filters=filters_of(G, filter_by),
        n=len(nodes),
    )
    data["label_size"] = {"min": label_min, "max": label_max}
    if isinstance(color_by, str) and color_by == "community":
        data["legend_note"] = text["cluster_note"].format(
            n=min_cluster, pct=round(100 * CLUSTER_SHARE)
        )
    return NetworkMap(data, title=title, height=height, kind="network")
