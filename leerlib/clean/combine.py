"""Survey rounds stacked into one Survey (combine_waves)."""

from __future__ import annotations

import pandas as pd

from leerlib.errors import LeerlibError
from leerlib.schema import Survey

__all__ = ["combine_waves"]


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
    >>> from leerlib.schema import LOG_COLUMNS, RESPONSES_COLUMNS, TIES_COLUMNS, VALUE_COLUMNS, empty_table
    >>> p = lambda n: pd.DataFrame({"person_id": ["a", "b"], "name": ["A", n], "internal": True})
    >>> s1 = Survey(p("Bo"), empty_table(TIES_COLUMNS), empty_table(RESPONSES_COLUMNS),
    ...             empty_table(VALUE_COLUMNS), empty_table(LOG_COLUMNS), waves=["2025"])
    >>> s2 = Survey(p("Bo Berg"), empty_table(TIES_COLUMNS), empty_table(RESPONSES_COLUMNS),
    ...             empty_table(VALUE_COLUMNS), empty_table(LOG_COLUMNS), waves=["2026"])
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
