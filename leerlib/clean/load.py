"""One call from files to tables (load_survey)."""

from __future__ import annotations

import pandas as pd

from leerlib.clean.survey import clean_survey
from leerlib.schema import Survey

__all__ = ["load_survey"]


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
    survey = clean_survey(
        raw, people, aliases, unknown_respondent=unknown_respondent, context=context
    )
    survey.meta.update(
        {
            "survey_path": source_name(survey_path),
            "roster_path": None if roster_path is None else source_name(roster_path),
            "codebook_path": source_name(codebook_path),
        }
    )
    return survey
