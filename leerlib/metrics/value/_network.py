"""Value on the network: value carried by ties, per person and between groups, and by position."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leerlib.errors import SchemaError
from leerlib.graph import build_graph
from leerlib.io.value import tie_value_columns, tie_value_long
from leerlib.metrics.brokerage import ROLES, brokerage
from leerlib.metrics.value._profile import SCALE, _waves, person_value, reached_threshold
from leerlib.privacy.suppression import (
    DEFAULT_THRESHOLD,
    group_sizes,
    suppress_matrix,
    suppress_small_groups,
)
from leerlib.schema import CYCLES, Survey

__all__ = [
    "BANDS",
    "tie_value",
    "highest_cycle",
    "value_by_person",
    "value_flows",
    "value_by_position",
]

#: Bands of in-degree and of contacts across groups: (label, lowest, highest), inclusive.
BANDS = (("0", 0, 0), ("1-2", 1, 2), ("3-5", 3, 5), ("6+", 6, np.inf))

_TIE_COLUMNS = ["source", "target", "topic", "wave", "cycle", "score", "reached", "basis"]


def _wave_ties(survey: Survey, wave: str) -> pd.DataFrame:
    t = survey.ties
    return t[t["wave"].astype(str) == wave] if "wave" in t.columns else t


def tie_value(
    survey: Survey,
    wave=None,
    *,
    attribute: bool = False,
    scale=SCALE,
    reached_at=None,
    cycles_column: str = "cycles",
    labels=None,
    score_labels=None,
) -> pd.DataFrame:
    """Return the value each learning tie carried, one row per tie (source, target, topic) and cycle.

    Parameters
    ----------
    survey : Survey
    wave : str, optional
        Round; default the latest round with ties.
    attribute : bool, default False
        Where the ties carry no value columns: give every out-tie of a
        respondent that respondent's own cycle scores (:func:`person_value`).
        This is an approximation (the person said what their contacts together
        brought, not what each one did) and the rows say so (``basis``
        "person"). Without it such a survey raises.
    scale, reached_at
        As in :func:`leerlib.value_profile`; they apply to per-tie scores too.
    cycles_column : str, default "cycles"
        A multi-select tie column listing the cycles a contact brought.
    labels : mapping, optional
        Multi-select answer text -> cycle key, beside the built-in labels.
    score_labels : mapping, optional
        Answer label -> number for per-cycle score columns given as labels,
        e.g. ``codebook.scales["agree5"]`` (see :func:`leerlib.io.value.tie_value_long`).

    Returns
    -------
    DataFrame
        source, target, topic, wave, cycle, score, reached, basis ("tie": asked
        per tie; "person": attributed from the respondent's items).

    Raises
    ------
    SchemaError
        No per-tie value columns and ``attribute`` False; a malformed value cell.

    Notes
    -----
    Direction as in the data contract: source turns to target, so the value of
    a tie is value the source reports having gained from the target.

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "topic": "ict",
    ...                      "wave": "1", "applied": [5.0, 2.0]})
    >>> s = Survey(pd.DataFrame(), ties, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    >>> tie_value(s)[["target", "cycle", "reached", "basis"]].values.tolist()
    [['b', 'applied', True, 'tie'], ['c', 'applied', False, 'tie']]
    """
    threshold = reached_threshold(scale, reached_at)
    waves = sorted(set(survey.ties["wave"].astype(str))) if "wave" in survey.ties else [""]
    order = [str(w) for w in (survey.waves or []) if str(w) in waves] or waves
    w = str(wave) if wave is not None else order[-1]
    if w not in order:
        raise SchemaError(f"tie_value: round {w!r} has no ties; rounds with ties: {order}")
    t = _wave_ties(survey, w)
    found = tie_value_columns(t, cycles_column=cycles_column)
    if found["scores"] or found["multiselect"]:
        out = tie_value_long(
            t,
            reached_at=threshold,
            cycles_column=cycles_column,
            labels=labels,
            score_labels=score_labels,
        )
        out["wave"] = out["wave"].astype(str)
        return out.assign(basis="tie")[_TIE_COLUMNS]
    if not attribute:
        raise SchemaError(
            f"tie_value: the ties of round {w} carry no value per tie (no column named after a "
            f"cycle, value_<cycle> or {cycles_column!r}); pass attribute=True to give each "
            "respondent's own value to their out-ties, an approximation"
        )
    pv = person_value(survey, w, scale=scale, reached_at=reached_at)
    pv["cycle"] = pv["cycle"].astype(str)
    e = t[["source", "target", "topic"]].astype(str).assign(wave=w)
    out = e.merge(
        pv[["person_id", "cycle", "score", "reached"]], left_on="source", right_on="person_id"
    ).drop(columns="person_id")
    return out.assign(basis="person")[_TIE_COLUMNS].reset_index(drop=True)


def _pairs(tv: pd.DataFrame) -> pd.DataFrame:
    """One row per ordered pair and cycle: reached when any topic's tie reached it."""
    return (
        tv.groupby(["source", "target", "cycle"], sort=True, observed=True)
        .agg(reached=("reached", "max"), score=("score", "max"))
        .reset_index()
    )


def highest_cycle(tv: pd.DataFrame) -> pd.Series:
    """Per ordered pair (source, target): the last cycle in framework order the tie reached.

    Framework order is immediate, potential, applied, realized, reframing (then
    strategic, enabling, which are not "higher" but come later in the list).
    Pairs that reached none get NaN.

    Examples
    --------
    >>> tv = pd.DataFrame({"source": "a", "target": "b", "cycle": ["immediate", "applied"],
    ...                    "reached": [True, True]})
    >>> highest_cycle(tv).to_dict()
    {('a', 'b'): 'applied'}
    """
    p = _pairs(tv.assign(score=tv.get("score", np.nan)))
    rank = {c: i for i, c in enumerate(CYCLES)}
    p["rank"] = p["cycle"].astype(str).map(rank).where(p["reached"].astype(bool))
    best = p.groupby(["source", "target"], sort=True)["rank"].max()
    return best.map(lambda r: CYCLES[int(r)] if pd.notna(r) else np.nan)


def value_by_person(tv: pd.DataFrame) -> pd.DataFrame:
    """Per person and cycle: the ties through which they gained value, and gave it.

    Parameters
    ----------
    tv : DataFrame
        :func:`tie_value` rows (topics combined per ordered pair).

    Returns
    -------
    DataFrame
        person_id, cycle, gained (contacts from whom the person reports value in
        this cycle: out-ties reached), given (people who report value in this
        cycle from the person: in-ties reached), asked_out and asked_in (the
        out- and in-ties with an answer for this cycle).

    Examples
    --------
    a gained applied value from b and c; b gained it from c: c gave it twice.

    >>> tv = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
    ...                    "cycle": "applied", "reached": True, "score": np.nan})
    >>> value_by_person(tv).set_index("person_id")[["gained", "given"]].loc[["a", "c"]].values.tolist()
    [[2, 0], [0, 2]]
    """
    p = _pairs(tv)
    p["reached"] = p["reached"].astype(bool)
    out_ = p.groupby(["source", "cycle"], observed=True).agg(
        gained=("reached", "sum"), asked_out=("reached", "size")
    )
    in_ = p.groupby(["target", "cycle"], observed=True).agg(
        given=("reached", "sum"), asked_in=("reached", "size")
    )
    out_.index.names = in_.index.names = ["person_id", "cycle"]
    both = out_.join(in_, how="outer").fillna(0).astype(int).reset_index()
    rank = {c: i for i, c in enumerate(CYCLES)}
    both = both.sort_values(
        ["person_id", "cycle"], key=lambda s: s.map(rank) if s.name == "cycle" else s
    ).reset_index(drop=True)
    return both[["person_id", "cycle", "gained", "given", "asked_out", "asked_in"]]


def value_flows(
    survey: Survey,
    tv: pd.DataFrame,
    by: str = "team",
    *,
    min_group: int = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """Count the ties that brought value, per cycle and pair of groups.

    It answers "which ties brought applied value, and between which teams?".

    Parameters
    ----------
    survey : Survey
        For the people table (groups and their sizes).
    tv : DataFrame
        :func:`tie_value` rows.
    by : str, default "team"
        People column.
    min_group : int, default 5
        Groups with fewer members (internal people) are hidden, with
        complementary cell suppression (:func:`leerlib.suppress_matrix`).

    Returns
    -------
    DataFrame
        cycle, from_<by> (the group of the people who turned to others),
        to_<by> (the group of the people turned to), ties (ordered pairs that
        reached the cycle; NaN where hidden), suppressed. Pairs with a person
        outside every group are left out.

    Examples
    --------
    a (team x) gained applied value from b (x) and from c (y): one tie x -> x, one x -> y.

    >>> people = pd.DataFrame({"person_id": list("abc"), "internal": True, "team": list("xxy")})
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "topic": "ict",
    ...                      "wave": "1", "applied": [4.0, 5.0]})
    >>> s = Survey(people, ties, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    >>> value_flows(s, tie_value(s), min_group=1)["ties"].tolist()
    [1.0, 1.0, 0.0, 0.0]
    """
    people = survey.people
    if by not in people.columns:
        raise SchemaError(f"value_flows: by={by!r} is not a people column")
    group = people.set_index(people["person_id"].astype(str))[by]
    sizes = group_sizes(people, by) if "internal" in people.columns else group.value_counts()
    p = _pairs(tv)
    p = p[p["reached"].astype(bool)].copy()
    p["from"] = p["source"].astype(str).map(group)
    p["to"] = p["target"].astype(str).map(group)
    p = p.dropna(subset=["from", "to"])
    names = sorted(set(group.dropna()))
    rows = []
    for cycle in [c for c in CYCLES if c in set(tv["cycle"].astype(str))]:
        s = p[p["cycle"].astype(str) == cycle]
        m = pd.crosstab(s["from"], s["to"]).reindex(index=names, columns=names, fill_value=0)
        shown = suppress_matrix(m, sizes, threshold=min_group)
        for f in names:
            for t in names:
                v = shown.loc[f, t]
                rows.append(
                    {
                        "cycle": cycle,
                        f"from_{by}": f,
                        f"to_{by}": t,
                        "ties": v,
                        "suppressed": bool(np.isnan(v)),
                    }
                )
    return pd.DataFrame(rows, columns=["cycle", f"from_{by}", f"to_{by}", "ties", "suppressed"])


def _band(values: pd.Series) -> pd.Series:
    out = pd.Series(pd.NA, index=values.index, dtype=object)
    for label, lo, hi in BANDS:
        out[(values >= lo) & (values <= hi)] = label
    return out


def value_by_position(
    survey: Survey,
    wave=None,
    *,
    group: str = "team",
    min_group: int = DEFAULT_THRESHOLD,
    scale=SCALE,
    reached_at=None,
    cycles=None,
) -> pd.DataFrame:
    """Value reported by people in different network positions, with the number behind each.

    Positions (all from the learning network of the same round, topics combined,
    people on the list only):

    - ``brokerage``: each Gould-Fernandez role (:func:`leerlib.metrics.brokerage`,
      groups ``group``) the person holds at least once, and ``none`` for people
      who broker no pair. A person holding several roles counts in each: these
      rows overlap.
    - ``across``: people of another ``group`` the person has a tie with, either
      direction, in :data:`BANDS`.
    - ``in_degree``: people who turn to the person, in :data:`BANDS`.

    Parameters
    ----------
    survey : Survey
    wave : str, optional
        Round; default the latest round with value items.
    group : str, default "team"
        People column that defines brokerage roles and "across".
    min_group : int, default 5
        Rows with fewer people are hidden (complementary suppression within each
        position and cycle).
    scale, reached_at, cycles
        As in :func:`leerlib.value_profile`.

    Returns
    -------
    DataFrame
        position, category, cycle, people (respondents with a score), mean,
        reached (share), suppressed.

    Notes
    -----
    These are descriptive associations between position and reported value in
    one round. They do not show that a position brings value or the reverse;
    people who value learning may also seek out more colleagues.

    References
    ----------
    Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: A formal
    approach to brokerage in transaction networks. Sociological Methodology, 19, 89-126.
    """
    w = _waves(survey, wave)[-1]
    pv = person_value(survey, w, scale=scale, reached_at=reached_at, cycles=cycles)
    weight = "weight" if "weight" in survey.ties.columns else None
    G = build_graph(survey, wave=w, internal_only=True, weight=weight)
    nodes = [str(v) for v in G.nodes]
    groups = {str(v): G.nodes[v].get(group) for v in G.nodes}
    b = brokerage(G, group)
    b.index = b.index.astype(str)
    members = []
    for role in ROLES:
        members += [("brokerage", role, v) for v in nodes if b.loc[v, role] > 0]
    members += [("brokerage", "none", v) for v in nodes if b.loc[v, "brokerage_total"] == 0]
    across = {}
    for v in nodes:
        others = set(G.successors(v)) | set(G.predecessors(v))
        gv = groups[v]
        across[v] = sum(
            1
            for u in others
            if groups.get(str(u)) is not None and gv is not None and groups[str(u)] != gv
        )
    across_band = _band(pd.Series(across, dtype=float))
    indeg = _band(pd.Series({str(v): G.in_degree(v) for v in G.nodes}, dtype=float))
    members += [("across", c, v) for v, c in across_band.items()]
    members += [("in_degree", c, v) for v, c in indeg.items()]
    m = pd.DataFrame(members, columns=["position", "category", "person_id"])
    j = m.merge(pv[["person_id", "cycle", "score", "reached"]], on="person_id")
    cat_order = {
        **{r: i for i, r in enumerate((*ROLES, "none"))},
        **{lab: i for i, (lab, _, _) in enumerate(BANDS)},
    }
    pos_order = {"brokerage": 0, "across": 1, "in_degree": 2}
    out = (
        j.groupby(["position", "category", "cycle"], observed=True)
        .agg(people=("person_id", "nunique"), mean=("score", "mean"), reached=("reached", "mean"))
        .reset_index()
    )
    out = out.sort_values(
        ["position", "cycle", "category"],
        key=lambda s: (
            s.map(pos_order)
            if s.name == "position"
            else (s.map(cat_order) if s.name == "category" else s)
        ),
    ).reset_index(drop=True)
    out = suppress_small_groups(
        out,
        "category",
        "people",
        threshold=min_group,
        value_cols=["mean", "reached"],
        within=["position", "cycle"],
    )
    out.attrs["leerlib_value"] = {**pv.attrs["leerlib_value"], "wave": w, "group": group}
    return out
