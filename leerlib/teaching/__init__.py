"""Course material: exercises on the sample with feedback in words, and widgets for the notebooks."""

from __future__ import annotations

from leerlib.teaching._exercises import CLUSTER_CHOICES, CYCLES, EXERCISES, GF_ROLES, Exercise
from leerlib.teaching._feedback import Feedback, answer_key, check
from leerlib.teaching._truth import TOY_PEOPLE, TOY_TIES
from leerlib.teaching._widgets import (
    REFLECTION_QUESTIONS,
    ActionPlan,
    NetworkEditor,
    action_plan,
    exercise,
    hand_measures,
    network_editor,
    worked,
)

__all__ = [
    "check",
    "Feedback",
    "answer_key",
    "EXERCISES",
    "Exercise",
    "CYCLES",
    "GF_ROLES",
    "CLUSTER_CHOICES",
    "TOY_PEOPLE",
    "TOY_TIES",
    "exercise",
    "worked",
    "network_editor",
    "NetworkEditor",
    "hand_measures",
    "action_plan",
    "ActionPlan",
    "REFLECTION_QUESTIONS",
]
