"""Readers: survey exports, rosters, alias tables and codebooks into the tables of the data contract."""

from __future__ import annotations

from leerlib.io._source import Source
from leerlib.io.codebook import Codebook, read_codebook
from leerlib.io.responses import read_export
from leerlib.io.roster import read_aliases, read_roster

__all__ = ["Source", "Codebook", "read_codebook", "read_export", "read_roster", "read_aliases"]
