"""The example exports of notebook 06 (issue 18): each loads from its files and codebook alone,
with no pandas step before leerlib, and gives the generator's truth.

The truth files are written by the generator from its own draws (leerlib.sample.examples), not
by the code under test; the figures quoted in docstrings are from examples/README.md.
"""

from __future__ import annotations

import pandas as pd
import pytest

import leerlib
from leerlib.errors import LeerlibError
from leerlib.metrics.missing import RESPONSE_THRESHOLD
from leerlib.sample import example_paths
from leerlib.sample._design import EXAMPLE_FILES


def _truth(path) -> pd.DataFrame:
    t = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in t.columns:
        if set(t[col]) <= {"True", "False"}:
            t[col] = t[col] == "True"
    return t


def _load(name: str):
    p = example_paths(name)
    return leerlib.load_survey(p["export"], p.get("staff"), p["codebook"]), p


def _ties(survey) -> set[tuple[str, str]]:
    return set(zip(survey.ties["source"], survey.ties["target"], strict=True))


def _responded(survey) -> dict[str, bool]:
    r = survey.responses
    return dict(zip(r["person_id"], r["responded"].astype(bool), strict=True))


def test_generator_rewrites_the_committed_examples_byte_for_byte(tmp_path):
    from leerlib.sample.examples import generate_examples

    written = generate_examples(tmp_path)
    folder = example_paths("class")["export"].parent
    committed = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    assert {p.name for files in written.values() for p in files.values()} | {"README.md"} == set(
        committed
    )
    for name in committed:
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def test_unknown_example_is_named():
    with pytest.raises(LeerlibError, match="class.*schools.*worked_with"):
        example_paths("klas")
    assert sorted(EXAMPLE_FILES) == ["class", "schools", "worked_with"]


def test_class_example_matches_the_generators_truth():
    """No class list: members are who submitted or was named (truth: 28 of 30 students), 20
    answered the help question (one row holds only 1654), response 20/28 < 80 %, so the
    fragile measures are flagged. NA and 1654 are never people; the student who submitted twice
    is one response, the later row's four names are the ties."""
    s, p = _load("class")
    truth = _truth(p["truth_ties"])
    people = _truth(p["truth_people"])
    assert _ties(s) == set(zip(truth["source"], truth["target"], strict=True))
    members = people[people["submitted"] | people["named"]]
    assert set(s.people["person_id"]) == set(members["person_id"])
    assert s.people["internal"].all()
    assert _responded(s) == dict(zip(members["person_id"], members["responded"], strict=True))
    rate = members["responded"].sum() / len(members)
    assert s.response_rate() == pytest.approx(rate)
    assert rate < RESPONSE_THRESHOLD
    info = leerlib.node_metrics(leerlib.build_graph(s)).attrs
    assert info["response_rate"] == pytest.approx(rate)
    assert {"out_degree", "betweenness"} <= set(info["fragile"])
    twice = people.loc[people["submissions"] == "2", "person_id"].tolist()
    dup = s.log[s.log["reason"] == "duplicate_response"]
    assert dup["raw_value"].tolist() == twice
    assert not set(s.people["person_id"]) & {"NA", "1654", "ext:na", "ext:1654"}
    assert set(s.log.loc[s.log["reason"] == "missing", "raw_value"]) == {"NA", "1654"}


def test_schools_example_matches_the_generators_truth():
    """Three schools, pupil numbers restart in each: one network per school, person_id
    "<school>/<pupil>", no duplicate submissions; per-school response = answered / (answered
    or named) from the truth (Noord 13/14, Oost 16/18, West 11/16)."""
    s, p = _load("schools")
    truth = _truth(p["truth_ties"])
    people = _truth(p["truth_people"])
    key = truth["school"] + "/"
    assert _ties(s) == set(zip(key + truth["source"], key + truth["target"], strict=True))
    assert not s.log["reason"].str.startswith("duplicate").any()
    parts = s.split()
    assert sorted(parts) == sorted(set(people["school"]))
    for school, part in parts.items():
        mine = people[people["school"] == school]
        named = set(truth.loc[truth["school"] == school, "target"])
        members = mine[mine["responded"] | mine["pupil"].isin(named)]
        assert part.response_rate() == pytest.approx(members["responded"].sum() / len(members))
        assert len(part.ties) == int((truth["school"] == school).sum())
    assert parts["West"].response_rate() < RESPONSE_THRESHOLD <= parts["Noord"].response_rate()


def _pairs(truth: pd.DataFrame, rule: str) -> set[frozenset]:
    by_a, by_b = truth["named_by_a"], truth["named_by_b"]
    keep = (by_a | by_b) if rule == "either" else (by_a & by_b)
    return {frozenset(p) for p in zip(truth.loc[keep, "a"], truth.loc[keep, "b"], strict=True)}


def test_worked_with_example_matches_the_generators_truth():
    """The bundled codebook declares the relation undirected (symmetrize = "either"): one tie
    per pair that either side named (truth: named_by_a or named_by_b; 19 by both + 14 by one
    side = 33), an undirected graph; a pair named by neither side is not in the data. 15 of 18
    staff answered."""
    s, p = _load("worked_with")
    truth = _truth(p["truth_ties"])
    got = {frozenset(t) for t in _ties(s)}
    assert got == _pairs(truth, "either") and len(s.ties) == len(got)
    assert not s.ties["directed"].any()
    assert s.log["reason"].value_counts()["undirected_pair"] == int(
        (truth["named_by_a"] & truth["named_by_b"]).sum()
    )
    G = leerlib.build_graph(s)
    assert not G.is_directed() and {frozenset(e) for e in G.edges} == got
    assert set(s.ties["match"]) == {"exact"}
    people = _truth(p["truth_people"])
    assert _responded(s) == dict(zip(people["person_id"], people["responded"], strict=True))
    assert s.response_rate() == pytest.approx(people["responded"].mean())


@pytest.mark.parametrize("rule", ["directed", "both"])
def test_worked_with_example_read_other_ways(rule):
    """The same export with the codebook changed: read as directed nominations, a tie from each
    side that named the other (truth columns named_by_a, named_by_b); with symmetrize = "both"
    only the pairs both sides named (19), the 14 one-sided pairs logged unreciprocated."""
    from leerlib.io import Source

    p = example_paths("worked_with")
    truth = _truth(p["truth_ties"])
    text = p["codebook"].read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith(("directed", "symmetrize"))]
    if rule == "both":
        lines += ["directed = false", 'symmetrize = "both"']
    cb = Source("\n".join(lines).encode(), "worked_with.toml")
    s = leerlib.load_survey(p["export"], p["staff"], cb)
    if rule == "directed":
        a, b = truth["a"], truth["b"]
        expected = {(x, y) for x, y, n in zip(a, b, truth["named_by_a"], strict=True) if n}
        expected |= {(y, x) for x, y, n in zip(a, b, truth["named_by_b"], strict=True) if n}
        assert _ties(s) == expected
    else:
        assert {frozenset(t) for t in _ties(s)} == _pairs(truth, "both")
        one_sided = int((truth["named_by_a"] ^ truth["named_by_b"]).sum())
        assert s.log["reason"].value_counts()["unreciprocated"] == one_sided


def test_the_codebook_walk_through_in_the_docs_loads_the_class_example():
    """docs/codebook.md's "your own export" codebook reads the class example to the truth."""
    import re
    import textwrap
    from pathlib import Path

    from leerlib.io import Source

    text = (Path(__file__).parents[1] / "docs" / "codebook.md").read_text(encoding="utf-8")
    section = text.split("## Your own export, step by step", 1)[1]
    block = textwrap.dedent(re.search(r"```toml\n(.*?)```", section, re.S).group(1))
    p = example_paths("class")
    s = leerlib.load_survey(p["export"], None, Source(block.encode(), "doc.toml"))
    truth = _truth(p["truth_ties"])
    assert _ties(s) == set(zip(truth["source"], truth["target"], strict=True))


@pytest.mark.parametrize("name", ["class", "schools", "worked_with"])
def test_every_nomination_of_the_examples_is_a_tie_or_a_log_row(name):
    """Conservation on each example: the non-empty nomination cells, counted here with the csv
    module (class: help_* cells, NA and 1654 included; schools: friend_* cells; worked_with:
    the ';'-separated pieces of the one answer cell), equal ties plus item log rows."""
    import csv

    from leerlib.clean import ITEM_REASONS

    p = example_paths(name)
    text = p["export"].read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";" if name == "schools" else ","))
    if name == "worked_with":
        column = "Who did you work with on a project this term?"
        cells = sum(len([x for x in r[column].split(";") if x.strip()]) for r in rows)
    else:
        prefix = "help_" if name == "class" else "friend_"
        cells = sum(1 for r in rows for k, v in r.items() if k.startswith(prefix) and v.strip())
    s, _ = _load(name)
    assert len(s.ties) + int(s.log["reason"].isin(ITEM_REASONS).sum()) == cells
