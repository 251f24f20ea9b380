"""The tidy tables of the data contract, their validation, and the Survey bundle."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from leerlib.errors import SchemaError

if TYPE_CHECKING:  # a type only: the layers run schema -> io, never back
    from leerlib.io.codebook import Codebook

__all__ = [
    "PEOPLE_COLUMNS",
    "TIES_COLUMNS",
    "RESPONSES_COLUMNS",
    "VALUE_COLUMNS",
    "LOG_COLUMNS",
    "NOMINATIONS_COLUMNS",
    "RESPONDENTS_COLUMNS",
    "MATCH_METHODS",
    "LOG_ACTIONS",
    "CYCLES",
    "empty_table",
    "validate_people",
    "validate_ties",
    "validate_responses",
    "validate_value",
    "validate_log",
    "RawSurvey",
    "Survey",
]

#: people: one row per person, internal (on the roster) or external. Roster
#: attributes (department, team, role, ...) follow as extra columns.
PEOPLE_COLUMNS = {"person_id": "str", "name": "str", "internal": "bool"}

#: ties: one row per (source, target, topic, wave); source turns to target.
TIES_COLUMNS = {
    "source": "str",
    "target": "str",
    "topic": "str",
    "wave": "str",
    "weight": "float",
    "raw_name": "str",
    "match": "str",
    "match_score": "float",
}

RESPONSES_COLUMNS = {"person_id": "str", "wave": "str", "responded": "bool"}
VALUE_COLUMNS = {
    "person_id": "str",
    "wave": "str",
    "cycle": "str",
    "item": "str",
    "score": "float",
}
LOG_COLUMNS = {
    "wave": "str",
    "file": "str",
    "row": "int",
    "column": "str",
    "raw_value": "str",
    "action": "str",
    "reason": "str",
    "detail": "str",
}

#: Intermediate table from ``leerlib.io`` to ``leerlib.clean``: one row per
#: nomination *item* (a multi-select cell with three names gives three rows with
#: the same file, row and column). ``kind`` is "name" (a person was named),
#: "nobody" (an answer that means nobody), "missing" (a missing-value code such as R's
#: NA: the cell is empty in truth) or "zero" (a scale answer that means
#: no tie, e.g. "never"). ``target_id`` is set when the shape itself carries the
#: roster id (a roster matrix whose column maps to an id, an edge list of ids).
#: Tie attributes from the codebook (frequency, usefulness, ...) are extra
#: columns holding the raw label; ``weight`` holds the codebook weight (1.0 if
#: none applies). The reader adds ``response_row``, the respondents row an item
#: belongs to (equal to ``row`` except in an edge list); see docs/codebook.md.
NOMINATIONS_COLUMNS = {
    "wave": "str",
    "file": "str",
    "row": "int",
    "column": "str",
    "respondent_raw": "str",
    "topic": "str",
    "raw_name": "str",
    "target_id": "str",
    "kind": "str",
    "weight": "float",
}

#: Intermediate table from ``leerlib.io``: one row per data row of the export.
#: ``skip`` is "" for a usable response, else a reason code (status_spam,
#: blank_row, ...). ``complete`` follows the codebook's completeness column.
RESPONDENTS_COLUMNS = {
    "wave": "str",
    "file": "str",
    "row": "int",
    "respondent_raw": "str",
    "respondent_by": "str",
    "submitted_at": "datetime64[ns]",
    "complete": "bool",
    "skip": "str",
}

#: ties ``match``: how a typed name became its target (docs/data-contract.md, docs/matching.md):
#: a roster id, a roster e-mail address, the roster name as written, the name after
#: normalising (case, diacritics, tussenvoegsels, spacing, given-name initials), the
#: researcher's alias table, a title read through, a hyphenated first name typed spaced or
#: joined, one part or the swapped order of a married double name, the first name with the
#: surname's initial, a first-name form from the name-variant table, one word that only one
#: colleague has, a qualifier from the roster's columns, the respondent's own team or school
#: (opt-in), a close spelling; picked: chosen from the staff list in a round asked inside
#: leerlib (docs/collect.md); external: not on the roster.
MATCH_METHODS = (
    "id",
    "email",
    "exact",
    "normalized",
    "alias",
    "title",
    "hyphenated",
    "double_name",
    "initials",
    "variant",
    "one_word",
    "qualifier",
    "context",
    "fuzzy",
    "picked",
    "external",
)
LOG_ACTIONS = ("kept", "merged", "dropped", "flagged")
CYCLES = (
    "immediate",
    "potential",
    "applied",
    "realized",
    "reframing",
    "strategic",
    "enabling",
)


def empty_table(columns: dict[str, str]) -> pd.DataFrame:
    """Return an empty DataFrame with the given columns and dtypes.

    Examples
    --------
    >>> list(empty_table(TIES_COLUMNS).columns)[:3]
    ['source', 'target', 'topic']
    """
    data = {}
    for name, dtype in columns.items():
        if dtype == "str":
            data[name] = pd.Series([], dtype=object)
        else:
            data[name] = pd.Series([], dtype=dtype)
    return pd.DataFrame(data)


def _require_columns(df: pd.DataFrame, columns: dict[str, str], table: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise SchemaError(f"{table}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SchemaError(
            f"{table}: missing column(s) {missing}; expected at least {list(columns)}"
        )


def _check_no_missing(df: pd.DataFrame, cols: list[str], table: str) -> None:
    for col in cols:
        bad = df[col].isna() | (df[col].astype(str) == "")
        if bad.any():
            first = int(bad.to_numpy().nonzero()[0][0])
            raise SchemaError(f"{table}: column {col!r} is empty in table row {first}")


def validate_people(people: pd.DataFrame) -> pd.DataFrame:
    """Check a people table against the data contract and return it.

    Raises
    ------
    SchemaError
        If a contract column is missing, a person_id is empty or repeated.

    Examples
    --------
    >>> df = pd.DataFrame({"person_id": ["p1", "p2"], "name": ["An", "Bo"], "internal": [True, False]})
    >>> validate_people(df) is df
    True
    """
    _require_columns(people, PEOPLE_COLUMNS, "people")
    _check_no_missing(people, ["person_id"], "people")
    dup = people["person_id"].duplicated()
    if dup.any():
        raise SchemaError(
            f"people: person_id {people['person_id'][dup].iloc[0]!r} appears more than once"
        )
    return people


def validate_ties(ties: pd.DataFrame, people: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check a ties table: columns, no self-ties, positive weights, one row per key.

    Parameters
    ----------
    ties : DataFrame
        The ties table.
    people : DataFrame, optional
        If given, every source and target must be a person_id in it.

    Raises
    ------
    SchemaError
        On any breach of the contract.

    Examples
    --------
    >>> t = pd.DataFrame({"source": ["a"], "target": ["a"], "topic": ["ict"], "wave": ["2025"],
    ...                   "weight": [1.0], "raw_name": ["A"], "match": ["id"], "match_score": [100.0]})
    >>> validate_ties(t)
    Traceback (most recent call last):
    ...
    leerlib.errors.SchemaError: ties: 1 self-tie(s), e.g. 'a' -> 'a'; self-ties must be dropped during cleaning
    """
    _require_columns(ties, TIES_COLUMNS, "ties")
    _check_no_missing(ties, ["source", "target", "topic", "wave"], "ties")
    self_ties = ties["source"] == ties["target"]
    if self_ties.any():
        s = ties.loc[self_ties, "source"].iloc[0]
        raise SchemaError(
            f"ties: {int(self_ties.sum())} self-tie(s), e.g. {s!r} -> {s!r}; "
            "self-ties must be dropped during cleaning"
        )
    w = pd.to_numeric(ties["weight"], errors="coerce")
    if (w.isna() | (w <= 0)).any():
        raise SchemaError("ties: every weight must be a number > 0")
    dup = ties.duplicated(["source", "target", "topic", "wave"])
    if dup.any():
        raise SchemaError(
            "ties: a (source, target, topic, wave) appears more than once; merge duplicates"
        )
    bad_match = ~ties["match"].isin(MATCH_METHODS)
    if bad_match.any():
        raise SchemaError(
            f"ties: unknown match method {ties.loc[bad_match, 'match'].iloc[0]!r}; "
            f"expected one of {MATCH_METHODS}"
        )
    if people is not None:
        known = set(people["person_id"])
        unknown = ~(ties["source"].isin(known) & ties["target"].isin(known))
        if unknown.any():
            r = ties[unknown].iloc[0]
            raise SchemaError(
                f"ties: tie {r['source']!r} -> {r['target']!r} names a person_id not in people"
            )
    return ties


def validate_responses(responses: pd.DataFrame) -> pd.DataFrame:
    """Check a responses table (person_id, wave, responded)."""
    _require_columns(responses, RESPONSES_COLUMNS, "responses")
    _check_no_missing(responses, ["person_id", "wave"], "responses")
    if responses.duplicated(["person_id", "wave"]).any():
        raise SchemaError("responses: one row per (person_id, wave) expected")
    return responses


def validate_value(value: pd.DataFrame) -> pd.DataFrame:
    """Check a value table (value-creation items per cycle)."""
    _require_columns(value, VALUE_COLUMNS, "value")
    bad = ~value["cycle"].isin(CYCLES)
    if bad.any():
        raise SchemaError(
            f"value: unknown cycle {value.loc[bad, 'cycle'].iloc[0]!r}; expected one of {CYCLES}"
        )
    return value


def validate_log(log: pd.DataFrame) -> pd.DataFrame:
    """Check a cleaning log (wave, file, row, column, raw_value, action, reason, detail)."""
    _require_columns(log, LOG_COLUMNS, "log")
    bad = ~log["action"].isin(LOG_ACTIONS)
    if bad.any():
        raise SchemaError(
            f"log: unknown action {log.loc[bad, 'action'].iloc[0]!r}; expected one of {LOG_ACTIONS}"
        )
    return log


@dataclass
class RawSurvey:
    """What ``leerlib.io`` read from one export, before any name matching.

    Attributes
    ----------
    wave : str
        The survey round.
    file : str
        The export's file name (as it appears in log rows and errors).
    respondents : DataFrame
        RESPONDENTS_COLUMNS, one row per data row of the export.
    nominations : DataFrame
        NOMINATIONS_COLUMNS plus tie attributes, one row per nomination item.
    value : DataFrame
        Raw value items: file, row, respondent_raw, cycle, item, score.
    log : DataFrame
        LOG_COLUMNS rows the reader already decided (blank rows, skipped statuses).
    codebook : Codebook or None
        The parsed codebook (:func:`leerlib.io.read_codebook`); None: the cleaner's
        defaults (respondents by name in a column "respondent", unknown names
        external, no topic labels).
    people_hint : DataFrame or None
        Targets derived from the export itself (roster-matrix column labels:
        ``name``, ``target_id``, ``column``), used when no roster is given.
    """

    wave: str
    file: str
    respondents: pd.DataFrame
    nominations: pd.DataFrame
    value: pd.DataFrame
    log: pd.DataFrame
    codebook: Codebook | None = None
    people_hint: pd.DataFrame | None = None


@dataclass
class Survey:
    """The tidy tables of one or more survey rounds (the data contract).

    Attributes
    ----------
    people, ties, responses, value, log : DataFrame
        The contract's tables.
    topics : dict
        Codebook topic key -> {"nl": label, "en": label}.
    waves : list of str
        Survey rounds present, oldest first.
    consent_names : bool
        True only when the codebook declares that respondents consented to their
        names being shown; dashboards then offer (never default to) names.
    meta : dict
        Anything else worth keeping (source files, codebook path, ...).
    """

    people: pd.DataFrame
    ties: pd.DataFrame
    responses: pd.DataFrame
    value: pd.DataFrame
    log: pd.DataFrame
    topics: dict = field(default_factory=dict)
    waves: list = field(default_factory=list)
    consent_names: bool = False
    meta: dict = field(default_factory=dict)

    def validate(self) -> Survey:
        """Validate every table and their links; return self."""
        validate_people(self.people)
        validate_ties(self.ties, self.people)
        validate_responses(self.responses)
        validate_value(self.value)
        validate_log(self.log)
        return self

    def methods_text(self, lang: str = "en") -> str:
        """Return a methods paragraph to paste and edit: see :func:`leerlib.clean.methods_text`."""
        from leerlib._methods import methods_text

        return methods_text(self, lang=lang)

    def split(self) -> dict:
        """One Survey per network (``[survey] network_by``), keyed by the network's name.

        People, ties and responses are taken by their ``network`` column, value by person;
        the log by the export rows of each network (``meta["network_rows"]``) and, for
        rows about a person (row 0), by that person. Without a ``network`` column: ``{"":
        self}``.

        Examples
        --------
        >>> people = pd.DataFrame({"person_id": ["A/1", "B/1"], "name": ["1", "1"],
        ...                        "internal": True, "network": ["A", "B"]})
        >>> ties = empty_table(TIES_COLUMNS).assign(network=pd.Series([], dtype=object))
        >>> resp = pd.DataFrame({"person_id": ["A/1", "B/1"], "wave": "1",
        ...                      "responded": [True, False], "network": ["A", "B"]})
        >>> s = Survey(people, ties, resp, empty_table(VALUE_COLUMNS), empty_table(LOG_COLUMNS))
        >>> {k: v.response_rate() for k, v in s.split().items()}
        {'A': 1.0, 'B': 0.0}
        """
        if "network" not in self.people.columns:
            return {"": self}
        rows = self.meta.get("network_rows", {})
        out = {}
        for net in dict.fromkeys(self.people["network"].astype(str)):
            people = self.people[self.people["network"] == net].reset_index(drop=True)
            ids = set(people["person_id"])
            log = self.log
            mine = log["row"].isin(set(rows.get(net, ()))) | (
                (log["row"] == 0) & log["raw_value"].isin(ids)
            )
            meta = {k: v for k, v in self.meta.items() if k != "network_rows"}
            out[net] = Survey(
                people=people,
                ties=self.ties[self.ties["network"] == net].reset_index(drop=True),
                responses=self.responses[self.responses["network"] == net].reset_index(drop=True),
                value=self.value[self.value["person_id"].isin(ids)].reset_index(drop=True),
                log=log[mine].reset_index(drop=True),
                topics=dict(self.topics),
                waves=list(self.waves),
                consent_names=self.consent_names,
                meta={**meta, "network": net},
            )
        return out

    def response_rate(self, wave: str | None = None) -> float:
        """Share of internal people who responded in ``wave`` (default: the latest)."""
        if self.responses.empty:
            return float("nan")
        wave = wave if wave is not None else (self.waves[-1] if self.waves else None)
        r = self.responses if wave is None else self.responses[self.responses["wave"] == wave]
        if r.empty:
            return float("nan")
        return float(r["responded"].mean())

    def __repr__(self) -> str:
        return (
            f"Survey(waves={self.waves}, people={len(self.people)}, ties={len(self.ties)}, "
            f"responses={int(self.responses['responded'].sum()) if len(self.responses) else 0}"
            f"/{len(self.responses)}, log={len(self.log)})"
        )
