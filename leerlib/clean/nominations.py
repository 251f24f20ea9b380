"""Verbs on nomination items: whose items count, which answers name nobody, who is named."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from leerlib.clean.index import RosterIndex
from leerlib.clean.matching import FOUND_METHODS, context_choice, format_candidates, match_names
from leerlib.clean.names import fold, slug
from leerlib.clean.verbs import Cleaned, as_text, concat_logs, log_rows, require_columns
from leerlib.errors import LeerlibError

__all__ = [
    "EXTERNAL_PREFIX",
    "drop_unkept_items",
    "drop_non_names",
    "read_nobody_ids",
    "external_key",
    "external_ids",
    "match_targets",
]

#: person_id prefix of people named in the export but not on the roster.
EXTERNAL_PREFIX = "ext:"

#: Match methods that make a named text a roster person.
_TARGET_METHODS = set(FOUND_METHODS)

_PROVENANCE = ("wave", "file", "row", "column", "raw_name")

# White space, the punctuation inside names ("Jan-Pieter", "v.d.", "IB'er") and around a
# remark ("Kees (IB)", "de conciërge!"): one space.
_NAME_SEPARATORS = re.compile(r"[\s\-_/.,'\u2019`()\[\]\"\u201c\u201d!?:;]+")


def external_key(text) -> str:
    r"""Return the text by which unknown names are told apart.

    Two names are one external person exactly when their keys are equal.

    The key folds case and diacritics (:func:`leerlib.clean.names.fold`) and reads white
    space and punctuation (``- _ / . , ' ( ) [ ] " ! ? : ;``) as one space; every other
    character counts, so different emoji, or ``-1+1`` and ``=1+1``, stay apart.

    Examples
    --------
    >>> external_key(" Jan-Pieter  STAM "), external_key("Zoë (IB)")
    ('jan pieter stam', 'zoe ib')
    >>> external_key("\t=1+1") == external_key("\r=1+1") != external_key("-1+1")
    True
    """
    return " ".join(_NAME_SEPARATORS.sub(" ", fold(str(text))).split())


def _digest(key: str) -> str:
    return hashlib.blake2s(key.encode("utf-8"), digest_size=4).hexdigest()


def external_ids(texts: Iterable, taken: Iterable[str] = ()) -> list[str]:
    r"""One person_id per unknown name: ``ext:<slug>``, or ``ext:<slug>-<hash>``.

    Names with equal :func:`external_key` share an id; different keys never do; no id is in
    ``taken`` (the roster's ids). The slug alone serves when it spells the key exactly
    (letters, digits and spaces) and is free; otherwise eight hex digits of a hash of the key
    follow it, so the id depends on the name only, not on the other names of the export.

    Parameters
    ----------
    texts : iterable of str
        Names as typed.
    taken : iterable of str
        Ids an external person must not get.

    Returns
    -------
    list of str
        One id per text, in order.

    Examples
    --------
    >>> external_ids(["iemand van de pabo", "Iemand van de Pabo"])
    ['ext:iemand-van-de-pabo', 'ext:iemand-van-de-pabo']
    >>> a, b = external_ids(["\U0001F600", "\U0001F642"])
    >>> a != b and a.startswith("ext:leeg-")
    True
    >>> external_ids(["Onbekend Persoon"], taken={"ext:onbekend-persoon"})[0] != "ext:onbekend-persoon"
    True
    """
    keys = [external_key(t) for t in texts]
    used = set(taken)
    ids: dict[str, str] = {}
    for key in sorted(set(keys)):
        base = EXTERNAL_PREFIX + slug(key)
        pid = base
        if slug(key).replace("-", " ") != key or pid in used:
            pid = f"{base}-{_digest(key)}"
        n = 2
        while pid in used:  # only a name built to collide gets here
            pid = f"{base}-{_digest(key)}-{n}"
            n += 1
        used.add(pid)
        ids[key] = pid
    return [ids[k] for k in keys]


def drop_unkept_items(items: pd.DataFrame, respondents: pd.DataFrame) -> Cleaned:
    """Keep the items of kept responses; the respondent's person_id becomes ``source``.

    An item belongs to the respondent row ``(file, response_row)`` (``row`` when the items
    carry no ``response_row``: only an edge list's items sit on rows of their own). Items of
    a row the reader skipped are logged ``skipped_row_item``, of an unidentified respondent
    ``unknown_respondent_item``, of a superseded submission ``duplicate_response_item``.

    Parameters
    ----------
    items : DataFrame
        Nomination items (NOMINATIONS_COLUMNS), optionally with ``response_row``.
    respondents : DataFrame
        The export's respondent rows with file, row, skip, person_id and kept (see
        :func:`leerlib.clean.verbs.mark_kept_submissions`).

    Returns
    -------
    Cleaned
        The items of kept responses, in their order, with ``source``; one log row per
        other item.

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> r = pd.DataFrame({"file": "f", "row": [2, 3, 4], "skip": ["", "", "status_skipped"],
    ...                   "person_id": ["p1", "", ""], "kept": [True, False, False]})
    >>> items = pd.DataFrame({"wave": "1", "file": "f", "row": [2, 3, 4], "column": "Q",
    ...                       "raw_name": ["Bo", "Cor", "Dik"]})
    >>> out, log = drop_unkept_items(items, r)
    >>> out[["source", "raw_name"]].values.tolist(), log["reason"].tolist()
    ([['p1', 'Bo']], ['skipped_row_item', 'unknown_respondent_item'])
    """
    require_columns(items, _PROVENANCE, "drop_unkept_items")
    require_columns(respondents, ("file", "row", "skip", "person_id", "kept"), "drop_unkept_items")
    key = ["file", "row"]
    status = respondents[key + ["skip", "person_id", "kept"]].drop_duplicates(key, keep="first")
    status = status.rename(columns={"row": "_resp_row"})
    noms = items.copy()
    noms["_resp_row"] = noms["response_row"] if "response_row" in noms.columns else noms["row"]
    noms["_resp_row"] = noms["_resp_row"].astype(np.int64)
    noms = noms.merge(status, on=["file", "_resp_row"], how="left", validate="many_to_one")
    noms["skip"] = noms["skip"].fillna("").astype(str)
    noms["person_id"] = noms["person_id"].fillna("").astype(str)
    noms["kept"] = noms["kept"].fillna(False).astype(bool)
    skipped = noms["skip"] != ""
    unknown_src = ~skipped & (noms["person_id"] == "")
    superseded = ~skipped & ~unknown_src & ~noms["kept"]
    log = concat_logs(
        [
            log_rows(
                noms[skipped],
                "dropped",
                "skipped_row_item",
                ("response skipped: " + noms.loc[skipped, "skip"]).tolist(),
            ),
            log_rows(
                noms[unknown_src],
                "dropped",
                "unknown_respondent_item",
                "the respondent is not on the roster",
            ),
            log_rows(
                noms[superseded],
                "dropped",
                "duplicate_response_item",
                "a later submission by the same respondent was kept",
            ),
        ]
    )
    out = noms[noms["kept"]].drop(columns=["_resp_row", "skip", "kept"])
    return Cleaned(out.rename(columns={"person_id": "source"}), log)


def read_nobody_ids(items: pd.DataFrame, people: pd.DataFrame, *, nobody=()) -> Cleaned:
    """Read a "nobody" answer that is a known person's id (in an id question) as that person.

    A "nobody" word that is also a person's id or name is flagged once.

    In an id-coded survey a number such as ``99`` may be a "no answer" code or a pupil; when
    it is a person's id (on the staff list, or a respondent's id without one) it is that
    person. Items of kind ``nobody`` with a ``target_id`` (the reader sets one in id
    questions) that is a person_id become kind ``name``. Every answer of kind ``nobody`` (or
    read as a name here) whose text, case-blind, is in ``nobody`` and equals a person's id
    or name gets one ``flagged nobody_is_person`` log row per distinct text (row 0: a
    statement about the codebook, not about one cell).

    Parameters
    ----------
    items : DataFrame
        Nomination items with kind, raw_name, target_id, wave and file.
    people : DataFrame
        person_id and name of the people known.
    nobody : iterable of str
        The codebook's "nobody" answers.

    Returns
    -------
    Cleaned
        The items (kinds changed where an id was read), and the warnings.

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> items = pd.DataFrame({"wave": "1", "file": "f", "row": [2, 3], "column": "Q",
    ...     "raw_name": ["99", "99"], "target_id": ["99", ""], "kind": "nobody"})
    >>> people = pd.DataFrame({"person_id": ["12", "99"], "name": ["12", "99"]})
    >>> out, log = read_nobody_ids(items, people, nobody=["niemand", "99"])
    >>> out["kind"].tolist(), log["reason"].tolist()
    (['name', 'nobody'], ['nobody_is_person'])
    """
    require_columns(items, ("wave", "file", "raw_name", "target_id", "kind"), "read_nobody_ids")
    require_columns(people, ("person_id", "name"), "read_nobody_ids")
    ids = set(as_text(people["person_id"]))
    kind = items["kind"].astype(str)
    tid = as_text(items["target_id"])
    as_id = (kind == "nobody") & (tid != "") & tid.isin(ids)
    out = items.copy()
    out.loc[as_id, "kind"] = "name"
    words = {str(w).strip().casefold() for w in nobody}
    by_id = {i.casefold(): i for i in ids}
    by_name = {}
    for pid, name in zip(as_text(people["person_id"]), as_text(people["name"]), strict=True):
        by_name.setdefault(name.casefold(), pid)
    text = as_text(items["raw_name"]).str.casefold()
    said = ((kind == "nobody") | as_id) & text.isin(words)
    rows = []
    for word, n in text[said].value_counts(sort=False).items():
        pid = by_id.get(word) or by_name.get(word)
        if pid is None:
            continue
        how = "id" if word in by_id else "name"
        n_id = int((as_id & (text == word)).sum())
        first = items[said & (text == word)].iloc[0]
        rows.append(
            {
                "wave": first["wave"],
                "file": first["file"],
                "row": 0,
                "column": "",
                "raw_value": str(first["raw_name"]),
                "action": "flagged",
                "reason": "nobody_is_person",
                "detail": f"{n} answer(s) {first['raw_name']!r} are a 'nobody' word and the "
                f"{how} of person {pid!r}: {n_id} read as that person (id "
                f"questions), {n - n_id} as nobody; check the codebook's nobody list",
            }
        )
    log = pd.DataFrame(rows) if rows else None
    return Cleaned(out, concat_logs([log]))


def drop_non_names(items: pd.DataFrame) -> Cleaned:
    """Drop the items that name no one: "nobody" answers, zero-scale answers, empty names.

    Parameters
    ----------
    items : DataFrame
        Nomination items with kind (name, nobody, zero), weight, raw_name, target_id and
        the provenance columns.

    Returns
    -------
    Cleaned
        The items of kind "name" with a weight above 0 and a name or a target id; log rows
        ``nobody``, ``missing``, ``zero`` and ``empty`` for the rest.

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> items = pd.DataFrame({"wave": "1", "file": "f", "row": 2, "column": ["Q1", "Q2", "Q3"],
    ...     "raw_name": ["Bo", "niemand", " "], "target_id": "",
    ...     "kind": ["name", "nobody", "name"], "weight": [1.0, 1.0, 1.0]})
    >>> out, log = drop_non_names(items)
    >>> out["raw_name"].tolist(), log["reason"].tolist()
    (['Bo'], ['nobody', 'empty'])
    """
    require_columns(items, _PROVENANCE + ("kind", "weight", "target_id"), "drop_non_names")
    kind = items["kind"].astype(str)
    is_zero = (kind == "zero") | ((kind == "name") & (items["weight"] <= 0))
    logs = [
        log_rows(items[kind == "nobody"], "dropped", "nobody", "the answer means nobody"),
        log_rows(
            items[kind == "missing"],
            "dropped",
            "missing",
            "a missing-value code ([survey] missing): the cell is empty in truth",
        ),
        log_rows(items[is_zero], "dropped", "zero", "a scale answer that means no tie"),
    ]
    noms = items[(kind == "name") & ~is_zero]
    blank = (noms["raw_name"].str.strip() == "") & (as_text(noms["target_id"]) == "")
    logs.append(log_rows(noms[blank], "dropped", "empty", "an empty name"))
    return Cleaned(noms[~blank].copy(), concat_logs(logs))


def _match_targets(noms: pd.DataFrame, ix: RosterIndex) -> dict:
    """Resolve each name nomination: arrays target, method, score, candidates (row-aligned).

    Each distinct text is matched once (``pd.factorize``), then results are taken by code.
    """
    n = len(noms)
    ids = set(ix.ids)
    tid = noms["target_id"].fillna("").astype(str).to_numpy(dtype=object)
    by_id = np.fromiter((t in ids for t in tid), dtype=bool, count=n)
    codes, uniques = pd.factorize(noms["raw_name"].to_numpy(dtype=object))
    m = match_names(list(uniques), ix)
    target = np.where(by_id, tid, m["person_id"].to_numpy(dtype=object)[codes] if n else tid)
    method = np.where(by_id, "id", m["method"].to_numpy(dtype=object)[codes] if n else "")
    score = np.where(by_id, 100.0, m["score"].to_numpy(dtype=float)[codes] if n else 100.0)
    cands = m["candidates"].to_numpy(dtype=object)
    return {
        "target": target.astype(object),
        "method": method.astype(object),
        "score": score.astype(float),
        "candidates": cands,
        "codes": codes,
        "uniques": uniques,
    }


def _apply_context(noms: pd.DataFrame, ix: RosterIndex, tm: dict, context) -> np.ndarray:
    """Resolve ambiguous answers by the respondent's own team or school (opt-in).

    Works in place in ``tm`` and returns the mask of the items so resolved. Each (answer,
    respondent) is decided once.
    """
    method = tm["method"]
    amb = np.flatnonzero(method == "ambiguous")
    done = np.zeros(len(noms), dtype=bool)
    if not len(amb):
        return done
    source = noms["source"].astype(str).to_numpy(dtype=object)
    cands = tm["candidates"]
    per_row = np.empty(len(noms), dtype=object)
    decided: dict = {}
    for k in amb:
        key = (tm["codes"][k], source[k])
        if key not in decided:
            c = cands[key[0]]
            decided[key] = context_choice(ix, ("", "ambiguous", 100.0, c), key[1], context)
        res = decided[key]
        if res[1] == "context":
            tm["target"][k], method[k], tm["score"][k] = res[0], "context", 100.0
            per_row[k] = res[3]
            done[k] = True
    tm["row_candidates"] = per_row
    return done


def match_targets(
    items: pd.DataFrame, index: RosterIndex, *, unknown: str = "external", context=()
) -> Cleaned:
    """Match the named people to the roster: the candidate ties.

    A target id the shape carried (a roster-matrix column, an edge list's id) that is on the
    roster is taken as is; every other text goes through :func:`leerlib.match_names`.
    Ambiguous names are logged ``flagged ambiguous_name`` (candidates in ``detail``) and do
    not become ties. Unknown names become external people ``ext:<slug>`` (match
    ``external``; see :func:`external_ids`) or, with ``unknown="drop"``, are logged
    ``dropped unknown_name``. With ``context`` (opt-in) an ambiguous name whose candidates
    hold exactly one colleague of the respondent's own team (or school) becomes a tie to that
    colleague (match ``context``, :func:`leerlib.clean.matching.context_choice`), and a log
    row ``kept context_match`` names the colleague chosen and the candidates weighed.

    Parameters
    ----------
    items : DataFrame
        Nomination items with source, raw_name, target_id, topic, weight and the provenance
        columns.
    index : RosterIndex
        The roster index.
    unknown : {"external", "drop"}
        What becomes of names that are not on the roster.
    context : tuple of str, optional
        Roster columns for the respondent context, narrowest first (``("team", "school")``);
        empty: off (the default).

    Returns
    -------
    Cleaned
        Candidate ties (the items plus target, match and match_score), in item order,
        index reset; the log rows of the names that did not become ties.

    Raises
    ------
    LeerlibError
        If ``unknown`` is neither "external" nor "drop".
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> ix = RosterIndex.build(pd.DataFrame({"person_id": ["p1", "p2", "p3"],
    ...     "name": ["An Ek", "Bo Berg", "Bo Berg"]}))
    >>> items = pd.DataFrame({"wave": "1", "file": "f", "row": 2, "column": ["Q1", "Q2", "Q3"],
    ...     "source": "p1", "raw_name": ["An Ek", "Bo Berg", "de IB'er"], "target_id": ""})
    >>> ties, log = match_targets(items, ix)
    >>> ties[["target", "match"]].values.tolist(), log["detail"].tolist()
    ([['p1', 'exact'], ['ext:de-ib-er', 'external']], ['candidates: p2 (100), p3 (100)'])
    """
    if unknown not in ("external", "drop"):
        raise LeerlibError(f"unknown must be 'external' or 'drop', not {unknown!r}")
    require_columns(items, _PROVENANCE + ("source", "target_id"), "match_targets")
    noms = items
    tm = _match_targets(noms, index)
    method = tm["method"]
    by_context = _apply_context(noms, index, tm, tuple(context)) if context else None
    found = np.isin(method, list(_TARGET_METHODS))
    ambiguous = method == "ambiguous"
    missing = ~found & ~ambiguous
    logs = [
        log_rows(
            noms[ambiguous],
            "flagged",
            "ambiguous_name",
            [format_candidates(tm["candidates"][c]) for c in tm["codes"][ambiguous]],
        )
    ]
    if by_context is not None and by_context.any():
        cols = ", ".join(context)
        logs.append(
            log_rows(
                noms[by_context],
                "kept",
                "context_match",
                [
                    f"respondent context ({cols}): {t}, the one colleague the respondent shares "
                    f"them with; {format_candidates(c)}"
                    for t, c in zip(
                        tm["target"][by_context], tm["row_candidates"][by_context], strict=True
                    )
                ],
            )
        )
    # external person_ids: one per distinct unknown text (or the id the shape carried)
    ext_ids = np.full(len(noms), "", dtype=object)
    if missing.any():
        typed = np.array([str(u).strip() != "" for u in tm["uniques"]], dtype=bool)
        codes = tm["codes"][missing]
        tid = noms["target_id"].fillna("").astype(str).to_numpy(dtype=object)[missing]
        texts = np.where(typed[codes], np.asarray(tm["uniques"], dtype=object)[codes], tid)
        text_codes, distinct = pd.factorize(texts)
        distinct_ids = np.asarray(external_ids(distinct, taken=index.ids), dtype=object)
        ext_ids[missing] = distinct_ids[text_codes]
    if unknown == "drop":
        logs.append(
            log_rows(
                noms[missing],
                "dropped",
                "unknown_name",
                [format_candidates(tm["candidates"][c]) for c in tm["codes"][missing]],
            )
        )
        take = found
    else:
        take = found | missing
    target = np.where(found, tm["target"], ext_ids)
    match = np.where(found, method, "external")
    cand = noms[take].assign(
        target=target[take],
        match=match[take],
        match_score=np.where(found, tm["score"], 100.0)[take],
    )
    return Cleaned(cand.reset_index(drop=True), concat_logs(logs))
