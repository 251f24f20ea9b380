"""PNG and SVG of a map with matplotlib: the same positions, colours and sizes as the HTML."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from leerlib._files import atomic_write

__all__ = ["draw_static", "vis_scale"]

#: Above this many edges, arrowheads are left out of static figures (one patch per arrow is
#: slow in matplotlib); the lines keep their direction colour (the source's cluster).
MAX_STATIC_ARROWS = 3000


def vis_scale(values, lo: float, hi: float) -> np.ndarray:
    """Sizes as vis-network scales them: linear from ``lo`` to ``hi``, the middle if all equal.

    Examples
    --------
    >>> vis_scale([1, 2, 3], 10, 30).tolist()
    [10.0, 20.0, 30.0]
    >>> vis_scale([4, 4], 10, 30).tolist()
    [20.0, 20.0]
    """
    v = np.asarray([0.0 if x is None else float(x) for x in values], dtype=float)
    if v.size == 0:
        return v
    vmin, vmax = float(v.min()), float(v.max())
    if vmax == vmin:
        return np.full(v.shape, lo + 0.5 * (hi - lo))
    return lo + (v - vmin) / (vmax - vmin) * (hi - lo)


def draw_static(data: dict, title: str, path, *, fmt: str, width_in: float = 10.0, dpi: int = 150):
    """Draw ``data`` (a map's JSON spec) to ``path`` as PNG or SVG; return the path."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import EllipseCollection, LineCollection
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    nodes = data["nodes"]
    index = {n["id"]: i for i, n in enumerate(nodes)}
    xy = np.array([[n["x"], -n["y"]] for n in nodes], dtype=float).reshape(-1, 2)
    radius = vis_scale([n.get("value") for n in nodes], data["size"]["min"], data["size"]["max"])
    font_px = vis_scale([n.get("value") for n in nodes], 10, 30)
    pad = float(radius.max()) * 2 + 20 if len(nodes) else 1.0
    lo = xy.min(axis=0) - pad if len(nodes) else np.array([-1.0, -1.0])
    hi = xy.max(axis=0) + pad if len(nodes) else np.array([1.0, 1.0])
    span = hi - lo
    height_in = max(3.0, min(width_in * span[1] / span[0], 2.5 * width_in))
    with matplotlib.rc_context({"svg.hashsalt": "leerlib", "svg.fonttype": "none"}):
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        FigureCanvasAgg(fig)
        box = (0, 0, 1, 0.94 if title else 1)
        ax = fig.add_axes(box)
        # one data unit is as long across as up: widen the shorter side of the drawing's box
        # (about its centre) to the axes' own proportions, so that the fixed limits already
        # have an equal aspect (matplotlib's adjustable="datalim" moved fixed limits itself and
        # logged "Ignoring fixed y limits ..." for every drawing with a title)
        lo, hi = _fit_box(lo, hi, (width_in * box[2]) / (height_in * box[3]))
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        color_of = [n["color"] for n in nodes]
        segs, seg_colors, widths = [], [], []
        for e in data["edges"]:
            a, b = index[e["from"]], index[e["to"]]
            segs.append([xy[a], xy[b]])
            seg_colors.append(to_rgba(e.get("color") or color_of[a], e.get("opacity", 0.45)))
            widths.append(e.get("width", 1.0) * 0.6)
        arrows = data.get("directed") and len(segs) <= MAX_STATIC_ARROWS
        if segs and not arrows:
            ax.add_collection(LineCollection(segs, colors=seg_colors, linewidths=widths, zorder=1))
        elif segs:
            pt_per_px = _pt_per_px(ax, fig)
            for (p, q), c, w, e in zip(segs, seg_colors, widths, data["edges"], strict=True):
                shrink = radius[index[e["to"]]] * pt_per_px
                ax.add_patch(
                    FancyArrowPatch(
                        p,
                        q,
                        arrowstyle="-|>",
                        mutation_scale=8,
                        color=c,
                        linewidth=w,
                        shrinkA=0,
                        shrinkB=shrink,
                        zorder=1,
                    )
                )
        if len(nodes):
            ax.add_collection(
                EllipseCollection(
                    widths=2 * radius,
                    heights=2 * radius,
                    angles=0,
                    units="xy",
                    offsets=xy,
                    offset_transform=ax.transData,
                    facecolors=color_of,
                    edgecolors="white",
                    linewidths=0.5,
                    zorder=2,
                )
            )
        if data.get("labels"):
            pt_per_px = _pt_per_px(ax, fig)
            # the labels the interactive map shows before zooming in: vis-network draws a label
            # when its size on screen reaches 8 px, at the zoom that fits the map in about
            # 1000 x 600 px
            fit = min(1000 / max(span[0], 1.0), 600 / max(span[1], 1.0))
            for i, n in enumerate(nodes):
                size = font_px[i] * pt_per_px
                if font_px[i] * fit < 8 or not n.get("label"):
                    continue
                ax.text(
                    xy[i, 0],
                    xy[i, 1] - radius[i] - 2,
                    str(n["label"]),
                    fontsize=size,
                    ha="center",
                    va="top",
                    color="#1a1a1a",
                    zorder=3,
                    parse_math=False,
                    clip_on=True,
                )
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=7,
                color=item["color"],
                label=str(item["label"]),
            )
            for item in data.get("legend", [])
        ]
        if handles:
            leg = ax.legend(
                handles=handles,
                loc="lower right",
                fontsize=8,
                frameon=True,
                title=data.get("legend_title") or None,
                title_fontsize=8,
            )
            for t in leg.get_texts():
                t.set_parse_math(False)
            leg.get_title().set_parse_math(False)
        if title:
            fig.text(0.01, 0.985, title, fontsize=12, va="top", parse_math=False)
        path = Path(path)
        with atomic_write(path) as fh:
            fig.savefig(fh, format=fmt, metadata=_metadata(fmt), facecolor="white")
    return path


def _fit_box(lo, hi, ratio: float):
    """Limits around the same centre, one side widened, whose width / height is ``ratio``.

    Examples
    --------
    >>> _fit_box(np.array([0.0, 0.0]), np.array([2.0, 1.0]), 1.0)
    (array([ 0. , -0.5]), array([2. , 1.5]))
    """
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    span, mid = hi - lo, (hi + lo) / 2
    if span[0] / span[1] < ratio:
        span = np.array([span[1] * ratio, span[1]])
    else:
        span = np.array([span[0], span[0] / ratio])
    return mid - span / 2, mid + span / 2


def _pt_per_px(ax, fig) -> float:
    """Points per canvas pixel (data unit) of the axes, so text scales with the drawing."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    bbox = ax.get_position()
    w_pt = bbox.width * fig.get_figwidth() * 72
    h_pt = bbox.height * fig.get_figheight() * 72
    return min(w_pt / (x1 - x0), h_pt / (y1 - y0))


def _metadata(fmt: str) -> dict:
    if fmt == "svg":
        return {"Date": None, "Creator": "leerlib"}
    if fmt == "png":
        return {"Software": "leerlib"}
    return {}
