"""The sample's people and ties: staff, turnover, who responds, whom they turn to."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from leerlib.sample import _names
from leerlib.sample._design import (
    AGREE5,
    BOUWEN,
    EMAIL_DOMAIN,
    EXPERTISE,
    FREQUENCY,
    RESPONSE_P,
    SCHOOLS,
    SLOTS,
    TENURE_MEAN,
    TOPIC_KEYS,
    TOPIC_RATE,
    USEFULNESS,
    VALUE_ITEMS,
    VALUE_STORY,
)

__all__ = [
    "make_staff",
    "choose_story",
    "turnover",
    "respondents",
    "draw_ties",
    "broker_contacts",
    "value_answers",
    "submission_times",
]


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


def make_staff(rng: np.random.Generator) -> pd.DataFrame:
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


def choose_story(staff25: pd.DataFrame, rng) -> dict:
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


def turnover(staff25: pd.DataFrame, story: dict, rng) -> pd.DataFrame:
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


def respondents(staff: pd.DataFrame, story: dict, rng) -> np.ndarray:
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
def draw_ties(
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
    # the first broker teaches at two schools: colleagues at both turn to them alike
    # (on didactics, pupil care, assessment and classroom management; not on ict)
    lead = ids == story["brokers"][0]
    lead_pair = (~same_school) & (lead[:, None] | lead[None, :])
    affinity[lead_pair] = 15.0
    tenure = staff["tenure_years"].to_numpy(dtype=float)
    expertise = np.array([EXPERTISE[r] for r in staff["role"]])
    appeal = staff["appeal"].to_numpy() * (1 + tenure / 10)
    appeal = np.where(isolate, 0.0, np.where(new, 0.35 * appeal, appeal))
    appeal = np.where(lead, np.maximum(appeal, 3.0), appeal)
    prev_keys = set()
    if prev is not None:
        prev_keys = set(zip(prev["source"], prev["target"], prev["topic"], strict=False))
    rows = []
    for t, topic in enumerate(TOPIC_KEYS):
        attract = appeal * expertise[:, t]
        aff_t = affinity.copy()
        if topic == "ict":  # before the ICT network, nobody bridged the schools on ict
            aff_t[cross_broker] = 0.5
        if topic == "ict" and network.any():
            # the network's members became go-to people on ict, and above all for each other
            attract = np.where(network, np.maximum(attract, 3.0 * appeal), attract)
            aff_t[np.ix_(network, network)] = np.where(
                same_school[np.ix_(network, network)], 40.0, 80.0
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
            lam *= 3.5 if (network[i] and topic == "ict") else 1.0
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


def broker_contacts(ties25: pd.DataFrame, staff26: pd.DataFrame, story: dict) -> list[str]:
    """Return the colleagues whose value the story lowers in round 2.

    They turned to the broker who left (round 1), stayed, and are not in the ICT network.
    """
    gone = story["brokers"][0]
    asked = set(ties25.loc[ties25["target"] == gone, "source"])
    stay = set(staff26["person_id"])
    return sorted((asked & stay) - set(story["ict_network"]))


def value_answers(staff: pd.DataFrame, wave: str, story: dict, rng) -> dict[str, list]:
    """Answers to the value items; round 2 carries :data:`VALUE_STORY`.

    The random draws are the same whatever the story (one normal and one uniform per person
    and item), so the story moves scores and nothing else in the sample.
    """
    offsets = {
        "immediate": 0.6,
        "potential": 0.3,
        "applied": 0.0,
        "realized": -0.4,
        "reframing": -0.7,
    }
    groups = {}
    if wave == "2026":
        groups = {
            "ict_network": set(story["ict_network"]),
            "broker_contacts": set(story.get("broker_contacts", ())),
        }
    out = {}
    for pid, latent in zip(staff["person_id"], staff["value_latent"], strict=False):
        answers = []
        for cycle, _ in VALUE_ITEMS:
            shift = sum(
                VALUE_STORY[g].get(cycle, 0.0) for g, members in groups.items() if pid in members
            )
            score = int(
                np.clip(np.round(latent + offsets[cycle] + shift + rng.normal(0, 0.6)), 1, 5)
            )
            answers.append(None if rng.random() < 0.03 else AGREE5[score - 1][0])
        out[pid] = answers
    return out


def submission_times(n: int, start: datetime, rng) -> list[datetime]:
    """Working-hours time stamps between the 13th and the 27th (day > 12: no d/m ambiguity)."""
    days = rng.integers(0, 15, n)
    minutes = rng.integers(7 * 60 + 30, 17 * 60, n)
    seconds = rng.integers(0, 60, n)
    times = [
        start + timedelta(days=int(d), minutes=int(m), seconds=int(s))
        for d, m, s in zip(days, minutes, seconds, strict=False)
    ]
    return sorted(times)
