"""The data contract's conservation rule: every nomination item ends in one tie or one log row.

Also: no self-ties, idempotent verbs, deterministic cleaning, for random surveys (hypothesis)
and for every shape the reader supports.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.clean import (
    ITEM_REASONS,
    clean_survey,
    drop_self_ties,
    load_survey,
    merge_duplicate_ties,
)
from leerlib.errors import LeerlibError
from tests.test_clean import ROSTER, make_raw

CODEBOOKS = Path(__file__).parent / "codebooks"


def accounted(survey) -> int:
    """Items that ended somewhere: a tie row, or a log row that stands for one item."""
    return len(survey.ties) + int(survey.log["reason"].isin(ITEM_REASONS).sum())


# --------------------------------------------------------------------------- random RawSurveys

NAMES = list(ROSTER["name"]) + [
    "anna de vries",  # normalised
    "A. de Vries",  # ambiguous: Anna or Anne
    "Vries",  # ambiguous: one word
    "Jan Berg",  # missing tussenvoegsel
    "Kees Bakkr",  # typo
    "iemand van de pabo",  # external
    "de IB'er",  # external
    "niemand",  # nobody
    "",  # blank (reader would not emit it, the cleaner must still account for it)
]
EMAILS = list(ROSTER["email"]) + ["stranger@elsewhere.nl"]

response = st.fixed_dictionaries(
    {
        "respondent": st.sampled_from(EMAILS),
        "submitted_at": st.sampled_from(["2025-03-01", "2025-03-02", "2025-03-03"]),
        "complete": st.booleans(),
        "skip": st.sampled_from(["", "", "", "", "status_spam"]),
        "names": st.lists(
            st.tuples(
                st.sampled_from(["ict", "zorg"]),
                st.sampled_from(NAMES),
                st.sampled_from([0.0, 1.0, 2.0, 3.0]),
            ),
            max_size=6,
        ),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(response, min_size=1, max_size=8), st.sampled_from(["external", "drop"]))
def test_conservation_on_random_surveys(responses, unknown):
    raw = make_raw(responses)
    survey = clean_survey(raw, ROSTER, unknown=unknown, unknown_respondent="log")
    assert accounted(survey) == len(raw.nominations)
    assert (survey.ties["source"] != survey.ties["target"]).all()
    assert not survey.ties.duplicated(["source", "target", "topic", "wave"]).any()
    # every internal person has exactly one responses row
    assert sorted(survey.responses["person_id"]) == sorted(ROSTER["person_id"])
    # deterministic: the same input gives the same tables
    again = clean_survey(raw, ROSTER, unknown=unknown, unknown_respondent="log")
    pd.testing.assert_frame_equal(survey.ties, again.ties)
    pd.testing.assert_frame_equal(survey.log, again.log)


candidate = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["a", "b", "c"]),
        "target": st.sampled_from(["a", "b", "c"]),
        "topic": st.sampled_from(["ict", "zorg"]),
        "weight": st.sampled_from([1.0, 2.0, 4.0]),
        "row": st.integers(2, 9),
    }
)


@settings(max_examples=80, deadline=None)
@given(st.lists(candidate, max_size=15))
def test_verbs_are_idempotent_and_conserve(rows):
    df = pd.DataFrame(rows, columns=["source", "target", "topic", "weight", "row"])
    df = df.assign(wave="1", file="f", column="Q", raw_name="x", match="exact", match_score=100.0)
    once, log = df.pipe(drop_self_ties).pipe(merge_duplicate_ties)
    assert len(once) + len(log) == len(df)
    twice, log2 = once.pipe(drop_self_ties).pipe(merge_duplicate_ties)
    pd.testing.assert_frame_equal(once, twice)
    assert log2.empty
    # the kept weight is the max of its group
    if len(df):
        best = (
            df[df["source"] != df["target"]].groupby(["source", "target", "topic"])["weight"].max()
        )
        got = once.set_index(["source", "target", "topic"])["weight"]
        pd.testing.assert_series_equal(got.sort_index(), best.sort_index(), check_names=False)


@settings(max_examples=15, deadline=None)
@given(st.lists(response, min_size=1, max_size=6))
def test_cleaning_the_cleaned_ties_again_changes_nothing(responses):
    """Feed the ties back as an edge list of ids: the same ties come out, nothing logged."""
    survey = clean_survey(make_raw(responses), ROSTER, unknown_respondent="log")
    ties = survey.ties
    email = dict(zip(ROSTER["person_id"], ROSTER["email"], strict=True))
    sources = list(dict.fromkeys(ties["source"]))
    raw = make_raw([{"respondent": email[s]} for s in sources])
    row_of = {s: k + 2 for k, s in enumerate(sources)}
    raw.nominations = pd.DataFrame(
        {
            "wave": "2025",
            "file": "export.csv",
            "row": ties["source"].map(row_of).astype(int),
            "column": "target",
            "respondent_raw": ties["source"].map(email),
            "topic": ties["topic"],
            "raw_name": ties["raw_name"],
            "target_id": ties["target"],
            "kind": "name",
            "weight": ties["weight"],
        }
    )
    people = pd.concat([ROSTER, survey.people[~survey.people["internal"]]], ignore_index=True)
    again = clean_survey(raw, people)
    key = ["source", "target", "topic", "weight"]
    pd.testing.assert_frame_equal(
        again.ties[key].sort_values(key, ignore_index=True),
        ties[key].sort_values(key, ignore_index=True),
    )
    assert not again.log["reason"].isin(ITEM_REASONS).any()


# --------------------------------------------------------------------------- every shape, through the reader

PEOPLE = ["Jan van den Berg", "Anna de Vries", "Kees Bakker", "Fleur Smit"]
CELL = st.sampled_from(
    PEOPLE + ["J. v.d. Berg", "kees bakker", "iemand van de pabo", "niemand", ""]
)


def _write(folder: Path, name: str, rows: list[list[str]]) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _roster(folder: Path) -> Path:
    rows = [["person_id", "name", "email"]]
    rows += [[f"p{k}", n, f"p{k}@s.nl"] for k, n in enumerate(PEOPLE)]
    return _write(folder, "roster.csv", rows)


HEAD = 'nobody = ["niemand"]\n[survey]\nwave = "2025"\n[respondent]\ncolumn = "email"\nby = "email"\nsubmitted_at = ""\nstatus_column = ""\ncomplete_column = ""\n[[topics]]\nkey = "ict"\n'  # noqa: E501

SHAPES = {
    "slots": '[[nominations]]\nshape = "slots"\ntopic = "ict"\ncolumns = ["n1", "n2", "n3"]\n',
    "matrix": '[[nominations]]\nshape = "matrix"\ntopic = "ict"\npattern = "^M_(?P<target>.+)$"\ncell = "tick"\n',
    "multiselect": '[[nominations]]\nshape = "multiselect"\ntopic = "ict"\ncolumn = "multi"\ndelimiter = ";"\n',
    "edgelist": '[[nominations]]\nshape = "edgelist"\nsource = "email"\ntarget = "named"\ntarget_by = "name"\ntopic = "ict"\n',
}


def _export(shape: str, answers: list[tuple[int, list[str]]]) -> tuple[list[list[str]], int]:
    """The export's rows and the number of non-empty nomination items in it."""
    if shape == "slots":
        rows = [["email", "n1", "n2", "n3"]]
        rows += [[f"p{r}@s.nl", *(names + ["", "", ""])[:3]] for r, names in answers]
        return rows, sum(1 for _, names in answers for n in names[:3] if n)
    if shape == "matrix":
        rows = [["email"] + [f"M_{p}" for p in PEOPLE]]
        rows += [
            [f"p{r}@s.nl"] + ["1" if p in names else "" for p in PEOPLE] for r, names in answers
        ]
        return rows, sum(1 for _, names in answers for p in PEOPLE if p in names)
    if shape == "multiselect":
        rows = [["email", "multi"]]
        rows += [[f"p{r}@s.nl", ";".join(n for n in names if n)] for r, names in answers]
        return rows, sum(1 for _, names in answers for n in names if n)
    rows = [["email", "named"]]
    rows += [[f"p{r}@s.nl", n] for r, names in answers for n in names if n]
    return rows, len(rows) - 1


@pytest.mark.parametrize("shape", list(SHAPES))
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=st.lists(
        st.tuples(st.integers(0, 3), st.lists(CELL, max_size=4)), min_size=1, max_size=5
    )
)
def test_conservation_through_the_reader(shape, answers):
    rows, n_items = _export(shape, answers)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        survey_path = _write(folder, "export.csv", rows)
        codebook = folder / "codebook.toml"
        codebook.write_text(HEAD + SHAPES[shape], encoding="utf-8")
        try:
            s = load_survey(survey_path, _roster(folder), codebook)
        except LeerlibError as err:
            # an export without a single data row or item is allowed to be refused
            assert n_items == 0 or "no data" in str(err), err
            return
    assert accounted(s) == n_items
    assert (s.ties["source"] != s.ties["target"]).all()


@pytest.mark.parametrize("wave", ["2025", "2026"])
def test_conservation_on_the_sample(wave):
    paths = leerlib.sample_paths()
    from leerlib.io import read_codebook, read_export

    raw = read_export(paths[f"survey_{wave}"], read_codebook(paths[f"codebook_{wave}"]))
    s = load_survey(
        paths[f"survey_{wave}"],
        paths[f"roster_{wave}"],
        paths[f"codebook_{wave}"],
        paths["aliases"],
    )
    assert accounted(s) == len(raw.nominations) > 500


@pytest.mark.parametrize("codebook", sorted(CODEBOOKS.glob("*.toml")), ids=lambda p: p.stem)
def test_conservation_on_real_exports(codebook, real_exports_dir):
    """Each real export (read with its codebook, people from the export itself): every item
    is accounted for, or the export is refused with a LeerlibError."""
    found = [
        p for p in real_exports_dir.rglob(codebook.stem + ".*") if p.suffix in (".csv", ".xlsx")
    ]
    if not found:
        pytest.skip(f"no export named {codebook.stem}")
    from leerlib.io import read_codebook, read_export

    try:
        raw = read_export(found[0], read_codebook(codebook))
        s = load_survey(found[0], None, codebook)
    except LeerlibError:
        return
    assert accounted(s) == len(raw.nominations)
