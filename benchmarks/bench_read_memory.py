"""Peak memory of reading hostile and large spreadsheets, each in a fresh process.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_read_memory`` (add
``--largest`` for the files just inside every bound; the XLSX one takes minutes). The files come
from tests/bombs.py and are written to a temporary folder; each is read with
``leerlib.io._grid.read_grid`` in a new Python process, which reports its own high-water mark of
resident memory (``VmHWM`` in /proc/self/status, which starts afresh at exec) and the time. The
baseline is the same process reading the bundled sample's CSV export; figures are given in MB and
as a multiple of it. Results go to benchmarks/results/read_memory.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests import bombs

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import sys, time
from leerlib.errors import LeerlibError
from leerlib.io._grid import read_grid
t = time.perf_counter()
try:
    shape = read_grid(sys.argv[1]).data.shape
    outcome = f"read {shape[0]} x {shape[1]}"
except LeerlibError as exc:
    outcome = "refused: " + exc.message[:120]
took = time.perf_counter() - t
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(int(hwm.split()[1]) // 1024, round(took, 2), outcome, sep="\\t")
"""


def measure(path: Path) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=3600,
    )
    if run.returncode:
        return {"peak_mb": None, "seconds": None, "outcome": run.stderr.strip().splitlines()[-1]}
    peak, took, outcome = run.stdout.strip().split("\t")
    return {"peak_mb": int(peak), "seconds": float(took), "outcome": outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--largest", action="store_true", help="also the files just inside the bounds"
    )
    args = parser.parse_args()
    import leerlib

    files = {**bombs.BOMBS, **bombs.SMALL_BOUNDED, **(bombs.LARGEST if args.largest else {})}
    results = {
        "baseline": {
            "file": "sample survey_2025.csv",
            **measure(leerlib.sample_paths()["survey_2025"]),
        }
    }
    base = results["baseline"]["peak_mb"]
    print(f"baseline (sample CSV): {base} MB")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, fname) in files.items():
            path = Path(tmp) / fname
            path.write_bytes(build())
            r = {"size_kb": path.stat().st_size // 1024, **measure(path)}
            r["x_baseline"] = round(r["peak_mb"] / base, 2) if r["peak_mb"] else None
            results[name] = r
            print(
                f"{name}: {r['size_kb']} KB, peak {r['peak_mb']} MB (x{r['x_baseline']}), "
                f"{r['seconds']} s, {r['outcome']}"
            )
            path.unlink()
    out = ROOT / "benchmarks" / "results" / "read_memory.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
