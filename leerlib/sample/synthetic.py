"""Synthetic organisations of any size (50 to 50,000 people), vectorised, for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from leerlib.errors import LeerlibError
from leerlib.sample import _names
from leerlib.sample._writers import toml_list, toml_str

__all__ = ["synthetic_organisation", "synthetic_graph", "MIN_PEOPLE", "MAX_PEOPLE"]

MIN_PEOPLE = 50
MAX_PEOPLE = 50_000

_TOPICS = (
    ("didactiek", "Didactiek", "Didactics"),
    ("ict", "ICT in de klas", "ICT in class"),
    ("zorg", "Leerlingenzorg", "Pupil care"),
    ("toetsing", "Toetsing", "Assessment"),
    ("klassenmanagement", "Klassenmanagement", "Classroom management"),
)
_FREQUENCY = ("Dagelijks", "Wekelijks", "Maandelijks", "Minder dan maandelijks")
_USEFULNESS = ("Niet nuttig", "Een beetje nuttig", "Nuttig", "Zeer nuttig")
_AGREE5 = ("Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens")
_CYCLES = ("immediate", "potential", "applied", "realized", "reframing")
_ROLES = ("leraar", "onderwijsassistent", "stagiair", "intern begeleider", "ICT-coördinator")
_ROLE_P = (0.72, 0.13, 0.08, 0.04, 0.03)
# how a typed name differs from the roster (share of name cells)
_WARTS = {
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
_EXTERNAL_SHARE = 0.01
_SELF_SHARE = 0.002
_NOBODY_SHARE = 0.3  # of the (respondent, topic) pairs with no names
_HOMONYM_SHARE = 0.002
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
    extra = [(f"thema_{i}", f"Thema {i}", f"Theme {i}") for i in range(len(_TOPICS) + 1, 11)]
    return (list(_TOPICS) + extra)[:n]


def _structure(n: int, rng: np.random.Generator, unit: str) -> pd.DataFrame:
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


def _draw_targets(
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


def _name_variants(people: pd.DataFrame, rng) -> dict[str, np.ndarray]:
    """Every person's name typed each way (one fixed typo per person)."""
    out = {}
    parts = list(zip(people["first"], people["infix"], people["last"], strict=True))
    for kind in _WARTS:
        out[kind] = np.array([_names.typed_name(f, i, la, kind, rng) for f, i, la in parts], object)
    return out


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
    people = _structure(n, rng, "school")
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
    tgt = _draw_targets(src, team_of, unit_of, n, rng)
    for _ in range(10):  # one name per colleague per question, as people answer
        again = pd.Series(cell * n + tgt).duplicated().to_numpy() & (
            rng.random(len(tgt)) >= _REPEAT_SHARE
        )
        if not again.any():
            break
        tgt[again] = _draw_targets(src[again], team_of, unit_of, n, rng)
    keep_self = rng.random(len(src)) < _SELF_SHARE
    clash = (tgt == src) & ~keep_self
    tgt[clash] = (tgt[clash] + 1) % n

    variants = _name_variants(people, rng)
    kinds = list(_WARTS)
    p = np.array(list(_WARTS.values()))
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
    freq[filled] = np.array(_FREQUENCY, dtype=object)[rng.integers(0, 4, size=len(src))]
    use = np.full((R, T, S), "", dtype=object)
    use[filled] = np.array(_USEFULNESS, dtype=object)[rng.integers(0, 4, size=len(src))]
    nobody = (k == 0) & (rng.random((R, T)) < _NOBODY_SHARE)
    names[:, :, 0][nobody] = np.array(_names.NOBODY_ANSWERS, dtype=object)[
        rng.integers(len(_names.NOBODY_ANSWERS), size=nobody.sum())
    ]

    columns: dict[str, np.ndarray] = {}
    stamp = pd.Timestamp("2025-03-13 07:30") + pd.to_timedelta(
        rng.integers(0, 15 * 24 * 3600, size=R), unit="s"
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
    for c, cycle in enumerate(_CYCLES):
        columns[f"waarde_{cycle}"] = np.array(_AGREE5, dtype=object)[
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
    paths["codebook"].write_text(_codebook(topic_list, S), encoding="utf-8", newline="\n")
    return paths


def _codebook(topic_list, slots: int) -> str:
    lines = [
        "# Codebook of a synthetic organisation (leerlib.sample.synthetic_organisation).",
        "[survey]",
        'wave = "2025"',
        'language = "nl"',
        'encoding = "cp1252"',
        'delimiter = ";"',
        'decimal = ","',
        "",
        "[respondent]",
        'column = "E-mailadres"',
        'by = "email"',
        'submitted_at = "Tijdstempel"',
        'complete_column = "Voltooid"',
        "",
        "[unknown]",
        'names = "external"',
        f"nobody = {toml_list(_names.NOBODY_ANSWERS)}",
        "",
    ]
    for key, nl, en in topic_list:
        lines += ["[[topics]]", f"key = {toml_str(key)}", f"nl = {toml_str(nl)}"]
        lines += [f"en = {toml_str(en)}", ""]
    for key, _, _ in topic_list:
        cols = [f"{key}_{s + 1}" for s in range(slots)]
        lines += [
            "[[nominations]]",
            'shape = "slots"',
            f"topic = {toml_str(key)}",
            f"columns = {toml_list(cols)}",
            'attributes = { frequency = "{column}_freq", usefulness = "{column}_nut" }',
            'weight = "frequency"',
            "",
        ]
    lines += ["[scales.frequency]"]
    lines += [f"{toml_str(label)} = {4 - i}" for i, label in enumerate(_FREQUENCY)] + [""]
    lines += ["[scales.usefulness]"]
    lines += [f"{toml_str(label)} = {i + 1}" for i, label in enumerate(_USEFULNESS)] + [""]
    lines += ["[scales.agree5]"]
    lines += [f"{toml_str(label)} = {i + 1}" for i, label in enumerate(_AGREE5)] + [""]
    for cycle in _CYCLES:
        lines += [
            "[[value]]",
            f'column = "waarde_{cycle}"',
            f'cycle = "{cycle}"',
            f'item = "waarde {cycle}"',
            'scale = "agree5"',
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def synthetic_graph(
    n_people: int, *, avg_ties: float = 10, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A clean people and ties table of any size, for the metrics and maps benchmarks.

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
    people = _structure(n, rng, "department")
    people.insert(2, "internal", True)
    out_deg = rng.poisson(avg_ties, size=n)
    src = np.repeat(np.arange(n), out_deg)
    tgt = _draw_targets(
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
            "topic": np.array([t[0] for t in _TOPICS], dtype=object)[
                rng.integers(len(_TOPICS), size=len(src))
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
