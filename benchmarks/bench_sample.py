"""Generator benchmark: synthetic organisations (1,000 / 5,000 / 20,000 respondents) and graphs.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_sample`` (``--respondents``
to pick sizes, ``--graph-sizes`` for synthetic_graph). Each time is reported as a ratio against a
baseline measured in the same run: for ``synthetic_organisation``, a bare ``DataFrame.to_csv`` of
the very survey table it wrote (read back first, so the baseline writes the same bytes); for
``synthetic_graph``, building a DataFrame of as many random (source, target, topic) rows and
dropping duplicates. Results also go to benchmarks/results/sample.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from leerlib.sample import synthetic_graph, synthetic_organisation  # noqa: E402

__all__ = ["main"]


def _organisation(respondents: int, out: Path) -> dict:
    n_people = round(respondents / 0.8)
    t0 = time.perf_counter()
    paths = synthetic_organisation(n_people, out_dir=out / str(n_people))
    gen_s = time.perf_counter() - t0
    survey = pd.read_csv(
        paths["survey"], sep=";", encoding="cp1252", dtype=str, keep_default_na=False
    )
    t0 = time.perf_counter()
    survey.to_csv(
        out / "baseline.csv", sep=";", index=False, encoding="cp1252", lineterminator="\r\n"
    )
    base_s = time.perf_counter() - t0
    names = survey.filter(regex=r"^[a-z_]+_\d+$")
    return {
        "people": n_people,
        "rows": len(survey),
        "names": int((names != "").to_numpy().sum()),
        "seconds": round(gen_s, 2),
        "baseline_seconds": round(base_s, 2),
        "ratio": round(gen_s / base_s, 2),
    }


def _graph(n: int) -> dict:
    t0 = time.perf_counter()
    people, ties = synthetic_graph(n, seed=0)
    gen_s = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    m = n * 10
    t0 = time.perf_counter()
    pd.DataFrame(
        {
            "source": rng.integers(n, size=m),
            "target": rng.integers(n, size=m),
            "topic": rng.integers(5, size=m),
        }
    ).drop_duplicates()
    base_s = time.perf_counter() - t0
    return {
        "people": n,
        "ties": len(ties),
        "seconds": round(gen_s, 2),
        "baseline_seconds": round(base_s, 3),
        "ratio": round(gen_s / base_s, 1),
    }


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--respondents", type=int, nargs="*", default=[1000, 5000, 20000])
    ap.add_argument("--graph-sizes", type=int, nargs="*", default=[5000, 50000])
    args = ap.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="leerlib-bench-sample-"))
    result = {
        "synthetic_organisation": [_organisation(r, out) for r in args.respondents],
        "synthetic_graph": [_graph(n) for n in args.graph_sizes],
    }
    for key, rows in result.items():
        print(key)
        print(pd.DataFrame(rows).to_string(index=False))
    target = REPO / "benchmarks" / "results"
    target.mkdir(parents=True, exist_ok=True)
    (target / "sample.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
