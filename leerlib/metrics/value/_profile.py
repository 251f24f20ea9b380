"""Value-creation profiles: per person, per group and for the whole network, per cycle."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from leerlib.errors import SchemaError
from leerlib.privacy.suppression import DEFAULT_THRESHOLD, suppress_small_groups
from leerlib.schema import CYCLES, Survey

__all__ = ["TOTAL", "SCALE", "person_value", "value_profile", "reached_threshold"]

#: Group label of the whole-network rows of a profile.
TOTAL = "(all)"

#: The default answer scale of the value items: 1 (strongly disagree) to 5 (strongly agree).
SCALE = (1, 5)


def reached_threshold(scale=SCALE, reached_at=None) -> float:
    """Return the score from which a cycle counts as reached: by default the top-2 box of the scale.

    Examples
    --------
    >>> reached_threshold(), reached_threshold((1, 7)), reached_threshold((1, 5), 3)
    (4.0, 6.0, 3.0)
    """
    lo, hi = _check_scale(scale)
    if reached_at is None:
        return float(hi - 1)
    r = float(reached_at)
    if not lo <= r <= hi:
        raise SchemaError(f"reached_at={reached_at!r} lies outside the scale {scale}")
    return r


def _check_scale(scale) -> tuple[int, int]:
    try:
        lo, hi = (int(x) for x in scale)
    except (TypeError, ValueError):
        raise SchemaError(f"scale must be (lowest, highest) whole numbers, got {scale!r}") from None
    if hi - lo < 1:
        raise SchemaError(f"scale must run from low to high, got {scale!r}")
    return lo, hi


def _waves(survey: Survey, wave) -> list[str]:
    v = survey.value
    missing = [c for c in ("person_id", "wave", "cycle", "item", "score") if c not in v.columns]
    if missing and len(v.columns):
        raise SchemaError(f"value: the value table lacks column(s) {missing}")
    present = sorted(set(v["wave"].astype(str))) if not missing else []
    order = [str(w) for w in (survey.waves or []) if str(w) in present] or present
    if not order:
        raise SchemaError("value: the survey has no value items (survey.value is empty)")
    if wave is None:
        return [order[-1]]
    wanted = [str(w) for w in ([wave] if isinstance(wave, str | int) else wave)]
    for w in wanted:
        if w not in order:
            raise SchemaError(f"value: round {w!r} has no value items; rounds with items: {order}")
    return wanted


def person_value(
    survey: Survey, wave=None, *, scale=SCALE, reached_at=None, cycles=None
) -> pd.DataFrame:
    """Each respondent's score per value-creation cycle: the mean of their items in that cycle.

    Parameters
    ----------
    survey : Survey
        With a ``value`` table (person_id, wave, cycle, item, score).
    wave : str or list of str, optional
        Round(s); default the latest round with value items.
    scale : (int, int), default (1, 5)
        Lowest and highest answer of the items; a score outside it is an error.
    reached_at : float, optional
        A person reaches a cycle when their cycle score is at or above this;
        default the top-2 box (4 on a 1-5 scale: "agree" or "strongly agree").
    cycles : list of str, optional
        Cycles to keep (default every cycle with items).

    Returns
    -------
    DataFrame
        wave, person_id, cycle (ordered categorical), score, items (number of
        items answered), reached (bool); one row per person, round and cycle
        with at least one answered item.

    Raises
    ------
    SchemaError
        No value items, an unknown round or cycle, or a score outside the scale.

    Notes
    -----
    The cycles are those of Wenger, Trayner & de Laat (2011). Reaching a cycle at
    the top-2 box is leerlib's convention for a share that a reader can check,
    not a rule of the framework; pass ``reached_at`` for another one.

    Examples
    --------
    >>> v = pd.DataFrame({"person_id": ["a", "a", "b"], "wave": "1", "cycle": "applied",
    ...                   "item": ["q1", "q2", "q1"], "score": [5.0, 3.0, 2.0]})
    >>> s = Survey(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), v, pd.DataFrame())
    >>> person_value(s)[["person_id", "score", "items", "reached"]].values.tolist()
    [['a', 4.0, 2, True], ['b', 2.0, 1, False]]
    """
    lo, hi = _check_scale(scale)
    threshold = reached_threshold(scale, reached_at)
    waves = _waves(survey, wave)
    v = survey.value
    v = v[v["wave"].astype(str).isin(waves)].copy()
    v["wave"] = v["wave"].astype(str)
    v["person_id"] = v["person_id"].astype(str)
    v["score"] = pd.to_numeric(v["score"], errors="coerce")
    v = v[v["score"].notna()]
    out_of = v[(v["score"] < lo) | (v["score"] > hi)]
    if len(out_of):
        r = out_of.iloc[0]
        raise SchemaError(
            f"value: person {r['person_id']!r}, round {r['wave']}, item {r['item']!r} has score "
            f"{r['score']:g}, outside the scale {lo}-{hi}; pass scale=(low, high)"
        )
    if cycles is not None:
        unknown = [c for c in cycles if c not in CYCLES]
        if unknown:
            raise SchemaError(f"value: unknown cycle(s) {unknown}; expected some of {CYCLES}")
        v = v[v["cycle"].isin(list(cycles))]
    order = [c for c in CYCLES if c in set(v["cycle"])] if cycles is None else list(cycles)
    g = v.groupby(["wave", "person_id", "cycle"], sort=False, observed=True)["score"]
    out = g.agg(score="mean", items="size").reset_index()
    out["cycle"] = pd.Categorical(out["cycle"], categories=order, ordered=True)
    wave_order = {w: i for i, w in enumerate(waves)}
    out = out.sort_values(
        ["wave", "person_id", "cycle"], key=lambda s: s.map(wave_order) if s.name == "wave" else s
    ).reset_index(drop=True)
    out["items"] = out["items"].astype(int)
    out["reached"] = out["score"] >= threshold
    out.attrs["leerlib_value"] = {"scale": (lo, hi), "reached_at": threshold}
    return out


def _group_of(survey: Survey, by) -> tuple[str, pd.Series]:
    """(column name, person_id -> group) for a people column or a mapping."""
    if isinstance(by, str):
        people = survey.people
        if by not in people.columns:
            raise SchemaError(
                f"value_profile: by={by!r} is not a people column; it has {list(people.columns)}"
            )
        s = people.set_index(people["person_id"].astype(str))[by]
        return by, s
    if isinstance(by, Mapping | pd.Series):
        s = pd.Series(by) if isinstance(by, Mapping) else by
        s.index = s.index.astype(str)
        return (s.name if isinstance(s.name, str) and s.name else "group"), s
    raise SchemaError(
        f"value_profile: by must be None, 'person', a people column or a mapping; "
        f"got {type(by).__name__}"
    )


def _summary(pv: pd.DataFrame, keys: list[str], lo: int, hi: int) -> pd.DataFrame:
    """Respondents, mean, sd, median, share reached and the distribution per key."""
    g = pv.groupby(keys, sort=True, observed=True)
    out = g.agg(
        respondents=("person_id", "nunique"),
        mean=("score", "mean"),
        sd=("score", "std"),
        median=("score", "median"),
        reached=("reached", "mean"),
    )
    # distribution: a person's cycle score rounded half up to a scale point
    point = np.floor(pv["score"] + 0.5).clip(lo, hi).astype(int)
    dist = pd.crosstab([pv[k] for k in keys], point, normalize="index")
    dist = dist.reindex(columns=range(lo, hi + 1), fill_value=0.0)
    dist.columns = [f"share_{p}" for p in dist.columns]
    return out.join(dist).reset_index()


def value_profile(
    survey: Survey,
    by=None,
    wave=None,
    *,
    min_group: int = DEFAULT_THRESHOLD,
    scale=SCALE,
    reached_at=None,
    cycles=None,
    total: bool = True,
) -> pd.DataFrame:
    """Return the value-creation profile per cycle: of a network, of its groups, or of each person.

    Parameters
    ----------
    survey : Survey
        With a ``value`` table (person_id, wave, cycle, item, score).
    by : None, "person", str or mapping, optional
        None: the whole network. "person": each respondent (:func:`person_value`;
        personal figures, never for HR). A people column (team, school, role, ...)
        or a mapping person_id -> group (e.g. clusters from
        :func:`leerlib.communities`): one row per group and cycle.
    wave : str or list of str, optional
        Round(s); default the latest round with value items.
    min_group : int, default 5
        Groups with fewer respondents (in that round and cycle) are hidden, with
        complementary suppression so no hidden figure follows from the total
        (:func:`leerlib.suppress_small_groups`).
    scale : (int, int), default (1, 5)
        Lowest and highest answer of the value items.
    reached_at : float, optional
        Score from which a cycle counts as reached (default the top-2 box: 4 on
        a 1-5 scale).
    cycles : list of str, optional
        Cycles to show (default every cycle with items).
    total : bool, default True
        With ``by``: add the whole network's rows (group :data:`TOTAL`).

    Returns
    -------
    DataFrame
        wave, the group column (named after ``by``; "group" for None or a
        mapping), cycle, respondents, mean, sd, median, reached (share of
        respondents whose cycle score reaches ``reached_at``), share_<point>
        (share of respondents whose cycle score, rounded half up, is that scale
        point), suppressed. People without a group are in the total only.

    Raises
    ------
    SchemaError
        No value items, an unknown round, cycle or column, a score outside the scale.

    Notes
    -----
    A person's cycle score is the mean of their items in that cycle; the
    figures of a group are over its respondents (people with at least one
    answered item in the cycle), never over everyone on the list. Value
    creation cycles after Wenger, Trayner & de Laat (2011). "Reached" at the
    top-2 box is leerlib's convention, stated so that readers can check it.

    References
    ----------
    Wenger, E., Trayner, B., & de Laat, M. (2011). Promoting and assessing value
    creation in communities and networks: a conceptual framework. Rapport 18,
    Ruud de Moor Centrum, Open Universiteit.

    Examples
    --------
    Five people of team A answer 5, 4, 4, 2, 1 on one applied item: mean 3.2,
    three of five reach the top-2 box (0.6).

    >>> v = pd.DataFrame({"person_id": list("abcde"), "wave": "1", "cycle": "applied",
    ...                   "item": "q", "score": [5.0, 4, 4, 2, 1]})
    >>> p = pd.DataFrame({"person_id": list("abcde"), "team": "A"})
    >>> s = Survey(p, pd.DataFrame(), pd.DataFrame(), v, pd.DataFrame())
    >>> value_profile(s, "team", total=False)[["team", "respondents", "mean", "reached"]]
      team  respondents  mean  reached
    0    A          5.0   3.2      0.6
    """
    lo, hi = _check_scale(scale)
    pv = person_value(survey, wave, scale=scale, reached_at=reached_at, cycles=cycles)
    if isinstance(by, str) and by == "person":
        return pv
    if by is None:
        out = _summary(pv, ["wave", "cycle"], lo, hi)
        out.insert(1, "group", TOTAL)
        col = "group"
    else:
        col, groups = _group_of(survey, by)
        g = pv.assign(**{col: pv["person_id"].map(groups)})
        g = g[g[col].notna()]
        out = _summary(g, ["wave", col, "cycle"], lo, hi)
        if total:
            whole = _summary(pv, ["wave", "cycle"], lo, hi)
            whole.insert(1, col, TOTAL)
            out = pd.concat([out, whole], ignore_index=True)
            out = out.sort_values(["wave", "cycle", col], kind="stable").reset_index(drop=True)
    values = [c for c in out.columns if c not in ("wave", col, "cycle")]
    if by is None:
        out = suppress_small_groups(
            out,
            "cycle",
            "respondents",
            threshold=min_group,
            value_cols=values,
            complementary=False,
        )
    else:
        out = suppress_small_groups(
            out,
            col,
            "respondents",
            threshold=min_group,
            value_cols=values,
            within=["wave", "cycle"],
            total=TOTAL if total else None,
        )
    out.attrs["leerlib_value"] = {**pv.attrs["leerlib_value"], "by": col, "min_group": min_group}
    return out
