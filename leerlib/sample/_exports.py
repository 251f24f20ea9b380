"""The sample's export files: round 1 as a Dutch-Excel CSV, round 2 as an XLSX roster matrix."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from leerlib.sample import _names
from leerlib.sample._design import (
    AGREE5,
    FREQUENCY,
    MATRIX_PREFIX,
    NOBODY,
    SLOTS,
    TOPIC_KEYS,
    TOPICS,
    USEFULNESS,
    VALUE_ITEMS,
)
from leerlib.sample._people import submission_times, value_answers
from leerlib.sample._writers import (
    slots_codebook_head,
    slots_nomination,
    toml_list,
    toml_str,
    write_csv,
    write_xlsx,
)

__all__ = ["survey_2025", "survey_2026", "roster_frame", "codebook_2025", "codebook_2026"]


# ---------------------------------------------------------------------------- wave 2025
def _slot_columns(topic: str) -> list[tuple[str, str, str]]:
    return [(f"{topic}_{k}", f"{topic}_{k}_freq", f"{topic}_{k}_nut") for k in range(1, SLOTS + 1)]


def survey_2025(staff, responded, ties, story, rng, path: Path) -> tuple[pd.DataFrame, dict]:
    header = ["Tijdstempel", "E-mailadres", "Voltooid", "Uren per week"]
    for topic in TOPIC_KEYS:
        for cols in _slot_columns(topic):
            header += list(cols)
    header += [item for _, item in VALUE_ITEMS]
    col_index = {c: i for i, c in enumerate(header)}
    person = staff.set_index("person_id")
    resp_ids = staff.loc[responded, "person_id"].tolist()
    values = value_answers(staff, "2025", story, rng)
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
        zip(resp_ids, submission_times(len(resp_ids), datetime(2025, 3, 13), rng), strict=False)
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
        "values": {p: values[p] for p in resp_ids},
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


def survey_2026(staff, responded, ties, story, rng, path: Path) -> dict:
    listed = _matrix_order(staff)
    matrix_cols = [f"{MATRIX_PREFIX} [{n}]" for n in listed["name"]]
    col_of = dict(zip(listed["person_id"], range(5, 5 + len(listed)), strict=False))
    header = ["Id", "Begintijd", "Tijdstip van voltooien", "E-mail", "Naam"] + matrix_cols
    header += [item for _, item in VALUE_ITEMS]
    label = {k: nl for k, nl, _ in TOPICS}
    person = staff.set_index("person_id")
    resp_ids = staff.loc[responded, "person_id"].tolist()
    values = value_answers(staff, "2026", story, rng)
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
        zip(resp_ids, submission_times(len(resp_ids), datetime(2026, 3, 13), rng), strict=False)
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
        "values": {p: values[p] for p in resp_ids},
        "self_ticks": self_ticks,
        "blank_rows": [blank_at + 2],
        "matrix_columns": len(matrix_cols),
    }


# ---------------------------------------------------------------------------- files
def roster_frame(staff: pd.DataFrame) -> pd.DataFrame:
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


def codebook_2025() -> str:
    lines = [
        "# Codebook of survey_2025.csv: free recall, up to 5 names per topic (Dutch-Excel CSV).",
        "# Every name slot has a frequency and a usefulness answer beside it.",
        *slots_codebook_head("2025"),
        "[roster]",
        'id = "person_id"',
        'name = "name"',
        'email = "email"',
    ]
    lines += _codebook_common("2025")
    for key in TOPIC_KEYS:
        lines += slots_nomination(key, [c[0] for c in _slot_columns(key)])
    lines += _scale("frequency", FREQUENCY) + _scale("usefulness", USEFULNESS)
    lines += _scale("agree5", AGREE5) + _value_blocks()
    return "\n".join(lines).rstrip("\n") + "\n"


def codebook_2026() -> str:
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
        "# a form with value answers but no colleague named is a response (who learns from nobody)",
        'responded_if = "any_answer"',
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
