"""leerlib.privacy: keyed pseudonyms, keys, removal of personal columns, small-group suppression."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import stat

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leerlib
from leerlib.errors import LeerlibError, PrivacyError, SchemaError
from leerlib.privacy import (
    REDACTED,
    generate_key,
    group_sizes,
    hidden_groups,
    id_like_columns,
    is_pseudonymized,
    k_anonymize,
    k_anonymize_graph,
    key_check,
    load_key,
    mask_small_groups,
    personal_columns,
    pseudonym,
    pseudonym_map,
    pseudonymize,
    session_key,
    small_groups,
    suppress_matrix,
    suppress_small_groups,
    unique_people,
)
from leerlib.schema import Survey
from tests.conftest import KEY

OTHER_KEY = "another key, also 16 bytes long"
TABLES = ("people", "ties", "responses", "value", "log")


@pytest.fixture(scope="module")
def sample_2025() -> Survey:
    return leerlib.load_sample("2025")


@pytest.fixture(scope="module")
def sample_2026() -> Survey:
    return leerlib.load_sample("2026")


def _identifying_texts(survey: Survey) -> set[str]:
    """Names, e-mail addresses, typed names, raw log values and roster ids of a survey."""
    texts = set(survey.people["name"]) | set(survey.people["person_id"])
    if "email" in survey.people.columns:
        texts |= set(survey.people["email"])
    texts |= set(survey.ties["raw_name"]) | set(survey.log["raw_value"])
    return {t for t in texts if isinstance(t, str) and len(t.strip()) > 3}


def _leaks(survey: Survey, texts: set[str]) -> list[tuple[str, str, str]]:
    pattern = re.compile(
        r"(?<![^\W_])(?:"
        + "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
        + r")(?![^\W_])",
        re.IGNORECASE,
    )
    hits = []
    for name in TABLES:
        df = getattr(survey, name)
        for col in df.columns:
            for v in df[col].map(str):
                if pattern.search(v):
                    hits.append((name, col, v))
    return hits


# --- pseudonyms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "data", "expected"),
    [
        # RFC 4231, test case 2 (key "Jefe" is too short for leerlib, so it is checked below
        # through hmac directly) and test case 6 (131-byte key): published HMAC-SHA256 values.
        (
            b"\xaa" * 131,
            "Test Using Larger Than Block-Size Key - Hash Key First",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        # Computed with the OpenSSL command line:
        # printf T001 | openssl dgst -sha256 -hmac "a key of at least 16 bytes"
        (KEY, "T001", "fa2dfc3a0ea42411d7444930724372661bd85e9c12dbd352c44460ff56b94fcf"),
        (KEY, "T002", "937691340d9f17951023e813f93491362a50016ea06cca2901ae711cb2b789f4"),
        (OTHER_KEY, "T001", "5c90d3c0a61bb91b59e7c00df1f6ca0cc642c378055eb21631d45ec375d5c499"),
    ],
)
def test_pseudonym_is_a_cut_hmac_sha256(key, data, expected):
    assert pseudonym(data, key, length=64) == "p-" + expected
    assert pseudonym(data, key) == "p-" + expected[:8]
    assert pseudonym(data, key, length=12, prefix="") == expected[:12]


def test_rfc4231_case_2_through_the_same_digest():
    """RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?")."""
    digest = hmac.new(b"Jefe", b"what do ya want for nothing?", hashlib.sha256).hexdigest()
    assert digest == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    with pytest.raises(PrivacyError, match="at least 16"):
        pseudonym("x", "Jefe")


def test_pseudonym_rejects_bad_length():
    with pytest.raises(PrivacyError, match="length"):
        pseudonym("T001", KEY, length=0)
    with pytest.raises(PrivacyError, match="length"):
        pseudonym("T001", KEY, length=65)


@settings(max_examples=60, deadline=None)
@given(
    ids=st.sets(st.text(min_size=1, max_size=12), min_size=1, max_size=120),
    length=st.integers(min_value=1, max_value=4),
)
def test_pseudonym_map_is_one_to_one_and_lengthens_only_collisions(ids, length):
    m = pseudonym_map(ids, KEY, length=length)
    assert set(m) == ids
    assert len(set(m.values())) == len(ids)
    heads = pd.Series([pseudonym(i, KEY, length=length) for i in ids]).value_counts()
    for i, p in m.items():
        full = pseudonym(i, KEY, length=64)
        assert full.startswith(p)
        collided = heads[pseudonym(i, KEY, length=length)] > 1
        assert (len(p) > length + 2) == collided


def test_pseudonym_map_collisions_at_short_length():
    """300 ids in 16 possible one-digit pseudonyms must collide; all end up distinct."""
    m = pseudonym_map([f"T{i:03d}" for i in range(300)], KEY, length=1)
    assert len(set(m.values())) == 300
    assert all(len(p) >= 3 for p in m.values())
    assert max(len(p) for p in m.values()) > 3


def test_pseudonym_map_skips_missing_and_stringifies():
    m = pseudonym_map(["T001", None, np.nan, pd.NA, 7], KEY)
    assert set(m) == {"T001", "7"}
    assert m["7"] == pseudonym("7", KEY)


def test_stable_across_waves_for_one_key_and_different_for_another(sample_2025, sample_2026):
    a = pseudonymize(sample_2025, KEY)
    b = pseudonymize(sample_2026, KEY)
    c = pseudonymize(sample_2026, OTHER_KEY)
    # rows no longer line up with the staff list (that was a leak); link by the pseudonym itself
    pa, pb, pc = (set(x.people["person_id"]) for x in (a, b, c))
    common = set(sample_2025.people["person_id"]) & set(sample_2026.people["person_id"])
    assert len(common) > 100
    assert {pseudonym(i, KEY) for i in common} == pa & pb
    assert {pseudonym(i, OTHER_KEY) for i in sample_2026.people["person_id"]} == pc
    assert not pb & pc
    assert a.meta["pseudonymized"]["key_check"] == b.meta["pseudonymized"]["key_check"]
    assert a.meta["pseudonymized"]["key_check"] != c.meta["pseudonymized"]["key_check"]


# --- keys ------------------------------------------------------------------------------------


def test_load_key_from_file_strips_the_newline(tmp_path):
    path = tmp_path / "leerlib.key"
    path.write_text(KEY + "\n", encoding="utf-8")
    assert load_key(path) == KEY.encode()


def test_load_key_from_environment(monkeypatch):
    monkeypatch.setenv("LEERLIB_KEY", KEY)
    assert load_key() == KEY.encode()
    monkeypatch.setenv("MY_KEY", OTHER_KEY)
    assert load_key(env="MY_KEY") == OTHER_KEY.encode()


def test_load_key_failures_name_the_source_and_never_the_key(tmp_path, monkeypatch):
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    with pytest.raises(PrivacyError, match="LEERLIB_KEY"):
        load_key()
    missing = tmp_path / "nope.key"
    with pytest.raises(PrivacyError) as err:
        load_key(missing)
    assert err.value.file == str(missing)
    short = tmp_path / "short.key"
    short.write_text("geheim", encoding="utf-8")
    with pytest.raises(PrivacyError, match="6 bytes") as err:
        load_key(short)
    assert "geheim" not in str(err.value)
    empty = tmp_path / "empty.key"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(PrivacyError, match="empty"):
        load_key(empty)


def test_pseudonymize_without_key_reads_the_environment_or_refuses(monkeypatch):
    df = pd.DataFrame({"person_id": ["T001"]})
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    with pytest.raises(PrivacyError, match="no pseudonymisation key"):
        pseudonymize(df)
    monkeypatch.setenv("LEERLIB_KEY", KEY)
    assert pseudonymize(df)["person_id"].tolist() == ["p-fa2dfc3a"]


def test_generate_key_writes_a_private_file_once(tmp_path):
    path = tmp_path / "leerlib.key"
    key = generate_key(path)
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert load_key(path) == key.encode()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(PrivacyError, match="never overwrites"):
        generate_key(path)
    assert load_key(path) == key.encode()


def test_session_key_and_key_check():
    assert session_key() == session_key()
    assert len(key_check(session_key())) == 8
    assert session_key().hex() not in key_check(session_key())


# --- pseudonymize: tables, surveys, graphs --------------------------------------------------


def test_bare_table_loses_personal_columns_and_input_is_untouched():
    people = pd.DataFrame(
        {
            "person_id": ["T001", "T002"],
            "name": ["An de Wit", "Bo Bakker"],
            "email": ["an@school.example", "bo@school.example"],
            "team": ["A", "A"],
            "leidinggevende": ["Bo Bakker", "Cor Smit"],
            "Q9_TEXT": ["fijn team", "te druk"],
            "tenure_years": [3, 12],
        }
    )
    before = people.copy()
    out = pseudonymize(people, KEY)
    pd.testing.assert_frame_equal(people, before)
    assert list(out.columns) == ["person_id", "team", "tenure_years"]
    # T002 -> p-93769134 sorts before T001 -> p-fa2dfc3a: rows follow the pseudonyms
    assert out["person_id"].tolist() == ["p-93769134", "p-fa2dfc3a"]
    assert out["tenure_years"].tolist() == [12, 3]
    assert is_pseudonymized(out) and not is_pseudonymized(people)
    assert out.attrs["leerlib_pseudonymized"]["dropped_columns"] == {
        "None": ["name", "email", "leidinggevende", "Q9_TEXT"]
    }


def test_keep_and_drop_override_the_detection():
    df = pd.DataFrame({"person_id": ["T001"], "team_name": ["Bovenbouw"], "hobby": ["korfbal"]})
    assert list(pseudonymize(df, KEY).columns) == ["person_id", "hobby"]
    out = pseudonymize(df, KEY, keep=["team_name"], drop=["hobby"])
    assert list(out.columns) == ["person_id", "team_name"]


def test_index_of_person_ids_is_pseudonymised():
    metrics = pd.DataFrame({"indegree": [3, 1]}, index=pd.Index(["T001", "T002"], name="person_id"))
    out = pseudonymize(metrics, KEY)
    assert out.index.tolist() == ["p-93769134", "p-fa2dfc3a"]  # sorted by pseudonym
    assert out["indegree"].tolist() == [1, 3]


def test_dict_of_tables_shares_one_set_of_pseudonyms():
    out = pseudonymize(
        {
            "people": pd.DataFrame({"person_id": ["T001", "T002"], "name": ["An", "Bo"]}),
            "ties": pd.DataFrame({"source": ["T002"], "target": ["T001"], "raw_name": ["An"]}),
        },
        KEY,
    )
    assert out["ties"].loc[0, "target"] == "p-fa2dfc3a"
    assert "p-fa2dfc3a" in out["people"]["person_id"].tolist()
    assert "raw_name" not in out["ties"].columns


def test_personal_columns_detects_by_name_and_by_content():
    df = pd.DataFrame(
        {
            "person_id": ["a", "b"],
            "RecipientFirstName": ["An", "Bo"],
            "IPAddress": ["10.0.0.1", "10.0.0.2"],
            "contact": ["an@school.example", ""],
            "why": ["omdat ik graag van collega's leer en zij altijd tijd voor mij maken", "x"],
            "frequency": ["Wekelijks", "Dagelijks"],
            "score": [1.0, 2.0],
        }
    )
    assert personal_columns(df) == ["RecipientFirstName", "IPAddress", "contact", "why"]


@pytest.mark.parametrize("column", ["story", "Stories", "verhaal", "value_verhalen"])
def test_personal_columns_knows_value_stories_by_name(column):
    """A value-creation story is free text about named colleagues; a short one ("met Jan") does
    not look like prose, so the column name must give it away."""
    df = pd.DataFrame({"person_id": ["a", "b"], column: ["met Jan", "ok"], "score": [1.0, 2.0]})
    assert personal_columns(df) == [column]


def test_survey_keeps_the_contract_and_leaks_no_identifying_text(sample_2025):
    """Every name, e-mail, typed name, raw log value and roster id of the sample is gone."""
    original = leerlib.load_sample("2025")
    out = pseudonymize(sample_2025, KEY)
    out.validate()
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(sample_2025, name), getattr(original, name))
    assert _leaks(out, _identifying_texts(sample_2025)) == []
    assert out.consent_names is False
    assert "email" not in out.people.columns
    assert (out.people["name"] == out.people["person_id"]).all()
    assert (out.ties["raw_name"] == "").all()
    # the structure is kept: same ties, same tie attributes from the codebook scales
    assert len(out.ties) == len(sample_2025.ties)
    # (rows are reordered by pseudonym, so compare the rows as multisets, linked by pseudonym)
    m = pseudonym_map(sample_2025.people["person_id"], KEY)
    cols = ["source", "target", "topic", "wave", "frequency", "weight"]
    mapped = sample_2025.ties.assign(
        source=sample_2025.ties["source"].map(m), target=sample_2025.ties["target"].map(m)
    )
    rows = lambda df: sorted(map(repr, df[cols].itertuples(index=False)))  # noqa: E731
    assert rows(out.ties) == rows(mapped)
    assert len(out.log) == len(sample_2025.log)
    key = ["wave", "file", "row", "action", "reason"]
    assert rows_log(out.log, key) == rows_log(sample_2025.log, key)
    assert KEY not in repr(out.meta)


def rows_log(log: pd.DataFrame, cols: list[str]) -> list[str]:
    return sorted(map(repr, log[cols].itertuples(index=False)))


def test_log_texts_are_redacted_or_replaced_by_pseudonyms():
    people = pd.DataFrame(
        {
            "person_id": ["T001", "T002"],
            "name": ["Anna de Wit", "Bob Bakker"],
            "internal": [True, True],
        }
    )
    log = pd.DataFrame(
        {
            "wave": ["2025"] * 3,
            "file": ["s.csv"] * 3,
            "row": [2, 3, 0],
            "column": ["Q5_Anna de Wit", "Q3_1", ""],
            "raw_value": ["Anna dW", "Bob Bakker", "T002"],
            "action": ["dropped", "flagged", "kept"],
            "reason": ["unknown_name", "ambiguous_name", "non_respondent"],
            "detail": ["'Anna dW' is close to Anna de Wit (88)", "candidates: T001, T002", ""],
        }
    )
    empty = lambda cols: pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})  # noqa: E731
    survey = Survey(
        people=people,
        ties=empty(
            ["source", "target", "topic", "wave", "weight", "raw_name", "match", "match_score"]
        ),
        responses=empty(["person_id", "wave", "responded"]),
        value=empty(["person_id", "wave", "cycle", "item", "score"]),
        log=log,
        consent_names=True,
    )
    out = pseudonymize(survey, KEY).log
    a, b = pseudonym("T001", KEY), pseudonym("T002", KEY)
    # ordered by wave, file, row: the non-respondent row (row 0) comes first
    assert out["row"].tolist() == [0, 2, 3]
    assert out["raw_value"].tolist() == [b, REDACTED, REDACTED]
    assert out["column"].tolist() == ["", f"Q5_{a}", "Q3_1"]
    assert out["detail"].tolist() == [
        "",
        f"'{REDACTED}' is close to {a} (88)",
        f"candidates: {a}, {b}",
    ]


def test_graph_nodes_relabelled_and_labels_dropped():
    G = nx.DiGraph(name="Kompas", wave="2025")
    G.add_node("T001", name="An de Wit", label="An de Wit", email="an@x.example", team="A")
    G.add_node("T002", name="Bo Bakker", team="A")
    G.add_edge("T001", "T002", weight=2.0, topics=["ict"], raw_name="Bo")
    H = pseudonymize(G, KEY)
    a, b = pseudonym("T001", KEY), pseudonym("T002", KEY)
    assert set(H.nodes) == {a, b}
    assert H.nodes[a] == {"name": a, "team": "A"}
    assert H.edges[a, b] == {"weight": 2.0, "topics": ["ict"]}
    assert H.graph["wave"] == "2025" and "name" not in H.graph
    assert is_pseudonymized(H)
    assert set(G.nodes) == {"T001", "T002"}  # input untouched
    # already pseudonymised nodes are kept when id_columns is empty
    assert set(pseudonymize(H, id_columns=()).nodes) == {a, b}


def test_unsupported_input_is_a_schema_error():
    with pytest.raises(SchemaError):
        pseudonymize([1, 2, 3], KEY)
    with pytest.raises(SchemaError):
        pseudonymize({"a": [1, 2]}, KEY)


# --- small groups ----------------------------------------------------------------------------


def test_group_sizes_and_small_groups(sample_2025):
    sizes = group_sizes(sample_2025.people, "team")
    internal = sample_2025.people[sample_2025.people["internal"]]
    assert sizes.sum() == internal["team"].notna().sum()
    assert small_groups({"A": 5, "B": 4, "C": np.nan, "D": 12}) == ["B", "C"]
    assert small_groups({"A": 5, "B": 4}, threshold=6) == ["A", "B"]


def test_suppress_hand_counted_example():
    """Teams A(3) B(12) C(7) D(20), total 42, threshold 5.

    A is below 5 (primary). Alone, A = 42 - 12 - 7 - 20 = 3 would follow from the total, so
    the smallest visible team, C(7), is hidden as well; A + C = 10 >= 5, so it stops there.
    """
    t = pd.DataFrame(
        {
            "team": ["A", "B", "C", "D", "Totaal"],
            "n": [3, 12, 7, 20, 42],
            "mean_indegree": [1.0, 2.5, 3.0, 2.0, 2.2],
        }
    )
    out = suppress_small_groups(t, "team", "n", total="Totaal")
    assert out["suppressed"].tolist() == [True, False, True, False, False]
    assert out["n"].isna().tolist() == [True, False, True, False, False]
    assert out["mean_indegree"].isna().tolist() == [True, False, True, False, False]
    assert out.loc[1, "mean_indegree"] == pytest.approx(2.5)
    assert out.attrs["leerlib_suppressed"]["groups"] == ["A", "C"]
    assert t["n"].tolist() == [3, 12, 7, 20, 42]  # input untouched


def test_suppress_two_tiny_groups_get_a_third_when_together_below_threshold():
    """A(1) and B(2) are both primary; together 3 < 5 would still be revealed, so C(9) goes too."""
    t = pd.DataFrame({"team": ["A", "B", "C", "D"], "n": [1, 2, 9, 30]})
    out = suppress_small_groups(t, "team", "n")
    assert out["suppressed"].tolist() == [True, True, True, False]


def test_suppress_single_group_block_hides_its_total():
    """School Z has one team of 3: the school total would reveal it, so the total row goes too."""
    t = pd.DataFrame(
        {
            "school": ["Y", "Y", "Y", "Z", "Z"],
            "team": ["a", "b", "Totaal", "c", "Totaal"],
            "n": [8, 9, 17, 3, 3],
        }
    )
    out = suppress_small_groups(t, "team", "n", within="school", total="Totaal")
    assert out["suppressed"].tolist() == [False, False, False, True, True]


def test_suppress_threshold_is_configurable_and_complement_optional():
    t = pd.DataFrame({"team": ["A", "B", "C"], "n": [4, 6, 9], "x": [1, 2, 3]})
    assert suppress_small_groups(t, "team", "n", threshold=3)["suppressed"].tolist() == [False] * 3
    assert suppress_small_groups(t, "team", "n", complementary=False)["suppressed"].tolist() == [
        True,
        False,
        False,
    ]
    assert suppress_small_groups(t, "team", "n", threshold=7)["suppressed"].tolist() == [
        True,
        True,
        False,
    ]


def test_suppress_with_sizes_from_the_people_table(sample_2025):
    sizes = group_sizes(sample_2025.people, "team")
    figures = sizes.rename("members").reset_index()
    figures["density"] = 0.3
    figures.loc[len(figures)] = ["Gastdocenten", 0, 0.9]
    out = suppress_small_groups(figures, "team", sizes=sizes.to_dict(), value_cols="density")
    assert out.set_index("team").loc["Gastdocenten", "suppressed"]  # unknown size: hidden
    small = set(small_groups(sizes))
    for _, row in out.iterrows():
        if row["team"] in small:
            assert row["suppressed"] and np.isnan(row["density"])


def test_suppress_errors():
    t = pd.DataFrame({"team": ["A"], "n": [3]})
    with pytest.raises(SchemaError, match="nope"):
        suppress_small_groups(t, "team", "nope")
    with pytest.raises(SchemaError, match="count_col"):
        suppress_small_groups(t, "team")
    with pytest.raises(PrivacyError, match="threshold"):
        suppress_small_groups(t, "team", "n", threshold=0)
    assert issubclass(PrivacyError, LeerlibError)


@settings(max_examples=80, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=12),
    threshold=st.integers(min_value=1, max_value=10),
)
def test_suppression_leaves_nothing_to_subtract(sizes, threshold):
    """Every small group is hidden, and the hidden ones are never a single group, nor a set
    whose sum is below the threshold, unless nothing was left to hide."""
    t = pd.DataFrame(
        {
            "team": [f"t{i}" for i in range(len(sizes))],
            "n": sizes,
            "value": np.arange(len(sizes), dtype=float),
        }
    )
    out = suppress_small_groups(t, "team", "n", threshold=threshold)
    hidden = out["suppressed"].to_numpy()
    n = np.array(sizes)
    assert hidden[n < threshold].all()
    if hidden.any() and not hidden.all():
        assert hidden.sum() >= 2 and n[hidden].sum() >= threshold
    np.testing.assert_array_equal(out["value"][~hidden], t["value"][~hidden])
    assert out["value"][hidden].isna().all()


# --- mixing matrix ---------------------------------------------------------------------------


def test_suppress_matrix_hand_counted():
    """B has 2 members: its row and column go (5 cells). Row A then has one hidden cell (A,B),
    so its smallest visible cell (A,C)=4 goes; row C likewise loses (C,A)=5. Columns A and C
    now hold two hidden cells each, so it stops."""
    m = pd.DataFrame([[10, 2, 4], [3, 0, 1], [5, 6, 20]], index=list("ABC"), columns=list("ABC"))
    out = suppress_matrix(m, {"A": 8, "B": 2, "C": 9})
    assert out.isna().to_numpy().tolist() == [
        [False, True, True],
        [True, True, True],
        [True, True, False],
    ]
    assert out.loc["A", "A"] == 10 and out.loc["C", "C"] == 20
    assert out.attrs["leerlib_suppressed"]["groups"] == ["B"]


def test_suppress_matrix_with_margins_and_cell_threshold():
    m = pd.crosstab(
        pd.Series(list("AABBCCCA"), name="from"),
        pd.Series(list("ABABCABC"), name="to"),
        margins=True,
    )
    out = suppress_matrix(m, {"A": 10, "B": 10, "C": 10}, cell_threshold=2, margins="All")
    hidden = out.isna().to_numpy()
    assert ((m.to_numpy() > 0) & (m.to_numpy() < 2) & ~hidden)[:-1, :-1].sum() == 0
    for line in list(hidden) + list(hidden.T):
        assert line.sum() != 1 or len(line) == 1


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    k=st.integers(min_value=1, max_value=6),
    threshold=st.integers(min_value=1, max_value=8),
)
def test_suppress_matrix_never_leaves_one_hidden_cell_in_a_line(data, k, threshold):
    groups = [f"g{i}" for i in range(k)]
    sizes = dict(
        zip(groups, data.draw(st.lists(st.integers(0, 12), min_size=k, max_size=k)), strict=True)
    )
    cells = data.draw(st.lists(st.integers(0, 40), min_size=k * k, max_size=k * k))
    m = pd.DataFrame(np.array(cells).reshape(k, k), index=groups, columns=groups)
    out = suppress_matrix(m, sizes, threshold=threshold)
    hidden = out.isna().to_numpy()
    small = [sizes[g] < threshold for g in groups]
    for i in range(k):
        for j in range(k):
            if small[i] or small[j]:
                assert hidden[i, j]
            elif not hidden[i, j]:
                assert out.iat[i, j] == m.iat[i, j]
    for line in list(hidden) + list(hidden.T):
        assert line.sum() != 1 or len(line) == 1


def test_typed_texts_do_not_knock_out_group_columns():
    """A nomination typed as "Kompas" (no such colleague) must not make the school column
    "Het Kompas" look personal: only roster names and e-mail addresses are searched for."""
    people = pd.DataFrame(
        {
            "person_id": ["T001", "T002"],
            "name": ["An de Wit", "Bo Bakker"],
            "internal": [True, True],
            "school": ["Het Kompas", "De Regenboog"],
        }
    )
    ties = pd.DataFrame({"source": ["T001"], "target": ["T002"], "raw_name": ["Kompas"]})
    out = pseudonymize({"people": people, "ties": ties}, KEY)
    # T002 (De Regenboog) has the smaller pseudonym and comes first
    assert out["people"]["school"].tolist() == ["De Regenboog", "Het Kompas"]
    people["contact"] = ["via Bo Bakker", ""]
    assert "contact" not in pseudonymize({"people": people, "ties": ties}, KEY)["people"].columns


def test_meta_keeps_file_names_not_folders(sample_2025):
    s = leerlib.load_sample("2025")
    s.meta = {
        "roster_path": "/home/jan.jansen/Personeel/roster.csv",
        "nested": {"p": "C:\\Users\\an\\x.csv"},
        "owner_email": "an@school.example",
        "table": pd.DataFrame(),
    }
    meta = pseudonymize(s, KEY).meta
    assert meta["roster_path"] == "roster.csv" and meta["nested"] == {"p": "x.csv"}
    assert "owner_email" not in meta and "table" not in meta
    assert sorted(meta["pseudonymized"]["dropped_meta"]) == ["owner_email", "table"]


@pytest.mark.parametrize(
    ("threshold", "hidden"),
    [
        (5, {"none(CEO)", "D3", "D4"}),
        (4, {"none(CEO)", "D3"}),
        (6, {"none(CEO)", "D1", "D3", "D4"}),
    ],
)
def test_suppress_krackhardt_departments(krackhardt_dir, threshold, hidden):
    """Krackhardt's 21 managers by department, counted by hand from the nodes file: the CEO
    alone (1), D1 5, D2 8, D3 3, D4 4. Below 5: CEO, D3, D4 (together 8 >= 5, so no further
    group is needed). Below 4: CEO and D3 (together 4). Below 6: also D1. Mean ages by hand:
    D1 (59+34+34+30+36)/5 = 38.6, D2 (40+32+62+48+43+40+32+38)/8 = 41.875."""
    nodes = pd.read_csv(krackhardt_dir / "krackhardt_hightech_nodes.csv")
    table = nodes.groupby("dept").agg(n=("id", "size"), mean_age=("age", "mean")).reset_index()
    out = suppress_small_groups(table, "dept", "n", threshold=threshold).set_index("dept")
    assert set(out.index[out["suppressed"]]) == hidden
    assert out.loc["D2", "mean_age"] == pytest.approx(41.875)
    if "D1" not in hidden:
        assert out.loc["D1", "mean_age"] == pytest.approx(38.6)
    assert out.loc[list(hidden), "mean_age"].isna().all()


def test_scrubbing_matches_whole_words_and_e_mail_addresses():
    """Known texts are replaced as whole words ("Anna de Wit" but not inside "Annabel"), in any
    case, across "_" and punctuation; e-mail addresses count as one word."""
    people = pd.DataFrame(
        {
            "person_id": ["T001", "T002"],
            "name": ["Anna de Wit", "Bob Bakker"],
            "email": ["anna.dewit@school.example", "bob@school.example"],
        }
    )
    log = pd.DataFrame(
        {
            "column": ["Q5_ANNA DE WIT"],
            "raw_value": [""],
            "detail": ["from anna.dewit@school.example (Anna de Wit), not Annabel; see T002."],
        }
    )
    out = pseudonymize({"people": people, "log": log}, KEY)["log"]
    a, b = pseudonym("T001", KEY), pseudonym("T002", KEY)
    assert out.loc[0, "column"] == f"Q5_{a}"
    assert out.loc[0, "detail"] == f"from {a} ({a}), not Annabel; see {b}."


def test_suppress_keeps_the_callers_index_even_with_repeats():
    t = pd.DataFrame({"team": ["A", "B", "C"], "n": [3, 12, 7]}, index=["x", "x", "y"])
    out = suppress_small_groups(t, "team", "n")
    assert out.index.tolist() == ["x", "x", "y"]
    assert out["suppressed"].tolist() == [True, False, True]


# --- order and shape: nothing re-identifies by position or by what an id looks like -------------


def _reordered(survey: Survey, seed: int) -> Survey:
    """The same survey with its people, ties, responses and value rows in another order."""
    import dataclasses

    rng = np.random.default_rng(seed)
    return dataclasses.replace(
        survey,
        **{
            n: getattr(survey, n).iloc[rng.permutation(len(getattr(survey, n)))]
            for n in ("people", "ties", "responses", "value")
        },
    )


def test_pseudonymised_rows_follow_the_pseudonyms_not_the_staff_list(sample_2025):
    """An attacker holding the staff list cannot map pseudonyms back by row position.

    Expected order from an independent source: the pseudonyms computed one by one with
    ``pseudonym`` and sorted; the roster's own order must play no part.
    """
    roster = sample_2025.people["person_id"].tolist()
    out = pseudonymize(sample_2025, KEY)
    assert out.people["person_id"].tolist() == sorted(pseudonym(p, KEY) for p in roster)
    by_position = sum(
        pseudonym(p, KEY) == q for p, q in zip(roster, out.people["person_id"], strict=True)
    )
    assert by_position < 5  # a chance coincidence, not the staff list's order
    assert out.people.index.tolist() == list(range(len(roster)))  # no old positions kept
    ties = out.ties[["source", "target", "topic", "wave"]].astype(str)
    assert ties.apply(tuple, axis=1).tolist() == sorted(ties.apply(tuple, axis=1))
    assert out.responses["person_id"].is_monotonic_increasing
    assert out.value["person_id"].is_monotonic_increasing


def test_a_roster_in_another_order_gives_identical_pseudonymised_tables(sample_2025):
    a = pseudonymize(sample_2025, KEY)
    b = pseudonymize(_reordered(sample_2025, 7), KEY)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_graph_nodes_and_edges_follow_the_pseudonyms(sample_2025):
    G = leerlib.build_graph(sample_2025)
    R = G.__class__()
    R.graph.update(G.graph)
    R.add_nodes_from(reversed(list(G.nodes(data=True))))
    R.add_edges_from(reversed(list(G.edges(data=True))))
    H, K = pseudonymize(G, KEY), pseudonymize(R, KEY)
    expected = sorted(pseudonym(v, KEY) for v in G)
    assert list(H.nodes) == list(K.nodes) == expected
    assert list(H.edges) == list(K.edges) == sorted(H.edges)


def test_ids_shaped_like_pseudonyms_are_pseudonymised():
    """A staff list numbered p-1001, p-1002 ... is not taken for pseudonymised data."""
    people = pd.DataFrame({"person_id": ["p-1001", "p-1002"], "team": ["A", "A"]})
    out = pseudonymize(people, KEY)
    assert sorted(out["person_id"]) == sorted([pseudonym("p-1001", KEY), pseudonym("p-1002", KEY)])
    G = nx.DiGraph([("p-1001", "p-1002")])
    assert set(pseudonymize(G, KEY).nodes) == set(out["person_id"])


def test_ids_are_kept_only_when_the_caller_says_so_and_that_is_recorded():
    people = pd.DataFrame({"person_id": ["p-2", "p-1"], "email": ["a@b.example", "c@d.example"]})
    out = pseudonymize(people, already_pseudonymized=True)  # no key needed
    assert out["person_id"].tolist() == ["p-1", "p-2"] and "email" not in out.columns
    assert out.attrs["leerlib_pseudonymized"]["ids"].startswith("ids kept")
    assert pseudonymize(people, KEY).attrs["leerlib_pseudonymized"]["ids"] == (
        "HMAC-SHA256 pseudonyms"
    )
    H = pseudonymize(nx.DiGraph([("p-2", "p-1")]), already_pseudonymized=True)
    assert list(H.nodes) == ["p-1", "p-2"] and H.graph["pseudonymized"].startswith("ids kept")


# --- k-anonymity and one hiding for all tables --------------------------------------------------


def _below_k(df: pd.DataFrame, cols: list[str], k: int) -> int:
    """Rows whose combination of ``cols`` is shared by fewer than ``k`` rows (an independent
    count: plain tuples and a Counter, missing as None)."""
    from collections import Counter

    if not cols:
        return 0 if len(df) >= k else len(df)
    rows = [tuple(None if pd.isna(v) else v for v in r) for r in df[cols].itertuples(index=False)]
    c = Counter(rows)
    return sum(c[r] < k for r in rows)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("ABCD"),
            st.sampled_from(["lk", "tl", "ib", None]),
            st.integers(0, 40),
            st.booleans(),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(2, 6),
)
def test_k_anonymize_leaves_no_combination_below_k(rows, k):
    df = pd.DataFrame(rows, columns=["team", "role", "tenure_years", "internal"])
    df.insert(0, "person_id", [f"x{i}" for i in range(len(df))])
    df["in_degree"] = range(len(df))
    before = df.copy()
    out = k_anonymize(df, ["team", "role", "tenure_years"], k=k)
    pd.testing.assert_frame_equal(df, before)  # input untouched
    assert out["person_id"].tolist() == df["person_id"].tolist()
    assert out["in_degree"].tolist() == df["in_degree"].tolist()  # not a quasi-identifier
    kept = [c for c in ("team", "role", "tenure_years") if c in out.columns]
    inside = out[df["internal"]]
    assert _below_k(inside, kept, k) == 0 or len(inside) < k and not kept


def test_k_anonymize_keeps_what_is_safe_and_reports_before_and_after():
    """Hand count: 12 teachers and 1 team leader in team A, 6 teachers in B; years of service
    unique for everyone. The leader is unique on team + role; the role goes, the team stays."""
    df = pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(19)],
            "team": ["A"] * 13 + ["B"] * 6,
            "role": ["tl"] + ["lk"] * 18,
            "tenure_years": [float(i) + 0.5 for i in range(19)],
        }
    )
    assert unique_people(df, ["team", "role"]) == 1
    out = k_anonymize(df, ["team", "role", "tenure_years"], k=5)
    record = out.attrs["leerlib_k_anonymity"]
    assert record["id_like_dropped"] == ["tenure_years"]  # all 19 values differ
    assert record["quasi_identifiers"] == {"team": "kept", "role": "dropped"}
    assert list(out.columns) == ["person_id", "team"]
    assert (record["unique_before"], record["unique_after"], record["below_k_after"]) == (1, 0, 0)


def test_id_like_columns_find_sort_numbers_and_codes():
    df = pd.DataFrame(
        {
            "person_id": ["a", "b", "c", "d", "e", "f"],
            "nr": [4, 2, 6, 1, 3, 5],  # a sort number
            "staff_code": list("UVWXYZ"),  # unique text
            "team": list("AAABBB"),
            "tenure_years": [1, 1, 2, 2, 3, 3],
        }
    )
    assert id_like_columns(df) == ["nr", "staff_code"]


def test_k_anonymize_graph_drops_a_sort_number_and_keeps_what_is_safe():
    G = nx.DiGraph()
    for i in range(12):
        G.add_node(f"p{i}", name=f"p{i}", team="AB"[i // 6], nr=i + 1, internal=True)
    G.add_edge("p0", "p7", topics=["ict"])
    H = k_anonymize_graph(G)
    assert all(set(d) == {"name", "team", "internal"} for _, d in H.nodes(data=True))
    assert "nr" in H.graph["k_anonymity"] and G.nodes["p0"]["nr"] == 1  # input untouched


def test_mask_small_groups_moved_into_privacy():
    people = pd.DataFrame(
        {"person_id": list("abcdefg"), "team": list("AAAAABB"), "role": ["x"] * 7}
    )
    out = mask_small_groups(people, threshold=5)
    assert out["team"].tolist() == ["A"] * 5 + ["(< 5)"] * 2
    assert out["role"].tolist() == ["x"] * 7


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=10), st.integers(1, 8))
def test_hidden_groups_are_the_groups_suppress_small_groups_hides(sizes, threshold):
    groups = [f"g{i}" for i in range(len(sizes))]
    table = pd.DataFrame({"group": groups, "n": sizes})
    hidden = suppress_small_groups(table, "group", "n", threshold=threshold)
    expected = [g for g, h in zip(groups, hidden["suppressed"], strict=True) if h]
    assert hidden_groups(dict(zip(groups, sizes, strict=True)), threshold) == expected
