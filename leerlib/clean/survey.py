"""From a RawSurvey and a roster to the tidy Survey tables: clean_survey, load_survey, combine_waves."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from leerlib.clean.matching import _as_roster, _build_index, _match, match_names
from leerlib.clean.names import normalize_name, slug
from leerlib.clean.verbs import (
    concat_logs,
    drop_self_ties,
    empty_log,
    log_rows,
    merge_duplicate_ties,
    resolve_submissions,
)
from leerlib.errors import LeerlibError, RosterError, SchemaError
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

__all__ = ["EXTERNAL_PREFIX", "clean_survey", "load_survey", "combine_waves"]

#: person_id prefix of people named in the export but not on the roster.
EXTERNAL_PREFIX = "ext:"

_RESPONDENT_METHODS = {
    "id": {"id"},
    "email": {"email", "id"},
    "name": {"id", "email", "exact", "alias", "normalized", "fuzzy"},
}
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


def _str(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str).str.strip()


def _fmt_candidates(cands) -> str:
    if not cands:
        return "no candidate on the roster"
    return "candidates: " + ", ".join(f"{pid} ({score:g})" for pid, score in cands)


def _prepare_people(people: pd.DataFrame) -> pd.DataFrame:
    people = _as_roster(people).copy()
    people["person_id"] = _str(people["person_id"])
    empty = people["person_id"] == ""
    if empty.any():
        raise RosterError(
            f"roster: person_id is empty in table row {int(np.flatnonzero(empty)[0])}"
        )
    people["name"] = people["name"].fillna("").astype(str)
    if "internal" not in people.columns:
        people["internal"] = True
    people["internal"] = people["internal"].fillna(True).astype(bool)
    return people.reset_index(drop=True)


def _people_from_export(raw: RawSurvey, respondents: pd.DataFrame) -> pd.DataFrame:
    """People when there is no roster: roster-matrix labels, then the respondents."""
    hint = raw.people_hint
    if hint is not None and len(hint):
        hint = hint.copy()
        if "person_id" not in hint.columns:
            # the reader gives name, target_id (roster-matrix ids) and column
            tid = (
                _str(hint["target_id"])
                if "target_id" in hint.columns
                else pd.Series("", index=hint.index)
            )
            made = hint["name"].fillna("").astype(str).map(lambda n: slug(normalize_name(n)))
            hint["person_id"] = tid.where(tid != "", made)
        hint = hint.drop_duplicates("person_id")[["person_id", "name"]]
        base = _prepare_people(hint)
    else:
        base = pd.DataFrame({"person_id": pd.Series([], dtype=object),
                             "name": pd.Series([], dtype=object), "internal": pd.Series([], dtype=bool)})  # fmt: skip
    usable = respondents[
        (_str(respondents["skip"]) == "") & (_str(respondents["respondent_raw"]) != "")
    ]
    names = list(dict.fromkeys(_str(usable["respondent_raw"])))
    by = dict(zip(_str(usable["respondent_raw"]), _str(usable["respondent_by"]), strict=False))
    if len(base):
        found = match_names(names, base)
        names = [n for n, pid in zip(names, found["person_id"], strict=True) if not pid]
    new_ids, new_names = [], []
    for n in names:
        kind = by.get(n, "name")
        pid = n if kind == "id" else n.casefold() if kind == "email" else slug(normalize_name(n))
        if pid not in new_ids and pid not in set(base["person_id"]):
            new_ids.append(pid)
            new_names.append(n.split("@")[0] if kind == "email" else n)
    extra = pd.DataFrame({"person_id": new_ids, "name": new_names, "internal": True})
    return (
        pd.concat([base, extra], ignore_index=True)
        if len(base)
        else extra.astype({"person_id": object, "name": object, "internal": bool})
    )


def _identify(respondents, ix, resp_col, file, unknown_respondent):
    """Add person_id to usable respondent rows; returns (respondents, log of unknown ones)."""
    r = respondents.copy()
    r["person_id"] = ""
    usable = (_str(r["skip"]) == "").to_numpy()
    raw = _str(r["respondent_raw"])
    by = _str(r["respondent_by"]).replace("", "name")
    m = _match(ix, raw[usable].tolist())
    pid = m["person_id"].to_numpy(dtype=object)
    ok = np.array([meth in _RESPONDENT_METHODS.get(b, _RESPONDENT_METHODS["name"])
                   for meth, b in zip(m["method"], by[usable], strict=True)], dtype=bool)  # fmt: skip
    pid = np.where(ok, pid, "")
    r.loc[usable, "person_id"] = pid
    bad = np.flatnonzero(~ok)
    if bad.size == 0:
        return r, empty_log()
    rows = r[usable].iloc[bad]
    why = [
        f"respondent {n!r} ({b}) is not on the roster: {meth}; {_fmt_candidates(c)}"
        for n, b, meth, c in zip(rows["respondent_raw"], by[usable].iloc[bad], m["method"].iloc[bad],
                                 m["candidates"].iloc[bad], strict=True)
    ]  # fmt: skip
    if unknown_respondent == "error":
        first = rows.iloc[0]
        raise RosterError(
            why[0] + "; add them to the roster or an alias, or load with unknown_respondent='log'",
            file=file, row=int(first["row"]), column=resp_col,
        )  # fmt: skip
    log = log_rows(rows.assign(column=resp_col), "dropped", "unknown_respondent", why,
                   raw_value="respondent_raw")  # fmt: skip
    return r, log


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
        people = _people_from_export(raw, resp)
        unknown_respondent = "log"
    people = _prepare_people(people)
    logs = [raw.log if raw.log is not None and len(raw.log) else None]

    # 1. respondents: identify, then keep one submission per person
    ix = _build_index(people, aliases)
    resp, unknown_log = _identify(resp, ix, resp_col, file, unknown_respondent)
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
    # external person_ids: one slug per distinct text (or the id the shape carried)
    ext_slugs = np.array(
        [EXTERNAL_PREFIX + slug(u) if str(u).strip() else "" for u in tm["uniques"]], dtype=object
    )
    ext_ids = ext_slugs[tm["codes"]] if len(noms) else np.array([], dtype=object)
    no_text = ext_ids == ""
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


def load_survey(
    survey_path: str | PathLike,
    roster_path: str | PathLike | None,
    codebook_path: str | PathLike,
    aliases: str | PathLike | pd.DataFrame | None = None,
    *,
    unknown_respondent: str = "error",
) -> Survey:
    """Read an export, its roster and codebook, and clean them in one call.

    Parameters
    ----------
    survey_path : path
        The survey export (CSV, XLSX; see docs/codebook.md for the shapes).
    roster_path : path or None
        The staff list; None takes people from the export itself.
    codebook_path : path
        The codebook (TOML) describing the export.
    aliases : path or DataFrame, optional
        Alias table (alias, person_id) as a file or a DataFrame.
    unknown_respondent : {"error", "log"}
        See :func:`clean_survey`.

    Returns
    -------
    Survey

    Raises
    ------
    LeerlibError
        Any unreadable or inconsistent input (a subclass names file, row and column).

    Examples
    --------
    >>> import leerlib
    >>> paths = leerlib.sample_paths()  # doctest: +SKIP
    >>> s = load_survey(paths["round1"], paths["roster"], paths["codebook1"])  # doctest: +SKIP
    """
    from leerlib import io

    codebook = io.read_codebook(codebook_path)
    raw = io.read_export(survey_path, codebook)
    people = io.read_roster(roster_path, codebook) if roster_path is not None else None
    if aliases is not None and not isinstance(aliases, pd.DataFrame):
        aliases = io.read_aliases(aliases)
    survey = clean_survey(raw, people, aliases, unknown_respondent=unknown_respondent)
    survey.meta.update({"survey_path": Path(survey_path).name,
                        "roster_path": None if roster_path is None else Path(roster_path).name,
                        "codebook_path": Path(codebook_path).name})  # fmt: skip
    return survey


def combine_waves(*surveys: Survey) -> Survey:
    """Stack survey rounds: people united by person_id (latest attributes win), tables joined.

    Parameters
    ----------
    *surveys : Survey
        Cleaned rounds, in any order (waves are sorted as strings).

    Returns
    -------
    Survey

    Raises
    ------
    LeerlibError
        If no survey is given or a wave appears twice.

    Examples
    --------
    >>> p = lambda n: pd.DataFrame({"person_id": ["a", "b"], "name": ["A", n], "internal": True})
    >>> s1 = Survey(p("Bo"), empty_table(TIES_COLUMNS), empty_table(RESPONSES_COLUMNS),
    ...             empty_table(VALUE_COLUMNS), empty_log(), waves=["2025"])
    >>> s2 = Survey(p("Bo Berg"), empty_table(TIES_COLUMNS), empty_table(RESPONSES_COLUMNS),
    ...             empty_table(VALUE_COLUMNS), empty_log(), waves=["2026"])
    >>> both = combine_waves(s2, s1)
    >>> both.waves, both.people["name"].tolist()
    (['2025', '2026'], ['A', 'Bo Berg'])
    """
    if not surveys:
        raise LeerlibError("combine_waves: give at least one Survey")
    waves = [w for s in surveys for w in s.waves]
    if len(set(waves)) != len(waves):
        raise LeerlibError(
            f"combine_waves: a wave appears in more than one survey: {sorted(waves)}"
        )
    ordered = sorted(surveys, key=lambda s: min(s.waves) if s.waves else "")

    def cat(name):
        parts = [getattr(s, name) for s in ordered if len(getattr(s, name))]
        return pd.concat(parts, ignore_index=True) if parts else getattr(ordered[0], name).copy()

    people = cat("people").drop_duplicates("person_id", keep="last")
    topics: dict = {}
    for s in ordered:
        topics.update(s.topics)
    meta = {"waves": {w: s.meta for s in ordered for w in s.waves}}
    return Survey(
        people=people.sort_values("person_id", kind="stable").reset_index(drop=True),
        ties=cat("ties"),
        responses=cat("responses"),
        value=cat("value"),
        log=cat("log"),
        topics=topics,
        waves=sorted(waves),
        consent_names=all(s.consent_names for s in ordered),
        meta=meta,
    )
