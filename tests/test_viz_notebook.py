"""Maps in notebooks: one copy of vis-network per notebook, a wheel that scrolls past, no
matplotlib warnings from the static export."""

from __future__ import annotations

import html as html_lib
import json
import logging
import sys
from pathlib import Path

import networkx as nx
import pytest

import leerlib
from leerlib.viz import _notebook, _page

NOTEBOOK_03 = Path(__file__).resolve().parents[1] / "notebooks" / "03_network_maps.ipynb"


def _vis_copies(text: str) -> int:
    """Copies of vis-network in a text: its minified code defines this class once per copy."""
    return text.count('key:"onMouseWheel"')


def _small_map(title="Kaart"):
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")])
    for v in G:
        G.nodes[v].update(name=v.upper(), team="A" if v < "c" else "B")
    return leerlib.network_map(G, color_by="team", title=title)


def test_a_static_export_with_a_title_logs_no_matplotlib_warning(tmp_path, caplog):
    """Before: fixed limits plus adjustable="datalim" made matplotlib log "Ignoring fixed y
    limits to fulfill fixed data aspect with adjustable data limits." for every PNG or SVG of a
    map with a title (twice per file; notebook 03 printed it in red)."""
    m = _small_map()
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        m.to_png(tmp_path / "m.png", dpi=40)
        m.to_svg(tmp_path / "m.svg")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []


def test_library_goes_with_the_first_map_and_again_when_its_cell_runs_again(monkeypatch):
    """The order of requests a reader makes, with what each map must carry (reasoned by hand):
    cell A's first map carries the library; a second map in the same run of A does not; cell B
    does not; running A again replaces A's output, so its first map carries it again; a kernel
    that sends no cell id (nbclient, nbval) gets it once."""
    requests = iter([("A", "m1"), ("A", "m1"), ("B", "m2"), ("A", "m3"), ("B", "m4")])
    monkeypatch.setattr(_notebook, "_holder", {"sent": False, "cell": None, "request": None})
    monkeypatch.setattr(_notebook, "_request", lambda: next(requests))
    assert [_notebook._claim_library() for _ in range(5)] == [True, False, False, True, False]
    no_ids = iter([(None, "m1"), (None, "m2"), (None, "m3")])
    monkeypatch.setattr(_notebook, "_holder", {"sent": False, "cell": None, "request": None})
    monkeypatch.setattr(_notebook, "_request", lambda: next(no_ids))
    assert [_notebook._claim_library() for _ in range(3)] == [True, False, False]


def test_front_ends_with_a_frame_per_output_get_frames(monkeypatch):
    monkeypatch.delenv(_notebook.MODE_ENV, raising=False)
    assert _notebook.mode() == "page"
    monkeypatch.setitem(sys.modules, "google.colab", object())
    assert _notebook.mode() == "frame"
    monkeypatch.setenv(_notebook.MODE_ENV, "page")
    assert _notebook.mode() == "page"


def test_display_in_a_notebook_sends_the_library_once(monkeypatch):
    monkeypatch.setattr(_notebook, "_holder", {"sent": False, "cell": None, "request": None})
    monkeypatch.delenv(_notebook.MODE_ENV, raising=False)
    shown = [_small_map(title)._repr_mimebundle_() for title in ("een", "twee", "drie")]
    html = [b["text/html"] for b in shown]
    assert [_vis_copies(h) for h in html] == [1, 0, 0]
    assert all("<iframe" not in h and 'data-wheel="guard"' in h for h in html)
    assert all(b["text/plain"].startswith("NetworkMap(") for b in shown)
    monkeypatch.setenv(_notebook.MODE_ENV, "frame")
    framed = _small_map()._repr_mimebundle_()["text/html"]
    assert framed.startswith("<iframe") and _vis_copies(html_lib.unescape(framed)) == 1
    assert "data-wheel=&quot;guard&quot;" in framed


def test_a_map_in_an_output_widget_carries_its_own_library(monkeypatch):
    """ipywidgets' Output (leerlib.teaching.worked folds maps into one) is not saved with the
    notebook: a map shown there carries the library and leaves the notebook's first map to
    carry it for the rest."""
    import ipywidgets as widgets
    from IPython.core.formatters import format_display_data

    monkeypatch.setattr(_notebook, "_holder", {"sent": False, "cell": None, "request": None})
    monkeypatch.delenv(_notebook.MODE_ENV, raising=False)
    monkeypatch.setattr(_notebook, "_request", lambda: ("A", "m1"))
    out = widgets.Output()
    out.msg_id = "m1"  # what ``with out:`` sets in a kernel
    inside = _small_map()._repr_mimebundle_()["text/html"]
    out.msg_id = ""
    after = format_display_data(_small_map())[0]["text/html"]  # as Output.append_display_data
    assert [_vis_copies(inside), _vis_copies(after)] == [1, 1]
    assert _vis_copies(_small_map()._repr_mimebundle_()["text/html"]) == 0


def test_wheel_guard_where_the_page_scrolls_and_not_where_the_map_is_the_page():
    """Notebook output (in the page or in a frame): guarded; the saved page (the map is the
    whole page), the dashboards' inert markup (leerlib.serve) and their framed map: as before."""
    m = _small_map()
    assert 'data-wheel="guard"' in _page.notebook_html(m.data, height=300, title="", assets=False)
    assert 'data-wheel="guard"' in _page.map_page(m.data, height=300, title="", wheel=True)
    assert "data-wheel=&quot;guard&quot;" not in m._repr_html_()
    assert 'data-wheel="guard"' not in m.html
    assert "data-wheel" not in m.mount_html()
    assert "data-mount" not in _page.notebook_html(m.data, height=300, title="", assets=True)


def test_names_stay_data_in_notebook_output():
    G = nx.DiGraph([("a", "b")])
    G.nodes["a"]["name"] = "</script><img src=x onerror=window.__pwned=1>"
    html = leerlib.network_map(G, color_by=None)
    out = _page.notebook_html(html.data, height=300, title="<b>t</b>", assets=False)
    assert "<img" not in out and "<b>" not in out


@pytest.mark.slow
def test_notebook_03_executed_carries_one_copy_of_vis_network(tmp_path):
    """Notebook 03 draws seven maps. Before: each carried its own copy (seven copies, the
    executed notebook 4.98 MB). After: one copy, in the first map's output."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK_03, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    maps = [h for h in html if "leerlib-map" in h]
    assert len(maps) == 7
    assert [_vis_copies(html_lib.unescape(h)) for h in maps] == [1, 0, 0, 0, 0, 0, 0]
    assert not [o for o in outputs if o.get("name") == "stderr"]  # no red warnings
    size = len(json.dumps(nbformat.writes(nb)))
    assert size < 2_000_000, size
