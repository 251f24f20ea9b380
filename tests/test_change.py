"""Change between two survey rounds: hand-counted cases, the sample's designed change, Freeman's EIES panel."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.errors import LeerlibError, SchemaError
from leerlib.metrics.change import (
    ALL_TOPICS,
    compare_partitions,
    compare_rounds,
    jaccard,
    tie_status,
)
from leerlib.schema import Survey

CAUSAL = re.compile(
    r"\b(because|due to|caused?|leads? to|led to|thanks to|result(s|ed)? in|"
    r"doordat|omdat|dankzij|leidde|leidt tot|veroorzaakt|door de)\b",
    re.IGNORECASE,
)


def _survey(ties, people, responses, waves) -> Survey:
    return Survey(
        people=pd.DataFrame(people),
        ties=pd.DataFrame(ties),
        responses=pd.DataFrame(responses),
        value=pd.DataFrame(),
        log=pd.DataFrame(),
        waves=list(waves),
    )


@pytest.fixture(scope="module")
def tiny() -> Survey:
    """Five people, two rounds, drawn by hand.

    Round 1 list a, b, c, d (d did not answer); round 2 list a, b, c, e (c did not answer;
    d left, e joined). Teams: a, b in x; c, d, e in y.
    Round 1 ties: a->b ict (w 2), a->b zorg, a->c ict, b->a ict, c->a zorg, a->d ict.
    Round 2 ties: a->b ict (w 3), b->c ict, e->a ict, b->e zorg.
    """
    t = [
        ("a", "b", "ict", "1", 2.0),
        ("a", "b", "zorg", "1", 1.0),
        ("a", "c", "ict", "1", 1.0),
        ("b", "a", "ict", "1", 1.0),
        ("c", "a", "zorg", "1", 1.0),
        ("a", "d", "ict", "1", 1.0),
        ("a", "b", "ict", "2", 3.0),
        ("b", "c", "ict", "2", 1.0),
        ("e", "a", "ict", "2", 1.0),
        ("b", "e", "zorg", "2", 1.0),
    ]
    ties = pd.DataFrame(t, columns=["source", "target", "topic", "wave", "weight"])
    people = {
        "person_id": list("abcde"),
        "name": ["An", "Bo", "Cor", "Dirk", "Eva"],
        "internal": True,
        "team": list("xxyyy"),
    }
    responses = {
        "person_id": list("abcd") + list("abce"),
        "wave": ["1"] * 4 + ["2"] * 4,
        "responded": [True, True, True, False, True, True, False, True],
    }
    return _survey(ties, people, responses, ["1", "2"])


@pytest.fixture(scope="module")
def tiny_cmp(tiny):
    return compare_rounds(tiny, "1", "2")


def _status(cmp, topic: str) -> dict:
    t = cmp.ties[cmp.ties["topic"] == topic]
    return {(s, d): str(x) for s, d, x in zip(t["source"], t["target"], t["status"], strict=True)}


def test_tie_status_all_topics_hand_count(tiny_cmp):
    """Pairs over all topics, by hand (see the fixture).

    a->b in both: kept. a->c, b->a: only round 1, senders answered round 2: ended.
    c->a: only round 1, c did not answer round 2: unknown (not ended). a->d: d left: ended
    (turnover). b->c: only round 2, b answered round 1: new. e->a, b->e: e joined: new
    (turnover).
    """
    assert _status(tiny_cmp, ALL_TOPICS) == {
        ("a", "b"): "kept",
        ("a", "c"): "ended",
        ("a", "d"): "ended",
        ("b", "a"): "ended",
        ("b", "c"): "new",
        ("b", "e"): "new",
        ("c", "a"): "unknown",
        ("e", "a"): "new",
    }
    c = tiny_cmp.tie_counts.loc[ALL_TOPICS]
    assert (c["kept"], c["new"], c["ended"], c["unknown"], c["turnover"]) == (1, 3, 3, 1, 3)


def test_tie_status_per_topic_hand_count(tiny_cmp):
    """ict: a->b kept; a->c, b->a, a->d ended; b->c, e->a new. zorg: a->b ended (a answered
    round 2), c->a unknown, b->e new."""
    counts = tiny_cmp.tie_counts
    assert counts.loc["ict", ["kept", "new", "ended", "unknown"]].tolist() == [1, 2, 3, 0]
    assert counts.loc["zorg", ["kept", "new", "ended", "unknown"]].tolist() == [0, 1, 1, 1]
    assert _status(tiny_cmp, "zorg") == {
        ("a", "b"): "ended",
        ("c", "a"): "unknown",
        ("b", "e"): "new",
    }


def test_response_columns_explain_unknown(tiny_cmp):
    t = tiny_cmp.ties.set_index(["source", "target", "topic"])
    row = t.loc[("c", "a", ALL_TOPICS)]
    assert bool(row["sender_answered_before"]) and not bool(row["sender_answered_after"])
    assert not bool(row["comparable"])
    assert bool(t.loc[("a", "d", ALL_TOPICS), "turnover"])


def test_ratings_hand_count(tiny_cmp):
    """Both rounds carry a scale (weights other than 1.0). ict a->b: 2 -> 3, higher.
    All topics a->b: 2 + 1 (zorg) = 3 -> 3, the same."""
    assert tiny_cmp.ratings_compared
    t = tiny_cmp.ties.set_index(["source", "target", "topic"])
    assert t.loc[("a", "b", "ict"), "rating"] == "higher"
    assert t.loc[("a", "b", "ict"), "weight_change"] == pytest.approx(1.0)
    assert t.loc[("a", "b", ALL_TOPICS), "rating"] == "same"
    assert t.loc[("a", "c", "ict"), "rating"] == ""  # ended: no rating change


def test_ratings_not_compared_without_scale(tiny):
    s = _survey(tiny.ties.assign(weight=1.0), tiny.people, tiny.responses, ["1", "2"])
    cmp = compare_rounds(s, "1", "2")
    assert not cmp.ratings_compared
    assert (cmp.ties["rating"] == "").all()


def test_jaccard_hand_count(tiny_cmp):
    """Comparable pairs (both ends on both lists, sender answered both): a->b kept, a->c
    ended, b->a ended, b->c new. Overall 1/4; a: 1/2 (a->b kept, a->c ended); b: 0/2."""
    assert tiny_cmp.tie_counts.loc[ALL_TOPICS, "jaccard"] == pytest.approx(0.25)
    assert tiny_cmp.jaccard.to_dict() == {"a": 0.5, "b": 0.0}
    assert tiny_cmp.people.loc["a", "jaccard"] == 0.5
    assert np.isnan(tiny_cmp.people.loc["c", "jaccard"])


def test_jaccard_empty_is_nan():
    overall, per = jaccard(pd.DataFrame({"source": [], "status": [], "comparable": []}))
    assert np.isnan(overall) and per.empty


def test_people_hand_count(tiny_cmp):
    """a: in-degree 2 (b, c) -> 1 (e); out-degree 3 (b, c, d) -> 1 (b). d left, e joined."""
    p = tiny_cmp.people
    assert p["status"].to_dict() == {
        "a": "stayed",
        "b": "stayed",
        "c": "stayed",
        "d": "left",
        "e": "joined",
    }
    assert p.loc["a", ["in_degree_before", "in_degree_after", "in_degree_change"]].tolist() == [
        2.0,
        1.0,
        -1.0,
    ]
    assert p.loc["a", "out_degree_change"] == -2.0
    assert np.isnan(p.loc["e", "in_degree_change"]) and p.loc["e", "in_degree_after"] == 1.0
    assert np.isnan(p.loc["d", "in_degree_after"])
    # c did not answer round 2 but stays on the list: still a stayer, whose round-2 out-ties
    # are missing (NaN), not zero; d did not answer round 1
    assert not p.loc["c", "answered_after"] and p.loc["c", "status"] == "stayed"
    assert np.isnan(p.loc["c", "out_degree_after"]) and np.isnan(p.loc["c", "out_degree_change"])
    assert p.loc["c", "out_degree_before"] == 1.0
    assert np.isnan(p.loc["d", "out_degree_before"])
    assert p.loc["c", "in_degree_change"] == 0.0  # named by a in round 1, by b in round 2


def test_network_hand_count(tiny_cmp):
    """Round 1: 4 people, 5 pairs (a->b, a->c, b->a, c->a, a->d): density 5/12, returned
    ties 4/5 (a<->b, a<->c). Round 2: 4 people, 4 pairs: density 4/12, none returned.
    Across teams (x: a, b; y: c, d, e): round 1 a->c, c->a, a->d = 3 of 5; round 2 b->c,
    e->a, b->e = 3 of 4."""
    net = tiny_cmp.network
    assert net.loc["density", "before"] == pytest.approx(5 / 12)
    assert net.loc["density", "after"] == pytest.approx(4 / 12)
    assert net.loc["density", "change"] == pytest.approx(-1 / 12)
    assert net.loc["reciprocity_edgewise"].tolist() == pytest.approx([0.8, 0.0, -0.8])
    assert net.loc["share_across"].tolist() == pytest.approx([3 / 5, 3 / 4, 3 / 4 - 3 / 5])
    assert net.loc["response_rate"].tolist() == pytest.approx([0.75, 0.75, 0.0])


def test_across_hand_count(tiny_cmp):
    """Topic ties across teams: ict round 1 a->c, a->d (2), round 2 b->c, e->a (2);
    zorg round 1 c->a (1), round 2 b->e (1); pairs 3 -> 3."""
    a = tiny_cmp.across.loc["team"]
    assert a.loc["ict", ["before", "after"]].tolist() == [2, 2]
    assert a.loc["zorg", ["before", "after"]].tolist() == [1, 1]
    assert a.loc[ALL_TOPICS, ["before", "after"]].tolist() == [3, 3]


def test_tie_status_docstring_case_by_function():
    b = pd.DataFrame({"source": ["a"], "target": ["b"], "topic": ["t"]})
    a = pd.DataFrame({"source": ["x"], "target": ["b"], "topic": ["t"]})
    # x is on no list (an external): present in both rounds; x did not answer round 1
    s = tie_status(
        b, a, on_before="ab", on_after="ab", answered_before="ab", answered_after="ab", weight=None
    )
    assert dict(zip(s["source"], s["status"].astype(str), strict=True)) == {
        "a": "ended",
        "x": "unknown",
    }


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ([0, 0, 1, 1], [0, 0, 0, 1]),
        ([0, 0, 0, 1, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2]),
        ([0, 1, 2, 3, 4, 5], [0, 0, 1, 1, 2, 2]),
        ([3, 3, 3, 7, 7, 1, 1, 1, 1, 2], [0, 0, 1, 1, 1, 2, 2, 2, 3, 3]),
    ],
)
def test_partitions_against_sklearn(before, after):
    """ARI and NMI (arithmetic mean normalisation) agree with scikit-learn."""
    metrics = pytest.importorskip("sklearn.metrics")
    people = [f"p{i}" for i in range(len(before))]
    r = compare_partitions(
        dict(zip(people, before, strict=True)), dict(zip(people, after, strict=True))
    )
    assert r["ari"] == pytest.approx(metrics.adjusted_rand_score(before, after), abs=1e-12)
    assert r["nmi"] == pytest.approx(
        metrics.normalized_mutual_info_score(before, after, average_method="arithmetic"),
        abs=1e-12,
    )


def test_partitions_hand_count():
    """Before {a,b},{c,d}; after {a,b,c},{d}. Pair counts: sum C(n_ij, 2) = 1, rows 2,
    columns 3, C(4,2) = 6: expected 1, max 2.5, ARI = (1 - 1)/(2.5 - 1) = 0.
    Matching keeps {a,b} with {a,b,c} (2 people) and {c,d} with {d} (1): c moved."""
    r = compare_partitions({"a": 0, "b": 0, "c": 1, "d": 1}, {"a": 0, "b": 0, "c": 0, "d": 1})
    assert r["ari"] == pytest.approx(0.0, abs=1e-12)
    assert r["table"]["moved"].to_dict() == {"a": False, "b": False, "c": True, "d": False}
    same = compare_partitions({"a": 0, "b": 1}, {"a": 5, "b": 9})
    assert same["ari"] == 1.0 and not same["table"]["moved"].any()


def test_summary_plain_numbers_no_causal_words(tiny_cmp):
    for lang in ("en", "nl"):
        sentences = tiny_cmp.summary(lang)
        assert sentences
        for s in sentences:
            assert re.search(r"\d", s), s
            assert not CAUSAL.search(s), s
    assert len(tiny_cmp.summary("en")) == len(tiny_cmp.summary("nl"))
    en = " ".join(tiny_cmp.summary("en"))
    assert "1 ties are seen in one round only" in en and "not as new or ended" in en


def test_summary_bad_language(tiny_cmp):
    with pytest.raises(LeerlibError, match="lang"):
        tiny_cmp.summary("de")


@pytest.mark.parametrize(
    ("before", "after", "match"),
    [("1", "1", "both"), ("1", "9", "not in the survey"), ("1", None, "both rounds")],
)
def test_bad_rounds(tiny, before, after, match):
    with pytest.raises(SchemaError, match=match):
        compare_rounds(tiny, before, after)


def test_topic_selection(tiny):
    """Only ict: pairs a->b kept; a->c, b->a, a->d ended; b->c, e->a new; c->a is not an
    ict tie, so nothing is unknown."""
    cmp = compare_rounds(tiny, "1", "2", topic="ict")
    c = cmp.tie_counts.loc[ALL_TOPICS]
    assert (c["kept"], c["new"], c["ended"], c["unknown"]) == (1, 2, 3, 0)
    assert set(cmp.tie_counts.index) == {ALL_TOPICS, "ict"}


# --- the sample: the change its generator designed --------------------------------------------


@pytest.fixture(scope="module")
def design():
    """The generator's own story (who the brokers, leavers and ICT network are), drawn by
    replaying its first steps with its seed, and its truth_ties.csv."""
    from leerlib.sample import _people
    from leerlib.sample._design import SEED

    rng = np.random.default_rng(SEED)
    staff25 = _people.make_staff(rng)
    story = _people.choose_story(staff25, rng)
    staff26 = _people.turnover(staff25, story, rng)
    truth = pd.read_csv(leerlib.sample_paths()["truth_ties"], dtype=str)
    school = pd.concat([staff25, staff26]).drop_duplicates("person_id")
    school = school.set_index("person_id")["school"]
    return {
        "story": story,
        "ids25": set(staff25["person_id"]),
        "ids26": set(staff26["person_id"]),
        "truth": truth,
        "school": school,
    }


@pytest.fixture(scope="module")
def sample_cmp():
    return compare_rounds(leerlib.load_sample(), "2025", "2026", across=["team", "school"])


def _truth_cross_school(design, wave: str, topic: str) -> set:
    t = design["truth"]
    t = t[(t["wave"] == wave) & (t["topic"] == topic)]
    s = design["school"]
    cross = t[t["source"].map(s).to_numpy() != t["target"].map(s).to_numpy()]
    return set(zip(cross["source"], cross["target"], strict=True))


def test_sample_people_joined_and_left(sample_cmp, design):
    p = sample_cmp.people
    assert set(p.index[p["status"] == "joined"]) == design["ids26"] - design["ids25"]
    assert set(p.index[p["status"] == "left"]) == set(design["story"]["leavers"])
    assert set(p.index[p["status"] == "stayed"]) == design["ids25"] & design["ids26"]


def test_sample_cross_school_ict_grew(sample_cmp, design):
    """Truth: the ICT network's cross-school ties (truth_ties.csv, schools from the generator's
    staff). Round 2 is a roster matrix (ids, nothing to match): the same set of ties. Round 1
    is typed names: at most one tie may be lost to name matching."""
    truth25 = _truth_cross_school(design, "2025", "ict")
    truth26 = _truth_cross_school(design, "2026", "ict")
    assert len(truth26) > 4 * len(truth25)  # the design itself: 2 -> 18
    row = sample_cmp.across.loc[("school", "ict")]
    assert row["after"] == len(truth26)
    assert abs(row["before"] - len(truth25)) <= 1
    t = sample_cmp.ties[(sample_cmp.ties["topic"] == "ict") & sample_cmp.ties["in_after"]]
    s = design["school"]
    measured = {
        (a, b) for a, b in zip(t["source"], t["target"], strict=True) if s.get(a) != s.get(b)
    }
    assert measured == truth26
    network = set(design["story"]["ict_network"])
    assert sum(a in network and b in network for a, b in truth26) >= 0.75 * len(truth26)
    # said in plain words, with the numbers
    en = [x for x in sample_cmp.summary("en") if x.startswith("Ties across school")]
    assert len(en) == 1
    assert f"ICT in class, which rose from {int(row['before'])} to {len(truth26)}" in en[0]
    nl = [x for x in sample_cmp.summary("nl") if x.startswith("Relaties over schoolgrenzen")]
    assert f"ICT in de klas, dat steeg van {int(row['before'])} naar {len(truth26)}" in nl[0]


def test_sample_broker_left(sample_cmp, design):
    """The generator's first broker leaves; the other two stay. The summary names her first
    among the brokers who left."""
    story = design["story"]
    gone = story["brokers"][0]
    p = sample_cmp.people
    assert p.loc[gone, "status"] == "left"
    assert bool(p.loc[gone, "broker_before"])
    assert all(p.loc[b, "status"] == "stayed" for b in story["brokers"][1:])
    for lang in ("en", "nl"):
        said = [x for x in sample_cmp.summary(lang) if gone in x]
        assert len(said) == 1
        first = re.search(r": (P\d{4})", said[0]).group(1)
        assert first == gone
    # names only when asked for (personal data)
    name = leerlib.load_sample().people.set_index("person_id").loc[gone, "name"]
    assert name not in " ".join(sample_cmp.summary("en"))
    assert f"{gone} {name}" in " ".join(sample_cmp.summary("en", names=True))
    # the truth's cross-school ties of the broker in 2025 against the measured ones
    t = design["truth"]
    t = t[(t["wave"] == "2025") & ((t["source"] == gone) | (t["target"] == gone))]
    s = design["school"]
    pairs = {(a, b) for a, b in zip(t["source"], t["target"], strict=True) if s[a] != s[b]}
    assert p.loc[gone, "across_school_before"] <= len(pairs)
    assert p.loc[gone, "across_school_before"] >= 0.75 * len(pairs)


def test_sample_newcomers_on_the_edge(sample_cmp, design):
    """Truth: in 2026 the newcomers are named by far fewer colleagues than the others
    (truth_ties.csv: distinct people naming each one)."""
    t = design["truth"][design["truth"]["wave"] == "2026"]
    indeg = t.groupby("target")["source"].nunique()
    new = sorted(design["ids26"] - design["ids25"])
    truth_new = indeg.reindex(new).fillna(0).mean()
    p = sample_cmp.people
    joined = p[p["status"] == "joined"]
    assert joined["in_degree_after"].mean() == pytest.approx(truth_new)
    assert (
        joined["in_degree_after"].mean()
        < 0.25 * p.loc[p["status"] == "stayed", "in_degree_after"].mean()
    )
    edge = int(joined["role_after"].isin(["on_edge", "isolate", "no_data"]).sum())
    assert edge > len(joined) / 2
    en = [x for x in sample_cmp.summary("en") if x.startswith("The 15 people who joined")]
    assert len(en) == 1 and "on the edge of the network" in en[0]
    assert f"named by {truth_new:.1f} colleagues" in en[0]
    assert f"{edge} of the 15" in en[0]
    nl = [x for x in sample_cmp.summary("nl") if x.startswith("De 15 nieuwkomers")]
    assert len(nl) == 1 and "aan de rand van het netwerk" in nl[0]


def test_sample_summary_sentences(sample_cmp):
    for lang in ("en", "nl"):
        for s in sample_cmp.summary(lang):
            assert re.search(r"\d", s), s
            assert not CAUSAL.search(s), s


def test_sample_response_awareness(sample_cmp):
    """Every unknown tie is in one round only and its sender did not answer the other."""
    t = sample_cmp.ties
    u = t[t["status"] == "unknown"]
    assert len(u) > 0
    only_before = u["in_before"] & ~u["in_after"]
    assert (~u.loc[only_before, "sender_answered_after"]).all()
    assert (~u.loc[~only_before, "sender_answered_before"]).all()
    ended = t[t["status"] == "ended"]
    assert (ended["sender_answered_after"] | ended["turnover"]).all()


# --- Freeman's EIES: a real two-wave panel ---------------------------------------------------


@pytest.fixture(scope="module")
def eies(shared_data):
    d = shared_data / "eies"
    nodes = pd.read_csv(d / "eies_nodes.csv", dtype={"id": str})
    parts = []
    for wave in ("1", "2"):
        e = pd.read_csv(d / f"eies_time{wave}_edges.csv", dtype={"source": str, "target": str})
        parts.append(e.assign(wave=wave, topic="acquaintance"))
    ties = pd.concat(parts, ignore_index=True)
    people = pd.DataFrame(
        {
            "person_id": nodes["id"],
            "name": nodes["id"],
            "internal": True,
            "discipline": nodes["discipline"],
        }
    )
    responses = pd.DataFrame(
        {"person_id": list(nodes["id"]) * 2, "wave": ["1"] * 32 + ["2"] * 32, "responded": True}
    )
    return _survey(ties, people, responses, ["1", "2"]), parts


@pytest.fixture(scope="module")
def eies_cmp(eies):
    return compare_rounds(eies[0], "1", "2", group="discipline")


def test_eies_counts_from_source(eies_cmp):
    """SOURCE.md: 641 arcs kept (505 same rating, 116 higher, 20 lower), 118 new, 9 ended."""
    c = eies_cmp.tie_counts.loc[ALL_TOPICS]
    assert (c["kept"], c["new"], c["ended"], c["unknown"]) == (641, 118, 9, 0)
    assert (c["same"], c["higher"], c["lower"]) == (505, 116, 20)
    assert eies_cmp.ratings_compared
    assert c["jaccard"] == pytest.approx(641 / 768)
    assert eies_cmp.tie_counts.loc["acquaintance", ["kept", "new", "ended"]].tolist() == [
        641,
        118,
        9,
    ]


def test_eies_against_plain_pandas(eies, eies_cmp):
    t1, t2 = eies[1]
    m = t1.merge(t2, on=["source", "target"], how="outer", suffixes=("_1", "_2"), indicator=True)
    kept = m[m["_merge"] == "both"]
    new = m[m["_merge"] == "right_only"]
    higher = kept[kept["weight_2"] > kept["weight_1"]]

    def pairs(df):
        return set(zip(df["source"], df["target"], strict=True))

    got = eies_cmp.ties[eies_cmp.ties["topic"] == ALL_TOPICS].set_index(["source", "target"])
    assert set(got.index[got["status"] == "kept"]) == pairs(kept)
    assert set(got.index[got["status"] == "new"]) == pairs(new)
    assert set(got.index[got["rating"] == "higher"]) == pairs(higher)
    # per person Jaccard: kept / (union) of each actor's out-ties
    a = t1.groupby("source")["target"].agg(set)
    b = t2.groupby("source")["target"].agg(set)
    plain = {p: len(a[p] & b[p]) / len(a[p] | b[p]) for p in a.index}
    assert eies_cmp.jaccard.to_dict() == pytest.approx(plain)


def test_eies_network_from_source(eies_cmp):
    """SOURCE.md: 650 and 759 arcs among 32 actors, 530 and 658 of them reciprocated."""
    net = eies_cmp.network
    assert net.loc["ties", ["before", "after"]].tolist() == [650, 759]
    assert net.loc["density", ["before", "after"]].tolist() == pytest.approx(
        [650 / (32 * 31), 759 / (32 * 31)]
    )
    assert net.loc["reciprocity_edgewise", ["before", "after"]].tolist() == pytest.approx(
        [530 / 650, 658 / 759]
    )
    assert (eies_cmp.people["status"] == "stayed").all()
    en = " ".join(eies_cmp.summary("en"))
    assert "641 kept, 118 new and 9 ended" in en
    assert "116 are rated higher in 2, 20 lower and 505 the same" in en


# --- pictures ---------------------------------------------------------------------------------


def _people_drawn(ax) -> dict:
    """(x, y) -> filled (True) or ring (False) for every person scattered on a panel."""
    from matplotlib.collections import PathCollection

    out = {}
    for c in ax.collections:
        if isinstance(c, PathCollection):
            x, y = c.get_offsets()[0]
            face = c.get_facecolors()
            out[(round(float(x), 6), round(float(y), 6))] = bool(len(face) and face[0][3] > 0)
    return out


def test_change_maps_same_places_and_marks(tiny_cmp, tmp_path):
    """Five people in both panels at the same places; e (joined) is a ring in round 1, d
    (left) a ring in round 2, everyone else is filled."""
    fig = leerlib.change_maps(tiny_cmp, path=tmp_path / "maps.png")
    assert (tmp_path / "maps.png").stat().st_size > 0
    ax_b, ax_a = fig.axes[:2]
    assert (ax_b.get_title(), ax_a.get_title()) == ("1", "2")
    drawn_b, drawn_a = _people_drawn(ax_b), _people_drawn(ax_a)
    assert len(drawn_b) == 5 and set(drawn_b) == set(drawn_a)
    assert sorted(drawn_b.values()) == [False, True, True, True, True]
    assert sorted(drawn_a.values()) == [False, True, True, True, True]
    ring_b = next(p for p, filled in drawn_b.items() if not filled)
    ring_a = next(p for p, filled in drawn_a.items() if not filled)
    assert ring_b != ring_a  # a different person: the joiner, then the leaver


def test_slope_chart_lines(tiny_cmp, tmp_path):
    """One line per finite 0-1 figure, from the first round's value to the second's."""
    fig = leerlib.slope_chart(
        tiny_cmp,
        figures=("density", "reciprocity_edgewise"),
        lang="nl",
        path=tmp_path / "slope.svg",
    )
    lines = [ln for ln in fig.axes[0].get_lines()]
    assert [list(ln.get_ydata()) for ln in lines] == [
        pytest.approx([5 / 12, 4 / 12]),
        pytest.approx([0.8, 0.0]),
    ]
    assert (tmp_path / "slope.svg").read_text().startswith("<?xml")
    with pytest.raises(LeerlibError, match="lang"):
        leerlib.slope_chart(tiny_cmp, lang="fr")


def test_bad_input(tiny):
    with pytest.raises(SchemaError, match="expected a Survey"):
        compare_rounds(tiny.ties, "1", "2")
    with pytest.raises(SchemaError, match="no column 'school'"):
        compare_rounds(tiny, "1", "2", across=["school"])


def test_without_responses_table(tiny):
    """No responses: everyone internal is on both lists (d and e too) and "named someone in
    the round" counts as an answer. Round 2 senders: a, b, e; round 1: a, b, c. So c->a
    (c named nobody in round 2) is unknown, and e->a (e named nobody in round 1) too;
    a->c, a->d and b->a ended; b->c and b->e new (b named someone in round 1)."""
    s = _survey(tiny.ties, tiny.people, pd.DataFrame(), ["1", "2"])
    cmp = compare_rounds(s, "1", "2")
    assert (cmp.people["status"] == "stayed").all()
    assert _status(cmp, ALL_TOPICS) == {
        ("a", "b"): "kept",
        ("a", "c"): "ended",
        ("a", "d"): "ended",
        ("b", "a"): "ended",
        ("b", "c"): "new",
        ("b", "e"): "new",
        ("c", "a"): "unknown",
        ("e", "a"): "unknown",
    }


def test_eies_person_measures_against_networkx(eies, eies_cmp):
    """Betweenness (raw, directed) and Burt's constraint of each actor in each wave, against
    networkx on the plain edge lists; in-degree change against a pandas count."""
    import networkx as nx

    p = eies_cmp.people
    for wave, part in zip(("before", "after"), eies[1], strict=True):
        G = nx.from_pandas_edgelist(part, "source", "target", create_using=nx.DiGraph)
        bet = nx.betweenness_centrality(G, normalized=False)
        con = nx.constraint(G)
        assert p[f"betweenness_{wave}"].to_dict() == pytest.approx(bet)
        assert p[f"constraint_{wave}"].to_dict() == pytest.approx(con)
    t1, t2 = eies[1]
    change = t2["target"].value_counts().sub(t1["target"].value_counts(), fill_value=0)
    assert p["in_degree_change"].to_dict() == pytest.approx(change.to_dict())


# --- invariants -------------------------------------------------------------------------------

_IDS = list("abcdef")


@st.composite
def _two_rounds(draw):
    pair = st.tuples(st.sampled_from(_IDS), st.sampled_from(_IDS), st.sampled_from(["t", "u"]))
    ties = [draw(st.sets(pair.filter(lambda x: x[0] != x[1]), max_size=20)) for _ in range(2)]
    on = [draw(st.sets(st.sampled_from(_IDS), min_size=1)) for _ in range(2)]
    answered = [draw(st.sets(st.sampled_from(sorted(o)))) for o in on]
    return ties, on, answered


@given(_two_rounds())
@settings(max_examples=150, deadline=None)
def test_tie_status_conserves_every_tie(rounds):
    """Every tie of the earlier round is kept, ended or unknown; every tie of the later round
    kept, new or unknown; unknown only where the sender is present in both rounds (on both
    lists, or on neither: an external) and did not answer one of them."""
    (tb, ta), (on_b, on_a), (ans_b, ans_a) = rounds
    cols = ["source", "target", "topic"]
    s = tie_status(
        pd.DataFrame(sorted(tb), columns=cols),
        pd.DataFrame(sorted(ta), columns=cols),
        on_before=on_b,
        on_after=on_a,
        answered_before=ans_b,
        answered_after=ans_a,
        weight=None,
    )
    got = dict(
        zip(
            zip(s["source"], s["target"], s["topic"], strict=True),
            s["status"].astype(str),
            strict=True,
        )
    )
    assert set(got) == tb | ta
    assert all(got[t] in {"kept", "ended", "unknown"} for t in tb)
    assert all(got[t] in {"kept", "new", "unknown"} for t in ta)
    assert all(got[t] == "kept" for t in tb & ta)
    for (src, _, _), status in got.items():
        if status == "unknown":
            present = (src in on_b and src in on_a) or src not in (on_b | on_a)
            assert present and not (src in ans_b and src in ans_a)
    j, per = jaccard(s)
    assert np.isnan(j) or 0.0 <= j <= 1.0
    assert ((per >= 0) & (per <= 1)).all()
