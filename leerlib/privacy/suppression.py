"""Small-group suppression: hide group figures below a size threshold, and what would reveal them."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import numpy as np
import pandas as pd

from leerlib.errors import PrivacyError, SchemaError

__all__ = [
    "DEFAULT_THRESHOLD",
    "small_label",
    "group_sizes",
    "small_groups",
    "hidden_groups",
    "mask_small_groups",
    "suppress_small_groups",
    "suppress_matrix",
]

#: Groups with fewer members than this are hidden unless a caller says otherwise.
DEFAULT_THRESHOLD = 5


def small_label(threshold: int = DEFAULT_THRESHOLD) -> str:
    """Return the label that stands for group values held by fewer than ``threshold`` people.

    >>> small_label(5)
    '(< 5)'
    """
    return f"(< {threshold})"


def _check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int | np.integer) or threshold < 1:
        raise PrivacyError(
            f"the small-group threshold must be a whole number >= 1, got {threshold!r}"
        )
    return int(threshold)


def _as_list(cols) -> list:
    if cols is None:
        return []
    if isinstance(cols, str) or not isinstance(cols, Iterable):
        return [cols]
    return list(cols)


def _require(table: pd.DataFrame, cols: list, what: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise SchemaError(f"{what}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise SchemaError(
            f"{what}: column(s) {missing} not in the table; it has {list(table.columns)}"
        )


def group_sizes(people: pd.DataFrame, group_col, *, internal_only: bool = True) -> pd.Series:
    """Return the number of people per group (the size that decides whether a group may be shown).

    Parameters
    ----------
    people : DataFrame
        The people table.
    group_col : str or list of str
        Grouping column(s) (team, school, role, ...).
    internal_only : bool, default True
        Count only people on the roster (``internal``), not outside contacts.

    Returns
    -------
    Series
        Group -> count; people with no group value are not counted.

    Raises
    ------
    SchemaError
        If a column is missing.

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": list("abcdefg"), "internal": [True] * 6 + [False],
    ...                        "team": ["A", "A", "A", "A", "A", "B", "B"]})
    >>> group_sizes(people, "team").to_dict()
    {'A': 5, 'B': 1}
    """
    cols = _as_list(group_col)
    _require(people, cols + (["internal"] if internal_only else []), "group_sizes")
    df = people[people["internal"].astype(bool)] if internal_only else people
    return df.groupby(cols if len(cols) > 1 else cols[0], dropna=True).size()


def small_groups(sizes: Mapping | pd.Series, threshold: int = DEFAULT_THRESHOLD) -> list:
    """Return the groups whose size is below ``threshold`` (or unknown).

    Examples
    --------
    >>> small_groups({"A": 5, "B": 4, "C": 12})
    ['B']
    """
    threshold = _check_threshold(threshold)
    sizes = pd.Series(sizes, dtype=object) if isinstance(sizes, Mapping) else sizes
    n = pd.to_numeric(sizes, errors="coerce")
    return [g for g, v in n.items() if not (v >= threshold)]


def hidden_groups(
    sizes: Mapping | pd.Series, threshold: int = DEFAULT_THRESHOLD, *, complementary: bool = True
) -> list:
    """Return the groups every table of one release must hide: the small ones and their complement.

    Parameters
    ----------
    sizes : Series or dict
        Group -> number of members (see :func:`group_sizes`).
    threshold : int, default 5
    complementary : bool, default True
        Also the smallest other groups, until no hidden group can be worked out
        from a known total (the rule of :func:`suppress_small_groups`).

    Returns
    -------
    list
        The groups to hide, in the order of ``sizes``. Hide exactly these in
        every table of one download (group figures, group x group tables,
        per-person group values): a group hidden in one table and shown in
        another gives the hidden figures away by subtraction.

    Examples
    --------
    Hand count: B (2) is small; with a known total it is 30 - 12 - 7 - 9 = 2,
    so the smallest other group, C (7), is hidden too.

    >>> hidden_groups({"A": 12, "B": 2, "C": 7, "D": 9})
    ['B', 'C']
    """
    threshold = _check_threshold(threshold)
    sz = pd.Series(sizes, dtype=object) if isinstance(sizes, Mapping) else pd.Series(sizes)
    if sz.empty:
        return []
    n = pd.Series(pd.to_numeric(sz, errors="coerce").astype(float).to_numpy())
    hidden = ~(n >= threshold)
    if complementary:
        hidden = _complement(n, hidden, threshold)
    return [g for g, h in zip(sz.index, hidden, strict=True) if h]


def mask_small_groups(
    people: pd.DataFrame,
    columns=("team", "school", "role"),
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """Replace group labels held by fewer than ``threshold`` people with ``"(< threshold)"``.

    In a pseudonymised view a rare label (the only "directeur" of a school)
    points at one person; merged into one ``"(< 5)"`` label it does not. Each
    column on its own: combinations of columns need :func:`k_anonymize`.

    Parameters
    ----------
    people : DataFrame
    columns : iterable of str
        Group columns; absent ones are skipped.
    threshold : int, default 5

    Returns
    -------
    DataFrame
        A copy.

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": list("abcdef"),
    ...                        "role": ["leerkracht"] * 5 + ["directeur"]})
    >>> mask_small_groups(people)["role"].tolist()
    ['leerkracht', 'leerkracht', 'leerkracht', 'leerkracht', 'leerkracht', '(< 5)']
    """
    threshold = _check_threshold(threshold)
    out = people.copy()
    for col in columns:
        if col not in out.columns:
            continue
        values = out[col]
        counts = values.value_counts(dropna=True)
        small = values.map(counts).fillna(0) < threshold
        out[col] = values.astype(object).where(~small | values.isna(), small_label(threshold))
    return out


def _complement(n: pd.Series, hidden: pd.Series, threshold: int) -> pd.Series:
    """Hide more rows of one block until the hidden ones cannot be worked out from a total."""
    hidden = hidden.copy()
    while True:
        k = int(hidden.sum())
        hidden_sum = float(n[hidden].fillna(0).sum())
        if k == 0 or (k >= 2 and hidden_sum >= threshold):
            return hidden
        visible = n[~hidden]
        if visible.empty:
            return hidden
        hidden[visible.fillna(-1).idxmin()] = True


def suppress_small_groups(
    table: pd.DataFrame,
    group_col,
    count_col=None,
    *,
    sizes: Mapping | pd.Series | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    value_cols=None,
    complementary: bool = True,
    within=None,
    total: Hashable | None = None,
    flag: str | None = "suppressed",
) -> pd.DataFrame:
    """Hide every figure of groups smaller than ``threshold``, and of groups that would reveal them.

    Parameters
    ----------
    table : DataFrame
        One row per group (and optionally a total row), e.g. a group_metrics
        table or a count of respondents per team.
    group_col : str or list of str
        Column(s) naming the group.
    count_col : str or list of str, optional
        Column(s) holding the group's size (people, respondents, ...). With
        several, the smallest counts. Either this or ``sizes`` is needed.
    sizes : Series or dict, optional
        Group -> size, when the table has no size column (see :func:`group_sizes`).
        With ``count_col`` too, the smaller of both counts.
    threshold : int, default 5
        A group of fewer members is hidden.
    value_cols : str or list of str, optional
        Figures to hide; default every column except ``group_col`` and ``within``.
        ``count_col`` is always hidden too.
    complementary : bool, default True
        Also hide the smallest other group(s) of the same block, so that no
        hidden figure can be worked out from a total (see Notes).
    within : str or list of str, optional
        Columns that split the table into blocks with their own totals (wave,
        school); complementary suppression works per block.
    total : hashable, optional
        Value of ``group_col`` that marks a total row in the table.
    flag : str or None, default "suppressed"
        Name of an added bool column telling which rows were hidden.

    Returns
    -------
    DataFrame
        A copy with hidden figures set to missing (NaN). ``attrs["leerlib_suppressed"]``
        records the threshold and the hidden groups.

    Raises
    ------
    SchemaError
        If a named column is missing, or neither ``count_col`` nor ``sizes`` is given.
    PrivacyError
        If ``threshold`` is not a whole number >= 1.

    Notes
    -----
    Primary suppression hides each group with fewer than ``threshold`` members
    (or an unknown size). Totals of a block are usually known (the size of a
    school, the overall mean), so one hidden group could be worked out by
    subtraction; complementary (secondary) suppression therefore hides the
    smallest visible groups of the block until at least two are hidden and
    together have at least ``threshold`` members. A total row whose block
    still has one hidden group is hidden too. This follows the primary and
    secondary cell suppression of statistical disclosure control [1]_.

    References
    ----------
    .. [1] Hundepool, A. et al. (2012). Statistical Disclosure Control. Wiley,
       ch. 4 (magnitude tables) and 5 (frequency tables).

    Examples
    --------
    >>> t = pd.DataFrame({"team": ["A", "B", "C", "D"], "n": [3, 12, 7, 20],
    ...                   "density": [0.5, 0.3, 0.4, 0.2]})
    >>> suppress_small_groups(t, "team", "n")
      team     n  density  suppressed
    0    A   NaN      NaN        True
    1    B  12.0      0.3       False
    2    C   NaN      NaN        True
    3    D  20.0      0.2       False
    """
    threshold = _check_threshold(threshold)
    groups, counts, blocks = _as_list(group_col), _as_list(count_col), _as_list(within)
    _require(table, groups + counts + blocks, "suppress_small_groups")
    if not groups:
        raise SchemaError("suppress_small_groups: name the group column(s)")
    if not counts and sizes is None:
        raise SchemaError("suppress_small_groups: give count_col (a size column) or sizes")
    values = (
        _as_list(value_cols)
        if value_cols is not None
        else [c for c in table.columns if c not in groups + blocks]
    )
    _require(table, values, "suppress_small_groups")
    hide_cols = list(dict.fromkeys(values + counts))

    out = table.reset_index(drop=True)  # positions, whatever the caller's index holds
    keys = pd.Series(
        list(zip(*(out[g] for g in groups), strict=True))
        if len(groups) > 1
        else out[groups[0]].tolist(),
        index=out.index,
        dtype=object,
    )
    n = pd.Series(np.inf, index=out.index)
    for c in counts:
        n = np.fmin(n, pd.to_numeric(out[c], errors="coerce").astype(float))
    if sizes is not None:
        sz = pd.Series(sizes, dtype=object) if isinstance(sizes, Mapping) else pd.Series(sizes)
        lookup = {k: v for k, v in sz.items()}
        n = np.fmin(n, pd.to_numeric(keys.map(lambda k: lookup.get(k, np.nan)), errors="coerce"))
        missing = keys.map(lambda k: k not in lookup)
        n[missing] = np.nan
    n[np.isinf(n)] = np.nan
    hidden = ~(n >= threshold)
    is_total = keys == total if total is not None else pd.Series(False, index=out.index)

    if complementary:
        block_keys = (
            pd.Series(
                list(zip(*(out[b] for b in blocks), strict=True)), index=out.index, dtype=object
            )
            if blocks
            else pd.Series(0, index=out.index)
        )
        for _, idx in block_keys.groupby(block_keys, sort=False).groups.items():
            inner = [i for i in idx if not is_total[i]]
            h = _complement(n[inner], hidden[inner], threshold)
            hidden[inner] = h
            k, s = int(h.sum()), float(n[inner][h].fillna(0).sum())
            if k == 1 or (k >= 1 and s < threshold):
                hidden[[i for i in idx if is_total[i]]] = True

    for c in hide_cols:
        col = out[c]
        if pd.api.types.is_integer_dtype(col) or pd.api.types.is_bool_dtype(col):
            col = col.astype(float if pd.api.types.is_integer_dtype(col) else object)
        out[c] = col.where(~hidden)
    if flag is not None:
        out[flag] = hidden.astype(bool)
    out.attrs["leerlib_suppressed"] = {
        "threshold": threshold,
        "groups": [k for k, h in zip(keys, hidden, strict=True) if h],
    }
    out.index = table.index
    return out


def suppress_matrix(
    matrix: pd.DataFrame,
    sizes: Mapping | pd.Series,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    complementary: bool = True,
    cell_threshold: float | None = None,
    margins: Hashable | None = None,
) -> pd.DataFrame:
    """Hide the cells of a group x group table (a mixing matrix) that concern small groups.

    Parameters
    ----------
    matrix : DataFrame
        Rows and columns are groups (team x team: ties from row team to column
        team); numbers in the cells.
    sizes : Series or dict
        Group -> number of members (see :func:`group_sizes`).
    threshold : int, default 5
        Every cell in the row or column of a group with fewer members (or an
        unknown size) is hidden.
    complementary : bool, default True
        Then hide more cells until no row and no column holds exactly one hidden
        cell (see Notes).
    cell_threshold : float, optional
        Also hide cells with a value above 0 and below this (few ties).
    margins : hashable, optional
        Label of a totals row and column in the matrix (as ``pd.crosstab(...,
        margins=True)`` adds, "All"); they take part in the row and column checks.

    Returns
    -------
    DataFrame
        A float copy with hidden cells set to NaN; ``attrs["leerlib_suppressed"]``
        records the threshold, the small groups and the number of hidden cells.

    Raises
    ------
    SchemaError
        If ``matrix`` is not a DataFrame.
    PrivacyError
        If ``threshold`` is not a whole number >= 1.

    Notes
    -----
    Row and column totals of a mixing matrix are usually known or shown (ties
    sent and received per team), so a row or column with a single hidden cell
    gives that cell away by subtraction. The greedy rule here hides, for each
    such line, its smallest visible cell (a total cell only when nothing else
    is left) and repeats until every line has none or at least two hidden
    cells. This is the classical necessary condition for a safe suppression
    pattern in a two-way table; it is not a proof against every system of
    equations, which is one more reason to show group x group tables only for
    groups well above the threshold [1]_.

    References
    ----------
    .. [1] Hundepool, A. et al. (2012). Statistical Disclosure Control. Wiley,
       section 4.4 (secondary cell suppression).

    Examples
    --------
    >>> m = pd.DataFrame([[10, 2, 4], [3, 0, 1], [5, 6, 20]],
    ...                  index=["A", "B", "C"], columns=["A", "B", "C"])
    >>> suppress_matrix(m, {"A": 8, "B": 2, "C": 9})
          A   B     C
    A  10.0 NaN   NaN
    B   NaN NaN   NaN
    C   NaN NaN  20.0
    """
    threshold = _check_threshold(threshold)
    if not isinstance(matrix, pd.DataFrame):
        raise SchemaError(
            f"suppress_matrix: expected a pandas DataFrame, got {type(matrix).__name__}"
        )
    lookup = dict(pd.Series(sizes).items()) if not isinstance(sizes, Mapping) else dict(sizes)
    small = set(
        small_groups(
            {
                g: lookup.get(g, np.nan)
                for g in list(matrix.index) + list(matrix.columns)
                if g != margins
            },
            threshold,
        )
    )
    values = matrix.apply(pd.to_numeric, errors="coerce").astype(float)
    rows, cols = list(values.index), list(values.columns)
    hidden = np.zeros(values.shape, dtype=bool)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            if r in small or c in small:
                hidden[i, j] = True
            elif cell_threshold is not None and 0 < values.iat[i, j] < cell_threshold:
                hidden[i, j] = True
    if complementary:
        v = values.to_numpy()
        row_m = [i for i, r in enumerate(rows) if r == margins]
        col_m = [j for j, c in enumerate(cols) if c == margins]

        def fix(line: list[tuple[int, int]]) -> bool:
            if sum(hidden[p] for p in line) != 1:
                return False
            free = [p for p in line if not hidden[p]]
            if not free:  # the whole line is hidden already
                return False
            inner = [p for p in free if p[0] not in row_m and p[1] not in col_m]
            pick = min(inner or free, key=lambda p: (np.nan_to_num(v[p], nan=-1.0), p))
            hidden[pick] = True
            return True

        changed = True
        while changed:
            changed = False
            for i in range(len(rows)):
                changed |= fix([(i, j) for j in range(len(cols))])
            for j in range(len(cols)):
                changed |= fix([(i, j) for i in range(len(rows))])
    out = values.mask(hidden)
    out.attrs["leerlib_suppressed"] = {
        "threshold": threshold,
        "groups": sorted(small, key=str),
        "cells": int(hidden.sum()),
    }
    return out
