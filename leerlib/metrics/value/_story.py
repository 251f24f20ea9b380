"""Value reported by who people learn from: across groups per topic, and after a contact left."""

from __future__ import annotations

import pandas as pd

from leerlib.errors import SchemaError
from leerlib.metrics.value._profile import SCALE, person_value
from leerlib.privacy.suppression import DEFAULT_THRESHOLD
from leerlib.schema import Survey

__all__ = ["value_by_topic_across", "value_after_leaving"]

ACROSS, OTHERS, CONTACTS = "across", "others", "contacts"


def _round_ties(survey: Survey, wave: str) -> pd.DataFrame:
    t = survey.ties
    t = t[t["wave"].astype(str) == str(wave)]
    return t.assign(source=t["source"].astype(str), target=t["target"].astype(str))


def value_by_topic_across(
    survey: Survey,
    wave=None,
    *,
    across: str = "school",
    min_group: int = DEFAULT_THRESHOLD,
    scale=SCALE,
    reached_at=None,
) -> pd.DataFrame:
    """Per topic: the value reported by people who learn on it across groups, and by the others.

    A respondent is in group ``across`` for a topic when they turn to at least one person of
    another ``across`` group (another school, say) on that topic in the round; every other
    respondent with value answers is in ``others``. Direction as everywhere in leerlib:
    ``u -> v`` means u turns to v, so this is the value u reports.

    Parameters
    ----------
    survey : Survey
        With ties, people (with the ``across`` column) and a value table.
    wave : str, optional
        The round; default the latest round with value items.
    across : str, default "school"
        People column whose groups a tie crosses.
    min_group : int, default 5
        A group with fewer respondents in a topic and cycle is hidden (``suppressed``).
    scale, reached_at
        As in :func:`leerlib.value_profile`.

    Returns
    -------
    DataFrame
        topic, cycle, group (``across`` or ``others``), respondents, mean, reached,
        suppressed; one row per topic, cycle and group.

    Raises
    ------
    SchemaError
        No value items, an unknown round, or ``across`` not a people column.

    Notes
    -----
    An association in one round: people who learn across schools on a topic may report more
    value because of it, or seek others out because they are keen already. The value items are
    per person, so the figure is not the value of the topic's ties themselves.

    Examples
    --------
    a and b (school X) turn to c (school Y) on ict; c and d turn to people of their own school.

    >>> p = pd.DataFrame({"person_id": list("abcd"), "school": list("XXYY")})
    >>> t = pd.DataFrame({"source": list("abcd"), "target": list("ccdc"), "topic": "ict",
    ...                   "wave": "1"})
    >>> v = pd.DataFrame({"person_id": list("abcd"), "wave": "1", "cycle": "applied",
    ...                   "item": "q", "score": [5.0, 4, 2, 3]})
    >>> s = Survey(p, t, pd.DataFrame(), v, pd.DataFrame())
    >>> value_by_topic_across(s, min_group=1)[["group", "respondents", "mean"]].values.tolist()
    [['across', 2, 4.5], ['others', 2, 2.5]]
    """
    people = survey.people
    if across not in people.columns:
        raise SchemaError(
            f"value_by_topic_across: across={across!r} is not a people column; it has "
            f"{list(people.columns)}"
        )
    pv = person_value(survey, wave, scale=scale, reached_at=reached_at)
    w = str(pv["wave"].iloc[0]) if len(pv) else str(wave)
    group = people.set_index(people["person_id"].astype(str))[across]
    t = _round_ties(survey, w)
    src, tgt = t["source"].map(group), t["target"].map(group)
    crossing = t[src.notna() & tgt.notna() & (src != tgt)]
    answered = pv.assign(person_id=pv["person_id"].astype(str))
    rows = []
    topics = [str(x) for x in pd.unique(t["topic"].astype(str))]
    for topic in sorted(topics):
        learners = set(crossing.loc[crossing["topic"].astype(str) == topic, "source"])
        g = answered.assign(
            group=answered["person_id"].isin(learners).map({True: ACROSS, False: OTHERS})
        )
        agg = g.groupby(["cycle", "group"], observed=True).agg(
            respondents=("person_id", "nunique"),
            mean=("score", "mean"),
            reached=("reached", "mean"),
        )
        agg = agg.reindex(
            pd.MultiIndex.from_product(
                [list(pv["cycle"].cat.categories), [ACROSS, OTHERS]], names=["cycle", "group"]
            )
        )
        agg["respondents"] = agg["respondents"].fillna(0).astype(int)
        agg = agg.reset_index()
        agg.insert(0, "topic", topic)
        rows.append(agg)
    cols = ["topic", "cycle", "group", "respondents", "mean", "reached", "suppressed"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.concat(rows, ignore_index=True)
    out["suppressed"] = out["respondents"] < min_group
    out.loc[out["suppressed"], ["mean", "reached"]] = float("nan")
    out.attrs["leerlib_value"] = {
        **pv.attrs["leerlib_value"],
        "across": across,
        "wave": w,
        "min_group": min_group,
    }
    return out[cols]


def value_after_leaving(
    survey: Survey,
    before,
    after,
    leavers,
    *,
    min_group: int = DEFAULT_THRESHOLD,
    scale=SCALE,
    reached_at=None,
) -> pd.DataFrame:
    """Value in two rounds of the people who turned to someone who then left, and of the others.

    ``contacts``: respondents of both rounds who, in round ``before``, turned to at least one
    of ``leavers`` (on any topic). ``others``: every other respondent of both rounds (the
    leavers themselves left out). Only people with a score in both rounds count, so a change
    is a change of the same people.

    Parameters
    ----------
    survey : Survey
    before, after : str
        The earlier and the later round.
    leavers : iterable of str
        person_id values, e.g. the brokers of ``before`` who are not on ``after``'s list
        (:func:`leerlib.compare_rounds`' ``people``).
    min_group : int, default 5
        A group with fewer people in a cycle is hidden (``suppressed``).
    scale, reached_at
        As in :func:`leerlib.value_profile`.

    Returns
    -------
    DataFrame
        cycle, group (``contacts`` or ``others``), people, mean_before, mean_after, change,
        reached_before, reached_after, suppressed.

    Notes
    -----
    A difference in change between the groups is an association: the departure, the people
    who turned to that person, and anything else that happened between the rounds cannot be
    told apart by the survey.

    Examples
    --------
    a turned to x, who left; a's applied score falls from 5 to 3, b's stays 4.

    >>> t = pd.DataFrame({"source": ["a", "b"], "target": ["x", "a"], "topic": "ict",
    ...                   "wave": "1"})
    >>> v = pd.DataFrame({"person_id": ["a", "b", "a", "b"], "wave": ["1", "1", "2", "2"],
    ...                   "cycle": "applied", "item": "q", "score": [5.0, 4, 3, 4]})
    >>> s = Survey(pd.DataFrame({"person_id": ["a", "b", "x"]}), t, pd.DataFrame(), v,
    ...            pd.DataFrame(), waves=["1", "2"])
    >>> out = value_after_leaving(s, "1", "2", ["x"], min_group=1)
    >>> out[["group", "people", "mean_before", "mean_after", "change"]].values.tolist()
    [['contacts', 1, 5.0, 3.0, -2.0], ['others', 1, 4.0, 4.0, 0.0]]
    """
    leavers = {str(p) for p in leavers}
    pv = person_value(survey, [str(before), str(after)], scale=scale, reached_at=reached_at)
    pv = pv.assign(person_id=pv["person_id"].astype(str))
    pv = pv[~pv["person_id"].isin(leavers)]
    wide = pv.pivot_table(
        index=["person_id", "cycle"],
        columns="wave",
        values=["score", "reached"],
        observed=True,
        aggfunc="first",
    )
    wide = wide.dropna(subset=[("score", str(before)), ("score", str(after))])
    t = _round_ties(survey, before)
    asked = set(t.loc[t["target"].isin(leavers), "source"])
    df = pd.DataFrame(
        {
            "person_id": wide.index.get_level_values("person_id"),
            "cycle": wide.index.get_level_values("cycle"),
            "before": wide[("score", str(before))].to_numpy(dtype=float),
            "after": wide[("score", str(after))].to_numpy(dtype=float),
            "r_before": wide[("reached", str(before))].astype(bool).to_numpy(),
            "r_after": wide[("reached", str(after))].astype(bool).to_numpy(),
        }
    )
    df["group"] = df["person_id"].isin(asked).map({True: CONTACTS, False: OTHERS})
    out = df.groupby(["cycle", "group"], observed=True).agg(
        people=("person_id", "nunique"),
        mean_before=("before", "mean"),
        mean_after=("after", "mean"),
        reached_before=("r_before", "mean"),
        reached_after=("r_after", "mean"),
    )
    cycles = list(pv["cycle"].cat.categories)
    out = out.reindex(
        pd.MultiIndex.from_product([cycles, [CONTACTS, OTHERS]], names=["cycle", "group"])
    ).reset_index()
    out["people"] = out["people"].fillna(0).astype(int)
    out.insert(5, "change", out["mean_after"] - out["mean_before"])
    out["suppressed"] = out["people"] < min_group
    values = ["mean_before", "mean_after", "change", "reached_before", "reached_after"]
    out.loc[out["suppressed"], values] = float("nan")
    out["cycle"] = pd.Categorical(out["cycle"], categories=cycles, ordered=True)
    out.attrs["leerlib_value"] = {
        **pv.attrs["leerlib_value"],
        "before": str(before),
        "after": str(after),
        "min_group": min_group,
    }
    return out[["cycle", "group", "people", *values[:3], *values[3:], "suppressed"]]
