"""Three small exports of situations a researcher brings, each with its codebook and the truth."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from leerlib.sample import _names
from leerlib.sample._design import EXAMPLE_FILES
from leerlib.sample._writers import frame_rows, write_csv

__all__ = ["EXAMPLES_SEED", "EXAMPLE_FILES", "CLASS_IDS", "NO_ANSWER_CODE", "generate_examples"]

#: The examples' own seed: they never draw from the bundled sample's random stream.
EXAMPLES_SEED = 20261203

#: Student numbers of the class example; 1654, the survey tool's "no answer" code, is not one.
CLASS_IDS = tuple(str(1601 + i) for i in range(30))
NO_ANSWER_CODE = "1654"

#: The schools example: (school, pupils, pupils who answer).
SCHOOLS = (("Noord", 14, 13), ("Oost", 18, 16), ("West", 16, 11))

WORKED_WITH_QUESTION = "Who did you work with on a project this term?"


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


# ---------------------------------------------------------------------------- (a) class survey
def _class_example(rng: np.random.Generator) -> dict:
    """Return a course's help-seeking survey as R's write.csv saves it: four id slots, NA and 1654.

    30 students in six project groups; 21 submit (one of them twice: the later row counts), one
    of those answers the network question with the no-answer code only; one student who does
    not submit is named by nobody, so without a class list the survey cannot see them.
    """
    ids = list(CLASS_IDS)
    group = {pid: i // 5 for i, pid in enumerate(ids)}
    submit = sorted(rng.choice(ids, size=21, replace=False).tolist())
    silent, twice = rng.choice(submit, size=2, replace=False).tolist()
    invisible = str(rng.choice(sorted(set(ids) - set(submit))))
    named: dict[str, list[str]] = {}
    for pid in submit:
        if pid == silent:
            named[pid] = []
            continue
        others = [q for q in ids if q not in (pid, invisible)]
        p = np.array([6.0 if group[q] == group[pid] else 1.0 for q in others])
        k = int(rng.integers(1, 5))
        named[pid] = rng.choice(others, size=k, replace=False, p=p / p.sum()).tolist()
    start = datetime(2026, 10, 5, 9, 0, 0)
    seconds = np.sort(rng.choice(36000, size=len(submit), replace=False))
    order = rng.permutation(len(submit)).tolist()
    rows = [
        (start + timedelta(seconds=int(sec)), submit[i], "once")
        for sec, i in zip(seconds, order, strict=True)
    ]
    first = next(r[0] for r in rows if r[1] == twice)
    # the student submitted again later that day, having remembered more names: that row counts
    rows.append((first + timedelta(minutes=int(rng.integers(20, 90))), twice, "again"))
    rows.sort(key=lambda r: r[0])
    lines = ['"student_id","submitted","help_1","help_2","help_3","help_4"']
    for t, pid, kind in rows:
        if pid == silent:
            cells = [NO_ANSWER_CODE] * 4
        else:
            names = named[pid][:1] if (pid == twice and kind == "once") else named[pid]
            cells = names + [
                NO_ANSWER_CODE if rng.random() < 0.15 else "NA" for _ in range(4 - len(names))
            ]
        lines.append(f'{pid},"{_stamp(t)}",' + ",".join(cells))
    ties = pd.DataFrame(
        [(s, t) for s in submit for t in named[s]], columns=["source", "target"]
    ).sort_values(["source", "target"], kind="stable")
    targets = set(ties["target"])
    people = pd.DataFrame(
        {
            "person_id": ids,
            "group": [f"G{group[p] + 1}" for p in ids],
            "submitted": [p in submit for p in ids],
            "responded": [p in submit and p != silent for p in ids],
            "named": [p in targets for p in ids],
            "submissions": [2 if p == twice else int(p in submit) for p in ids],
        }
    )
    return {"export": "\n".join(lines) + "\n", "ties": ties, "people": people}


CLASS_CODEBOOK = """\
# How class_survey.csv (a course's help-seeking survey, saved by R's write.csv) maps to
# leerlib's tables. There is no class list: the network is the students who answered or were named.
[survey]
wave = "2026"
missing = ["NA", 1654]          # R's NA, and 1654: the survey tool's "no answer" code

[respondent]
column = "student_id"
by = "id"
submitted_at = "submitted"      # a student who submitted twice: the later row counts
responded_if = "any_nomination" # a row with only NA/1654 in the help slots is no response

[population]
from = "respondents+named"      # a named student who did not answer is a member, not an outsider

[[topics]]
key = "help"
en = "Help with the course"
nl = "Hulp bij het vak"

[[nominations]]
shape = "slots"
topic = "help"
pattern = "^help_\\\\d$"
target_by = "id"                # the slots hold student numbers
"""


# ---------------------------------------------------------------------------- (b) several schools
def _schools_example(rng: np.random.Generator) -> dict:
    """Return a sociometric file of three schools in one sheet: pupil ids 1..n restart in each school.

    Every answering pupil names one to five friends in their own school; pupils who do not
    answer have no row. West answers below 80 %.
    """
    lines = ["school;pupil;friend_1;friend_2;friend_3;friend_4;friend_5"]
    ties, people = [], []
    for school, n, answering in SCHOOLS:
        pupils = [str(i) for i in range(1, n + 1)]
        answer = set(rng.choice(pupils, size=answering, replace=False).tolist())
        for pid in pupils:
            people.append((school, pid, pid in answer))
            if pid not in answer:
                continue
            others = [q for q in pupils if q != pid]
            near = np.array([4.0 if abs(int(q) - int(pid)) <= 3 else 1.0 for q in others])
            k = int(rng.integers(1, 6))
            friends = rng.choice(others, size=k, replace=False, p=near / near.sum()).tolist()
            ties.extend((school, pid, f) for f in friends)
            lines.append(";".join([school, pid, *friends, *[""] * (5 - k)]))
    return {
        "export": "\r\n".join(lines) + "\r\n",
        "ties": pd.DataFrame(ties, columns=["school", "source", "target"]),
        "people": pd.DataFrame(people, columns=["school", "pupil", "responded"]),
    }


SCHOOLS_CODEBOOK = """\
# How schools_survey.csv (one sheet, three schools; pupil numbers restart in every school)
# maps to leerlib's tables: one network per school.
[survey]
wave = "2026"
network_by = "school"           # the school and the pupil number together name a pupil

[respondent]
column = "pupil"
by = "id"

[[topics]]
key = "friend"
en = "Friends in class"
nl = "Vrienden in de klas"

[[nominations]]
shape = "slots"
topic = "friend"
pattern = "^friend_\\\\d$"
target_by = "id"
"""


# ---------------------------------------------------------------------------- (c) worked with
def _worked_with_example(rng: np.random.Generator) -> dict:
    """Make a "who did you work with?" export: a relation both sides report (Microsoft Forms).

    18 staff in four project groups; a true pair worked together (within a group with
    probability 0.7, across groups 0.06). 15 answer; an answering person selects each true
    partner with probability 0.85 (people forget), so a pair may be named by both, one or
    neither side.
    """
    taken, staff = set(), []
    firsts = rng.permutation(len(_names.FIRST_NAMES))
    lasts = rng.permutation(len(_names.SURNAMES))
    for i in range(18):
        first = _names.FIRST_NAMES[int(firsts[i])]
        infix, last = _names.SURNAMES[int(lasts[i])]
        name = _names.full_name(first, infix, last)
        assert name not in taken
        taken.add(name)
        staff.append(
            (
                f"w{i + 1:02d}",
                name,
                _names.email_local(first, infix, last) + "@lessonstudy.example",
                f"project {'ABCD'[i % 4]}",
            )
        )
    roster = pd.DataFrame(staff, columns=["person_id", "name", "email", "project"])
    pids = roster["person_id"].tolist()
    project = dict(zip(pids, roster["project"], strict=True))
    answer = set(rng.choice(pids, size=15, replace=False).tolist())
    pairs = []
    for i, a in enumerate(pids):
        for b in pids[i + 1 :]:
            if rng.random() < (0.7 if project[a] == project[b] else 0.06):
                pairs.append(
                    (a, b, a in answer and rng.random() < 0.85, b in answer and rng.random() < 0.85)
                )
    truth = pd.DataFrame(pairs, columns=["a", "b", "named_by_a", "named_by_b"])
    name = dict(zip(pids, roster["name"], strict=True))
    email = dict(zip(pids, roster["email"], strict=True))
    partners: dict[str, list[str]] = {p: [] for p in pids}
    for a, b, by_a, by_b in pairs:
        if by_a:
            partners[a].append(b)
        if by_b:
            partners[b].append(a)
    start = datetime(2026, 11, 2, 8, 30, 0)
    order = rng.permutation(sorted(answer)).tolist()
    head = ["ID", "Start time", "Completion time", "Email", "Name", WORKED_WITH_QUESTION]
    rows = []
    for k, pid in enumerate(order, start=1):
        begin = start + timedelta(minutes=int(rng.integers(0, 4000)))
        done = begin + timedelta(seconds=int(rng.integers(40, 400)))
        # Forms writes the selected choices in the order of the choice list, each followed by ";"
        chosen = "".join(name[q] + ";" for q in sorted(partners[pid], key=pids.index))
        rows.append(
            [
                k,
                begin.strftime("%m/%d/%y %H:%M:%S"),
                done.strftime("%m/%d/%y %H:%M:%S"),
                email[pid],
                name[pid],
                chosen,
            ]
        )
    people = pd.DataFrame({"person_id": pids, "responded": [p in answer for p in pids]})
    return {"rows": (head, rows), "roster": roster, "ties": truth, "people": people}


WORKED_WITH_CODEBOOK = """\
# How worked_with_survey.csv (a Microsoft Forms export) maps to leerlib's tables. Working
# together is one relation that both sides can report.
[survey]
wave = "2026"
date_format = "%m/%d/%y %H:%M:%S"   # Forms' US-style time stamps

[respondent]
column = "Email"
by = "email"
submitted_at = "Completion time"

[[topics]]
key = "project"
en = "Worked together on a project"
nl = "Samen aan een project gewerkt"

[[nominations]]
shape = "multiselect"
topic = "project"
column = "Who did you work with on a project this term?"
delimiter = ";"
target_by = "name"
directed = false                # working together has no direction: one tie per pair
symmetrize = "either"           # a pair is a tie when either side named the other (or both)
"""


# ---------------------------------------------------------------------------- writing
def _readme(cls: dict, sch: dict, ww: dict) -> str:
    """Return the folder's README: what each example is and the generator's figures to check against."""
    cp = cls["people"]
    members = cp["submitted"] | cp["named"]
    lines = [
        "# Example exports (notebook 06)",
        "",
        "Small exports of situations a researcher brings, written by `python -m leerlib.sample`",
        "with their codebooks and the generator's truth (`*_truth_*.csv`). Fictional people.",
        "",
        "## class: a class survey without a class list",
        "",
        "`class_survey.csv` as R's `write.csv` saves it: who do you ask for help with the course,",
        "four slots of student numbers; `NA` is R's empty cell and `1654` the survey tool's",
        "no-answer code (it looks like a student number; it is none).",
        "",
        f"- {len(cp)} students; {int(cp['submitted'].sum())} submitted "
        f"({int(cp['submissions'].sum())} rows: one student submitted twice, the later row counts);",
        f"  {int(cp['responded'].sum())} answered the help question (one row holds only 1654).",
        f"- Without a class list the network is who answered or was named: {int(members.sum())}"
        " students",
        f"  ({len(cp) - int(members.sum())} neither submitted nor were named); response "
        f"{int(cp['responded'].sum())} of {int(members.sum())}.",
        f"- {len(cls['ties'])} help ties (`class_truth_ties.csv`).",
        "",
        "## schools: three schools in one file",
        "",
        "`schools_survey.csv` (semicolons, Dutch Excel style): pupil numbers start at 1 in every",
        "school, so a pupil is the school and the number together.",
        "",
        "| school | pupils | answered | named or answered | friend ties |",
        "|---|---|---|---|---|",
    ]
    sp, st = sch["people"], sch["ties"]
    for school, n, answering in SCHOOLS:
        named = set(st.loc[st["school"] == school, "target"])
        mine = sp[sp["school"] == school]
        seen = int((mine["responded"] | mine["pupil"].isin(named)).sum())
        lines.append(
            f"| {school} | {n} | {answering} | {seen} | {int((st['school'] == school).sum())} |"
        )
    wt = ww["ties"]
    both = int((wt["named_by_a"] & wt["named_by_b"]).sum())
    one = int((wt["named_by_a"] ^ wt["named_by_b"]).sum())
    lines += [
        "",
        "## worked_with: a relation either side may report",
        "",
        "`worked_with_survey.csv` (a Microsoft Forms export, UTF-8 with BOM) and the staff list",
        f'`worked_with_staff.csv`: "{WORKED_WITH_QUESTION}", several names in one cell.',
        "",
        f"- {len(ww['roster'])} staff in four project groups; "
        f"{int(ww['people']['responded'].sum())} answered.",
        f"- {len(wt)} pairs truly worked together (`worked_with_truth_pairs.csv`): {both} named by",
        f"  both sides, {one} by one side, {len(wt) - both - one} by neither (people forget).",
        "- The codebook declares the relation undirected (`directed = false`, `symmetrize =",
        f'  "either"`): {both + one} ties, one per pair named by at least one side.',
        "",
    ]
    return "\n".join(lines)


def generate_examples(outdir: str | Path) -> dict[str, dict[str, Path]]:
    """Write the three example exports, their codebooks and the generator's truth.

    The examples are small on purpose (notebook 06 writes their codebooks step by step):

    - ``class``: a course's help-seeking survey without a class list: four slots of student
      numbers, R's ``NA`` and the no-answer code 1654, one student who submitted twice;
    - ``schools``: three schools in one file, pupil numbers unique only within a school;
    - ``worked_with``: "who did you work with", a relation either side may report, with a staff
      list.

    They depend on :data:`EXAMPLES_SEED` alone, never on the bundled sample's random stream, so
    the sample's files stay as they are and a rerun is byte-identical.

    Parameters
    ----------
    outdir : str or Path
        Folder to write into (created if missing).

    Returns
    -------
    dict
        Example name -> file key (``export``, ``codebook``, ``truth_ties``, ``truth_people``,
        for ``worked_with`` also ``staff``) -> path, as :func:`leerlib.sample.example_paths`.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = generate_examples(d)
    ...     sorted(paths), paths["class"]["export"].name
    (['class', 'schools', 'worked_with'], 'class_survey.csv')
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        ex: {key: out / name for key, name in files.items()} for ex, files in EXAMPLE_FILES.items()
    }
    rng = np.random.default_rng(EXAMPLES_SEED)

    cls = _class_example(rng)
    p = paths["class"]
    p["export"].write_bytes(cls["export"].encode("utf-8"))
    p["codebook"].write_text(CLASS_CODEBOOK, encoding="utf-8", newline="\n")
    write_csv(p["truth_ties"], *frame_rows(cls["ties"]), delimiter=",", encoding="utf-8")
    write_csv(p["truth_people"], *frame_rows(cls["people"]), delimiter=",", encoding="utf-8")

    sch = _schools_example(rng)
    p = paths["schools"]
    p["export"].write_bytes(sch["export"].encode("utf-8"))
    p["codebook"].write_text(SCHOOLS_CODEBOOK, encoding="utf-8", newline="\n")
    write_csv(p["truth_ties"], *frame_rows(sch["ties"]), delimiter=",", encoding="utf-8")
    write_csv(p["truth_people"], *frame_rows(sch["people"]), delimiter=",", encoding="utf-8")

    ww = _worked_with_example(rng)
    p = paths["worked_with"]
    write_csv(p["export"], *ww["rows"], delimiter=",", encoding="utf-8", bom=True)
    write_csv(p["staff"], *frame_rows(ww["roster"]), delimiter=",", encoding="utf-8")
    p["codebook"].write_text(WORKED_WITH_CODEBOOK, encoding="utf-8", newline="\n")
    write_csv(p["truth_ties"], *frame_rows(ww["ties"]), delimiter=",", encoding="utf-8")
    write_csv(p["truth_people"], *frame_rows(ww["people"]), delimiter=",", encoding="utf-8")
    (out / "README.md").write_text(_readme(cls, sch, ww), encoding="utf-8", newline="\n")
    return paths
