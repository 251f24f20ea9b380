"""Reader benchmark: ``leerlib.read_export`` against a bare ``pandas.read_csv`` of the same export.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_read`` (``--sizes 1000`` to
pick respondent counts, ``--repeats 3``). Every size writes a synthetic organisation with
``leerlib.sample.synthetic_organisation`` (5 topics x 8 name slots, each slot with a frequency and
a usefulness column; Dutch-Excel CSV: Windows-1252, ``;``, CRLF) and times, in the same process:

* ``read_export``: the whole reader: encoding detection, delimiter sniffing, parsing, stripping,
  mojibake check, respondents, every nomination item with its row, column, kind and weight, the
  value items and the log.
* ``read_csv``: ``pandas.read_csv(path, sep=";", encoding="cp1252", dtype=str,
  keep_default_na=False)``, which parses the same bytes and nothing more.

The best of ``--repeats`` runs of each is reported as a ratio (same run, same machine) with
absolute seconds beside it, and written to benchmarks/results/read.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from leerlib.io import read_codebook, read_export  # noqa: E402
from leerlib.sample import synthetic_organisation  # noqa: E402

__all__ = ["main"]

RESPONSE_RATE = 0.8


def _best(fn, repeats: int):
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def run(respondents: int, repeats: int, workdir: Path) -> dict:
    paths = synthetic_organisation(
        round(respondents / RESPONSE_RATE),
        response_rate=RESPONSE_RATE,
        out_dir=workdir / str(respondents),
    )
    cb = read_codebook(paths["codebook"])
    t_csv, _ = _best(
        lambda: pd.read_csv(
            paths["survey"], sep=";", encoding="cp1252", dtype=str, keep_default_na=False
        ),
        repeats,
    )
    t_read, raw = _best(lambda: read_export(paths["survey"], cb), repeats)
    return {
        "respondents": int((raw.respondents["skip"] == "").sum()),
        "nominations": len(raw.nominations),
        "read_csv_s": round(t_csv, 3),
        "read_export_s": round(t_read, 3),
        "ratio": round(t_read / t_csv, 2),
        "load_average_1min": round(
            os.getloadavg()[0], 2
        ),  # other work on the machine skews seconds
    }


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            r = run(n, args.repeats, Path(tmp))
            results.append(r)
            print(
                f"{r['respondents']:>6} respondents {r['nominations']:>8} items: read_export "
                f"{r['read_export_s']:.2f} s, read_csv {r['read_csv_s']:.2f} s, ratio {r['ratio']:.1f}"
            )
    out = REPO / "benchmarks" / "results" / "read.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
