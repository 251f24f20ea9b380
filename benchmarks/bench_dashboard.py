"""Dashboard benchmark: request to a drawn map, against an empty notebook on the same Voila.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_dashboard`` (``--repeat 3``,
``--sessions 10``). It copies the two dashboard notebooks and an empty notebook (no cells) into a
temporary folder and serves them with ``python -m leerlib.serve`` exactly as the README does
(loopback, preheated kernels), plus once with ``--no-preheat`` and once with ``--framed-maps``
(every map in a sandboxed frame, the way maps were shown before) for comparison. In headless
Chromium (tests/browser.py) it measures, per page and in the same run:

* *drawn*: time from the start of the navigation (the browser's own clock,
  ``performance.now()`` in the page, whose zero is the navigation start) to the first moment a
  drawn map is shown: a ``.leerlib-map`` with ``data-drawn`` (set at vis-network's first drawing
  on a canvas with a size) that is not inside a hidden element. For the empty notebook: to the
  moment Voila shows the rendered page (its spinner removed, the cells shown). A script the
  browser runs in every new page before the page's own scripts records these moments with a
  MutationObserver, so no polling delay enters the figures. With ``--framed-maps`` the map is
  drawn inside its frame; that frame's own moment is converted to the page's clock through
  ``performance.timeOrigin``.
* *widgets*: the same clock, to the moment the app's widgets are in the page (``.ll-app``):
  from then on the controls work.
* *x empty*: median time divided by the empty notebook's median. Before each measurement the
  run waits until Voila has refilled the notebook's pool and the server and its kernels are
  idle (a server that has been up a while).

Then it opens ``--sessions`` overview pages at once (tabs of one browser), waits until every one
shows its map, and reports the time until all are drawn and the memory of every kernel process
(RSS and USS from psutil; the server process separately). Results go to
benchmarks/results/dashboard.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.browser import Browser  # noqa: E402
from tests.test_dashboards_browser import _start, _stop  # noqa: E402

__all__ = ["main"]

PAGES = {
    "empty": "leeg.ipynb",
    "overview": "netwerk_overzicht.ipynb",
    "personal": "mijn_leernetwerk.ipynb?persoon=P0003",
}

# drawn and shown (not inside a hidden element: Voila hides the page until it is ready)
DRAWN_JS = (
    "return [...document.querySelectorAll('.leerlib-map[data-drawn=\"1\"]')]"
    ".some(r => r.getClientRects().length > 0)"
)
# Runs in every new page before its own scripts: the moments (performance.now(), ms) at which
# the page first shows a drawn map, shows Voila's rendered cells, and holds the app's widgets.
MARKS_JS = r"""
(function () {
  var t = window.__leerlibBench = {origin: performance.timeOrigin};
  function mark(k) { if (!(k in t)) { t[k] = performance.now(); } }
  function check() {
    var maps = document.querySelectorAll('.leerlib-map[data-drawn="1"]');
    for (var i = 0; i < maps.length; i++) {
      if (maps[i].getClientRects().length > 0) { mark('drawn'); break; }
    }
    var cells = document.getElementById('rendered_cells');
    if (cells && !document.getElementById('loading') && cells.style.display !== 'none') { mark('rendered'); }
    if (document.querySelector('.ll-app')) { mark('widgets'); }
  }
  new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true});
})();
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _folder() -> Path:
    d = Path(tempfile.mkdtemp(prefix="leerlib-bench-"))
    for name in ("netwerk_overzicht.ipynb", "mijn_leernetwerk.ipynb"):
        shutil.copy(REPO / "notebooks" / "dashboards" / name, d / name)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nbformat.write(nb, d / "leeg.ipynb")
    return d


def _frame_drawn_s(br, top_origin: float) -> float | None:
    """--framed-maps: when the map inside the page's first map frame was first drawn, in
    seconds on the page's clock (the frame's own clock starts later), or None."""
    frames = br.driver.find_elements("css selector", "iframe.leerlib-map-frame")
    if not frames:
        return None
    try:
        br.driver.switch_to.frame(frames[0])
        marks = br.js("return window.__leerlibBench || null")
    except Exception:  # replaced while we looked
        return None
    finally:
        br.driver.switch_to.default_content()
    if not marks or "drawn" not in marks:
        return None
    return (marks["origin"] + marks["drawn"] - top_origin) / 1000


def _time_page(
    br, url: str, empty: bool, framed: bool = False, timeout: float = 180.0
) -> tuple[float, float | None]:
    """(shown, widgets) in seconds from the navigation start, by the page's own clock: shown is
    the first drawn map on screen (the empty notebook: its rendered page); widgets the app's
    widgets in the page (None for the empty notebook)."""
    br.get("about:blank")
    br.js("window.location.href = arguments[0];", url)
    want = ("rendered",) if empty else ("widgets",) if framed else ("drawn", "widgets")
    cond = " && ".join(f"window.__leerlibBench.{k} !== undefined" for k in want)
    br.wait_for(f"window.__leerlibBench !== undefined && {cond}", timeout=timeout, poll=0.05)
    marks = br.js("return window.__leerlibBench")
    if empty:
        return marks["rendered"] / 1000, None
    if framed:
        end = time.monotonic() + timeout
        while (drawn := _frame_drawn_s(br, marks["origin"])) is None:
            if time.monotonic() > end:
                raise AssertionError(f"{url}: no map frame drawn within {timeout}s")
            time.sleep(0.05)
        return drawn, marks["widgets"] / 1000
    return marks["drawn"] / 1000, marks["widgets"] / 1000


def _pool_filled(log: Path, name: str) -> int:
    return log.read_text(errors="replace").count(f"Kernel pool of {name} is filled")


def _wait_pools(log: Path, counts: dict, timeout: float = 180.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if all(_pool_filled(log, n) >= c for n, c in counts.items()):
            return
        time.sleep(0.2)
    raise AssertionError(f"kernel pools not refilled: {counts}")


def _wait_idle(server_pid: int, timeout: float = 180.0) -> None:
    """Wait until the server and its kernels use (almost) no CPU: preheated notebooks have run."""
    import psutil

    server = psutil.Process(server_pid)
    quiet = 0
    end = time.monotonic() + timeout
    while time.monotonic() < end and quiet < 3:
        procs = [server, *server.children(recursive=True)]
        for p in procs:
            p.cpu_percent(None)
        time.sleep(0.5)
        busy = 0.0
        for p in procs:
            try:
                busy += p.cpu_percent(None)
            except psutil.NoSuchProcess:
                pass
        quiet = quiet + 1 if busy < 10.0 else 0


def _measure(folder: Path, repeat: int, preheat: bool, logdir: Path, framed: bool = False) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = logdir / f"voila-{'preheat' if preheat else 'cold'}{'-framed' if framed else ''}.log"
    args = ["--notebooks", str(folder), "--allow", "leeg.ipynb", "--port", str(port)]
    if not preheat:
        args.append("--no-preheat")
    if framed:
        args.append("--framed-maps")
    proc = _start(args, log, base + "/")
    times: dict = {k: [] for k in PAGES}
    apps: dict = {k: [] for k in PAGES if k != "empty"}
    try:
        expected = {p.split("?")[0]: 1 for p in PAGES.values()}
        with Browser() as br:
            br.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": MARKS_JS})
            for _ in range(repeat):
                for key, page in PAGES.items():
                    name = page.split("?")[0]
                    if preheat:
                        _wait_pools(log, expected)
                    _wait_idle(proc.pid)
                    drawn, app = _time_page(
                        br, f"{base}/voila/render/{page}", key == "empty", framed
                    )
                    times[key].append(drawn)
                    if app is not None:
                        apps[key].append(app)
                    expected[name] += 1
                    br.get("about:blank")  # closes the page: Voila shuts its kernel down
            outside = br.outside_requests()
    finally:
        _stop(proc)
    med = {k: statistics.median(v) for k, v in times.items()}
    app_med = {k: statistics.median(v) for k, v in apps.items()}
    return {
        "times_s": times,
        "median_s": med,
        "outside_requests": outside,
        "x_empty": {k: med[k] / med["empty"] for k in ("overview", "personal")},
        "widgets_s": apps,
        "widgets_median_s": app_med,
        "widgets_x_empty": {k: v / med["empty"] for k, v in app_med.items()},
    }


def _kernel_memory(server_pid: int) -> dict:
    import psutil

    server = psutil.Process(server_pid)
    kernels = [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    rss = [p.memory_info().rss / 2**20 for p in kernels]
    uss = [p.memory_full_info().uss / 2**20 for p in kernels]
    return {
        "kernels": len(kernels),
        "rss_mb_mean": statistics.mean(rss),
        "rss_mb_max": max(rss),
        "uss_mb_mean": statistics.mean(uss),
        "server_rss_mb": server.memory_info().rss / 2**20,
    }


def _concurrent(folder: Path, sessions: int, logdir: Path) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = logdir / "voila-sessions.log"
    proc = _start(["--notebooks", str(folder), "--port", str(port)], log, base + "/")
    try:
        _wait_pools(log, {"netwerk_overzicht.ipynb": 1, "mijn_leernetwerk.ipynb": 1})
        _wait_idle(proc.pid)
        with Browser() as br:
            url = f"{base}/voila/render/netwerk_overzicht.ipynb"
            start = time.perf_counter()
            br.get("about:blank")
            for _ in range(sessions):
                br.js("window.open(arguments[0], '_blank');", url)
            handles = br.driver.window_handles[1:]
            pending = set(handles)
            drawn_at = {}
            end = start + 600
            while pending and time.perf_counter() < end:
                for h in list(pending):
                    br.driver.switch_to.window(h)
                    if br.js(DRAWN_JS):  # the served default: maps in the page
                        drawn_at[h] = time.perf_counter() - start
                        pending.discard(h)
                time.sleep(0.2)
            memory = _kernel_memory(proc.pid)
            errors = 0
            for h in handles:
                br.driver.switch_to.window(h)
                errors += int(br.js("return document.querySelector('.ll-error') !== null"))
            outside = br.outside_requests()
    finally:
        _stop(proc)
    return {
        "sessions": sessions,
        "rendered": len(drawn_at),
        "with_error": errors,
        "all_drawn_s": max(drawn_at.values()) if drawn_at else None,
        "first_drawn_s": min(drawn_at.values()) if drawn_at else None,
        "memory": memory,
        "outside_requests": outside,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args(argv)
    folder = _folder()
    logdir = REPO / "benchmarks" / "results"
    logdir.mkdir(parents=True, exist_ok=True)
    try:
        result = {
            "preheated": _measure(folder, args.repeat, True, logdir),
            "cold": _measure(folder, max(1, args.repeat - 1), False, logdir),
            # the same pages with every map in a sandboxed frame (python -m leerlib.serve --framed-maps)
            "preheated_framed": _measure(folder, args.repeat, True, logdir, framed=True),
            "concurrent": _concurrent(folder, args.sessions, logdir) if args.sessions > 0 else None,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    (logdir / "dashboard.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    for mode in ("preheated", "cold", "preheated_framed"):
        r = result[mode]
        print(
            f"{mode:16s} "
            + "  ".join(f"{k} {v:.2f}s" for k, v in r["median_s"].items())
            + "  | x empty: "
            + "  ".join(f"{k} {v:.2f}" for k, v in r["x_empty"].items())
            + "  | widgets in the page, x empty: "
            + "  ".join(f"{k} {v:.2f}" for k, v in r["widgets_x_empty"].items())
            + f"  | outside requests {len(r['outside_requests'])}"
        )
    c = result["concurrent"]
    if c is None:
        return result
    m = c["memory"]
    print(
        f"{c['sessions']} sessions: {c['rendered']} drawn ({c['with_error']} with an error), "
        f"all drawn after {c['all_drawn_s']:.1f}s; {m['kernels']} kernels, RSS {m['rss_mb_mean']:.0f} MB "
        f"mean / {m['rss_mb_max']:.0f} MB max, USS {m['uss_mb_mean']:.0f} MB mean; "
        f"server {m['server_rss_mb']:.0f} MB; outside requests {len(c['outside_requests'])}"
    )
    return result


if __name__ == "__main__":
    main()
