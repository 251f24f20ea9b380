"""Match typed names to a roster: id, e-mail, exact, alias, normalised, then careful fuzzy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

from leerlib.clean.index import RosterIndex
from leerlib.clean.names import ParsedName, fold, is_blank, parse_name

__all__ = ["THRESHOLD", "MARGIN", "MATCH_NAMES_METHODS", "format_candidates", "match_names"]

#: Lowest fuzzy score (rapidfuzz ``fuzz.ratio``, 0-100) accepted as a match.
#: Chosen on the labelled set in tests/data; see docs/matching.md.
THRESHOLD = 86.0
#: A fuzzy best candidate must beat the runner-up (another person) by this many points.
MARGIN = 5.0
#: A fuzzy match must also have first given names this similar ("Jos" is not "Joost").
GIVEN_FLOOR = 80.0
#: At most this many candidates are listed for an ambiguous name (best first).
MAX_CANDIDATES = 10
#: Candidates scoring below this are not worth showing to a reviewer.
REVIEW_FLOOR = 70.0

#: The ``method`` values of :func:`match_names`.
MATCH_NAMES_METHODS = (
    "id", "email", "exact", "alias", "normalized", "fuzzy", "ambiguous", "unknown", "empty",
)  # fmt: skip


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def _result(ix: RosterIndex, method: str, idx: list[int], p: ParsedName | None, score=100.0):
    """Build (person_id, method, score, candidates) from candidate roster positions.

    Ambiguous candidates are scored by how well the whole name fits (``p`` given) or, for
    exact hits (``p`` None), 100.
    """
    idx = sorted(set(idx))
    if method == "ambiguous":
        if p is None:  # exact hits: all score 100, list the first few by person_id
            cands = sorted((ix.ids[i], 100.0) for i in idx)[:MAX_CANDIDATES]
            return "", "ambiguous", 100.0, cands
        if len(idx) > MAX_CANDIDATES:
            from rapidfuzz import fuzz, process

            sc = process.cdist([p.full], [ix.parsed[i].full for i in idx], scorer=fuzz.ratio)[0]
        else:
            sc = [_ratio(p.full, ix.parsed[i].full) for i in idx]
        cands = sorted(((ix.ids[i], round(float(v), 1)) for i, v in zip(idx, sc, strict=True)),
                       key=lambda c: (-c[1], c[0]))  # fmt: skip
        return "", "ambiguous", cands[0][1], cands[:MAX_CANDIDATES]
    return ix.ids[idx[0]], method, float(score), [(ix.ids[idx[0]], float(score))]


def _decide(ix: RosterIndex, method: str, idx: list[int], p: ParsedName | None):
    if len(set(idx)) == 1:
        return _result(ix, method, idx, p)
    return _result(ix, "ambiguous", idx, p)


def _match_one(ix: RosterIndex, name):
    """Deterministic stages for one distinct name; a ParsedName back means 'try fuzzy'."""
    if is_blank(name):
        return "", "empty", 0.0, []
    s = " ".join(str(name).split())
    hit = ix.by_id.get(s.casefold())
    if hit:
        return _decide(ix, "id", hit, None)
    if "@" in s:
        hit = ix.by_email.get(s.casefold())
        if hit:
            return _decide(ix, "email", hit, None)
        return "", "unknown", 0.0, []
    hit = ix.by_exact.get(s)
    if hit:
        return _decide(ix, "exact", hit, parse_name(s))
    folded = fold(s)
    pids = ix.alias.get(folded)
    if not pids and folded in ix.by_fold:
        i = ix.by_fold[folded]
        return ix.ids[i], "normalized", 100.0, [(ix.ids[i], 100.0)]
    p = parse_name(s)
    if not p.last:
        return "", "unknown", 0.0, []
    pids = pids or ix.alias.get(p.full)
    if pids:
        if len(pids) == 1:
            pid = next(iter(pids))
            return pid, "alias", 100.0, [(pid, 100.0)]
        return "", "ambiguous", 100.0, sorted((pid, 100.0) for pid in pids)

    def compatible(cands):
        return [i for i in cands if p.particles_compatible(ix.parsed[i])]

    last = " ".join(p.last)
    if not p.given:
        # one word, or a surname with particles only: never enough to pick a person
        cands = compatible(ix.by_last.get(last, []))
        if not p.infix and len(p.last) == 1:
            cands += ix.by_given.get(p.last[0], [])
        if cands:
            return _result(ix, "ambiguous", cands, None)  # the word itself fits exactly
        return "", "unknown", 0.0, []
    if p.initials:
        letters = p.initial_letters
        cands = [
            i
            for i in ix.by_last.get(last, [])
            if ix.initials[i].startswith(letters) and p.particles_compatible(ix.parsed[i])
        ]
        if cands:
            return _decide(ix, "normalized", cands, p)
        return "", "unknown", 0.0, []
    keys = [(ix.by_full, p.full), (ix.by_core, p.core)]
    if len(p.given) == 1:
        # "Jan Berg" for "Jan Pieter van den Berg"; never the other way round
        keys.append((ix.by_first, p.first))
    for table, key in keys:
        cands = compatible(table.get(key, []))
        if cands:
            return _decide(ix, "normalized", cands, p)
    if len(p.given) == 1 and not p.infix and len(p.last) == 1:
        # surname typed first without a comma: "Duck Donald"
        cands = ix.by_core.get(f"{p.last[0]} {p.given[0]}", [])
        if cands:
            return _decide(ix, "normalized", cands, p)
    return p


def _fuzzy(ix: RosterIndex, queries: list[ParsedName], threshold: float, margin: float):
    """Score each query against the roster people who share a given-name or surname initial."""
    from rapidfuzz import fuzz, process

    out = [None] * len(queries)
    r_full = np.array([p.full for p in ix.parsed], dtype=object)
    r_core = np.array([p.core for p in ix.parsed], dtype=object)
    # particle runs as small integer codes (0: none) and a table of which runs agree
    codes: dict[tuple, int] = {(): 0}
    r_code = np.array([codes.setdefault(p.infix, len(codes)) for p in ix.parsed], dtype=np.intp)
    compat = _compat_table(codes)
    by_g, by_l = defaultdict(list), defaultdict(list)
    for i, p in enumerate(ix.parsed):
        if p.last:
            by_l[p.last[0][0]].append(i)
            if p.given:
                by_g[p.given[0][0]].append(i)
    groups = defaultdict(list)
    for k, q in enumerate(queries):
        groups[(q.given[0][0], q.last[0][0])].append(k)
    ids = np.array(ix.ids, dtype=object)
    for (g, l0), members in groups.items():
        cols = np.array(sorted(set(by_g.get(g, [])) | set(by_l.get(l0, []))), dtype=np.intp)
        if cols.size == 0:
            for k in members:
                out[k] = ("", "unknown", 0.0, [])
            continue
        qs = [queries[k] for k in members]
        kw = {
            "scorer": fuzz.ratio,
            "score_cutoff": REVIEW_FLOOR,
            "dtype": np.float32,
            "workers": -1,
        }
        scores = process.cdist([q.full for q in qs], list(r_full[cols]), **kw)
        # the name without particles, where it differs from the whole name and the particles
        # agree: for a query without particles only roster names with particles need it
        q_code = np.array([codes.setdefault(q.infix, len(codes)) for q in qs], dtype=np.intp)
        c_code = r_code[cols]
        if len(codes) > len(compat):
            compat = _compat_table(codes)
        plain_q, part_c = q_code == 0, c_code != 0
        if plain_q.any() and part_c.any():
            rows_, cols_ = np.flatnonzero(plain_q), np.flatnonzero(part_c)
            core = process.cdist([qs[i].core for i in rows_], list(r_core[cols[cols_]]), **kw)
            scores[np.ix_(rows_, cols_)] = np.maximum(scores[np.ix_(rows_, cols_)], core)
        if (~plain_q).any():
            rows_ = np.flatnonzero(~plain_q)
            core = process.cdist([qs[i].core for i in rows_], list(r_core[cols]), **kw)
            ok = compat[q_code[rows_][:, None], c_code[None, :]]
            scores[rows_] = np.maximum(scores[rows_], np.where(ok, core, np.float32(0.0)))
        # the best four per query, best first (ties: roster order)
        k_top = min(4, scores.shape[1])
        top = np.argpartition(-scores, k_top - 1, axis=1)[:, :k_top]
        top_scores = np.take_along_axis(scores, top, axis=1)
        order = np.lexsort((top, -top_scores), axis=1)
        top = np.take_along_axis(top, order, axis=1)
        top_scores = np.take_along_axis(top_scores, order, axis=1)
        col_ids = ids[cols]
        for row, k in enumerate(members):
            res = _verdict(col_ids[top[row]], top_scores[row], threshold, margin)
            if res[1] == "fuzzy":
                r = ix.parsed[cols[top[row, 0]]]
                if r.given and fuzz.ratio(queries[k].given[0], r.given[0]) < GIVEN_FLOOR:
                    res = ("", "unknown", res[2], res[3])  # another given name: another person
            out[k] = res
    return out


def _compat_table(codes: dict) -> np.ndarray:
    """compat[a, b]: particle runs with codes a and b agree (ParsedName.particles_compatible)."""
    runs = sorted(codes, key=codes.get)
    probe = [ParsedName((), run, ("x",)) for run in runs]
    return np.array([[a.particles_compatible(b) for b in probe] for a in probe], dtype=bool)


def _verdict(top_ids: np.ndarray, top_scores: np.ndarray, threshold: float, margin: float):
    """Decide from the best few candidates (sorted, best first)."""
    cands = [(str(i), round(float(sc), 1)) for i, sc in zip(top_ids, top_scores, strict=True)
             if sc >= REVIEW_FLOOR]  # fmt: skip
    if not cands:
        return "", "unknown", 0.0, []
    best = cands[0][1]
    runner = cands[1][1] if len(cands) > 1 else 0.0
    if best >= threshold and runner < threshold and best - runner >= margin:
        return cands[0][0], "fuzzy", best, cands
    if best >= threshold:
        return (
            "",
            "ambiguous",
            best,
            [c for c in cands if c[1] >= threshold or best - c[1] < margin],
        )
    return "", "unknown", best, cands


def match_names(
    names: Iterable,
    roster,
    aliases: pd.DataFrame | None = None,
    *,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
    fuzzy: bool = True,
) -> pd.DataFrame:
    """Match typed names to roster people, precision first.

    Each distinct name is matched once, by the first stage that applies: ``id`` (the text is
    a roster person_id), ``email``, ``exact`` (the roster name as written), ``alias`` (the
    researcher's alias table), ``normalized`` (after folding case, diacritics, punctuation,
    titles, initials and Dutch tussenvoegsels in any position), then ``fuzzy`` (rapidfuzz).
    Two or more equally good people are never chosen between: the name is ``ambiguous`` and
    its candidates are listed. A single word ("Anna", "Berg") is always ambiguous or unknown.

    Parameters
    ----------
    names : iterable of str
        Names as typed (a list, Series or column). Missing values count as empty.
    roster : DataFrame, mapping or RosterIndex
        People with ``person_id`` and ``name`` (optional ``email``), or ``{person_id: name}``,
        or a :class:`leerlib.clean.RosterIndex` built once for several calls.
    aliases : DataFrame, optional
        Columns ``alias`` and ``person_id``: nicknames and spellings the researcher vouches for.
        Give them to :meth:`RosterIndex.build` instead when ``roster`` is an index.
    threshold : float, default 86
        Lowest fuzzy score (``rapidfuzz.fuzz.ratio``, 0-100) accepted.
    margin : float, default 5
        How far a fuzzy best match must lead the runner-up (a different person).
    fuzzy : bool, default True
        Set False to stop after the deterministic stages.

    Returns
    -------
    DataFrame
        One row per input name in input order: ``name``, ``person_id`` ("" if not matched),
        ``method`` (id, email, exact, alias, normalized, fuzzy, ambiguous, unknown, empty),
        ``score`` (0-100) and ``candidates`` (list of ``(person_id, score)`` it weighed).

    Raises
    ------
    RosterError
        If the roster lacks person_id/name, repeats a person_id, or an alias points to a
        person_id that is not on the roster.
    TypeError
        If ``roster`` is a RosterIndex and ``aliases`` are given as well.

    Notes
    -----
    Fuzzy scores compare 'given particles surname' and, when the particles agree, 'given
    surname'; only roster people sharing the first letter of the given name or of the
    surname are scored. A fuzzy match needs exactly one person at or above ``threshold``,
    a lead of ``margin`` over the runner-up, and first given names at least 80 similar
    ("Jos" is not "Joost"); otherwise the name is ambiguous or unknown. Threshold and
    margin come from the labelled set described in docs/matching.md.

    Examples
    --------
    >>> roster = pd.DataFrame({"person_id": ["p1", "p2", "p3"],
    ...                        "name": ["Jan van den Berg", "Anna de Vries", "Anne de Vries"]})
    >>> m = match_names(["Berg, Jan van den", "J. v.d. Berg", "Jan van den Bergh",
    ...                  "Anna", "iemand van de pabo", ""], roster)
    >>> m[["person_id", "method"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['p1', 'normalized'], ['p1', 'normalized'], ['p1', 'fuzzy'], ['', 'ambiguous'],
     ['', 'unknown'], ['', 'empty']]
    >>> m.loc[3, "candidates"]
    [('p2', 100.0)]
    """
    if isinstance(roster, RosterIndex):
        if aliases is not None:
            raise TypeError("match_names: give aliases to RosterIndex.build, not with an index")
        ix = roster
    else:
        ix = RosterIndex.build(roster, aliases)
    values = list(names) if not isinstance(names, pd.Series) else names.tolist()
    keys = ["" if is_blank(v) else " ".join(str(v).split()) for v in values]
    distinct = list(dict.fromkeys(keys))
    results: dict[str, tuple] = {}
    pending: list[str] = []
    parsed: list[ParsedName] = []
    for key in distinct:
        res = _match_one(ix, key)
        if isinstance(res, ParsedName):
            pending.append(key)
            parsed.append(res)
        else:
            results[key] = res
    if pending:
        if fuzzy:
            for key, res in zip(pending, _fuzzy(ix, parsed, threshold, margin), strict=True):
                results[key] = res
        else:
            for key in pending:
                results[key] = ("", "unknown", 0.0, [])
    rows = [results[k] for k in keys]
    return pd.DataFrame(
        {
            "name": pd.Series(values, dtype=object),
            "person_id": pd.Series([r[0] for r in rows], dtype=object),
            "method": pd.Series([r[1] for r in rows], dtype=object),
            "score": pd.Series([r[2] for r in rows], dtype=float),
            "candidates": pd.Series([r[3] for r in rows], dtype=object),
        }
    )


def format_candidates(cands) -> str:
    """The candidates of a match as one text for a log row's detail.

    Examples
    --------
    >>> format_candidates([("p2", 100.0), ("p3", 91.5)])
    'candidates: p2 (100), p3 (91.5)'
    >>> format_candidates([])
    'no candidate on the roster'
    """
    if not cands:
        return "no candidate on the roster"
    return "candidates: " + ", ".join(f"{pid} ({score:g})" for pid, score in cands)
