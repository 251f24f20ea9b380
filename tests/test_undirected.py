"""Undirected relations (issue 18, item 6): the codebook's ``directed = false``, one tie per
named pair, undirected graphs and the undirected conventions of the measures.

Small cases are counted by hand in the docstrings; measures are checked against python-igraph
(computed in the test on the same edges) and against published values of Zachary's karate club.
"""

from __future__ import annotations

import pytest

import leerlib
from leerlib.clean import ITEM_REASONS
from leerlib.errors import CodebookError
from leerlib.io import Source

HEAD = ('[survey]\nwave = "1"\n[respondent]\ncolumn = "id"\nby = "id"\n'
        '[[topics]]\nkey = "friend"\n[[topics]]\nkey = "advice"\n')


def block(topic="friend", pattern="^f\\\\d$", extra='directed = false\n'):
    return (f'[[nominations]]\nshape = "slots"\ntopic = "{topic}"\npattern = "{pattern}"\n'
            f'target_by = "id"\n{extra}')


def codebook(*blocks) -> Source:
    return Source((HEAD + "".join(blocks)).encode(), "codeboek.toml")


def load(csv: str, cb: Source):
    return leerlib.load_survey(Source(csv.encode(), "export.csv"), None, cb)


def pairs(survey) -> list[tuple[str, str]]:
    return sorted(zip(survey.ties["source"], survey.ties["target"], strict=True))


def accounted(survey) -> int:
    return len(survey.ties) + int(survey.log["reason"].isin(ITEM_REASONS).sum())


# --------------------------------------------------------------------------- the codebook


def test_codebook_directed_false_and_symmetrize():
    cb = leerlib.read_codebook(codebook(block(extra='directed = false\nsymmetrize = "both"\n')))
    spec = cb.nominations[0]
    assert (spec.directed, spec.symmetrize) == (False, "both")
    assert cb.undirected_topics() == {"friend": "both"}
    default = leerlib.read_codebook(codebook(block(extra="")))
    assert (default.nominations[0].directed, default.undirected_topics()) == (True, {})
    assert leerlib.read_codebook(codebook(block())).undirected_topics() == {"friend": "either"}


@pytest.mark.parametrize(
    ("blocks", "match"),
    [
        ([block(extra='symmetrize = "both"\n')], "symmetrize applies to an undirected relation"),
        ([block(extra='directed = false\nsymmetrize = "all"\n')], r"symmetrize is 'all'; expected one of"),
        ([block(extra='directed = "no"\n')], "directed must be true or false"),
        ([block(), block(pattern="^g\\\\d$", extra="")],
         r"topic 'friend' is directed here but undirected \(either\) in \[\[nominations\]\] #1"),
        ([block(), block(pattern="^g\\\\d$", extra='directed = false\nsymmetrize = "both"\n')],
         "blocks of one topic must agree on directed and symmetrize"),
    ],
)
def test_codebook_direction_errors_name_the_key(blocks, match):
    with pytest.raises(CodebookError, match=match):
        leerlib.read_codebook(codebook(*blocks))


# --------------------------------------------------------------------------- cleaning

CLASS = "id,f1,f2\n1,2,3\n2,1,\n3,,\n4,3,\n"


def test_either_side_names_the_pair():
    """symmetrize = "either" (default). Nominations (4 cells): 1->2, 1->3, 2->1, 4->3.

    Pairs: {1,2} named both ways (one tie, the first in export order: row 2, 1->2; row 3's
    2->1 logged merged undirected_pair), {1,3} and {3,4} named by one side. 3 ties + 1 log
    row = 4 cells. Every tie has directed = False.
    """
    s = load(CLASS, codebook(block()))
    assert pairs(s) == [("1", "2"), ("1", "3"), ("4", "3")]
    log = s.log[s.log["reason"] == "undirected_pair"]
    assert log[["row", "column", "raw_value", "action"]].values.tolist() == [[3, "f1", "1", "merged"]]
    assert not s.ties["directed"].any()
    assert accounted(s) == 4


def test_both_sides_must_name_the_pair():
    """symmetrize = "both": only {1,2} (named both ways) is a tie; 1->3 and 4->3 are logged
    dropped unreciprocated; 2->1 merged undirected_pair. 1 tie + 3 log rows = 4 cells."""
    s = load(CLASS, codebook(block(extra='directed = false\nsymmetrize = "both"\n')))
    assert pairs(s) == [("1", "2")]
    lone = s.log[s.log["reason"] == "unreciprocated"]
    assert sorted(zip(lone["row"], lone["raw_value"], strict=True)) == [(2, "3"), (5, "3")]
    assert (lone["action"] == "dropped").all()
    assert accounted(s) == 4


def test_pair_weight_is_max_for_either_and_min_for_both():
    """1 names 2 "often" (2), 2 names 1 "rarely" (1): either -> weight 2 (sna rule weak,
    the maximum), both -> weight 1 (rule strong, the minimum)."""
    csv = "id,f1,f1_freq\n1,2,often\n2,1,rarely\n"
    freq = 'attributes = { freq = "{column}_freq" }\nweight = "freq"\n'
    scale = '[scales.freq]\noften = 2\nrarely = 1\n'
    got = {}
    for rule in ("either", "both"):
        cb = codebook(block(pattern="^f1$", extra=f'directed = false\nsymmetrize = "{rule}"\n{freq}'), scale)
        got[rule] = load(csv, cb).ties["weight"].tolist()
    assert got == {"either": [2.0], "both": [1.0]}


def test_directed_and_undirected_topics_in_one_export():
    """f* asks for friends (undirected), a* for advice (directed). Row 2: 1 names 2 on both;
    row 3: 2 names 1 on both. friend: one tie {1,2}; advice: 1->2 and 2->1."""
    csv = "id,f1,a1\n1,2,2\n2,1,1\n"
    s = load(csv, codebook(block(), block("advice", "^a\\\\d$", extra="")))
    got = sorted(zip(s.ties["topic"], s.ties["source"], s.ties["target"], s.ties["directed"], strict=True))
    assert got == [("advice", "1", "2", True), ("advice", "2", "1", True), ("friend", "1", "2", False)]


def test_directed_codebook_adds_no_column():
    s = load(CLASS, codebook(block(extra="")))
    assert "directed" not in s.ties.columns
    assert len(s.ties) == 4
