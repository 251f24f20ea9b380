"""Cleaning: match names to the roster, resolve duplicates, and build the tidy Survey tables."""

from __future__ import annotations

from leerlib._methods import methods_text
from leerlib.clean.combine import combine_waves
from leerlib.clean.index import RosterIndex, check_roster
from leerlib.clean.load import load_survey
from leerlib.clean.matching import MARGIN, MATCH_NAMES_METHODS, THRESHOLD, match_names
from leerlib.clean.names import normalize_name, parse_name, slug
from leerlib.clean.nominations import (
    EXTERNAL_PREFIX,
    drop_non_names,
    drop_unkept_items,
    external_ids,
    external_key,
    match_targets,
    read_nobody_ids,
)
from leerlib.clean.people import identify_respondents, people_from_export, prepare_people
from leerlib.clean.survey import (
    RESPONDED_IF,
    add_external_people,
    clean_survey,
    named_members,
    responded_rows,
    response_table,
)
from leerlib.clean.verbs import (
    ITEM_REASONS,
    Cleaned,
    concat_logs,
    drop_self_ties,
    log_rows,
    mark_kept_submissions,
    merge_duplicate_ties,
    resolve_submissions,
    symmetrize_ties,
)

__all__ = [
    "EXTERNAL_PREFIX",
    "ITEM_REASONS",
    "MARGIN",
    "MATCH_NAMES_METHODS",
    "RESPONDED_IF",
    "THRESHOLD",
    "Cleaned",
    "RosterIndex",
    "add_external_people",
    "check_roster",
    "clean_survey",
    "combine_waves",
    "concat_logs",
    "drop_non_names",
    "drop_self_ties",
    "drop_unkept_items",
    "external_ids",
    "external_key",
    "identify_respondents",
    "load_survey",
    "log_rows",
    "mark_kept_submissions",
    "named_members",
    "match_names",
    "match_targets",
    "methods_text",
    "merge_duplicate_ties",
    "normalize_name",
    "parse_name",
    "people_from_export",
    "prepare_people",
    "read_nobody_ids",
    "resolve_submissions",
    "responded_rows",
    "response_table",
    "slug",
    "symmetrize_ties",
]
