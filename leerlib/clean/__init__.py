"""Cleaning: match names to the roster, resolve duplicates, and build the tidy Survey tables."""

from __future__ import annotations

from leerlib.clean.load import combine_waves, load_survey
from leerlib.clean.matching import MARGIN, MATCH_NAMES_METHODS, THRESHOLD, match_names
from leerlib.clean.names import normalize_name, parse_name, slug
from leerlib.clean.survey import EXTERNAL_PREFIX, clean_survey
from leerlib.clean.verbs import (
    ITEM_REASONS,
    Cleaned,
    concat_logs,
    drop_self_ties,
    log_rows,
    merge_duplicate_ties,
    resolve_submissions,
)

__all__ = [
    "EXTERNAL_PREFIX",
    "ITEM_REASONS",
    "MARGIN",
    "MATCH_NAMES_METHODS",
    "THRESHOLD",
    "Cleaned",
    "clean_survey",
    "combine_waves",
    "concat_logs",
    "drop_self_ties",
    "load_survey",
    "log_rows",
    "match_names",
    "merge_duplicate_ties",
    "normalize_name",
    "parse_name",
    "resolve_submissions",
    "slug",
]
