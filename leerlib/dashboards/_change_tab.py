"""The overview's "Verandering" tab and the personal page's change counts between rounds."""

from __future__ import annotations

import base64
import html
import io

import pandas as pd

from leerlib.dashboards import _render
from leerlib.dashboards._figures import person_label
from leerlib.dashboards.i18n import t as text

__all__ = [
    "change_image",
    "change_tab_html",
    "own_change",
    "personal_html",
    "rounds_to_compare",
    "slope_image",
    "topic_table",
]

#: Roles (leerlib.roles) counted as "still on the edge" for someone who joined.
EDGE_ROLES = ("on_edge", "isolate", "no_data")
_ROLE_KEYS = {
    "on_edge": "change_role_on_edge",
    "isolate": "change_role_isolate",
    "no_data": "change_role_no_data",
}
_ACROSS_KEYS = {"team": "change_across_team", "school": "change_across_school"}


def rounds_to_compare(waves, chosen) -> tuple[str, str] | None:
    """Return the round before ``chosen`` and ``chosen``; for the first round, it and the next.

    Examples
    --------
    >>> rounds_to_compare(["2025", "2026"], "2026"), rounds_to_compare(["2025", "2026"], "2025")
    (('2025', '2026'), ('2025', '2026'))
    >>> rounds_to_compare(["2025"], "2025") is None
    True
    """
    waves = [str(w) for w in waves]
    if len(waves) < 2:
        return None
    i = waves.index(str(chosen)) if str(chosen) in waves else len(waves) - 1
    i = max(i, 1)
    return waves[i - 1], waves[i]


def change_image(cmp, *, lang: str = "nl", dpi: int = 70) -> str:
    """Return both rounds' maps as an inline PNG ``<img>`` with a text alternative.

    The figure (:func:`leerlib.change_maps`) draws no names.
    """
    from leerlib.viz.change import change_maps

    fig = change_maps(cmp, lang=lang)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    b64 = base64.b64encode(buf.getvalue()).decode("ascii")
    st = cmp.people["status"]
    alt = text(
        "change_alt",
        lang,
        before=cmp.before,
        after=cmp.after,
        joined=int((st == "joined").sum()),
        left=int((st == "left").sum()),
    )
    return (
        f'<figure class="ll-change-maps"><img src="data:image/png;base64,{b64}" '
        f'alt="{html.escape(alt)}" style="max-width:100%;height:auto">'
        f"<figcaption class='ll-note'>{html.escape(alt)}</figcaption></figure>"
    )


def slope_image(cmp, *, lang: str = "nl", dpi: int = 70) -> str:
    """Return the slope chart of the key figures as an inline PNG ``<img>``.

    The chart is :func:`leerlib.slope_chart`; its text alternative gives every figure's two values.
    """
    from leerlib.metrics.change import FIGURE_LABELS
    from leerlib.viz.change import SLOPE_FIGURES, slope_chart

    fig = slope_chart(cmp, lang=lang, width=7.0)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    b64 = base64.b64encode(buf.getvalue()).decode("ascii")
    net = cmp.network
    sep = "," if lang == "nl" else "."
    shown = [
        f
        for f in SLOPE_FIGURES
        if f in net.index and pd.notna(net.loc[f, "before"]) and pd.notna(net.loc[f, "after"])
    ]
    items = "; ".join(
        f"{FIGURE_LABELS[f][lang].format(group=cmp.group or '')}: "
        f"{net.loc[f, 'before']:.2f} → {net.loc[f, 'after']:.2f}".replace(".", sep)
        for f in shown
    )
    alt = text("change_slope_alt", lang, before=cmp.before, after=cmp.after) + " " + items
    return (
        f'<figure class="ll-change-slope"><img src="data:image/png;base64,{b64}" '
        f'alt="{html.escape(alt)}" style="max-width:100%;height:auto">'
        f"<figcaption class='ll-note'>{html.escape(alt)}</figcaption></figure>"
    )


def topic_table(cmp, *, lang: str = "nl") -> pd.DataFrame:
    """Return the learning ties per topic in both rounds, and those across groups.

    Per ``across`` column of the comparison, the ties across its groups in both rounds
    (``cmp.across``).

    Examples
    --------
    >>> import leerlib
    >>> cmp = leerlib.compare_rounds(leerlib.load_sample(), "2025", "2026", across="school")
    >>> tab = topic_table(cmp, lang="en")
    >>> tab.columns.tolist()[:3], tab.iloc[:, 0].tolist()[:2]
    (['Topic', 'Learning ties 2025', 'Learning ties 2026'], ['Didactics', 'ICT in class'])
    """
    t = cmp.ties[cmp.ties["topic"].astype(str) != "*"]
    topics = [k for k in cmp.topics if k in set(t["topic"].astype(str))]
    topics += sorted(set(t["topic"].astype(str)) - set(topics))
    b, a = cmp.before, cmp.after
    rows = []
    for k in topics:
        x = t[t["topic"].astype(str) == k]
        row = {
            text("topic", lang): str(cmp.topics.get(k, {}).get(lang, k)),
            text("change_col_ties", lang, wave=b): int(x["in_before"].sum()),
            text("change_col_ties", lang, wave=a): int(x["in_after"].sum()),
        }
        for col in cmp.across.index.get_level_values("column").unique():
            if (col, k) in cmp.across.index and col in _ACROSS_KEYS:
                r = cmp.across.loc[(col, k)]
                label = text(_ACROSS_KEYS[col], lang)
                row[f"{label} {b}"] = int(r["before"])
                row[f"{label} {a}"] = int(r["after"])
        rows.append(row)
    return pd.DataFrame(rows)


def _people_rows(cmp, ids, graph_key: str, columns: dict, lang: str) -> pd.DataFrame:
    G = cmp.graphs[graph_key]
    out = pd.DataFrame({text("person", lang): [person_label(G, v) for v in ids]})
    for label, values in columns.items():
        out[label] = list(values)
    return out


def change_tab_html(
    cmp, *, lang: str = "nl", names: bool = False, image: str = "", slope: str = ""
) -> str:
    """Return what changed between two rounds, in plain words, with the lists HR acts on.

    Parameters
    ----------
    cmp : RoundComparison
        :func:`leerlib.compare_rounds` of the survey as the overview shows it (pseudonymised
        unless names are shown: people are listed as the go-to lists list them).
    lang : {"nl", "en"}
    names : bool
        Whether the view shows names (passed to ``cmp.summary``).
    image : str
        Markup of both rounds' maps (:func:`change_image`).
    slope : str
        Markup of the key figures' slope chart (:func:`slope_image`).
    """
    e = html.escape
    ppl = cmp.people
    st = ppl["status"]
    parts = [
        f"<h3>{e(text('change_title', lang, before=cmp.before, after=cmp.after))}</h3>",
        f"<p>{e(text('change_text', lang))}</p>",
        image,
        f"<h4>{e(text('change_summary', lang))}</h4><ul class='ll-change-summary'>",
    ]
    parts += [f"<li>{e(s)}</li>" for s in cmp.summary(lang, names=names)]
    parts.append("</ul>")
    parts.append(
        f"<h4>{e(text('change_topics', lang))}</h4>"
        f'<div class="ll-scroll ll-change-topics">{_render.table(topic_table(cmp, lang=lang))}'
        "</div>"
    )
    if slope:
        parts.append(f"<h4>{e(text('change_slope', lang))}</h4>{slope}")

    left = ppl[(st == "left") & ppl["broker_before"].fillna(False).astype(bool)]
    left = left.sort_values("betweenness_before", ascending=False, kind="stable")
    parts.append(f"<h4>{e(text('change_brokers_left', lang, before=cmp.before))}</h4>")
    if len(left):
        cols = {}
        for col, key in _ACROSS_KEYS.items():
            if f"across_{col}_before" in left.columns:
                cols[text(key, lang)] = left[f"across_{col}_before"].astype(int)
        parts.append(
            '<div class="ll-change-brokers">'
            + _render.table(_people_rows(cmp, left.index, "before", cols, lang))
            + "</div>"
        )
    else:
        parts.append(f"<p>{e(text('nobody', lang))}</p>")

    joined = ppl[(st == "joined") & ppl["role_after"].isin(EDGE_ROLES)]
    parts.append(
        f"<h4>{e(text('change_newcomers_edge', lang, after=cmp.after))}</h4>"
        f"<p class='ll-note'>{e(text('change_newcomers_text', lang))}</p>"
    )
    if len(joined):
        cols = {
            text("col_named_by", lang): joined["in_degree_after"].fillna(0).astype(int),
            text("change_col_situation", lang): [
                text(_ROLE_KEYS[r], lang) for r in joined["role_after"]
            ],
        }
        parts.append(
            '<div class="ll-change-newcomers">'
            + _render.table(_people_rows(cmp, joined.index, "after", cols, lang))
            + "</div>"
        )
    else:
        parts.append(f"<p>{e(text('nobody', lang))}</p>")
    return "".join(parts)


def own_change(ties: pd.DataFrame, responses: pd.DataFrame, person, before, after) -> dict | None:
    """Count of ``person``'s own contacts (people they turn to, all topics) between rounds.

    Only the person's out-ties are used: who named them is not looked at.

    Returns
    -------
    dict or None
        ``new``, ``kept``, ``ended`` (numbers of people); None when the person did not
        answer one of the rounds (then the survey cannot tell what changed).

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "a", "a", "a", "b"],
    ...                      "target": ["b", "c", "b", "d", "a"],
    ...                      "wave": ["1", "1", "2", "2", "2"]})
    >>> resp = pd.DataFrame({"person_id": ["a", "a"], "wave": ["1", "2"], "responded": True})
    >>> own_change(ties, resp, "a", "1", "2")
    {'new': 1, 'kept': 1, 'ended': 1}
    >>> own_change(ties, resp, "b", "1", "2") is None
    True
    """
    r = responses[responses["person_id"].astype(str) == str(person)]
    answered = set(r.loc[r["responded"].astype(bool), "wave"].astype(str))
    if not {str(before), str(after)} <= answered:
        return None
    mine = ties[ties["source"].astype(str) == str(person)]
    b = set(mine.loc[mine["wave"].astype(str) == str(before), "target"])
    a = set(mine.loc[mine["wave"].astype(str) == str(after), "target"])
    return {"new": len(a - b), "kept": len(a & b), "ended": len(b - a)}


def personal_html(survey, person, *, threshold: int, lang: str = "nl") -> str:
    """Return the personal page's additions on value and change.

    Your value profile against your team's, and what changed in the contacts you turn to since
    the round before the latest (counts only; nothing about who named you).
    """
    from leerlib.dashboards._value_tab import own_profile_html

    e = html.escape
    waves = [str(w) for w in (survey.waves or [])]
    if not waves:
        return ""
    people = survey.people.set_index(survey.people["person_id"].astype(str))
    team = people["team"].get(str(person)) if "team" in people.columns else None
    team = team if isinstance(team, str) and team else None
    parts = [
        own_profile_html(survey, person, wave=waves[-1], team=team, threshold=threshold, lang=lang)
    ]
    if len(waves) >= 2:
        before, after = waves[-2], waves[-1]
        counts = own_change(survey.ties, survey.responses, person, before, after)
        parts.append(f"<h3>{e(text('my_change_title', lang, before=before))}</h3>")
        listed = survey.responses.loc[
            survey.responses["person_id"].astype(str) == str(person), "wave"
        ]
        if counts is None and before not in set(listed.astype(str)):
            parts.append(f"<p>{e(text('my_change_new', lang, before=before))}</p>")
        elif counts is None:
            parts.append(f"<p>{e(text('my_change_unknown', lang, before=before, after=after))}</p>")
        else:
            parts.append(f"<p class='ll-my-change'>{e(text('my_change_text', lang, **counts))}</p>")
    return "".join(parts)
