"""The course's feedback helper: right answers, typical wrong ones, and the words it says.

Where the expected answers come from
------------------------------------
- Session 1's paper network (leerlib.teaching.TOY_TIES), counted by hand: 8 ties among 5 people;
  Anna is named by Bram, Cem, Dewi (in 3) and names Bram, Eva (out 2); 4 contacts; density
  8 / (5*4) = 0.4 (8/10 = 0.8 with the pairs formula, 8/25 = 0.32 with n*n); returned ties
  Anna<->Bram and Cem<->Dewi: 4 of 8 = 0.5, or 2 of 6 connected pairs per pair.
- The sample's designed story (data/sample/README.md): the broker who left is P0027 Gerda
  Willems; the ICT learning network's members score higher on applied and realized value
  (leerlib/sample/_people.py, value_answers: +0.6 on those two cycles in 2026); the cycles'
  offsets make immediate value the highest; the ICT coordinators draw ict ties.
- Counts on the sample: computed in this file by :func:`sample_counts`, plain pandas on the
  cleaned sample's tables (ties, people, responses, value), written apart from the answer keys'
  code (leerlib.teaching._truth) and never through leerlib.graph or leerlib.metrics. They follow
  the cleaning: the 2026 roster matrix reads exactly (817 pairs, 1019 rows, as the generator's
  truth_ties.csv), while round 2025 is free recall, so a better name matcher can add ties there
  (Gerda Willems's contacts at other schools went from 18 to 19 when the nickname "Sander
  Gerritsen" she typed was matched to P0123 instead of kept as an outside contact). Who counts
  as a respondent follows the codebook's responded_if rule (2026: 125; three submissions name
  nobody in the matrix). test_keys_agree_with_leerlib checks that leerlib's own measures give the same
  answers, so a learner who uses leerlib is told "right".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import leerlib
from leerlib.errors import LeerlibError
from leerlib.teaching import EXERCISES, answer_key, check

ipywidgets = pytest.importorskip("ipywidgets")


class F(str):
    """An expected answer computed from :func:`sample_counts`: a formula over its names."""


# (exercise, answer, expected code); an F answer is evaluated against the sample counts
CASES = [
    # 1a: Anna's in-degree in the paper network
    ("1a_anna_in", 3, "right"),
    ("1a_anna_in", "3", "right"),
    ("1a_anna_in", 2, "out_degree"),
    ("1a_anna_in", 5, "in_plus_out"),
    ("1a_anna_in", 4, "contacts"),
    # 1b: density of the paper network
    ("1b_density_toy", 0.4, "right"),
    ("1b_density_toy", "0,4", "right"),
    ("1b_density_toy", "40%", "right"),
    ("1b_density_toy", 0.8, "pairs_formula"),
    ("1b_density_toy", "0,32", "self_ties"),
    ("1b_density_toy", 8, "ties_count"),
    # 1c: reciprocity of the paper network
    ("1c_reciprocity_toy", 0.5, "right"),
    ("1c_reciprocity_toy", "0,33", "per_pair"),
    ("1c_reciprocity_toy", 2, "mutual_pairs_count"),
    ("1c_reciprocity_toy", 4, "returned_count"),
    # 1d: P0135's in-degree in the sample, 2026
    ("1d_sample_in", F("p_in"), "right"),
    ("1d_sample_in", F("p_out"), "out_degree"),
    ("1d_sample_in", F("p_rows_in"), "nominations"),
    ("1d_sample_in", F("p_in + p_out"), "in_plus_out"),
    # 1e: density 2026 = pairs / (n (n - 1)); the rounded spellings are the designed 3.7%
    ("1e_sample_density", F("pairs / (n * (n - 1))"), "right"),
    ("1e_sample_density", "0,037", "right"),
    ("1e_sample_density", "3,7%", "right"),
    ("1e_sample_density", F("pairs / (n * (n - 1) / 2)"), "pairs_formula"),
    ("1e_sample_density", F("rows / (n * (n - 1))"), "nominations"),
    (
        "1e_sample_density",
        F("round(pairs / (respondents * (respondents - 1)), 4)"),
        "respondents_only",
    ),
    # 2a: the ict go-to person of 2026 is an ICT coordinator
    ("2a_ict_goto", "Nienke Kuipers", "right"),
    ("2a_ict_goto", "p0150", "right"),
    ("2a_ict_goto", "Rianne Kok", "all_topics"),
    ("2a_ict_goto", "P0100", "other_ict_coordinator"),
    ("2a_ict_goto", "P0065", "out_degree"),
    # 2b: the broker who left (design)
    ("2b_broker_left", "Gerda Willems", "right"),
    ("2b_broker_left", "gerda  willems", "right"),
    ("2b_broker_left", "Annemiek de Wit", "stayed"),
    ("2b_broker_left", "P0021", "other_leaver"),
    # 2c: Gerda's most frequent Gould-Fernandez role, groups by school
    ("2c_broker_role", "gatekeeper", "right"),
    ("2c_broker_role", "poortwachter", "right"),
    ("2c_broker_role", "representative", "representative"),
    ("2c_broker_role", "verbinder", "liaison"),
    # 2d: Gerda's colleagues at other schools, 2025
    ("2d_broker_cross", F("g_cross"), "right"),
    ("2d_broker_cross", F("g_askers"), "only_in"),
    ("2d_broker_cross", F("g_asked"), "only_out"),
    ("2d_broker_cross", F("g_rows"), "nominations"),
    ("2d_broker_cross", F("g_contacts"), "all_contacts"),
    # 3a: E-I by school 2026: (E - I) / (E + I) over pairs
    ("3a_ei_school", F("(school_e - school_i) / pairs"), "right"),
    ("3a_ei_school", "-0,81", "right"),
    ("3a_ei_school", F("(school_i - school_e) / pairs"), "sign_flipped"),
    ("3a_ei_school", F("school_e / pairs"), "share_external"),
    ("3a_ei_school", F("school_i / pairs"), "share_internal"),
    # 3b: clusters follow schools (design: ties cluster by team, then school; at the board's
    # scale modularity joins a school's teams)
    ("3b_clusters_follow", "school", "right"),
    ("3b_clusters_follow", "scholen", "right"),
    ("3b_clusters_follow", "team", "team"),
    ("3b_clusters_follow", "role", "role"),
    # 3c: share of pairs across teams 2026
    ("3c_cross_team", F("team_e / pairs"), "right"),
    ("3c_cross_team", "43%", "right"),
    ("3c_cross_team", F("1 - team_e / pairs"), "within_team"),
    ("3c_cross_team", F("team_e"), "count"),
    ("3c_cross_team", F("school_e / pairs"), "across_school"),
    # 4a: immediate value scores highest (design offsets)
    ("4a_top_cycle", "immediate", "right"),
    ("4a_top_cycle", "directe waarde", "right"),
    ("4a_top_cycle", "potential", "potential"),
    ("4a_top_cycle", "reframing", "reframing"),
    # 4b: realized 2026, share of answers 4 or 5
    ("4b_realized_agree", F("r_agree / r_answered"), "right"),
    ("4b_realized_agree", "21%", "right"),
    ("4b_realized_agree", F("r_full / r_answered"), "only_fully_agree"),
    ("4b_realized_agree", F("r_agree / n"), "of_all_staff"),
    ("4b_realized_agree", F("round(r_mean, 3)"), "mean_score"),
    # 4c: the ICT network's members score higher on applied and realized (design)
    ("4c_ict_cycles", ["applied", "realized"], "right"),
    ("4c_ict_cycles", "toegepaste waarde, gerealiseerde waarde", "right"),
    ("4c_ict_cycles", ["realized"], "missing"),
    ("4c_ict_cycles", ["immediate", "potential"], "extra"),
    ("4c_ict_cycles", ["applied", "realized", "reframing"], "extra"),
    # 5a, 5b: P0135's ego network 2026
    ("5a_goes_to", F("p_out"), "right"),
    ("5a_goes_to", F("p_in"), "in_degree"),
    ("5a_goes_to", F("p_rows_out"), "nominations"),
    ("5b_both_ways", F("p_mutual"), "right"),
    ("5b_both_ways", F("p_out"), "out_degree"),
    ("5b_both_ways", F("p_in"), "in_degree"),
    ("5b_both_ways", F("p_in + p_out - p_mutual"), "contacts"),
]


@pytest.fixture(scope="module")
def sample_counts():
    """The sample's counts that the course's answers rest on, by plain pandas (module docstring).

    2026 unless named: ``n`` people on the staff list, ``respondents``, ``rows`` nomination rows
    naming a colleague, ``pairs`` distinct (source, target); ``school_e``/``school_i`` pairs
    across/within a school, ``team_e`` across a team; P0135's ``p_in``, ``p_out`` (pairs),
    ``p_rows_in``, ``p_rows_out`` (rows), ``p_mutual``; Gerda Willems (P0027) in 2025:
    ``g_askers`` (name her, other school), ``g_asked`` (named by her, other school),
    ``g_cross`` (either), ``g_rows`` (rows behind those two), ``g_contacts`` (anyone);
    realized value 2026: ``r_answered``, ``r_agree`` (4 or 5), ``r_full`` (5), ``r_mean``.
    """
    s = leerlib.load_sample()
    people = s.people.set_index("person_id")
    colleagues = set(people.index[people["internal"].astype(bool)])
    rows_by_wave = {w: t for w, t in s.ties[s.ties["target"].isin(colleagues)].groupby("wave")}
    rows = rows_by_wave["2026"]
    pairs = rows.drop_duplicates(["source", "target"])
    ends = pairs.merge(people[["school", "team"]], left_on="source", right_index=True).merge(
        people[["school", "team"]], left_on="target", right_index=True, suffixes=("_s", "_t")
    )
    staff = s.responses[s.responses["wave"] == "2026"]
    p = "P0135"
    back = pairs.merge(pairs, left_on=["source", "target"], right_on=["target", "source"])
    c = {
        "n": len(staff),
        "respondents": int(staff["responded"].sum()),
        "rows": len(rows),
        "pairs": len(pairs),
        "school_e": int((ends["school_s"] != ends["school_t"]).sum()),
        "school_i": int((ends["school_s"] == ends["school_t"]).sum()),
        "team_e": int((ends["team_s"] != ends["team_t"]).sum()),
        "p_in": int((pairs["target"] == p).sum()),
        "p_out": int((pairs["source"] == p).sum()),
        "p_rows_in": int((rows["target"] == p).sum()),
        "p_rows_out": int((rows["source"] == p).sum()),
        "p_mutual": int((back["source_x"] == p).sum()),
    }
    g, r25 = "P0027", rows_by_wave["2025"]
    to_her = r25.loc[r25["target"] == g, "source"]
    from_her = r25.loc[r25["source"] == g, "target"]
    away = people["school"] != people.at[g, "school"]
    askers, asked = to_her[to_her.map(away)], from_her[from_her.map(away)]
    c.update(
        g_askers=askers.nunique(),
        g_asked=asked.nunique(),
        g_cross=len(set(askers) | set(asked)),
        g_rows=len(askers) + len(asked),
        g_contacts=len(set(to_her) | set(from_her)),
    )
    v = s.value
    realized = v.loc[(v["wave"] == "2026") & (v["cycle"] == "realized"), "score"].dropna()
    c.update(
        r_answered=len(realized),
        r_agree=int(realized.isin([4, 5]).sum()),
        r_full=int((realized == 5).sum()),
        r_mean=float(realized.mean()),
    )
    return c


def _answer(answer, counts):
    return (
        eval(answer, {"__builtins__": {}, "round": round}, dict(counts))
        if isinstance(answer, F)
        else answer
    )


def _case_id(case):
    exercise_id, answer, code = case
    return f"{exercise_id}-{answer if isinstance(answer, F | str | int | float) else 'list'}-{code}"


@pytest.mark.parametrize(("exercise_id", "answer", "code"), CASES, ids=[_case_id(c) for c in CASES])
def test_feedback_code(exercise_id, answer, code, sample_counts):
    fb = check(exercise_id, _answer(answer, sample_counts))
    assert fb.code == code, (fb.code, str(fb))
    assert fb.correct is (code == "right")
    assert fb.nl and fb.en and fb.nl != fb.en
    assert "{" not in fb.nl + fb.en  # every placeholder filled


def test_sample_counts_rest_on_the_designed_story(sample_counts):
    """Figures the course's texts and rounded spellings above rely on. 2026 is a roster matrix
    that reads exactly: its pairs and rows are those of the generator's truth_ties.csv (817 and
    1019, data/sample/README.md). Gerda Willems had contacts at other schools in both
    directions, so each typical slip (one direction, rows, all contacts) gives its own number."""
    c = sample_counts
    assert (c["pairs"], c["rows"], c["n"]) == (817, 1019, 149)
    assert round(c["pairs"] / (c["n"] * (c["n"] - 1)), 3) == 0.037
    assert c["respondents"] < c["n"]
    assert c["g_askers"] > 0 and c["g_asked"] > 0
    slips = [c["g_cross"], c["g_askers"], c["g_asked"], c["g_rows"], c["g_contacts"]]
    assert len(set(slips)) == len(slips), slips
    assert c["p_mutual"] < c["p_out"] < c["p_in"]


def test_every_exercise_has_a_right_and_two_typical_wrong_answers():
    right = Counter(e for e, _, c in CASES if c == "right")
    wrong = Counter(e for e, _, c in CASES if c != "right")
    for exercise_id in EXERCISES:
        assert right[exercise_id] >= 1, exercise_id
        assert wrong[exercise_id] >= 2, exercise_id


def test_every_recognised_mistake_is_distinct_from_the_right_answer():
    for exercise_id in EXERCISES:
        key, _ = answer_key(exercise_id)
        for code, value in key.items():
            if code != "right":
                assert value != key["right"], (exercise_id, code)


@pytest.mark.parametrize(
    ("exercise_id", "answer", "words"),
    [
        ("1a_anna_in", 2, "je telde de relaties die anna stuurde, niet die ze ontving"),
        ("1b_density_toy", 0.8, "n(n-1)/2"),
        ("1c_reciprocity_toy", 1 / 3, "per paar"),
        ("1d_sample_in", 47, "nominaties per thema"),
        ("2b_broker_left", "P0135", "nog op de lijst"),
        ("2c_broker_role", "representative", "richting om"),
        ("3a_ei_school", 0.809, "teken is omgedraaid"),
        ("4c_ict_cycles", ["realized"], "toegepaste waarde"),
    ],
)
def test_feedback_says_why(exercise_id, answer, words):
    assert words in check(exercise_id, answer).nl.lower()


def test_english_feedback():
    fb = check("1a_anna_in", 2, lang="en")
    assert str(fb) == fb.en
    assert "you counted the ties anna sent, not the ones she received" in fb.en.lower()
    assert str(check("1a_anna_in", 2)) == fb.nl


@pytest.mark.parametrize(
    ("exercise_id", "answer", "code"),
    [
        ("1a_anna_in", None, "no_answer"),
        ("1a_anna_in", "  ", "no_answer"),
        ("4c_ict_cycles", [], "no_answer"),
        ("1a_anna_in", "drie", "unreadable_number"),
        ("1a_anna_in", 7, "wrong"),
        ("1a_anna_in", 2.5, "not_whole"),
        ("1b_density_toy", 0.42, "close"),
        ("1b_density_toy", 0.9, "wrong"),
        ("1e_sample_density", 0, "wrong"),  # rounding to nothing is not the answer
        ("2a_ict_goto", "Nienke", "unknown_person"),
        ("2a_ict_goto", "Inès de Wit", "wrong"),
        ("2c_broker_role", "makelaar", "unknown_choice"),
        ("4c_ict_cycles", ["applied", "nonsense"], "unknown_choice"),
    ],
)
def test_general_feedback(exercise_id, answer, code):
    fb = check(exercise_id, answer)
    assert (fb.code, fb.correct) == (code, False)
    assert "{" not in fb.nl + fb.en


def test_numbers_in_many_spellings():
    right = answer_key("1e_sample_density")[0]["right"]
    for answer in (np.float64(right), f"{right:.4f}".replace(".", ","), " 3,70 % ", right * 100):
        assert check("1e_sample_density", answer).correct, answer
    assert check("1d_sample_in", np.int64(32)).correct


def test_diacritics_and_case_in_names():
    assert check("2b_broker_left", "GERDA WILLEMS").correct
    assert check("2a_ict_goto", "nienke kuipers").correct


def test_unknown_exercise_and_language():
    with pytest.raises(LeerlibError, match="1a_anna_in"):
        check("nope", 1)
    with pytest.raises(LeerlibError, match="lang"):
        check("1a_anna_in", 3, lang="de")


def test_html_feedback_is_escaped():
    fb = check("2a_ict_goto", "<b>x</b>")
    assert "<b>x</b>" not in fb._repr_html_()


# --- the answer keys against leerlib's own measures: a learner using leerlib gets "right" ------


@pytest.fixture(scope="module")
def survey():
    return leerlib.load_sample()


def test_keys_agree_with_leerlib(survey):
    from leerlib.metrics import brokerage, ei_index

    G26 = leerlib.build_graph(survey, wave="2026", internal_only=True)
    G25 = leerlib.build_graph(survey, wave="2025", internal_only=True)
    assert check("1d_sample_in", G26.in_degree("P0135")).correct
    assert check("5a_goes_to", G26.out_degree("P0135")).correct
    assert check("1e_sample_density", leerlib.network_metrics(G26)["density"]).correct
    ict = leerlib.build_graph(survey, wave="2026", topic="ict", internal_only=True)
    assert check("2a_ict_goto", max(ict.in_degree(), key=lambda kv: kv[1])[0]).correct
    roles = brokerage(G25, "school").loc["P0027", list(leerlib.teaching.GF_ROLES)]
    assert check("2c_broker_role", roles.astype(float).idxmax()).correct
    assert check("3a_ei_school", leerlib.network_metrics(G26, group="school")["ei_index"]).correct
    nm = leerlib.node_metrics(G25)
    left = set(G25) - set(G26)
    assert check("2b_broker_left", nm.loc[sorted(left), "betweenness"].idxmax()).correct
    assert set(ei_index(G26, "school")) == set(G26)  # the per-person route of session 3 runs


def test_toy_network_agrees_with_networkx():
    """The paper network's hand counts (module docstring) against networkx."""
    G = nx.DiGraph(leerlib.teaching.TOY_TIES)
    assert (G.in_degree("Anna"), G.out_degree("Anna")) == (3, 2)
    assert nx.density(G) == pytest.approx(0.4)
    assert nx.overall_reciprocity(G) == pytest.approx(0.5)


# --- widgets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_exercise_widget_checks_its_answer(exercise_id):
    box = leerlib.teaching.exercise(exercise_id)
    key, _ = answer_key(exercise_id)
    field = box.answer_widget
    ex = EXERCISES[exercise_id]
    if ex.kind == "choices":
        for k, b in zip(field.choice_keys, field.children, strict=True):
            b.value = k in key["right"]
    elif ex.kind == "choice":
        field.value = key["right"]
    else:
        field.value = str(key["right"])
    assert box.check().correct
    assert "✓" in box.feedback_widget.value
    for widget in (box, box.answer_widget):  # the state a browser receives can be built
        widget.get_state()


def test_typed_answers_reach_the_kernel_whole():
    """The answer field syncs when it loses focus, not per key: per key, a busy server's echo
    of the first keystroke overwrote the field while the learner typed (the served course's
    browser test saw 'R' checked for 'Rianne Kok')."""
    for exercise_id in ("1a_anna_in", "2a_ict_goto"):
        assert leerlib.teaching.exercise(exercise_id).answer_widget.continuous_update is False


def test_exercise_widget_in_english_shows_english():
    box = leerlib.teaching.exercise("1a_anna_in", lang="en")
    box.answer_widget.value = "2"
    assert "You counted the ties Anna sent" in (box.check(), box.feedback_widget.value)[1]


def test_network_editor_measures():
    """Three colleagues, A->B, B->A, C->A: density 3/6 = 0.5, 2 of 3 ties returned."""
    ed = leerlib.teaching.network_editor(["A", "B", "C"], [("A", "B"), ("B", "A"), ("C", "A")])
    table, summary = leerlib.teaching.hand_measures(ed.graph, lang="en")
    assert table.iloc[:, 0].to_dict() == {"A": 2, "B": 1, "C": 0}
    assert summary == "3 ties among 3 people; density 0.50; reciprocity 0.67."
    ed.boxes[("C", "B")].value = True
    assert ed.graph.number_of_edges() == 4
    ed.set_names(["A", "B"])  # too few: no table, a message
    assert ed.graph.number_of_nodes() == 0


def test_network_editor_boxes_have_an_accessible_name():
    """The tick boxes have no visible label; each is named for screen readers (WCAG 4.1.2, axe
    rule "label") by its tooltip, which ipywidgets sets as the checkbox's title."""
    ed = leerlib.teaching.network_editor(["A", "B", "C"])
    assert ed.boxes[("A", "C")].tooltip == "A gaat te rade bij C"
    assert all(box.tooltip for box in ed.boxes.values())
    en = leerlib.teaching.network_editor(["A", "B", "C"], lang="en")
    assert en.boxes[("C", "B")].tooltip == "C turns to B"


def test_action_plan_download_holds_the_text():
    import base64

    plan = leerlib.teaching.action_plan()
    plan.fields[0].value = "Bij Nienke, over ICT"
    data = plan.link.value.split("base64,")[1].split('"')[0]
    assert "Bij Nienke, over ICT" in base64.b64decode(data).decode("utf-8")
    assert 'download="mijn_actieplan.txt"' in plan.link.value


def test_worked_answer_is_folded():
    acc = leerlib.teaching.worked("42")
    assert acc.selected_index is None


# --- the course notebooks ----------------------------------------------------------------------

COURSE = sorted(
    (Path(__file__).resolve().parents[1] / "notebooks" / "teaching").glob("sessie_*.ipynb")
)


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_five_sessions():
    assert [p.name.split("_")[1] for p in COURSE] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_session_notebook_is_thin_and_stripped(path):
    cells = _cells(path)
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert any("parameters" in c["metadata"].get("tags", []) for c in cells)
    for src in code:
        assert not re.search(r"^\s*(def|class)\s", src, flags=re.MULTILINE), src
    for c in cells:
        if c["cell_type"] == "code":
            assert c["outputs"] == [] and c["execution_count"] is None


def test_every_exercise_is_in_a_session_with_a_folded_worked_answer():
    """Each exercise widget cell is followed (before the next exercise) by a code cell whose
    source is hidden and that checks the same exercise: the worked answer."""
    seen = {}
    for path in COURSE:
        cells = _cells(path)
        for i, c in enumerate(cells):
            m = re.search(r'teaching\.exercise\("([^"]+)"', "".join(c["source"]))
            if not m:
                continue
            worked = [
                d
                for d in cells[i + 1 : i + 3]
                if d["cell_type"] == "code"
                and d["metadata"].get("jupyter", {}).get("source_hidden")
                and f'teaching.check("{m.group(1)}"' in "".join(d["source"])
            ]
            assert worked, (path.name, m.group(1))
            seen[m.group(1)] = int(path.name.split("_")[1])
    assert seen == {k: ex.session for k, ex in EXERCISES.items()}
