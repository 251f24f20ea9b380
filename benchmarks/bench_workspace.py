"""Workspace benchmark: storing and reading a round, against cleaning it from its files.

For the bundled sample's two rounds and synthetic organisations
(``leerlib.sample.synthetic_organisation``, 80% response), in one process:
*clean* is ``load_survey`` from the files (the baseline: what every session did before there
was a workspace), *add_round* stores the cleaned round (one transaction), *survey* reads it
back (``ws.survey(name)``). Ratios are against *clean* in the same run. SQLite always;
PostgreSQL when ``--pg-url`` names an empty database server (``postgresql://user@host:port``:
a fresh database ``bench_<pid>`` is made in it).

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_workspace
[--sizes 1000 5000] [--pg-url URL] [--repeat 3]``. Results also go to
benchmarks/results/workspace.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import leerlib  # noqa: E402
from leerlib.clean import load_survey  # noqa: E402
from leerlib.sample import synthetic_organisation  # noqa: E402
from leerlib.workspace import Workspace  # noqa: E402

__all__ = ["main"]


def _median(fn, repeat):
    times, out = [], None
    for i in range(repeat):
        t0 = time.perf_counter()
        out = fn(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _inputs(sizes, tmp):
    p = leerlib.sample_paths()
    for wave in ("2025", "2026"):
        yield (
            f"sample {wave}",
            (p[f"survey_{wave}"], p[f"roster_{wave}"], p[f"codebook_{wave}"], p["aliases"]),
        )
    for n in sizes:
        paths = synthetic_organisation(int(round(n / 0.8)), seed=1, out_dir=Path(tmp) / str(n))
        yield (
            f"synthetic {n} respondents",
            (paths["survey"], paths["roster"], paths["codebook"], None),
        )


def _pg_database(base: str) -> str:
    import psycopg

    name = f"bench_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    ap.add_argument("--pg-url", help="a PostgreSQL server to measure too")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "workspace.json")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="leerlib-bench-ws-") as tmp:
        key = Path(tmp) / "bench.key"
        targets = {"sqlite": str(Path(tmp) / "bench.leerlib")}
        if args.pg_url:
            targets["postgresql"] = _pg_database(args.pg_url)
        spaces = {b: Workspace.create(t, org="Bench", key_file=key) for b, t in targets.items()}
        for label, files in _inputs(args.sizes, tmp):
            clean_s, survey = _median(lambda _i, f=files: load_survey(*f), args.repeat)
            for backend, ws in spaces.items():
                add_s, _ = _median(
                    lambda i, ws=ws, s=survey, n=label: ws.add_round(s, name=n, replace=i > 0),
                    args.repeat,
                )
                read_s, _ = _median(lambda _i, ws=ws, n=label: ws.survey(n), args.repeat)
                rows.append(
                    {
                        "input": label,
                        "backend": backend,
                        "people": len(survey.people),
                        "ties": len(survey.ties),
                        "log": len(survey.log),
                        "clean_seconds": round(clean_s, 3),
                        "add_round_seconds": round(add_s, 3),
                        "survey_seconds": round(read_s, 3),
                        "add_round_x_clean": round(add_s / clean_s, 2),
                        "survey_x_clean": round(read_s / clean_s, 2),
                    }
                )
        for ws in spaces.values():
            ws.close()  # the last close folds the write-ahead log into the file
        size_mb = Path(targets["sqlite"]).stat().st_size / 1e6
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}, median of {args.repeat}; SQLite file with every round: "
        f"{size_mb:.1f} MB"
    )
    print(
        "| input | backend | people | ties | clean (s) | add_round (s) | x clean | survey (s) "
        "| x clean |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['input']} | {r['backend']} | {r['people']:,} | {r['ties']:,} | "
            f"{r['clean_seconds']:.2f} | {r['add_round_seconds']:.2f} | {r['add_round_x_clean']} "
            f"| {r['survey_seconds']:.2f} | {r['survey_x_clean']} |"
        )
    result = {"rows": rows, "sqlite_mb": round(size_mb, 2), "repeat": args.repeat}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    main()
