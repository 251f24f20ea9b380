"""Raw input files are never modified: hashes, sizes and times are the same after leerlib used them.

Every file of the bundled sample and of the real data folder is hashed, then read by every
reader, cleaned, pseudonymised and exported (to a temporary folder), then hashed again. While
that happens, every attempt to open a file for writing is recorded: none may touch an input
folder.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest

import leerlib
from leerlib.io import read_codebook, read_export, read_roster
from tests.conftest import KEY

CODEBOOKS = Path(__file__).resolve().parent / "codebooks"

# Real exports with the roster that belongs to them (None: people come from the export).
REAL = [
    ("balachia_class-survey/ZKC Qualtrics.csv", "balachia_class-survey/zkc-qualtrics-panel.csv"),
    (
        "rebekahjacob_sna-setup/Example-SNA-survey-data.csv",
        "rebekahjacob_sna-setup/Qualtrics-contact-list.csv",
    ),
    ("marmall_networkapproaches/sampleNetworkSurvey.csv", None),
]


def _state(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Relative path -> (sha256, size, modification time in ns) of every file below ``folder``."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(folder).as_posix()] = (
                hashlib.sha256(p.read_bytes()).hexdigest(),
                st.st_size,
                st.st_mtime_ns,
            )
    return out


def _inside(paths: list[str], folder: Path) -> list[str]:
    root = os.path.abspath(folder)
    return [p for p in paths if os.path.commonpath([p, root]) == root]


def test_sample_files_are_untouched(tmp_path, write_log):
    paths = leerlib.sample_paths()
    folder = paths["dir"]
    before = _state(folder)
    assert len(before) >= 8
    surveys = []
    for wave in ("2025", "2026"):
        # load_survey runs read_codebook, read_roster, read_aliases and read_export
        surveys.append(
            leerlib.load_survey(
                paths[f"survey_{wave}"],
                paths[f"roster_{wave}"],
                paths[f"codebook_{wave}"],
                paths["aliases"],
            )
        )
    survey = leerlib.combine_waves(*surveys)
    private = leerlib.pseudonymize(survey, KEY)
    done = {"already_pseudonymized": True}  # said explicitly: ids are never judged by their shape
    leerlib.export_excel(
        {"people": private.people, "log": private.log}, tmp_path / "survey.xlsx", **done
    )
    leerlib.export_csv(private.ties, tmp_path / "ties.csv", **done)
    leerlib.export_graph(leerlib.build_graph(private), tmp_path / "net.graphml", **done)
    assert _state(folder) == before
    assert _inside(write_log, folder) == []
    assert _inside(write_log, tmp_path)  # the spy does see writes


@pytest.mark.parametrize(("export", "roster"), REAL, ids=[e.split("/")[0] for e, _ in REAL])
def test_real_exports_are_untouched(real_exports_dir, tmp_path, write_log, export, roster):
    before = _state(real_exports_dir)
    codebook = CODEBOOKS / (Path(export).stem + ".toml")
    survey = leerlib.load_survey(
        real_exports_dir / export, None if roster is None else real_exports_dir / roster, codebook
    )
    if roster is not None:
        read_roster(real_exports_dir / roster, read_codebook(codebook))
    read_export(real_exports_dir / export, read_codebook(codebook))
    leerlib.export_excel(
        leerlib.pseudonymize(survey, KEY), tmp_path / "out.xlsx", already_pseudonymized=True
    )
    assert _state(real_exports_dir) == before
    assert _inside(write_log, real_exports_dir) == []


def test_network_data_files_are_untouched(shared_data, tmp_path, write_log):
    """The Krackhardt and Lazega tables, read with pandas and exported through leerlib."""
    before = _state(shared_data)
    for csv in sorted((shared_data / "krackhardt").glob("*.csv")) + sorted(
        (shared_data / "lazega").glob("*.csv")
    ):
        table = pd.read_csv(csv)
        leerlib.export_csv(table, tmp_path / csv.name, key=KEY)
    assert _state(shared_data) == before
    assert _inside(write_log, shared_data) == []
