"""Load benchmark: load_survey (read + match + clean) against a bare pandas.read_csv of the same file.

Synthetic organisations from ``leerlib.sample.synthetic_organisation`` (round-1 free-recall
layout: Dutch-Excel CSV, 5 topics x 8 name slots, each with frequency and usefulness columns,
with the sample's warts: typos, nicknames, initials, missing tussenvoegsels, first names only,
externals, self-nominations, repeated submissions). Staff lists are sized so that about 1,000 /
5,000 / 20,000 people respond (80% response). Fuzzy matching is on, as in normal use.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_load`` (``--sizes 1000``
for a quick run, ``--repeat 3`` to take the median of more runs). ``--baseline main`` also
times the ``leerlib`` of another git revision (extracted with ``git archive`` into a temporary
folder) on the same files, each tree in a fresh subprocess, alternating baseline and current
round by round, and reports current / baseline. Times are reported as ratios
against ``pandas.read_csv`` of the same export in the same process, so machines of different
speed give comparable numbers; seconds are printed beside them, wall-clock and CPU (this
process, all threads: less sensitive to other jobs on a shared machine). Results also go to
benchmarks/results/load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from leerlib.clean import load_survey  # noqa: E402
from leerlib.sample import synthetic_organisation  # noqa: E402

__all__ = ["main"]

RESPONSE_RATE = 0.8
TARGET_SECONDS = {20_000: 30.0}
#: The export of 20,000 respondents has 129 columns and over 20,000 rows: about 2.6 million cells,
#: over the reader's default bound of 2,000,000 (leerlib.io._bounds.MAX_CELLS). The benchmark
#: raises the bound for its own reads (load_survey(..., max_cells=...)); the default stays.
MAX_CELLS = 4_000_000


def _median_time(fn, repeat: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds (this process, all threads) of ``repeat`` calls."""
    times, cpu, out = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpu), out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[1000, 5000, 20000],
        help="respondents per organisation",
    )
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "load.json")
    ap.add_argument(
        "--baseline",
        metavar="REV",
        default=None,
        help="also time the leerlib of this git revision (e.g. main)",
    )
    args = ap.parse_args(argv)
    if args.baseline:
        return _compare(args)
    rows = []
    with tempfile.TemporaryDirectory(prefix="leerlib-bench-load-") as tmp:
        # warm-up: imports, the reader's and matcher's first calls
        warm = synthetic_organisation(60, out_dir=Path(tmp) / "warm")
        load_survey(warm["survey"], warm["roster"], warm["codebook"], max_cells=MAX_CELLS)
        for n_resp in args.sizes:
            n_people = int(round(n_resp / RESPONSE_RATE))
            paths = synthetic_organisation(
                n_people, response_rate=RESPONSE_RATE, seed=1, out_dir=Path(tmp) / str(n_resp)
            )
            size_mb = paths["survey"].stat().st_size / 1e6
            base_s, base_cpu, frame = _median_time(
                lambda p=paths: pd.read_csv(p["survey"], sep=";", encoding="cp1252"), args.repeat
            )
            load_s, load_cpu, survey = _median_time(
                lambda p=paths: load_survey(
                    p["survey"], p["roster"], p["codebook"], max_cells=MAX_CELLS
                ),
                args.repeat,
            )
            items = len(survey.ties) + int(survey.log["reason"].isin(_item_reasons()).sum())
            rows.append(
                {
                    "respondents": int(survey.responses["responded"].sum()),
                    "staff": n_people,
                    "export_rows": len(frame),
                    "export_mb": round(size_mb, 1),
                    "nominations": items,
                    "ties": len(survey.ties),
                    "read_csv_seconds": round(base_s, 3),
                    "load_survey_seconds": round(load_s, 3),
                    "ratio": round(load_s / base_s, 1),
                    "read_csv_cpu_seconds": round(base_cpu, 3),
                    "load_survey_cpu_seconds": round(load_cpu, 3),
                    "cpu_ratio": round(load_cpu / base_cpu, 1),
                    "load_average": round(os.getloadavg()[0], 1),
                    "target_seconds": TARGET_SECONDS.get(n_resp),
                    "matches": survey.ties["match"].value_counts().to_dict(),
                }
            )
            del frame, survey
    print(
        f"python {sys.version.split()[0]}, pandas {pd.__version__}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        "| respondents | nominations | export (MB) | read_csv (s) | load_survey (s) | x read_csv "
        "| CPU: read_csv (s) | CPU: load_survey (s) | x read_csv | target |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        target = f"< {r['target_seconds']:.0f} s" if r["target_seconds"] else ""
        print(
            f"| {r['respondents']:,} | {r['nominations']:,} | {r['export_mb']} | "
            f"{r['read_csv_seconds']:.2f} | {r['load_survey_seconds']:.2f} | {r['ratio']:.1f} | "
            f"{r['read_csv_cpu_seconds']:.2f} | {r['load_survey_cpu_seconds']:.2f} | {r['cpu_ratio']:.1f} | {target} |"
        )
    result = {"rows": rows, "cores": os.cpu_count(), "repeat": args.repeat}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


_CHILD = """
import inspect, json, sys, time
sys.path.insert(0, sys.argv[1])
from leerlib.clean import load_survey
warm = json.loads(sys.argv[2]); paths = json.loads(sys.argv[3])
# a tree with the reader's cell bound gets it raised for these reads (older trees have none)
kw = {"max_cells": int(sys.argv[4])} if "max_cells" in inspect.signature(load_survey).parameters else {}
load_survey(warm["survey"], warm["roster"], warm["codebook"], **kw)
t0, c0 = time.perf_counter(), time.process_time()
s = load_survey(paths["survey"], paths["roster"], paths["codebook"], **kw)
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "ties": len(s.ties), "internal": int((~s.ties["target"].str.startswith("ext:")).sum())}))
"""


def _time_tree(tree: Path, warm: dict, paths: dict) -> dict:
    """load_survey of the leerlib in ``tree`` on ``paths``, in a fresh Python process."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(tree),
            json.dumps({k: str(v) for k, v in warm.items()}),
            json.dumps({k: str(v) for k, v in paths.items()}),
            str(MAX_CELLS),
        ],
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(
            f"load_survey in {tree} failed ({out.returncode}):\n{out.stderr[-3000:]}"
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _compare(args) -> dict:
    """Time the current tree and ``args.baseline`` on the same exports, alternating."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="leerlib-bench-load-") as tmp:
        base_tree = Path(tmp) / "baseline"
        base_tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", args.baseline, "leerlib"],
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(base_tree, filter="data")
        warm = synthetic_organisation(60, out_dir=Path(tmp) / "warm")
        for n_resp in args.sizes:
            n_people = int(round(n_resp / RESPONSE_RATE))
            paths = synthetic_organisation(
                n_people, response_rate=RESPONSE_RATE, seed=1, out_dir=Path(tmp) / str(n_resp)
            )
            runs = {"baseline": [], "current": []}
            for _ in range(args.repeat):
                runs["baseline"].append(_time_tree(base_tree, warm, paths))
                runs["current"].append(_time_tree(REPO, warm, paths))
            med = {
                k: {m: statistics.median(r[m] for r in v) for m in ("wall", "cpu")}
                for k, v in runs.items()
            }
            rows.append(
                {
                    "respondents": n_resp,
                    "staff": n_people,
                    "baseline": args.baseline,
                    "baseline_seconds": round(med["baseline"]["wall"], 2),
                    "current_seconds": round(med["current"]["wall"], 2),
                    "ratio": round(med["current"]["wall"] / med["baseline"]["wall"], 2),
                    "baseline_cpu_seconds": round(med["baseline"]["cpu"], 2),
                    "current_cpu_seconds": round(med["current"]["cpu"], 2),
                    "cpu_ratio": round(med["current"]["cpu"] / med["baseline"]["cpu"], 2),
                    "baseline_internal_ties": runs["baseline"][-1]["internal"],
                    "current_internal_ties": runs["current"][-1]["internal"],
                    "load_average": round(os.getloadavg()[0], 1),
                }
            )
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}, repeat {args.repeat}"
    )
    print(
        f"| respondents | {args.baseline} (s) | current (s) | x {args.baseline} | "
        f"CPU {args.baseline} (s) | CPU current (s) | x | internal ties {args.baseline} / current |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['respondents']:,} | {r['baseline_seconds']:.2f} | {r['current_seconds']:.2f} | "
            f"{r['ratio']:.2f} | {r['baseline_cpu_seconds']:.2f} | {r['current_cpu_seconds']:.2f} | "
            f"{r['cpu_ratio']:.2f} | {r['baseline_internal_ties']:,} / {r['current_internal_ties']:,} |"
        )
    result = {"rows": rows, "cores": os.cpu_count(), "repeat": args.repeat}
    out = args.out.with_name(args.out.stem + "_vs_" + args.baseline.replace("/", "_") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def _item_reasons():
    from leerlib.clean import ITEM_REASONS

    return list(ITEM_REASONS)


if __name__ == "__main__":
    main()
