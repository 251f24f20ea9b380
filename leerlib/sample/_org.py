"""Building blocks of the synthetic organisations: staff in teams and units, nomination draws."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leerlib.sample import _names
from leerlib.sample._design import AGREE5, FREQUENCY, TOPICS, USEFULNESS
from leerlib.sample._writers import slots_codebook_head, slots_nomination, toml_list, toml_str

__all__ = [
    "TOPIC_CHOICES",
    "FREQUENCY_LABELS",
    "USEFULNESS_LABELS",
    "AGREE5_LABELS",
    "CYCLES",
    "WARTS",
    "structure",
    "draw_targets",
    "name_variants",
    "codebook",
]

TOPIC_CHOICES = TOPICS + tuple(
    (f"thema_{i}", f"Thema {i}", f"Theme {i}") for i in range(len(TOPICS) + 1, 11)
)
FREQUENCY_LABELS = tuple(label for label, _ in FREQUENCY)
USEFULNESS_LABELS = tuple(label for label, _ in USEFULNESS)
AGREE5_LABELS = tuple(label for label, _ in AGREE5)
CYCLES = ("immediate", "potential", "applied", "realized", "reframing")
_ROLES = ("leraar", "onderwijsassistent", "stagiair", "intern begeleider", "ICT-coördinator")
_ROLE_P = (0.72, 0.13, 0.08, 0.04, 0.03)
_HOMONYM_SHARE = 0.002
#: How a typed name differs from the roster (share of name cells).
WARTS = {
    "exact": 0.60,
    "lowercase": 0.07,
    "spacing": 0.04,
    "typo": 0.08,
    "no_infix": 0.06,
    "no_diacritics": 0.04,
    "surname_first": 0.05,
    "initial": 0.04,
    "first_only": 0.02,
}


def structure(n: int, rng: np.random.Generator, unit: str) -> pd.DataFrame:
    """People in contiguous teams (6-18 people) grouped in units of about 8 teams."""
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(6, 19)))
    sizes[-1] -= sum(sizes) - n
    if sizes[-1] < 3 and len(sizes) > 1:
        last = sizes.pop()
        sizes[-1] += last
    team_of = np.repeat(np.arange(len(sizes)), sizes)
    unit_of_team = np.arange(len(sizes)) // 8
    width = max(4, len(str(n)))
    pool = _names.surname_pool()
    first = rng.integers(len(_names.FIRST_NAMES), size=n)
    sur = rng.integers(len(pool), size=n)
    # Redraw repeated names, then give about one person in 500 a colleague's name: large
    # organisations have homonyms, and a careful matcher must flag them, not guess.
    for _ in range(50):
        again = pd.Series(first * len(pool) + sur).duplicated().to_numpy()
        if not again.any():
            break
        first[again] = rng.integers(len(_names.FIRST_NAMES), size=again.sum())
        sur[again] = rng.integers(len(pool), size=again.sum())
    twins = rng.choice(n, size=max(1, int(n * _HOMONYM_SHARE)), replace=False)
    donors = rng.integers(n, size=len(twins))
    first[twins], sur[twins] = first[donors], sur[donors]
    firsts = np.array(_names.FIRST_NAMES, dtype=object)[first]
    infixes = np.array([s[0] for s in pool], dtype=object)[sur]
    lasts = np.array([s[1] for s in pool], dtype=object)[sur]
    names = [_names.full_name(f, i, la) for f, i, la in zip(firsts, infixes, lasts, strict=True)]
    role = rng.choice(len(_ROLES), size=n, p=_ROLE_P)
    roles = np.array(_ROLES, dtype=object)[role]
    team_start = np.r_[0, np.cumsum(sizes)[:-1]]
    roles[team_start] = "teamleider"
    tenure = np.where(roles == "stagiair", 0, np.minimum(40, rng.gamma(2.0, 5.0, n).round()))
    people = pd.DataFrame(
        {
            "person_id": [f"P{i + 1:0{width}d}" for i in range(n)],
            "name": names,
            "first": firsts,
            "infix": infixes,
            "last": lasts,
            unit: [f"{unit.capitalize()} {u + 1:03d}" for u in unit_of_team[team_of]],
            "team": [f"Team {t + 1:04d}" for t in team_of],
            "role": roles,
            "tenure_years": tenure.astype(int),
        }
    )
    local = pd.Series(
        [_names.email_local(f, i, la) for f, i, la in zip(firsts, infixes, lasts, strict=True)]
    )
    dup = local.groupby(local).cumcount()
    suffix = np.where(dup > 0, (dup + 1).astype(str), "")
    people["email"] = local + suffix + "@org.example"
    return people


def _ranges(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For contiguous group labels: each position's group start and group size."""
    change = np.r_[True, labels[1:] != labels[:-1]]
    starts = np.flatnonzero(change)
    sizes = np.diff(np.r_[starts, len(labels)])
    group = np.cumsum(change) - 1
    return starts[group], sizes[group]


def draw_targets(
    sources: np.ndarray, team_of: np.ndarray, unit_of: np.ndarray, n: int, rng, mix=(0.55, 0.35)
) -> np.ndarray:
    """One target per source: same team, same unit or anyone, skewed towards a few per group."""
    t_start, t_size = _ranges(team_of)
    u_start, u_size = _ranges(unit_of)
    u = rng.random(len(sources))
    pick = rng.random(len(sources)) ** 1.6  # a few colleagues per group are sought after
    start = np.where(
        u < mix[0], t_start[sources], np.where(u < mix[0] + mix[1], u_start[sources], 0)
    )
    size = np.where(u < mix[0], t_size[sources], np.where(u < mix[0] + mix[1], u_size[sources], n))
    return start + np.minimum((pick * size).astype(np.int64), size - 1)


def name_variants(people: pd.DataFrame, rng) -> dict[str, np.ndarray]:
    """Every person's name typed each way (one fixed typo per person)."""
    out = {}
    parts = list(zip(people["first"], people["infix"], people["last"], strict=True))
    for kind in WARTS:
        out[kind] = np.array([_names.typed_name(f, i, la, kind, rng) for f, i, la in parts], object)
    return out


def codebook(topic_list, slots: int) -> str:
    lines = [
        "# Codebook of a synthetic organisation (leerlib.sample.synthetic_organisation).",
        *slots_codebook_head("2025"),
        "[unknown]",
        'names = "external"',
        f"nobody = {toml_list(_names.NOBODY_ANSWERS)}",
        "",
    ]
    for key, nl, en in topic_list:
        lines += ["[[topics]]", f"key = {toml_str(key)}", f"nl = {toml_str(nl)}"]
        lines += [f"en = {toml_str(en)}", ""]
    for key, _, _ in topic_list:
        lines += slots_nomination(key, [f"{key}_{s + 1}" for s in range(slots)])
    lines += ["[scales.frequency]"]
    lines += [f"{toml_str(label)} = {4 - i}" for i, label in enumerate(FREQUENCY_LABELS)] + [""]
    lines += ["[scales.usefulness]"]
    lines += [f"{toml_str(label)} = {i + 1}" for i, label in enumerate(USEFULNESS_LABELS)] + [""]
    lines += ["[scales.agree5]"]
    lines += [f"{toml_str(label)} = {i + 1}" for i, label in enumerate(AGREE5_LABELS)] + [""]
    for cycle in CYCLES:
        lines += [
            "[[value]]",
            f'column = "waarde_{cycle}"',
            f'cycle = "{cycle}"',
            f'item = "waarde {cycle}"',
            'scale = "agree5"',
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
