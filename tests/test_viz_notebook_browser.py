"""Maps in notebooks, in a real headless Chromium: the wheel scrolls past a map, and notebook 03
runs in JupyterLab with every map drawn from one copy of vis-network and no outside request."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time

import networkx as nx
import pytest

import leerlib
from leerlib.viz import _notebook, _page
from tests.serving import REPO, fetch, free_port, stop

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
DRAWN = "document.querySelectorAll('.leerlib-map[data-drawn=\"1\"]').length"


def _map(title: str):
    G = nx.DiGraph([(f"p{i}", f"p{(i * 7 + 3) % 30}") for i in range(30)])
    for v in G:
        G.nodes[v].update(name=v.upper(), team="AB"[int(v[1:]) % 2])
    return leerlib.network_map(G, color_by="team", title=title, height=400)


def _wheel(br, x: float, y: float, dy: float, modifiers: int = 0) -> None:
    """A real (trusted) wheel turn at viewport point (x, y); modifiers 2 = Ctrl, 4 = Meta."""
    br.driver.execute_cdp_cmd(
        "Input.dispatchMouseEvent",
        {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": dy, "modifiers": modifiers},
    )


def _mouse(br, kind: str, x: float, y: float) -> None:
    event = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
    if kind == "mouseMoved":
        event.update(button="none", clickCount=0)
    br.driver.execute_cdp_cmd("Input.dispatchMouseEvent", event)


def test_the_wheel_scrolls_the_page_past_a_map_and_zooms_with_ctrl_or_after_a_click(
    chromium, tmp_path
):
    """A notebook-like page: a map that arrived before the library (it waits), then the map
    carrying the library, with text above and below."""
    first, second = _map("wacht"), _map("draagt")
    spacer = '<div style="height:900px">tekst</div>'
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        + spacer
        + _page.notebook_html(first.data, height=400, title="wacht", assets=False)
        + spacer
        + _page.notebook_html(second.data, height=400, title="draagt", assets=True)
        + spacer
        + "</body></html>"
    )
    path = tmp_path / "notebook.html"
    path.write_text(page, encoding="utf-8")
    with chromium(width=1200, height=800) as br:
        br.open_file(path)
        br.wait_for(f"{DRAWN} == 2", timeout=60)
        br.js("document.querySelectorAll('.leerlib-map')[0].scrollIntoView({block: 'center'});")
        time.sleep(0.3)
        x, y = br.js(
            "var r = document.querySelector('.leerlib-map .lm-canvas')"
            ".getBoundingClientRect(); return [r.left + r.width / 3, r.top + r.height / 2];"
        )
        scale = "window.leerlibMaps[document.querySelector('.leerlib-map').id].network.getScale()"
        s0, y0 = br.js(f"return [{scale}, window.scrollY];")

        _wheel(br, x, y, 300)  # a plain wheel turn: the page scrolls, the map stays
        br.wait_for(f"window.scrollY > {y0 + 50}", timeout=5)
        assert br.js(f"return {scale};") == pytest.approx(s0)
        assert br.js("return !document.querySelector('.lm-wheel-hint').hidden;")

        br.js("document.querySelectorAll('.leerlib-map')[0].scrollIntoView({block: 'center'});")
        time.sleep(0.3)
        y1 = br.js("return window.scrollY;")
        _wheel(br, x, y, -300, modifiers=2)  # Ctrl + wheel: the map zooms in, the page stays
        br.wait_for(f"{scale} > {s0 * 1.05}", timeout=5)
        assert br.js("return window.scrollY;") == y1
        s1 = br.js(f"return {scale};")

        _mouse(br, "mousePressed", x, y)  # a click: now the plain wheel zooms
        _mouse(br, "mouseReleased", x, y)
        _wheel(br, x, y, 300)
        br.wait_for(f"{scale} < {s1 * 0.95}", timeout=5)
        assert br.js("return window.scrollY;") == y1

        _mouse(br, "mouseMoved", 5, 5)  # the pointer leaves the map: the wheel scrolls again
        _mouse(br, "mouseMoved", x, y)
        s2 = br.js(f"return {scale};")
        _wheel(br, x, y, 300)
        br.wait_for(f"window.scrollY > {y1 + 50}", timeout=5)
        assert br.js(f"return {scale};") == pytest.approx(s2)
        assert br.outside_requests() == []
        assert br.console_errors() == []


# --- notebook 03 in JupyterLab -----------------------------------------------------------------


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab on a free loopback port, serving a copy of notebook 03; its own config,
    settings and runtime folders, no update check, news feed or extension catalogue."""
    pytest.importorskip(
        "jupyterlab", reason="JupyterLab is not installed (pip install -e '.[dashboards]')"
    )
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(REPO / "notebooks" / "03_network_maps.ipynb", root)
    config = tmp_path / "config"
    config.mkdir()
    (config / "jupyter_lab_config.json").write_text(
        json.dumps(
            {
                "LabApp": {
                    "news_url": None,
                    "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                    "extension_manager": "readonly",
                }
            }
        )
    )
    env = dict(
        os.environ,
        PYTHONPATH=str(REPO),
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
    )
    env.pop(_notebook.MODE_ENV, None)
    port, token = free_port(), secrets.token_hex(16)
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=root,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        end = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise AssertionError((tmp_path / "lab.log").read_text()[-3000:])
            try:
                fetch(f"{base}/api/status?token={token}", timeout=5)
                break
            except OSError:
                if time.monotonic() > end:
                    raise AssertionError("JupyterLab did not answer within 120 s") from None
                time.sleep(0.5)
        yield base, token
    finally:
        stop(proc)
        log.close()


@pytest.mark.slow
def test_notebook_03_runs_in_jupyterlab_and_draws_every_map(chromium, jupyterlab):
    base, token = jupyterlab
    with chromium(width=1400, height=1000) as br:
        br.get(f"{base}/lab/tree/03_network_maps.ipynb?token={token}")
        br.wait_for("document.querySelectorAll('.jp-Notebook .jp-Cell').length > 10", timeout=120)
        # Run > Run All Cells, through the menu as a reader does, once the notebook is the
        # current document and its kernel is idle (the command is disabled before)
        br.wait_for(
            "document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')",
            timeout=120,
        )
        run_all = '.lm-Menu-item[data-command="runmenu:run-all"]:not(.lm-mod-disabled)'
        started = (
            "Array.from(document.querySelectorAll('.jp-InputPrompt'))"
            ".some(function (p) { return /\\[[0-9*]+\\]/.test(p.textContent); })"
        )
        for _ in range(3):  # a click that lands while the menu still builds is tried again
            br.js(
                "return Array.from(document.querySelectorAll('.lm-MenuBar-item'))"
                ".find(function (e) { return e.textContent.trim() === 'Run'; });"
            ).click()
            time.sleep(1)
            item = br.js(f"return document.querySelector('{run_all}');")
            if item is not None:
                item.click()  # a real click: Lumino runs the item on the mouse going up
            try:
                br.wait_for(started, timeout=20)
                break
            except AssertionError:
                continue
        br.wait_for(started, timeout=1)
        # seven maps; each drawn once it is scrolled into view (off-screen cells are not painted)
        br.wait_for(
            "document.querySelectorAll('.jp-Notebook .leerlib-map').length == 7", timeout=300
        )
        br.wait_for(
            "Array.from(document.querySelectorAll('.jp-InputPrompt'))"
            ".every(function (p) { return p.textContent.indexOf('*') < 0; })"
            " && document.querySelectorAll('.jp-Notebook .jp-RenderedImage img').length >= 1",
            timeout=300,
        )
        for i in range(7):
            br.js(
                f"document.querySelectorAll('.jp-Notebook .leerlib-map')[{i}]"
                ".scrollIntoView({block: 'center'});"
            )
            br.wait_for(
                f"document.querySelectorAll('.jp-Notebook .leerlib-map')[{i}]"
                ".getAttribute('data-drawn') === '1'",
                timeout=60,
            )
        br.screenshot(ARTIFACTS / "notebook_03_jupyterlab.png")
        copies = br.js(
            "return Array.from(document.querySelectorAll('.jp-Notebook script'))"
            ".filter(function (s) { return s.textContent.indexOf('key:\"onMouseWheel\"')"
            " >= 0; }).length;"
        )
        assert copies == 1
        assert br.js("return document.querySelectorAll('.jp-Notebook iframe').length;") == 0
        assert (
            br.js(
                "return document.querySelectorAll('.jp-Notebook .jp-OutputArea-output"
                '[data-mime-type="application/vnd.jupyter.stderr"]\').length;'
            )
            == 0
        )
        assert br.outside_requests() == []
