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
(RSS and USS from psutil; the server process separately).

Then ``--users`` people (default 5) open the overview, each in a Chromium of their own (own
profile and cache: separate sessions, not tabs), arriving evenly spread over ``--spread``
seconds (default 5: at 0, 1.25, 2.5, 3.75 and 5 s), against ``python -m leerlib.serve`` with its
defaults plus any ``--serve-arg``. Per user *drawn* as above (the page's own clock); reported
as p50, p95 and max (linear interpolation between ranks: of five, p95 is the fourth plus 0.8
of the way to the fifth) and divided by the empty notebook's median on the same server (3
loads before the users come); the memory of the server and its kernels idle and at its peak
(sampled every 0.5 s); the CPU seconds used meanwhile by the browsers, the kernels and the
server process; the waiting texts painted while the pages waited; and the load average.
``--parts`` picks among ``single``, ``sessions`` and ``users``. Results go to
benchmarks/results/dashboard.json (one part: dashboard-<part>.json).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import threading
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
  // the waiting texts on screen: read at every frame while Voila's spinner is shown
  t.waiting = [];
  function frame() {
    var spinner = document.getElementById('loading');
    var el = document.getElementById('loading_text');
    if (spinner && el && spinner.style.display !== 'none' && spinner.getClientRects().length) {
      var s = el.textContent.trim();
      if (s && t.waiting.indexOf(s) < 0) { t.waiting.push(s); }
    }
    if (!('rendered' in t)) { requestAnimationFrame(frame); }
  }
  requestAnimationFrame(frame);
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


def _percentile(values: list[float], q: float) -> float:
    """The q-th percentile, interpolated linearly between the closest ranks (numpy's default):
    of five values, p95 is the fourth plus 0.8 of the way to the fifth."""
    import numpy as np

    return float(np.percentile(values, q))


class _MemorySampler(threading.Thread):
    """Every ``every`` seconds, the RSS of the server and all its children (MB); keeps the peak."""

    def __init__(self, server_pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.server_pid, self.every = server_pid, every
        self.peak_mb, self.peak_kernels = 0.0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            total, kernels = _tree_memory(self.server_pid)
            if total > self.peak_mb:
                self.peak_mb, self.peak_kernels = total, kernels
            self._stop_event.wait(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _tree_memory(server_pid: int) -> tuple[float, int]:
    """(RSS of the server and all its children in MB, number of kernels)."""
    import psutil

    server = psutil.Process(server_pid)
    total, kernels = server.memory_info().rss, 0
    for p in server.children(recursive=True):
        try:
            total += p.memory_info().rss
            kernels += "ipykernel" in " ".join(p.cmdline())
        except psutil.NoSuchProcess:
            pass
    return total / 2**20, kernels


def _cpu_seconds(pids: dict[str, list[int]]) -> dict[str, dict[int, float]]:
    """CPU seconds (user + system) used so far by every process in the trees of ``pids``,
    per group name and process id."""
    import psutil

    out: dict[str, dict[int, float]] = {}
    for group, roots in pids.items():
        seen = out.setdefault(group, {})
        for root in roots:
            try:
                top = psutil.Process(root)
                procs = [top, *top.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            for p in procs:
                try:
                    t = p.cpu_times()
                    seen[p.pid] = t.user + t.system
                except psutil.NoSuchProcess:
                    pass
    return out


def _cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds per group between two :func:`_cpu_seconds` snapshots (a process that started
    in between counts in full)."""
    return {
        g: sum(t - before.get(g, {}).get(pid, 0.0) for pid, t in procs.items())
        for g, procs in after.items()
    }


USER_DONE_JS = (
    "return window.__leerlibBench !== undefined && window.__leerlibBench.drawn !== undefined"
    " && window.__leerlibBench.widgets !== undefined ? window.__leerlibBench : null"
)


def _visit(br, url: str, at: float, timeout: float = 300.0) -> dict:
    """One user: at ``at`` (perf_counter) open ``url``; return the page's moments (s)."""
    time.sleep(max(0.0, at - time.perf_counter()))
    opened = time.perf_counter()
    try:
        br.get(url)  # page_load_strategy "none": returns once the navigation has started
    except Exception:  # noqa: BLE001 - a renderer too busy to answer; the page still loads
        pass
    end = opened + timeout
    marks = None
    while marks is None:
        if time.perf_counter() > end:
            raise AssertionError(f"{url}: no drawn map and widgets within {timeout}s")
        time.sleep(0.25)  # the moments come from the page's clock: polling adds no delay
        try:
            marks = br.js(USER_DONE_JS)
        except Exception:  # the page is being replaced
            marks = None
    return {
        "opened_s": opened,
        "drawn_s": marks["drawn"] / 1000,
        "widgets_s": marks["widgets"] / 1000,
        "waiting_texts": marks.get("waiting", []),
        "error": bool(br.js("return document.querySelector('.ll-error') !== null")),
    }


def _users(
    folder: Path,
    users: int,
    spread: float,
    logdir: Path,
    serve_args: list[str],
    repeat_empty: int = 3,
) -> dict:
    """``users`` people open the overview, each in a browser of their own (a separate Chromium
    with its own profile: no shared cache, cookies or connection), arriving evenly spread over
    ``spread`` seconds, against ``python -m leerlib.serve`` with its defaults (plus
    ``serve_args``). The empty notebook's median is measured on the same server first."""
    from concurrent.futures import ThreadPoolExecutor

    import psutil

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = logdir / "voila-users.log"
    args = ["--notebooks", str(folder), "--allow", "leeg.ipynb", "--port", str(port)]
    proc = _start([*args, *serve_args], log, base + "/")
    expected = {p.split("?")[0]: 1 for p in PAGES.values()}
    try:
        _wait_pools(log, expected)
        _wait_idle(proc.pid)
        empty = []
        with Browser() as br:
            br.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": MARKS_JS})
            for _ in range(repeat_empty):
                _wait_pools(log, expected)
                _wait_idle(proc.pid)
                empty.append(_time_page(br, f"{base}/voila/render/{PAGES['empty']}", True)[0])
                expected[PAGES["empty"]] += 1
                br.get("about:blank")
        with contextlib.ExitStack() as stack:
            browsers = []
            for _ in range(users):
                br = stack.enter_context(Browser(page_load_strategy="none"))
                br.driver.execute_cdp_cmd(
                    "Page.addScriptToEvaluateOnNewDocument", {"source": MARKS_JS}
                )
                br.get("about:blank")
                browsers.append(br)
            _wait_pools(log, expected)
            _wait_idle(proc.pid)
            idle_mb, idle_kernels = _tree_memory(proc.pid)
            sampler = _MemorySampler(proc.pid)
            sampler.start()
            load_before = os.getloadavg()
            # CPU of the server process, of its kernels and of the users' browsers
            trees = {
                "browsers": [br.driver.service.process.pid for br in browsers],
                "kernels": [c.pid for c in psutil.Process(proc.pid).children()],
            }
            cpu_before = _cpu_seconds({"server": [], **trees})
            server_cpu = psutil.Process(proc.pid).cpu_times()
            url = f"{base}/voila/render/{PAGES['overview']}"
            start = time.perf_counter() + 0.5
            offsets = [i * spread / max(users - 1, 1) for i in range(users)]
            with ThreadPoolExecutor(users) as pool:
                futures = [
                    pool.submit(_visit, br, url, start + off)
                    for br, off in zip(browsers, offsets, strict=True)
                ]
                visits = [f.result() for f in futures]
            memory = _kernel_memory(proc.pid)
            sampler.stop()
            trees["kernels"] = [c.pid for c in psutil.Process(proc.pid).children()]
            cpu = _cpu_used(cpu_before, _cpu_seconds(trees))
            server_after = psutil.Process(proc.pid).cpu_times()
            cpu["server"] = (server_after.user + server_after.system) - (
                server_cpu.user + server_cpu.system
            )
            wall = time.perf_counter() - start
            outside = [u for br in browsers for u in br.outside_requests()]
    finally:
        _stop(proc)
    drawn = [v["drawn_s"] for v in visits]
    empty_med = statistics.median(empty)
    return {
        "users": users,
        "spread_s": spread,
        "serve_args": serve_args,
        "arrivals_s": [v["opened_s"] - start for v in visits],
        "drawn_s": drawn,
        "widgets_s": [v["widgets_s"] for v in visits],
        "drawn_p50_s": _percentile(drawn, 50),
        "drawn_p95_s": _percentile(drawn, 95),
        "drawn_max_s": max(drawn),
        "empty_s": empty,
        "empty_median_s": empty_med,
        "x_empty": {
            "p50": _percentile(drawn, 50) / empty_med,
            "p95": _percentile(drawn, 95) / empty_med,
            "max": max(drawn) / empty_med,
        },
        "waiting_texts": sorted({t for v in visits for t in v["waiting_texts"]}),
        "with_error": sum(v["error"] for v in visits),
        "idle_mb": idle_mb,
        "idle_kernels": idle_kernels,
        "peak_mb": sampler.peak_mb,
        "peak_kernels": sampler.peak_kernels,
        "memory": memory,
        "outside_requests": outside,
        "load_average_before": load_before,
        "load_average": os.getloadavg(),
        "cpu_s": cpu,
        "wall_s": wall,
    }


PARTS = ("single", "sessions", "users")


def _print_users(u: dict) -> None:
    x = u["x_empty"]
    m = u["memory"]
    print(
        f"{u['users']} users over {u['spread_s']:g}s {' '.join(u['serve_args'])}: map drawn "
        f"p50 {u['drawn_p50_s']:.2f}s p95 {u['drawn_p95_s']:.2f}s max {u['drawn_max_s']:.2f}s "
        f"(x empty {u['empty_median_s']:.2f}s: {x['p50']:.2f} / {x['p95']:.2f} / {x['max']:.2f}); "
        f"each {', '.join(f'{d:.2f}' for d in u['drawn_s'])}; {u['with_error']} with an error; "
        f"server + kernels {u['idle_mb']:.0f} MB idle ({u['idle_kernels']} kernels), peak "
        f"{u['peak_mb']:.0f} MB ({u['peak_kernels']} kernels); kernel RSS {m['rss_mb_mean']:.0f} MB "
        f"mean, server {m['server_rss_mb']:.0f} MB; waiting texts {u['waiting_texts']}; "
        f"outside requests {len(u['outside_requests'])}; CPU s in {u['wall_s']:.1f}s: "
        + ", ".join(f"{k} {v:.1f}" for k, v in u["cpu_s"].items())
        + "; load average before "
        + " ".join(f"{v:.1f}" for v in u["load_average_before"])
        + ", after "
        + " ".join(f"{v:.1f}" for v in u["load_average"])
    )


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--users", type=int, default=5, help="people opening the overview")
    parser.add_argument("--spread", type=float, default=5.0, help="seconds their arrivals span")
    parser.add_argument(
        "--serve-arg",
        action="append",
        default=[],
        help="an option for the users' server besides its defaults (e.g. --serve-arg=--pool-size=3)",
    )
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    args = parser.parse_args(argv)
    folder = _folder()
    logdir = REPO / "benchmarks" / "results"
    logdir.mkdir(parents=True, exist_ok=True)
    result: dict = {}
    try:
        if "single" in args.parts:
            result["preheated"] = _measure(folder, args.repeat, True, logdir)
            result["cold"] = _measure(folder, max(1, args.repeat - 1), False, logdir)
            # the same pages with every map in a sandboxed frame (python -m leerlib.serve --framed-maps)
            result["preheated_framed"] = _measure(folder, args.repeat, True, logdir, framed=True)
        if "sessions" in args.parts and args.sessions > 0:
            result["concurrent"] = _concurrent(folder, args.sessions, logdir)
        if "users" in args.parts and args.users > 0:
            result["users"] = _users(folder, args.users, args.spread, logdir, args.serve_arg)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    name = (
        "dashboard.json"
        if set(args.parts) == set(PARTS)
        else f"dashboard-{'-'.join(args.parts)}.json"
    )
    (logdir / name).write_text(json.dumps(result, indent=2), encoding="utf-8")
    for mode in ("preheated", "cold", "preheated_framed"):
        if mode not in result:
            continue
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
    c = result.get("concurrent")
    if c is not None:
        m = c["memory"]
        print(
            f"{c['sessions']} sessions: {c['rendered']} drawn ({c['with_error']} with an error), "
            f"all drawn after {c['all_drawn_s']:.1f}s; {m['kernels']} kernels, RSS {m['rss_mb_mean']:.0f} MB "
            f"mean / {m['rss_mb_max']:.0f} MB max, USS {m['uss_mb_mean']:.0f} MB mean; "
            f"server {m['server_rss_mb']:.0f} MB; outside requests {len(c['outside_requests'])}"
        )
    if "users" in result:
        _print_users(result["users"])
    return result


if __name__ == "__main__":
    main()
