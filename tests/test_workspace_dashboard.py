"""The dashboards on a workspace: the demonstration workspace, the round choice, an upload
confirmed as a new round, pseudonyms from the workspace key (no browser; SQLite)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import leerlib
from leerlib.dashboards import OverviewApp
from leerlib.dashboards._data import DEMO_ENV
from leerlib.dashboards.i18n import t
from leerlib.privacy import pseudonymize
from leerlib.privacy.keys import load_key
from leerlib.sample import sample_paths
from leerlib.workspace import Workspace, demo_workspace
from leerlib.workspace.core import KEY_SUFFIX

REPO = Path(__file__).resolve().parents[1]


def _upload(widget, name: str, data: bytes) -> None:
    widget.value = (
        {
            "name": name,
            "type": "",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )


def _relabelled(survey, name):
    from leerlib.workspace.core import _relabel

    return _relabel(survey, name)


@pytest.fixture
def ws_path(tmp_path):
    """An SQLite workspace with the sample's two rounds (added as the cleaned surveys), closed;
    its key in the file beside it."""
    path = tmp_path / "school.leerlib"
    with Workspace.create(path, org="Stichting Samen Leren") as ws:
        for wave in ("2025", "2026"):
            ws.add_round(leerlib.load_sample(wave), name=wave, label=f"Voorjaar {wave}")
    return path


def _file_key(path: Path) -> bytes:
    """The workspace's key read straight from its file, not through the workspace."""
    return load_key(path.with_name(path.name + KEY_SUFFIX))


# the demonstration workspace ------------------------------------------------------------
def test_the_demo_workspace_is_made_once_from_the_sample_and_marked(tmp_path, monkeypatch):
    """The sample has the rounds 2025 and 2026 (leerlib.sample.WAVES, data/sample/README.md)."""
    monkeypatch.setenv("LEERLIB_DATA_DIR", str(tmp_path / "data"))
    path = demo_workspace()
    assert path == tmp_path / "data" / "demo.leerlib"
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.leerlib", "demo.leerlib.key"]
    with Workspace.open(path) as ws:
        first_id = ws.id
        assert ws.org.demo is True
        assert ws.rounds == ["2025", "2026"]
        assert len(ws.survey("2026").ties) == len(leerlib.load_sample("2026").ties)
    mtime = path.stat().st_mtime_ns
    assert demo_workspace() == path  # made once: opened, not made again
    assert path.stat().st_mtime_ns == mtime
    with Workspace.open(path) as ws:
        assert ws.id == first_id


def test_a_workspace_a_user_makes_is_not_the_demo(tmp_path):
    """Also `init --sample`, which holds the same data, is closed like any other workspace."""
    from leerlib.__main__ import main

    path = tmp_path / "mine.leerlib"
    assert main(["workspace", "init", str(path), "--sample"]) == 0
    with Workspace.open(path) as ws:
        assert ws.rounds == ["2025", "2026"] and ws.org.demo is False
    with Workspace.create(tmp_path / "other.leerlib", org="De Regenboog") as ws:
        assert ws.org.demo is False


def test_a_workspace_of_an_older_schema_is_not_the_demo_after_the_upgrade(tmp_path):
    rev0001 = tmp_path / "old.leerlib"
    shutil.copy(REPO / "tests" / "data" / "workspace_rev0001.leerlib", rev0001)
    Workspace.upgrade(rev0001)
    with Workspace.open(rev0001) as ws:
        assert ws.org.demo is False


def test_something_else_in_the_demo_s_place_is_refused_by_name(tmp_path):
    path = tmp_path / "demo.leerlib"
    Workspace.create(path, org="Niet de demo").close()
    with pytest.raises(leerlib.LeerlibError, match="not leerlib's demonstration") as info:
        demo_workspace(path)
    assert str(path) in str(info.value)


# the round choice ------------------------------------------------------------------------
def test_the_round_dropdown_lists_the_workspace_rounds_and_starts_at_the_latest(ws_path):
    app = OverviewApp(workspace=ws_path)
    assert app.message.value == ""
    assert app.wave.options == (("Voorjaar 2025", "2025"), ("Voorjaar 2026", "2026"))
    assert app.wave.value == "2026"
    assert app.survey.waves == ["2025", "2026"]  # the latest and the round it is compared with
    assert "Voorjaar 2026" in app.rounds_list.value


def test_choosing_an_older_round_reads_it_and_its_neighbour_only(ws_path):
    """Three rounds 2025, 2026, 2027 (2027: the 2026 sample under another name): the app reads
    two at a time, the chosen one and the one before it (the first: it and the next)."""
    with Workspace.open(ws_path) as ws:
        ws.add_round(_relabelled(leerlib.load_sample("2026"), "2027"), name="2027")
    app = OverviewApp(workspace=ws_path)
    assert app.wave.value == "2027" and app.survey.waves == ["2026", "2027"]
    app.wave.value = "2025"
    assert app.message.value == ""
    assert app.survey.waves == ["2025", "2026"] and app.wave.value == "2025"
    assert [v for _, v in app.wave.options] == ["2025", "2026", "2027"]
    G = app.graph(None)  # the map shows the 2025 ties: the sample's own count
    expected = leerlib.load_sample("2025").ties.drop_duplicates(["source", "target"])
    assert G.number_of_edges() == len(expected)


def test_a_page_opened_later_lists_a_round_stored_meanwhile(ws_path):
    """A preheated page is made before it is asked for; it reads the rounds again when opened."""
    app = OverviewApp(workspace=ws_path)
    with Workspace.open(ws_path) as ws:
        ws.add_round(_relabelled(leerlib.load_sample("2026"), "2027"), name="2027")
    assert [v for _, v in app.wave.options] == ["2025", "2026"]
    app.apply_url({})
    assert [v for _, v in app.wave.options] == ["2025", "2026", "2027"]
    assert app.wave.value == "2027"  # it showed the latest, so it moves on to the new latest


def test_a_page_opened_later_drops_a_round_removed_meanwhile(ws_path):
    """The other way: a preheated page showing the latest round, which is removed before the
    page is opened, offers only the rounds that are left and shows the new latest."""
    with Workspace.open(ws_path) as ws:
        ws.add_round(_relabelled(leerlib.load_sample("2026"), "2027"), name="2027")
    app = OverviewApp(workspace=ws_path)
    assert [v for _, v in app.wave.options] == ["2025", "2026", "2027"]
    with Workspace.open(ws_path) as ws:
        ws.remove_round("2027")
    app.apply_url({})
    assert [v for _, v in app.wave.options] == ["2025", "2026"]
    assert app.wave.value == "2026"


# an upload becomes a round only when confirmed -------------------------------------------
def _load_2025_upload(app) -> dict[str, bytes]:
    paths = sample_paths()
    files = {
        "personeel.csv": paths["roster_2025"].read_bytes(),
        "enquete.csv": paths["survey_2025"].read_bytes(),
        "codeboek.toml": paths["codebook_2025"].read_bytes(),
    }
    for widget, name in (
        (app.up_roster, "personeel.csv"),
        (app.up_export, "enquete.csv"),
        (app.up_codebook, "codeboek.toml"),
    ):
        _upload(widget, name, files[name])
    app.load_button.click()
    return files


def test_the_notice_before_confirming_counts_ties_as_the_cards_do(ws_path):
    """The notice said "1043 relaties": every nomination of every topic. The cards and the map
    count pairs (who turns to whom, whatever the topic); counted here with pandas on the same
    files cleaned by load_survey."""
    app = OverviewApp(workspace=ws_path)
    _load_2025_upload(app)
    plain = leerlib.load_survey(
        *(sample_paths()[k] for k in ("survey_2025", "roster_2025", "codebook_2025"))
    )
    ties = plain.ties[plain.ties["wave"].astype(str) == "2025"]
    pairs = len(ties[["source", "target"]].drop_duplicates())
    nominations = len(ties[["source", "target", "topic"]].drop_duplicates())
    assert pairs < nominations == len(ties)
    notice = html.unescape(app.message.value)
    assert f"{pairs} relaties" in notice and f"({nominations} noemingen" in notice, notice
    assert f"{len(ties)} relaties" not in notice
    assert t("loaded_pending", "nl") in notice


def test_an_upload_is_stored_only_after_its_report_and_a_confirmation(ws_path):
    app = OverviewApp(workspace=ws_path)
    files = _load_2025_upload(app)
    assert "ll-info" in app.message.value, app.message.value
    with Workspace.open(ws_path) as ws:
        assert ws.rounds == ["2025", "2026"]  # nothing stored yet
    # the upload's own cleaning report is open, said to be not stored yet; the view is unchanged
    assert app.report_box.selected_index == 0
    assert t("report_pending", "nl") in app.report.value
    assert "enquete.csv" in app.report.value
    assert app.confirm_box.layout.display is None
    assert app.wave.value == "2026" and app.source == "workspace"
    assert app.round_name.value == ""  # the upload's wave, 2025, is taken

    app.confirm_button.click()  # no name
    assert t("round_name_missing", "nl") in app.message.value
    app.round_name.value = "2025"
    app.confirm_button.click()  # a name taken
    assert "2025" in app.message.value and "ll-error" in app.message.value
    with Workspace.open(ws_path) as ws:
        assert ws.rounds == ["2025", "2026"]

    app.round_name.value = "  Najaar   2026 "
    app.confirm_button.click()
    assert t("round_saved", "nl", name="Najaar 2026") in app.message.value
    with Workspace.open(ws_path) as ws:
        assert ws.rounds == ["2025", "2026", "Najaar 2026"]
        stored = ws.survey("Najaar 2026")
        sources = ws.sources("Najaar 2026").set_index("role")
    # the round as leerlib.load_survey cleans the same files (no aliases: none were uploaded)
    plain = leerlib.load_survey(
        *(sample_paths()[k] for k in ("survey_2025", "roster_2025", "codebook_2025"))
    )
    assert len(stored.ties) == len(plain.ties) and len(stored.log) == len(plain.log)
    assert sorted(stored.people["person_id"]) == sorted(plain.people["person_id"])
    for role, name in (
        ("survey", "enquete.csv"),
        ("roster", "personeel.csv"),
        ("codebook", "codeboek.toml"),
    ):
        assert sources.loc[role, "file"] == name
        assert sources.loc[role, "sha256"] == hashlib.sha256(files[name]).hexdigest()
    # listed and shown
    assert app.wave.value == "Najaar 2026"
    assert "Najaar 2026" in [v for _, v in app.wave.options]
    assert "Najaar 2026" in app.rounds_list.value
    assert app.confirm_box.layout.display == "none" and app.pending is None


def test_confirm_needs_an_upload_whose_report_was_shown(ws_path):
    app = OverviewApp(workspace=ws_path, lang="en")
    app.round_name.value = "2027"
    app.confirm_button.click()
    assert t("round_nothing", "en") in app.message.value
    _load_2025_upload(app)
    app.pending.report_seen = False  # as if the report had not been put before the user
    app.confirm_button.click()
    assert t("round_report_first", "en") in app.message.value
    with Workspace.open(ws_path) as ws:
        assert ws.rounds == ["2025", "2026"]


def test_discarding_an_upload_stores_nothing(ws_path):
    app = OverviewApp(workspace=ws_path)
    _load_2025_upload(app)
    app.round_name.value = "2027"
    app.discard_button.click()
    assert app.pending is None and app.confirm_box.layout.display == "none"
    assert t("report_pending", "nl") not in app.report.value
    app.confirm_button.click()
    assert t("round_nothing", "nl") in app.message.value
    with Workspace.open(ws_path) as ws:
        assert ws.rounds == ["2025", "2026"]


def test_without_a_workspace_an_upload_is_shown_at_once_as_before():
    app = OverviewApp(leerlib.load_sample("2026"))
    _load_2025_upload(app)
    assert app.source == "upload" and app.pending is None
    assert app.confirm_box.layout.display == "none"


# pseudonyms from the workspace key -------------------------------------------------------
def _expected_pseudonyms(ws_path, rounds) -> set[str]:
    with Workspace.open(ws_path) as ws:
        survey = ws.survey(rounds)
    return set(pseudonymize(survey, _file_key(ws_path)).people["person_id"])


def test_two_apps_and_a_download_give_the_workspace_s_pseudonyms(ws_path, monkeypatch):
    """Two pages (apps that open the workspace each) and a download show the pseudonyms that
    leerlib.privacy.pseudonymize gives with the key read from the workspace's key file."""
    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    expected = _expected_pseudonyms(ws_path, ["2025", "2026"])
    a, b = OverviewApp(workspace=ws_path), OverviewApp(workspace=str(ws_path))
    assert set(a.private.people["person_id"]) == expected
    assert set(b.private.people["person_id"]) == expected
    a.dl_button.click()
    import base64
    import re

    links = {
        m.group(1): base64.b64decode(m.group(2))
        for m in re.finditer(
            r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', a.dl_links.value
        )
    }
    (zipped,) = [v for k, v in links.items() if k.endswith("_csv.zip")]
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        # the download's file names and headers follow the page's language (personen.csv)
        people = pd.read_csv(zf.open(t("xl_sheet_people", a.lang) + ".csv"), sep=";", dtype=str)
    ids = people[t("xl_col_person_id", a.lang)]  # its headers too (Persoonscode)
    assert len(people) and set(ids) <= expected


_KERNEL = """
import json, os
from leerlib.dashboards import OverviewApp, served_workspace
app = OverviewApp(workspace=served_workspace())
print(json.dumps(sorted(app.private.people["person_id"])))
"""


@pytest.mark.slow
def test_two_kernels_of_the_served_workspace_give_the_same_pseudonyms(ws_path, tmp_path):
    """Two processes, as two Voila kernels get it: only the workspace's location in the
    environment (LEERLIB_WORKSPACE), no LEERLIB_KEY; a pseudonym the same in both."""
    env = {k: v for k, v in os.environ.items() if k != "LEERLIB_KEY"}
    env.update(LEERLIB_WORKSPACE=str(ws_path), PYTHONPATH=str(REPO))
    runs = []
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", _KERNEL],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode == 0, out.stderr[-2000:]
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert runs[0] == runs[1] == sorted(_expected_pseudonyms(ws_path, ["2025", "2026"]))


# serve --workspace -----------------------------------------------------------------------
def test_serve_names_the_workspace_to_the_kernels_as_an_absolute_path(ws_path, monkeypatch):
    from leerlib import serve

    monkeypatch.delenv("LEERLIB_WORKSPACE", raising=False)
    monkeypatch.chdir(ws_path.parent)
    assert serve._workspace_problem(ws_path.name) is None
    assert os.environ["LEERLIB_WORKSPACE"] == str(ws_path.resolve())


def test_serve_without_workspace_serves_the_demo(tmp_path, monkeypatch):
    from leerlib import serve

    monkeypatch.setenv("LEERLIB_DATA_DIR", str(tmp_path))
    # set, then removed: the variables the call sets are restored (removed) after the test
    for name in ("LEERLIB_WORKSPACE", DEMO_ENV):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    assert serve._workspace_problem(None) is None
    assert os.environ["LEERLIB_WORKSPACE"] == str(tmp_path / "demo.leerlib")


@pytest.mark.parametrize("make", ["missing", "csv", "no_key"])
def test_serve_refuses_a_workspace_it_cannot_use_in_one_line(tmp_path, monkeypatch, capsys, make):
    from leerlib import serve

    monkeypatch.delenv("LEERLIB_KEY", raising=False)
    monkeypatch.delenv("LEERLIB_WORKSPACE", raising=False)
    path = tmp_path / "school.leerlib"
    if make == "csv":
        path.write_text("person_id,name\n1,An\n")
    elif make == "no_key":
        Workspace.create(path, org="De Regenboog").close()
        path.with_name(path.name + KEY_SUFFIX).unlink()
    assert serve.main(["--workspace", str(path), "--no-preheat"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("leerlib.serve: --workspace ")
    assert str(path) in err
    assert "LEERLIB_WORKSPACE" not in os.environ


def test_an_empty_workspace_says_so_and_takes_its_first_round(tmp_path):
    path = tmp_path / "nieuw.leerlib"
    Workspace.create(path, org="De Regenboog").close()
    app = OverviewApp(workspace=path)
    assert t("workspace_empty", "nl", org="De Regenboog") in app.message.value
    assert str(tmp_path) not in app.message.value  # no server path in the page
    _load_2025_upload(app)
    assert app.round_name.value == "2025"  # the upload's wave, free in an empty workspace
    app.confirm_button.click()
    assert t("round_saved", "nl", name="2025") in app.message.value, app.message.value
    assert app.wave.options == (("2025", "2025"),) and app.wave.value == "2025"
    with Workspace.open(path) as ws:
        assert ws.rounds == ["2025"]


_MAKE_DEMO = (
    "from leerlib.workspace import demo_workspace, Workspace\n"
    "p = demo_workspace()\nws = Workspace.open(p)\nprint(ws.id, ws.rounds)\n"
)


@pytest.mark.slow
def test_servers_started_together_make_the_demo_once(tmp_path):
    env = dict(os.environ, LEERLIB_DATA_DIR=str(tmp_path), PYTHONPATH=str(REPO))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _MAKE_DEMO],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e[-2000:] for _, e in outs]
    ids = {o.strip() for o, _ in outs}
    assert len(ids) == 1 and ids.pop().endswith("['2025', '2026']")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.leerlib", "demo.leerlib.key"]


@pytest.mark.slow
def test_a_first_start_killed_while_filling_leaves_no_half_demo(tmp_path):
    """Killed inside the first add_round of the filling (the workspace's test pause hook), the
    demonstration is not there; the next start makes it whole."""
    import signal
    import time

    inside = tmp_path / "inside"
    data = tmp_path / "data"
    env = dict(
        os.environ,
        LEERLIB_DATA_DIR=str(data),
        PYTHONPATH=str(REPO),
        LEERLIB_WORKSPACE_TEST_PAUSE=str(inside),
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", _MAKE_DEMO],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    end = time.monotonic() + 120
    while not inside.exists() and time.monotonic() < end and proc.poll() is None:
        time.sleep(0.1)
    assert inside.exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert not (data / "demo.leerlib").exists()
    assert (data / "demo.leerlib.lock").exists()  # left by the killed process, and taken over
    env.pop("LEERLIB_WORKSPACE_TEST_PAUSE")
    out = subprocess.run(
        [sys.executable, "-c", _MAKE_DEMO], env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("['2025', '2026']")
    assert not [p for p in data.iterdir() if ".part" in p.name or p.name.endswith(".lock")]


# the demonstration says so; a user's workspace has no open page ---------------------------
@pytest.fixture
def demo_env(tmp_path, monkeypatch):
    """The environment a kernel of ``python -m leerlib.serve`` gets, restored afterwards."""
    from leerlib.dashboards import DEMO_ENV

    monkeypatch.setenv("LEERLIB_DATA_DIR", str(tmp_path / "data"))
    for name in ("LEERLIB_WORKSPACE", DEMO_ENV, "LEERLIB_SIGNED_LINKS"):
        monkeypatch.setenv(name, "")  # recorded, so that what serve sets is undone afterwards
        monkeypatch.delenv(name)
    return DEMO_ENV


def test_the_demo_server_s_open_personal_page_says_it_is_a_demonstration(demo_env):
    """Served without --workspace (the README's run command), the open "pick yourself" page
    says in both languages that it is a demonstration; a locked page (signed links) does not
    offer names to pick and says nothing of the kind."""
    from leerlib import serve
    from leerlib.dashboards import PersonalApp

    assert serve._workspace_problem(None) is None
    assert os.environ[demo_env] == "1"
    app = PersonalApp()
    assert app.demo and app.demo_note.layout.display != "none"
    assert t("web_demo", "nl") in html.unescape(app.demo_note.value)
    app.set_language("en")
    assert "A demonstration with made-up colleagues" in app.demo_note.value
    locked = PersonalApp(key=b"a key of at least sixteen bytes", locked=True)
    assert not locked.demo and locked.demo_note.value == ""


@pytest.mark.parametrize("made_by", ["init --sample", "the demo file itself"])
def test_a_workspace_given_with_workspace_is_no_demonstration(demo_env, tmp_path, made_by):
    """With --workspace, also one made by `init --sample` (the same made-up people) or the
    demonstration's own file named explicitly, the kernels are not told it is a demonstration
    (the personal address is then answered by the link-checked pages: test_personal_web)."""
    from leerlib import serve
    from leerlib.__main__ import main
    from leerlib.dashboards import PersonalApp

    if made_by == "init --sample":
        path = tmp_path / "mine.leerlib"
        assert main(["workspace", "init", str(path), "--sample"]) == 0
    else:
        path = demo_workspace()
    os.environ[demo_env] = "1"  # left over from an earlier demo start in this process
    assert serve._workspace_problem(str(path)) is None
    assert demo_env not in os.environ
    app = PersonalApp()
    assert not app.demo and app.demo_note.value == ""


# a round saved from notebook 01 reaches the dashboard --------------------------------------
@pytest.fixture(scope="module")
def notebook_01_workspace(tmp_path_factory):
    """Notebook 01 run top to bottom with ``workspace_path`` set (its parameters cell), so that
    it saves its cleaned round 2025 with its own call (``Workspace.create`` + ``add_round``);
    the workspace's path and the time the round was stored, as the overview prints it."""
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    path = tmp_path_factory.mktemp("notebook01") / "samen_leren.leerlib"
    nb = nbformat.read(REPO / "notebooks" / "01_survey_cleaning.ipynb", as_version=4)
    (at,) = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(f"workspace_path = {str(path)!r}"))
    saved = os.environ.pop("LEERLIB_KEY", None)  # the key goes in the file beside it
    try:
        nbclient.NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(REPO / "notebooks")}},
        ).execute()
    finally:
        if saved is not None:
            os.environ["LEERLIB_KEY"] = saved
    assert path.is_file() and path.with_name(path.name + KEY_SUFFIX).is_file()
    with Workspace.open(path) as ws:
        assert ws.rounds == ["2025"] and ws.org.name == "Stichting Samen Leren"
        table = ws.round_table()
    stored_at = pd.to_datetime(table["imported_at"]).dt.strftime("%Y-%m-%d %H:%M").iloc[0]
    return path, stored_at


@pytest.mark.slow
def test_a_round_saved_in_notebook_01_is_offered_by_the_overview(notebook_01_workspace):
    """The overview on that workspace (what a served page builds) offers the round and lists
    it with the time the notebook stored it; the map shows the notebook's ties."""
    path, stored_at = notebook_01_workspace
    app = OverviewApp(workspace=path)
    assert app.message.value == ""
    assert app.wave.options == (("2025", "2025"),) and app.wave.value == "2025"
    assert "Stichting Samen Leren" in app.rounds_list.value and stored_at in app.rounds_list.value
    with Workspace.open(path) as ws:
        ties = ws.survey("2025").ties
    assert app.graph(None).number_of_edges() == len(ties.drop_duplicates(["source", "target"]))


@pytest.mark.slow
@pytest.mark.browser
def test_a_round_saved_in_notebook_01_is_listed_by_the_served_overview(
    notebook_01_workspace, tmp_path, chromium
):
    """``python -m leerlib.serve --workspace`` on the notebook's file: in Chromium the round
    dropdown offers 2025 and the page's table of rounds lists it with its time of storing."""
    from tests.serving import start, stop

    path, stored_at = notebook_01_workspace
    proc, base = start(["--workspace", str(path), "--no-preheat"], tmp_path / "serve.log")
    try:
        with chromium() as br:
            br.get(f"{base}/voila/render/netwerk_overzicht.ipynb?lang=en")
            br.wait_for("document.querySelector('.ll-wave select') !== null", timeout=240)
            assert br.js(
                "return [...document.querySelector('.ll-wave select').options].map(o => o.text)"
            ) == ["2025"]
            br.wait_for("document.querySelector('.ll-rounds') !== null", timeout=60)
            listed = br.js("return document.querySelector('.ll-rounds').textContent")
    finally:
        stop(proc)
    assert "Stichting Samen Leren" in listed and stored_at in listed, listed


# the README's run command: the same pseudonyms after a reload -----------------------------
@pytest.mark.slow
def test_the_readme_run_command_gives_the_same_pseudonyms_after_a_reload(tmp_path, monkeypatch):
    """``python -m leerlib.serve`` with no options (the README's run command, here on a free
    port and without preheated kernels, so that each load gets a kernel of its own): two loads
    of the overview show the same pseudonyms, those that leerlib.privacy.pseudonymize gives
    with the demonstration workspace's key read from its key file, none of another key's."""
    import re

    from tests.serving import fetch, start, stop

    monkeypatch.setenv("LEERLIB_DATA_DIR", str(tmp_path / "data"))
    for name in ("LEERLIB_KEY", "LEERLIB_WORKSPACE", "LEERLIB_DEMO"):
        monkeypatch.delenv(name, raising=False)
    proc, base = start(["--no-preheat"], tmp_path / "serve.log")
    try:
        shown = []
        for _ in range(2):
            status, _, page = fetch(base + "/voila/render/netwerk_overzicht.ipynb", timeout=300)
            assert status == 200, page[-2000:]
            shown.append(set(re.findall(r"p-[0-9a-f]{8}", page)))
    finally:
        stop(proc)
    path = tmp_path / "data" / "demo.leerlib"
    with Workspace.open(path) as ws:
        survey = ws.survey()
    ours = set(pseudonymize(survey, _file_key(path)).people["person_id"])
    other = set(pseudonymize(survey, b"another key of 16+ bytes").people["person_id"])
    assert shown[0] and shown[0] == shown[1]
    assert shown[0] <= ours and not shown[0] & other
