"""Status of every tie of two rounds (kept, new, ended, unknown) and their Jaccard similarity."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["ALL_TOPICS", "TIE_STATUSES", "tie_status", "jaccard"]

#: The ``topic`` value of the rows of ``RoundComparison.ties`` that combine all topics.
ALL_TOPICS = "*"

#: Tie statuses, in reading order. ``unknown``: the tie is in one round only and its sender
#: did not answer the other round (so the survey cannot say whether the tie is there).
TIE_STATUSES = ("kept", "new", "ended", "unknown")


def tie_status(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    on_before: Iterable,
    on_after: Iterable,
    answered_before: Iterable,
    answered_after: Iterable,
    weight: str | None = "weight",
) -> pd.DataFrame:
    """Status of every tie of two rounds: kept, new, ended or unknown.

    Parameters
    ----------
    before, after : DataFrame
        Ties of each round: ``source``, ``target``, ``topic`` (one row per
        triple) and optionally the ``weight`` column.
    on_before, on_after : iterable
        The people on each round's list (the roster). A person on neither
        list (an external contact) counts as present in both rounds.
    answered_before, answered_after : iterable
        The people who answered each round.
    weight : str or None
        Column compared between the rounds; None compares nothing.

    Returns
    -------
    DataFrame
        One row per (source, target, topic) of either round: ``in_before``,
        ``in_after``, ``status``, ``weight_before``, ``weight_after``,
        ``weight_change`` (after - before, kept ties only), ``rating``
        ("higher", "lower", "same"; empty where not kept or no weight),
        ``sender_answered_before``, ``sender_answered_after``, ``turnover``
        (an end of the tie is on one round's list only) and ``comparable``
        (both ends on both lists and the sender answered both rounds).

    Notes
    -----
    A tie in one round only whose sender is on both lists but did not answer
    the other round gets status ``unknown``, not ``ended`` or ``new``: the
    survey does not know. A tie to or from someone who joined or left is
    ``new`` or ``ended`` with ``turnover`` True; it is not ``comparable``.

    Examples
    --------
    >>> b = pd.DataFrame({"source": ["a", "a", "c"], "target": ["b", "c", "a"], "topic": "t"})
    >>> a = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "topic": "t"})
    >>> s = tie_status(b, a, on_before="abc", on_after="abc", answered_before="abc",
    ...                answered_after="ab", weight=None)
    >>> s[["source", "target", "status"]].values.tolist()
    [['a', 'b', 'kept'], ['a', 'c', 'ended'], ['b', 'a', 'new'], ['c', 'a', 'unknown']]
    """
    key = ["source", "target", "topic"]
    cols = key + ([weight] if weight is not None else [])

    def prep(t: pd.DataFrame) -> pd.DataFrame:
        t = t[[c for c in cols if c in t.columns]].copy()
        for c in key:
            t[c] = t[c].astype(str)
        if weight is not None and weight not in t.columns:
            t[weight] = np.nan
        return t.drop_duplicates(key)

    b, a = prep(before), prep(after)
    m = b.merge(a, on=key, how="outer", suffixes=("_before", "_after"), indicator=True)
    m = m.sort_values(key, kind="stable").reset_index(drop=True)
    out = m[key].copy()
    out["in_before"] = m["_merge"].isin(["both", "left_only"]).to_numpy()
    out["in_after"] = m["_merge"].isin(["both", "right_only"]).to_numpy()
    on_b, on_a = set(map(str, on_before)), set(map(str, on_after))
    ans_b, ans_a = set(map(str, answered_before)), set(map(str, answered_after))
    listed = on_b | on_a

    def present(ids: pd.Series, on: set) -> np.ndarray:
        return (ids.isin(on) | ~ids.isin(listed)).to_numpy(dtype=bool)

    src_b, src_a = present(out["source"], on_b), present(out["source"], on_a)
    tgt_b, tgt_a = present(out["target"], on_b), present(out["target"], on_a)
    turnover = ~(src_b & src_a & tgt_b & tgt_a)
    sb = out["source"].isin(ans_b).to_numpy()
    sa = out["source"].isin(ans_a).to_numpy()
    ib, ia = out["in_before"].to_numpy(), out["in_after"].to_numpy()
    status = np.where(ib & ia, "kept", np.where(ib, "ended", "new")).astype(object)
    status[ib & ~ia & ~turnover & ~sa] = "unknown"
    status[~ib & ia & ~turnover & ~sb] = "unknown"
    out["status"] = pd.Categorical(status, categories=list(TIE_STATUSES))
    if weight is not None:
        wb = pd.to_numeric(m[f"{weight}_before"], errors="coerce").to_numpy(dtype=float)
        wa = pd.to_numeric(m[f"{weight}_after"], errors="coerce").to_numpy(dtype=float)
    else:
        wb = wa = np.full(len(out), np.nan)
    out["weight_before"] = wb
    out["weight_after"] = wa
    out["weight_change"] = np.where(ib & ia, wa - wb, np.nan)
    d = out["weight_change"].to_numpy()
    out["rating"] = np.select([d > 0, d < 0, d == 0], ["higher", "lower", "same"], "")
    out["sender_answered_before"] = sb
    out["sender_answered_after"] = sa
    out["turnover"] = turnover
    out["comparable"] = ~turnover & sb & sa
    return out


def jaccard(status: pd.DataFrame) -> tuple[float, pd.Series]:
    """Jaccard similarity of the ties of two rounds, overall and per sender.

    Parameters
    ----------
    status : DataFrame
        Rows of :func:`tie_status` (one topic, or all topics combined).

    Returns
    -------
    (float, Series)
        kept / (kept + new + ended) over the comparable ties (both ends on both
        lists, sender answered both rounds), and the same per sender (NaN
        where a sender has no comparable tie).

    References
    ----------
    Jaccard, P. (1901). Etude comparative de la distribution florale dans une
    portion des Alpes et du Jura. Bulletin de la Societe Vaudoise des Sciences
    Naturelles, 37, 547-579. As a stability index between panel waves: Snijders,
    T. A. B., van de Bunt, G. G., & Steglich, C. E. G. (2010). Introduction to
    stochastic actor-based models for network dynamics. Social Networks, 32,
    44-60.

    Examples
    --------
    >>> s = pd.DataFrame({"source": ["a", "a", "b"], "status": ["kept", "new", "ended"],
    ...                   "comparable": True})
    >>> overall, per = jaccard(s)
    >>> round(overall, 3), per.to_dict()
    (0.333, {'a': 0.5, 'b': 0.0})
    """
    c = status[status["comparable"].astype(bool)]
    kept = (c["status"] == "kept").groupby(c["source"]).sum()
    total = c["status"].isin(["kept", "new", "ended"]).groupby(c["source"]).sum()
    per = (kept / total.where(total > 0)).astype(float).rename("jaccard")
    per.index.name = "person_id"
    n = int(total.sum())
    return (float(kept.sum()) / n if n else float("nan")), per
