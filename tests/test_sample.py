"""Tests of leerlib.sample: the bundled school board and the synthetic generators."""

from __future__ import annotations

import csv
import io
import tomllib
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.errors import LeerlibError, ReadError
from leerlib.sample import WAVES, _names, sample_paths
from leerlib.sample._design import TOPIC_KEYS
from leerlib.sample.synthetic import synthetic_graph, synthetic_organisation
from leerlib.schema import validate_people, validate_ties

SLOT_NAME_COLUMNS = [f"{t}_{k}" for t in TOPIC_KEYS for k in range(1, 6)]


# ----------------------------------------------------------------------------- helpers
def _csv_rows(path, encoding="cp1252", delimiter=";") -> list[list[str]]:
    text = path.read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.fixture(scope="module")
def paths():
    return sample_paths()


@pytest.fixture(scope="module")
def truth(paths):
    return pd.read_csv(paths["truth_ties"], dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def truth_names(paths):
    return pd.read_csv(paths["truth_names"], dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def survey_rows(paths):
    return _csv_rows(paths["survey_2025"])


@pytest.fixture(scope="module")
def both():
    return leerlib.load_sample()


def _cross_school(ties: pd.DataFrame, school: dict, topic: str) -> int:
    t = ties[ties["topic"] == topic]
    return int((t["source"].map(school) != t["target"].map(school)).sum())


# ----------------------------------------------------------------------------- the files
def test_generator_rewrites_the_committed_sample_byte_for_byte(tmp_path, paths, capsys):
    """``python -m leerlib.sample DIR`` (its main function) writes exactly the committed files."""
    from leerlib.sample.__main__ import main

    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "wrote 10 files" in out and "wrote 14 example files" in out
    committed = sorted(p.name for p in paths["dir"].iterdir() if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (paths["dir"] / name).read_bytes(), name
    # and the example exports of notebook 06, in their own folder
    examples = sorted(p.name for p in (paths["dir"] / "examples").iterdir())
    assert sorted(p.name for p in (tmp_path / "examples").iterdir()) == examples
    assert sorted(p.name for p in tmp_path.iterdir() if not p.is_file()) == ["examples"]
    for name in examples:
        written = (tmp_path / "examples" / name).read_bytes()
        assert written == (paths["dir"] / "examples" / name).read_bytes(), name


def test_sample_paths_has_the_documented_keys(paths):
    expected = {
        "roster_2025",
        "roster_2026",
        "survey_2025",
        "survey_2026",
        "codebook_2025",
        "codebook_2026",
        "aliases",
        "dir",
    }
    assert expected <= set(paths)
    assert all(paths[k].is_file() for k in expected - {"dir"})
    assert paths["dir"].is_dir()


def test_sample_paths_names_the_folder_when_files_are_missing(tmp_path, monkeypatch):
    monkeypatch.setattr("leerlib.sample.default_sample_dir", lambda: tmp_path)
    with pytest.raises(ReadError, match="missing roster_2025.csv") as err:
        sample_paths()
    assert err.value.file == str(tmp_path)


def test_survey_2025_is_a_dutch_excel_csv(paths, survey_rows):
    raw = paths["survey_2025"].read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n"), "every line ends in CRLF"
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # Windows-1252 bytes such as 0xEB for ë
    header = survey_rows[0]
    assert header[:4] == ["Tijdstempel", "E-mailadres", "Voltooid", "Uren per week"]
    assert "Ik heb ideeën opgedaan die ik kan gebruiken" in header
    hours = [r[3] for r in survey_rows[1:] if len(r) > 3]
    assert any("," in h for h in hours), "a decimal comma somewhere"
    for topic in TOPIC_KEYS:
        assert [f"{topic}_{k}" for k in range(1, 6)] == [
            c for c in header if c.startswith(f"{topic}_") and c[-1].isdigit()
        ]


def test_truth_names_point_at_every_name_cell(survey_rows, truth_names):
    """Each truth row's (row, column) holds its raw_name, and no name cell is left out."""
    header = survey_rows[0]
    col = {c: i for i, c in enumerate(header)}
    cells = {
        (r_i, c)
        for r_i, row in enumerate(survey_rows, start=1)
        if r_i > 1
        for c in SLOT_NAME_COLUMNS
        if len(row) > col[c] and row[col[c]].strip()
    }
    assert len(truth_names) == len(cells)
    for r in truth_names.itertuples():
        assert survey_rows[int(r.row) - 1][col[r.column]] == r.raw_name


def test_sample_has_the_warts_real_exports_have(survey_rows, truth_names, paths):
    final = truth_names[truth_names["superseded"] == "False"]
    assert set(final.loc[final["kind"] == "name", "wart"]) >= set(_names.WART_KINDS) | {"repeat"}
    kinds = final["kind"].value_counts()
    assert kinds["self"] >= 3 and kinds["external"] >= 5 and kinds["nobody"] >= 5
    assert {"iemand van de pabo", "collega van andere school"} <= set(final["raw_name"])
    assert "niemand" in set(final["raw_name"])
    emails = [r[1] for r in survey_rows[1:] if len(r) > 1 and r[1]]
    assert len(emails) - len(set(emails)) == 1, "exactly one duplicate submission"
    blank = [i for i, r in enumerate(survey_rows, start=1) if not any(c.strip() for c in r)]
    assert len(blank) == 2
    aliases = pd.read_csv(paths["aliases"], dtype=str)
    assert list(aliases.columns) == ["alias", "person_id"] and len(aliases) >= 3


def test_rosters_people_leave_and_join(paths):
    r25 = pd.read_csv(paths["roster_2025"], dtype={"person_id": str})
    assert paths["roster_2025"].read_bytes()[:3] == b"\xef\xbb\xbf"
    import openpyxl

    ws = openpyxl.load_workbook(paths["roster_2026"], read_only=True).active
    first, second = list(ws.iter_rows(min_row=1, max_row=2, values_only=True))
    assert first[0].startswith("Personeelslijst") and first[1] is None  # a title row
    r26 = pd.read_excel(paths["roster_2026"], skiprows=1, dtype={"person_id": str})
    cols = ["person_id", "name", "email", "school", "team", "role", "tenure_years"]
    assert list(r25.columns) == cols == list(second)
    assert 140 <= len(r25) <= 160 and 140 <= len(r26) <= 160
    assert r25["school"].nunique() == 3 and r25["person_id"].is_unique
    left = set(r25["person_id"]) - set(r26["person_id"])
    joined = set(r26["person_id"]) - set(r25["person_id"])
    assert len(left) >= 5 and len(joined) >= 5
    roles = set(r25["role"])
    assert {
        "leraar",
        "teamleider",
        "stagiair",
        "onderwijsassistent",
        "ICT-coördinator",
        "intern begeleider",
        "directeur",
        "conciërge",
    } <= roles
    names = " ".join(r25["name"])
    assert " van den " in names and any(ch in names for ch in "ëéïö")


def test_xlsx_files_carry_fixed_timestamps(paths):
    for key in ("roster_2026", "survey_2026"):
        with zipfile.ZipFile(paths[key]) as z:
            core = z.read("docProps/core.xml").decode()
            assert "2026-03-01T12:00:00Z" in core
            assert {i.date_time for i in z.infolist()} == {(2026, 3, 1, 12, 0, 0)}


def test_codebooks_parse_and_read(paths):
    for wave in WAVES:
        raw = tomllib.loads(paths[f"codebook_{wave}"].read_text(encoding="utf-8"))
        assert raw["survey"]["wave"] == wave
        assert [t["key"] for t in raw["topics"]] == list(TOPIC_KEYS)
        cb = leerlib.read_codebook(paths[f"codebook_{wave}"])
        assert cb.survey.wave == wave
        assert [t.key for t in cb.topics] == list(TOPIC_KEYS)


# ----------------------------------------------------------------------------- loaded
def test_load_sample_conserves_every_name_cell(survey_rows):
    s = leerlib.load_sample("2025")
    header = survey_rows[0]
    n_cells = sum(
        1
        for row in survey_rows[1:]
        for c in SLOT_NAME_COLUMNS
        if len(row) > header.index(c) and row[header.index(c)].strip()
    )
    logged = s.log[s.log["column"].isin(SLOT_NAME_COLUMNS)]
    assert len(s.ties) + len(logged) == n_cells


def test_load_sample_matches_the_true_ties(truth):
    """2026 lists every colleague by roster name, so its ties equal the truth exactly; 2025's
    typed names must never point at a wrong person (precision first), and most must be found."""
    for wave in WAVES:
        s = leerlib.load_sample(wave)
        internal = s.ties[s.ties["match"] != "external"]
        got = set(zip(internal["source"], internal["target"], internal["topic"], strict=True))
        t = truth[truth["wave"] == wave]
        want = set(zip(t["source"], t["target"], t["topic"], strict=True))
        if wave == "2026":
            assert got == want
        else:
            assert len(got - want) == 0, sorted(got - want)[:5]
            assert len(got & want) / len(want) >= 0.9


def test_load_sample_response_rate_is_about_80_percent(survey_rows, paths):
    s = leerlib.load_sample("2025")
    emails = {r[1] for r in survey_rows[1:] if len(r) > 1 and r[1]}
    roster = pd.read_csv(paths["roster_2025"])
    assert int(s.responses["responded"].sum()) == len(emails)
    assert s.response_rate("2025") == pytest.approx(len(emails) / len(roster))
    assert 0.75 <= s.response_rate("2025") <= 0.9
    assert 0.75 <= leerlib.load_sample("2026").response_rate("2026") <= 0.9


def test_designed_change_is_visible_in_the_loaded_ties(both, truth, paths):
    """The generator's design (data/sample/README.md): true cross-school ict ties go from 2 to
    18; the broker who left had 24 cross-school ties; newcomers are named by 0.53 colleagues on
    average against 6.04. The cleaned data must show the same story within matching losses."""
    people = both.people.set_index("person_id")
    school = people["school"].to_dict()
    ties = both.ties[
        both.people.set_index("person_id").loc[both.ties["target"], "internal"].to_numpy()
    ]
    by_wave = {w: ties[ties["wave"] == w] for w in WAVES}
    ict25 = _cross_school(by_wave["2025"], school, "ict")
    ict26 = _cross_school(by_wave["2026"], school, "ict")
    assert ict26 >= 3 * max(ict25, 1)
    assert ict26 == _cross_school(truth[truth["wave"] == "2026"], school, "ict")
    # the broker: cross-school ties in 2025, gone from the 2026 list
    r25 = pd.read_csv(paths["roster_2025"], dtype=str)
    r26 = pd.read_excel(paths["roster_2026"], skiprows=1, dtype=str)
    t25 = by_wave["2025"]
    cross = t25[t25["source"].map(school) != t25["target"].map(school)]
    per_person = pd.concat([cross["source"], cross["target"]]).value_counts()
    leavers = set(r25["person_id"]) - set(r26["person_id"])
    # README: the broker who left had 24 cross-school ties (true count), more than anyone else
    assert max(per_person.get(p, 0) for p in leavers) >= 15
    # newcomers on the edge: named far less often than those who stayed
    t26 = by_wave["2026"]
    indeg = t26.groupby("target")["source"].nunique()
    new = sorted(set(r26["person_id"]) - set(r25["person_id"]))
    stay = sorted(set(r26["person_id"]) & set(r25["person_id"]))
    assert indeg.reindex(new).fillna(0).mean() < indeg.reindex(stay).fillna(0).mean() / 3


def test_sample_has_isolates_and_value_items(both):
    """Three isolates are designed (README); non-responding newcomers nobody names add a few."""
    for wave in WAVES:
        t = both.ties[both.ties["wave"] == wave]
        internal = both.people[both.people["internal"]]
        on_roster = both.responses.loc[both.responses["wave"] == wave, "person_id"]
        touched = set(t["source"]) | set(t["target"])
        isolates = set(on_roster) & set(internal["person_id"]) - touched
        assert 2 <= len(isolates) <= 10
    assert set(both.value["cycle"]) == {
        "immediate",
        "potential",
        "applied",
        "realized",
        "reframing",
    }
    assert both.value["score"].between(1, 5).all()


def test_load_sample_returns_a_fresh_copy():
    a = leerlib.load_sample("2026")
    first = a.ties["source"].iloc[0]
    a.ties.loc[a.ties.index[0], "source"] = "changed"
    b = leerlib.load_sample("2026")
    assert a is not b and b.ties["source"].iloc[0] == first


def test_load_sample_rejects_an_unknown_wave():
    with pytest.raises(LeerlibError, match="2024"):
        leerlib.load_sample("2024")


# ----------------------------------------------------------------------------- synthetic
def test_synthetic_organisation_shape_and_determinism(tmp_path):
    a = synthetic_organisation(300, topics=3, slots=4, seed=7, out_dir=tmp_path / "a")
    b = synthetic_organisation(300, topics=3, slots=4, seed=7, out_dir=tmp_path / "b")
    c = synthetic_organisation(300, topics=3, slots=4, seed=8, out_dir=tmp_path / "c")
    for key in a:
        assert a[key].read_bytes() == b[key].read_bytes()
    assert a["survey"].read_bytes() != c["survey"].read_bytes()
    roster = pd.read_csv(a["roster"], dtype=str)
    assert len(roster) == 300 and roster["person_id"].is_unique and roster["email"].is_unique
    rows = _csv_rows(a["survey"])
    assert len(rows[0]) == 4 + 3 * 4 * 3 + 5
    assert a["survey"].read_bytes().count(b"\r\n") == len(rows)
    flat = [c for r in rows[1:] for c in r]
    assert any(c in _names.NOBODY_ANSWERS for c in flat)
    assert any(c in _names.EXTERNALS for c in flat)
    assert sum(1 for r in rows[1:] if not any(r)) >= 1
    assert sum(1 for r in rows[1:] if len(r) > 2 and r[2] == "Nee") >= 1


def test_synthetic_organisation_loads_and_conserves_names(tmp_path):
    p = synthetic_organisation(200, seed=3, out_dir=tmp_path)
    s = leerlib.load_survey(p["survey"], p["roster"], p["codebook"])
    rows = _csv_rows(p["survey"])
    header = rows[0]
    name_cols = [i for i, c in enumerate(header) if c.rsplit("_", 1)[-1].isdigit()]
    n_cells = sum(1 for r in rows[1:] for i in name_cols if len(r) > i and r[i].strip())
    logged = s.log[s.log["column"].isin([header[i] for i in name_cols])]
    assert len(s.ties) + len(logged) == n_cells
    assert s.response_rate() == pytest.approx(0.8, abs=0.07)


@pytest.mark.parametrize("n", [49, 50_001, 100.5])
def test_synthetic_sizes_out_of_range_raise(tmp_path, n):
    with pytest.raises(LeerlibError, match="n_people"):
        synthetic_organisation(n, out_dir=tmp_path)
    with pytest.raises(LeerlibError, match="n_people"):
        synthetic_graph(n)


def test_synthetic_graph_structure():
    """60% of draws go to the own team and 30% to the own department (1 in ~8 of which is the
    own team again), so about 60% + 30%/8 + a little of the 10% land in the own team."""
    people, ties = synthetic_graph(2000, avg_ties=10, seed=1)
    team = people.set_index("person_id")["team"]
    dept = people.set_index("person_id")["department"]
    same_team = (ties["source"].map(team) == ties["target"].map(team)).mean()
    same_dept = (ties["source"].map(dept) == ties["target"].map(dept)).mean()
    assert 0.55 <= same_team <= 0.75
    assert 0.85 <= same_dept <= 0.97
    assert len(ties) / len(people) == pytest.approx(10, rel=0.15)
    assert set(ties["topic"]) == set(TOPIC_KEYS)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(50, 400), avg=st.floats(0.5, 15), seed=st.integers(0, 2**32 - 1))
def test_synthetic_graph_always_meets_the_contract(n, avg, seed):
    people, ties = synthetic_graph(n, avg_ties=avg, seed=seed)
    validate_people(people)
    validate_ties(ties, people)
    assert len(people) == n and people["internal"].all()
    assert (ties["weight"].between(1, 4)).all()


def test_every_generated_name_form_is_cp1252():
    rng = np.random.default_rng(0)
    for first in _names.FIRST_NAMES + tuple(_names.NICKNAMES):
        for infix, last in _names.SURNAMES[::7]:
            for kind in _names.WART_KINDS:
                assert _names.cp1252_safe(_names.typed_name(first, infix, last, kind, rng))
    assert all(_names.cp1252_safe(infix + last) for infix, last in _names.surname_pool())


def test_readme_figures_match_the_files(paths, truth):
    """The README's headline numbers, recomputed here from the rosters, exports and truth."""
    import re

    text = paths["readme"].read_text(encoding="utf-8")
    r25 = pd.read_csv(paths["roster_2025"], dtype=str)
    r26 = pd.read_excel(paths["roster_2026"], skiprows=1, dtype=str)
    school = dict(
        zip(pd.concat([r25, r26])["person_id"], pd.concat([r25, r26])["school"], strict=True)
    )
    ict = {w: _cross_school(truth[truth["wave"] == w], school, "ict") for w in WAVES}
    assert f"Cross-school ict ties: {ict['2025']} in 2025, {ict['2026']} in 2026." in text
    n25 = len({r[1] for r in _csv_rows(paths["survey_2025"])[1:] if len(r) > 1 and r[1]})
    n26 = int(pd.read_excel(paths["survey_2026"], sheet_name="Form1")["E-mail"].notna().sum())
    assert f"{n25} of {len(r25)} staff responded" in text
    assert f"{n26} of {len(r26)} staff responded" in text
    left = re.search(r"(\d+) people left", text)
    assert int(left.group(1)) == len(set(r25["person_id"]) - set(r26["person_id"]))


name_parts = st.tuples(
    st.sampled_from(_names.FIRST_NAMES), st.sampled_from(_names.SURNAMES), st.integers(0, 9)
)


@settings(max_examples=60, deadline=None)
@given(parts=name_parts)
def test_name_warts_keep_what_a_matcher_needs(parts):
    """Lower case and extra spaces change only case and spacing; surname-first and a dropped
    tussenvoegsel keep every word of the surname; a typo changes the surname only."""
    first, (infix, last), seed = parts
    rng = np.random.default_rng(seed)
    full = _names.full_name(first, infix, last)
    assert _names.typed_name(first, infix, last, "lowercase", rng) == full.lower()
    assert " ".join(_names.typed_name(first, infix, last, "spacing", rng).split()) == full
    flipped = _names.typed_name(first, infix, last, "surname_first", rng)
    back, front = flipped.split(", ", 1)
    assert _names.full_name(front.split(" ", 1)[0], infix, back) == full
    assert _names.typed_name(first, infix, last, "no_infix", rng) == _names.full_name(
        first, "", last
    )
    typo = _names.typed_name(first, infix, last, "typo", rng)
    assert typo.startswith(_names.full_name(first, infix, "").strip()) and typo != full
