"""The value-flow map: ties coloured by the highest value-creation cycle reached, people by value."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from leerlib.errors import LeerlibError
from leerlib.graph import build_graph
from leerlib.io.value import CYCLE_LABELS
from leerlib.metrics.value import SCALE, highest_cycle, person_value, tie_value
from leerlib.metrics.value._profile import _waves
from leerlib.schema import CYCLES
from leerlib.viz._style import UNKNOWN_COLOR
from leerlib.viz.maps import NetworkMap, network_map

__all__ = ["CYCLE_COLORS", "NONE_COLOR", "value_flow_map"]

#: Colour per cycle: blues for the value of learning itself, greens for its use, purple for
#: reframing, oranges for the later strategic and enabling cycles.
CYCLE_COLORS = {
    "immediate": "#9ecae1",
    "potential": "#3182bd",
    "applied": "#74c476",
    "realized": "#006d2c",
    "reframing": "#6a3d9a",
    "strategic": "#fd8d3c",
    "enabling": "#a63603",
}

#: Colour of ties and people that reached no cycle.
NONE_COLOR = "#bdbdbd"

_TEXT = {
    "en": {
        "none": "no cycle reached",
        "legend": "Highest cycle reached (people); ties in the same colours",
        "title": "Value flow, {wave}",
        "tie": "Tie colour: the highest cycle the person who turned to the other reports for it.",
        "person": (
            "Approximation: the survey asked value per person, not per tie; each tie has the "
            "value its sender reported over all their contacts."
        ),
        "ties": "Ties per highest cycle: {counts}.",
        "size": "Size: mean score over the cycles (people without answers smallest).",
    },
    "nl": {
        "none": "geen cyclus bereikt",
        "legend": "Hoogste bereikte cyclus (personen); relaties in dezelfde kleuren",
        "title": "Waardestroom, {wave}",
        "tie": "Kleur van een relatie: de hoogste cyclus die wie leerde ervoor noemt.",
        "person": (
            "Benadering: de vragenlijst vroeg waarde per persoon, niet per relatie; elke relatie "
            "krijgt de waarde die de afzender over al zijn contacten noemde."
        ),
        "ties": "Relaties per hoogste cyclus: {counts}.",
        "size": "Grootte: gemiddelde score over de cycli (wie niet antwoordde het kleinst).",
    },
}


def value_flow_map(
    survey,
    wave=None,
    *,
    tie_values: pd.DataFrame | None = None,
    attribute: bool = False,
    scale=SCALE,
    reached_at=None,
    label_by: str | None = "name",
    seed: int = 0,
    title: str | None = None,
    height: int = 600,
    lang: str = "en",
) -> NetworkMap:
    """Draw the learning network with ties coloured by the highest value-creation cycle reached.

    Parameters
    ----------
    survey : Survey
    wave : str, optional
        Round; default the latest round with value items.
    tie_values : DataFrame, optional
        :func:`leerlib.tie_value` rows (default: computed for ``wave``).
    attribute : bool, default False
        Passed to :func:`leerlib.tie_value`: without per-tie value columns, give
        each respondent's own value to their out-ties (an approximation the map
        says in its note).
    scale, reached_at
        As in :func:`leerlib.value_profile`.
    label_by, seed, height, lang
        As in :func:`leerlib.network_map`.
    title : str, optional
        Default "Value flow, <round>".

    Returns
    -------
    NetworkMap
        People coloured by the highest cycle they reached (grey: none; light
        grey: no answers), sized by their mean score over the cycles; ties
        coloured by the highest cycle reached on them. Renders offline like
        every leerlib map; every person is drawn (no group map fallback).

    Notes
    -----
    "Highest" follows the framework's order (immediate, potential, applied,
    realized, reframing, then strategic and enabling); it says how far the
    value reported went, not how much.
    """
    if lang not in _TEXT:
        raise LeerlibError(f"lang={lang!r}: choose one of {sorted(_TEXT)}")
    text = _TEXT[lang]
    w = _waves(survey, wave)[-1]
    tv = (
        tie_values
        if tie_values is not None
        else tie_value(survey, w, attribute=attribute, scale=scale, reached_at=reached_at)
    )
    if "wave" in tv.columns:
        tv = tv[tv["wave"].astype(str) == w]
    weight = "weight" if "weight" in survey.ties.columns else None
    G = build_graph(survey, wave=w, weight=weight)
    pv = person_value(survey, w, scale=scale, reached_at=reached_at)
    rank = {c: i for i, c in enumerate(CYCLES)}
    reached = pv[pv["reached"]].assign(r=lambda d: d["cycle"].astype(str).map(rank))
    best_person = reached.groupby("person_id")["r"].max().map(lambda r: CYCLES[int(r)])
    answered = set(pv["person_id"])
    size = pv.groupby("person_id")["score"].mean()

    def label(cycle):
        return CYCLE_LABELS[cycle][lang] if cycle in CYCLE_LABELS else text["none"]

    category = {}
    for v in G.nodes:
        v = str(v)
        if v in best_person.index:
            category[v] = label(best_person[v])
        elif v in answered:
            category[v] = text["none"]
        else:
            category[v] = None  # no answers: the map's "unknown"
    present = [c for c in CYCLES if c in set(best_person) or c in set(tv["cycle"].astype(str))]
    order = [label(c) for c in present] + [text["none"]]
    palette = [CYCLE_COLORS[c] for c in present] + [NONE_COLOR]
    m = network_map(
        G,
        color_by=category,
        size_by={str(v): float(size.get(str(v), 0.0)) for v in G.nodes},
        label_by=label_by,
        seed=seed,
        title=title if title is not None else text["title"].format(wave=w),
        height=height,
        lang=lang,
        palette=palette,
        color_order=order,
        max_people=None,
        weight=weight,
    )
    best_tie = highest_cycle(tv) if len(tv) else pd.Series(dtype=object)
    best = {(str(s), str(t)): c for (s, t), c in best_tie.items()}
    counts: Counter = Counter()
    for e in m.data["edges"]:
        c = best.get((e["from"], e["to"]))
        if isinstance(c, str):
            e["color"], e["cycle"] = CYCLE_COLORS[c], c
            counts[c] += 1
        else:
            e["color"] = NONE_COLOR if (e["from"], e["to"]) in best else UNKNOWN_COLOR
            e["cycle"] = ""
            counts[""] += 1
        e["opacity"] = 0.8
    basis = set(tv["basis"]) if "basis" in tv.columns else {"tie"}
    shown = ", ".join(
        f"{label(c) if c else text['none']} {counts[c]}" for c in [*present, ""] if counts[c]
    )
    m.data["legend_title"] = text["legend"]
    m.data["note"] = " ".join(
        [
            text["person"] if "person" in basis else text["tie"],
            text["ties"].format(counts=shown),
            text["size"],
        ]
    )
    return m
