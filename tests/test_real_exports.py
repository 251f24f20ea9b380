"""Real survey-tool exports (../shared/data/real_exports) read with the codebooks in tests/codebooks.

The counts in the docstrings were checked by hand against the files: the data rows below the
header rows, the Status column, and the non-empty cells of the nomination columns (each
"Advice,Support" cell holds two labels).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from leerlib.errors import CodebookError
from leerlib.io import read_codebook, read_export, read_roster

CODEBOOKS = Path(__file__).resolve().parent / "codebooks"

ZKC = "balachia_class-survey/ZKC Qualtrics.csv"
ZKC_PANEL = "balachia_class-survey/zkc-qualtrics-panel.csv"
SNA = "rebekahjacob_sna-setup/Example-SNA-survey-data.csv"
SNA_CONTACTS = "rebekahjacob_sna-setup/Qualtrics-contact-list.csv"
MARMALL = "marmall_networkapproaches/sampleNetworkSurvey.csv"
GENERIC = ["ropensci_qualtrics/sample.csv", "ropensci_qualtrics/sample_legacy.csv"]


def codebook_for(export: str):
    """The codebook named after the export file."""
    return read_codebook(CODEBOOKS / (Path(export).stem + ".toml"))


def test_every_real_export_has_a_codebook(real_exports_dir):
    exports = sorted(
        p.relative_to(real_exports_dir).as_posix() for p in real_exports_dir.rglob("*.csv")
    )
    surveys = [e for e in exports if e not in (ZKC_PANEL, SNA_CONTACTS)]
    assert surveys == sorted([ZKC, SNA, MARMALL, *GENERIC])
    for e in surveys:
        assert (CODEBOOKS / (Path(e).stem + ".toml")).is_file(), e


def test_zkc_qualtrics_labels_matrix(real_exports_dir):
    """ZKC Qualtrics.csv: 3 header rows (one header cell with a line break, so 38 physical lines
    hold 37 records), 34 responses in spreadsheet rows 4-37, 2 with Status "Spam" (32 usable).
    network_1..34 hold 155 non-empty cells: 155 "Advice" and 78 "Support" labels = 233 items,
    6 of them in the spam rows. The first response (row 4, avashevko+27+zkc@gmail.com) ticked
    Advice for classmate 30 and "Advice,Support" for classmate 34."""
    raw = read_export(real_exports_dir / ZKC, codebook_for(ZKC))
    r = raw.respondents
    assert len(r) == 34 and r["row"].tolist() == list(range(4, 38))
    assert (r["skip"] == "status_skipped").sum() == 2 and (r["skip"] == "").sum() == 32
    assert raw.log["reason"].tolist() == ["status_skipped"] * 2
    n = raw.nominations
    assert len(n) == 233 and set(n["kind"]) == {"name"}
    assert n["topic"].value_counts().to_dict() == {"advice": 155, "support": 78}
    spam_rows = set(r.loc[r["skip"] != "", "row"])
    assert n["row"].isin(spam_rows).sum() == 6
    first = n[n["row"] == 4][["respondent_raw", "column", "target_id", "topic"]].values.tolist()
    assert first == [
        ["avashevko+27+zkc@gmail.com", "network_30", "30", "advice"],
        ["avashevko+27+zkc@gmail.com", "network_34", "34", "advice"],
        ["avashevko+27+zkc@gmail.com", "network_34", "34", "support"],
    ]
    assert len(raw.people_hint) == 34
    assert r["submitted_at"].iloc[0] == pd.Timestamp("2021-02-03 21:26:18")


def test_zkc_panel_as_roster(real_exports_dir):
    """zkc-qualtrics-panel.csv (BOM, 34 people): NodeID is the id, FullName the name."""
    people = read_roster(real_exports_dir / ZKC_PANEL, codebook_for(ZKC))
    assert len(people) == 34
    assert people.iloc[0][["person_id", "name", "email"]].tolist() == [
        "1",
        "1 ZKC",
        "avashevko+1+zkc@gmail.com",
    ]


def test_example_sna_scale_and_labels_matrices(real_exports_dir):
    """Example-SNA-survey-data.csv: 3 header rows, 23 responses (rows 4-26), no Status column.
    contact_1..26 (target in the question-text row, "Contact_Fellow - A Smith"): 575 answers =
    36 monthly + 91 quarterly + 88 yearly (ties, weights 3/2/1) + 304 "I don't know this person"
    + 56 "know who ... no contact" (zero). collab_k_j: 313 ticked activity labels = 50 research +
    88 publishing + 76 grants + 35 teaching + 16 presenting + 48 "I did not engage" (zero)."""
    raw = read_export(real_exports_dir / SNA, codebook_for(SNA))
    assert len(raw.respondents) == 23 and (raw.respondents["skip"] == "").all()
    n = raw.nominations
    contact = n[n["column"].str.startswith("contact_")]
    assert len(contact) == 575
    assert contact["kind"].value_counts().to_dict() == {"zero": 360, "name": 215}
    assert contact.loc[contact["kind"] == "name", "weight"].value_counts().to_dict() == {
        2.0: 91,
        1.0: 88,
        3.0: 36,
    }
    collab = n[n["column"].str.startswith("collab_")]
    assert len(collab) == 313
    assert collab.groupby("topic").size().to_dict() == {
        "": 48,
        "grants": 76,
        "presenting": 16,
        "publishing": 88,
        "research": 50,
        "teaching": 35,
    }
    assert (collab.loc[collab["topic"] == "", "kind"] == "zero").all()
    # Every target text in the headers is a name the contact list builds from first + last name.
    people = read_roster(real_exports_dir / SNA_CONTACTS, codebook_for(SNA))
    assert len(people) == 26 and people["name"].iloc[0] == "A Smith"
    assert set(raw.people_hint["name"]) == set(people["name"])


def test_marmall_free_text_respondent_ticks_and_nobody(real_exports_dir):
    """sampleNetworkSurvey.csv: 2 header rows, 14 responses (rows 3-16), numeric Qualtrics
    values (status 0, finished 1). Ticked cells ("1"): friendship 68, influence 44, homework 46,
    clothing top-5 group 35 = 193 items; 6 of them in the "_99" columns ("nobody in my class",
    two per question except the ranking). Respondents type their own name: "José Carioca",
    "Amigote, Jaimito"."""
    raw = read_export(real_exports_dir / MARMALL, codebook_for(MARMALL))
    r = raw.respondents
    assert (
        r["row"].tolist() == list(range(3, 17)) and (r["skip"] == "").all() and r["complete"].all()
    )
    assert {"José Carioca", "Amigote, Jaimito", "Duck Donald"} <= set(r["respondent_raw"])
    assert r["submitted_at"].iloc[0] == pd.Timestamp("2023-10-02 16:48")
    n = raw.nominations
    assert len(n) == 193
    assert n.groupby("topic").size().to_dict() == {
        "clothing": 35,
        "friendship": 68,
        "homework": 46,
        "influence": 44,
    }
    nobody = n[n["kind"] == "nobody"]
    assert len(nobody) == 6 and nobody["column"].str.endswith("_99").all()
    # The friendship headers lack names 1-17; the codebook's targets table supplies them.
    assert n.loc[(n["column"] == "QID149_6"), "raw_name"].unique().tolist() == ["Carioca, Jose"]


@pytest.mark.parametrize("export", GENERIC)
def test_generic_qualtrics_files_give_zero_nominations(real_exports_dir, export):
    """Not network surveys: one response each (sample.csv row 4 below 3 header rows;
    sample_legacy.csv row 3 below 2, BOM and a trailing comma), no nomination items."""
    raw = read_export(real_exports_dir / export, codebook_for(export))
    assert len(raw.nominations) == 0
    assert raw.respondents["respondent_raw"].tolist() == ["R_2YPOQ602ER1jkf1"]
    assert raw.respondents["row"].tolist() == [4 if export.endswith("sample.csv") else 3]


@pytest.mark.parametrize("export", GENERIC)
def test_generic_qualtrics_files_with_a_network_codebook_fail_clearly(real_exports_dir, export):
    with pytest.raises(CodebookError) as info:
        read_export(real_exports_dir / export, codebook_for(ZKC))
    msg = str(info.value)
    assert msg.startswith("ZKC Qualtrics.toml") and Path(export).name in msg


# ------------------------------------------------------------------ full load (leerlib.clean)


def _load(real_exports_dir, export, roster):
    clean = pytest.importorskip("leerlib.clean")
    return clean.load_survey(
        real_exports_dir / export,
        None if roster is None else real_exports_dir / roster,
        CODEBOOKS / (Path(export).stem + ".toml"),
    )


ITEM_REASONS = {
    "skipped_row_item",
    "zero",
    "nobody",
    "self_tie",
    "duplicate_tie",
    "unknown_name",
    "ambiguous_name",
    "unknown_respondent_item",
    "duplicate_response_item",
}


@pytest.mark.parametrize(
    ("export", "roster", "items", "ties"),
    [
        # 233 items - 6 in the two spam rows.
        (ZKC, ZKC_PANEL, 233, 227),
        # 888 items - 408 zero answers (360 contact + 48 "did not engage").
        (SNA, SNA_CONTACTS, 888, 480),
        # 193 items - 6 "nobody" - 2 self-nominations; no roster: people from the headers.
        (MARMALL, None, 193, 185),
        (GENERIC[0], None, 0, 0),
        (GENERIC[1], None, 0, 0),
    ],
)
def test_full_load_conserves_every_item(real_exports_dir, export, roster, items, ties):
    """Each nomination item ends as a tie or as a log row that says why not (data contract)."""
    survey = _load(real_exports_dir, export, roster)
    survey.validate()
    log_items = survey.log[survey.log["reason"].isin(ITEM_REASONS)]
    assert len(survey.ties) == ties
    assert len(survey.ties) + len(log_items) == items
