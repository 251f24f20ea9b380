"""A researcher's own study (issue 18): missing values, "nobody" words and ids, the population
boundary, non-response, per-slot attributes, several networks in one file.

Every case is a small export written here, with the expected tables counted by hand in the
test's docstring.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.clean import ITEM_REASONS
from leerlib.io import Source
from leerlib.io._specs import DEFAULT_NOBODY

HEAD = '[survey]\nwave = "1"\n{survey}\n[respondent]\ncolumn = "id"\nby = "id"\n{respondent}\n'
TOPIC = '[[topics]]\nkey = "friend"\n'
SLOTS = (
    '[[nominations]]\nshape = "slots"\ntopic = "friend"\npattern = "^f\\\\d$"\ntarget_by = "id"\n'
)


def codebook(survey="", respondent="", blocks=SLOTS, top="") -> Source:
    text = top + HEAD.format(survey=survey, respondent=respondent) + TOPIC + blocks
    return Source(text.encode(), "codeboek.toml")


def load(csv: str, cb: Source, roster: str | None = None, **kw):
    staff = None if roster is None else Source(roster.encode(), "staff.csv")
    return leerlib.load_survey(Source(csv.encode(), "export.csv"), staff, cb, **kw)


def ties(survey) -> list[tuple[str, str]]:
    return sorted(zip(survey.ties["source"], survey.ties["target"], strict=True))


def reasons(survey) -> list[str]:
    return sorted(survey.log["reason"])


def accounted(survey) -> int:
    return len(survey.ties) + int(survey.log["reason"].isin(ITEM_REASONS).sum())


# --------------------------------------------------------------------------- missing values

ID_SLOTS = "id,f1,f2,f3\n11,12,NA,1654\n12,11,99,\n99,11,NA,\n13,NA,NA,NA\n"


def test_missing_codes_are_logged_never_people():
    """R's NA and an SPSS code 1654 are empty cells in truth.

    Hand count of ID_SLOTS: 10 non-empty nomination cells (row 2: 12, NA, 1654; row 3: 11,
    99; row 4: 11, NA; row 5: NA x3). Ties 11->12, 12->11, 12->99, 99->11 (99 is a
    respondent, so a person: the default nobody list holds no numbers); 6 cells missing.
    """
    s = load(ID_SLOTS, codebook(survey='missing = ["NA", 1654]'))
    assert ties(s) == [("11", "12"), ("12", "11"), ("12", "99"), ("99", "11")]
    log = s.log[s.log["reason"] == "missing"]
    assert sorted(zip(log["row"], log["column"], log["raw_value"], strict=True)) == [
        (2, "f2", "NA"),
        (2, "f3", "1654"),
        (4, "f2", "NA"),
        (5, "f1", "NA"),
        (5, "f2", "NA"),
        (5, "f3", "NA"),
    ]
    assert (log["action"] == "dropped").all()
    assert not s.people["person_id"].str.startswith("ext:").any()
    assert sorted(s.people["person_id"]) == ["11", "12", "13", "99"]
    assert accounted(s) == 10


def test_missing_default_is_na_and_exact():
    """Default missing = ["NA", "#N/A"], compared exactly: "na" typed as a name stays a name.

    Rows: a -> NA (missing), a -> na (external person ext:na), b -> #N/A (missing).
    """
    cb = codebook(blocks=SLOTS.replace('target_by = "id"\n', ""))
    s = load("id,f1,f2\na,NA,na\nb,#N/A,\n", cb)
    assert ties(s) == [("a", "ext:na")]
    assert list(s.log.loc[s.log["reason"] == "missing", "raw_value"]) == ["NA", "#N/A"]


def test_missing_code_in_attribute_and_scale_cells():
    """A missing code in a weight attribute reads as no answer (weight 1.0), not as an
    unknown scale answer; in a matrix scale cell it is a missing item, not an error.

    Slots: a -> b with frequency "NA" (weight 1.0). Matrix: a's cell for c is "NA" (missing),
    b's cell for c is "often" (weight 2). Ties: a->b (1.0), b->c (2.0); one missing row.
    """
    blocks = (
        '[[nominations]]\nshape = "slots"\ntopic = "friend"\ncolumns = ["f1"]\n'
        'target_by = "id"\nattributes = { freq = "{column}_freq" }\nweight = "freq"\n'
        '[[nominations]]\nshape = "matrix"\ntopic = "friend"\npattern = "^m_(?P<target>.+)$"\n'
        'target_by = "id"\ncell = "scale"\nscale = "freq"\n'
        "[scales.freq]\noften = 2\nrarely = 1\n"
    )
    s = load("id,f1,f1_freq,m_c\na,b,NA,NA\nb,,,often\n", codebook(blocks=blocks))
    got = sorted(zip(s.ties["source"], s.ties["target"], s.ties["weight"], strict=True))
    assert got == [("a", "b", 1.0), ("b", "c", 2.0)]
    assert reasons(s).count("missing") == 1


def test_default_nobody_holds_only_words():
    """ "99" is a pupil in an id-coded survey: the default list has no numbers."""
    assert not [w for w in DEFAULT_NOBODY if any(ch.isdigit() for ch in w)]


def test_nobody_word_that_is_an_id_names_that_person_and_is_flagged():
    """nobody = ["niemand", "99"] in an id survey where 99 is a respondent.

    Row 3 (12) names 99 and "niemand": 12->99 is a tie (a valid id is never "nobody"),
    niemand is logged nobody; one flagged nobody_is_person row (row 0) for "99".
    """
    csv = "id,f1,f2\n11,12,\n12,99,niemand\n99,11,\n"
    s = load(csv, codebook(top='nobody = ["niemand", "99"]\n'))
    assert ties(s) == [("11", "12"), ("12", "99"), ("99", "11")]
    flag = s.log[s.log["reason"] == "nobody_is_person"]
    assert flag[["row", "raw_value", "action"]].values.tolist() == [[0, "99", "flagged"]]
    assert reasons(s).count("nobody") == 1
    assert accounted(s) == 4


def test_nobody_word_that_is_a_staff_id_in_a_name_question_is_flagged():
    """A name question answered "99" with 99 in the nobody list and a staff member with id
    99: the answer stays "nobody" (names are asked), and the log warns once."""
    roster = "person_id,name\np1,An Ek\n99,Bo Berg\n"
    cb = codebook(top='nobody = ["99"]\n', blocks=SLOTS.replace('target_by = "id"\n', ""))
    s = load("id,f1,f2\np1,99,Bo Berg\n", cb, roster)
    assert ties(s) == [("p1", "99")]
    assert reasons(s).count("nobody") == 1
    assert list(s.log.loc[s.log["reason"] == "nobody_is_person", "row"]) == [0]


# --------------------------------------------------------------------------- population, response

CLASS = "id,f1,f2\n1,2,3\n2,1,4\n3,,\n"


def responded(s) -> dict:
    return dict(zip(s.responses["person_id"], s.responses["responded"], strict=True))


def test_class_survey_without_roster_named_classmates_are_non_respondents():
    """A class survey with id slots and no roster (the issue's situation in miniature).

    Pupils 1 and 2 name 2, 3 and 1, 4; pupil 3 submitted a row without any nomination. The
    network's members (default respondents+named): 1, 2, 3 (respondents) and 4 (named).
    Responded (default any_nomination): 1 and 2 only. Response rate 2/4 = 0.5 < 0.8, so the
    fragile measures are flagged. (Before: 4 was an outsider ext:4, 3 counted as
    responded, the rate read 3/3 = 100 % and nothing was flagged.)
    """
    from leerlib.metrics.missing import response_info

    s = load(CLASS, codebook())
    assert sorted(s.people.loc[s.people["internal"], "person_id"]) == ["1", "2", "3", "4"]
    assert responded(s) == {"1": True, "2": True, "3": False, "4": False}
    info = response_info(leerlib.build_graph(s))
    assert (info["n_internal"], info["n_responded"]) == (4, 2)
    assert info["response_rate"] == pytest.approx(0.5)
    assert "betweenness" in info["fragile"] and "density" in info["fragile"]


def test_population_from_respondents_keeps_named_outsiders_external():
    """[population] from = "respondents": 4 is an outside contact (ext:4, internal False);
    members 1, 2, 3 of whom 1 and 2 responded (rate 2/3)."""
    s = load(CLASS, codebook(top='[population]\nfrom = "respondents"\n'))
    assert sorted(s.people.loc[s.people["internal"], "person_id"]) == ["1", "2", "3"]
    assert ("2", "ext:4") in ties(s)
    assert responded(s) == {"1": True, "2": True, "3": False}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # a names b; b answered only the value item; c answered nothing but is "Finished"
        ("any_nomination", {"a": True, "b": False, "c": False}),
        ("any_answer", {"a": True, "b": True, "c": False}),
        ("complete", {"a": True, "b": False, "c": True}),
    ],
)
def test_responded_if(rule, expected):
    """Rows: a (Finished 1, names b), b (Finished 0, value answer 3), c (Finished 1, empty)."""
    csv = "id,Finished,f1,V1\na,1,b,\nb,0,,3\nc,1,,\n"
    blocks = SLOTS + '[[value]]\ncolumn = "V1"\ncycle = "immediate"\n'
    s = load(csv, codebook(respondent=f'responded_if = "{rule}"', blocks=blocks))
    assert responded(s) == expected


def test_id_only_staff_list_is_accepted():
    """A staff list of ids only: each id is also the name. Members 1-5 (5 never answers and
    is never named); responded 1 and 2 (3's row is empty): rate 2/5."""
    s = load(CLASS, codebook(), roster="id\n1\n2\n3\n4\n5\n")
    assert s.people.loc[s.people["person_id"] == "4", "name"].tolist() == ["4"]
    assert sorted(s.people["person_id"]) == ["1", "2", "3", "4", "5"]
    assert sum(responded(s).values()) == 2 and len(responded(s)) == 5


@pytest.mark.parametrize("roster", [None, "id\n1601\n1602\n1603\n1610\n"])
def test_an_id_not_on_the_list_is_never_matched_as_a_name(roster):
    """Targets are ids (target_by = "id"): 1631 and 1609 are no one on the list (an id-only
    list 1601-1603, 1610; or, without a list and [population] from = "respondents", the
    respondents 1601 and 1602). They are unknown ids, external contacts ext:1631 and ext:1609,
    never a name near 1601 (before: flagged ambiguous_name with candidates 1601, 1602, 1603,
    and lost as ties). Ties by hand: 1601->1602, 1601->ext:1631, 1602->1601, 1602->ext:1609.
    """
    top = '[population]\nfrom = "respondents"\n' if roster is None else ""
    s = load("id,f1,f2\n1601,1602,1631\n1602,1601,1609\n", codebook(top=top), roster)
    assert ties(s) == [
        ("1601", "1602"),
        ("1601", "ext:1631"),
        ("1602", "1601"),
        ("1602", "ext:1609"),
    ]
    assert "ambiguous_name" not in reasons(s)
    assert set(s.ties.loc[s.ties["target"].str.startswith("ext:"), "match"]) == {"external"}


def test_bad_population_and_responded_if_name_the_key():
    with pytest.raises(leerlib.errors.CodebookError, match="population"):
        leerlib.read_codebook(codebook(top='[population]\nfrom = "everyone"\n'))
    with pytest.raises(leerlib.errors.CodebookError, match="responded_if"):
        leerlib.read_codebook(codebook(respondent='responded_if = "some"'))


# --------------------------------------------------------------------------- slot attributes

FOUR = (
    "id,first,second,third,fourth,first_meet,second_meet,third_meet,fourth-meet\n"
    "a,b,c,d,e,school,club,school,online\n"
)


def test_slot_attributes_per_slot_with_irregular_names():
    """Each slot has its own attribute column, one of them irregular (fourth-meet).

    Row 2: a names b (met at school), c (club), d (school), e (online).
    """
    blocks = (
        '[[nominations]]\nshape = "slots"\ntopic = "friend"\n'
        'columns = ["first", "second", "third", "fourth"]\ntarget_by = "id"\n'
        'attributes = { met = { first = "first_meet", second = "second_meet", '
        'third = "third_meet", fourth = "fourth-meet" } }\n'
    )
    s = load(FOUR, codebook(blocks=blocks))
    got = sorted(zip(s.ties["target"], s.ties["met"], strict=True))
    assert got == [("b", "school"), ("c", "club"), ("d", "school"), ("e", "online")]


@pytest.mark.parametrize(
    "select",
    [
        'columns = ["first", "second", "third", "fourth"]',
        'pattern = "^(first|second|third|fourth)$"',
    ],
)
def test_fixed_attribute_column_on_several_slots_is_an_error(select):
    """attributes = { met = "first_meet" } on four slots would copy slot 1's answer onto all
    four ties: a CodebookError naming the key, with columns (at reading the codebook) or a
    pattern (at reading the export)."""
    blocks = (
        f'[[nominations]]\nshape = "slots"\ntopic = "friend"\n{select}\ntarget_by = "id"\n'
        'attributes = { met = "first_meet" }\n'
    )
    with pytest.raises(leerlib.errors.CodebookError, match=r"attributes key 'met' = 'first_meet'"):
        load(FOUR, codebook(blocks=blocks))


def test_slot_attribute_table_must_cover_every_slot():
    """A per-slot table that leaves out a slot names the slot."""
    blocks = (
        '[[nominations]]\nshape = "slots"\ntopic = "friend"\n'
        'columns = ["first", "second"]\ntarget_by = "id"\n'
        'attributes = { met = { first = "first_meet" } }\n'
    )
    with pytest.raises(leerlib.errors.CodebookError, match=r"'met'.*second"):
        load(FOUR, codebook(blocks=blocks))


# --------------------------------------------------------------------------- byte-order mark


@pytest.mark.parametrize("declared", ["cp1252", "latin-1", "utf-16", "auto", "utf-8"])
def test_utf8_byte_order_mark_wins_over_a_declared_encoding(declared):
    """An export re-saved as "CSV UTF-8" (BOM + UTF-8) with a codebook that still says
    cp1252 loads the same ties as the file read as UTF-8: An names Zoë Çelik and Jörg."""
    text = "email;Q1;Q2\nan@x.nl;Zoë Çelik;Jörg\n"
    cb = Source(
        (
            f'[survey]\nwave = "1"\nencoding = "{declared}"\n[respondent]\ncolumn = "email"\n'
            '[[topics]]\nkey = "t"\n[[nominations]]\nshape = "slots"\ntopic = "t"\n'
            'columns = ["Q1", "Q2"]\n'
        ).encode(),
        "cb.toml",
    )
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    s = leerlib.load_survey(Source(data, "export.csv"), None, cb)
    assert sorted(s.ties["raw_name"]) == ["Jörg", "Zoë Çelik"]


# --------------------------------------------------------------------------- several networks

SCHOOLS = "school,id,f1,f2\nA,1,2,\nA,2,1,3\nB,1,2,NA\nB,2,,\nB,3,1,\n"


def test_several_networks_in_one_file():
    """Two schools, ids unique only within a school (network_by = "school").

    A: 1->2, 2->1, 2->3 (3 named, no response); B: 1->2, 3->1 (2 answered nothing), one NA.
    Members A/1-3 and B/1-3; responded A/1, A/2, B/1, B/3. No duplicate submissions
    although ids 1 and 2 appear twice. 6 non-empty nomination cells = 5 ties + 1 missing.
    """
    s = load(SCHOOLS, codebook(survey='network_by = "school"'))
    assert ties(s) == [
        ("A/1", "A/2"),
        ("A/2", "A/1"),
        ("A/2", "A/3"),
        ("B/1", "B/2"),
        ("B/3", "B/1"),
    ]
    assert sorted(zip(s.people["person_id"], s.people["network"], strict=True)) == [
        ("A/1", "A"),
        ("A/2", "A"),
        ("A/3", "A"),
        ("B/1", "B"),
        ("B/2", "B"),
        ("B/3", "B"),
    ]
    assert responded(s) == {
        "A/1": True,
        "A/2": True,
        "A/3": False,
        "B/1": True,
        "B/2": False,
        "B/3": True,
    }
    assert set(s.ties["network"]) == {"A", "B"} and set(s.responses["network"]) == {"A", "B"}
    assert not s.log["reason"].str.startswith("duplicate_response").any()
    assert accounted(s) == 6
    parts = s.split()
    assert sorted(parts) == ["A", "B"]
    assert [len(parts[k].ties) for k in ("A", "B")] == [3, 2]
    assert [parts[k].response_rate() for k in ("A", "B")] == pytest.approx([2 / 3, 2 / 3])
    assert list(parts["B"].log["reason"]).count("missing") == 1


def test_filter_keeps_some_rows_and_logs_the_rest():
    """filter = { school = "A" }: rows 4-6 (school B) are logged filtered_out and their 3
    nomination items skipped_row_item; ties 1->2, 2->1, 2->3 from school A."""
    s = load(SCHOOLS, codebook(survey='filter = { school = "A" }'))
    assert ties(s) == [("1", "2"), ("2", "1"), ("2", "3")]
    out = s.log[s.log["reason"] == "filtered_out"]
    assert sorted(out["row"]) == [4, 5, 6]
    assert reasons(s).count("skipped_row_item") == 3
    assert accounted(s) == 6


def test_several_networks_in_an_edge_list():
    """An edge list (one row per nomination) where id 1 exists in both schools:
    A/1 -> A/2, A/1 -> A/3; B/1 -> B/2; B/2 -> B/1 (each person's rows stay in its school)."""
    blocks = (
        '[[nominations]]\nshape = "edgelist"\ntopic = "friend"\ntarget = "named"\n'
        'target_by = "id"\n'
    )
    csv = "school,id,named\nA,1,2\nA,1,3\nB,1,2\nB,2,1\n"
    s = load(csv, codebook(survey='network_by = "school"', blocks=blocks))
    assert ties(s) == [("A/1", "A/2"), ("A/1", "A/3"), ("B/1", "B/2"), ("B/2", "B/1")]
    assert responded(s) == {"A/1": True, "A/2": False, "A/3": False, "B/1": True, "B/2": True}


# --------------------------------------------------------------------------- methods paragraph


def test_methods_text_states_the_hand_counted_figures():
    """CLASS: members 1-4, responded 1 and 2 (2 of 4, 50.0%), 4 nominations read, all 4
    ties matched by id; SCHOOLS adds one missing code and two networks."""
    s = load(CLASS, codebook())
    en, nl = s.methods_text(), s.methods_text(lang="nl")
    assert "2 of 4 members (50.0%)" in en and "2 van de 4 leden (50.0%)" in nl
    assert "4 nominations were read: 4 became ties (matched by method: id 4)" in en
    assert "named non-respondents count as members" in en
    assert "answered at least one network question" in en
    assert f"leerlib {leerlib.__version__}" in en and f"leerlib {leerlib.__version__}" in nl
    s2 = load(SCHOOLS, codebook(survey='network_by = "school"'))
    text = s2.methods_text()
    assert "6 nominations were read: 5 became ties" in text and "(by reason: missing 1)" in text
    assert "1 answer was a missing-value code" in text and "2 networks (school)" in text
    # CLASS has no other nominations and no missing codes: no clause about nothing
    assert "by reason" not in en and "missing-value" not in en and "-)" not in en
    assert "per reden" not in nl and "ontbrekende waarde" not in nl.split("isolement.")[1]
    with pytest.raises(leerlib.errors.LeerlibError):
        s.methods_text(lang="de")


# --------------------------------------------------------------------------- several waves in one file

WIDE = (
    "id,f1_1,f1_2,f2_1,f2_2,V1_w1,V1_w2\n"
    "1,2,3,2,,4,\n"
    "2,1,,3,NA,,5\n"
    "3,,,1,2,,\n"
    "4,1,,,,3,2\n"
    ",2,,1,,,\n"
)
WIDE_BLOCKS = (
    '[[nominations]]\nshape = "slots"\ntopic = "friend"\npattern = "^f1_\\\\d$"\ntarget_by = "id"\n'
    '[[nominations]]\nshape = "slots"\ntopic = "friend"\npattern = "^f2_\\\\d$"\ntarget_by = "id"\n'
    'wave = "2"\n'
    '[[value]]\ncolumn = "V1_w1"\ncycle = "immediate"\n'
    '[[value]]\ncolumn = "V1_w2"\ncycle = "immediate"\nwave = "2"\n'
)


def test_several_waves_in_one_wide_file():
    """Slot block f1_* is wave 1 ([survey] wave), f2_* wave 2 (its own wave key).

    Wave 1 items: row 2: 1->2, 1->3; row 3: 2->1; row 5: 4->1 (3 answered nothing in wave 1).
    Wave 2 items: row 2: 1->2; row 3: 2->3 and NA (missing); row 4: 3->1, 3->2 (4 answered
    nothing in wave 2). Row 6 has answers but no respondent: logged no_respondent once, its
    two items (one per wave) skipped_row_item. 11 non-empty nomination cells = 8 ties +
    1 missing + 2 skipped. Value: wave 1: 1 -> 4, 4 -> 3; wave 2: 2 -> 5, 4 -> 2.
    """
    s = load(WIDE, codebook(blocks=WIDE_BLOCKS))
    assert s.waves == ["1", "2"]
    got = sorted(zip(s.ties["wave"], s.ties["source"], s.ties["target"], strict=True))
    assert got == [
        ("1", "1", "2"),
        ("1", "1", "3"),
        ("1", "2", "1"),
        ("1", "4", "1"),
        ("2", "1", "2"),
        ("2", "2", "3"),
        ("2", "3", "1"),
        ("2", "3", "2"),
    ]
    by_wave = {
        w: dict(zip(r["person_id"], r["responded"], strict=True))
        for w, r in s.responses.groupby("wave")
    }
    assert by_wave == {
        "1": {"1": True, "2": True, "3": False, "4": True},
        "2": {"1": True, "2": True, "3": True, "4": False},
    }
    assert [s.response_rate("1"), s.response_rate("2")] == [0.75, 0.75]
    value = sorted(zip(s.value["wave"], s.value["person_id"], s.value["score"], strict=True))
    assert value == [("1", "1", 4.0), ("1", "4", 3.0), ("2", "2", 5.0), ("2", "4", 2.0)]
    assert reasons(s).count("no_respondent") == 1
    skipped = s.log[s.log["reason"] == "skipped_row_item"]
    assert sorted(zip(skipped["wave"], skipped["column"], strict=True)) == [
        ("1", "f1_1"),
        ("2", "f2_1"),
    ]
    assert accounted(s) == 11
    G1, G2 = leerlib.build_graph(s, wave="1"), leerlib.build_graph(s, wave="2")
    assert sorted(G1.edges()) == [("1", "2"), ("1", "3"), ("2", "1"), ("4", "1")]
    assert G2.nodes["4"]["responded"] is False and G2.nodes["3"]["responded"] is True


SCHOOL_WAVES = "school,id,fr1_1,fr1_2,fr2_1\nA,1,2,,2\nA,2,1,,\nB,1,2,3,\nB,2,,,1\n"


def test_several_waves_and_several_networks_in_one_file():
    """Two schools (ids unique within a school) and two waves, as in a multi-school panel.

    Wave 1: A/1->A/2, A/2->A/1, B/1->B/2, B/1->B/3 (B/3 named only). Wave 2: A/1->A/2,
    B/2->B/1. Responded in wave 2: A/1 and B/2. No duplicate submissions.
    """
    blocks = (
        '[[nominations]]\nshape = "slots"\ntopic = "friend"\npattern = "^fr1_\\\\d$"\n'
        'target_by = "id"\n'
        '[[nominations]]\nshape = "slots"\ntopic = "friend"\npattern = "^fr2_\\\\d$"\n'
        'target_by = "id"\nwave = "2"\n'
    )
    s = load(SCHOOL_WAVES, codebook(survey='network_by = "school"', blocks=blocks))
    got = sorted(zip(s.ties["wave"], s.ties["source"], s.ties["target"], strict=True))
    assert got == [
        ("1", "A/1", "A/2"),
        ("1", "A/2", "A/1"),
        ("1", "B/1", "B/2"),
        ("1", "B/1", "B/3"),
        ("2", "A/1", "A/2"),
        ("2", "B/2", "B/1"),
    ]
    w2 = s.responses[s.responses["wave"] == "2"]
    assert dict(zip(w2["person_id"], w2["responded"], strict=True)) == {
        "A/1": True,
        "A/2": False,
        "B/1": False,
        "B/2": True,
    }
    assert not s.log["reason"].str.startswith("duplicate_response").any()
    parts = s.split()
    assert sorted(parts) == ["A", "B"] and parts["B"].waves == ["1", "2"]
    assert len(parts["B"].ties) == 3


@pytest.mark.parametrize(
    ("key", "match"), [('wave = ""', "wave is empty"), ("wave = 2", "wave must be a string")]
)
def test_block_wave_must_be_a_string(key, match):
    blocks = SLOTS + key + "\n"
    with pytest.raises(leerlib.errors.CodebookError, match=match):
        leerlib.read_codebook(codebook(blocks=blocks))


def test_codebook_waves_in_order():
    cb = leerlib.read_codebook(codebook(blocks=WIDE_BLOCKS))
    assert cb.waves() == ("1", "2")
    assert leerlib.read_codebook(codebook()).waves() == ("1",)


def test_methods_text_gives_a_response_rate_per_wave():
    """WIDE: 3 of 4 members responded in round 1 and 3 of 4 in round 2 (hand count above)."""
    s = load(WIDE, codebook(blocks=WIDE_BLOCKS))
    assert (
        "Members responded in survey round 1: 3 of 4 (75.0%), 2: 3 of 4 (75.0%)" in s.methods_text()
    )
    assert (
        "Leden antwoordden in ronde 1: 3 van de 4 (75.0%), 2: 3 van de 4 (75.0%)"
        in s.methods_text(lang="nl")
    )


@settings(max_examples=8, deadline=None)
@given(st.data())
def test_wide_waves_recover_the_generated_ties(data):
    """A generated panel: 2 schools x up to 6 pupils (ids 1..n within each school), 2-4 rounds
    side by side with 3 id slots each, some NA cells. The generator's own truth (who named
    whom in which round, who answered anything in a round) is what load_survey must give;
    every non-empty slot cell is a tie or a missing log row."""
    waves = data.draw(st.integers(2, 4))
    slots = 3
    header = ["school", "id"] + [
        f"fr{w}_{k}" for w in range(1, waves + 1) for k in range(1, slots + 1)
    ]
    lines, truth, answered, cells = [",".join(header)], set(), set(), 0
    for school in ("A", "B"):
        n = data.draw(st.integers(2, 6))
        for me in range(1, n + 1):
            row = [school, str(me)]
            for w in range(1, waves + 1):
                others = [p for p in range(1, n + 1) if p != me]
                named = data.draw(st.lists(st.sampled_from(others), unique=True, max_size=slots))
                cell = [str(p) for p in named] + [""] * (slots - len(named))
                if named and data.draw(st.booleans()):
                    cell[-1] = "NA" if cell[-1] == "" else cell[-1]
                row += cell
                cells += sum(c != "" for c in cell)
                truth |= {(str(w), f"{school}/{me}", f"{school}/{p}") for p in named}
                if named:
                    answered.add((str(w), f"{school}/{me}"))
            lines.append(",".join(row))
    blocks = "".join(
        f'[[nominations]]\nshape = "slots"\ntopic = "friend"\npattern = "^fr{w}_\\\\d$"\n'
        f'target_by = "id"\nwave = "{w}"\n'
        for w in range(1, waves + 1)
    )
    s = load("\n".join(lines) + "\n", codebook(survey='network_by = "school"', blocks=blocks))
    assert set(zip(s.ties["wave"], s.ties["source"], s.ties["target"], strict=True)) == truth
    assert len(s.ties) == len(truth)
    said = s.responses[s.responses["responded"]]
    assert set(zip(said["wave"], said["person_id"], strict=True)) == answered
    assert accounted(s) == cells
    assert s.waves == [str(w) for w in range(1, waves + 1)]
