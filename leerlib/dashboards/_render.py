"""Small HTML pieces the dashboards show: cards, tables, a heat map (all text escaped)."""

from __future__ import annotations

import html
import math

import pandas as pd

__all__ = ["cards", "table", "heatmap", "pct", "number", "pills", "short_labels", "SHORT_WORD"]

#: Longest word of a heat map's column label; a longer word is cut (see :func:`short_labels`).
SHORT_WORD = 9


def pct(x: float, lang: str = "nl") -> str:
    """Return a share as a percentage (one decimal below 10%), Dutch or English style.

    Examples
    --------
    >>> pct(0.046, "nl"), pct(0.5, "en"), pct(float("nan"), "en")
    ('4,6%', '50%', 'n/a')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n.v.t." if lang == "nl" else "n/a"
    v = 100 * float(x)
    text = f"{v:.1f}" if 0 < v < 10 else f"{v:.0f}"
    if lang == "nl":
        text = text.replace(".", ",")
    return f"{text}%"


def number(x, lang: str = "nl", digits: int = 2) -> str:
    """Return a number for people: integers as is, others with ``digits`` decimals (Dutch comma).

    Examples
    --------
    >>> number(3), number(0.456, "nl"), number(0.456, "en")
    ('3', '0,46', '0.46')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n.v.t." if lang == "nl" else "n/a"
    if float(x).is_integer():
        return str(int(x))
    text = f"{float(x):.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def cards(items: list[tuple[str, str, str]]) -> str:
    """Key-figure cards: (label, value, sentence) each.

    Examples
    --------
    >>> "<b>" in cards([("People", "<b>", "x")])
    False
    """
    e = html.escape
    parts = [
        f'<div class="ll-card"><div class="ll-label">{e(label)}</div>'
        f'<div class="ll-value">{e(value)}</div><p>{e(text)}</p></div>'
        for label, value, text in items
    ]
    return f'<div class="ll-cards">{"".join(parts)}</div>'


def table(df: pd.DataFrame, *, max_rows: int = 50, css: str = "ll-table") -> str:
    """Return a DataFrame as a plain escaped HTML table (index left out).

    Examples
    --------
    >>> table(pd.DataFrame({"a": ["<x>"]}))
    '<table class="ll-table"><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;x&gt;</td></tr></tbody></table>'
    """
    e = html.escape
    head = "".join(f"<th>{e(str(c))}</th>" for c in df.columns)
    rows = []
    for rec in df.head(max_rows).itertuples(index=False):
        rows.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in rec) + "</tr>")
    return (
        f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _shade(value: float, top: float) -> tuple[str, str]:
    if top <= 0 or value <= 0:
        return "#ffffff", "#9aa5b1"
    share = math.sqrt(value / top)  # square root: small counts stay visible
    light = (235, 243, 250)
    dark = (23, 74, 108)
    rgb = tuple(round(a + (b - a) * share) for a, b in zip(light, dark, strict=True))
    fg = "#ffffff" if share > 0.55 else "#1d2b36"
    return "#{:02x}{:02x}{:02x}".format(*rgb), fg


def short_labels(names, *, width: int = SHORT_WORD) -> dict[str, str]:
    """Return name -> a short label whose words have at most ``width`` characters.

    A word longer than ``width`` keeps its first ``width - 1`` characters and gets a full
    stop; shorter words stay. Names whose short labels would coincide keep their full names,
    so that no two columns look alike. Meant for the column heads of a table whose rows carry
    the full names in the same order (the heat map), with the full name on hover.

    Parameters
    ----------
    names : iterable of str
        The full labels.
    width : int
        Most characters of a word in a short label (at least 2).

    Returns
    -------
    dict
        Full name -> short label (the name itself when it is short enough or would collide).

    Examples
    --------
    >>> short_labels(["Regenboog ondersteuning", "Kompas bovenbouw"], width=9)
    {'Regenboog ondersteuning': 'Regenboog onderste.', 'Kompas bovenbouw': 'Kompas bovenbouw'}
    """
    width = max(2, int(width))

    def cut(name: str) -> str:
        return " ".join(w if len(w) <= width else w[: width - 1] + "." for w in name.split())

    names = [str(n) for n in names]
    short = {n: cut(n) for n in names}
    seen: dict[str, int] = {}
    for s in short.values():
        seen[s] = seen.get(s, 0) + 1
    return {n: (s if seen[s] == 1 else n) for n, s in short.items()}


def heatmap(matrix: pd.DataFrame, *, row_title: str = "", col_title: str = "") -> str:
    """Return a square count matrix as an HTML heat map (darker is more ties; 0 shown as a dot).

    Row heads carry the full group names; column heads (the same groups in the same order)
    carry :func:`short_labels` with the full name on hover, so that a dozen teams fit the
    page's width without scrolling sideways.

    Examples
    --------
    >>> m = pd.DataFrame([[0, 2], [1, 0]], index=["A", "B"], columns=["A", "B"])
    >>> h = heatmap(m)
    >>> h.count("<td"), "·" in h
    (4, True)
    """
    e = html.escape
    off = [
        matrix.iloc[i, j]
        for i in range(len(matrix))
        for j in range(len(matrix.columns))
        if matrix.index[i] != matrix.columns[j]
    ]
    top = float(max(off)) if off else 0.0
    short = short_labels(matrix.columns)
    head = "".join(
        f'<th scope="col" title="{e(str(c))}">{e(str(c))}</th>'
        if short[str(c)] == str(c)
        else f'<th scope="col" title="{e(str(c))}"><abbr title="{e(str(c))}">'
        f"{e(short[str(c)])}</abbr></th>"
        for c in matrix.columns
    )
    rows = []
    for g, rec in matrix.iterrows():
        cells = []
        for c, v in rec.items():
            bg, fg = _shade(float(v), top if g != c else max(top, float(v)))
            shown = "·" if v == 0 else str(int(v))
            cells.append(
                f'<td style="background:{bg};color:{fg}" title="{e(str(g))} → {e(str(c))}: '
                f'{int(v)}">{shown}</td>'
            )
        rows.append(f'<tr><th class="ll-rowhead" scope="row">{e(str(g))}</th>{"".join(cells)}</tr>')
    corner = f"{e(row_title)} ↓ / {e(col_title)} →" if row_title or col_title else ""
    return (
        f'<table class="ll-table ll-heat"><thead><tr><th>{corner}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def pills(items: list[str]) -> str:
    """Short items as rounded labels.

    Examples
    --------
    >>> pills(["A ↔ B"])
    '<span class="ll-pill">A ↔ B</span>'
    """
    return "".join(f'<span class="ll-pill">{html.escape(i)}</span>' for i in items)
