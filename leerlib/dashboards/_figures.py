"""The HR overview's key figures, lists, cleaning log in words and download tables."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from leerlib.dashboards import _model, _render
from leerlib.dashboards.i18n import STRINGS
from leerlib.dashboards.i18n import t as text

__all__ = [
    "clusters_figure",
    "cross_figure",
    "density_text",
    "ties_text",
    "key_figures",
    "key_figures_html",
    "log_table",
    "people_html",
    "person_label",
    "tables",
    "brokers",
]

#: Runs of the community detection behind "how firm are the clusters" (speed vs. precision).
STABILITY_RUNS = 20


def key_figures(G: nx.DiGraph, *, lang: str = "nl") -> list[tuple[str, str, str]]:
    """(label, value, one plain sentence) for the network ``G``, in ``lang``."""
    from leerlib.metrics import community_stability, network_metrics

    def t(key: str, **kwargs) -> str:
        return text(key, lang, **kwargs)

    nm = network_metrics(G)
    internal = sum(1 for _, d in G.nodes(data=True) if d.get("internal", True) is not False)
    external = G.number_of_nodes() - internal
    st = community_stability(G, runs=STABILITY_RUNS, seed=0)
    pairs, nominations = _model.tie_counts(G)
    return [
        (
            t("fig_people"),
            str(internal),
            t("fig_people_text", internal=internal, external=external)
            if external
            else t("fig_people_text_internal", internal=internal),
        ),
        (
            t("fig_response"),
            _render.pct(nm.get("response_rate"), lang),
            t("fig_response_text", pct=_render.pct(nm.get("response_rate"), lang)),
        ),
        (t("fig_ties"), str(pairs), ties_text(pairs, nominations, lang=lang)),
        (
            t("fig_density"),
            _render.pct(nm["density"], lang),
            density_text(nm["density"], G.number_of_nodes(), pairs, lang=lang),
        ),
        (
            t("fig_reciprocity"),
            _render.pct(nm["reciprocity_edgewise"], lang),
            t("fig_reciprocity_text", pct=_render.pct(nm["reciprocity_edgewise"], lang)),
        ),
        (t("fig_isolates"), str(nm["isolates"]), t("fig_isolates_text")),
        clusters_figure(G, firmness=st.text.get(lang) or st.text.get("nl", ""), lang=lang),
        cross_figure(G, "team", lang=lang),
    ]


def ties_text(pairs: int, nominations: int, *, lang: str = "nl") -> str:
    """Return the sentence under the ties figure: what is counted (pairs, and nominations per topic).

    Examples
    --------
    >>> ties_text(817, 1019, lang="en")[:60]
    'Pairs of colleagues where one turns to the other, on any top'
    """
    if nominations > pairs:
        return text("fig_ties_text_pairs", lang, nominations=nominations)
    return text("fig_ties_text_one", lang)


#: Density at or above this is a dense network, whatever its size.
DENSE = 0.25
#: From this many people on, a low density is what any organisation has: nobody turns to
#: dozens of colleagues.
LARGE = 60


def _number(x: float, lang: str) -> str:
    s = f"{x:.1f}"
    return s.replace(".", ",") if lang == "nl" else s


def density_text(density: float, n: int, ties: int, *, lang: str = "nl") -> str:
    """Return the sentence under the density figure, following the value and the network's size.

    Parameters
    ----------
    density : float
        ties / (n (n - 1)).
    n : int
        People in the network.
    ties : int
        Arrows (pairs).
    lang : {"nl", "en"}

    Examples
    --------
    >>> density_text(0.33, 26, 215, lang="en")
    '33% of all possible ties exist: on average someone turns to 8.3 of the 25 others. A dense network: many colleagues turn to each other directly.'
    """
    if n < 2 or density != density:
        return text("fig_density_text_none", lang)
    pct = _render.pct(density, lang)
    avg = _number(ties / n, lang)
    first = text("fig_density_text_avg", lang, pct=pct, avg=avg, others=n - 1)
    if density >= DENSE:
        second = text("fig_density_text_dense", lang)
    elif n >= LARGE:
        second = text("fig_density_text_large", lang, n=n)
    else:
        second = text("fig_density_text_loose", lang, n=n)
    return f"{first} {second}"


def clusters_figure(G: nx.DiGraph, *, firmness: str = "", lang: str = "nl") -> tuple[str, str, str]:
    """Return the clusters figure.

    The clusters the map colours (:func:`leerlib.viz.map_clusters`), so the count and the map's
    legend agree, with the people in "other" and how firm they are.
    """
    from leerlib.viz import MIN_CLUSTER, map_clusters

    membership, shown = map_clusters(G)
    other = sum(1 for c in membership.values() if c not in set(shown))
    parts = [text("fig_clusters_text", lang, n=len(shown), min=MIN_CLUSTER)]
    if other:
        parts.append(text("fig_clusters_other", lang, other=other, min=MIN_CLUSTER))
    if firmness:
        parts.append(firmness)
    return text("fig_clusters", lang), str(len(shown)), " ".join(parts)


def cross_figure(G: nx.DiGraph, group: str = "team", *, lang: str = "nl") -> tuple[str, str, str]:
    """Return the share of ties across ``group``; without that attribute, say why there is no figure.

    Examples
    --------
    >>> cross_figure(nx.DiGraph([("a", "b")]), lang="en")[1:]
    ('–', 'No figure: the staff list has no team column, so ties across teams cannot be told.')
    """
    label = text("fig_cross", lang)
    if not any(group in d and d[group] not in (None, "") for _, d in G.nodes(data=True)):
        return label, "–", text("fig_cross_no_team", lang)
    cross = _model.cross_group_share(G, group)
    if cross != cross:
        return label, "–", text("fig_cross_no_ties", lang)
    return (
        label,
        _render.pct(cross, lang),
        text("fig_cross_text", lang, pct=_render.pct(cross, lang)),
    )


def key_figures_html(G: nx.DiGraph, *, topic_label: str, wave, lang: str = "nl") -> str:
    """Return the key figures of ``G`` as cards, under a heading naming the topic and the round."""
    e = html.escape
    return (
        f"<h3>{e(text('tab_figures', lang))} · {e(topic_label)}"
        f" · {e(text('round', lang).lower())} {e(str(wave))}</h3>"
        + _render.cards(key_figures(G, lang=lang))
    )


def brokers(G, group: str = "team", n: int = 10) -> pd.DataFrame:
    """People who broker between groups (Gould & Fernandez roles other than coordinator).

    Returns person_id, between (brokered pairs across groups), groups_reached (distinct
    groups among the people they are tied to, either direction); at most ``n``, most first.
    """
    from leerlib.metrics.brokerage import brokerage

    if G.number_of_nodes() == 0 or not any(group in d for _, d in G.nodes(data=True)):
        return pd.DataFrame(columns=["person_id", "between", "groups_reached"])
    b = brokerage(G, group)
    between = (b["brokerage_total"] - b["coordinator"]).astype(int)
    between = between[between > 0].sort_values(ascending=False, kind="stable").head(n)
    und = G.to_undirected(as_view=True)
    reached = [
        len({G.nodes[u].get(group) for u in und.neighbors(v)} - {None}) for v in between.index
    ]
    return pd.DataFrame(
        {"person_id": list(between.index), "between": between.to_numpy(), "groups_reached": reached}
    )


def person_label(G: nx.DiGraph, v) -> str:
    """How person ``v`` of ``G`` is listed: name (or id), with the team when there is one.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("p1", name="An", team="Wiskunde"); G.add_node("p2")
    >>> person_label(G, "p1"), person_label(G, "p2"), person_label(G, "p9")
    ('An (Wiskunde)', 'p2', 'p9')
    """
    d = G.nodes[v] if v in G else {}
    name = d.get("name") or str(v)
    team = d.get("team")
    return f"{name} ({team})" if isinstance(team, str) and team else str(name)


def _person_rows(G, df: pd.DataFrame, columns: dict, lang: str) -> pd.DataFrame:
    out = pd.DataFrame({text("person", lang): [person_label(G, v) for v in df["person_id"]]})
    for col, label in columns.items():
        out[label] = df[col].to_numpy()
    return out


def people_html(
    G: nx.DiGraph,
    topic_graphs: Mapping[str, nx.DiGraph],
    *,
    topic_labels: Mapping[str, str],
    lang: str = "nl",
) -> str:
    """Go-to people per topic, brokers between teams, people on the edge.

    Parameters
    ----------
    G : networkx.DiGraph
        The network of the chosen topic (brokers and people on the edge).
    topic_graphs : mapping
        Topic key -> its network, in the order shown (the chosen topic first).
    topic_labels : mapping
        Topic key -> its label in ``lang``.
    lang : {"nl", "en"}
    """
    e = html.escape

    def t(key: str, **kwargs) -> str:
        return text(key, lang, **kwargs)

    parts = [f"<h3>{e(t('goto_title'))}</h3><p>{e(t('goto_text'))}</p><div>"]
    for k, Gk in topic_graphs.items():
        top = _model.goto_people(Gk, n=5)
        body = (
            _render.table(_person_rows(Gk, top, {"named_by": t("col_named_by")}, lang))
            if len(top)
            else f"<p>{e(t('nobody'))}</p>"
        )
        parts.append(
            f'<div class="ll-topic-block" data-topic="{e(str(k))}">'
            f"<h4>{e(topic_labels.get(k, str(k)))}</h4>{body}</div>"
        )
    parts.append("</div>")
    br = brokers(G, "team")
    parts.append(
        f"<h3>{e(t('brokers_title'))}</h3><p>{e(t('brokers_text'))} {e(t('brokers_unit'))}</p>"
    )
    parts.append(
        _render.table(
            _person_rows(
                G,
                br,
                {"between": t("col_brokerage_pairs"), "groups_reached": t("col_teams_reached")},
                lang,
            )
        )
        if len(br)
        else f"<p>{e(t('nobody'))} {e(nobody_brokers(G, lang=lang))}</p>"
    )
    edge = _model.on_the_edge(G)
    edge = edge.assign(responded=edge["responded"].map({True: t("yes"), False: t("no")}))
    parts.append(f"<h3>{e(t('edge_title'))}</h3><p>{e(t('edge_text'))}</p>")
    parts.append(
        _render.table(_person_rows(G, edge, {"responded": t("col_responded")}, lang), max_rows=40)
        if len(edge)
        else f"<p>{e(t('nobody'))}</p>"
    )
    return "".join(parts)


def nobody_brokers(G: nx.DiGraph, group: str = "team", *, lang: str = "nl") -> str:
    """Why the list of brokers between ``group`` values is empty.

    Examples
    --------
    >>> nobody_brokers(nx.DiGraph([("a", "b")]), lang="en")
    'The staff list has no team column, so nobody can be seen to connect teams.'
    """
    if not any(not _model._missing(d.get(group)) for _, d in G.nodes(data=True)):
        return text("brokers_no_team", lang)
    return text("brokers_none", lang)


#: The words for one and for several groups of each grouping of the teams tab.
GROUP_WORDS = {
    "team": ("groups_one_team", "groups_many_team"),
    "school": ("groups_one_school", "groups_many_school"),
    "role": ("groups_one_role", "groups_many_role"),
}


def group_words(group: str, *, lang: str = "nl") -> dict[str, str]:
    """Return the words for one and for several ``group`` values, for the teams tab's sentences.

    Examples
    --------
    >>> group_words("role"), group_words("location", lang="en")
    ({'one': 'functie', 'many': 'functies'}, {'one': 'location', 'many': 'location'})
    """
    if group not in GROUP_WORDS:
        return {"one": str(group), "many": str(group)}
    one, many = GROUP_WORDS[group]
    return {"one": text(one, lang), "many": text(many, lang)}


def map_caption(G: nx.DiGraph, *, lang: str = "nl") -> str:
    """Return the sentence under the overview map.

    People, ties (pairs), the direction, and the people without ties that lie apart below the
    network.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b")]); G.add_node("c")
    >>> map_caption(G, lang="en")
    '3 people and 1 ties. An arrow from A to B means: A turns to B for advice. Apart below the network: 1 people without ties in this choice.'
    """
    pairs, _ = _model.tie_counts(G)
    out = text(
        "map_caption",
        lang,
        n_people=G.number_of_nodes(),
        n_ties=pairs,
        direction=text("direction", lang),
    )
    alone = sum(1 for v in G if G.degree(v) == 0)
    if alone:
        out += " " + text("map_caption_alone", lang, n=alone)
    return out


def loaded_text(
    people: int,
    pairs: int,
    nominations: int,
    *,
    responded: int,
    invited: int,
    waves: str,
    wave,
    lang: str = "nl",
) -> str:
    """Return the notice after an upload.

    The people and ties of the round shown, counted as the key figures and the map count them
    (:func:`leerlib.dashboards._model.tie_counts`).
    """
    return text(
        "loaded_counts",
        lang,
        people=people,
        ties=pairs,
        nominations=nominations,
        responded=responded,
        invited=invited,
        waves=waves,
        wave=wave,
    )


#: Details of log rows that carry specifics (candidates, row numbers), as written by leerlib.clean,
#: and the text key that says them in the page's language.
_DETAILS = (
    (re.compile(r"^candidates: (?P<rest>.*)$"), "log_detail_candidates"),
    (
        re.compile(r"^superseded by row (?P<row>\d+) \(latest complete submission\)$"),
        "log_detail_superseded",
    ),
    (
        re.compile(r"^merged into row (?P<row>\d+), column (?P<column>.+) \(weight = max\)$"),
        "log_detail_merged",
    ),
    (
        re.compile(r"^response with status '(?P<status>.*)' skipped \(respondent '(?P<who>.*)'\)$"),
        "log_detail_status",
    ),
)


def _word(prefix: str, value, lang: str) -> str:
    """Return the text of ``prefix + value`` in ``lang``; the value itself when there is none."""
    key = f"{prefix}{value}"
    return text(key, lang) if key in STRINGS else str(value)


def _detail(detail, lang: str) -> str:
    detail = (
        "" if detail is None or (isinstance(detail, float) and detail != detail) else str(detail)
    )
    for pattern, key in _DETAILS:
        m = pattern.match(detail)
        if m:
            return text(key, lang, **m.groupdict())
    # a free text of the cleaning steps (English): in another language the reason column says it
    return detail if lang == "en" else ""


def log_table(log: pd.DataFrame, *, lang: str = "nl", rename: bool = True) -> pd.DataFrame:
    """Return the cleaning log in ``lang``.

    Its headers (unless not ``rename``), actions, reasons and details are translated.

    Examples
    --------
    >>> log = pd.DataFrame({"row": [3], "action": ["dropped"], "reason": ["zero"], "detail": [""]})
    >>> log_table(log).values.tolist()
    [[3, 'weggelaten', 'antwoord op de schaal betekent: geen relatie', '']]
    """
    cols = [
        c
        for c in ("wave", "file", "row", "column", "raw_value", "action", "reason", "detail")
        if c in log.columns
    ]
    out = log[cols].copy()
    if "detail" in out.columns:
        out["detail"] = [_detail(d, lang) for d in log["detail"]]
    if "action" in out.columns:
        out["action"] = out["action"].map(lambda v: _word("log_action_", v, lang))
    if "reason" in out.columns:
        out["reason"] = out["reason"].map(lambda v: _word("log_reason_", v, lang))
    return out.rename(columns={c: text(f"log_col_{c}", lang) for c in cols}) if rename else out


def tables(
    G: nx.DiGraph,
    topic_graphs: Mapping[str, nx.DiGraph],
    *,
    log: pd.DataFrame | None,
    group: str | None,
    threshold: int,
    lang: str = "nl",
) -> dict[str, pd.DataFrame]:
    """Return the tables of a view, for the Excel report and the CSV files.

    Group tables pass through :func:`leerlib.privacy.suppress_small_groups`; the team matrix
    leaves small teams out altogether.

    Parameters
    ----------
    G : networkx.DiGraph
        The network shown (chosen round and topic).
    topic_graphs : mapping
        Topic key -> its network (go-to people per topic).
    log : DataFrame or None
        The cleaning log of the data shown.
    group : str or None
        Node attribute of the group tables (None: "team").
    threshold : int
        Groups with fewer members are hidden.
    lang : {"nl", "en"}
        Language of the key figures.
    """
    from leerlib.metrics import group_metrics, node_metrics
    from leerlib.privacy import suppress_small_groups

    people = pd.DataFrame(
        [
            {"person_id": v, **{k: d.get(k) for k in ("name", "team", "school", "role") if k in d}}
            for v, d in G.nodes(data=True)
        ]
    )
    nm = node_metrics(G).reset_index()
    keep = [
        c for c in ("person_id", "in_degree", "out_degree", "betweenness", "responded") if c in nm
    ]
    people = people.merge(nm[keep], on="person_id", how="left")
    ties = pd.DataFrame(
        [
            {
                "source": u,
                "target": v,
                "weight": d.get("weight", 1.0),
                "topics": ", ".join(d.get("topics") or ()),
            }
            for u, v, d in G.edges(data=True)
        ]
    )
    figures = pd.DataFrame(key_figures(G, lang=lang), columns=["figure", "value", "meaning"])
    parts = [_model.goto_people(Gk, n=5).assign(topic=k) for k, Gk in topic_graphs.items()]
    goto = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["person_id", "named_by", "topic"])
    )
    out = {"key_figures": figures, "people": people, "ties": ties}
    group = group or "team"
    if any(d.get(group) not in (None, "") for _, d in G.nodes(data=True)):
        gm = group_metrics(G, group).table.reset_index()
        out[f"{group}s"] = suppress_small_groups(gm, gm.columns[0], "size", threshold=threshold)
        matrix, _hidden = _model.group_matrix(G, group, threshold=threshold)
        out[f"{group}_to_{group}"] = matrix.reset_index()
    out["go_to_people"] = goto
    out["cleaning_report"] = log
    return out
