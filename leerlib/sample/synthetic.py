"""Synthetic organisations of any size (50 to 50,000 people), vectorised, for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from leerlib.errors import LeerlibError
from leerlib.sample import _names
from leerlib.sample._org import (
    AGREE5_LABELS,
    CYCLES,
    FREQUENCY_LABELS,
    TOPIC_CHOICES,
    USEFULNESS_LABELS,
    WARTS,
    codebook,
    draw_targets,
    name_variants,
    structure,
)

__all__ = ["synthetic_organisation", "synthetic_graph", "MIN_PEOPLE", "MAX_PEOPLE"]

MIN_PEOPLE = 50
MAX_PEOPLE = 50_000
_EXTERNAL_SHARE = 0.01
_SELF_SHARE = 0.002
_NOBODY_SHARE = 0.3  # of the (respondent, topic) pairs with no names
_SKIP_TOPIC_SHARE = 0.02  # (respondent, topic) pairs left without names
_REPEAT_SHARE = 0.02  # of repeated names in one question that are left in (a duplicate tie)


def _check_size(n_people: int) -> int:
    if not isinstance(n_people, (int, np.integer)) or not MIN_PEOPLE <= n_people <= MAX_PEOPLE:
        raise LeerlibError(
            f"n_people must be an integer from {MIN_PEOPLE} to {MAX_PEOPLE}, got {n_people!r}"
        )
    return int(n_people)


def _topics(n: int) -> list[tuple[str, str, str]]:
    if not isinstance(n, (int, np.integer)) or not 1 <= n <= 10:
        raise LeerlibError(f"topics must be an integer from 1 to 10, got {n!r}")
    return list(TOPIC_CHOICES[:n])


def synthetic_organisation(
    n_people: int,
    *,
    topics: int = 5,
    slots: int = 8,
    seed: int = 0,
    response_rate: float = 0.8,
    fill: float = 0.9,
    out_dir: str | Path,
) -> dict[str, Path]:
    """Write a large synthetic organisation in the sample's round-1 (free-recall) format.

    Staff sit in teams of 6 to 18 inside schools of about eight teams; respondents name
    colleagues mostly in their own team, then their school, rarely anyone else. The export has
    the sample's warts: typos, lower case, extra spaces, dropped tussenvoegsels and diacritics,
    surname first, initials, first names only (and homonyms, which large staff lists have),
    external contacts, self-nominations, ``niemand`` answers, a repeated submission per 200
    respondents, and blank rows.

    Parameters
    ----------
    n_people : int
        Staff on the roster, 50 to 50,000.
    topics : int, default 5
        Number of topics (the sample's five, then ``thema_6`` ...; at most 10).
    slots : int, default 8
        Name slots per topic, each with a frequency and a usefulness column.
    seed : int, default 0
        Seed of the numpy Generator; the same arguments give the same bytes.
    response_rate : float, default 0.8
        Share of staff who respond.
    fill : float, default 0.9
        Chance that a respondent fills a given name slot: 20,000 respondents x 5 topics x
        8 slots give about 720,000 names, the load benchmark's scale.
    out_dir : str or Path
        Folder to write into (created if missing).

    Returns
    -------
    dict of str to Path
        ``roster`` (UTF-8 CSV), ``survey`` (Dutch-Excel CSV: Windows-1252, ``;``, CRLF) and
        ``codebook`` (TOML, docs/codebook.md).

    Raises
    ------
    LeerlibError
        If ``n_people``, ``topics``, ``slots``, ``response_rate`` or ``fill`` is out of range.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = synthetic_organisation(60, topics=2, slots=3, out_dir=d)
    ...     roster = pd.read_csv(paths["roster"])
    ...     sorted(paths), len(roster)
    (['codebook', 'roster', 'survey'], 60)
    """
    n = _check_size(n_people)
    topic_list = _topics(topics)
    if not isinstance(slots, (int, np.integer)) or not 1 <= slots <= 20:
        raise LeerlibError(f"slots must be an integer from 1 to 20, got {slots!r}")
    if not 0.0 < response_rate <= 1.0 or not 0.0 <= fill <= 1.0:
        raise LeerlibError(
            f"response_rate must be in (0, 1] and fill in [0, 1], got {response_rate}, {fill}"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    people = structure(n, rng, "school")
    team_of = people["team"].to_numpy()
    unit_of = people["school"].to_numpy()

    resp = np.flatnonzero(rng.random(n) < response_rate)
    if len(resp) == 0:
        resp = np.array([0])
    R, T, S = len(resp), len(topic_list), slots
    k = rng.binomial(S, fill, size=(R, T))
    k[rng.random((R, T)) < _SKIP_TOPIC_SHARE] = 0
    filled = np.arange(S)[None, None, :] < k[:, :, None]  # (R, T, S)
    src = np.broadcast_to(resp[:, None, None], (R, T, S))[filled]
    cell = np.broadcast_to(np.arange(R * T).reshape(R, T, 1), (R, T, S))[filled]
    tgt = draw_targets(src, team_of, unit_of, n, rng)
    for _ in range(10):  # one name per colleague per question, as people answer
        again = pd.Series(cell * n + tgt).duplicated().to_numpy() & (
            rng.random(len(tgt)) >= _REPEAT_SHARE
        )
        if not again.any():
            break
        tgt[again] = draw_targets(src[again], team_of, unit_of, n, rng)
    keep_self = rng.random(len(src)) < _SELF_SHARE
    clash = (tgt == src) & ~keep_self
    tgt[clash] = (tgt[clash] + 1) % n

    variants = name_variants(people, rng)
    kinds = list(WARTS)
    p = np.array(list(WARTS.values()))
    kind = rng.choice(len(kinds), size=len(src), p=p / p.sum())
    raw = np.empty(len(src), dtype=object)
    for i, name in enumerate(kinds):
        sel = kind == i
        raw[sel] = variants[name][tgt[sel]]
    ext = rng.random(len(src)) < _EXTERNAL_SHARE
    raw[ext] = np.array(_names.EXTERNALS, dtype=object)[
        rng.integers(len(_names.EXTERNALS), size=ext.sum())
    ]

    names = np.full((R, T, S), "", dtype=object)
    names[filled] = raw
    freq = np.full((R, T, S), "", dtype=object)
    freq[filled] = np.array(FREQUENCY_LABELS, dtype=object)[rng.integers(0, 4, size=len(src))]
    use = np.full((R, T, S), "", dtype=object)
    use[filled] = np.array(USEFULNESS_LABELS, dtype=object)[rng.integers(0, 4, size=len(src))]
    nobody = (k == 0) & (rng.random((R, T)) < _NOBODY_SHARE)
    names[:, :, 0][nobody] = np.array(_names.NOBODY_ANSWERS, dtype=object)[
        rng.integers(len(_names.NOBODY_ANSWERS), size=nobody.sum())
    ]

    columns: dict[str, np.ndarray] = {}
    day = rng.integers(0, 15, size=R) * 86_400
    stamp = pd.Timestamp("2025-03-13 07:30") + pd.to_timedelta(
        day + rng.integers(0, int(9.5 * 3600), size=R), unit="s"
    )
    columns["Tijdstempel"] = np.asarray(stamp.strftime("%d-%m-%Y %H:%M:%S"), dtype=object)
    columns["E-mailadres"] = people["email"].to_numpy(dtype=object)[resp]
    columns["Voltooid"] = np.full(R, "Ja", dtype=object)
    hours = np.array(["0,5", "1", "1,5", "2", "2,5", "3"], dtype=object)
    columns["Uren per week"] = hours[rng.integers(len(hours), size=R)]
    for t, (key, _, _) in enumerate(topic_list):
        for s in range(S):
            columns[f"{key}_{s + 1}"] = names[:, t, s]
            columns[f"{key}_{s + 1}_freq"] = freq[:, t, s]
            columns[f"{key}_{s + 1}_nut"] = use[:, t, s]
    for c, cycle in enumerate(CYCLES):
        columns[f"waarde_{cycle}"] = np.array(AGREE5_LABELS, dtype=object)[
            np.clip(rng.normal(3.4 - 0.25 * c, 0.9, R).round().astype(int), 1, 5) - 1
        ]
    survey = pd.DataFrame(columns)
    # repeated submissions: an earlier, unfinished try by one respondent in 200
    again = rng.choice(R, size=max(1, R // 200), replace=False)
    first_try = survey.iloc[again].copy()
    first_try["Voltooid"] = "Nee"
    earlier = pd.to_datetime(first_try["Tijdstempel"], format="%d-%m-%Y %H:%M:%S")
    first_try["Tijdstempel"] = (earlier - pd.Timedelta(hours=5)).dt.strftime("%d-%m-%Y %H:%M:%S")
    survey = pd.concat([survey, first_try], ignore_index=True)
    blank = pd.DataFrame([[""] * survey.shape[1]] * max(1, R // 1000), columns=survey.columns)
    survey = pd.concat([survey, blank], ignore_index=True)
    survey = survey.iloc[rng.permutation(len(survey))]

    paths = {
        "roster": out / f"synthetic_roster_{n}.csv",
        "survey": out / f"synthetic_survey_{n}.csv",
        "codebook": out / f"synthetic_codebook_{n}.toml",
    }
    roster = people[["person_id", "name", "email", "school", "team", "role", "tenure_years"]]
    roster.to_csv(paths["roster"], index=False, encoding="utf-8-sig", lineterminator="\r\n")
    survey.to_csv(paths["survey"], sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    paths["codebook"].write_text(codebook(topic_list, S), encoding="utf-8", newline="\n")
    return paths


def synthetic_graph(
    n_people: int, *, avg_ties: float = 10, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a clean people and ties table of any size, for the metrics and maps benchmarks.

    People sit in teams of 6 to 18 inside departments of about eight teams; each person turns
    to ``avg_ties`` colleagues on average (Poisson), 60% in their own team, 30% in their
    department, 10% anywhere, favouring a few sought-after people per group. Each tie gets one
    of the five sample topics and a frequency weight from 1 to 4.

    Parameters
    ----------
    n_people : int
        50 to 50,000.
    avg_ties : float, default 10
        Mean out-degree before duplicates are merged.
    seed : int, default 0
        Seed of the numpy Generator.

    Returns
    -------
    people : DataFrame
        Contract columns (person_id, name, internal) plus department, team, role, tenure_years.
    ties : DataFrame
        Contract columns (source, target, topic, wave "2025", weight, raw_name, match
        "exact", match_score 100), no self-ties, one row per (source, target, topic, wave).

    Raises
    ------
    LeerlibError
        If ``n_people`` is out of range or ``avg_ties`` is not positive.

    Examples
    --------
    >>> people, ties = synthetic_graph(100, avg_ties=5)
    >>> len(people), bool((ties["source"] != ties["target"]).all())
    (100, True)
    """
    n = _check_size(n_people)
    if not avg_ties > 0:
        raise LeerlibError(f"avg_ties must be positive, got {avg_ties!r}")
    rng = np.random.default_rng(seed)
    people = structure(n, rng, "department")
    people.insert(2, "internal", True)
    out_deg = rng.poisson(avg_ties, size=n)
    src = np.repeat(np.arange(n), out_deg)
    tgt = draw_targets(
        src, people["team"].to_numpy(), people["department"].to_numpy(), n, rng, mix=(0.6, 0.3)
    )
    clash = tgt == src
    tgt[clash] = (tgt[clash] + 1) % n
    ids = people["person_id"].to_numpy(dtype=object)
    names = people["name"].to_numpy(dtype=object)
    ties = pd.DataFrame(
        {
            "source": ids[src],
            "target": ids[tgt],
            "topic": np.array([t[0] for t in TOPIC_CHOICES[:5]], dtype=object)[
                rng.integers(5, size=len(src))
            ],
            "wave": "2025",
            "weight": rng.integers(1, 5, size=len(src)).astype(float),
            "raw_name": names[tgt],
            "match": "exact",
            "match_score": 100.0,
        }
    )
    ties = ties.drop_duplicates(["source", "target", "topic", "wave"]).reset_index(drop=True)
    people = people.drop(columns=["first", "infix", "last"])
    return people, ties
