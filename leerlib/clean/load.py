"""One call from files to tables (load_survey), and survey rounds stacked (combine_waves)."""

from __future__ import annotations

import pandas as pd

from leerlib.clean.survey import clean_survey
from leerlib.errors import LeerlibError
from leerlib.schema import Survey

__all__ = ["load_survey", "combine_waves"]


def load_survey(
    survey_path,
    roster_path,
    codebook_path,
    aliases=None,
    *,
    unknown_respondent: str = "error",
    context=None,
    max_cells: int | None = None,
) -> Survey:
    """Read an export, its roster and codebook, and clean them in one call.

    Parameters
    ----------
    survey_path : str, path-like, bytes, binary file object or Source
        The survey export (CSV, XLSX; see docs/codebook.md for the shapes). Each
        file may also be given as its content in memory, best as a
        :class:`leerlib.io.Source` (bytes with the name to show in messages
        and in the log's ``file`` column); nothing is then written to disk.
    roster_path : path, bytes, file object, Source or None
        The staff list; None takes people from the export itself.
    codebook_path : path, bytes, file object or Source
        The codebook (TOML) describing the export.
    aliases : path, bytes, file object, Source or DataFrame, optional
        Alias table (alias, person_id) as a file or a DataFrame.
    unknown_respondent : {"error", "log"}
        See :func:`clean_survey`.
    context : bool or tuple of str, optional
        The respondent context (opt-in); see :func:`clean_survey`. Default: the codebook's
        ``[names] context``, else off.
    max_cells : int, optional
        Raise the reader's bound on the cells of the export (rows times columns, default
        ``leerlib.io._bounds.MAX_CELLS``, 2,000,000) for an export known to be larger; see
        :func:`leerlib.io.read_export`.

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
    >>> paths = leerlib.sample_paths()
    >>> s = load_survey(paths["survey_2025"], paths["roster_2025"], paths["codebook_2025"],
    ...                 paths["aliases"])
    >>> s.waves, sorted(s.topics)[:2], bool((s.ties["source"] != s.ties["target"]).all())
    (['2025'], ['didactiek', 'ict'], True)
    """
    from leerlib import io
    from leerlib.io._source import source_name

    codebook = io.read_codebook(codebook_path)
    raw = io.read_export(survey_path, codebook, max_cells=max_cells)
    people = io.read_roster(roster_path, codebook) if roster_path is not None else None
    if aliases is not None and not isinstance(aliases, pd.DataFrame):
        aliases = io.read_aliases(aliases)
    survey = clean_survey(raw, people, aliases, unknown_respondent=unknown_respondent,
                          context=context)
    survey.meta.update({"survey_path": source_name(survey_path),
                        "roster_path": None if roster_path is None else source_name(roster_path),
                        "codebook_path": source_name(codebook_path)})  # fmt: skip
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
