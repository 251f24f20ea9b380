"""The overview's Waarde (value) and Verandering (change) tabs and the personal page's value and
change, at widget level on the bundled sample; expected values from the sample generator's truth
and plain pandas counts of the input tables."""

from __future__ import annotations

import copy
import html
import re

import numpy as np
import pandas as pd
import pytest

import leerlib
from leerlib.dashboards import OverviewApp, PersonalApp
from leerlib.dashboards._extra_tabs import CHANGE_TAB, VALUE_TAB
from leerlib.privacy import pseudonym_map
from leerlib.sample import load_sample

KEY = b"a test key of at least sixteen bytes"
THRESHOLD = 5


@pytest.fixture(scope="module")
def survey():
    return load_sample()


@pytest.fixture(scope="module")
def design():
    """The generator's own story (brokers, leavers, newcomers), replayed with its seed, and its
    truth_ties.csv with the schools of its staff."""
    from leerlib.sample import _people
    from leerlib.sample._design import SEED

    rng = np.random.default_rng(SEED)
    staff25 = _people.make_staff(rng)
    story = _people.choose_story(staff25, rng)
    staff26 = _people.turnover(staff25, story, rng)
    truth = pd.read_csv(leerlib.sample_paths()["truth_ties"], dtype=str)
    school = (
        pd.concat([staff25, staff26]).drop_duplicates("person_id").set_index("person_id")["school"]
    )
    return {
        "story": story,
        "ids25": set(staff25["person_id"]),
        "ids26": set(staff26["person_id"]),
        "truth": truth,
        "school": school,
    }


@pytest.fixture(scope="module")
def overview(survey):
    return OverviewApp(copy.deepcopy(survey), key=KEY, threshold=THRESHOLD)


@pytest.fixture(scope="module")
def personal(survey):
    return PersonalApp(copy.deepcopy(survey), key=KEY, threshold=THRESHOLD)


@pytest.fixture(scope="module")
def pseudo(survey):
    return pseudonym_map([str(p) for p in survey.people["person_id"]], KEY)


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="[^"]*"', "", markup)))


def _open(app, index: int, lang: str) -> str:
    app.set_language(lang)
    app.tabs.selected_index = 0
    app.tabs.selected_index = index
    assert app.message.value == "", app.message.value
    return app.change.value if index == CHANGE_TAB else app.value_text.value


def _rows(markup: str, css: str) -> list[list[str]]:
    """The body rows of the table inside the element of class ``css``, as cell texts."""
    part = markup.split(css, 1)[1].split("</table>", 1)[0]
    body = part.split("<tbody>", 1)[1]
    return [
        [html.unescape(c) for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", r)]
        for r in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def _cross_school(design, wave: str, topic: str) -> set:
    t = design["truth"]
    t = t[(t["wave"] == wave) & (t["topic"] == topic)]
    s = design["school"]
    cross = t[t["source"].map(s).to_numpy() != t["target"].map(s).to_numpy()]
    return set(zip(cross["source"], cross["target"], strict=True))


# tabs shown ---------------------------------------------------------------------------
def test_change_tab_only_with_two_rounds(overview, survey):
    assert overview.tabs.titles[VALUE_TAB:] == ("Waarde", "Verandering")
    one = OverviewApp(load_sample("2025"), key=KEY)
    assert len(one.tabs.children) == VALUE_TAB + 1
    assert one.tabs.titles[-1] == "Waarde"
    assert len(one.tabs.titles) == len(one.tabs.children)


# Verandering ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "ICT in class, which rose from {b} to {a}"),
        ("nl", "ICT in de klas, dat steeg van {b} naar {a}"),
    ],
)
def test_change_tab_says_cross_school_ict_grew(overview, design, lang, said):
    """Truth: the cross-school ICT ties of truth_ties.csv, 2 in 2025 and 18 in 2026 by design;
    round 1 is typed names, so one tie may be lost to name matching."""
    b, a = len(_cross_school(design, "2025", "ict")), len(_cross_school(design, "2026", "ict"))
    assert a > 4 * b
    text = _text(_open(overview, CHANGE_TAB, lang))
    assert any(said.format(b=x, a=a) in text for x in (b, b - 1)), text
    assert 'alt="' in overview.change.value and "data:image/png;base64," in overview.change.value


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_change_tab_names_the_broker_who_left_by_pseudonym(overview, survey, design, pseudo, lang):
    """Truth: the generator's first broker leaves after round 1 (P0027); the pseudonymised view
    lists her pseudonym first among the bridges who left, and never her id or name."""
    gone = design["story"]["brokers"][0]
    assert gone == "P0027" and gone in design["ids25"] - design["ids26"]
    markup = _open(overview, CHANGE_TAB, lang)
    rows = _rows(markup, "ll-change-brokers")
    assert rows and rows[0][0].startswith(pseudo[gone] + " ")
    name = survey.people.set_index("person_id").loc[gone, "name"]
    assert gone not in markup and name not in _text(markup)
    # her ties across schools in round 1: at most the truth's, most of them (name matching)
    t = design["truth"]
    t = t[(t["wave"] == "2025") & ((t["source"] == gone) | (t["target"] == gone))]
    s = design["school"]
    truth_pairs = {
        frozenset((x, y)) for x, y in zip(t["source"], t["target"], strict=True) if s[x] != s[y]
    }
    assert 0.75 * len(truth_pairs) <= int(rows[0][2]) <= len(truth_pairs)


@pytest.mark.parametrize(
    ("lang", "edge"), [("en", "on the edge of the network"), ("nl", "aan de rand van het netwerk")]
)
def test_change_tab_says_newcomers_are_still_on_the_edge(overview, design, pseudo, lang, edge):
    """Truth: the newcomers are the generator's 2026 staff not in 2025; in truth_ties.csv
    (2026) they are named by far fewer distinct colleagues than the others."""
    new = sorted(design["ids26"] - design["ids25"])
    t = design["truth"][design["truth"]["wave"] == "2026"]
    indeg = t.groupby("target")["source"].nunique()
    truth_new = indeg.reindex(new).fillna(0)
    markup = _open(overview, CHANGE_TAB, lang)
    text = _text(markup)
    assert edge in text
    rows = _rows(markup, "ll-change-newcomers")
    back = {pseudo[p]: p for p in new}
    listed = [back[r[0].split(" ")[0]] for r in rows]  # every one listed is a newcomer
    assert len(listed) > len(new) / 2
    for r, p in zip(rows, listed, strict=True):
        assert int(r[1]) <= truth_new[p] <= 2
    assert not any(p in markup for p in new)  # pseudonyms only


def test_change_tab_with_names_shows_them(survey, design):
    """With consent and names switched on the lists show names, as the go-to lists do."""
    s = copy.deepcopy(survey)
    s.consent_names = True
    app = OverviewApp(s, key=KEY)
    app.names.value = True
    markup = _open(app, CHANGE_TAB, "en")
    gone = design["story"]["brokers"][0]
    name = survey.people.set_index("person_id").loc[gone, "name"]
    assert _rows(markup, "ll-change-brokers")[0][0].startswith(name)


# Waarde ---------------------------------------------------------------------------------
def _respondents(survey, wave: str) -> pd.DataFrame:
    """Respondents with a score per team and cycle, counted from the value table and roster."""
    v = survey.value[survey.value["wave"].astype(str) == wave].dropna(subset=["score"])
    team = survey.people.set_index("person_id")["team"]
    v = v.assign(team=v["person_id"].map(team))
    return v.groupby(["team", "cycle"])["person_id"].nunique().unstack(fill_value=0)


@pytest.mark.parametrize(
    ("lang", "whole", "applied"),
    [
        ("en", "Whole organisation", "Applied value"),
        ("nl", "Hele organisatie", "Toegepaste waarde"),
    ],
)
def test_value_tab_shows_team_profiles_with_small_teams_hidden(
    overview, survey, lang, whole, applied
):
    n = _respondents(survey, "2026")
    small = set(n.index[(n < THRESHOLD).all(axis=1)])
    large = set(n.index[(n >= THRESHOLD).all(axis=1)])
    assert small and len(large) >= 8
    markup = _open(overview, VALUE_TAB, lang)
    header = re.findall(
        r"<th>(.*?)</th>", markup.split("ll-value-profile", 1)[1].split("</thead>")[0]
    )
    rows = {r[0]: r for r in _rows(markup, "ll-value-profile")}
    assert not small & set(rows)
    # complementary suppression may hide one more team, no more
    assert len(large - set(rows)) <= 1
    # the whole organisation's share reaching applied value: mean of a person's applied items 4+
    v = survey.value[
        (survey.value["wave"].astype(str) == "2026") & (survey.value["cycle"] == "applied")
    ]
    per = v.dropna(subset=["score"]).groupby("person_id")["score"].mean()
    cell = rows[whole][header.index(html.escape(applied))]
    assert cell == f"{100 * (per >= 4).mean():.0f}% (n={len(per)})"
    # value by position and the value-flow map
    assert "ll-value-position" in markup
    assert overview.value_map.value and overview.value_map_caption.value


def test_value_tab_sends_no_name(overview, survey):
    _open(overview, VALUE_TAB, "nl")
    shown = overview.value_text.value + overview.value_map.value
    names = [n for n in survey.people["name"].astype(str) if len(n) > 3]
    assert [n for n in names if n in shown or html.escape(n) in shown] == []


# personal page --------------------------------------------------------------------------
def _both_rounds(survey) -> list[str]:
    r = survey.responses[survey.responses["responded"].astype(bool)]
    return sorted(
        set(r.loc[r["wave"].astype(str) == "2025", "person_id"])
        & set(r.loc[r["wave"].astype(str) == "2026", "person_id"])
    )


def test_personal_change_counts_and_no_one_who_named_you(personal, survey, design, pseudo):
    """The most named colleague who answered both rounds: counts against truth_ties.csv (round 2
    lists ids, so its contacts are exact; round 1 is typed names: one may be lost); nobody who
    named them appears by id, pseudonym or name."""
    both = _both_rounds(survey)
    t = survey.ties
    person = t[t["target"].isin(both)]["target"].value_counts().index[0]
    personal.set_language("en")
    personal.select(person)
    markup = personal.value_change.value
    m = re.search(r"(\d+) new, (\d+) kept, (\d+) no longer named", _text(markup))
    assert m, _text(markup)
    new, kept, ended = map(int, m.groups())
    truth = design["truth"]
    after = set(truth.loc[(truth["wave"] == "2026") & (truth["source"] == person), "target"])
    before = set(truth.loc[(truth["wave"] == "2025") & (truth["source"] == person), "target"])
    assert new + kept == len(after)
    assert len(before) - 1 <= kept + ended <= len(before)
    named_me = set(t.loc[t["target"] == person, "source"]) - set(
        t.loc[t["source"] == person, "target"]
    )
    assert named_me
    name = survey.people.set_index("person_id")["name"]
    for v in named_me:
        assert v not in markup and pseudo[v] not in markup and name[v] not in markup


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_personal_value_against_team_hidden_for_a_small_team(personal, survey, lang):
    """A respondent of a team with fewer than 5 value respondents sees their own scores and no
    team figure; one of a large team sees the team's mean (pandas count of the value table)."""
    n = _respondents(survey, "2026")
    small = n.index[(n < THRESHOLD).all(axis=1)][0]
    large = n.index[(n >= THRESHOLD).all(axis=1)][0]
    v = survey.value[survey.value["wave"].astype(str) == "2026"].dropna(subset=["score"])
    team = survey.people.set_index("person_id")["team"]
    personal.set_language(lang)
    for which, hidden in ((small, True), (large, False)):
        answered_all = v.groupby("person_id")["cycle"].nunique() == 5
        person = sorted(set(answered_all.index[answered_all]) & set(team.index[team == which]))[0]
        personal.select(person)
        rows = _rows(personal.value_change.value, "ll-my-value")
        assert len(rows) == 5  # immediate, potential, applied, realized, reframing
        mine = v[v["person_id"] == person].groupby("cycle")["score"].mean()
        sep = "," if lang == "nl" else "."
        assert rows[2][1] == f"{mine['applied']:.1f}".replace(".", sep)
        if hidden:
            assert all(r[2] == "–" for r in rows)
        else:
            members = v[v["person_id"].map(team) == which]
            team_mean = (
                members.groupby(["person_id", "cycle"])["score"].mean().unstack()["applied"].mean()
            )
            assert rows[2][2] == f"{team_mean:.1f}".replace(".", sep)


@pytest.mark.parametrize(
    ("lang", "ict", "across"),
    [
        ("en", "ICT in class", "Ties with other schools"),
        ("nl", "ICT in de klas", "Relaties met andere scholen"),
    ],
)
def test_change_tab_shows_change_per_topic(overview, design, lang, ict, across):
    """Per topic, the learning ties of both rounds and those across schools. Truth:
    truth_ties.csv (round 2 names by id: exact; round 1 typed names: matching may lose a few,
    never add); ict across schools 2 -> 18 by design."""
    markup = _open(overview, CHANGE_TAB, lang)
    header = [
        html.unescape(h)
        for h in re.findall(
            r"<th>(.*?)</th>", markup.split("ll-change-topics", 1)[1].split("</thead>")[0]
        )
    ]
    rows = {r[0]: r for r in _rows(markup, "ll-change-topics")}
    row = rows[ict]
    t = design["truth"]
    n25 = int(((t["wave"] == "2025") & (t["topic"] == "ict")).sum())
    n26 = int(((t["wave"] == "2026") & (t["topic"] == "ict")).sum())
    assert int(row[header.index(header[2])]) == n26
    assert n25 - 5 <= int(row[1]) <= n25
    b, a = len(_cross_school(design, "2025", "ict")), len(_cross_school(design, "2026", "ict"))
    assert int(row[header.index(f"{across} 2026")]) == a
    assert b - 1 <= int(row[header.index(f"{across} 2025")]) <= b
    assert len(rows) == 5


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "Ties returned"), ("nl", "Wederzijdse relaties")]
)
def test_change_tab_shows_the_slope_chart_of_key_figures(overview, survey, lang, label):
    """The slope chart is an image whose text alternative gives each key figure in both rounds;
    reciprocity checked against a plain count of mutual pairs in the input ties (people on the
    round's list, all topics together)."""
    markup = _open(overview, CHANGE_TAB, lang)
    fig = markup.split("ll-change-slope", 1)[1].split("</figure>", 1)[0]
    assert "data:image/png;base64," in fig
    alt = html.unescape(re.search(r'alt="([^"]*)"', fig).group(1))
    sep = "," if lang == "nl" else "."
    got = []
    for w in ("2025", "2026"):
        listed = set(survey.responses.loc[survey.responses["wave"].astype(str) == w, "person_id"])
        t = survey.ties[
            (survey.ties["wave"].astype(str) == w)
            & survey.ties["source"].isin(listed)
            & survey.ties["target"].isin(listed)
        ]
        pairs = set(zip(t["source"], t["target"], strict=True))
        got.append(f"{sum((v, u) in pairs for u, v in pairs) / len(pairs):.2f}".replace(".", sep))
    assert f"{label}: {got[0]} → {got[1]}" in alt, alt


def _small_survey(ties: pd.DataFrame):
    """12 people: a-e at school X, f-l at Y; a-e score higher on applied and realized."""
    from leerlib.schema import Survey

    ids = list("abcdefghijkl")
    people = pd.DataFrame({"person_id": ids, "school": ["X"] * 5 + ["Y"] * 7})
    across = set("abcde")
    rows = []
    for p in ids:
        rows += [
            (p, "1", "immediate", "q1", 4.0),
            (p, "1", "applied", "q2", 5.0 if p in across else 3.0),
            (p, "1", "realized", "q3", 4.0 if p in across else 2.0),
        ]
    value = pd.DataFrame(rows, columns=["person_id", "wave", "cycle", "item", "score"])
    return Survey(people, ties, pd.DataFrame(), value, pd.DataFrame())


def test_value_story_sentence_on_a_hand_checked_case():
    """a-e (school X) turn to f (school Y) on ict; f-l do not learn across. By hand: 5 people
    across, 7 others; applied 5 vs 3 (100% vs 0% reach 4+), realized 4 vs 2 (100% vs 0%);
    immediate 4 vs 4 is no lead, so the two cycles are applied and realized."""
    from leerlib.dashboards import value_story_sentences

    ties = pd.DataFrame(
        {"source": list("abcde") + ["g"], "target": ["f"] * 5 + ["h"], "topic": "ict", "wave": "1"}
    )
    said = value_story_sentences(_small_survey(ties), wave="1", threshold=5, lang="en")
    assert said == [
        "People who learn about ict from colleagues at another school (5 people) report applied "
        "value and realized value more often than the other respondents (7 people): 100% against "
        "0% and 100% against 0% (on average 5.0 against 3.0 and 4.0 against 2.0 on a scale of 1 "
        "to 5)."
    ]
    # below the threshold nothing is said; a round without ties says nothing rather than fail
    assert value_story_sentences(_small_survey(ties), wave="1", threshold=6, lang="en") == []
    empty = pd.DataFrame(columns=["source", "target", "topic", "wave"])
    assert (
        value_story_sentences(
            _small_survey(empty),
            wave="1",
            threshold=1,
            lang="en",
            before="1",
            leavers=["zz"],
            leaver_label="zz",
        )
        == []
    )
