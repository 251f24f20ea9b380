"""From a RawSurvey and a roster to the tidy Survey tables: clean_survey."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leerlib.clean.matching import _build_index, _match
from leerlib.clean.names import slug
from leerlib.clean.people import (
    _fmt_candidates,
    _str,
    identify_respondents,
    people_from_export,
    prepare_people,
)
from leerlib.clean.verbs import (
    concat_logs,
    drop_self_ties,
    log_rows,
    merge_duplicate_ties,
    resolve_submissions,
)
from leerlib.errors import LeerlibError, SchemaError
from leerlib.schema import (
    LOG_COLUMNS,
    NOMINATIONS_COLUMNS,
    RESPONSES_COLUMNS,
    TIES_COLUMNS,
    VALUE_COLUMNS,
    RawSurvey,
    Survey,
    empty_table,
)

__all__ = ["EXTERNAL_PREFIX", "clean_survey"]

#: person_id prefix of people named in the export but not on the roster.
EXTERNAL_PREFIX = "ext:"

_TARGET_METHODS = {"id", "email", "exact", "alias", "normalized", "fuzzy"}


def _cb(codebook, *path, default=None):
    """Read ``codebook.a.b`` (or the dict equivalent); ``default`` when absent."""
    obj = codebook
    for key in path:
        if obj is None:
            return default
        obj = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
    return default if obj is None else obj


def _topics(codebook) -> dict:
    fn = getattr(codebook, "topic_labels", None)
    if callable(fn):
        return dict(fn())
    out = {}
    for t in _cb(codebook, "topics", default=()) or ():
        key = _cb(t, "key")
        if key:
            out[key] = {"nl": _cb(t, "nl", default=key), "en": _cb(t, "en", default=key)}
    return out


def _match_targets(noms: pd.DataFrame, people: pd.DataFrame, ix) -> dict:
    """Resolve each name nomination: arrays target, method, score, candidates (row-aligned).

    Each distinct text is matched once (``pd.factorize``), then results are taken by code.
    """
    n = len(noms)
    ids = set(people["person_id"])
    tid = noms["target_id"].fillna("").astype(str).to_numpy(dtype=object)
    by_id = np.fromiter((t in ids for t in tid), dtype=bool, count=n)
    codes, uniques = pd.factorize(noms["raw_name"].to_numpy(dtype=object))
    m = _match(ix, list(uniques))
    target = np.where(by_id, tid, m["person_id"].to_numpy(dtype=object)[codes] if n else tid)
    method = np.where(by_id, "id", m["method"].to_numpy(dtype=object)[codes] if n else "")
    score = np.where(by_id, 100.0, m["score"].to_numpy(dtype=float)[codes] if n else 100.0)
    cands = m["candidates"].to_numpy(dtype=object)
    return {"target": target.astype(object), "method": method.astype(object),
            "score": score.astype(float), "candidates": cands, "codes": codes, "uniques": uniques}  # fmt: skip


def clean_survey(
    raw: RawSurvey,
    people: pd.DataFrame | None,
    aliases: pd.DataFrame | None = None,
    *,
    unknown: str | None = None,
    unknown_respondent: str = "error",
) -> Survey:
    """Turn what the reader read into the tidy tables: match, resolve, drop, merge, log.

    Steps, each decision a log row: rows the reader skipped (status, blank) lose their
    nominations (``skipped_row_item``); respondents are identified by id, e-mail or name;
    repeated submissions keep the latest complete one (``duplicate_response``, their items
    ``duplicate_response_item``); "nobody" and zero-scale answers are logged (``nobody``,
    ``zero``); named people are matched (:func:`leerlib.match_names`); ambiguous names are
    flagged (``ambiguous_name``, candidates in ``detail``) and do not become ties; unknown
    names become external people (``ext:<slug>``, ``internal=False``, match ``external``)
    or, with ``unknown="drop"``, are logged (``unknown_name``); self-ties are dropped
    (``self_tie``); duplicate ties merge with weight = max (``duplicate_tie``); every internal
    person without a usable response gets ``responded=False`` (log ``non_respondent``).

    Parameters
    ----------
    raw : RawSurvey
        One export as read by :func:`leerlib.read_export`.
    people : DataFrame or None
        The roster (person_id, name, optional email and attributes). None: people come from
        the export itself (``raw.people_hint``, the respondents, then named names).
    aliases : DataFrame, optional
        ``alias``, ``person_id``: spellings and nicknames the researcher vouches for.
    unknown : {"external", "drop"}, optional
        What becomes of names not on the roster; default: the codebook's ``[unknown] names``,
        else "external".
    unknown_respondent : {"error", "log"}
        A respondent not on the roster raises RosterError (default), or is logged
        (``unknown_respondent``) with their nominations.

    Returns
    -------
    Survey
        people, ties, responses, value, log; topics and consent_names from the codebook.

    Raises
    ------
    RosterError
        A respondent is not on the roster (file, row and respondent column in the message),
        or the roster/aliases are malformed.
    SchemaError
        ``raw`` lacks a table column the contract requires.

    Examples
    --------
    >>> from leerlib.schema import RawSurvey
    >>> resp = pd.DataFrame({"wave": "1", "file": "f.csv", "row": [2, 3],
    ...     "respondent_raw": ["p1", "p2"], "respondent_by": "id", "complete": True,
    ...     "submitted_at": pd.NaT, "skip": ""})
    >>> noms = pd.DataFrame({"wave": "1", "file": "f.csv", "row": [2, 2, 3],
    ...     "column": ["Q_1", "Q_2", "Q_1"], "respondent_raw": ["p1", "p1", "p2"],
    ...     "topic": "ict", "raw_name": ["Bo Berg", "iemand van de pabo", "niemand"],
    ...     "target_id": "", "kind": ["name", "name", "nobody"], "weight": 1.0})
    >>> raw = RawSurvey("1", "f.csv", resp, noms, pd.DataFrame(), pd.DataFrame())
    >>> roster = pd.DataFrame({"person_id": ["p1", "p2", "p3"], "name": ["An Ek", "Bo Berg", "Cor Dik"]})
    >>> s = clean_survey(raw, roster)
    >>> s.ties[["source", "target", "match"]].values.tolist()
    [['p1', 'p2', 'exact'], ['p1', 'ext:iemand-van-de-pabo', 'external']]
    >>> s.log["reason"].tolist()
    ['nobody', 'non_respondent']
    """
    if unknown_respondent not in ("error", "log"):
        raise LeerlibError(
            f"unknown_respondent must be 'error' or 'log', not {unknown_respondent!r}"
        )
    cb = raw.codebook
    unknown = (
        unknown
        or _cb(cb, "unknown_names", default=None)
        or _cb(cb, "unknown", "names", default="external")
    )
    if unknown not in ("external", "drop"):
        raise LeerlibError(f"unknown must be 'external' or 'drop', not {unknown!r}")
    wave, file = str(raw.wave), str(raw.file)
    resp_col = str(_cb(cb, "respondent", "column", default="respondent"))
    resp = raw.respondents.copy()
    noms = raw.nominations.copy()
    for name, need, table in ((resp, ("row", "respondent_raw", "skip"), "respondents"),
                              (noms, tuple(c for c in NOMINATIONS_COLUMNS if c != "target_id"), "nominations")):  # fmt: skip
        missing = [c for c in need if c not in name.columns]
        if missing:
            raise SchemaError(f"{file}: the {table} table lacks column(s) {missing}")
    defaults = {"wave": wave, "file": file, "respondent_by": _cb(cb, "respondent", "by", default="name"),
                "complete": True, "submitted_at": pd.NaT}  # fmt: skip
    for col, val in defaults.items():
        if col not in resp.columns:
            resp[col] = val
    resp["row"] = resp["row"].astype(np.int64)
    resp["submitted_at"] = pd.to_datetime(resp["submitted_at"], errors="coerce")
    noms["row"] = noms["row"].astype(np.int64)
    if "target_id" not in noms.columns:
        noms["target_id"] = ""
    noms["raw_name"] = noms["raw_name"].fillna("").astype(str)
    noms["weight"] = pd.to_numeric(noms["weight"], errors="coerce").fillna(1.0).astype(float)

    if people is None:
        people = people_from_export(raw, resp)
        unknown_respondent = "log"
    people = prepare_people(people)
    logs = [raw.log if raw.log is not None and len(raw.log) else None]

    # 1. respondents: identify, then keep one submission per person
    ix = _build_index(people, aliases)
    resp, unknown_log = identify_respondents(resp, ix, resp_col, file, unknown_respondent)
    resolved = resolve_submissions(resp, column=resp_col)
    kept = resolved.frame[
        (_str(resolved.frame["skip"]) == "") & (resolved.frame["person_id"] != "")
    ]
    logs += [unknown_log, resolved.log]

    # 2. each nomination item's respondent row: kept, superseded, unknown or skipped
    # (an edge list's items point at their respondent's row through response_row)
    key = ["file", "row"]
    status = resp[key + ["skip", "person_id"]].drop_duplicates(key, keep="first")
    status = status.assign(kept=status.set_index(key).index.isin(kept.set_index(key).index))
    status = status.rename(columns={"row": "_resp_row"})
    noms["_resp_row"] = noms["response_row"] if "response_row" in noms.columns else noms["row"]
    noms["_resp_row"] = noms["_resp_row"].astype(np.int64)
    noms = noms.merge(status, on=["file", "_resp_row"], how="left", validate="many_to_one")
    noms["skip"] = noms["skip"].fillna("").astype(str)
    noms["person_id"] = noms["person_id"].fillna("").astype(str)
    noms["kept"] = noms["kept"].fillna(False).astype(bool)
    skipped = noms["skip"] != ""
    unknown_src = ~skipped & (noms["person_id"] == "")
    superseded = ~skipped & ~unknown_src & ~noms["kept"]
    logs.append(log_rows(noms[skipped], "dropped", "skipped_row_item",
                         ("response skipped: " + noms.loc[skipped, "skip"]).tolist()))  # fmt: skip
    logs.append(log_rows(noms[unknown_src], "dropped", "unknown_respondent_item",
                         "the respondent is not on the roster"))  # fmt: skip
    logs.append(log_rows(noms[superseded], "dropped", "duplicate_response_item",
                         "a later submission by the same respondent was kept"))  # fmt: skip
    noms = noms[noms["kept"]]
    kind = noms["kind"].astype(str)
    is_zero = (kind == "zero") | ((kind == "name") & (noms["weight"] <= 0))
    logs.append(log_rows(noms[kind == "nobody"], "dropped", "nobody", "the answer means nobody"))
    logs.append(log_rows(noms[is_zero], "dropped", "zero", "a scale answer that means no tie"))
    noms = noms[(kind == "name") & ~is_zero]
    blank = (noms["raw_name"].str.strip() == "") & (_str(noms["target_id"]) == "")
    logs.append(log_rows(noms[blank], "dropped", "empty", "an empty name"))
    noms = noms[~blank]

    # 3. match the named people (noms keeps export order: no sort needed afterwards)
    tm = _match_targets(noms, people, ix)
    method = tm["method"]
    found = np.isin(method, list(_TARGET_METHODS))
    ambiguous = method == "ambiguous"
    missing = ~found & ~ambiguous
    logs.append(log_rows(noms[ambiguous], "flagged", "ambiguous_name",
                         [_fmt_candidates(tm["candidates"][c]) for c in tm["codes"][ambiguous]]))  # fmt: skip
    # external person_ids: one slug per distinct unknown text (or the id the shape carried)
    ext_ids = np.full(len(noms), "", dtype=object)
    if missing.any():
        need = np.unique(tm["codes"][missing])
        ext_slugs = np.full(len(tm["uniques"]), "", dtype=object)
        ext_slugs[need] = [
            EXTERNAL_PREFIX + slug(u) if str(u).strip() else "" for u in tm["uniques"][need]
        ]
        ext_ids[missing] = ext_slugs[tm["codes"][missing]]
    no_text = missing & (ext_ids == "")
    if no_text.any():
        tid = noms["target_id"].fillna("").astype(str).to_numpy(dtype=object)
        ext_ids[no_text] = [EXTERNAL_PREFIX + slug(t) for t in tid[no_text]]
    if unknown == "drop":
        logs.append(log_rows(noms[missing], "dropped", "unknown_name",
                             [_fmt_candidates(tm["candidates"][c]) for c in tm["codes"][missing]]))  # fmt: skip
        take = found
    else:
        take = found | missing
    target = np.where(found, tm["target"], ext_ids)
    match = np.where(found, method, "external")
    cand = (
        noms[take]
        .assign(
            target=target[take],
            match=match[take],
            match_score=np.where(found, tm["score"], 100.0)[take],
        )
        .rename(columns={"person_id": "source"})
    )
    cand = cand.reset_index(drop=True)

    # 4. the verbs: self-ties, duplicates
    ties, verb_log = cand.pipe(drop_self_ties).pipe(merge_duplicate_ties)
    logs.append(verb_log)
    internal_cols = set(NOMINATIONS_COLUMNS) | set(TIES_COLUMNS) | {"response_row"}
    attrs = [c for c in raw.nominations.columns if c not in internal_cols]
    ties = ties[list(TIES_COLUMNS) + attrs].reset_index(drop=True)
    ties = ties.astype({"source": object, "target": object, "topic": object, "wave": object,
                        "raw_name": object, "match": object, "weight": float, "match_score": float})  # fmt: skip
    ties["wave"] = wave

    # 5. external people, responses, value
    ext_used = ties.loc[ties["match"] == "external", ["target", "raw_name"]]
    externals = (
        ext_used.groupby("target", sort=True)["raw_name"].agg(lambda s: s.value_counts().index[0])
        .rename("name").reset_index().rename(columns={"target": "person_id"})
        .assign(internal=False)
    )  # fmt: skip
    externals = externals[~externals["person_id"].isin(people["person_id"])]
    people_out = pd.concat([people, externals], ignore_index=True) if len(externals) else people
    people_out["internal"] = people_out["internal"].astype(bool)

    internal = people.loc[people["internal"], "person_id"]
    when = kept.drop_duplicates("person_id").set_index("person_id")["submitted_at"]
    responses = pd.DataFrame({"person_id": internal.to_numpy(dtype=object), "wave": wave})
    responses["responded"] = responses["person_id"].isin(kept["person_id"]).astype(bool)
    responses["submitted_at"] = pd.to_datetime(
        responses["person_id"].map(when.to_dict()).astype(object), errors="coerce"
    )
    non = responses[~responses["responded"]]
    logs.append(pd.DataFrame({"wave": wave, "file": file, "row": np.zeros(len(non), dtype=np.int64),
                              "column": "", "raw_value": non["person_id"].to_numpy(dtype=object),
                              "action": "kept", "reason": "non_respondent",
                              "detail": "on the roster, no usable response: missing data, not isolation"}))  # fmt: skip

    responses = responses[list(RESPONSES_COLUMNS) + ["submitted_at"]]
    value = _value(raw, kept, wave)
    survey = Survey(
        people=people_out.reset_index(drop=True),
        ties=ties,
        responses=responses.reset_index(drop=True),
        value=value,
        log=concat_logs(logs)[list(LOG_COLUMNS)],
        topics=_topics(cb),
        waves=[wave],
        consent_names=bool(_cb(cb, "survey", "consent_names", default=False)),
        meta={"files": [file], "codebook": _cb(cb, "path", default="")},
    )
    return survey.validate()


def _value(raw: RawSurvey, kept: pd.DataFrame, wave: str) -> pd.DataFrame:
    v = raw.value
    if v is None or v.empty or not {"row", "cycle", "item", "score"} <= set(v.columns):
        return empty_table(VALUE_COLUMNS)
    v = v.copy()
    if "file" not in v.columns:
        v["file"] = raw.file
    v["row"] = v["row"].astype(np.int64)
    v = v.merge(kept[["file", "row", "person_id"]], on=["file", "row"], how="inner")
    v = v.assign(wave=wave, score=pd.to_numeric(v["score"], errors="coerce"))
    v = v[v["score"].notna()]
    return v[list(VALUE_COLUMNS)].astype({"person_id": object, "wave": object, "cycle": object,
                                          "item": object, "score": float}).reset_index(drop=True)  # fmt: skip
