"""compare_rounds and RoundComparison: ties, people, network figures and clusters of two rounds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from leerlib.errors import SchemaError
from leerlib.graph import build_graph
from leerlib.metrics.brokerage import ROLES, brokerage
from leerlib.metrics.centrality import betweenness, constraint
from leerlib.metrics.change._partitions import compare_partitions
from leerlib.metrics.change._ties import ALL_TOPICS, TIE_STATUSES, jaccard, tie_status
from leerlib.metrics.community import communities as _communities
from leerlib.metrics.network import network_metrics
from leerlib.metrics.roles import roles as _roles
from leerlib.schema import Survey

__all__ = ["PERSON_MEASURES", "NETWORK_FIGURES", "RoundComparison", "compare_rounds"]

#: Per-person measures compared for the people in both rounds (as node_metrics names them).
PERSON_MEASURES = (
    "in_degree",
    "out_degree",
    "betweenness",
    "constraint",
    *ROLES,
    "brokerage_total",
)

#: Whole-network figures compared (keys of network_metrics, plus ``share_across`` and
#: ``clusters``), in the order the tables and charts show them.
NETWORK_FIGURES = (
    "n",
    "ties",
    "response_rate",
    "density",
    "reciprocity_edgewise",
    "share_across",
    "transitivity_directed",
    "centralization_indegree",
    "centralization_betweenness",
    "clusters",
    "modularity",
    "isolates",
)


def _pick_rounds(survey: Survey, before, after) -> tuple[str, str]:
    waves = [str(w) for w in (survey.waves or [])]
    if not waves:
        waves = sorted(set(survey.ties["wave"].astype(str)))
    if before is None and after is None:
        if len(waves) < 2:
            raise SchemaError(f"compare_rounds: the survey has rounds {waves}; need two")
        before, after = waves[-2], waves[-1]
    elif before is None or after is None:
        raise SchemaError("compare_rounds: give both rounds (before and after) or neither")
    before, after = str(before), str(after)
    for w in (before, after):
        if w not in waves:
            raise SchemaError(f"compare_rounds: round {w!r} is not in the survey ({waves})")
    if before == after:
        raise SchemaError(f"compare_rounds: before and after are both {before!r}")
    return before, after


def _roster(survey: Survey, wave: str, internal: set) -> tuple[set, set]:
    """(people on the wave's list, people who answered it), as build_graph reads them."""
    r = survey.responses
    if r is not None and len(r) and (r["wave"].astype(str) == wave).any():
        r = r[r["wave"].astype(str) == wave]
        on = set(r["person_id"].astype(str))
        answered = set(r.loc[r["responded"].astype(bool), "person_id"].astype(str))
        return on, answered
    t = survey.ties[survey.ties["wave"].astype(str) == wave]
    return set(internal), set(t["source"].astype(str)) & set(internal)


@dataclass
class RoundComparison:
    """What changed between two survey rounds (see :func:`compare_rounds`).

    Attributes
    ----------
    before, after : str
        The two rounds.
    ties : DataFrame
        :func:`tie_status` rows per topic and, with ``topic`` == :data:`ALL_TOPICS`,
        per ordered pair over all topics (weights summed, as in build_graph).
    tie_counts : DataFrame
        Per topic (and ``*``): number of ties per status, ``turnover`` (new or
        ended ties of people who joined or left), ``jaccard``, and the rating
        changes of kept ties (``higher``, ``lower``, ``same``).
    jaccard : Series
        Per person who answered both rounds: kept / (kept + new + ended) of
        their comparable out-ties over all topics.
    people : DataFrame
        Everyone on either list: ``status`` (joined, left, stayed),
        ``answered_before``, ``answered_after``, ``<measure>_before``,
        ``<measure>_after`` and ``<measure>_change`` (stayers only) for
        :data:`PERSON_MEASURES` (``out_degree`` is NaN in a round the person
        did not answer: missing, not zero), ``cluster_before``, ``cluster_after``,
        ``moved``, ``role_before``, ``role_after`` and the flags ``go_to_``,
        ``broker_``, ``on_edge_`` per round (leerlib.roles), ``jaccard``, and
        ``across_<column>_<round>`` (pairs, either direction, with someone of
        another group). Measures of a person not on a round's list are NaN.
    network : DataFrame
        :data:`NETWORK_FIGURES` (index) x before, after, change.
    across : DataFrame
        Ties between people of different groups per column in ``across`` and
        topic: before, after, change.
    communities : dict
        :func:`compare_partitions` of the clusters of both rounds, plus the
        ``clusters_before`` and ``clusters_after`` counts.
    graphs : dict
        ``{"before": G, "after": G}`` as built by :func:`leerlib.build_graph`.
    """

    before: str
    after: str
    ties: pd.DataFrame
    tie_counts: pd.DataFrame
    jaccard: pd.Series
    people: pd.DataFrame
    network: pd.DataFrame
    across: pd.DataFrame
    communities: dict
    graphs: dict = field(repr=False)
    group: str | None = None
    topics: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict, repr=False)
    ratings_compared: bool = False

    def summary(self, lang: str = "en", *, names: bool = False) -> list[str]:
        """Return the change in plain sentences, each with its number.

        Parameters
        ----------
        lang : {"en", "nl"}
        names : bool, default False
            Show names beside person ids (personal data: only where people
            agreed to be named).

        Returns
        -------
        list of str
        """
        from leerlib.metrics.change._text import summary_sentences

        return summary_sentences(self, lang=lang, names=names)

    def __repr__(self) -> str:
        c = self.tie_counts.loc[ALL_TOPICS]
        st = self.people["status"].value_counts()
        return (
            f"RoundComparison({self.before} -> {self.after}: ties kept {int(c['kept'])}, "
            f"new {int(c['new'])}, ended {int(c['ended'])}, unknown {int(c['unknown'])}; "
            f"people joined {int(st.get('joined', 0))}, left {int(st.get('left', 0))}, "
            f"stayed {int(st.get('stayed', 0))})"
        )


def _round_ties(survey: Survey, wave: str, topics, internal: set, internal_only: bool):
    t = survey.ties[survey.ties["wave"].astype(str) == wave]
    if topics is not None:
        t = t[t["topic"].astype(str).isin(topics)]
    if internal_only:
        t = t[t["source"].astype(str).isin(internal) & t["target"].astype(str).isin(internal)]
    t = t.copy()
    if "topic" not in t.columns:
        t["topic"] = ""
    return t


def _pairs(t: pd.DataFrame, weight: str | None) -> pd.DataFrame:
    """All topics combined: one row per ordered pair, weights summed (build_graph's rule)."""
    key = ["source", "target"]
    if weight is None or weight not in t.columns:
        p = t[key].drop_duplicates()
    else:
        p = t.groupby(key, as_index=False, sort=True)[weight].sum()
    return p.assign(topic=ALL_TOPICS)


def _has_scale(t: pd.DataFrame, weight: str | None) -> bool:
    if weight is None or weight not in t.columns or t.empty:
        return False
    w = pd.to_numeric(t[weight], errors="coerce")
    return bool(w.notna().all() and (w != 1.0).any())


def _counts(ties: pd.DataFrame) -> pd.DataFrame:
    rows = {}
    for topic, s in ties.groupby("topic", sort=False, observed=True):
        vc = s["status"].value_counts()
        row = {k: int(vc.get(k, 0)) for k in TIE_STATUSES}
        row["turnover"] = int(s["turnover"].sum())
        row["jaccard"] = jaccard(s)[0]
        for r in ("higher", "lower", "same"):
            row[r] = int((s["rating"] == r).sum())
        rows[topic] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "topic"
    order = [ALL_TOPICS] + sorted(i for i in out.index if i != ALL_TOPICS)
    return out.reindex(order)


def _person_measures(G: nx.DiGraph, group) -> pd.DataFrame:
    """Return the columns of node_metrics that compare_rounds uses (and roles needs), nothing more."""
    idx = pd.Index(list(G), name="person_id")
    df = pd.DataFrame(
        {
            "in_degree": [float(d) for _, d in G.in_degree()],
            "out_degree": [float(d) for _, d in G.out_degree()],
        },
        index=idx,
    )
    df["betweenness"] = pd.Series(betweenness(G)).reindex(idx).astype(float)
    df["constraint"] = pd.Series(constraint(G), dtype=float).reindex(idx)
    if group is not None:
        df = df.join(brokerage(G, group)[[*ROLES, "brokerage_total"]])
    df["responded"] = [bool(G.nodes[v].get("responded", True)) for v in G]
    df["isolate"] = (df["in_degree"] + df["out_degree"]) == 0
    return df


def _network(G: nx.DiGraph, group, clusters: dict) -> dict:
    m = network_metrics(G, group)
    ei = m.get("ei_index", float("nan"))
    m["share_across"] = (ei + 1) / 2 if ei == ei else float("nan")
    m["clusters"] = len(set(clusters.values()))
    from leerlib.metrics.community import modularity

    m["modularity"] = modularity(G, clusters) if G.number_of_edges() else float("nan")
    return {k: m.get(k, float("nan")) for k in NETWORK_FIGURES}


def _labels(ppl: pd.DataFrame, col: str) -> pd.Series:
    return ppl[col].astype(object).where(ppl[col].notna(), "(unknown)")


def _across_table(ppl: pd.DataFrame, across: list, tb: pd.DataFrame, ta: pd.DataFrame):
    """Ties between people of different groups, per column and topic (``*``: pairs), per round."""
    rows = []
    for col in across:
        lab = _labels(ppl, col)
        for key, t in (("before", tb), ("after", ta)):
            cross = (
                t["source"].astype(str).map(lab).to_numpy()
                != t["target"].astype(str).map(lab).to_numpy()
            )
            x = t.assign(_cross=cross)
            by = x.groupby("topic")["_cross"].sum().astype(int).to_dict()
            by[ALL_TOPICS] = int(_pairs(x[x["_cross"]], None).shape[0])
            rows += [{"column": col, "topic": tp, "round": key, "ties": k} for tp, k in by.items()]
    if not rows:
        return pd.DataFrame(
            columns=["before", "after", "change"],
            index=pd.MultiIndex.from_tuples([], names=["column", "topic"]),
        )
    out = (
        pd.DataFrame(rows)
        .pivot_table(index=["column", "topic"], columns="round", values="ties", fill_value=0)
        .reindex(columns=["before", "after"], fill_value=0)
        .astype(int)
    )
    out.columns.name = None
    out["change"] = out["after"] - out["before"]
    return out


def _across_people(ppl, col: str, t: pd.DataFrame, on: set, index: pd.Index) -> np.ndarray:
    """Per person on the list: pairs (either direction, all topics) with someone of another group."""
    lab = _labels(ppl, col)
    p = _pairs(t, None)
    cross = p[p["source"].map(lab).to_numpy() != p["target"].map(lab).to_numpy()]
    k = pd.concat([cross["source"], cross["target"]]).value_counts()
    return np.where(index.isin(list(on)), k.reindex(index).fillna(0), np.nan)


def _people_table(ppl, on, answered, nm, rl, cl, across, ties, per_j):
    """Return everyone on either list with the stayers' cluster comparison.

    Per person: status, answers, measures per round and their change, roles, clusters, ties
    across groups and Jaccard.
    """
    (on_b, on_a), (ans_b, ans_a), (tb, ta) = on, answered, ties
    everyone = [p for p in ppl.index if p in on_b or p in on_a]
    people = pd.DataFrame(index=pd.Index(everyone, name="person_id"))
    in_b = people.index.isin(list(on_b))
    in_a = people.index.isin(list(on_a))
    people["status"] = np.select([in_b & in_a, in_a], ["stayed", "joined"], "left")
    people["answered_before"] = people.index.isin(list(ans_b))
    people["answered_after"] = people.index.isin(list(ans_a))
    stayed = (people["status"] == "stayed").to_numpy()
    for m in PERSON_MEASURES:
        for key in ("before", "after"):
            col = nm[key][m] if m in nm[key].columns else pd.Series(dtype=float)
            col = col.reindex(people.index).astype(float)
            if m == "out_degree":  # a non-respondent's out-ties are missing, not zero
                col = col.where(people[f"answered_{key}"])
            people[f"{m}_{key}"] = col
        if f"{m}_before" in people.columns:
            people[f"{m}_change"] = np.where(
                stayed, people[f"{m}_after"] - people[f"{m}_before"], np.nan
            )
    for key in ("before", "after"):
        people[f"role_{key}"] = rl[key]["role"].reindex(people.index)
        for flag in ("go_to", "broker", "on_edge"):
            people[f"{flag}_{key}"] = rl[key][flag].reindex(people.index).astype("boolean")
        people[f"cluster_{key}"] = pd.Series(cl[key], dtype="Int64").reindex(people.index)
    stay_ids = people.index[stayed]
    parts = compare_partitions(
        {p: cl["before"][p] for p in stay_ids if p in cl["before"]},
        {p: cl["after"][p] for p in stay_ids if p in cl["after"]},
    )
    parts["clusters_before"] = len(set(cl["before"].values()))
    parts["clusters_after"] = len(set(cl["after"].values()))
    for col in across:
        for key, t, listed in (("before", tb, on_b), ("after", ta, on_a)):
            people[f"across_{col}_{key}"] = _across_people(ppl, col, t, listed, people.index)
    people["moved"] = parts["table"]["moved"].reindex(people.index).astype("boolean")
    people["jaccard"] = per_j.reindex(people.index)
    return people, parts


def compare_rounds(
    survey: Survey,
    before: str | None = None,
    after: str | None = None,
    *,
    topic: str | Iterable[str] | None = None,
    group: str | None = "team",
    across: Iterable[str] | None = None,
    internal_only: bool = True,
    weight: str | None = "weight",
    seed: int = 0,
) -> RoundComparison:
    """Compare two survey rounds: ties, people, whole-network figures and clusters.

    Parameters
    ----------
    survey : Survey
        Both rounds (``leerlib.combine_waves`` or ``leerlib.load_sample()``).
    before, after : str, optional
        The rounds; default the last two of ``survey.waves``.
    topic : str or list of str, optional
        Compare these topics only; None: every topic (and all combined).
    group : str or None, default "team"
        People column for brokerage roles, E-I index and the share of ties
        across groups; None (or a column the people table lacks) leaves them out.
    across : str or list of str, optional
        People columns whose boundaries ties are counted across, per topic
        (default: ``[group]``); e.g. ``["team", "school"]``.
    internal_only : bool, default True
        Leave out contacts outside the roster (externals).
    weight : str or None, default "weight"
        Tie strength compared for kept ties, but only when both rounds carry
        a scale (some weight other than 1.0); otherwise ratings are not
        compared (``ratings_compared`` False).
    seed : int, default 0
        Seed of the clusters (Louvain) of each round.

    Returns
    -------
    RoundComparison

    Raises
    ------
    SchemaError
        When ``survey`` is not a Survey, a round is missing, both rounds are
        the same, or a column of ``across`` is not in the people table.

    Notes
    -----
    Response: a tie seen in one round only, whose sender did not answer the
    other round, is ``unknown``, neither new nor ended. Without a responses
    table everyone internal is on both lists and "named someone in the
    round" counts as having answered it (as in :func:`leerlib.build_graph`).
    Groups (``group``, ``across``) come from the one people table, where
    ``combine_waves`` keeps the latest round's attributes: a person who moved
    team is in their latest team in both rounds. The figures of each
    round depend on who answered it; the response of both rounds is in
    ``network`` (``response_rate``) and in the summary. People are matched
    across rounds by ``person_id``.

    Examples
    --------
    >>> from leerlib.schema import Survey
    >>> ties = pd.DataFrame({"source": ["a", "b", "a", "c"], "target": ["b", "a", "c", "a"],
    ...     "topic": "t", "wave": ["1", "1", "2", "2"], "weight": 1.0})
    >>> people = pd.DataFrame({"person_id": list("abc"), "name": list("ABC"), "internal": True})
    >>> resp = pd.DataFrame({"person_id": list("abcabc"), "wave": list("111222"),
    ...     "responded": [True, True, False, True, False, True]})
    >>> s = Survey(people, ties, resp, pd.DataFrame(), pd.DataFrame(), waves=["1", "2"])
    >>> cmp = compare_rounds(s, group=None)
    >>> cmp.tie_counts.loc["*", ["kept", "new", "ended", "unknown"]].tolist()
    [0, 1, 1, 2]
    >>> print(cmp.summary("en")[3])
    2 ties are seen in one round only while their sender did not answer the other round: they
    are counted as unknown, not as new or ended.
    """
    if not isinstance(survey, Survey):
        raise SchemaError(f"compare_rounds: expected a Survey, got {type(survey).__name__}")
    before, after = _pick_rounds(survey, before, after)
    topics = None if topic is None else ([topic] if isinstance(topic, str) else list(topic))
    ppl = survey.people.copy()
    ppl["person_id"] = ppl["person_id"].astype(str)
    ppl = ppl.drop_duplicates("person_id").set_index("person_id")
    internal = (
        set(ppl.index[ppl["internal"].astype(bool)])
        if "internal" in ppl.columns
        else set(ppl.index)
    )
    if group is not None and group not in ppl.columns:
        group = None
    if across is None:
        across = [] if group is None else [group]
    else:
        across = [across] if isinstance(across, str) else list(across)
        missing = [c for c in across if c not in ppl.columns]
        if missing:
            raise SchemaError(
                f"compare_rounds: the people table has no column {missing[0]!r} (across); "
                f"columns: {sorted(map(str, ppl.columns))}"
            )

    on_b, ans_b = _roster(survey, before, internal)
    on_a, ans_a = _roster(survey, after, internal)
    tb = _round_ties(survey, before, topics, internal, internal_only)
    ta = _round_ties(survey, after, topics, internal, internal_only)
    rated = _has_scale(tb, weight) and _has_scale(ta, weight)
    w = weight if rated else None
    kw = dict(on_before=on_b, on_after=on_a, answered_before=ans_b, answered_after=ans_a)
    per_topic = tie_status(tb, ta, weight=w, **kw)
    pairs = tie_status(_pairs(tb, w), _pairs(ta, w), weight=w, **kw)
    ties = pd.concat([pairs, per_topic], ignore_index=True)
    ties["status"] = pd.Categorical(ties["status"], categories=list(TIE_STATUSES))
    per_j = jaccard(pairs)[1]

    # --- graphs, measures, clusters of each round ---------------------------------
    graphs, nm, rl, cl, net = {}, {}, {}, {}, {}
    for key, wave in (("before", before), ("after", after)):
        G = build_graph(survey, wave=wave, topic=topics, internal_only=internal_only, weight=weight)
        graphs[key] = G
        nm[key] = _person_measures(G, group)
        rl[key] = _roles(G, group=group, metrics=nm[key])
        cl[key] = _communities(G, seed=seed)
        net[key] = _network(G, group, cl[key])

    # --- people ------------------------------------------------------------------
    people, parts = _people_table(
        ppl, (on_b, on_a), (ans_b, ans_a), nm, rl, cl, across, (tb, ta), per_j
    )

    # --- whole network -----------------------------------------------------------
    network = pd.DataFrame({"before": net["before"], "after": net["after"]})
    network = network.reindex(list(NETWORK_FIGURES)).astype(float)
    network["change"] = network["after"] - network["before"]
    network.index.name = "figure"
    across_df = _across_table(ppl, across, tb, ta)

    names = ppl["name"].astype(str).to_dict() if "name" in ppl.columns else {}
    return RoundComparison(
        before=before,
        after=after,
        ties=ties,
        tie_counts=_counts(ties),
        jaccard=per_j,
        people=people,
        network=network,
        across=across_df,
        communities=parts,
        graphs=graphs,
        group=group,
        topics=dict(survey.topics or {}),
        names=names,
        ratings_compared=rated,
    )
