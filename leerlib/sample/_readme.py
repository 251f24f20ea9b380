"""The sample's README: the organisation, the warts and the designed change, with their numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from leerlib.sample._design import (
    AGREE5,
    ORGANISATION,
    SCHOOLS,
    SEED,
    TOPICS,
    VALUE_ITEMS,
    VALUE_STORY,
)

__all__ = ["sample_figures", "value_story_means", "write_readme"]


def _cross_school(ties: pd.DataFrame, school: dict, topic: str | None = None) -> int:
    t = ties if topic is None else ties[ties["topic"] == topic]
    return int((t["source"].map(school) != t["target"].map(school)).sum())


def sample_figures(staff25, staff26, story, resp25, resp26, ties25, ties26) -> dict:
    """Return the checkable numbers of the designed sample (computed from the generator's true ties)."""
    school = dict(
        zip(
            pd.concat([staff25, staff26])["person_id"],
            pd.concat([staff25, staff26])["school"],
            strict=False,
        )
    )
    indeg26 = ties26.groupby("target")["source"].nunique()
    ids26 = staff26["person_id"]
    new = ids26.isin(story["newcomers"])
    in_new = indeg26.reindex(ids26[new]).fillna(0)
    in_old = indeg26.reindex(ids26[~new]).fillna(0)
    b1 = story["brokers"][0]
    return {
        "staff_2025": len(staff25),
        "staff_2026": len(staff26),
        "respondents_2025": int(resp25.sum()),
        "respondents_2026": int(resp26.sum()),
        "ties_2025": len(ties25),
        "ties_2026": len(ties26),
        "cross_school_2025": _cross_school(ties25, school),
        "cross_school_2026": _cross_school(ties26, school),
        "cross_school_ict_2025": _cross_school(ties25, school, "ict"),
        "cross_school_ict_2026": _cross_school(ties26, school, "ict"),
        "broker_left_cross_school_2025": int(
            ((ties25["source"] == b1) | (ties25["target"] == b1))
            .where(ties25["source"].map(school) != ties25["target"].map(school), False)
            .sum()
        ),
        "newcomer_mean_indegree_2026": float(in_new.mean()),
        "repeated_share_2026": len(
            set(zip(ties25["source"], ties25["target"], ties25["topic"], strict=False))
            & set(zip(ties26["source"], ties26["target"], ties26["topic"], strict=False))
        )
        / len(ties26),
        "others_mean_indegree_2026": float(in_old.mean()),
    }


def value_story_means(values: dict, groups: dict) -> pd.DataFrame:
    """Mean answer per group and cycle of one round, from the generator's own answers.

    Parameters
    ----------
    values : dict
        person_id -> answer labels in :data:`VALUE_ITEMS` order (None: not answered), for the
        respondents of the round.
    groups : dict
        group name -> set of person_id; everyone else is "others".

    Returns
    -------
    DataFrame
        Index group (in ``groups`` order, then "others"), columns the cycles, plus ``n``
        (respondents with at least one answer).
    """
    score = {label: v for label, v in AGREE5}
    rows = []
    for pid, answers in values.items():
        group = next((g for g, members in groups.items() if pid in members), "others")
        for (cycle, _), a in zip(VALUE_ITEMS, answers, strict=True):
            if a is not None:
                rows.append((group, pid, cycle, score[a]))
    df = pd.DataFrame(rows, columns=["group", "person_id", "cycle", "score"])
    means = df.pivot_table(index="group", columns="cycle", values="score", aggfunc="mean")
    means = means[[c for c, _ in VALUE_ITEMS]]
    means["n"] = df.groupby("group")["person_id"].nunique()
    return means.reindex([*groups, "others"])


def _table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def write_readme(
    path: Path,
    *,
    staff25,
    staff26,
    story,
    resp25,
    resp26,
    ties25,
    ties26,
    info25,
    info26,
    aliases,
    truth_names,
) -> Path:
    """Write the sample folder's README.md from the generated sample."""
    f = sample_figures(staff25, staff26, story, resp25, resp26, ties25, ties26)
    name = dict(
        zip(
            pd.concat([staff25, staff26])["person_id"],
            pd.concat([staff25, staff26])["name"],
            strict=False,
        )
    )
    role = dict(
        zip(
            pd.concat([staff25, staff26])["person_id"],
            pd.concat([staff25, staff26])["role"],
            strict=False,
        )
    )
    team = dict(
        zip(
            pd.concat([staff25, staff26])["person_id"],
            pd.concat([staff25, staff26])["team"],
            strict=False,
        )
    )

    def who(pid: str) -> str:
        return f"{pid} {name[pid]} ({role[pid]}, {team[pid]})"

    L: list[str] = [
        "# Sample data: a fictional Dutch school board, surveyed twice",
        "",
        f"Written by `python -m leerlib.sample` (seed {SEED}); do not edit by hand: the test",
        "suite regenerates these files and compares them byte for byte. Every person is made up;",
        "names are drawn from lists of common Dutch first names and surnames, e-mail addresses use",
        "the reserved `.example` domain. Load it with `leerlib.load_sample()` (both rounds) or",
        '`leerlib.load_sample("2025")`; the paths are in `leerlib.sample_paths()`.',
        "",
        "## The organisation",
        f"{ORGANISATION} runs three primary schools. Each school has three teams (onderbouw,",
        "middenbouw, bovenbouw: a teamleider, teachers, onderwijsassistenten, a stagiair; the",
        "ICT-coördinator sits in the bovenbouw) and an ondersteuning team (directeur, two intern",
        "begeleiders, vakleerkracht bewegingsonderwijs, conciërge, administratief medewerker).",
        "Team labels carry the school (`Kompas bovenbouw`), so a team is never split across schools.",
        "",
    ]
    rows = []
    for sname, _, _ in SCHOOLS:
        rows.append(
            [
                sname,
                int((staff25["school"] == sname).sum()),
                int((staff26["school"] == sname).sum()),
            ]
        )
    rows.append(["**total**", f["staff_2025"], f["staff_2026"]])
    L += _table(["school", "staff 2025", "staff 2026"], rows) + [""]
    roles = sorted(set(staff25["role"]) | set(staff26["role"]))
    L += _table(
        ["role", "2025", "2026"],
        [[r, int((staff25["role"] == r).sum()), int((staff26["role"] == r).sum())] for r in roles],
    )
    L += [
        "",
        "## Files",
        "| file | what |",
        "|---|---|",
        "| `roster_2025.csv` | staff list 2025: UTF-8 with BOM, comma, CRLF; columns person_id, name, email, school, team, role, tenure_years |",
        "| `roster_2026.xlsx` | staff list 2026, same columns, below a title row (codebook: `skip_rows = 1`) |",
        "| `survey_2025.csv` | round 1, free recall: Dutch-Excel CSV (Windows-1252, `;`, CRLF, decimal comma in `Uren per week`); per topic 5 name slots `{topic}_{k}` with `{topic}_{k}_freq` and `{topic}_{k}_nut` |",
        f"| `survey_2026.xlsx` | round 2, roster matrix: one column `Van wie leer je? [name]` per colleague on the 2026 list ({info26['matrix_columns']} columns, sorted by surname); a cell lists topics, `Didactiek;ICT in de klas;` |",
        "| `codebook_2025.toml`, `codebook_2026.toml` | how each export maps to the tables (docs/codebook.md) |",
        "| `aliases.csv` | nicknames the researcher already knows: alias, person_id |",
        "| `truth_ties.csv` | the ties the generator meant (internal, no self-ties, final submissions): wave, source, target, topic, frequency, usefulness |",
        "| `truth_names_2025.csv` | every non-empty name cell of round 1 with its spreadsheet row, column, text, the person meant (empty for externals and nobody), kind and wart |",
        "",
        "Topics (key, nl, en): " + "; ".join(f"`{k}` {nl} / {en}" for k, nl, en in TOPICS) + ".",
        "Tie attributes in round 1: frequency (Dagelijks 4, Wekelijks 3, Maandelijks 2, Minder dan",
        "maandelijks 1; the tie weight) and usefulness (Niet nuttig 1 ... Zeer nuttig 4). Round 2's",
        "matrix records topics only (weight 1.0). Both rounds ask five value-creation items, one per",
        "cycle, on a Dutch 5-point scale (Helemaal mee oneens 1 ... Helemaal mee eens 5):",
        "",
    ]
    L += _table(["cycle", "item"], [[c, i] for c, i in VALUE_ITEMS]) + [""]
    rate25 = f["respondents_2025"] / f["staff_2025"]
    rate26 = f["respondents_2026"] / f["staff_2026"]
    L += [
        "## Response",
        f"- 2025: {f['respondents_2025']} of {f['staff_2025']} staff responded ({rate25:.1%}); the"
        f" CSV has {info25['submissions']} submissions (one person twice) and 2 blank rows.",
        f"- 2026: {f['respondents_2026']} of {f['staff_2026']} staff responded ({rate26:.1%}); the"
        " XLSX has 1 blank row.",
        "",
        "## Structure (true ties, from `truth_ties.csv`)",
    ]
    rows = []
    for k, _, _ in TOPICS:
        rows.append([k, int((ties25["topic"] == k).sum()), int((ties26["topic"] == k).sum())])
    rows.append(["**all**", f["ties_2025"], f["ties_2026"]])
    rows.append(["cross-school, all topics", f["cross_school_2025"], f["cross_school_2026"]])
    rows.append(["cross-school, ict", f["cross_school_ict_2025"], f["cross_school_ict_2026"]])
    L += _table(["ties (source, target, topic)", "2025", "2026"], rows)
    L += [
        "",
        "Ties cluster by team, then by school; experts draw ties on their topic (the",
        "ICT-coördinator on ict, the intern begeleiders on zorg, teamleiders on",
        f"klassenmanagement); {f['repeated_share_2026']:.0%} of the 2026 ties repeat a 2025 tie.",
        "",
        "- Cross-school brokers (2025): " + "; ".join(who(p) for p in story["brokers"]) + ".",
        "- Isolates (no ties in or out, both rounds): "
        + "; ".join(who(p) for p in story["isolates"])
        + f". {story['isolates'][1]} responds and answers `niemand` for every topic in 2025.",
        "",
        "## The designed change between the rounds",
        "1. **A cross-school ICT learning network** started in autumn 2025: the three",
        "   ICT-coördinatoren and two teachers per school meet monthly. Members: "
        + ", ".join(story["ict_network"])
        + ".",
        f"   Cross-school ict ties: {f['cross_school_ict_2025']} in 2025, "
        f"{f['cross_school_ict_2026']} in 2026.",
        f"2. **A broker left**: {who(story['brokers'][0])} had {f['broker_left_cross_school_2025']}"
        " cross-school ties in 2025 and is not on the 2026 list.",
        f"3. **Newcomers on the edge**: {len(story['newcomers'])} people joined ("
        + ", ".join(story["newcomers"])
        + f"); in 2026 they are named by"
        f" {f['newcomer_mean_indegree_2026']:.2f} colleagues on average, everyone else by"
        f" {f['others_mean_indegree_2026']:.2f}.",
        f"4. **Turnover**: {len(story['leavers'])} people left ("
        + ", ".join(story["leavers"])
        + "): all stagiairs, the broker above, two retirements, three teachers and an"
        " onderwijsassistent. Stayers' tenure_years goes up by one.",
        "",
    ]
    gone = story["brokers"][0]
    groups = {
        "ICT network": set(story["ict_network"]),
        f"asked {gone} in 2025": set(story["broker_contacts"]),
    }
    cycles = [c for c, _ in VALUE_ITEMS]
    rows = []
    for wave, info in (("2025", info25), ("2026", info26)):
        m = value_story_means(info["values"], groups)
        for g, r in m.iterrows():
            rows.append([wave, g, int(r["n"]), *(f"{r[c]:.2f}" for c in cycles)])
    net, contacts = VALUE_STORY["ict_network"], VALUE_STORY["broker_contacts"]

    def shifts(d: dict) -> str:
        return " and ".join(f"{c} {v:+.1f}" for c, v in d.items())

    L += [
        "## The value story (round 2)",
        "The value items are asked per person, not per topic or per tie, and the generator gives",
        "each person a latent level (plus an offset per cycle and noise per item). Round 2 carries",
        "a designed relation on top of that (shifts on the latent scale, before rounding; the",
        "ties are the same with or without it):",
        "",
        f"1. **The ICT network brings value**: its {len(story['ict_network'])} members report more"
        f" applied and realized value in 2026 ({shifts(net)}). They learn about ICT in class",
        "   from each other across schools, so their ICT ties (mostly across schools) are where",
        "   that value is reported: with per-person items this is an attribution, not a per-tie",
        "   answer (`leerlib.tie_value(survey, attribute=True)`).",
        f"2. **The broker took value with her**: the {len(story['broker_contacts'])} colleagues"
        f" who turned to {who(gone)} in 2025 and stayed (ICT network members left out) report less"
        f" potential and applied value in 2026 ({shifts(contacts)}): "
        + ", ".join(story["broker_contacts"])
        + ".",
        "",
        "Mean answers (1-5) per group, from the generated answers of the respondents:",
        "",
    ]
    L += _table(["round", "group", "respondents", *cycles], rows)
    L += [
        "",
        'Find it with `leerlib.value_profile(survey, by=groups, wave=["2025", "2026"])` (a',
        "mapping person_id -> group) and, on the ICT ties, `leerlib.value_flows` of",
        '`leerlib.tie_value(survey, "2026", attribute=True)` restricted to topic `ict`.',
        "These are associations in the data the generator wrote, as a survey would show them;",
        "a real survey cannot tell from them that the network or the departure caused anything.",
        "",
        "## Warts (what a cleaner must handle)",
        "Round 1 (`survey_2025.csv`), counted over name cells of final submissions:",
        "",
    ]
    final = truth_names[~truth_names["superseded"]]
    w = final[final["kind"] == "name"]["wart"].value_counts()
    wart_text = {
        "exact": "typed exactly as on the roster",
        "lowercase": "all lower case",
        "spacing": "extra spaces around and inside",
        "typo": "a typo in the surname (ij/y, swapped, lost or doubled letter)",
        "no_infix": "tussenvoegsel left out (`Anouk Berg`)",
        "no_diacritics": "diacritics dropped (`Joelle`, `Celik`)",
        "surname_first": "surname first (`Berg, Anouk van den`)",
        "initial": "initial for the first name (`A. van den Berg`)",
        "first_only": "first name only (ambiguous where two colleagues share it)",
        "nickname": "nickname instead of the formal roster name (`Kees` for `Cornelis`)",
        "repeat": "the same colleague named twice for one topic (upper case the second time)",
    }
    rows = [[k, int(w.get(k, 0)), v] for k, v in wart_text.items()]
    kinds = final["kind"].value_counts()
    rows += [
        ["self", int(kinds.get("self", 0)), "respondent names themself"],
        [
            "external",
            int(kinds.get("external", 0)),
            "someone outside the board: "
            + ", ".join(
                f"`{e}`" for e in sorted(set(final.loc[final["kind"] == "external", "raw_name"]))
            ),
        ],
        ["nobody", int(kinds.get("nobody", 0)), "`niemand`, `Niemand`, `geen`, `n.v.t.`"],
        ["no_frequency", info25["warts"]["no_frequency"], "a name without a frequency answer"],
        ["slot_gap", info25["warts"]["slot_gap"], "answers start in slot 2, slot 1 left empty"],
    ]
    L += _table(["wart", "cells", "what"], rows)
    dup = info25["duplicate_respondent"]
    dup_rows = sorted(set(truth_names.loc[truth_names["respondent"] == dup, "row"]))
    L += [
        "",
        f"- Non-empty name cells in the file: {len(truth_names)} (conservation check), of which"
        f" {int(truth_names['superseded'].sum())} in the superseded submission.",
        f"- Duplicate submission: {who(dup)} submitted twice (rows {', '.join(map(str, dup_rows))});"
        " the earlier one has `Voltooid` = `Nee` and only the first topic.",
        f"- Blank rows: spreadsheet rows {info25['blank_rows'][0]} and {info25['blank_rows'][1]}.",
        "- Aliases known (`aliases.csv`): " + "; ".join(f"`{a}` = {p}" for a, p in aliases) + ".",
        "  Not in the alias table: "
        + "; ".join(
            f"{p} {name[p]}" for p in story["nicknamed"] if p not in {a[1] for a in aliases}
        )
        + " (their nicknames stay unmatched or external until an alias is added).",
        "",
        "Round 2 (`survey_2026.xlsx`):",
        f"- Self-ticks (a respondent ticks their own column): {', '.join(info26['self_ticks'])}.",
        f"- A blank row (spreadsheet row {info26['blank_rows'][0]}); every multi-choice answer ends"
        " with `;`.",
        f"- Label items in the matrix: {len(ties26) + len(info26['self_ticks'])}"
        f" ({len(ties26)} ties plus the self-ticks).",
        "",
    ]
    text = "\n".join(L)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path
