"""The HR overview's key figures, lists, cleaning report and download tables."""

from __future__ import annotations

import html
from collections import Counter

import pandas as pd

from leerlib.dashboards import _model, _render

__all__ = ["key_figures", "key_figures_html", "people_html", "report_html", "tables", "brokers"]

#: Runs of the community detection behind "how firm are the clusters" (speed vs. precision).
STABILITY_RUNS = 20


def key_figures(app) -> list[tuple[str, str, str]]:
    """(label, value, one plain sentence) for the current round and topic."""
    from leerlib.metrics import community_stability, network_metrics

    lang = app.lang
    G = app.graph(app.chosen_topic)
    nm = network_metrics(G)
    internal = sum(1 for _, d in G.nodes(data=True) if d.get("internal", True) is not False)
    external = G.number_of_nodes() - internal
    st = community_stability(G, runs=STABILITY_RUNS, seed=0)
    sizes = Counter(st.partition.values())
    n_clusters = sum(1 for s in sizes.values() if s >= 2)
    cross = _model.cross_group_share(G, "team")
    t = app.t
    return [
        (t("fig_people"), str(internal), t("fig_people_text", internal=internal, external=external)),
        (t("fig_response"), _render.pct(nm.get("response_rate"), lang),
         t("fig_response_text", pct=_render.pct(nm.get("response_rate"), lang))),
        (t("fig_ties"), str(nm["ties"]), t("fig_ties_text")),
        (t("fig_density"), _render.pct(nm["density"], lang),
         t("fig_density_text", pct=_render.pct(nm["density"], lang))),
        (t("fig_reciprocity"), _render.pct(nm["reciprocity_edgewise"], lang),
         t("fig_reciprocity_text", pct=_render.pct(nm["reciprocity_edgewise"], lang))),
        (t("fig_isolates"), str(nm["isolates"]), t("fig_isolates_text")),
        (t("fig_clusters"), str(n_clusters), st.text.get(lang) or st.text.get("nl", "")),
        (t("fig_cross"), _render.pct(cross, lang), t("fig_cross_text", pct=_render.pct(cross, lang))),
    ]


def key_figures_html(app) -> str:
    return (f"<h3>{html.escape(app.t('tab_figures'))} · {html.escape(app.topic_label(app.chosen_topic))}"
            f" · {html.escape(app.t('round').lower())} {html.escape(str(app.wave.value))}</h3>"
            + _render.cards(key_figures(app)))


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
    reached = [len({G.nodes[u].get(group) for u in und.neighbors(v)} - {None}) for v in between.index]
    return pd.DataFrame({"person_id": list(between.index), "between": between.to_numpy(),
                         "groups_reached": reached})


def _person_rows(app, G, df: pd.DataFrame, columns: dict) -> pd.DataFrame:
    out = pd.DataFrame({app.t("person"): [app.person_label(G, v) for v in df["person_id"]]})
    for col, label in columns.items():
        out[label] = df[col].to_numpy()
    return out


def people_html(app) -> str:
    """Go-to people per topic, brokers between teams, people on the edge."""
    e = html.escape
    t = app.t
    parts = [f"<h3>{e(t('goto_title'))}</h3><p>{e(t('goto_text'))}</p><div>"]
    keys = list((app.survey.topics or {}).keys())
    if app.chosen_topic in keys:  # the chosen topic first
        keys.remove(app.chosen_topic)
        keys.insert(0, app.chosen_topic)
    for k in keys:
        G = app.graph(k)
        top = _model.goto_people(G, n=5)
        body = (_render.table(_person_rows(app, G, top, {"named_by": t("col_named_by")}))
                if len(top) else f"<p>{e(t('nobody'))}</p>")
        parts.append(f'<div class="ll-topic-block" data-topic="{e(str(k))}"><h4>{e(app.topic_label(k))}</h4>'
                     f"{body}</div>")
    parts.append("</div>")
    G = app.graph(app.chosen_topic)
    br = brokers(G, "team")
    parts.append(f"<h3>{e(t('brokers_title'))}</h3><p>{e(t('brokers_text'))}</p>")
    parts.append(_render.table(_person_rows(app, G, br, {"between": t("col_brokerage"),
                                                          "groups_reached": t("col_teams_reached")}))
                 if len(br) else f"<p>{e(t('nobody'))}</p>")
    edge = _model.on_the_edge(G)
    edge = edge.assign(responded=edge["responded"].map({True: t("yes"), False: t("no")}))
    parts.append(f"<h3>{e(t('edge_title'))}</h3><p>{e(t('edge_text'))}</p>")
    parts.append(_render.table(_person_rows(app, G, edge, {"responded": t("col_responded")}), max_rows=40)
                 if len(edge) else f"<p>{e(t('nobody'))}</p>")
    return "".join(parts)


def report_html(app) -> str:
    """The cleaning report: counts by action and reason, then the rows (pseudonymised view)."""
    e = html.escape
    log = app.active.log
    if log is None or log.empty:
        return f"<p>{e(app.t('report_empty'))}</p>"
    summary = log.groupby(["action", "reason"]).size().rename("n").reset_index()
    cols = [c for c in ("wave", "file", "row", "column", "raw_value", "action", "reason", "detail")
            if c in log.columns]
    return (f"<p>{e(app.t('report_summary', n=len(log)))}</p>" + _render.table(summary)
            + _render.table(log[cols], max_rows=300))


def tables(app) -> dict[str, pd.DataFrame]:
    """The tables of the current view, for the Excel report and the CSV files.

    Group tables pass through :func:`leerlib.privacy.suppress_small_groups`; the team matrix
    leaves small teams out altogether.
    """
    from leerlib.metrics import group_metrics, node_metrics
    from leerlib.privacy import suppress_small_groups

    G = app.graph(app.chosen_topic)
    people = pd.DataFrame([{"person_id": v, **{k: d.get(k) for k in ("name", "team", "school", "role")
                                               if k in d}} for v, d in G.nodes(data=True)])
    nm = node_metrics(G).reset_index()
    keep = [c for c in ("person_id", "in_degree", "out_degree", "betweenness", "responded") if c in nm]
    people = people.merge(nm[keep], on="person_id", how="left")
    ties = pd.DataFrame([{"source": u, "target": v, "weight": d.get("weight", 1.0),
                          "topics": ", ".join(d.get("topics") or ())} for u, v, d in G.edges(data=True)])
    figures = pd.DataFrame(key_figures(app), columns=["figure", "value", "meaning"])
    parts = [_model.goto_people(app.graph(k), n=5).assign(topic=k) for k in (app.survey.topics or {})]
    goto = (pd.concat(parts, ignore_index=True) if parts
            else pd.DataFrame(columns=["person_id", "named_by", "topic"]))
    out = {"key_figures": figures, "people": people, "ties": ties}
    group = app.group.value or "team"
    if any(d.get(group) not in (None, "") for _, d in G.nodes(data=True)):
        gm = group_metrics(G, group).table.reset_index()
        out[f"{group}s"] = suppress_small_groups(gm, gm.columns[0], "size", threshold=app.threshold)
        matrix, _hidden = _model.group_matrix(G, group, threshold=app.threshold)
        out[f"{group}_to_{group}"] = matrix.reset_index()
    out["go_to_people"] = goto
    out["cleaning_report"] = app.active.log
    return out
