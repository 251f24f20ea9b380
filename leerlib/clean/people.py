"""Who is who: the people table, respondents identified against it, people from an export."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leerlib.clean.index import RosterIndex, check_roster
from leerlib.clean.matching import format_candidates, match_names
from leerlib.clean.names import normalize_name, slug
from leerlib.clean.verbs import Cleaned, as_text, empty_log, log_rows, require_columns
from leerlib.errors import RosterError
from leerlib.schema import RawSurvey

__all__ = ["RESPONDENT_METHODS", "prepare_people", "people_from_export", "identify_respondents"]

#: Match methods that identify a respondent, by the codebook's ``[respondent] by``.
RESPONDENT_METHODS = {
    "id": {"id"},
    "email": {"email", "id"},
    "name": {
        "id",
        "email",
        "exact",
        "alias",
        "normalized",
        "title",
        "hyphenated",
        "double_name",
        "initials",
        "fuzzy",
    },
}


def prepare_people(people: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a roster with clean person_id, name and internal columns.

    Parameters
    ----------
    people : DataFrame
        person_id, name, optional internal (default True) and any attributes.

    Returns
    -------
    DataFrame

    Raises
    ------
    RosterError
        A column is missing, or a person_id is empty or repeated.

    Examples
    --------
    >>> prepare_people(pd.DataFrame({"person_id": [" p1 "], "name": ["An"]})).values.tolist()
    [['p1', 'An', True]]
    """
    people = check_roster(people).copy()
    people["person_id"] = as_text(people["person_id"])
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


def people_from_export(raw: RawSurvey, respondents: pd.DataFrame) -> pd.DataFrame:
    """People when there is no roster: roster-matrix labels, then the respondents.

    Parameters
    ----------
    raw : RawSurvey
        The export; ``raw.people_hint`` holds roster-matrix column labels (name, target_id).
    respondents : DataFrame
        The export's respondent rows (respondent_raw, respondent_by, skip).

    Returns
    -------
    DataFrame
        person_id, name, internal=True: matrix targets (id, or a slug of the name), then every
        usable respondent not among them (id as given, e-mail case-folded, or a name slug).
    """
    hint = raw.people_hint
    if hint is not None and len(hint):
        hint = hint.copy()
        if "person_id" not in hint.columns:
            # the reader gives name, target_id (roster-matrix ids) and column
            tid = (
                as_text(hint["target_id"])
                if "target_id" in hint.columns
                else pd.Series("", index=hint.index)
            )
            made = hint["name"].fillna("").astype(str).map(lambda n: slug(normalize_name(n)))
            hint["person_id"] = tid.where(tid != "", made)
        hint = hint.drop_duplicates("person_id")[["person_id", "name"]]
        base = prepare_people(hint)
    else:
        base = pd.DataFrame(
            {
                "person_id": pd.Series([], dtype=object),
                "name": pd.Series([], dtype=object),
                "internal": pd.Series([], dtype=bool),
            }
        )
    usable = respondents[
        (as_text(respondents["skip"]) == "") & (as_text(respondents["respondent_raw"]) != "")
    ]
    names = list(dict.fromkeys(as_text(usable["respondent_raw"])))
    by = dict(
        zip(as_text(usable["respondent_raw"]), as_text(usable["respondent_by"]), strict=False)
    )
    if len(base):
        found = match_names(names, base)
        names = [n for n, pid in zip(names, found["person_id"], strict=True) if not pid]
    new_ids, new_names, taken = [], [], set(base["person_id"])
    for n in names:
        kind = by.get(n, "name")
        pid = n if kind == "id" else n.casefold() if kind == "email" else slug(normalize_name(n))
        if pid not in taken:
            taken.add(pid)
            new_ids.append(pid)
            new_names.append(n.split("@")[0] if kind == "email" else n)
    extra = pd.DataFrame({"person_id": new_ids, "name": new_names, "internal": True})
    return (
        pd.concat([base, extra], ignore_index=True)
        if len(base)
        else extra.astype({"person_id": object, "name": object, "internal": bool})
    )


def identify_respondents(
    respondents: pd.DataFrame,
    index: RosterIndex,
    *,
    column: str,
    file: str,
    unknown_respondent: str = "error",
) -> Cleaned:
    """Add person_id to usable respondent rows (matched by id, e-mail or name).

    Parameters
    ----------
    respondents : DataFrame
        RESPONDENTS_COLUMNS rows of one export.
    index : RosterIndex
        The roster index (built once per clean).
    column, file : str
        The respondent column's header and the export's name, for messages and log rows.
    unknown_respondent : {"error", "log"}
        What to do with a respondent who is not on the roster.

    Returns
    -------
    Cleaned
        The respondents with ``person_id`` ("" when unknown or skipped), and the log rows
        ``dropped unknown_respondent``.

    Raises
    ------
    RosterError
        With ``unknown_respondent="error"``: the first unknown respondent, naming file, row
        and column.
    SchemaError
        If a needed column is missing.

    Examples
    --------
    >>> ix = RosterIndex.build(pd.DataFrame({"person_id": ["p1"], "name": ["An Ek"]}))
    >>> r = pd.DataFrame({"wave": "1", "file": "f.csv", "row": [2, 3],
    ...     "respondent_raw": ["An Ek", "Bo"], "respondent_by": "name", "skip": ""})
    >>> out, log = identify_respondents(r, ix, column="naam", file="f.csv",
    ...                                 unknown_respondent="log")
    >>> out["person_id"].tolist(), log["reason"].tolist()
    (['p1', ''], ['unknown_respondent'])
    """
    require_columns(
        respondents,
        ("wave", "file", "row", "respondent_raw", "respondent_by", "skip"),
        "identify_respondents",
    )
    resp_col, ix = column, index
    r = respondents.copy()
    r["person_id"] = ""
    usable = (as_text(r["skip"]) == "").to_numpy()
    raw = as_text(r["respondent_raw"])
    by = as_text(r["respondent_by"]).replace("", "name")
    m = match_names(raw[usable].tolist(), ix)
    pid = m["person_id"].to_numpy(dtype=object)
    ok = np.array(
        [
            meth in RESPONDENT_METHODS.get(b, RESPONDENT_METHODS["name"])
            for meth, b in zip(m["method"], by[usable], strict=True)
        ],
        dtype=bool,
    )
    pid = np.where(ok, pid, "")
    r.loc[usable, "person_id"] = pid
    bad = np.flatnonzero(~ok)
    if bad.size == 0:
        return Cleaned(r, empty_log())
    rows = r[usable].iloc[bad]
    why = [
        f"respondent {n!r} ({b}) is not on the roster: {meth}; {format_candidates(c)}"
        for n, b, meth, c in zip(
            rows["respondent_raw"],
            by[usable].iloc[bad],
            m["method"].iloc[bad],
            m["candidates"].iloc[bad],
            strict=True,
        )
    ]
    if unknown_respondent == "error":
        first = rows.iloc[0]
        raise RosterError(
            why[0] + "; add them to the roster or an alias, or load with unknown_respondent='log'",
            file=file,
            row=int(first["row"]),
            column=resp_col,
        )
    log = log_rows(
        rows.assign(column=resp_col),
        "dropped",
        "unknown_respondent",
        why,
        raw_value="respondent_raw",
    )
    return Cleaned(r, log)
