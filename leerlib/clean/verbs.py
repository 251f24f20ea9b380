"""Cleaning verbs: each takes a frame, returns a new one plus the log rows of what it decided."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from leerlib._reasons import ITEM_REASONS
from leerlib.errors import SchemaError
from leerlib.schema import LOG_COLUMNS, empty_table

__all__ = [
    "ITEM_REASONS",
    "Cleaned",
    "as_text",
    "empty_log",
    "log_rows",
    "concat_logs",
    "require_columns",
    "drop_self_ties",
    "merge_duplicate_ties",
    "symmetrize_ties",
    "SYMMETRIZE_RULES",
    "resolve_submissions",
    "mark_kept_submissions",
]


#: How named pairs of an undirected relation become ties (``[[nominations]] symmetrize``):
#: "either" (one side named the other, or both did; R sna ``symmetrize(rule="weak")``) or
#: "both" (both named each other; sna ``rule="strong"``).
SYMMETRIZE_RULES = ("either", "both")

#: Columns a frame of candidate ties carries for the verbs below (plus tie attributes).
CANDIDATE_COLUMNS = (
    "wave",
    "file",
    "row",
    "column",
    "source",
    "target",
    "topic",
    "weight",
    "raw_name",
    "match",
    "match_score",
)


_EMPTY_LOG = empty_table(LOG_COLUMNS)


def empty_log() -> pd.DataFrame:
    """Return an empty log table (LOG_COLUMNS), cheaper than building one each time."""
    return _EMPTY_LOG.copy()


class Cleaned(NamedTuple):
    """A cleaned frame and the log rows of the decisions that made it.

    Unpacks as ``frame, log = verb(df)``. ``.pipe`` applies the next verb to the frame and
    keeps every log row, so steps chain like pandas' own ``DataFrame.pipe``.

    Examples
    --------
    >>> cand = pd.DataFrame({"wave": "2025", "file": "f.csv", "row": [2, 2, 3],
    ...     "column": ["Q1_1", "Q1_2", "Q1_1"], "source": ["p1", "p1", "p2"],
    ...     "target": ["p2", "p2", "p2"], "topic": "ict", "weight": [1.0, 2.0, 1.0],
    ...     "raw_name": ["Bo", "Bo B.", "Bo"], "match": "exact", "match_score": 100.0})
    >>> ties, log = cand.pipe(drop_self_ties).pipe(merge_duplicate_ties)
    >>> ties[["source", "target", "weight"]].values.tolist()
    [['p1', 'p2', 2.0]]
    >>> log[["row", "action", "reason"]].values.tolist()
    [[3, 'dropped', 'self_tie'], [2, 'merged', 'duplicate_tie']]
    """

    frame: pd.DataFrame
    log: pd.DataFrame

    def pipe(self, func, *args: Any, **kwargs: Any) -> Cleaned:
        """Apply ``func(self.frame, ...)`` and append its log rows to this log."""
        out = func(self.frame, *args, **kwargs)
        if isinstance(out, Cleaned):
            return Cleaned(out.frame, concat_logs([self.log, out.log]))
        return Cleaned(out, self.log)


def log_rows(
    df: pd.DataFrame, action: str, reason: str, detail: Any = "", raw_value: str = "raw_name"
) -> pd.DataFrame:
    """Log rows (LOG_COLUMNS) for every row of ``df``, which must hold wave, file, row, column.

    Parameters
    ----------
    df : DataFrame
        The rows the decision applies to.
    action, reason : str
        Log action (kept, merged, dropped, flagged) and reason code.
    detail : str or sequence of str
        One text for all rows, or one per row.
    raw_value : str
        Column of ``df`` that holds the raw text.

    Examples
    --------
    >>> df = pd.DataFrame({"wave": ["1"], "file": ["f"], "row": [4], "column": ["Q"],
    ...                    "raw_name": ["niemand"]})
    >>> log_rows(df, "dropped", "nobody").to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'wave': '1', 'file': 'f', 'row': 4, 'column': 'Q', 'raw_value': 'niemand',
      'action': 'dropped', 'reason': 'nobody', 'detail': ''}]
    """
    n = len(df)
    if n == 0:
        return empty_log()
    if isinstance(detail, str):
        detail = [detail] * n
    return pd.DataFrame(
        {
            "wave": df["wave"].astype(str).to_numpy(dtype=object),
            "file": df["file"].astype(str).to_numpy(dtype=object),
            "row": df["row"].to_numpy(dtype=np.int64),
            "column": df["column"].astype(str).to_numpy(dtype=object),
            "raw_value": df[raw_value].fillna("").astype(str).to_numpy(dtype=object),
            "action": np.full(n, action, dtype=object),
            "reason": np.full(n, reason, dtype=object),
            "detail": np.asarray(list(detail), dtype=object),
        }
    )


def concat_logs(logs) -> pd.DataFrame:
    """Concatenate log tables, skipping empty ones; always LOG_COLUMNS first.

    Examples
    --------
    >>> concat_logs([]).columns.tolist() == list(LOG_COLUMNS)
    True
    """
    logs = [lg for lg in logs if lg is not None and len(lg)]
    if not logs:
        return empty_log()
    out = pd.concat(logs, ignore_index=True)
    out["row"] = out["row"].astype(np.int64)
    return out


def require_columns(df: pd.DataFrame, cols, verb: str) -> None:
    """Raise SchemaError naming ``verb`` when ``df`` lacks any of ``cols``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ("a", "b"), "my_verb")
    Traceback (most recent call last):
    ...
    leerlib.errors.SchemaError: my_verb: missing column(s) ['b']; expected ['a', 'b']
    """
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise SchemaError(f"{verb}: missing column(s) {missing}; expected {list(cols)}")


def as_text(s: pd.Series) -> pd.Series:
    """Return a column as stripped text, missing values as "".

    Examples
    --------
    >>> as_text(pd.Series([" a ", None, 3])).tolist()
    ['a', '', '3']
    """
    return s.fillna("").astype(str).str.strip()


def drop_self_ties(ties: pd.DataFrame) -> Cleaned:
    """Drop nominations of oneself; log each as ``dropped self_tie``.

    Parameters
    ----------
    ties : DataFrame
        Candidate ties with source, target and the provenance columns wave, file, row,
        column, raw_name.

    Returns
    -------
    Cleaned
        The frame without self-ties, and one log row per dropped tie.

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> t = pd.DataFrame({"wave": "1", "file": "f", "row": [2, 3], "column": "Q",
    ...                   "source": ["a", "b"], "target": ["a", "a"], "raw_name": ["Ik", "A"]})
    >>> out, log = drop_self_ties(t)
    >>> out["source"].tolist(), log["reason"].tolist()
    (['b'], ['self_tie'])
    """
    require_columns(
        ties, ("source", "target", "wave", "file", "row", "column", "raw_name"), "drop_self_ties"
    )
    self_tie = (ties["source"] == ties["target"]).to_numpy(dtype=bool)
    log = log_rows(ties[self_tie], "dropped", "self_tie", "a respondent named themselves")
    return Cleaned(ties[~self_tie].copy(), log)


def merge_duplicate_ties(ties: pd.DataFrame, keys=("source", "target", "topic", "wave")) -> Cleaned:
    """Merge ties with the same source, target, topic and wave: keep the strongest.

    The kept row is the one with the highest weight (the first such in export order); its
    attributes stay. Every other row is logged ``merged duplicate_tie`` with the row and
    column it merged into.

    Parameters
    ----------
    ties : DataFrame
        Candidate ties with the key columns, weight and provenance (file, row, column,
        raw_name).
    keys : sequence of str
        The columns that identify one tie.

    Returns
    -------
    Cleaned

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> t = pd.DataFrame({"wave": "1", "file": "f", "row": [2, 2], "column": ["Q_1", "Q_2"],
    ...                   "source": "a", "target": "b", "topic": "ict", "weight": [1.0, 3.0],
    ...                   "raw_name": ["Bo", "bo"]})
    >>> out, log = merge_duplicate_ties(t)
    >>> out["weight"].tolist(), log["detail"].tolist()
    ([3.0], ['merged into row 2, column Q_2 (weight = max)'])
    """
    keys = list(keys)
    require_columns(
        ties, keys + ["weight", "file", "row", "column", "raw_name"], "merge_duplicate_ties"
    )
    if ties.empty:
        return Cleaned(ties.copy(), empty_log())
    codes = ties.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    pos = np.arange(len(ties))
    order = np.lexsort((pos, -ties["weight"].to_numpy(dtype=float), codes))
    sorted_codes = codes[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = sorted_codes[1:] != sorted_codes[:-1]
    if first.all():
        return Cleaned(ties.copy(), empty_log())
    winner = np.empty(int(codes.max()) + 1, dtype=np.int64)
    winner[sorted_codes[first]] = order[first]
    keep_pos = np.sort(order[first])
    merged_pos = np.sort(order[~first])
    into = winner[codes[merged_pos]]
    rows = ties["row"].to_numpy()
    cols = ties["column"].astype(str).to_numpy(dtype=object)
    detail = [
        f"merged into row {r}, column {c} (weight = max)"
        for r, c in zip(rows[into], cols[into], strict=True)
    ]
    kept = ties.iloc[keep_pos]
    log = log_rows(ties.iloc[merged_pos], "merged", "duplicate_tie", detail)
    log = log.sort_values(["row", "column"], kind="stable", ignore_index=True)
    return Cleaned(kept.copy(), log)


def symmetrize_ties(ties: pd.DataFrame, rules) -> Cleaned:
    """Make the ties of undirected topics one tie per unordered pair.

    For a topic whose rule is "either", a pair that named each other gives one tie (the
    first in export order, with the larger weight; the other nomination is logged ``merged
    undirected_pair``), and a tie named by one side stays. For "both", a pair that named
    each other gives one tie (with the smaller weight) and a tie named by one side only is
    logged ``dropped unreciprocated``. The kept row keeps its source and target (who named
    whom first): the tie itself has no direction. Ties of other topics pass unchanged. Run
    it after :func:`merge_duplicate_ties` (at most one tie per direction).

    With any rule given, the result has a bool column ``directed``: False on the ties of the
    undirected topics, True on the others. Rows that already say ``directed`` False are one
    tie per pair and pass unchanged, so a second pass changes nothing.

    Parameters
    ----------
    ties : DataFrame
        Candidate ties with source, target, topic, wave, weight and provenance.
    rules : mapping
        Topic key -> "either" or "both" (:meth:`leerlib.io.Codebook.undirected_topics`).

    Returns
    -------
    Cleaned

    Raises
    ------
    SchemaError
        If a needed column is missing or a rule is unknown.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). Social Network Analysis, p. 225 (symmetrising
    a directed relation); R sna ``symmetrize`` (rules "weak" and "strong").

    Examples
    --------
    >>> t = pd.DataFrame({"wave": "1", "file": "f", "row": [2, 3, 3], "column": "Q",
    ...     "source": ["a", "b", "b"], "target": ["b", "a", "c"], "topic": "vriend",
    ...     "weight": [1.0, 2.0, 1.0], "raw_name": ["B", "A", "C"]})
    >>> out, log = symmetrize_ties(t, {"vriend": "either"})
    >>> out[["source", "target", "weight"]].values.tolist(), log["reason"].tolist()
    ([['a', 'b', 2.0], ['b', 'c', 1.0]], ['undirected_pair'])
    >>> out, log = symmetrize_ties(t, {"vriend": "both"})
    >>> out[["source", "target", "weight"]].values.tolist(), log["reason"].tolist()
    ([['a', 'b', 1.0]], ['undirected_pair', 'unreciprocated'])
    """
    require_columns(
        ties,
        ("source", "target", "topic", "wave", "weight", "file", "row", "column", "raw_name"),
        "symmetrize_ties",
    )
    bad = sorted({r for r in dict(rules).values() if r not in SYMMETRIZE_RULES})
    if bad:
        raise SchemaError(
            f"symmetrize_ties: unknown rule(s) {bad}; expected one of {list(SYMMETRIZE_RULES)}"
        )
    rule = ties["topic"].astype(str).map(dict(rules))
    done = (
        ties["directed"].map(lambda v: v is False or v is np.False_).to_numpy(dtype=bool)
        if "directed" in ties.columns
        else np.zeros(len(ties), dtype=bool)
    )
    undirected = rule.notna().to_numpy() & ~done
    if not rules:
        return Cleaned(ties.copy(), empty_log())
    if ties.empty or not undirected.any():
        return Cleaned(ties.assign(directed=rule.isna().to_numpy() & ~done), empty_log())
    src = ties["source"].astype(str).to_numpy(dtype=object)
    tgt = ties["target"].astype(str).to_numpy(dtype=object)
    key = pd.DataFrame(
        {
            "lo": np.where(src < tgt, src, tgt),
            "hi": np.where(src < tgt, tgt, src),
            "topic": ties["topic"].astype(str).to_numpy(),
            "wave": ties["wave"].astype(str).to_numpy(),
            "pos": np.arange(len(ties)),
            "w": ties["weight"].to_numpy(dtype=float),
        }
    )
    grouped = key[undirected].groupby(["lo", "hi", "topic", "wave"], sort=False)
    part = key[undirected].assign(
        size=grouped["pos"].transform("size"),
        first=grouped["pos"].transform("min"),
        wmax=grouped["w"].transform("max"),
        wmin=grouped["w"].transform("min"),
        both=(rule[undirected] == "both").to_numpy(),
    )
    kept_first = part[(part["size"] == 2) & (part["pos"] == part["first"])]
    second = part[(part["size"] == 2) & (part["pos"] != part["first"])]
    lone = part[(part["size"] == 1) & part["both"]]
    out = ties.assign(directed=rule.isna().to_numpy() & ~done)
    wcol = out.columns.get_loc("weight")
    out.iloc[kept_first["pos"].to_numpy(), wcol] = np.where(
        kept_first["both"], kept_first["wmin"], kept_first["wmax"]
    )
    rows = ties["row"].to_numpy()
    cols = ties["column"].astype(str).to_numpy(dtype=object)
    detail = [
        f"merged into row {rows[f]}, column {cols[f]}: both named each other, one undirected tie "
        f"(weight = {'min' if b else 'max'})"
        for f, b in zip(second["first"], second["both"], strict=True)
    ]
    log = concat_logs(
        [
            log_rows(ties.iloc[second["pos"].to_numpy()], "merged", "undirected_pair", detail),
            log_rows(
                ties.iloc[lone["pos"].to_numpy()],
                "dropped",
                "unreciprocated",
                'named by one side only; symmetrize = "both" keeps the ties both sides named',
            ),
        ]
    )
    drop = np.zeros(len(ties), dtype=bool)
    drop[second["pos"].to_numpy()] = True
    drop[lone["pos"].to_numpy()] = True
    return Cleaned(out[~drop].copy(), log)


def resolve_submissions(respondents: pd.DataFrame, column: str = "") -> Cleaned:
    """Keep one submission per person: the latest complete one (else the latest).

    Parameters
    ----------
    respondents : DataFrame
        Identified responses: person_id, wave, file, row, complete, submitted_at and
        respondent_raw. Rows with an empty person_id are left alone.
    column : str
        The respondent column's header, for the log.

    Returns
    -------
    Cleaned
        The frame without the superseded submissions; one ``dropped duplicate_response``
        log row for each, naming the row that was kept.

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> r = pd.DataFrame({"person_id": ["a", "a", "b"], "wave": "1", "file": "f",
    ...     "row": [2, 3, 4], "complete": [True, False, True], "respondent_raw": ["a", "a", "b"],
    ...     "submitted_at": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-01"])})
    >>> kept, log = resolve_submissions(r)
    >>> kept["row"].tolist(), log["detail"].tolist()
    ([2, 4], ['superseded by row 2 (latest complete submission)'])
    """
    need = ("person_id", "wave", "file", "row", "complete", "submitted_at", "respondent_raw")
    require_columns(respondents, need, "resolve_submissions")
    ident = respondents["person_id"].fillna("").astype(str) != ""
    sub = respondents[ident]
    if sub.empty:
        return Cleaned(respondents.copy(), empty_log())
    when = pd.to_datetime(sub["submitted_at"], errors="coerce")
    order = np.lexsort(
        (
            sub["row"].to_numpy(dtype=np.int64),
            when.to_numpy(dtype="datetime64[ns]").astype(np.int64),  # NaT sorts first
            sub["complete"].fillna(False).to_numpy(dtype=bool),
        )
    )
    ranked = sub.iloc[order]
    superseded = ranked.duplicated("person_id", keep="last").to_numpy()
    drop_pos = np.flatnonzero(ident.to_numpy())[order][superseded]
    if not superseded.any():
        return Cleaned(respondents.copy(), empty_log())
    winner = ranked[~superseded].set_index("person_id")["row"]
    lost = ranked[superseded].sort_values("row", kind="stable")
    kept_row = lost["person_id"].map(winner).astype(int).astype(str)
    complete = lost["person_id"].map(ranked[~superseded].set_index("person_id")["complete"])
    why = np.where(
        complete.fillna(False).astype(bool), "latest complete submission", "latest submission"
    )
    detail = (
        "superseded by row " + kept_row + " (" + pd.Series(why, index=lost.index) + ")"
    ).tolist()
    lost = lost.assign(column=column)
    log = log_rows(lost, "dropped", "duplicate_response", detail, raw_value="respondent_raw")
    keep = np.ones(len(respondents), dtype=bool)
    keep[drop_pos] = False
    return Cleaned(respondents[keep].copy(), log)


def mark_kept_submissions(respondents: pd.DataFrame, column: str = "") -> Cleaned:
    """Mark the one usable submission kept per person (:func:`resolve_submissions`).

    Unlike :func:`resolve_submissions` every row stays: a new column ``kept`` is True for the
    rows that count (identified, not skipped, not superseded), so the items of the other rows
    can be logged with the reason their response was set aside.

    Parameters
    ----------
    respondents : DataFrame
        Identified responses as for :func:`resolve_submissions`, plus ``skip`` (the
        reader's reason to skip the row, "" to use it).
    column : str
        The respondent column's header, for the log.

    Returns
    -------
    Cleaned
        All rows with ``kept`` (bool), in their order; one ``dropped duplicate_response``
        log row per superseded submission.

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> r = pd.DataFrame({"person_id": ["a", "a", ""], "wave": "1", "file": "f",
    ...     "row": [2, 3, 4], "complete": True, "respondent_raw": ["a", "a", "x"],
    ...     "submitted_at": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-01"]),
    ...     "skip": ""})
    >>> out, log = mark_kept_submissions(r)
    >>> out["kept"].tolist(), log["row"].tolist()
    ([False, True, False], [2])
    """
    require_columns(respondents, ("skip",), "mark_kept_submissions")
    r = respondents.reset_index(drop=True)
    resolved, log = resolve_submissions(r, column=column)
    usable = (as_text(resolved["skip"]) == "") & (resolved["person_id"] != "")
    kept = r.index.isin(resolved.index[usable.to_numpy()])
    return Cleaned(r.assign(kept=kept), log)
