"""k-anonymity for per-person tables: generalise or drop what a staff list also holds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from leerlib import schema
from leerlib.errors import SchemaError
from leerlib.privacy.personal import ID_COLUMNS, _words
from leerlib.privacy.suppression import DEFAULT_THRESHOLD, _check_threshold, small_label

__all__ = [
    "QUASI_IDENTIFIER_WORDS",
    "quasi_identifiers",
    "id_like_columns",
    "unique_people",
    "k_anonymize",
    "k_anonymize_graph",
]

#: Words in a column name that mark an attribute a staff list (or colleagues) also know:
#: where someone works, what they do, since when, who they are. Together such attributes
#: single people out even without a name (the one team leader of a team).
QUASI_IDENTIFIER_WORDS = frozenset(
    """team teams school schools scholen role roles rol rollen functie function job position
    department dept afdeling unit location locatie vestiging site bouw sectie section vak
    vakgroep subject tenure dienstjaren dienstverband years jaren jaar age leeftijd birth
    geboortejaar gender geslacht sex fte contract schaal grade salary level niveau""".split()
)
# Words that mark a column as a number or code per person (a sort number, a staff number).
_ID_WORDS = frozenset(
    "nr no nummer number num volgnummer personeelsnummer index idx id code key seq".split()
)
# Columns that are never quasi-identifiers: ids, the display name, and what the survey says
# about someone rather than what the staff list holds.
_NOT_QUASI = (
    frozenset(ID_COLUMNS)
    | frozenset(schema.PEOPLE_COLUMNS)
    | {
        "responded",
        "label",
        "title",
    }
)
# The order in which quasi-identifiers are kept: where someone works, then which site, then what
# they do, then the rest (years of service, age ...) as the table has them.
_PRIORITY = (
    frozenset("team teams afdeling department dept unit sectie section vakgroep bouw".split()),
    frozenset("school schools scholen location locatie vestiging site".split()),
    frozenset("role roles rol rollen functie function job position".split()),
)


def _priority(column) -> int:
    words = _words(column)
    return next((i for i, group in enumerate(_PRIORITY) if words & group), len(_PRIORITY))


# Generalisation steps for a number: equal-frequency bins, fewest last (then the column goes).
_BINS = (8, 4, 2)


def quasi_identifiers(table: pd.DataFrame, *, roster: Iterable[str] | None = None) -> list[str]:
    """Return the columns of ``table`` that a staff list also holds (quasi-identifiers).

    Parameters
    ----------
    table : DataFrame
    roster : iterable of str, optional
        The columns of the staff list, when known (a Survey's ``people`` table):
        every one of them in ``table`` except ids, ``name`` and ``internal``
        counts. Without it, columns named with a word of
        :data:`QUASI_IDENTIFIER_WORDS` (team, school, role, tenure, ...) count.

    Returns
    -------
    list of str
        Most useful first (the order :func:`k_anonymize` keeps them in): team or
        department, then school or location, then role, then the rest in table order.

    Examples
    --------
    >>> df = pd.DataFrame(columns=["person_id", "team", "tenure_years", "in_degree"])
    >>> quasi_identifiers(df)
    ['team', 'tenure_years']
    >>> quasi_identifiers(df, roster=["person_id", "name", "team", "in_degree"])
    ['team', 'in_degree']
    """
    if roster is not None:
        known = set(roster)
        cols = [c for c in table.columns if c in known and c not in _NOT_QUASI]
    else:
        cols = [
            c for c in table.columns if c not in _NOT_QUASI and _words(c) & QUASI_IDENTIFIER_WORDS
        ]
    return sorted(cols, key=_priority)


def _missing(v) -> bool:
    return v is None or (not isinstance(v, list | tuple | set | dict) and pd.isna(v))


def id_like_columns(
    table: pd.DataFrame, columns: Iterable[str] | None = None, *, share: float = 0.9
) -> list[str]:
    """Columns other than the id that single out (nearly) every person: a sort number, a code.

    Parameters
    ----------
    table : DataFrame
        One row per person.
    columns : iterable of str, optional
        The columns to check (default: every column except the id columns).
        A column is id-like when at least ``share`` of its non-missing values
        (and at least two) occur in one row only; columns whose name says
        number or code (``nr``, ``volgnummer``, ``code`` ...) already when all
        their values differ.
    share : float, default 0.9

    Returns
    -------
    list of str

    Examples
    --------
    >>> df = pd.DataFrame({"person_id": list("abcde"), "nr": [3, 1, 2, 5, 4],
    ...                    "team": list("AABBB"), "tenure": [1, 2, 3, 4, 5.5]})
    >>> id_like_columns(df)
    ['nr', 'tenure']
    >>> id_like_columns(df, ["team"])
    []
    """
    cols = [c for c in (table.columns if columns is None else columns) if c in table.columns]
    out = []
    for c in cols:
        if c in ID_COLUMNS:
            continue
        values = [str(v) for v in table[c].tolist() if not _missing(v)]
        if len(values) < 2:
            continue
        counts = pd.Series(values).value_counts()
        once = int((counts == 1).sum())
        if once >= share * len(values) or (_id_named(c) and once == len(values)):
            out.append(c)
    return out


def _id_named(column) -> bool:
    """Return True if the column's name says it holds a number or code per person."""
    return bool(_words(column) & _ID_WORDS)


def _isna(col: pd.Series) -> pd.Series:
    """Missing values of a column (a list or other container is a value)."""
    return (
        pd.Series(pd.isna(col.to_numpy(dtype=object)), index=col.index)
        if len(col)
        else (pd.Series([], dtype=bool))
    )


def _codes(col: pd.Series) -> np.ndarray:
    """Integer codes of a column's values, equal for equal values (missing is a value too)."""
    text = col.astype(object).astype(str).where(~_isna(col), "\x00")
    return pd.factorize(text)[0].astype(np.int64)


def _below(codes: list[np.ndarray], n: int, k: int) -> int:
    """Rows whose combination of codes fewer than ``k`` rows share."""
    if n == 0:
        return 0
    key = np.zeros(n, dtype=np.int64)
    for c in codes:
        key = pd.factorize(key * (int(c.max()) + 1) + c)[0].astype(np.int64)
    counts = np.bincount(key)
    return int((counts[key] < k).sum())


def unique_people(table: pd.DataFrame, columns: Sequence[str], *, k: int = 2) -> int:
    """How many rows share their combination of ``columns`` with fewer than ``k - 1`` others.

    With the default ``k=2``: the rows unique on these columns. Missing values count as a
    value of their own.

    Examples
    --------
    >>> df = pd.DataFrame({"team": list("AAAB"), "role": ["leerkracht"] * 3 + ["leider"]})
    >>> unique_people(df, ["team"]), unique_people(df, ["team", "role"], k=3)
    (1, 1)
    """
    return _below([_codes(table[c]) for c in columns], len(table), k)


def _categorical_step(col: pd.Series, k: int) -> pd.Series:
    """Merge the values held by fewer than ``k`` rows into one label.

    The next rarest values join when the merged group would still be smaller than ``k``.
    """
    values = col.astype(object)
    present = ~_isna(values)
    text = values.astype(str)
    counts = text[present].value_counts()
    if counts.empty:
        return values
    order = sorted(counts.index, key=lambda v: (counts[v], v))
    bucket = [v for v in order if counts[v] < k]
    rest = [v for v in order if counts[v] >= k]
    while bucket and counts[bucket].sum() < k and rest:
        bucket.append(rest.pop(0))
    return values.where(~(present & text.isin(set(bucket))), small_label(k))


def _numeric_step(col: pd.Series, bins: int, k: int) -> pd.Series:
    """Numbers as ranges ("5-10") of about equal frequency, every range with at least ``k``."""
    x = pd.to_numeric(col, errors="coerce").astype(float)
    v = x.dropna().to_numpy()
    if len(v) == 0:
        return col.astype(object)
    edges = list(np.unique(np.quantile(v, np.linspace(0, 1, bins + 1))))
    if np.all(np.mod(v, 1) == 0):
        edges = sorted({float(np.floor(e)) for e in edges[:-1]} | {float(edges[-1])})
    if len(edges) < 2:
        edges = [edges[0], edges[0]]

    def counts(es):
        idx = np.clip(np.searchsorted(es, v, side="right") - 1, 0, len(es) - 2)
        return np.bincount(idx, minlength=len(es) - 1)

    c = counts(edges)
    while len(edges) > 2 and c.min() < k:  # merge the smallest range into its smaller neighbour
        i = int(np.argmin(c))
        if i == 0:
            j = 1
        elif i == len(c) - 1:
            j = i
        else:
            j = i if c[i - 1] <= c[i + 1] else i + 1
        del edges[j]
        c = counts(edges)
    labels = np.array(
        [f"{edges[i]:g}-{edges[i + 1]:g}" for i in range(len(edges) - 1)], dtype=object
    )
    xs = x.to_numpy()
    idx = np.clip(np.searchsorted(edges, np.nan_to_num(xs), side="right") - 1, 0, len(labels) - 1)
    out = pd.Series(labels[idx], index=x.index, dtype=object)
    return out.where(~np.isnan(xs), np.nan)


def _ladder(col: pd.Series, k: int) -> list[pd.Series | None]:
    """Return the generalisation steps of one column, ending with None (the column dropped).

    A step that leaves one value only (or changes nothing) is left out: it is a drop, or no step.
    """
    numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
    steps: list[pd.Series | None] = [col]
    if numeric and col.nunique(dropna=True) > 2:  # ranges, ever wider
        candidates = [_numeric_step(col, b, k) for b in _BINS]
    else:  # rare values merged
        candidates = [_categorical_step(col, k)]
    for step in candidates:
        distinct = step[~_isna(step)].astype(str).nunique()
        last = steps[-1]
        same = last is not None and np.array_equal(_codes(step), _codes(last))
        if distinct > 1 and not same:
            steps.append(step)
    return [*steps, None]


def k_anonymize(
    table: pd.DataFrame,
    quasi: Sequence[str] | None = None,
    *,
    k: int = DEFAULT_THRESHOLD,
    id_like: Iterable[str] | None = None,
    keep_columns: bool = False,
) -> pd.DataFrame:
    """Generalise or drop quasi-identifiers until every combination is held by ``k`` people.

    Parameters
    ----------
    table : DataFrame
        One row per person (ids may be pseudonyms; they are not touched).
    quasi : sequence of str, optional
        The attributes a staff list also holds, most useful first (kept the
        longest); default :func:`quasi_identifiers` of ``table``.
    k : int, default 5
        The smallest group size (leerlib's minimum group size).
    id_like : iterable of str, optional
        Columns to drop as singling people out; default :func:`id_like_columns`
        among ``quasi``.
    keep_columns : bool, default False
        Instead of dropping a quasi-identifier, keep its column with the label
        ``"(< k)"`` wherever it had a value (for views whose controls expect the
        column); the label carries nothing about the person.

    Returns
    -------
    DataFrame
        A copy in which every combination of the quasi-identifiers kept is
        shared by at least ``k`` rows (missing counts as a value; rows with
        ``internal`` False, people outside the organisation whom no staff list
        holds, are not counted);
        ``attrs["leerlib_k_anonymity"]`` records ``k``, the id-like columns
        dropped, each column's step, and before and after: the rows unique on
        the quasi-identifiers and the rows in a combination of fewer than ``k``.

    Notes
    -----
    The steps, least useful attribute first (the last of ``quasi``): a number
    becomes 8, then 4, then 2 ranges of about equal frequency, each range
    holding at least ``k`` people; a text merges the values of fewer than
    ``k`` people into one label ``"(< k)"``; then the attribute is dropped.
    After each step the combinations are counted again. All attributes are
    first generalised, round by round, and only then dropped, least useful
    first; last, every step that is not needed is taken back, most useful
    attribute first. This is full-domain generalisation in the spirit of Sweeney's
    Datafly [1]_, with a fixed order instead of a search for the least loss.
    With fewer than ``k`` rows every quasi-identifier goes.

    References
    ----------
    .. [1] Sweeney, L. (2002). Achieving k-anonymity privacy protection using
       generalization and suppression. International Journal of Uncertainty,
       Fuzziness and Knowledge-Based Systems 10(5), 571-588.

    Examples
    --------
    Hand count: teams A and B have 5 people each; A's leader is the only "leider". Merging
    the one "leider" into "(< 5)" would need the 9 "leerkracht" too (the label alone would
    still be 1 person), which leaves one value: the role goes, the teams stay.

    >>> df = pd.DataFrame({"person_id": list("abcdefghij"), "team": list("AAAAABBBBB"),
    ...                    "role": ["leider"] + ["leerkracht"] * 9})
    >>> out = k_anonymize(df, ["team", "role"], k=5)
    >>> record = out.attrs["leerlib_k_anonymity"]
    >>> list(out.columns), record["unique_before"], record["below_k_before"], record["below_k_after"]
    (['person_id', 'team'], 1, 5, 0)

    Years of service of 10 people become two ranges of 5 people, split at the median 11.5
    (rounded down for whole years; a range includes its lower bound):

    >>> df = pd.DataFrame({"person_id": list("abcdefghij"),
    ...                    "tenure_years": [1, 1, 2, 2, 3, 20, 21, 22, 23, 40]})
    >>> k_anonymize(df, ["tenure_years"], k=5)["tenure_years"].value_counts().to_dict()
    {'1-11': 5, '11-40': 5}
    """
    k = _check_threshold(k)
    if not isinstance(table, pd.DataFrame):
        raise SchemaError(f"k_anonymize: expected a pandas DataFrame, got {type(table).__name__}")
    quasi = [c for c in (quasi_identifiers(table) if quasi is None else quasi) if c in table]
    drop_ids = [
        c
        for c in (id_like_columns(table, quasi) if id_like is None else id_like)
        if c in table.columns
    ]
    quasi = [c for c in quasi if c not in drop_ids]
    out = table.drop(columns=drop_ids)
    inside = table[table["internal"].astype(bool)] if "internal" in table.columns else table
    before = (unique_people(inside, quasi), unique_people(inside, quasi, k=k)) if quasi else (0, 0)
    ladders = {c: _ladder(out[c], k) for c in quasi}
    level = dict.fromkeys(quasi, 0)

    label = small_label(k)
    everywhere: set = set()  # kept columns that had to take the label in every row

    def step(c):
        s = ladders[c][level[c]]
        if s is not None or not keep_columns:
            return s
        if c in everywhere:
            return pd.Series(label, index=out.index, dtype=object)
        return out[c].astype(object).where(_isna(out[c]), label)

    def frame():
        return pd.DataFrame({c: v for c in quasi if (v := step(c)) is not None}, index=out.index)

    # people outside the organisation (internal False) are on no staff list: not counted
    counted = (
        out["internal"].map(lambda v: v is not False and v is not np.False_)
        if "internal" in out.columns
        else pd.Series(True, index=out.index)
    )

    inside_rows = counted.to_numpy()
    n_inside = int(inside_rows.sum())
    cache: dict = {}

    def codes(c) -> np.ndarray | None:
        key = (c, level[c], c in everywhere)
        if key not in cache:
            s = step(c)
            cache[key] = None if s is None else _codes(s[inside_rows])
        return cache[key]

    def bad() -> int:
        cs = [x for c in quasi if (x := codes(c)) is not None]
        if not cs:
            return 0 if n_inside >= k or n_inside == 0 else n_inside
        return _below(cs, n_inside, k)

    order = list(reversed(quasi))  # least useful first
    changed = True
    while bad() and changed:  # generalise, round by round
        changed = False
        for c in order:
            if level[c] < len(ladders[c]) - 2:
                level[c] += 1
                changed = True
                if not bad():
                    break
    for c in order:  # then drop, least useful first
        if not bad():
            break
        level[c] = len(ladders[c]) - 1
    for c in quasi:  # and take back every step that is not needed, most useful first
        while level[c] > 0:
            level[c] -= 1
            if bad():
                level[c] += 1
                break
    if keep_columns and bad():  # missing values alone still single people out
        everywhere.update(c for c in quasi if ladders[c][level[c]] is None)
    kept = frame()
    for c in quasi:
        if c in kept.columns:
            out[c] = kept[c]
        else:
            out = out.drop(columns=c)
    steps = {}
    for c in quasi:
        n = len(ladders[c])
        steps[c] = (
            "kept"
            if level[c] == 0
            else "dropped"
            if level[c] == n - 1
            else f"generalised ({level[c]})"
        )
    out.attrs = dict(table.attrs)
    out.attrs["leerlib_k_anonymity"] = {
        "k": k,
        "id_like_dropped": drop_ids,
        "quasi_identifiers": steps,
        "unique_before": before[0],
        "below_k_before": before[1],
        "unique_after": unique_people(kept[counted], list(kept.columns)) if kept.shape[1] else 0,
        "below_k_after": bad(),
    }
    return out


def k_anonymize_graph(G, quasi: Sequence[str] | None = None, *, k: int = DEFAULT_THRESHOLD):
    """Return a copy of ``G`` whose node attributes are k-anonymous (see :func:`k_anonymize`).

    Parameters
    ----------
    G : networkx graph
        Nodes are people; their attributes come from the staff list.
    quasi : sequence of str, optional
        Node attributes a staff list also holds, most useful first. Default:
        every node attribute with plain values except ``name``, ``label``,
        ``title``, ``internal`` and ``responded``, in the order of
        :func:`quasi_identifiers` (a graph from
        :func:`leerlib.build_graph` carries the staff list's columns); pass
        ``[]`` to keep measures you attached yourself untouched.
    k : int, default 5

    Returns
    -------
    networkx graph
        Generalised or dropped attributes; ``G.graph["k_anonymity"]`` says which
        (as text, so that GEXF and GraphML can hold it).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from((i, {"team": "AB"[i // 5], "role": "x" if i else "leider"}) for i in range(10))
    >>> H = k_anonymize_graph(G, ["team", "role"])
    >>> sorted({tuple(sorted(d)) for _, d in H.nodes(data=True)})
    [('team',)]
    """
    rows = [dict(d) for _, d in G.nodes(data=True)]
    table = pd.DataFrame(rows, index=range(len(rows)))
    if quasi is None:
        quasi = [
            c
            for c in table.columns
            if c not in _NOT_QUASI
            and not table[c].map(lambda v: isinstance(v, list | tuple | set | dict)).any()
        ]
        quasi = sorted(quasi, key=_priority)
    quasi = [c for c in quasi if c in table.columns]
    H = G.copy()
    if not quasi:
        return H
    out = k_anonymize(table, quasi, k=k)
    record = out.attrs["leerlib_k_anonymity"]
    for i, v in enumerate(G.nodes):
        d = H.nodes[v]
        for c in quasi:
            value = out.at[i, c] if c in out.columns else None
            if _missing(value):
                d.pop(c, None)
            else:
                d[c] = value
    steps = ", ".join(f"{c}: {how}" for c, how in record["quasi_identifiers"].items())
    dropped = ", ".join(record["id_like_dropped"])
    H.graph["k_anonymity"] = f"k={k}; {steps}" + (
        f"; id-like dropped: {dropped}" if dropped else ""
    )
    return H
