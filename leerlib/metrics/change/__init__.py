"""Change between two survey rounds: ties new, kept and ended, people who joined and left, shifts."""

from __future__ import annotations

from leerlib.metrics.change._compare import (
    NETWORK_FIGURES,
    PERSON_MEASURES,
    RoundComparison,
    compare_rounds,
)
from leerlib.metrics.change._partitions import compare_partitions
from leerlib.metrics.change._text import FIGURE_LABELS
from leerlib.metrics.change._ties import ALL_TOPICS, TIE_STATUSES, jaccard, tie_status

__all__ = [
    "ALL_TOPICS",
    "TIE_STATUSES",
    "PERSON_MEASURES",
    "NETWORK_FIGURES",
    "FIGURE_LABELS",
    "RoundComparison",
    "compare_rounds",
    "tie_status",
    "jaccard",
    "compare_partitions",
]
