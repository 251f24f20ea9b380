"""Personal pages for a whole organisation at once: ``serve --workspace`` under 200 links.

On 127.0.0.1: a workspace with the bundled sample's two rounds and, as its latest round, a
synthetic organisation (``leerlib.sample.synthetic_organisation``, ``--people`` on the staff
list, since the sample has fewer than 200 colleagues), personal links for everyone, and
``python -m leerlib.serve --workspace PATH`` with its default settings. Then ``--links``
different links are opened, spread evenly over ``--window`` seconds:

- most by plain HTTP clients (at most ``--clients`` at once): the page, then the four map
  scripts and style sheet a browser with an empty cache would fetch;
- every ``--browser-every``-th by a real headless Chromium (``--browsers`` of them, each with
  its cache cleared before every page): *time to a drawn map* is ``performance.now()`` at
  vis-network's first ``afterDrawing`` event, i.e. from the start of navigation.

Each server is first left to start its preheated kernels (until they are idle). Meanwhile
the resident memory (RSS) of the server and all its children (its preheated kernels)
is sampled. Afterwards, in the same run, the same server is stopped and a server without a
workspace opens one personal page of the kernel-based dashboard (Voila,
``mijn_leernetwerk.ipynb?persoon=P0003``, preheated) in the same way, and the memory that one
visitor adds. Targets: p95 time to a drawn map <= 3 s, server memory <= 1.5 GB, no failure.

Run: ``python -m benchmarks.bench_personal [--links 200] [--window 50] [--clients 16]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import Browser  # noqa: E402
from tests.serving import fetch, start, stop  # noqa: E402

ASSETS = ("leerlib-map.css", "vis-network.min.js", "leerlib-map.js", "leerlib-mount.js")
DRAWN = "document.querySelector('.leerlib-map[data-drawn=\"1\"]') !== null"
FIRST_DRAW = (
    "var m = window.leerlibMaps || {}; var k = Object.keys(m).filter(function (i) "
    "{ return m[i].drawn; }); return k.length ? m[k[0]].firstDrawMs : null;"
)


def _tree_rss_mb(pid: int) -> tuple[float, float]:
    """(RSS of the server and all its children, RSS of the server process alone), MB."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0, 0.0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    try:
        own = root.memory_info().rss
    except psutil.NoSuchProcess:
        own = 0
    return total / 2**20, own / 2**20


def _wait_preheated(pid: int, kernels: int = 2, timeout: float = 240.0) -> float:
    """Wait until the server has ``kernels`` kernel processes and they are idle (their
    preheated notebooks have run); return the seconds waited."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            kids = [
                p
                for p in psutil.Process(pid).children(recursive=True)
                if any("ipykernel" in part for part in p.cmdline())
            ]
            if len(kids) >= kernels:
                busy = sum(p.cpu_percent(interval=None) for p in kids)
                time.sleep(2.0)
                busy = sum(p.cpu_percent(interval=None) for p in kids)
                if busy < 10.0:
                    return time.monotonic() - t0
        except psutil.NoSuchProcess:
            pass
        time.sleep(1.0)
    return time.monotonic() - t0


class _MemoryWatch:
    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every = pid, every
        self.peak = (0.0, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            tree, own = _tree_rss_mb(self.pid)
            self.peak = (max(self.peak[0], tree), max(self.peak[1], own))
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)


def _p(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank) of ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(-(-q * len(ordered) // 1)))  # ceil(q * n)
    return ordered[min(rank, len(ordered)) - 1]


def make_workspace(folder: Path, people: int, links: int, base: str) -> tuple[Path, list[str]]:
    """The sample's two rounds plus a synthetic round of ``people``; ``links`` link paths."""
    from leerlib import load_sample
    from leerlib.sample import synthetic_organisation
    from leerlib.workspace import Workspace

    path = folder / "ws.leerlib"
    ws = Workspace.create(path, org="Stichting Samen Leren")
    ws.add_round(load_sample("2025"), name="2025")
    ws.add_round(load_sample("2026"), name="2026")
    files = synthetic_organisation(people, seed=1, out_dir=folder / "synthetic")
    ws.import_round("2027", files["survey"], files["roster"], files["codebook"])
    table = ws.personal_links(base)
    ws.close()
    if len(table) < links:
        raise SystemExit(f"only {len(table)} colleagues on the latest staff list; --people more")
    urls = list(table["url"])[:links]
    return path, [urlparse(u).path + "?" + urlparse(u).query for u in urls]


def _http_visit(base: str, path: str) -> dict:
    t0 = time.perf_counter()
    status, _, body = fetch(base + path, timeout=60)
    page_s = time.perf_counter() - t0
    ok = status == 200 and 'id="ll-my-map-data"' in body
    for name in ASSETS:
        s, _, _ = fetch(f"{base}/leerlib/assets/{name}", timeout=60)
        ok = ok and s == 200
    return {"ok": ok, "status": status, "page_s": page_s, "total_s": time.perf_counter() - t0}


def _browser_visits(
    br: Browser, base: str, jobs: list[tuple[float, str]], t_start: float, out: list
) -> None:
    for at, path in jobs:
        delay = t_start + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        rec = {"ok": False}
        try:
            br.driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            t0 = time.perf_counter()
            br.get(base + path)
            br.wait_for(DRAWN, timeout=60, poll=0.05)
            rec = {
                "ok": True,
                "drawn_s": br.js(FIRST_DRAW) / 1000.0,
                "wall_s": time.perf_counter() - t0,
            }
        except Exception as exc:  # noqa: BLE001 - a failure is a figure here
            rec = {"ok": False, "error": repr(exc)[:300]}
        out.append(rec)


def run_load(path: Path, links: list[str], args, tmp: Path) -> dict:
    proc, base = start(["--workspace", str(path)], tmp / "serve-workspace.log", timeout=180)
    try:
        _wait_preheated(proc.pid)  # the preheated kernels start after the server answers
        idle = _tree_rss_mb(proc.pid)
        step = args.window / len(links)
        schedule = [(i * step, p) for i, p in enumerate(links)]
        by_browser = [s for i, s in enumerate(schedule) if i % args.browser_every == 0]
        by_http = [s for i, s in enumerate(schedule) if i % args.browser_every != 0]
        browsers = [Browser().__enter__() for _ in range(args.browsers)]
        try:
            for br in browsers:  # load the browser itself once, outside the measurement
                br.get("about:blank")
            http_out: list = []
            br_out: list = []
            with _MemoryWatch(proc.pid) as watch:
                t_start = time.monotonic()
                threads = [
                    threading.Thread(
                        target=_browser_visits,
                        args=(br, base, by_browser[k :: args.browsers], t_start, br_out),
                    )
                    for k, br in enumerate(browsers)
                ]
                for th in threads:
                    th.start()

                def job(item):
                    at, p = item
                    delay = t_start + at - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                    try:
                        return _http_visit(base, p)
                    except Exception as exc:  # noqa: BLE001
                        return {"ok": False, "error": repr(exc)[:300]}

                with ThreadPoolExecutor(max_workers=args.clients) as pool:
                    http_out = list(pool.map(job, by_http))
                for th in threads:
                    th.join()
                elapsed = time.monotonic() - t_start
            after = _tree_rss_mb(proc.pid)
        finally:
            for br in browsers:
                br.__exit__(None, None, None)
    finally:
        stop(proc)
    drawn = [r["drawn_s"] for r in br_out if r.get("ok")]
    pages = [r["page_s"] for r in http_out if r.get("ok")]
    totals = [r["total_s"] for r in http_out if r.get("ok")]
    return {
        "links": len(links),
        "all_opened_within_s": round(elapsed, 1),
        "http_clients": args.clients,
        "http_visits": len(http_out),
        "http_failures": sum(not r.get("ok") for r in http_out),
        "http_page_p50_s": _p(pages, 0.5),
        "http_page_p95_s": _p(pages, 0.95),
        "http_page_and_assets_p95_s": _p(totals, 0.95),
        "browser_visits": len(br_out),
        "browser_failures": sum(not r.get("ok") for r in br_out),
        "browser_errors": [r["error"] for r in br_out if not r.get("ok")][:3],
        "drawn_p50_s": _p(drawn, 0.5),
        "drawn_p95_s": _p(drawn, 0.95),
        "drawn_max_s": max(drawn) if drawn else None,
        "server_tree_rss_idle_mb": round(idle[0]),
        "server_tree_rss_peak_mb": round(watch.peak[0]),
        "server_process_rss_peak_mb": round(watch.peak[1]),
        "server_tree_rss_after_mb": round(after[0]),
    }


def run_voila(tmp: Path, args) -> dict:
    """One personal page of the kernel-based dashboard, measured the same way."""
    proc, base = start([], tmp / "serve-voila.log", timeout=180)
    try:
        _wait_preheated(proc.pid)
        before = _tree_rss_mb(proc.pid)
        with Browser() as br, _MemoryWatch(proc.pid) as watch:
            br.get("about:blank")
            br.driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            t0 = time.perf_counter()
            br.get(base + "/voila/render/mijn_leernetwerk.ipynb?persoon=P0003")
            br.wait_for(DRAWN, timeout=180, poll=0.05)
            drawn = br.js(FIRST_DRAW) / 1000.0
            wall = time.perf_counter() - t0
            time.sleep(args.settle)  # Voila refills its pool with a new kernel
        after = _tree_rss_mb(proc.pid)
    finally:
        stop(proc)
    return {
        "drawn_s": drawn,
        "wall_s": wall,
        "server_tree_rss_before_mb": round(before[0]),
        "server_tree_rss_after_mb": round(after[0]),
        "server_tree_rss_peak_mb": round(watch.peak[0]),
        "added_by_one_visitor_mb": round(after[0] - before[0]),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=200)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument(
        "--window",
        type=float,
        default=50.0,
        help="seconds over which the links are opened (target: within 60)",
    )
    parser.add_argument("--clients", type=int, default=16, help="most HTTP clients at once")
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument(
        "--browser-every", type=int, default=10, help="every n-th link is opened in Chromium"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=20.0,
        help="seconds to wait after the Voila page for its pool to refill",
    )
    parser.add_argument("--no-voila", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-personal-") as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        path, links = make_workspace(tmp, args.people, args.links, "http://127.0.0.1")
        setup_s = time.perf_counter() - t0
        load = run_load(path, links, args, tmp)
        voila = None if args.no_voila else run_voila(tmp, args)
    result = {
        "setup_s": round(setup_s, 1),
        "workspace": load,
        "voila_personal_page": voila,
        "load_average": [round(x, 2) for x in psutil.getloadavg()],
    }
    if voila and load["drawn_p95_s"]:
        result["p95_drawn_vs_one_voila_page"] = round(load["drawn_p95_s"] / voila["drawn_s"], 2)
    targets = {
        "p95_drawn_le_3s": bool(load["drawn_p95_s"] is not None and load["drawn_p95_s"] <= 3.0),
        "memory_le_1.5GB": load["server_tree_rss_peak_mb"] <= 1536,
        "no_failure": load["http_failures"] == 0 and load["browser_failures"] == 0,
        "within_60s": load["all_opened_within_s"] <= 60,
    }
    result["targets_met"] = targets
    out = REPO / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "personal.json").write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))
    return result


if __name__ == "__main__":
    main()
