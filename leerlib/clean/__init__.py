"""Cleaning: match names to the roster, resolve duplicates, and build the tidy Survey tables."""

from __future__ import annotations

from leerlib.clean.matching import MARGIN, MATCH_NAMES_METHODS, THRESHOLD, match_names
from leerlib.clean.names import normalize_name, parse_name, slug

__all__ = [
    "MARGIN",
    "MATCH_NAMES_METHODS",
    "THRESHOLD",
    "match_names",
    "normalize_name",
    "parse_name",
    "slug",
]
