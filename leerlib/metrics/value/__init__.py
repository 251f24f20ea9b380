"""Value creation (Wenger, Trayner & de Laat 2011): profiles per cycle, value on ties, by position."""

from __future__ import annotations

from leerlib.metrics.value._network import (
    BANDS,
    highest_cycle,
    tie_value,
    value_by_person,
    value_by_position,
    value_flows,
)
from leerlib.metrics.value._profile import (
    SCALE,
    TOTAL,
    person_value,
    reached_threshold,
    value_profile,
)
from leerlib.metrics.value._story import value_after_leaving, value_by_topic_across

__all__ = [
    "SCALE",
    "TOTAL",
    "BANDS",
    "person_value",
    "reached_threshold",
    "value_profile",
    "tie_value",
    "highest_cycle",
    "value_by_person",
    "value_flows",
    "value_by_position",
    "value_by_topic_across",
    "value_after_leaving",
]
