"""Value creation: profiles per cycle, value on ties, flows between groups, position, stories, map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.errors import ReadError, SchemaError
from leerlib.io.value import read_stories, tie_value_long
from leerlib.metrics.value import (
    TOTAL,
    highest_cycle,
    person_value,
    tie_value,
    value_by_person,
    value_by_position,
    value_flows,
    value_profile,
)
from leerlib.schema import Survey
from leerlib.viz.value import CYCLE_COLORS, NONE_COLOR, value_flow_map
from tests.conftest import KEY


def _survey(people=None, ties=None, value=None, responses=None, waves=("1",)) -> Survey:
    return Survey(
        people=pd.DataFrame(people if people is not None else {}),
        ties=pd.DataFrame(ties if ties is not None else {}),
        responses=pd.DataFrame(responses if responses is not None else {}),
        value=pd.DataFrame(value if value is not None else {}),
        log=pd.DataFrame(),
        waves=list(waves),
    )


@pytest.fixture(scope="module")
def teams() -> Survey:
    """Thirteen people, one round, applied items only.

    Team x (a-e), two items each: a 5,5 -> 5; b 4,3 -> 3.5; c 4,4 -> 4; d 2,2 -> 2; e 1,3 -> 2.
    Mean 16.5 / 5 = 3.3, median 3.5, reached (>= 4) a and c: 0.4; rounded half up the scores are
    5, 4, 4, 2, 2: share_2 0.4, share_4 0.4, share_5 0.2.
    Team y (f, g), one item: 5, 4 -> mean 4.5, reached 1.0.
    Team z (h-l), one item: 3 each -> mean 3.0, reached 0.0.
    m has no team: 5.
    Whole network: (16.5 + 9 + 15 + 5) / 13 = 3.5; reached a, c, f, g, m: 5/13.
    """
    rows = []
    two = {"a": (5, 5), "b": (4, 3), "c": (4, 4), "d": (2, 2), "e": (1, 3)}
    for p, (s1, s2) in two.items():
        rows += [(p, "q1", s1), (p, "q2", s2)]
    rows += [("f", "q1", 5), ("g", "q1", 4), ("m", "q1", 5)]
    rows += [(p, "q1", 3) for p in "hijkl"]
    value = pd.DataFrame(rows, columns=["person_id", "item", "score"]).assign(
        wave="1", cycle="applied"
    )
    value["score"] = value["score"].astype(float)
    people = {
        "person_id": list("abcdefghijklm"),
        "internal": True,
        "team": list("xxxxxyyzzzzz") + [None],
    }
    return _survey(people, value=value)


def _row(t: pd.DataFrame, col: str, group: str) -> pd.Series:
    r = t[t[col] == group]
    assert len(r) == 1
    return r.iloc[0]


def test_person_value_means_items_and_reached(teams):
    """a: items 5 and 5 -> 5 (2 items, reached); b: 4 and 3 -> 3.5 (not reached at 4)."""
    pv = person_value(teams).set_index("person_id")
    assert pv.loc["a", "score"] == 5.0 and pv.loc["a", "items"] == 2 and pv.loc["a", "reached"]
    assert pv.loc["b", "score"] == 3.5 and not pv.loc["b", "reached"]
    assert len(pv) == 13


def test_profile_per_team_hand_counted(teams):
    """The counts of the ``teams`` docstring, with suppression off (min_group=1)."""
    t = value_profile(teams, "team", min_group=1)
    x = _row(t, "team", "x")
    assert x["respondents"] == 5
    assert x["mean"] == pytest.approx(3.3)
    assert x["median"] == pytest.approx(3.5)
    assert x["reached"] == pytest.approx(0.4)
    assert [x[f"share_{p}"] for p in range(1, 6)] == pytest.approx([0, 0.4, 0, 0.4, 0.2])
    y = _row(t, "team", "y")
    assert (y["respondents"], y["mean"], y["reached"]) == (2, pytest.approx(4.5), 1.0)
    z = _row(t, "team", "z")
    assert (z["mean"], z["reached"]) == (pytest.approx(3.0), 0.0)
    total = _row(t, "team", TOTAL)
    assert total["respondents"] == 13
    assert total["mean"] == pytest.approx(3.5)
    assert total["reached"] == pytest.approx(5 / 13)
    assert not t["suppressed"].any()


def test_profile_suppresses_small_team_and_its_complement(teams):
    """y has 2 respondents (< 5): hidden. With the total shown, x or z alone would give y away
    (13 * 3.5 - ...), so one of them is hidden too; the total (13) stays."""
    t = value_profile(teams, "team")
    y = _row(t, "team", "y")
    assert y["suppressed"] and np.isnan(y["mean"]) and np.isnan(y["respondents"])
    hidden = set(t.loc[t["suppressed"], "team"])
    assert "y" in hidden and len(hidden & {"x", "z"}) == 1
    total = _row(t, "team", TOTAL)
    assert not total["suppressed"] and total["mean"] == pytest.approx(3.5)


def test_profile_whole_network_and_its_threshold(teams):
    """by=None: one row per cycle; 13 respondents are shown at min_group 13, hidden at 14."""
    t = value_profile(teams, min_group=13)
    assert list(t["group"]) == [TOTAL] and t["mean"].iloc[0] == pytest.approx(3.5)
    assert value_profile(teams, min_group=14)["suppressed"].iloc[0]


def test_profile_by_mapping_and_by_person(teams):
    """A mapping (e.g. clusters) works like a column; by="person" gives the person table."""
    clusters = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 2}
    t = value_profile(teams, clusters, min_group=1, total=False)
    assert list(t["group"]) == [1, 2]
    assert t["mean"].tolist() == pytest.approx([3.3, 5.0])
    assert len(value_profile(teams, "person")) == 13


def test_profile_picks_latest_round_by_default():
    """Round 1: a scores 2; round 2: a scores 5. Default: round 2."""
    v = pd.DataFrame(
        {
            "person_id": ["a", "a"],
            "wave": ["1", "2"],
            "cycle": "immediate",
            "item": "q",
            "score": [2.0, 5.0],
        }
    )
    s = _survey({"person_id": ["a"], "internal": True}, value=v, waves=("1", "2"))
    assert value_profile(s, min_group=1)["mean"].tolist() == [5.0]
    both = value_profile(s, wave=["1", "2"], min_group=1)
    assert both["wave"].tolist() == ["1", "2"] and both["mean"].tolist() == [2.0, 5.0]
    with pytest.raises(SchemaError, match="round '3'"):
        value_profile(s, wave="3")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "department"}, "not a people column"),
        ({"cycles": ["useful"]}, "unknown cycle"),
        ({"scale": (1, 4)}, "outside the scale"),
        ({"reached_at": 9}, "outside the scale"),
    ],
)
def test_profile_errors(teams, kwargs, message):
    """a's score 5 is outside a 1-4 scale; the message names the person."""
    with pytest.raises(SchemaError, match=message):
        value_profile(teams, **kwargs)


def test_reached_at_changes_the_share(teams):
    """At 3 instead of 4, team x reaches with a, b, c (3.5 counts): 0.6."""
    t = value_profile(teams, "team", min_group=1, reached_at=3)
    assert _row(t, "team", "x")["reached"] == pytest.approx(0.6)


@pytest.fixture(scope="module")
def tie_survey() -> Survey:
    """Per-tie value columns (asked "what did this contact bring you?").

    Teams: a, b in x; c, d in y. Ties (round 1):
    a->b ict: applied 5, realized 2;  a->b zorg: applied 2 (same pair, other topic)
    a->c ict: applied 3;  b->c ict: applied 4, realized 4;  c->a ict: nothing answered;
    d->c ict: applied 4.
    Reached (>= 4), per ordered pair: a->b applied; b->c applied and realized; d->c applied.
    Highest cycle: a->b applied, a->c none, b->c realized, d->c applied.
    """
    t = [
        ("a", "b", "ict", 5.0, 2.0),
        ("a", "b", "zorg", 2.0, np.nan),
        ("a", "c", "ict", 3.0, np.nan),
        ("b", "c", "ict", 4.0, 4.0),
        ("c", "a", "ict", np.nan, np.nan),
        ("d", "c", "ict", 4.0, np.nan),
    ]
    ties = pd.DataFrame(t, columns=["source", "target", "topic", "applied", "value_realized"])
    ties["wave"] = "1"
    people = {"person_id": list("abcd"), "internal": True, "team": list("xxyy")}
    value = pd.DataFrame(
        {"person_id": ["a", "b"], "wave": "1", "cycle": "applied", "item": "q", "score": [5.0, 1.0]}
    )
    return _survey(people, ties, value)


def test_tie_value_columns_per_cycle(tie_survey):
    """7 answered cells (applied: a->b twice, a->c, b->c, d->c; realized: a->b, b->c), 4 of them
    reached (applied a->b ict, b->c, d->c; realized b->c); the blank tie c->a gives none."""
    tv = tie_value(tie_survey)
    assert len(tv) == 7 and int(tv["reached"].sum()) == 4
    assert set(tv["basis"]) == {"tie"}
    assert not ((tv["source"] == "c") & (tv["target"] == "a")).any()
    best = highest_cycle(tv)
    assert best[("a", "b")] == "applied" and best[("b", "c")] == "realized"
    assert best[("d", "c")] == "applied" and pd.isna(best[("a", "c")])


def test_value_by_person_counts_pairs_not_topics(tie_survey):
    """Applied: a gained from b (a->b reached on ict; zorg's 2 does not count twice) and asked
    2 contacts; c gave applied value to b and d (2) and realized to b (1)."""
    vp = value_by_person(tie_value(tie_survey)).set_index(["person_id", "cycle"])
    assert vp.loc[("a", "applied"), ["gained", "asked_out"]].tolist() == [1, 2]
    assert vp.loc[("c", "applied"), ["given", "asked_in"]].tolist() == [2, 3]
    assert vp.loc[("c", "realized"), "given"] == 1
    assert vp.loc[("b", "applied"), ["gained", "given"]].tolist() == [1, 1]


def test_value_flows_between_teams(tie_survey):
    """Applied pairs reached: a->b (x->x), b->c (x->y), d->c (y->y); realized: b->c (x->y)."""
    f = value_flows(tie_survey, tie_value(tie_survey), "team", min_group=1)
    a = f[f["cycle"] == "applied"].set_index(["from_team", "to_team"])["ties"]
    assert a.to_dict() == {("x", "x"): 1, ("x", "y"): 1, ("y", "x"): 0, ("y", "y"): 1}
    r = f[f["cycle"] == "realized"].set_index(["from_team", "to_team"])["ties"]
    assert r[("x", "y")] == 1 and r.sum() == 1
    hidden = value_flows(tie_survey, tie_value(tie_survey), "team")  # teams of 2 < 5
    assert hidden["suppressed"].all() and hidden["ties"].isna().all()


def test_tie_value_attribution_is_labelled(tie_survey):
    """Without tie columns: an error, or with attribute=True each out-tie of a gets a's applied 5
    (a->b twice, once per topic, and a->c), labelled basis "person"; b's 1 goes to b->c."""
    plain = _survey(
        tie_survey.people,
        tie_survey.ties[["source", "target", "topic", "wave"]],
        tie_survey.value,
    )
    with pytest.raises(SchemaError, match="attribute=True"):
        tie_value(plain)
    tv = tie_value(plain, attribute=True)
    assert set(tv["basis"]) == {"person"}
    a = tv[tv["source"] == "a"]
    assert len(a) == 3 and a["reached"].all() and (a["score"] == 5.0).all()
    assert tv.loc[tv["source"] == "b", "reached"].tolist() == [False]
    assert not tv["source"].isin(["c", "d"]).any()  # no value items: nothing attributed


def test_multiselect_cycles_column():
    """ "Toegepaste waarde; realized" reaches 2 of 5 cycles, "potentieel" 1, an empty cell none."""
    t = pd.DataFrame(
        {
            "source": ["a", "b", "c"],
            "target": ["b", "c", "a"],
            "topic": "ict",
            "wave": "1",
            "cycles": ["Toegepaste waarde; realized", "potentieel", ""],
        }
    )
    tv = tie_value_long(t, reached_at=4)
    assert len(tv) == 10
    got = {(s, c) for s, c, r in zip(tv["source"], tv["cycle"], tv["reached"], strict=True) if r}
    assert got == {("a", "applied"), ("a", "realized"), ("b", "potential")}
    t.loc[2, "cycles"] = "veel"
    with pytest.raises(SchemaError, match="'veel'"):
        tie_value_long(t, reached_at=4)


@pytest.fixture(scope="module")
def position_survey() -> Survey:
    """Ties a->b, c->b, d->b, b->d, e->d; teams a, b, c in x, d, e in y; all answered.

    In-degree: b 3 (band 3-5), d 2 (1-2), a, c, e 0. Across (other team, either direction):
    b (with d) 1, d (with b) 1, others 0. Brokerage (Gould-Fernandez, by team):
    b brokers a->b->d and c->b->d (representative, 2); d brokers e->d->b (representative, 1).
    Applied scores: a 5, b 4, c 2, d 3, e 1.
    in-degree "0": a, c, e: mean 8/3, reached 1/3; "1-2": d: 3, 0; "3-5": b: 4, 1.
    across "1-2": b, d: mean 3.5, reached 0.5. representative: b, d; none: a, c, e.
    """
    ties = pd.DataFrame(
        {
            "source": list("acdbe"),
            "target": list("bbbdd"),
            "topic": "ict",
            "wave": "1",
            "weight": 1.0,
        }
    )
    people = {
        "person_id": list("abcde"),
        "name": list("ABCDE"),
        "internal": True,
        "team": list("xxxyy"),
    }
    responses = {"person_id": list("abcde"), "wave": "1", "responded": True}
    value = pd.DataFrame(
        {
            "person_id": list("abcde"),
            "wave": "1",
            "cycle": "applied",
            "item": "q",
            "score": [5.0, 4, 2, 3, 1],
        }
    )
    return _survey(people, ties, value, responses)


def test_value_by_position_hand_counted(position_survey):
    """The counts of the position_survey docstring, suppression off."""
    t = value_by_position(position_survey, min_group=1).set_index(["position", "category"])
    assert t.loc[("in_degree", "0"), ["people", "mean", "reached"]].tolist() == pytest.approx(
        [3, 8 / 3, 1 / 3]
    )
    assert t.loc[("in_degree", "1-2"), ["people", "mean"]].tolist() == [1, 3.0]
    assert t.loc[("in_degree", "3-5"), ["people", "reached"]].tolist() == [1, 1.0]
    assert t.loc[("across", "1-2"), ["people", "mean", "reached"]].tolist() == [2, 3.5, 0.5]
    assert t.loc[("brokerage", "representative"), ["people", "mean"]].tolist() == [2, 3.5]
    assert t.loc[("brokerage", "none"), "people"] == 3
    assert ("brokerage", "coordinator") not in t.index
    # default threshold 5: every row here has fewer people
    assert value_by_position(position_survey)["suppressed"].all()


def test_value_flow_map_colours_ties_by_highest_cycle(tie_survey):
    """a->b applied, b->c realized, d->c applied, a->c answered but none reached."""
    m = value_flow_map(tie_survey, wave="1")
    colour = {(e["from"], e["to"]): e["color"] for e in m.data["edges"]}
    assert colour[("a", "b")] == CYCLE_COLORS["applied"]
    assert colour[("b", "c")] == CYCLE_COLORS["realized"]
    assert colour[("d", "c")] == CYCLE_COLORS["applied"]
    assert colour[("a", "c")] == NONE_COLOR
    nodes = {n["id"]: n for n in m.data["nodes"]}
    assert nodes["a"]["color"] == CYCLE_COLORS["applied"]  # a's own applied 5
    assert nodes["a"]["value"] > nodes["b"]["value"]  # sized by value: 5 vs 1
    assert "<html" in m.html.lower() and "Approximation" not in m.data["note"]


def test_value_flow_map_says_when_it_approximates(tie_survey):
    plain = _survey(
        tie_survey.people, tie_survey.ties[["source", "target", "topic", "wave"]], tie_survey.value
    )
    m = value_flow_map(plain, attribute=True, lang="nl")
    assert m.data["note"].startswith("Benadering")


STORIES = (
    "Verhaal,Cyclus,Auteur,Personen,Onderwerpen\n"
    "Ik gebruik nu exit tickets die ik van Bo leerde,Toegepaste waarde,P1,Bo Smit; An,toetsing\n"
    ",,,,\n"
    "Mijn leerlingen lezen meer sinds de leesroute van An,realized,P2,An,didactiek|zorg\n"
)


def test_read_stories_tidy_table(tmp_path):
    """Two stories (the blank row 3 is skipped): rows 2 and 4, cycles applied and realized."""
    p = tmp_path / "stories.csv"
    p.write_text(STORIES, encoding="utf-8")
    s = read_stories(p, wave="2026")
    assert s["row"].tolist() == [2, 4]
    assert s["cycle"].tolist() == ["applied", "realized"]
    assert s["person_id"].tolist() == ["P1", "P2"]
    assert s["mentioned_names"].tolist() == ["Bo Smit; An", "An"]
    assert s["topics"].tolist() == ["toetsing", "didactiek; zorg"]
    assert (s["wave"] == "2026").all()


def test_read_stories_unknown_cycle_names_row_and_column(tmp_path):
    p = tmp_path / "stories.csv"
    p.write_text("story,cycle\nok,applied\nnog een,heel nuttig\n", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_stories(p)
    msg = str(err.value)
    assert "stories.csv" in msg and "3" in msg and "cycle" in msg and "heel nuttig" in msg
    p.write_text("cycle,author\napplied,P1\n", encoding="utf-8")
    with pytest.raises(ReadError, match="no text column"):
        read_stories(p)


def test_pseudonymize_drops_story_text_and_names(tmp_path):
    """Free text is personal data: pseudonymize removes text and the names mentioned."""
    p = tmp_path / "stories.csv"
    p.write_text(STORIES, encoding="utf-8")
    safe = leerlib.pseudonymize(read_stories(p), KEY)
    assert "text" not in safe.columns and "mentioned_names" not in safe.columns
    assert "cycle" in safe.columns and not safe["person_id"].isin(["P1", "P2"]).any()


# --- the sample -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Survey:
    return leerlib.load_sample()


@pytest.mark.parametrize("wave", ["2025", "2026"])
def test_sample_profile_per_team_matches_plain_groupby(sample, wave):
    """Every team's respondents, mean and top-2 share per cycle, from a plain pandas groupby."""
    v = sample.value[sample.value["wave"] == wave]
    per_person = v.groupby(["person_id", "cycle"])["score"].mean().rename("s").reset_index()
    per_person = per_person.merge(sample.people[["person_id", "team"]], on="person_id")
    expect = per_person.groupby(["team", "cycle"]).agg(
        n=("s", "size"), mean=("s", "mean"), top2=("s", lambda s: (s >= 4).mean())
    )
    got = value_profile(sample, "team", wave, min_group=1, total=False)
    got = got.set_index(["team", "cycle"]).sort_index()
    got.index = got.index.set_levels(got.index.levels[1].astype(str), level=1)
    assert len(got) == len(expect)
    for key, row in expect.iterrows():
        g = got.loc[key]
        assert g["respondents"] == row["n"]
        assert g["mean"] == pytest.approx(row["mean"])
        assert g["reached"] == pytest.approx(row["top2"])


def test_sample_profile_hides_exactly_the_small_teams_and_complements(sample):
    """Teams with fewer than 5 respondents in a cycle are hidden; hidden rows per cycle come in
    twos or more (complementary), and never hide the whole network's row."""
    t = value_profile(sample, "team")
    counts = value_profile(sample, "team", min_group=1)
    small = counts[(counts["respondents"] < 5) & (counts["team"] != TOTAL)]
    hidden = t[t["suppressed"]]
    assert set(zip(small["team"], small["cycle"], strict=True)) <= set(
        zip(hidden["team"], hidden["cycle"], strict=True)
    )
    if len(hidden):
        assert (hidden.groupby("cycle", observed=True).size() >= 2).all()
    assert not t.loc[t["team"] == TOTAL, "suppressed"].any()


def test_sample_value_by_position_counts_people(sample):
    """Each band of in-degree covers every respondent with a score in that cycle once."""
    t = value_by_position(sample, min_group=1)
    pv = person_value(sample)
    per_cycle = pv.groupby("cycle", observed=True)["person_id"].nunique()
    band = t[t["position"] == "in_degree"].groupby("cycle", observed=True)["people"].sum()
    internal = set(sample.people.loc[sample.people["internal"], "person_id"])
    on_list = (
        pv[pv["person_id"].isin(internal)].groupby("cycle", observed=True)["person_id"].nunique()
    )
    assert (band == on_list).all() and (on_list <= per_cycle).all()


def test_tie_value_unknown_round(tie_survey):
    with pytest.raises(SchemaError, match="round '7'"):
        tie_value(tie_survey, "7")


def test_map_note_has_no_causal_words(tie_survey):
    """The map's note describes; it does not explain (both languages)."""
    import re

    causal = re.compile(
        r"\b(because|due to|caused?|leads? to|thanks to|doordat|omdat|dankzij|"
        r"leidt tot|veroorzaakt)\b",
        re.IGNORECASE,
    )
    for lang in ("en", "nl"):
        assert not causal.search(value_flow_map(tie_survey, lang=lang).data["note"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("xyz"), st.integers(1, 5), st.integers(1, 5)),
        min_size=1,
        max_size=25,
    )
)
def test_total_is_the_respondent_weighted_mean_of_groups(rows):
    """With everyone in a group and no suppression, the whole network's mean and share reached
    are the respondent-weighted means of the groups' (an identity, whatever the answers)."""
    pid = [f"p{i}" for i in range(len(rows))]
    value = pd.DataFrame(
        [
            (p, q, float(s))
            for p, (_, a, b) in zip(pid, rows, strict=True)
            for q, s in (("q1", a), ("q2", b))
        ],
        columns=["person_id", "item", "score"],
    ).assign(wave="1", cycle="potential")
    people = {"person_id": pid, "internal": True, "team": [g for g, _, _ in rows]}
    t = value_profile(_survey(people, value=value), "team", min_group=1)
    groups, total = t[t["team"] != TOTAL], _row(t, "team", TOTAL)
    n = groups["respondents"]
    assert n.sum() == total["respondents"] == len(rows)
    assert (groups["mean"] * n).sum() / n.sum() == pytest.approx(total["mean"])
    assert (groups["reached"] * n).sum() / n.sum() == pytest.approx(total["reached"])
    shares = groups[[f"share_{p}" for p in range(1, 6)]].sum(axis=1)
    assert shares.to_numpy() == pytest.approx(1.0)


def test_value_flow_map_is_a_deterministic_offline_page(tie_survey, tmp_path):
    """Same data, same bytes; the page forbids every fetch (like every leerlib map); SVG export."""
    first = value_flow_map(tie_survey).html
    assert first == value_flow_map(tie_survey).html
    assert "default-src 'none'" in first and " src=" not in first
    svg = value_flow_map(tie_survey).to_svg(tmp_path / "value.svg").read_text(encoding="utf-8")
    assert CYCLE_COLORS["realized"] in svg.lower()


CODEBOOK = """
[survey]
wave = "2026"
[respondent]
column = "E-mail"
by = "email"
[roster]
id = "person_id"
name = "name"
email = "email"
[[topics]]
key = "ict"
[[nominations]]
shape = "slots"
topic = "ict"
columns = ["Q1_1", "Q1_2"]
attributes = { applied = "{column}_applied", cycles = "{column}_cycles" }
[scales.agree5]
"Oneens" = 2
"Neutraal" = 3
"Eens" = 4
"Helemaal eens" = 5
"""


def test_per_tie_value_through_codebook_attributes(tmp_path):
    """A survey asking per named colleague: slots with two attribute columns each.

    An names Bo (applied "Helemaal eens" = 5; cycles "Directe waarde; Toegepaste waarde") and
    Cor (applied "Neutraal" = 3; no cycles); Bo names Cor (applied empty; cycles "realized").
    Score rows: An->Bo 5 (reached), An->Cor 3; multi-select rows: An->Bo 5 cycles (immediate and
    applied reached), Bo->Cor 5 cycles (realized reached). 12 rows, 4 reached.
    """
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "person_id,name,email,team\np1,An Smit,an@s.nl,x\np2,Bo Jansen,bo@s.nl,x\n"
        "p3,Cor de Vries,cor@s.nl,y\n",
        encoding="utf-8",
    )
    export = tmp_path / "survey.csv"
    export.write_text(
        "E-mail,Q1_1,Q1_1_applied,Q1_1_cycles,Q1_2,Q1_2_applied,Q1_2_cycles\n"
        "an@s.nl,Bo Jansen,Helemaal eens,Directe waarde; Toegepaste waarde,Cor de Vries,Neutraal,\n"
        "bo@s.nl,Cor de Vries,,realized,,,\n",
        encoding="utf-8",
    )
    cb = tmp_path / "codebook.toml"
    cb.write_text(CODEBOOK, encoding="utf-8")
    survey = leerlib.load_survey(export, roster, cb)
    with pytest.raises(SchemaError, match="Helemaal eens"):
        tie_value(survey)  # labels, not numbers, without the scale
    scale = leerlib.read_codebook(cb).scales["agree5"]
    tv = tie_value(survey, score_labels=scale)
    assert len(tv) == 12 and int(tv["reached"].sum()) == 4
    applied = tv[tv["score"].notna()].set_index("target")["score"].to_dict()
    assert applied == {"p2": 5.0, "p3": 3.0}
    best = highest_cycle(tv)
    assert best[("p1", "p2")] == "applied" and best[("p2", "p3")] == "realized"
    assert pd.isna(best[("p1", "p3")])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (pd.DataFrame(), "no value items"),
        (pd.DataFrame(columns=["person_id", "wave", "cycle", "item", "score"]), "no value items"),
        (pd.DataFrame({"person_id": ["a"], "wave": ["1"], "score": [3.0]}), "lacks column"),
    ],
)
def test_no_value_items_is_a_schema_error(value, message):
    """A survey without value items (or a table without its columns) is named, not a KeyError."""
    s = _survey({"person_id": ["a"], "internal": True}, value=value)
    with pytest.raises(SchemaError, match=message):
        value_profile(s)
