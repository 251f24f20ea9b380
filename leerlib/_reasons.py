"""Vocabulary of the cleaning log that every layer may read (it imports nothing of leerlib)."""

__all__ = ["ITEM_REASONS"]

#: Log reasons where one log row stands for one nomination item of the export (the
#: conservation rule counts these). Other reasons (duplicate_response, unknown_respondent,
#: non_respondent, status_skipped, blank_row, ...) describe a whole response or person.
ITEM_REASONS = (
    "self_tie",
    "duplicate_tie",
    "ambiguous_name",
    "unknown_name",
    "nobody",
    "missing",
    "zero",
    "empty",
    "duplicate_response_item",
    "unknown_respondent_item",
    "skipped_row_item",
    "undirected_pair",
    "unreciprocated",
)
