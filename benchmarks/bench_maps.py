"""Map benchmark: HTML size and time to the first drawn frame in headless Chromium, 100 / 500 / 2,000 people.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_maps`` (add ``--sizes 100 500``
to pick sizes, ``--repeat 5`` for more runs). Times are reported as ratios against an empty page
loaded in the same browser in the same run, so machines of different speed give comparable numbers;
absolute milliseconds are printed beside them. Results also go to benchmarks/results/maps.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from leerlib.graph import build_graph  # noqa: E402
from leerlib.sample import synthetic_graph  # noqa: E402
from leerlib.viz import network_map  # noqa: E402
from leerlib.viz._page import _vis_js  # noqa: E402
from tests.browser import Browser  # noqa: E402

__all__ = ["main"]

EMPTY_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>empty</p>"
    "<script>window.__loadedAt = performance.now();</script></body></html>"
)
FIRST_FRAME = (
    "var r = document.querySelector('.leerlib-map');"
    "return r && window.leerlibMaps && window.leerlibMaps[r.id] && window.leerlibMaps[r.id].firstDrawMs;"
)


def _timed_open(br: Browser, path: Path, script: str) -> float:
    br.get("about:blank")
    br.open_file(path)
    return float(br.wait_for(f"(function () {{ {script} }})()", timeout=120, poll=0.05))


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 500, 2000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    out_dir = Path(tempfile.mkdtemp(prefix="leerlib-bench-maps-"))
    empty = out_dir / "empty.html"
    empty.write_text(EMPTY_PAGE, encoding="utf-8")
    vis_bytes = len(_vis_js().encode("utf-8"))
    rows = []
    people, ties = synthetic_graph(50, seed=1)
    network_map(build_graph(ties, people))  # warm-up: imports and first igraph call
    with Browser() as br:
        baseline = statistics.median(
            _timed_open(br, empty, "return window.__loadedAt;") for _ in range(args.repeat)
        )
        for n in args.sizes:
            people, ties = synthetic_graph(n, seed=0)
            G = build_graph(ties, people)
            t0 = time.perf_counter()
            m = network_map(G, max_people=None)
            build_s = time.perf_counter() - t0
            page = out_dir / f"map_{n}.html"
            m.save(page)
            size = page.stat().st_size
            frames = [_timed_open(br, page, FIRST_FRAME) for _ in range(args.repeat)]
            first = statistics.median(frames)
            rows.append(
                {
                    "people": n,
                    "ties": G.number_of_edges(),
                    "html_bytes": size,
                    "data_bytes": size - vis_bytes,
                    "build_seconds": round(build_s, 3),
                    "first_frame_ms": round(first, 1),
                    "empty_page_ms": round(baseline, 1),
                    "first_frame_ratio": round(first / baseline, 1),
                }
            )
        outside = br.outside_requests()
    print(f"empty page load (baseline): {baseline:.1f} ms; outside requests: {len(outside)}")
    print(
        "| people | ties | HTML (KB) | of which data (KB) | build (s) | first frame (ms) | x empty page |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['people']} | {r['ties']} | {r['html_bytes'] / 1024:.0f} | "
            f"{r['data_bytes'] / 1024:.0f} | {r['build_seconds']:.2f} | {r['first_frame_ms']:.0f} | "
            f"{r['first_frame_ratio']:.1f} |"
        )
    result = {"baseline_ms": baseline, "rows": rows, "outside_requests": outside}
    results = REPO / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "maps.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
