"""The bundled sample: a fictional Dutch school board surveyed twice, written deterministically."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from leerlib.sample import _names
from leerlib.sample._readme import write_readme
from leerlib.sample._writers import toml_list, toml_str, write_csv, write_xlsx

__all__ = [
    "SEED",
    "ORGANISATION",
    "SCHOOLS",
    "TOPICS",
    "FREQUENCY",
    "USEFULNESS",
    "AGREE5",
    "VALUE_ITEMS",
    "SAMPLE_FILES",
    "generate_sample",
]

#: The one seed of the bundled sample (numpy's PCG64; no hash seeds involved).
SEED = 20250314

ORGANISATION = "Stichting Samen Leren"  # fictional
EMAIL_DOMAIN = "samenleren.example"

#: (school, short name used in team labels, staff in 2025)
SCHOOLS = (
    ("De Regenboog", "Regenboog", 52),
    ("Het Kompas", "Kompas", 48),
    ("De Zevensprong", "Zevensprong", 50),
)
BOUWEN = ("onderbouw", "middenbouw", "bovenbouw")

#: (key, Dutch label, English label)
TOPICS = (
    ("didactiek", "Didactiek", "Didactics"),
    ("ict", "ICT in de klas", "ICT in class"),
    ("zorg", "Leerlingenzorg", "Pupil care"),
    ("toetsing", "Toetsing", "Assessment"),
    ("klassenmanagement", "Klassenmanagement", "Classroom management"),
)
TOPIC_KEYS = tuple(t[0] for t in TOPICS)
FREQUENCY = (("Dagelijks", 4), ("Wekelijks", 3), ("Maandelijks", 2), ("Minder dan maandelijks", 1))
USEFULNESS = (("Niet nuttig", 1), ("Een beetje nuttig", 2), ("Nuttig", 3), ("Zeer nuttig", 4))
AGREE5 = (
    ("Helemaal mee oneens", 1),
    ("Mee oneens", 2),
    ("Neutraal", 3),
    ("Mee eens", 4),
    ("Helemaal mee eens", 5),
)
#: (cycle, item text; the text is also the column header in both exports)
VALUE_ITEMS = (
    ("immediate", "De gesprekken met collega's waren de moeite waard"),
    ("potential", "Ik heb ideeën opgedaan die ik kan gebruiken"),
    ("applied", "Ik heb iets wat ik van collega's leerde in mijn klas toegepast"),
    ("realized", "Dat heeft merkbaar verschil gemaakt voor mijn leerlingen"),
    ("reframing", "Ik ben anders gaan denken over goed onderwijs"),
)
SLOTS = 5
NOBODY = ("niemand", "Niemand", "geen", "n.v.t.", "-")
MATRIX_PREFIX = "Van wie leer je?"

SAMPLE_FILES = {
    "roster_2025": "roster_2025.csv",
    "roster_2026": "roster_2026.xlsx",
    "survey_2025": "survey_2025.csv",
    "survey_2026": "survey_2026.xlsx",
    "codebook_2025": "codebook_2025.toml",
    "codebook_2026": "codebook_2026.toml",
    "aliases": "aliases.csv",
    "truth_ties": "truth_ties.csv",
    "truth_names": "truth_names_2025.csv",
    "readme": "README.md",
}

# How much colleagues seek a role out per topic (a teacher is 1).
EXPERTISE = {
    "leraar": (1.0, 1.0, 1.0, 1.0, 1.0),
    "teamleider": (2.0, 1.0, 1.5, 2.0, 3.0),
    "intern begeleider": (1.5, 0.5, 6.0, 3.0, 1.5),
    "ICT-coördinator": (1.2, 8.0, 0.6, 1.0, 0.8),
    "directeur": (0.6, 0.4, 0.8, 1.5, 0.6),
    "onderwijsassistent": (0.4, 0.5, 1.0, 0.3, 0.6),
    "stagiair": (0.15, 0.4, 0.1, 0.1, 0.1),
    "vakleerkracht bewegingsonderwijs": (0.5, 0.2, 0.4, 0.3, 1.5),
    "conciërge": (0.05, 0.6, 0.05, 0.05, 0.2),
    "administratief medewerker": (0.05, 0.3, 0.05, 0.1, 0.05),
}
RESPONSE_P = {
    "leraar": 0.84,
    "teamleider": 0.95,
    "intern begeleider": 0.95,
    "ICT-coördinator": 0.9,
    "directeur": 1.0,
    "onderwijsassistent": 0.7,
    "stagiair": 0.6,
    "vakleerkracht bewegingsonderwijs": 0.8,
    "conciërge": 0.5,
    "administratief medewerker": 0.6,
}
TOPIC_RATE = (2.0, 1.3, 1.5, 1.1, 1.7)
TENURE_MEAN = {
    "leraar": 10,
    "teamleider": 15,
    "intern begeleider": 14,
    "ICT-coördinator": 9,
    "directeur": 12,
    "onderwijsassistent": 6,
    "stagiair": 0,
    "vakleerkracht bewegingsonderwijs": 8,
    "conciërge": 11,
    "administratief medewerker": 9,
}


# ---------------------------------------------------------------------------- people
def _new_person(rng, taken: set, school: str, team: str, role: str, tenure: int) -> dict:
    while True:
        first = _names.FIRST_NAMES[int(rng.integers(len(_names.FIRST_NAMES)))]
        infix, last = _names.SURNAMES[int(rng.integers(len(_names.SURNAMES)))]
        name = _names.full_name(first, infix, last)
        if name not in taken:
            taken.add(name)
            return {
                "first": first,
                "infix": infix,
                "last": last,
                "school": school,
                "team": team,
                "role": role,
                "tenure_years": tenure,
            }


def _tenure(rng, role: str) -> int:
    mean = TENURE_MEAN[role]
    if mean == 0:
        return 0
    return int(min(40, max(0, round(rng.gamma(2.0, mean / 2.0)))))


def _make_staff(rng: np.random.Generator) -> pd.DataFrame:
    taken: set[str] = set()
    rows = []
    for school, short, size in SCHOOLS:
        support = [
            ("directeur", 1),
            ("intern begeleider", 2),
            ("vakleerkracht bewegingsonderwijs", 1),
            ("conciërge", 1),
            ("administratief medewerker", 1),
        ]
        for role, count in support:
            for _ in range(count):
                rows.append(
                    _new_person(
                        rng, taken, school, f"{short} ondersteuning", role, _tenure(rng, role)
                    )
                )
        n_teachers = size - 6 - 3 * 2 - 5 - 1
        per_bouw = [n_teachers // 3 + (1 if i < n_teachers % 3 else 0) for i in range(3)][::-1]
        assistants = (2, 1, 2)
        for b, bouw in enumerate(BOUWEN):
            team = f"{short} {bouw}"
            roles = (
                ["teamleider"]
                + ["leraar"] * per_bouw[b]
                + ["onderwijsassistent"] * assistants[b]
                + ["stagiair"]
                + (["ICT-coördinator"] if bouw == "bovenbouw" else [])
            )
            for role in roles:
                rows.append(_new_person(rng, taken, school, team, role, _tenure(rng, role)))
    staff = pd.DataFrame(rows)
    # Long-serving staff appear under their formal first name on the HR list.
    senior = staff.index[
        (staff["tenure_years"] >= 12) & staff["role"].isin(["leraar", "teamleider"])
    ]
    chosen = rng.choice(senior, size=len(_names.NICKNAMES), replace=False)
    for idx, formal in zip(sorted(chosen), _names.NICKNAMES, strict=False):
        infix, last = staff.at[idx, "infix"], staff.at[idx, "last"]
        taken.discard(_names.full_name(staff.at[idx, "first"], infix, last))
        staff.at[idx, "first"] = formal
    staff["nickname"] = staff["first"].map(_names.NICKNAMES).fillna("")
    staff["appeal"] = rng.lognormal(0.0, 0.5, len(staff))
    staff["activity"] = rng.gamma(4.0, 0.25, len(staff))
    staff["value_latent"] = rng.normal(3.4, 0.45, len(staff))
    staff.insert(0, "person_id", [f"P{i + 1:04d}" for i in range(len(staff))])
    return _finish_people(staff, set())


def _finish_people(staff: pd.DataFrame, used_emails: set) -> pd.DataFrame:
    staff = staff.copy()
    staff["name"] = [
        _names.full_name(f, i, la)
        for f, i, la in zip(staff["first"], staff["infix"], staff["last"], strict=False)
    ]
    emails = []
    for f, i, la, old in zip(
        staff["first"],
        staff["infix"],
        staff["last"],
        staff.get("email", pd.Series([""] * len(staff))),
        strict=False,
    ):
        if isinstance(old, str) and old:
            emails.append(old)
            continue
        base = _names.email_local(f, i, la)
        local, k = base, 2
        while local in used_emails:
            local, k = f"{base}{k}", k + 1
        used_emails.add(local)
        emails.append(f"{local}@{EMAIL_DOMAIN}")
    staff["email"] = emails
    return staff


def _pick(rng, staff: pd.DataFrame, mask, k: int, exclude=()) -> list[str]:
    ids = staff.loc[mask & ~staff["person_id"].isin(list(exclude)), "person_id"].tolist()
    return sorted(rng.choice(ids, size=k, replace=False).tolist())


def _roles(staff25: pd.DataFrame, rng) -> dict:
    """Choose the people the story is about: brokers, isolates, leavers, the ICT network."""
    s = staff25
    teachers = s["role"] == "leraar"
    school = s["school"]
    brokers = [
        _pick(
            rng, s, teachers & (s["team"] == "Regenboog middenbouw") & (s["tenure_years"] >= 4), 1
        )[0],
        _pick(rng, s, (s["role"] == "intern begeleider") & (school == "Het Kompas"), 1)[0],
        s.loc[
            (s["role"] == "teamleider") & (s["team"] == "Zevensprong bovenbouw"), "person_id"
        ].iloc[0],
    ]
    isolates = [
        s.loc[(s["role"] == "conciërge") & (school == "Het Kompas"), "person_id"].iloc[0],
        s.loc[
            (s["role"] == "administratief medewerker") & (school == "De Zevensprong"), "person_id"
        ].iloc[0],
        _pick(rng, s, teachers & (school == "De Regenboog"), 1, exclude=brokers)[0],
    ]
    special = set(brokers) | set(isolates) | set(s.loc[s["nickname"] != "", "person_id"])
    retirees = (
        s[teachers & ~s["person_id"].isin(special)]
        .sort_values(["tenure_years", "person_id"], ascending=[False, True])["person_id"]
        .head(2)
        .tolist()
    )
    special |= set(retirees)
    movers = _pick(rng, s, teachers, 3, exclude=special)
    special |= set(movers)
    assistant = _pick(rng, s, s["role"] == "onderwijsassistent", 1, exclude=special)
    leavers = sorted(
        [brokers[0]]
        + retirees
        + movers
        + assistant
        + s.loc[s["role"] == "stagiair", "person_id"].tolist()
    )
    network = []
    for name, _, _ in SCHOOLS:
        network += s.loc[(s["role"] == "ICT-coördinator") & (school == name), "person_id"].tolist()
        ok = teachers & (school == name) & s["tenure_years"].between(3, 20)
        network += _pick(rng, s, ok, 2, exclude=special | set(leavers))
    return {
        "brokers": brokers,
        "isolates": isolates,
        "leavers": leavers,
        "ict_network": sorted(network),
        "nicknamed": sorted(s.loc[s["nickname"] != "", "person_id"]),
    }


def _turnover(staff25: pd.DataFrame, story: dict, rng) -> pd.DataFrame:
    stay = staff25[~staff25["person_id"].isin(story["leavers"])].copy()
    stay["tenure_years"] = stay["tenure_years"] + 1
    taken = set(staff25["name"])
    rows = []
    joiners = [("stagiair", 3), ("leraar", 2), ("onderwijsassistent", 0)]
    for s_idx, (school, short, _) in enumerate(SCHOOLS):
        for role, count in joiners:
            count = count - (1 if role == "stagiair" and s_idx == 2 else 0)
            count = count + (1 if role == "onderwijsassistent" and s_idx == 1 else 0)
            for _ in range(count):
                bouw = BOUWEN[int(rng.integers(3))]
                tenure = 0 if role != "leraar" else int(rng.integers(0, 6))
                rows.append(_new_person(rng, taken, school, f"{short} {bouw}", role, tenure))
    new = pd.DataFrame(rows)
    new["nickname"] = ""
    new["appeal"] = rng.lognormal(0.0, 0.5, len(new))
    new["activity"] = rng.gamma(4.0, 0.25, len(new))
    new["value_latent"] = rng.normal(3.4, 0.45, len(new))
    start = len(staff25) + 1
    new.insert(0, "person_id", [f"P{start + i:04d}" for i in range(len(new))])
    used = {e.split("@")[0] for e in staff25["email"]}
    new = _finish_people(new, used)
    return pd.concat([stay, new], ignore_index=True)


def _respondents(staff: pd.DataFrame, story: dict, rng) -> np.ndarray:
    p = staff["role"].map(RESPONSE_P).to_numpy(dtype=float)
    mask = rng.random(len(staff)) < p
    ids = staff["person_id"].to_numpy()
    mask[np.isin(ids, story["brokers"])] = True
    mask[np.isin(ids, story["ict_network"])] = True
    iso = story["isolates"]
    mask[np.isin(ids, [iso[0], iso[2]])] = False
    mask[ids == iso[1]] = True
    return mask


# ---------------------------------------------------------------------------- ties
def _draw_ties(
    staff: pd.DataFrame,
    responded: np.ndarray,
    wave: str,
    story: dict,
    rng,
    prev: pd.DataFrame | None = None,
    newcomers=(),
) -> pd.DataFrame:
    ids = staff["person_id"].to_numpy()
    n = len(ids)
    team = staff["team"].to_numpy()
    school = staff["school"].to_numpy()
    same_team = team[:, None] == team[None, :]
    same_school = school[:, None] == school[None, :]
    broker = np.isin(ids, story["brokers"])
    isolate = np.isin(ids, story["isolates"])
    new = np.isin(ids, list(newcomers))
    network = np.isin(ids, story["ict_network"]) if wave == "2026" else np.zeros(n, bool)
    affinity = np.where(same_team, 40.0, np.where(same_school, 6.0, 0.04))
    cross_broker = (~same_school) & (broker[:, None] | broker[None, :])
    affinity[cross_broker] = 5.0
    tenure = staff["tenure_years"].to_numpy(dtype=float)
    expertise = np.array([EXPERTISE[r] for r in staff["role"]])
    appeal = staff["appeal"].to_numpy() * (1 + tenure / 10)
    appeal = np.where(isolate, 0.0, np.where(new, 0.35 * appeal, appeal))
    prev_keys = set()
    if prev is not None:
        prev_keys = set(zip(prev["source"], prev["target"], prev["topic"], strict=False))
    rows = []
    for t, topic in enumerate(TOPIC_KEYS):
        attract = appeal * expertise[:, t]
        aff_t = affinity.copy()
        if topic == "ict" and network.any():
            # the network's members became go-to people on ict, and above all for each other
            attract = np.where(network, np.maximum(attract, 3.0 * appeal), attract)
            aff_t[np.ix_(network, network)] = np.where(
                same_school[np.ix_(network, network)], 40.0, 60.0
            )
            aff_t[:, network] *= np.where(same_school[:, network], 2.0, 1.0)
        for i in np.flatnonzero(responded & ~isolate):
            w = attract * aff_t[i]
            w[i] = 0.0
            if prev_keys:
                again = np.array([(ids[i], ids[j], topic) in prev_keys for j in range(n)])
                w = np.where(again, 8.0 * w, w)
            lam = staff["activity"].iat[i] * TOPIC_RATE[t]
            lam *= 0.6 if new[i] else 1.0
            lam *= 2.5 if (network[i] and topic == "ict") else 1.0
            k = min(SLOTS, int(rng.poisson(lam)), int((w > 0).sum()))
            if k == 0:
                continue
            targets = rng.choice(n, size=k, replace=False, p=w / w.sum())
            for j in targets:
                if same_team[i, j]:
                    fp = (0.25, 0.45, 0.2, 0.1)
                elif same_school[i, j]:
                    fp = (0.05, 0.3, 0.4, 0.25)
                else:
                    fp = (0.0, 0.15, 0.45, 0.4)
                f = int(rng.choice(4, p=fp))
                u = int(
                    np.clip(np.round(2.6 + 0.5 * np.log(attract[j]) + rng.normal(0, 0.6)), 1, 4)
                )
                rows.append((wave, ids[i], ids[j], topic, FREQUENCY[f][0], USEFULNESS[u - 1][0]))
    ties = pd.DataFrame(
        rows, columns=["wave", "source", "target", "topic", "frequency", "usefulness"]
    )
    # people list the colleagues they see most first
    order = {label: r for r, (label, _) in enumerate(FREQUENCY)}
    ties["_f"] = ties["frequency"].map(order)
    ties = ties.sort_values(["source", "topic", "_f"], kind="stable").drop(columns="_f")
    return ties.reset_index(drop=True)


def _value_answers(staff: pd.DataFrame, wave: str, story: dict, rng) -> dict[str, list]:
    offsets = {
        "immediate": 0.6,
        "potential": 0.3,
        "applied": 0.0,
        "realized": -0.4,
        "reframing": -0.7,
    }
    network = staff["person_id"].isin(story["ict_network"]).to_numpy() & (wave == "2026")
    out = {}
    for pid, latent, net in zip(staff["person_id"], staff["value_latent"], network, strict=False):
        answers = []
        for cycle, _ in VALUE_ITEMS:
            boost = 0.6 if net and cycle in ("applied", "realized") else 0.0
            score = int(
                np.clip(np.round(latent + offsets[cycle] + boost + rng.normal(0, 0.6)), 1, 5)
            )
            answers.append(None if rng.random() < 0.03 else AGREE5[score - 1][0])
        out[pid] = answers
    return out


def _submission_times(n: int, start: datetime, rng) -> list[datetime]:
    """Working-hours time stamps between the 13th and the 27th (day > 12: no d/m ambiguity)."""
    days = rng.integers(0, 15, n)
    minutes = rng.integers(7 * 60 + 30, 17 * 60, n)
    seconds = rng.integers(0, 60, n)
    times = [
        start + timedelta(days=int(d), minutes=int(m), seconds=int(s))
        for d, m, s in zip(days, minutes, seconds, strict=False)
    ]
    return sorted(times)


# ---------------------------------------------------------------------------- wave 2025
def _slot_columns(topic: str) -> list[tuple[str, str, str]]:
    return [(f"{topic}_{k}", f"{topic}_{k}_freq", f"{topic}_{k}_nut") for k in range(1, SLOTS + 1)]


def _survey_2025(staff, responded, ties, story, rng, path: Path) -> tuple[pd.DataFrame, dict]:
    header = ["Tijdstempel", "E-mailadres", "Voltooid", "Uren per week"]
    for topic in TOPIC_KEYS:
        for cols in _slot_columns(topic):
            header += list(cols)
    header += [item for _, item in VALUE_ITEMS]
    col_index = {c: i for i, c in enumerate(header)}
    person = staff.set_index("person_id")
    resp_ids = staff.loc[responded, "person_id"].tolist()
    values = _value_answers(staff, "2025", story, rng)
    hours = ("0,5", "1", "1,5", "2", "2,5", "3", "4")

    # cells[pid][topic] = list of [raw, freq, use, truth_pid, kind, wart]
    cells: dict[str, dict[str, list]] = {pid: {t: [] for t in TOPIC_KEYS} for pid in resp_ids}
    p_kind = {
        "exact": 0.56,
        "lowercase": 0.07,
        "spacing": 0.04,
        "typo": 0.08,
        "no_infix": 0.07,
        "no_diacritics": 0.06,
        "surname_first": 0.05,
        "initial": 0.04,
        "first_only": 0.03,
    }
    kinds, probs = list(p_kind), np.array(list(p_kind.values()))
    for row in ties.itertuples(index=False):
        tgt = person.loc[row.target]
        kind = kinds[int(rng.choice(len(kinds), p=probs / probs.sum()))]
        if tgt["nickname"]:
            kind = "nickname" if rng.random() < 0.8 else "exact"
        if kind == "no_infix" and not tgt["infix"]:
            kind = "exact"
        if kind == "no_diacritics" and _names.strip_diacritics(tgt["name"]) == tgt["name"]:
            kind = "exact"
        raw = _names.typed_name(tgt["first"], tgt["infix"], tgt["last"], kind, rng, tgt["nickname"])
        cells[row.source][row.topic].append(
            [raw, row.frequency, row.usefulness, row.target, "name", kind]
        )
    wart_counts = {
        "self": 0,
        "external": 0,
        "nobody": 0,
        "repeat": 0,
        "no_frequency": 0,
        "slot_gap": 0,
    }
    isolate_resp = [p for p in story["isolates"] if p in cells]
    for pid in isolate_resp:
        for t in TOPIC_KEYS:
            cells[pid][t] = [["niemand", None, None, "", "nobody", "nobody"]]
            wart_counts["nobody"] += 1
    others = [p for p in resp_ids if p not in story["isolates"]]

    def free_slot(pid, t):
        return len(cells[pid][t]) < SLOTS

    # self-nominations
    for pid in rng.choice(others, size=4, replace=False):
        t = TOPIC_KEYS[int(rng.integers(len(TOPIC_KEYS)))]
        if free_slot(pid, t):
            cells[pid][t].append(
                [person.at[pid, "name"], "Wekelijks", "Nuttig", pid, "self", "exact"]
            )
            wart_counts["self"] += 1
    # external contacts
    for e in range(12):
        pid = others[int(rng.integers(len(others)))]
        t = TOPIC_KEYS[int(rng.integers(len(TOPIC_KEYS)))]
        if free_slot(pid, t):
            raw = _names.EXTERNALS[e % len(_names.EXTERNALS)]
            cells[pid][t].append([raw, "Maandelijks", "Nuttig", "", "external", "external"])
            wart_counts["external"] += 1
    # the same colleague named twice for one topic
    named = [(p, t) for p in others for t in TOPIC_KEYS if 0 < len(cells[p][t]) < SLOTS]
    for i in rng.choice(len(named), size=2, replace=False):
        p, t = named[i]
        first = cells[p][t][0]
        tgt = person.loc[first[3]]
        raw = tgt["nickname"] or tgt["first"]
        raw = _names.full_name(raw, tgt["infix"], tgt["last"]).upper()
        cells[p][t].append([raw, first[1], first[2], first[3], "name", "repeat"])
        wart_counts["repeat"] += 1
    # "niemand" where someone names nobody for a topic
    empty = [(p, t) for p in others for t in TOPIC_KEYS if not cells[p][t]]
    for n_i, i in enumerate(sorted(rng.choice(len(empty), size=min(6, len(empty)), replace=False))):
        p, t = empty[i]
        cells[p][t] = [[NOBODY[n_i % 4], None, None, "", "nobody", "nobody"]]
        wart_counts["nobody"] += 1
    # a name without a frequency answer
    filled = [
        (p, t) for p in others for t in TOPIC_KEYS if cells[p][t] and cells[p][t][0][4] == "name"
    ]
    for i in sorted(rng.choice(len(filled), size=2, replace=False)):
        p, t = filled[i]
        cells[p][t][0][1] = None
        wart_counts["no_frequency"] += 1
    # answers that start in the second slot
    gaps = [
        (p, t)
        for p in others
        for t in TOPIC_KEYS
        if 0 < len(cells[p][t]) < SLOTS and cells[p][t][0][4] == "name"
    ]
    gap_set = set()
    for i in sorted(rng.choice(len(gaps), size=3, replace=False)):
        gap_set.add(gaps[i])
        wart_counts["slot_gap"] += 1

    times = dict(
        zip(resp_ids, _submission_times(len(resp_ids), datetime(2025, 3, 13), rng), strict=False)
    )
    leavers = set(story["leavers"])
    dup_pid = sorted(
        p
        for p in others
        if person.at[p, "role"] == "leraar"
        and p not in leavers
        and all(cells[p][t] for t in TOPIC_KEYS[:2])
    )[0]
    order = sorted(resp_ids, key=lambda p: times[p])
    submissions = [(times[p], p, True) for p in order]
    first_try = times[dup_pid] - timedelta(days=1, hours=2)
    submissions.append((first_try, dup_pid, False))
    submissions.sort(key=lambda x: (x[0], x[1]))

    rows: list[list | None] = []
    truth = []
    for when, pid, complete in submissions:
        out: list = [None] * len(header)
        out[0] = when.strftime("%d-%m-%Y %H:%M")
        out[1] = person.at[pid, "email"]
        out[2] = "Ja" if complete else "Nee"
        out[3] = hours[int(rng.integers(len(hours)))]
        topics = TOPIC_KEYS if complete else TOPIC_KEYS[:1]
        for t in topics:
            entries = cells[pid][t] if complete else cells[pid][t][:-1] or cells[pid][t]
            shift = 1 if (pid, t) in gap_set and complete else 0
            for k, entry in enumerate(entries):
                name_col, freq_col, use_col = _slot_columns(t)[k + shift]
                out[col_index[name_col]] = entry[0]
                out[col_index[freq_col]] = entry[1]
                out[col_index[use_col]] = entry[2]
                truth.append(
                    {
                        "row": None,
                        "column": name_col,
                        "raw_name": entry[0],
                        "person_id": entry[3],
                        "kind": entry[4],
                        "wart": entry[5],
                        "respondent": pid,
                        "superseded": not complete,
                    }
                )
        if complete:
            for k, (_, item) in enumerate(VALUE_ITEMS):
                out[col_index[item]] = values[pid][k]
        rows.append(out)
        for tr in truth:
            if tr["row"] is None:
                tr["row"] = len(rows)  # provisional: index among data rows
    # one blank row mid-file (someone pressed enter) and one at the end
    blank_at = len(rows) * 2 // 5
    rows.insert(blank_at, [None] * len(header))
    rows.append([None] * len(header))
    for tr in truth:
        data_index = tr["row"] - 1
        tr["row"] = data_index + 2 + (1 if data_index >= blank_at else 0)
    write_csv(path, header, rows)
    truth_df = pd.DataFrame(truth)
    truth_df.insert(0, "wave", "2025")
    info = {
        "respondents": len(resp_ids),
        "submissions": len(submissions),
        "duplicate_respondent": dup_pid,
        "blank_rows": [blank_at + 2, len(rows) + 1],
        "warts": wart_counts,
        "gap_cells": sorted(gap_set),
    }
    return truth_df, info


# ---------------------------------------------------------------------------- wave 2026
def _matrix_order(staff: pd.DataFrame) -> pd.DataFrame:
    key = staff["last"].map(_names.strip_diacritics) + " " + staff["first"]
    return staff.assign(_k=key).sort_values(["_k", "person_id"]).drop(columns="_k")


def _survey_2026(staff, responded, ties, story, rng, path: Path) -> dict:
    listed = _matrix_order(staff)
    matrix_cols = [f"{MATRIX_PREFIX} [{n}]" for n in listed["name"]]
    col_of = dict(zip(listed["person_id"], range(5, 5 + len(listed)), strict=False))
    header = ["Id", "Begintijd", "Tijdstip van voltooien", "E-mail", "Naam"] + matrix_cols
    header += [item for _, item in VALUE_ITEMS]
    label = {k: nl for k, nl, _ in TOPICS}
    person = staff.set_index("person_id")
    resp_ids = staff.loc[responded, "person_id"].tolist()
    values = _value_answers(staff, "2026", story, rng)
    chosen: dict[tuple[str, str], list[str]] = {}
    for row in ties.itertuples(index=False):
        chosen.setdefault((row.source, row.target), []).append(row.topic)
    self_ticks = sorted(
        rng.choice(
            [p for p in resp_ids if p not in story["isolates"]], size=3, replace=False
        ).tolist()
    )
    for p in self_ticks:
        chosen[(p, p)] = ["didactiek"]
    times = dict(
        zip(resp_ids, _submission_times(len(resp_ids), datetime(2026, 3, 13), rng), strict=False)
    )
    order = sorted(resp_ids, key=lambda p: times[p])
    rows: list = []
    for n_id, pid in enumerate(order, start=1):
        out: list = [None] * len(header)
        end = times[pid]
        out[0] = n_id
        out[1] = end - timedelta(minutes=int(rng.integers(6, 25)), seconds=int(rng.integers(60)))
        out[2] = end
        out[3] = person.at[pid, "email"]
        out[4] = person.at[pid, "name"]
        for (src, tgt), topics in chosen.items():
            if src == pid:
                topics = sorted(topics, key=TOPIC_KEYS.index)
                # Microsoft Forms ends every multiple-choice answer with the delimiter
                out[col_of[tgt]] = "".join(label[t] + ";" for t in topics)
        for k, (_, _item) in enumerate(VALUE_ITEMS):
            out[len(header) - len(VALUE_ITEMS) + k] = values[pid][k]
        rows.append(out)
    blank_at = len(rows) // 2
    rows.insert(blank_at, None)
    write_xlsx(path, header, rows, sheet="Form1")
    return {
        "respondents": len(resp_ids),
        "self_ticks": self_ticks,
        "blank_rows": [blank_at + 2],
        "matrix_columns": len(matrix_cols),
    }


# ---------------------------------------------------------------------------- files
def _roster_frame(staff: pd.DataFrame) -> pd.DataFrame:
    cols = ["person_id", "name", "email", "school", "team", "role", "tenure_years"]
    return staff[cols].sort_values("person_id").reset_index(drop=True)


def _codebook_common(wave: str) -> list[str]:
    lines = ["", "[unknown]", 'names = "external"', f"nobody = {toml_list(NOBODY)}", ""]
    for key, nl, en in TOPICS:
        lines += [
            "[[topics]]",
            f"key = {toml_str(key)}",
            f"nl = {toml_str(nl)}",
            f"en = {toml_str(en)}",
            "",
        ]
    return lines


def _scale(name: str, pairs) -> list[str]:
    return [f"[scales.{name}]"] + [f"{toml_str(k)} = {v}" for k, v in pairs] + [""]


def _value_blocks() -> list[str]:
    lines = []
    for cycle, item in VALUE_ITEMS:
        lines += [
            "[[value]]",
            f"column = {toml_str(item)}",
            f"cycle = {toml_str(cycle)}",
            f"item = {toml_str(item)}",
            'scale = "agree5"',
            "",
        ]
    return lines


def _codebook_2025() -> str:
    lines = [
        "# Codebook of survey_2025.csv: free recall, up to 5 names per topic (Dutch-Excel CSV).",
        "# Every name slot has a frequency and a usefulness answer beside it.",
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
        "[roster]",
        'id = "person_id"',
        'name = "name"',
        'email = "email"',
    ]
    lines += _codebook_common("2025")
    for key in TOPIC_KEYS:
        cols = [c[0] for c in _slot_columns(key)]
        lines += [
            "[[nominations]]",
            'shape = "slots"',
            f"topic = {toml_str(key)}",
            f"columns = {toml_list(cols)}",
            'attributes = { frequency = "{column}_freq", usefulness = "{column}_nut" }',
            'weight = "frequency"',
            "",
        ]
    lines += _scale("frequency", FREQUENCY) + _scale("usefulness", USEFULNESS)
    lines += _scale("agree5", AGREE5) + _value_blocks()
    return "\n".join(lines).rstrip("\n") + "\n"


def _codebook_2026() -> str:
    labels = ", ".join(f"{toml_str(nl)} = {toml_str(k)}" for k, nl, _ in TOPICS)
    lines = [
        "# Codebook of survey_2026.xlsx: roster matrix, one column per colleague; each cell lists",
        "# the topics the respondent learns about from that colleague (Microsoft Forms style,",
        "# every answer ends with ';'). The staff list roster_2026.xlsx has a title row.",
        "[survey]",
        'wave = "2026"',
        'language = "nl"',
        'sheet = "Form1"',
        "",
        "[respondent]",
        'column = "E-mail"',
        'by = "email"',
        'submitted_at = "Tijdstip van voltooien"',
        "",
        "[roster]",
        'id = "person_id"',
        'name = "name"',
        'email = "email"',
        "skip_rows = 1",
    ]
    lines += _codebook_common("2026")
    lines += [
        "[[nominations]]",
        'shape = "matrix"',
        f"pattern = '^{MATRIX_PREFIX.replace('?', chr(92) + '?')} \\[(?P<target>.+)\\]$'",
        'target_by = "name"',
        'cell = "labels"',
        f"labels = {{ {labels} }}",
        'delimiter = ";"',
        "",
    ]
    lines += _scale("agree5", AGREE5) + _value_blocks()
    return "\n".join(lines).rstrip("\n") + "\n"


def generate_sample(outdir: str | Path) -> dict[str, Path]:
    """Write the bundled sample (two survey rounds of a fictional school board) into ``outdir``.

    The output depends on nothing but :data:`SEED` and the library version: running it twice gives
    byte-identical files (XLSX metadata times are fixed).

    Parameters
    ----------
    outdir : str or Path
        Folder to write into; created if missing. Existing sample files are overwritten.

    Returns
    -------
    dict of str to Path
        The written files, keyed like :func:`leerlib.sample_paths` (plus ``truth_ties``,
        ``truth_names`` and ``readme``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = generate_sample(d)
    ...     sorted(p.name for p in paths.values())[:3]
    ['README.md', 'aliases.csv', 'codebook_2025.toml']
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {key: out / name for key, name in SAMPLE_FILES.items()}
    rng = np.random.default_rng(SEED)

    staff25 = _make_staff(rng)
    story = _roles(staff25, rng)
    staff26 = _turnover(staff25, story, rng)
    newcomers = sorted(set(staff26["person_id"]) - set(staff25["person_id"]))
    story["newcomers"] = newcomers
    resp25 = _respondents(staff25, story, rng)
    resp26 = _respondents(staff26, story, rng)
    ties25 = _draw_ties(staff25, resp25, "2025", story, rng)
    ties26 = _draw_ties(staff26, resp26, "2026", story, rng, prev=ties25, newcomers=newcomers)

    truth_names, info25 = _survey_2025(staff25, resp25, ties25, story, rng, paths["survey_2025"])
    info26 = _survey_2026(staff26, resp26, ties26, story, rng, paths["survey_2026"])

    write_csv(
        paths["roster_2025"],
        *_frame_rows(_roster_frame(staff25)),
        delimiter=",",
        encoding="utf-8",
        bom=True,
    )
    roster26 = _roster_frame(staff26)
    write_xlsx(
        paths["roster_2026"],
        *_frame_rows(roster26),
        title=f"Personeelslijst {ORGANISATION}, peildatum 1 februari 2026",
        sheet="Personeel",
    )
    paths["codebook_2025"].write_text(_codebook_2025(), encoding="utf-8", newline="\n")
    paths["codebook_2026"].write_text(_codebook_2026(), encoding="utf-8", newline="\n")

    person = staff25.set_index("person_id")
    alias_rows = []
    for pid in story["nicknamed"][:5]:
        p = person.loc[pid]
        alias_rows.append((_names.full_name(p["nickname"], p["infix"], p["last"]), pid))
    write_csv(paths["aliases"], ["alias", "person_id"], alias_rows, delimiter=",", encoding="utf-8")

    truth_ties = pd.concat([ties25, ties26.assign(frequency="", usefulness="")], ignore_index=True)
    truth_ties = truth_ties.sort_values(["wave", "source", "target", "topic"], kind="stable")
    write_csv(paths["truth_ties"], *_frame_rows(truth_ties), delimiter=",", encoding="utf-8")
    names_out = truth_names[
        [
            "wave",
            "row",
            "column",
            "raw_name",
            "person_id",
            "kind",
            "wart",
            "respondent",
            "superseded",
        ]
    ]
    write_csv(paths["truth_names"], *_frame_rows(names_out), delimiter=",", encoding="utf-8")

    write_readme(
        paths["readme"],
        staff25=staff25,
        staff26=staff26,
        story=story,
        resp25=resp25,
        resp26=resp26,
        ties25=ties25,
        ties26=ties26,
        info25=info25,
        info26=info26,
        aliases=alias_rows,
        truth_names=truth_names,
    )
    return paths


def _frame_rows(df: pd.DataFrame) -> tuple[list[str], list[list]]:
    rows = [
        [
            None
            if (isinstance(v, float) and np.isnan(v))
            else (
                int(v)
                if isinstance(v, (np.integer,))
                else (bool(v) if isinstance(v, np.bool_) else v)
            )
            for v in r
        ]
        for r in df.itertuples(index=False)
    ]
    return list(df.columns), rows
