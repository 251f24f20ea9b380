"""From a RawSurvey and a roster to the tidy Survey tables: clean_survey."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leerlib.clean.index import RosterIndex
from leerlib.clean.nominations import (
    EXTERNAL_PREFIX,
    drop_non_names,
    drop_unkept_items,
    match_targets,
)
from leerlib.clean.people import identify_respondents, people_from_export, prepare_people
from leerlib.clean.verbs import (
    Cleaned,
    concat_logs,
    drop_self_ties,
    mark_kept_submissions,
    merge_duplicate_ties,
    require_columns,
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

__all__ = ["EXTERNAL_PREFIX", "clean_survey", "add_external_people", "response_table"]


def clean_survey(
    raw: RawSurvey,
    people: pd.DataFrame | None,
    aliases: pd.DataFrame | None = None,
    *,
    unknown: str | None = None,
    unknown_respondent: str = "error",
) -> Survey:
    """Turn what the reader read into the tidy tables: match, resolve, drop, merge, log.

    Steps, each a verb whose decisions are log rows: respondents are identified by id,
    e-mail or name (:func:`identify_respondents`); repeated submissions keep the latest
    complete one (:func:`mark_kept_submissions`, ``duplicate_response``); items of rows the
    reader skipped, of unknown respondents and of superseded submissions are dropped
    (:func:`drop_unkept_items`); "nobody", zero-scale and empty answers are logged
    (:func:`drop_non_names`); named people are matched (:func:`match_targets`, through
    :func:`leerlib.match_names`): ambiguous names are flagged (``ambiguous_name``,
    candidates in ``detail``) and do not become ties, unknown names become external people
    (``ext:...``, see :func:`external_ids`; ``internal=False``, match ``external``) or, with
    ``unknown="drop"``, are logged (``unknown_name``); self-ties are dropped (``self_tie``);
    duplicate ties merge with weight = max (``duplicate_tie``); every internal person without
    a usable response gets ``responded=False`` (:func:`response_table`, ``non_respondent``).

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
    unknown = unknown or (cb.unknown_names if cb is not None else None) or "external"
    if unknown not in ("external", "drop"):
        raise LeerlibError(f"unknown must be 'external' or 'drop', not {unknown!r}")
    wave, file = str(raw.wave), str(raw.file)
    resp_col = cb.respondent.column if cb is not None else "respondent"
    resp, noms = _input_tables(raw, by=cb.respondent.by if cb is not None else "name")
    if people is None:
        people = people_from_export(raw, resp)
        unknown_respondent = "log"
    people = prepare_people(people)
    index = RosterIndex.build(people, aliases)

    # respondents: identify each, then keep one submission per person
    resp, resp_log = resp.pipe(
        identify_respondents, index, column=resp_col, file=file,
        unknown_respondent=unknown_respondent,
    ).pipe(mark_kept_submissions, column=resp_col)  # fmt: skip
    kept = resp[resp["kept"]]

    # the items: of kept responses, naming someone, matched, no self-ties, no duplicates
    # (the items keep export order: no sort needed afterwards)
    ties, item_log = (
        noms.pipe(drop_unkept_items, resp)
        .pipe(drop_non_names)
        .pipe(match_targets, index, unknown=unknown)
        .pipe(drop_self_ties)
        .pipe(merge_duplicate_ties)
    )
    ties = _tie_table(ties, raw.nominations.columns, wave)

    # the people named from outside, who responded, and the value items
    responses, non_log = response_table(people, kept, wave=wave, file=file)
    logs = [raw.log if raw.log is not None and len(raw.log) else None, resp_log, item_log, non_log]
    survey = Survey(
        people=add_external_people(people, ties),
        ties=ties,
        responses=responses,
        value=_value(raw, kept, wave),
        log=concat_logs(logs)[list(LOG_COLUMNS)],
        topics=cb.topic_labels() if cb is not None else {},
        waves=[wave],
        consent_names=bool(cb.survey.consent_names) if cb is not None else False,
        meta={"files": [file], "codebook": cb.path if cb is not None else ""},
    )
    return survey.validate()


def _input_tables(raw: RawSurvey, *, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Copies of the reader's respondents and nominations, checked, with defaults filled in."""
    wave, file = str(raw.wave), str(raw.file)
    resp = raw.respondents.copy()
    noms = raw.nominations.copy()
    for name, need, table in ((resp, ("row", "respondent_raw", "skip"), "respondents"),
                              (noms, tuple(c for c in NOMINATIONS_COLUMNS if c != "target_id"), "nominations")):  # fmt: skip
        missing = [c for c in need if c not in name.columns]
        if missing:
            raise SchemaError(f"{file}: the {table} table lacks column(s) {missing}")
    defaults = {"wave": wave, "file": file, "respondent_by": by, "complete": True,
                "submitted_at": pd.NaT}  # fmt: skip
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
    return resp, noms


def _tie_table(ties: pd.DataFrame, columns, wave: str) -> pd.DataFrame:
    """The ties in the contract's columns, then the export's tie attributes (``columns``)."""
    internal_cols = set(NOMINATIONS_COLUMNS) | set(TIES_COLUMNS) | {"response_row"}
    attrs = [c for c in columns if c not in internal_cols]
    ties = ties[list(TIES_COLUMNS) + attrs].reset_index(drop=True)
    ties = ties.astype({"source": object, "target": object, "topic": object, "wave": object,
                        "raw_name": object, "match": object, "weight": float, "match_score": float})  # fmt: skip
    ties["wave"] = wave
    return ties


def add_external_people(people: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """The people table plus one row per external person the ties name.

    Parameters
    ----------
    people : DataFrame
        The roster (person_id, name, internal, attributes).
    ties : DataFrame
        Ties with target, raw_name and match; targets matched ``external`` are people
        outside the roster.

    Returns
    -------
    DataFrame
        ``people`` then the external people (sorted by person_id, ``internal=False``, the
        spelling typed most often as ``name``), index reset.

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": ["p1"], "name": ["An Ek"], "internal": True})
    >>> ties = pd.DataFrame({"target": ["ext:bo", "ext:bo", "p1"], "match": ["external"] * 2
    ...                      + ["exact"], "raw_name": ["bo", "Bo", "An Ek"]})
    >>> add_external_people(people, ties).values.tolist()
    [['p1', 'An Ek', True], ['ext:bo', 'bo', False]]
    """
    require_columns(people, ("person_id", "internal"), "add_external_people")
    require_columns(ties, ("target", "raw_name", "match"), "add_external_people")
    ext_used = ties.loc[ties["match"] == "external", ["target", "raw_name"]]
    externals = (
        ext_used.groupby("target", sort=True)["raw_name"].agg(lambda s: s.value_counts().index[0])
        .rename("name").reset_index().rename(columns={"target": "person_id"})
        .assign(internal=False)
    )  # fmt: skip
    externals = externals[~externals["person_id"].isin(people["person_id"])]
    out = pd.concat([people, externals], ignore_index=True) if len(externals) else people.copy()
    out["internal"] = out["internal"].astype(bool)
    return out.reset_index(drop=True)


def response_table(people: pd.DataFrame, kept: pd.DataFrame, *, wave: str, file: str) -> Cleaned:
    """Who responded: one row per internal person; non-respondents logged, not dropped.

    Parameters
    ----------
    people : DataFrame
        The roster (person_id, internal).
    kept : DataFrame
        The kept submissions (person_id, submitted_at), one per person.
    wave, file : str
        The survey round and the export's name, for the table and the log.

    Returns
    -------
    Cleaned
        ``responses`` (person_id, wave, responded, submitted_at) in roster order, and one
        ``kept non_respondent`` log row per internal person without a kept submission.

    Raises
    ------
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": ["p1", "p2"], "internal": True})
    >>> kept = pd.DataFrame({"person_id": ["p2"], "submitted_at": pd.to_datetime(["2025-03-01"])})
    >>> responses, log = response_table(people, kept, wave="2025", file="f.csv")
    >>> responses["responded"].tolist(), log["raw_value"].tolist()
    ([False, True], ['p1'])
    """
    require_columns(people, ("person_id", "internal"), "response_table")
    require_columns(kept, ("person_id", "submitted_at"), "response_table")
    internal = people.loc[people["internal"], "person_id"]
    when = kept.drop_duplicates("person_id").set_index("person_id")["submitted_at"]
    responses = pd.DataFrame({"person_id": internal.to_numpy(dtype=object), "wave": wave})
    responses["responded"] = responses["person_id"].isin(kept["person_id"]).astype(bool)
    responses["submitted_at"] = pd.to_datetime(
        responses["person_id"].map(when.to_dict()).astype(object), errors="coerce"
    )
    non = responses[~responses["responded"]]
    log = pd.DataFrame({"wave": wave, "file": file, "row": np.zeros(len(non), dtype=np.int64),
                        "column": "", "raw_value": non["person_id"].to_numpy(dtype=object),
                        "action": "kept", "reason": "non_respondent",
                        "detail": "on the roster, no usable response: missing data, not isolation"})  # fmt: skip
    responses = responses[list(RESPONSES_COLUMNS) + ["submitted_at"]].reset_index(drop=True)
    return Cleaned(responses, log)


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
