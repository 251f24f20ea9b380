"""Name normalisation and match_names: unit cases, properties, and the labelled set."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.clean import MATCH_NAMES_METHODS, match_names, normalize_name, parse_name, slug
from leerlib.clean.names import PARTICLES, TITLES, fold
from leerlib.errors import LeerlibError, RosterError

DATA = Path(__file__).parent / "data"

ROSTER = pd.DataFrame(
    {
        "person_id": ["p1", "p2", "p3", "p4", "p5", "p6"],
        "name": [
            "Jan van den Berg",
            "Anna de Vries",
            "Anne de Vries",
            "Kees van 't Hof",
            "Jan Jansen",
            "Jan Jansen",
        ],
        "email": ["jan@school.nl", "anna@school.nl", "", "", "", ""],
    }
)


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "typed",
    [
        "Jan van den Berg",
        "jan van den berg",
        "  Jan  van den   Berg ",
        "Berg, Jan van den",
        "van den Berg, Jan",
        "Berg van den, Jan",
        "JAN VAN DEN BERG",
        "Jan Van Den Berg",
        "Jan van den Berg.",
    ],
)
def test_tussenvoegsel_positions_give_one_key(typed):
    assert normalize_name(typed) == "jan van den berg"


@pytest.mark.parametrize(
    ("typed", "given", "infix", "last", "initials"),
    [
        ("J. v.d. Berg", ("j",), ("vd",), ("berg",), True),
        ("J.P. Berg", ("j", "p"), (), ("berg",), True),
        ("JP Berg", ("j", "p"), (), ("berg",), True),
        ("Kees van 't Hof", ("kees",), ("van", "t"), ("hof",), False),
        ("Kees van het Hof", ("kees",), ("van", "t"), ("hof",), False),
        ("Koen v Rijn", ("koen",), ("van",), ("ryn",), False),
        ("T. de Jong", ("t",), ("de",), ("jong",), True),
        ("juf Zoë", (), (), ("zoe",), False),
        ("mevrouw De Vries", (), ("de",), ("vries",), False),
        ("Fatima Yılmaz", ("fatima",), (), ("yilmaz",), False),
    ],
)
def test_parse_name_parts(typed, given, infix, last, initials):
    p = parse_name(typed)
    assert (p.given, p.infix, p.last, p.initials) == (given, infix, last, initials)


def test_vd_is_compatible_with_van_den_but_de_is_not():
    vd, vdn, de = (
        parse_name("J. v.d. Berg"),
        parse_name("Jan van den Berg"),
        parse_name("Jan de Berg"),
    )
    assert vd.particles_compatible(vdn) and vdn.particles_compatible(vd)
    assert not de.particles_compatible(vdn)
    assert parse_name("Jan Berg").particles_compatible(vdn)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_normalisation_is_total(text):
    """Any text parses, spacing around it does not matter, and its slug is ASCII."""
    assert normalize_name(f"  {text} ") == normalize_name(text)
    assert slug(text).isascii()


WORD = st.from_regex(r"[A-ZÖ][a-zëéïç]{1,8}", fullmatch=True).filter(
    lambda w: fold(w) not in PARTICLES and fold(w) not in TITLES
)
PARTICLE = st.sampled_from(["van", "de", "van den", "ter", "van 't", "v.d.", "in 't"])


@settings(max_examples=80, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=2), st.lists(PARTICLE, max_size=1), WORD, st.booleans())
def test_normalisation_is_idempotent_for_names(given_names, particle, surname, comma):
    """Names of capitalised words, with or without particles, in either order: normalising a
    normalised name changes nothing. (Excluded: lone letters and two-capital tokens, which are
    initials when capital but may read as particles once folded, and words that are
    themselves particles or titles, such as 'Op' or 'Juf'.)"""
    if comma:
        text = f"{surname}, {' '.join(given_names + particle)}"
    else:
        text = " ".join(given_names + particle + [surname])
    key = normalize_name(text)
    assert normalize_name(key) == key


# --------------------------------------------------------------------------- match_names


def _one(name, roster=ROSTER, **kw):
    return match_names([name], roster, **kw).iloc[0]


@pytest.mark.parametrize(
    ("typed", "pid", "method"),
    [
        ("p1", "p1", "id"),
        ("JAN@school.nl", "p1", "email"),
        ("Jan van den Berg", "p1", "exact"),
        ("Berg, Jan van den", "p1", "normalized"),
        ("J. v.d. Berg", "p1", "normalized"),
        ("Jan Berg", "p1", "normalized"),
        ("Kees van het Hof", "p4", "normalized"),
        ("Jan van den Bergh", "p1", "fuzzy"),
        ("", "", "empty"),
        ("iemand van de pabo", "", "external"),  # outside context: its own method since issue 14
        ("iemand van het bestuur", "", "unknown"),
        ("nobody@elsewhere.nl", "", "unknown"),
    ],
)
def test_match_methods(typed, pid, method):
    row = _one(typed)
    assert (row["person_id"], row["method"]) == (pid, method)


def test_namesakes_are_never_resolved():
    """Two roster people are called 'Jan Jansen': the name is flagged with both."""
    row = _one("Jan Jansen")
    assert row["method"] == "ambiguous" and row["person_id"] == ""
    assert sorted(c[0] for c in row["candidates"]) == ["p5", "p6"]


def test_one_word_one_edit_from_another_colleague_stays_ambiguous():
    """'Anna' is the first name of one roster person (p2), but 'Anne' (p3) is one edit away:
    flagged with both as candidates, not matched (issue 14: a single word that is one edit
    from a second colleague stays ambiguous). Before issue 14 every single word was flagged
    and only the exact holder p2 was listed."""
    row = _one("Anna")
    assert (row["person_id"], row["method"]) == ("", "ambiguous")
    assert row["candidates"] == [("p2", 100.0), ("p3", 100.0)]


@pytest.mark.parametrize(
    ("typed", "pid", "method"),
    [
        ("Kees", "p4", "one_word"),  # one Kees, no first name or surname one edit from it
        ("Hof", "p4", "one_word"),
        ("juf Kees", "p4", "one_word"),
        ("Jan", "", "ambiguous"),  # three people called Jan
        ("Jansen", "", "ambiguous"),  # two people called Jansen
        ("Vries", "", "ambiguous"),  # Anna and Anne de Vries
        ("Berg", "p1", "one_word"),
        ("van den Berg", "p1", "one_word"),
        ("de Berg", "", "ambiguous"),  # Berg is there, but not with 'de'
    ],
)
def test_one_word_rule(typed, pid, method):
    """A single word is the person only when exactly one roster person has it (first name or
    surname) and no other roster person has a first name or surname one edit from it. Hand
    count on ROSTER: first names jan (3x), anna, anne, kees; surnames berg, vries (2x), hof,
    jansen (2x)."""
    row = _one(typed)
    assert (row["person_id"], row["method"]) == (pid, method)


def test_two_people_above_threshold_is_ambiguous():
    """'Anna de Vris' scores 96 for Anna and 88 for Anne (both above 86): not auto-resolved.

    Hand count with rapidfuzz's ratio (Indel): 'anna de vris' vs 'anna de vries' is 1 edit
    over 25 characters (96.0); vs 'anne de vries' 3 edits over 25 (88.0).
    """
    row = _one("Anna de Vris")
    assert row["method"] == "ambiguous"
    assert [c[0] for c in row["candidates"]] == ["p2", "p3"]
    assert row["candidates"][0][1] == pytest.approx(96.0)
    assert row["candidates"][1][1] == pytest.approx(88.0)


def test_other_given_name_is_another_person():
    roster = pd.DataFrame({"person_id": ["a"], "name": ["Jos Brouwer"]})
    assert _one("Joost Brouwer", roster)["method"] == "unknown"
    assert _one("Jos Brouwers", roster)["person_id"] == "a"


def test_alias_table_resolves_a_nickname_and_an_ambiguity():
    aliases = pd.DataFrame({"alias": ["Hans van den Berg", "Anna"], "person_id": ["p1", "p2"]})
    m = match_names(["Hans van den Berg", "Anna", "Hans Berg"], ROSTER, aliases)
    assert m["person_id"].tolist() == ["p1", "p2", ""]
    assert m["method"].tolist()[:2] == ["alias", "alias"]


def test_alias_to_unknown_person_is_an_error():
    aliases = pd.DataFrame({"alias": ["Bob"], "person_id": ["p99"]})
    with pytest.raises(RosterError, match="p99"):
        match_names(["Bob"], ROSTER, aliases)


@pytest.mark.parametrize(
    "roster",
    [
        pd.DataFrame({"id": ["a"], "name": ["A"]}),
        pd.DataFrame({"person_id": ["a", "a"], "name": ["A", "B"]}),
        ["not", "a", "table"],
    ],
)
def test_bad_roster_is_a_leerlib_error(roster):
    with pytest.raises(LeerlibError):
        match_names(["A"], roster)


def test_one_row_per_input_in_order_with_missing_values():
    names = ["Anna de Vries", None, float("nan"), "Anna de Vries", "x"]
    m = match_names(pd.Series(names, dtype=object), ROSTER)
    assert len(m) == 5
    assert m["method"].tolist() == ["exact", "empty", "empty", "exact", "unknown"]
    assert list(m.columns) == ["name", "person_id", "method", "score", "candidates"]
    assert set(m["method"]) <= set(MATCH_NAMES_METHODS)


def test_mapping_roster_and_package_export():
    m = leerlib.match_names(["Bo Berg"], {"b": "Bo Berg"})
    assert m.loc[0, "person_id"] == "b"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(list(ROSTER["name"]) + ["Jan Berg", "Anna", "x y", ""]), max_size=12)
)
def test_matching_is_per_distinct_name(names):
    """The same text always gets the same answer, wherever it stands in the list."""
    m = match_names(names, ROSTER)
    per_name = m.groupby("name", dropna=False)[["person_id", "method"]].nunique()
    assert (per_name <= 1).all().all()


def test_fuzzy_off_stops_after_deterministic_stages():
    assert _one("Jan van den Bergh", fuzzy=False)["method"] == "unknown"


# --------------------------------------------------------------------------- labelled set


@pytest.fixture(scope="module")
def labelled():
    lab = pd.read_csv(DATA / "labelled_names.csv", dtype=str, keep_default_na=False)
    roster = pd.read_csv(DATA / "labelled_roster.csv", dtype=str)
    aliases = pd.read_csv(DATA / "labelled_aliases.csv", dtype=str)
    m = match_names(lab["typed"], roster, aliases)
    return lab.assign(pred=m["person_id"], method=m["method"])


def test_labelled_set_is_big_and_varied(labelled):
    assert len(labelled) >= 150
    assert (labelled["person_id"] == "").sum() >= 30  # names that must not match
    assert labelled["category"].nunique() >= 15


def test_labelled_precision_and_recall(labelled):
    """Precision first: >= 0.98 of the names given a person_id get the right one.

    The recall floor is 0.85: every true name the matcher leaves open on this set is left
    open by design (one word such as 'Thijs', a runner-up above the threshold, a different
    first given name); docs/matching.md lists them. Measured at the defaults: precision 1.0
    (177 of 177), recall 0.947 (177 of 187); before issue 14, 168 of 168 and 0.898.
    """
    pred, truth = labelled["pred"], labelled["person_id"]
    matched = pred != ""
    correct = matched & (pred == truth)
    precision = correct.sum() / matched.sum()
    recall = correct.sum() / (truth != "").sum()
    assert precision >= 0.98
    assert recall >= 0.85


def test_labelled_fuzzy_stage_adds_recall_without_errors(labelled):
    """The fuzzy stage must earn its place: it finds true names the other stages miss."""
    fuzzy = labelled[labelled["method"] == "fuzzy"]
    assert len(fuzzy) >= 20
    assert (fuzzy["pred"] == fuzzy["person_id"]).mean() >= 0.98


# --------------------------------------------------------------------------- answers as typed

SCHOOLS = pd.DataFrame(
    {
        "person_id": ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"],
        "name": [
            "Noor Visser",
            "Noor Visser",
            "Anne-Fleur Jansen",
            "Anne Fleur",
            "Cornelis de Wit",
            "Petra Mulder-van Dijk",
            "Fatima Yılmaz",
            "Noël Bakker",
        ],
        "email": ["noor.visser@delinde.nl", "noor.visser@kompas.nl", "", "", "", "", "", ""],
        "school": [
            "De Linde",
            "Het Kompas",
            "De Linde",
            "Het Kompas",
            "De Linde",
            "Het Kompas",
            "De Linde",
            "Het Kompas",
        ],
        "team": [
            "onderbouw",
            "ondersteuning",
            "bovenbouw",
            "onderbouw",
            "ondersteuning",
            "bovenbouw",
            "ondersteuning",
            "onderbouw",
        ],
        "role": [
            "leerkracht",
            "intern begeleider",
            "leerkracht",
            "leerkracht",
            "conciërge",
            "leerkracht",
            "intern begeleider",
            "leerkracht",
        ],
        "group": ["groep 3", "", "groep 7", "groep 2", "", "groep 8", "", "groep 4"],
    }
)


@pytest.mark.parametrize(
    ("typed", "pid", "method"),
    [
        # e-mail wrappers
        ("mailto:noor.visser@delinde.nl", "q1", "email"),
        ("<NOOR.VISSER@kompas.nl>", "q2", "email"),
        ("Noor Visser <noor.visser@delinde.nl>", "q1", "email"),
        # list and chat debris, emoji, a topic in brackets
        ("1. Petra Mulder-van Dijk", "q6", "exact"),
        ("- Noël Bakker 👍", "q8", "exact"),
        ("Noël Bakker (rekenen),", "q8", "exact"),
        ("@Bakker", "q8", "one_word"),
        # mojibake inside a name; diacritics dropped
        ("NoÃ«l Bakker", "q8", "exact"),
        ("Fatima Yilmaz", "q7", "normalized"),
        ("Noel", "q8", "one_word"),
        # titles
        ("meester Noël Bakker", "q8", "title"),
        ("mw. Yılmaz", "q7", "one_word"),
        # initials after the first name
        ("Petra M.", "q6", "initials"),
        ("Petra vD", "q6", "initials"),
        ("Noor V", "", "ambiguous"),
        # married double names: either order, one part
        ("Petra Mulder", "q6", "double_name"),
        ("Petra van Dijk", "q6", "double_name"),
        ("Petra van Dijk-Mulder", "q6", "double_name"),
        # first-name forms
        ("Kees de Wit", "q5", "variant"),
        ("Cees de Wit", "q5", "variant"),
        # hyphenated first names spaced or joined
        ("Anne Fleur Jansen", "q3", "hyphenated"),
        ("Annefleur Jansen", "q3", "hyphenated"),
        ("Anne-Fleur", "q3", "one_word"),
        ("Anne Fleur", "", "ambiguous"),  # Anne-Fleur Jansen, or Anne Fleur as written
        # qualifiers from the roster's own columns
        ("Noor (IB)", "q2", "qualifier"),
        ("Noor van De Linde", "q1", "qualifier"),
        ("juf Noor groep 3", "q1", "qualifier"),
        ("Noor Visser (Het Kompas)", "q2", "qualifier"),
        ("de conciërge van De Linde", "q5", "qualifier"),
        ("de IB'er van De Linde", "q7", "qualifier"),
        ("de leerkracht van Het Kompas", "", "ambiguous"),  # three of them
        # outside context stays outside
        ("Noor van de GGD", "", "external"),
        ("mijn oud-collega Noor", "", "external"),
        ("Noor (andere school)", "", "external"),
        ("juf Noor (met pensioen)", "", "external"),
        ("Noor Visser", "", "ambiguous"),  # two schools
    ],
)
def test_answers_as_typed(typed, pid, method):
    """Hand count on SCHOOLS: two Noor Vissers (De Linde q1, Het Kompas q2, the IB'er);
    Anne-Fleur Jansen (q3) beside Anne Fleur (q4); Cornelis (Kees) de Wit, the conciërge of
    De Linde (q5); Petra Mulder-van Dijk (q6); Fatima Yılmaz, IB at De Linde (q7); Noël
    Bakker (q8), the only Noël and the only Bakker, with no first name or surname one edit
    from either."""
    row = _one(typed, SCHOOLS)
    assert (row["person_id"], row["method"]) == (pid, method)


def test_ambiguity_lists_its_candidates():
    row = _one("Noor Visser", SCHOOLS)
    assert sorted(c[0] for c in row["candidates"]) == ["q1", "q2"]


def test_respondent_context_is_opt_in_and_logged():
    """'Noor Visser' fits q1 (De Linde, onderbouw) and q2 (Het Kompas, ondersteuning).
    q4 works in Het Kompas' onderbouw: the team's name is q1's, but not at q1's school, so
    the school decides: q2. q5 works in De Linde's ondersteuning: again no colleague in the
    same team at the same school, De Linde decides: q1. q6 (Het Kompas) answers
    'Noor van Dijk', which fits nobody: unknown stays unknown."""
    names = ["Noor Visser", "Noor Visser", "Noor Visser", "Noor van Dijk"]
    off = match_names(names, SCHOOLS)
    assert off["method"].tolist() == ["ambiguous"] * 3 + ["unknown"]
    on = match_names(names, SCHOOLS, respondents=["q4", "q5", None, "q6"])
    assert on["person_id"].tolist() == ["q2", "q1", "", ""]
    assert on["method"].tolist() == ["context", "context", "ambiguous", "unknown"]
    assert sorted(c[0] for c in on.loc[0, "candidates"]) == ["q1", "q2"]


def test_researchers_add_first_name_forms():
    roster = pd.DataFrame({"person_id": ["a"], "name": ["Roberta Smit"]})
    assert _one("Bo Smit", roster)["method"] == "unknown"
    m = match_names(["Bo Smit"], roster, name_forms=[["Roberta", "Bo"]])
    assert (m.loc[0, "person_id"], m.loc[0, "method"]) == ("a", "variant")


def test_formal_name_does_not_stand_for_a_short_form_on_the_roster():
    """The staff list says 'Daan'; 'Daniël Smit' may be someone else (the earlier labelled set
    counts him as not on the roster). 'Daan Smit' for a Daniël Smit on the roster is a form."""
    assert _one("Daniël Smit", {"a": "Daan Smit"})["person_id"] == ""
    assert _one("Daan Smit", {"a": "Daniël Smit"})["person_id"] == "a"


def test_hyphenated_first_name_is_not_its_parts():
    """Issue 14's wrong match: a hyphenated first name matched to a colleague whose first and
    last name share its parts."""
    roster = {"a": "Anne-Roos Visser", "b": "Anne Roos"}
    assert _one("Anne-Roos", roster)["person_id"] == "a"
    assert _one("Anne-Roos V.", roster)["person_id"] == "a"
    assert _one("Anne Roos", roster)["method"] == "ambiguous"


@pytest.mark.parametrize(
    "names, typed",
    [
        (["1", "2", "3"], "4"),  # an id-only list: "4" is no name one edit from "1", "2", "3"
        (["a", "b"], "na"),  # a one-letter roster word is not one edit from "na"
    ],
)
def test_words_without_letters_or_one_letter_words_are_never_near(names, typed):
    roster = pd.DataFrame({"person_id": [f"p{i}" for i in range(len(names))], "name": names})
    m = match_names([typed], roster)
    assert m.loc[0, "method"] == "unknown" and m.loc[0, "candidates"] == []


def test_respondent_context_never_chooses_the_respondent():
    """q1 types 'Noor Visser' (q1 and q2 fit). The respondent shares team and school with
    q1 only, that is with themself: q2 shares neither, so the answer stays ambiguous (the
    context rule picked q1 itself before)."""
    on = match_names(["Noor Visser"], SCHOOLS, respondents=["q1"])
    assert (on.loc[0, "person_id"], on.loc[0, "method"]) == ("", "ambiguous")


def test_a_surname_initial_is_never_spelled_close():
    """Issue 14's trap, second form: 'Jan-Willem W.' (a hyphenated first name and a surname
    initial) fits nobody on {Jan-Willem Huisman, Jan Willems}: the first name is not Jan, the
    initial is not H. Before, the fuzzy stage read 'jan willem w' as close to 'jan willems'."""
    roster = {"a": "Jan-Willem Huisman", "b": "Jan Willems"}
    assert _one("Jan-Willem W.", roster)["person_id"] == ""
    assert _one("Jan-Willem H.", roster)["person_id"] == "a"


@pytest.mark.parametrize(
    ("typed", "pid", "method"),
    [
        ("Bo", "a", "alias"),
        ("Bo Smit", "a", "alias"),
        ("juf Bo", "a", "alias"),
        ("Bo S.", "a", "alias"),
        ("Bo de Wit", "", "unknown"),
        ("Bo Bakker", "", "unknown"),
        ("Roberta Smit", "a", "exact"),
    ],
)
def test_a_one_word_alias_is_a_first_name_of_that_person_only(typed, pid, method):
    """The alias table extends the name-variant table person by person: the alias 'Bo' for
    Roberta Smit (a) makes Bo her first name in every reading (with her surname, its initial,
    after a title), and nobody else's (Bo de Wit is not Roberta Smit; the roster's Bakker is
    Karel)."""
    roster = pd.DataFrame(
        {"person_id": ["a", "b", "c"], "name": ["Roberta Smit", "Karel Bakker", "Anna de Wit"]}
    )
    aliases = pd.DataFrame({"alias": ["Bo"], "person_id": ["a"]})
    m = match_names([typed], roster, aliases)
    assert (m.loc[0, "person_id"], m.loc[0, "method"]) == (pid, method)
