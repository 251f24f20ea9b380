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
    read_nobody_ids,
)
from leerlib.clean.people import identify_respondents, people_from_export, prepare_people
from leerlib.clean.verbs import (
    Cleaned,
    as_text,
    concat_logs,
    drop_self_ties,
    mark_kept_submissions,
    merge_duplicate_ties,
    require_columns,
    symmetrize_ties,
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

__all__ = [
    "EXTERNAL_PREFIX",
    "RESPONDED_IF",
    "clean_survey",
    "add_external_people",
    "named_members",
    "responded_rows",
    "response_table",
]

#: ``[respondent] responded_if``: which kept submissions are a response (see
#: :func:`responded_rows`).
RESPONDED_IF = ("any_nomination", "any_answer", "complete")


def clean_survey(
    raw: RawSurvey,
    people: pd.DataFrame | None,
    aliases: pd.DataFrame | None = None,
    *,
    unknown: str | None = None,
    unknown_respondent: str = "error",
    context=None,
) -> Survey:
    """Turn what the reader read into the tidy tables: match, resolve, drop, merge, log.

    Steps, each a verb whose decisions are log rows: respondents are identified by id,
    e-mail or name (:func:`identify_respondents`); repeated submissions keep the latest
    complete one (:func:`mark_kept_submissions`, ``duplicate_response``); items of rows the
    reader skipped, of unknown respondents and of superseded submissions are dropped
    (:func:`drop_unkept_items`); a "nobody" word that is a known id in an id question
    names that person (:func:`read_nobody_ids`, which flags such words); "nobody",
    missing-value, zero-scale and empty answers are logged (:func:`drop_non_names`); named people are matched (:func:`match_targets`, through
    :func:`leerlib.match_names`): ambiguous names are flagged (``ambiguous_name``,
    candidates in ``detail``) and do not become ties, unknown names become external people
    (``ext:...``, see :func:`external_ids`; ``internal=False``, match ``external``) or, with
    ``unknown="drop"``, are logged (``unknown_name``); self-ties are dropped (``self_tie``);
    duplicate ties merge with weight = max (``duplicate_tie``); the ties of a relation the
    codebook declares undirected (``directed = false``) become one tie per pair
    (:func:`symmetrize_ties`: ``undirected_pair``, ``unreciprocated``) and the ties table gets
    a bool column ``directed``; every internal person without
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
    context : bool or tuple of str, optional
        The respondent context (opt-in, see docs/matching.md): True compares ("team",
        "school"), a tuple names the roster columns, narrowest first; False or () is off.
        Default: the codebook's ``[names] context``, else off.

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
    if raw.codebook is not None and len(raw.codebook.waves()) > 1:
        return _clean_waves(
            raw,
            people,
            aliases,
            unknown=unknown,
            unknown_respondent=unknown_respondent,
            context=context,
        )
    if "network" in raw.respondents.columns:
        return _clean_networks(
            raw,
            people,
            aliases,
            unknown=unknown,
            unknown_respondent=unknown_respondent,
            context=context,
        )
    cb = raw.codebook
    context = _context_columns(context, cb)
    unknown = unknown or (cb.unknown_names if cb is not None else None) or "external"
    if unknown not in ("external", "drop"):
        raise LeerlibError(f"unknown must be 'external' or 'drop', not {unknown!r}")
    wave, file = str(raw.wave), str(raw.file)
    resp_col = cb.respondent.column if cb is not None else "respondent"
    resp, noms = _input_tables(raw, by=cb.respondent.by if cb is not None else "name")
    undirected = cb.undirected_topics() if cb is not None else {}
    population = cb.population if cb is not None else "respondents+named"
    no_roster = people is None
    if no_roster:
        people = people_from_export(raw, resp)
        if population == "respondents+named":
            people = named_members(people, noms, resp)
        unknown_respondent = "log"
    people = prepare_people(people)
    index = RosterIndex.build(
        people, aliases, name_forms=cb.names.variants if cb is not None else None
    )

    # respondents: identify each, then keep one submission per person
    resp, resp_log = resp.pipe(
        identify_respondents,
        index,
        column=resp_col,
        file=file,
        unknown_respondent=unknown_respondent,
    ).pipe(mark_kept_submissions, column=resp_col)
    kept = resp[resp["kept"]]

    # the items: of kept responses, naming someone, matched, no self-ties, no duplicates
    # (the items keep export order: no sort needed afterwards)
    ties, item_log = (
        noms.pipe(drop_unkept_items, resp)
        .pipe(read_nobody_ids, people, nobody=cb.nobody if cb is not None else ())
        .pipe(drop_non_names)
        .pipe(match_targets, index, unknown=unknown, context=context)
        .pipe(drop_self_ties)
        .pipe(merge_duplicate_ties)
        .pipe(symmetrize_ties, undirected)
    )
    ties = _tie_table(ties, raw.nominations.columns, wave)

    # the people named from outside (members when there is no staff list and the boundary is
    # respondents+named), who responded, and the value items
    people = add_external_people(people, ties)
    if no_roster and population == "respondents+named":
        people["internal"] = True
    responded_if = cb.respondent.responded_if if cb is not None else "any_nomination"
    answered = responded_rows(kept, noms, raw.value, rule=responded_if)
    responses, non_log = response_table(people, answered, wave=wave, file=file)
    logs = [raw.log if raw.log is not None and len(raw.log) else None, resp_log, item_log, non_log]
    survey = Survey(
        people=people,
        ties=ties,
        responses=responses,
        value=_value(raw, kept, wave),
        log=concat_logs(logs)[list(LOG_COLUMNS)],
        topics=cb.topic_labels() if cb is not None else {},
        waves=[wave],
        consent_names=bool(cb.survey.consent_names) if cb is not None else False,
        meta={
            "files": [file],
            "codebook": cb.path if cb is not None else "",
            "staff_list": not no_roster,
            "population": population if no_roster else "staff list",
            "responded_if": responded_if,
            "undirected": dict(undirected),
        },
    )
    return survey.validate()


def _clean_waves(raw: RawSurvey, people, aliases, **kw) -> Survey:
    """Clean several survey rounds in one wide file, each on its own, and stack them.

    The rounds are given by a ``wave`` on nomination blocks and value items; each is cleaned
    from the same rows and the rounds are stacked (:func:`leerlib.combine_waves`).

    Who responded is decided per round (``[respondent] responded_if`` on that round's
    answers). The reader's row-level log rows (blank rows, skipped statuses, filtered rows)
    concern the file and are kept once, with the first round whose label they carry, else
    the first round.
    """
    import dataclasses

    from leerlib.clean.combine import combine_waves

    cb = raw.codebook
    waves = cb.waves()
    first = raw.wave if raw.wave in waves else waves[0]
    noms, value = raw.nominations, raw.value
    parts = []
    for w in waves:
        own = cb.survey.wave

        def mine(x, w=w, own=own):
            return (x.wave or own) == w

        cb_w = dataclasses.replace(
            cb,
            survey=dataclasses.replace(cb.survey, wave=w),
            nominations=tuple(b for b in cb.nominations if mine(b)),
            value=tuple(v for v in cb.value if mine(v)),
        )
        v = value
        if v is not None and len(v) and "wave" in v.columns:
            v = v[v["wave"].astype(str) == w].drop(columns="wave").reset_index(drop=True)
        log = raw.log.assign(wave=w) if w == first and raw.log is not None else raw.log.iloc[0:0]
        sub = dataclasses.replace(
            raw,
            wave=w,
            nominations=noms[noms["wave"].astype(str) == w].reset_index(drop=True),
            value=v,
            log=log,
            codebook=cb_w,
        )
        parts.append(clean_survey(sub, people, aliases, **kw))
    survey = combine_waves(*parts)
    undirected: dict = {}
    for part in parts:
        undirected.update(part.meta.get("undirected", {}))
    survey.meta = {
        **parts[0].meta,
        "undirected": undirected,
        "waves": survey.meta["waves"],
        "wide_waves": list(waves),
    }
    return survey.validate()


def _context_columns(context, cb) -> tuple:
    """Return the respondent context's roster columns: the argument, else the codebook, else off."""
    if context is None:
        return tuple(cb.names.context) if cb is not None else ()
    if context is True:
        return ("team", "school")
    if context is False:
        return ()
    if isinstance(context, str) or not all(isinstance(c, str) for c in context):
        raise LeerlibError(
            f"context must be True, False or a tuple of roster columns, not {context!r}"
        )
    return tuple(context)


#: Separator between a network's name and an id in a composite person_id ("3/17").
NETWORK_SEP = "/"


def _clean_networks(raw: RawSurvey, people, aliases, **kw) -> Survey:
    """Clean several networks in one export (``[survey] network_by``), each on its own.

    Ids, names and repeated submissions are resolved within a network; the results are
    stacked with composite person_ids ``<network>/<id>`` and a ``network`` column on people,
    ties and responses.

    A staff list that has the network_by columns is split the same way; one without them
    serves every network.
    """
    import dataclasses

    resp, noms = raw.respondents, raw.nominations
    nets = list(dict.fromkeys(resp["network"].astype(str)))
    by = raw.codebook.survey.network_by if raw.codebook is not None else ()
    parts, rows = [], {}
    for net in nets:
        r = resp[resp["network"].astype(str) == net].drop(columns="network")
        n = noms[noms["network"].astype(str) == net].drop(columns="network")
        v = raw.value
        if v is not None and len(v) and "row" in v.columns:
            v = v[v["row"].isin(set(r["row"]))]
        staff = people
        if people is not None and all(c in people.columns for c in by):
            key = people[list(by)].astype(str).agg("/".join, axis=1)
            staff = people[key == net].reset_index(drop=True)
        sub = dataclasses.replace(
            raw,
            respondents=r.reset_index(drop=True),
            nominations=n.reset_index(drop=True),
            value=v,
            log=raw.log.iloc[0:0],
        )
        s = clean_survey(sub, staff, aliases, **kw)
        rows[net] = sorted(set(r["row"].astype(int)))
        parts.append((net, s))

    def composite(net, ids):
        return (net + NETWORK_SEP + ids.astype(str)).astype(object)

    tables = {"people": [], "ties": [], "responses": [], "value": [], "log": [raw.log]}
    for net, s in parts:
        pe = s.people.assign(person_id=composite(net, s.people["person_id"]), network=net)
        ti = s.ties.assign(
            source=composite(net, s.ties["source"]),
            target=composite(net, s.ties["target"]),
            network=net,
        )
        re = s.responses.assign(person_id=composite(net, s.responses["person_id"]), network=net)
        va = s.value.assign(person_id=composite(net, s.value["person_id"]))
        tables["people"].append(pe)
        tables["ties"].append(ti)
        tables["responses"].append(re)
        tables["value"].append(va)
        lg = s.log.copy()
        about = lg["reason"] == "non_respondent"
        lg.loc[about, "raw_value"] = composite(net, lg.loc[about, "raw_value"])
        tables["log"].append(lg)
    first = parts[0][1] if parts else None
    out = {
        k: pd.concat([t for t in v if t is not None and len(t)] or [v[-1]], ignore_index=True)
        for k, v in tables.items()
    }
    out["log"] = concat_logs(tables["log"])[list(LOG_COLUMNS)]
    meta = dict(first.meta) if first is not None else {}
    meta.update(network_by=list(by), network_rows=rows)
    survey = Survey(
        people=out["people"],
        ties=out["ties"],
        responses=out["responses"],
        value=out["value"],
        log=out["log"],
        topics=first.topics if first else {},
        waves=[str(raw.wave)],
        consent_names=first.consent_names if first else False,
        meta=meta,
    )
    return survey.validate()


def _input_tables(raw: RawSurvey, *, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return copies of the reader's respondents and nominations, checked, with defaults filled in."""
    wave, file = str(raw.wave), str(raw.file)
    resp = raw.respondents.copy()
    noms = raw.nominations.copy()
    for name, need, table in (
        (resp, ("row", "respondent_raw", "skip"), "respondents"),
        (noms, tuple(c for c in NOMINATIONS_COLUMNS if c != "target_id"), "nominations"),
    ):
        missing = [c for c in need if c not in name.columns]
        if missing:
            raise SchemaError(f"{file}: the {table} table lacks column(s) {missing}")
    defaults = {
        "wave": wave,
        "file": file,
        "respondent_by": by,
        "complete": True,
        "submitted_at": pd.NaT,
    }
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
    """Return the ties in the contract's columns, then the export's tie attributes (``columns``)."""
    internal_cols = set(NOMINATIONS_COLUMNS) | set(TIES_COLUMNS) | {"response_row"}
    attrs = [c for c in columns if c not in internal_cols]
    if "directed" in ties.columns and "directed" not in attrs:  # an undirected relation's flag
        attrs.append("directed")
    ties = ties[list(TIES_COLUMNS) + attrs].reset_index(drop=True)
    ties = ties.astype(
        {
            "source": object,
            "target": object,
            "topic": object,
            "wave": object,
            "raw_name": object,
            "match": object,
            "weight": float,
            "match_score": float,
        }
    )
    ties["wave"] = wave
    return ties


def add_external_people(people: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """Return the people table plus one row per external person the ties name.

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
        ext_used.groupby("target", sort=True)["raw_name"]
        .agg(lambda s: s.value_counts().index[0])
        .rename("name")
        .reset_index()
        .rename(columns={"target": "person_id"})
        .assign(internal=False)
    )
    externals = externals[~externals["person_id"].isin(people["person_id"])]
    out = pd.concat([people, externals], ignore_index=True) if len(externals) else people.copy()
    out["internal"] = out["internal"].astype(bool)
    return out.reset_index(drop=True)


def named_members(
    people: pd.DataFrame, items: pd.DataFrame, respondents: pd.DataFrame
) -> pd.DataFrame:
    """People from an export plus everyone named by id in a usable response (no staff list).

    With ``[population] from = "respondents+named"`` a classmate named by id who did not
    respond is a member of the network who did not respond, not an outsider.

    Parameters
    ----------
    people : DataFrame
        person_id, name, internal: the people taken from the export.
    items : DataFrame
        The nomination items (kind, target_id, file, row, optional response_row).
    respondents : DataFrame
        The respondent rows (file, row, skip, respondent_raw).

    Returns
    -------
    DataFrame
        ``people`` then one row per new id (person_id = name = the id, internal True), in
        order of first mention.

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": ["1"], "name": ["1"], "internal": True})
    >>> items = pd.DataFrame({"file": "f", "row": [2, 2, 3], "kind": ["name", "name", "name"],
    ...                       "target_id": ["7", "1", "8"]})
    >>> resp = pd.DataFrame({"file": "f", "row": [2, 3], "skip": ["", "status_skipped"],
    ...                      "respondent_raw": ["1", "2"]})
    >>> named_members(people, items, resp)["person_id"].tolist()
    ['1', '7']
    """
    if not len(items) or "target_id" not in items.columns:
        return people
    usable = respondents[
        (as_text(respondents["skip"]) == "") & (as_text(respondents["respondent_raw"]) != "")
    ]
    ok = set(zip(usable["file"].astype(str), usable["row"].astype(np.int64), strict=True))
    rrow = items["response_row"] if "response_row" in items.columns else items["row"]
    from_usable = np.array(
        [(f, int(r)) in ok for f, r in zip(items["file"].astype(str), rrow, strict=True)],
        dtype=bool,
    )
    tid = as_text(items["target_id"])
    named = tid[
        from_usable & (items["kind"].astype(str) == "name").to_numpy() & (tid != "").to_numpy()
    ]
    new = [t for t in dict.fromkeys(named) if t not in set(as_text(people["person_id"]))]
    if not new:
        return people
    extra = pd.DataFrame({"person_id": new, "name": new, "internal": True})
    return pd.concat([people, extra], ignore_index=True)


def responded_rows(
    kept: pd.DataFrame,
    items: pd.DataFrame,
    value: pd.DataFrame | None,
    *,
    rule: str = "any_nomination",
) -> pd.DataFrame:
    """Return the kept submissions that count as a response under ``[respondent] responded_if``.

    ``any_nomination`` (default): the row answers at least one network question (an item
    that names someone, "nobody", or a zero answer; a missing-value code is no answer).
    ``any_answer``: that, or an answer to a value item. ``complete``: the export's
    completeness column says complete (every row, without one).

    Parameters
    ----------
    kept : DataFrame
        The kept submissions (file, row, complete, person_id, ...), one per person.
    items : DataFrame
        The export's nomination items (file, row, kind, optional response_row).
    value : DataFrame or None
        The export's value answers (file, row).
    rule : {"any_nomination", "any_answer", "complete"}

    Returns
    -------
    DataFrame
        The rows of ``kept`` that responded.

    Raises
    ------
    LeerlibError
        An unknown rule.

    Examples
    --------
    >>> kept = pd.DataFrame({"file": "f", "row": [2, 3, 4], "complete": [True, True, False],
    ...                      "person_id": ["a", "b", "c"]})
    >>> items = pd.DataFrame({"file": "f", "row": [2, 3, 4], "kind": ["name", "missing", "nobody"]})
    >>> [responded_rows(kept, items, None, rule=r)["person_id"].tolist() for r in RESPONDED_IF]
    [['a', 'c'], ['a', 'c'], ['a', 'b']]
    """
    if rule not in RESPONDED_IF:
        raise LeerlibError(f"responded_if must be one of {list(RESPONDED_IF)}, not {rule!r}")
    if rule == "complete":
        return kept[kept["complete"].astype(bool)] if "complete" in kept.columns else kept

    def rows_of(df, row_col="row"):
        if df is None or not len(df) or "row" not in df.columns:
            return set()
        files = df["file"].astype(str) if "file" in df.columns else pd.Series("", index=df.index)
        return set(zip(files, df[row_col].astype(np.int64), strict=True))

    answers = items[items["kind"].astype(str).isin(("name", "nobody", "zero"))]
    hit = rows_of(answers, "response_row" if "response_row" in answers.columns else "row")
    if rule == "any_answer" and value is not None and len(value):
        v = (
            value
            if "file" in value.columns
            else value.assign(file=kept["file"].iloc[0] if len(kept) else "")
        )
        hit |= rows_of(v)
    mask = [(f, int(r)) in hit for f, r in zip(kept["file"].astype(str), kept["row"], strict=True)]
    return kept[np.array(mask, dtype=bool)]


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
    log = pd.DataFrame(
        {
            "wave": wave,
            "file": file,
            "row": np.zeros(len(non), dtype=np.int64),
            "column": "",
            "raw_value": non["person_id"].to_numpy(dtype=object),
            "action": "kept",
            "reason": "non_respondent",
            "detail": "a member (on the staff list, or named) without a response: missing data, "
            "not isolation",
        }
    )
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
    return (
        v[list(VALUE_COLUMNS)]
        .astype(
            {"person_id": object, "wave": object, "cycle": object, "item": object, "score": float}
        )
        .reset_index(drop=True)
    )
