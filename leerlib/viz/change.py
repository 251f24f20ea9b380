"""Pictures of the change between two rounds: both maps side by side, and a slope chart of key figures."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np

from leerlib.errors import LeerlibError
from leerlib.viz._style import layout

__all__ = ["change_maps", "slope_chart", "SLOPE_FIGURES", "STATUS_COLORS"]

#: Colours of tie and person statuses (colour-blind safe pairs: blue/orange, grey).
STATUS_COLORS = {
    "kept": "#757575",
    "new": "#1f77b4",
    "ended": "#ff7f0e",
    "unknown": "#d9d9d9",
    "stayed": "#607d8b",
    "joined": "#1f77b4",
    "left": "#ff7f0e",
}

#: Figures on a 0-1 scale drawn by :func:`slope_chart` by default.
SLOPE_FIGURES = (
    "response_rate",
    "density",
    "reciprocity_edgewise",
    "share_across",
    "transitivity_directed",
    "centralization_indegree",
    "centralization_betweenness",
    "modularity",
)

_TEXT = {
    "en": {
        "kept": "tie in both rounds",
        "new": "new tie",
        "ended": "ended tie",
        "unknown": "unknown (sender did not answer the other round)",
        "stayed": "on both lists",
        "joined": "joined",
        "left": "left",
        "maps": "Learning ties in {before} and {after} (u -> v: u turns to v; same place = same person)",
        "slope": "Key figures, {before} and {after}",
    },
    "nl": {
        "kept": "relatie in beide rondes",
        "new": "nieuwe relatie",
        "ended": "gestopte relatie",
        "unknown": "onbekend (afzender vulde de andere ronde niet in)",
        "stayed": "op beide lijsten",
        "joined": "nieuw",
        "left": "vertrokken",
        "maps": "Leerrelaties in {before} en {after} (u -> v: u leert van v; zelfde plek = "
        "zelfde persoon)",
        "slope": "Kerncijfers, {before} en {after}",
    },
}


def _check_lang(lang: str) -> dict:
    if lang not in _TEXT:
        raise LeerlibError(f"lang must be 'nl' or 'en', not {lang!r}")
    return _TEXT[lang]


def _save(fig, path):
    if path is not None:
        path = Path(path)
        fig.savefig(
            path,
            format=path.suffix.lstrip(".") or "png",
            facecolor="white",
            metadata={"Software": "leerlib"} if path.suffix == ".png" else None,
        )
    return fig


def change_maps(cmp, *, lang: str = "en", seed: int = 0, width: float = 14.0, path=None):
    """Both rounds' maps side by side, people in the same place in both.

    Parameters
    ----------
    cmp : RoundComparison
        From :func:`leerlib.compare_rounds`.
    lang : {"en", "nl"}
    seed : int
        Seed of the layout, which is computed once on both rounds' ties together.
    width : float
        Figure width in inches.
    path : str or Path, optional
        Also save the figure there (PNG, SVG or PDF by the suffix).

    Returns
    -------
    matplotlib.figure.Figure
        Two panels. Ties: grey in both rounds, blue new (right), orange ended (left),
        light grey unknown. People: grey on both lists, blue joined, orange left; a
        person not on a round's list is an empty ring in that panel. Size: the number of
        people who turn to them in that round.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    T = _check_lang(lang)
    Gb, Ga = cmp.graphs["before"], cmp.graphs["after"]
    union = nx.compose(nx.DiGraph(Gb), nx.DiGraph(Ga))
    pos = layout(union, seed=seed)
    pairs = cmp.ties[cmp.ties["topic"] == "*"]
    status = cmp.people["status"].to_dict()
    fig = Figure(figsize=(width, width * 0.5), dpi=100)
    FigureCanvasAgg(fig)
    xy_all = np.array(list(pos.values())) if pos else np.zeros((1, 2))
    pad = 30.0
    lo, hi = xy_all.min(axis=0) - pad, xy_all.max(axis=0) + pad
    for k, (key, G, wave) in enumerate((("before", Gb, cmp.before), ("after", Ga, cmp.after))):
        ax = fig.add_axes((0.01 + 0.5 * k, 0.1, 0.48, 0.8))
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(-hi[1], -lo[1])
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        ax.set_title(wave, fontsize=13)
        rows = pairs[pairs[f"in_{key}"]]
        for st in ("unknown", "kept", "ended" if key == "before" else "new"):
            r = rows[rows["status"] == st]
            segs = [
                [(pos[a][0], -pos[a][1]), (pos[b][0], -pos[b][1])]
                for a, b in zip(r["source"], r["target"], strict=True)
                if a in pos and b in pos
            ]
            if segs:
                ax.add_collection(
                    LineCollection(
                        segs,
                        colors=STATUS_COLORS[st],
                        linewidths=0.6 if st == "kept" else 0.9,
                        alpha=0.5 if st in ("kept", "unknown") else 0.8,
                        zorder=1,
                    )
                )
        indeg = dict(G.in_degree())
        top = max(indeg.values(), default=1) or 1
        for v, (x, y) in pos.items():
            st = status.get(v, "stayed")
            if v in G:
                size = 12 + 80 * indeg.get(v, 0) / top
                ax.scatter(
                    x,
                    -y,
                    s=size,
                    color=STATUS_COLORS[st],
                    edgecolors="white",
                    linewidths=0.4,
                    zorder=2,
                )
            else:
                ax.scatter(
                    x,
                    -y,
                    s=14,
                    facecolors="none",
                    edgecolors=STATUS_COLORS[st],
                    linewidths=0.8,
                    zorder=2,
                )
    handles = [
        Line2D([], [], color=STATUS_COLORS[s], lw=2, label=T[s])
        for s in ("kept", "new", "ended", "unknown")
    ] + [
        Line2D([], [], marker="o", ls="", color=STATUS_COLORS[s], label=T[s])
        for s in ("stayed", "joined", "left")
    ]
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=9, frameon=False)
    fig.suptitle(T["maps"].format(before=cmp.before, after=cmp.after), fontsize=11)
    return _save(fig, path)


def slope_chart(cmp, *, figures=SLOPE_FIGURES, lang: str = "en", width: float = 8.0, path=None):
    """Return a slope chart of whole-network figures on a 0-1 scale, before and after.

    Parameters
    ----------
    cmp : RoundComparison
    figures : sequence of str
        Rows of ``cmp.network`` with values between 0 and 1 (default
        :data:`SLOPE_FIGURES`; figures that are missing or NaN are left out).
    lang : {"en", "nl"}
    width : float
        Figure width in inches.
    path : str or Path, optional
        Also save the figure there.

    Returns
    -------
    matplotlib.figure.Figure
        One line per figure from the first round (left) to the second (right),
        labelled with its value in both rounds.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from leerlib.metrics.change import FIGURE_LABELS

    T = _check_lang(lang)
    net = cmp.network
    keep = [
        f for f in figures if f in net.index and np.isfinite(net.loc[f, ["before", "after"]]).all()
    ]
    fig = Figure(figsize=(width, width * 0.75), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.38, 0.06, 0.3, 0.84))
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xticks([0, 1], [cmp.before, cmp.after])
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    left_y = _spread([float(net.loc[f, "before"]) for f in keep])
    right_y = _spread([float(net.loc[f, "after"]) for f in keep])
    sep = "," if lang == "nl" else "."
    for i, f in enumerate(keep):
        b, a = float(net.loc[f, "before"]), float(net.loc[f, "after"])
        color = f"C{i % 10}"
        ax.plot([0, 1], [b, a], color=color, marker="o", lw=1.8)
        label = FIGURE_LABELS.get(f, {}).get(lang, f).format(group=cmp.group)
        ax.annotate(
            f"{label} {b:.3f}".replace(".", sep),
            (0, b),
            xytext=(-0.08, left_y[i]),
            textcoords="data",
            ha="right",
            va="center",
            fontsize=8,
            color=color,
            annotation_clip=False,
        )
        ax.annotate(
            f"{a:.3f} ({a - b:+.3f})".replace(".", sep),
            (1, a),
            xytext=(1.08, right_y[i]),
            textcoords="data",
            ha="left",
            va="center",
            fontsize=8,
            color=color,
            annotation_clip=False,
        )
    fig.suptitle(T["slope"].format(before=cmp.before, after=cmp.after), fontsize=11)
    return _save(fig, path)


def _spread(values, gap: float = 0.035) -> list[float]:
    """Label heights near ``values`` that are at least ``gap`` apart (order kept).

    Examples
    --------
    >>> [round(v, 3) for v in _spread([0.5, 0.5, 0.9], gap=0.1)]
    [0.45, 0.55, 0.9]
    """
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return []
    order = np.argsort(v, kind="stable")
    y = v[order].copy()
    for _ in range(50):
        moved = False
        for i in range(1, len(y)):
            if y[i] - y[i - 1] < gap - 1e-12:
                mid = (y[i] + y[i - 1]) / 2
                y[i - 1], y[i] = mid - gap / 2, mid + gap / 2
                moved = True
        if not moved:
            break
    out = np.empty_like(y)
    out[order] = y
    return out.tolist()
