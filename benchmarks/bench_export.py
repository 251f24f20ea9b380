"""Export benchmark: leerlib's safe writers against pandas' own writers on the same tables.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_export`` (``--sizes 500 2000``
people, ``--repeats 3``). Each size makes a people and ties table with
``leerlib.sample.synthetic_graph`` and times, in the same process:

* ``excel baseline``: ``pandas.ExcelWriter(engine="openpyxl")`` with ``to_excel`` per sheet, index
  off: the same workbook without any safety.
* ``export_excel names``: ``leerlib.export_excel(..., names=True, consent=True)``: formula
  neutralisation, cell conversion, sheet-name checks and the atomic write, no pseudonyms.
* ``export_excel``: the default: pseudonymise (HMAC per person, personal columns removed) first.
* ``csv baseline`` / ``export_csv``: ``DataFrame.to_csv`` of the ties against ``leerlib.export_csv``.
* ``pseudonymize``: ``leerlib.pseudonymize`` of the two tables alone.

The best of ``--repeats`` runs is reported as a ratio to its baseline, with seconds beside it, and
written to benchmarks/results/export.json.

One run on the 2-core development machine while other jobs ran (load average about 6, so the
seconds are noisy; the ratios less so), ``--repeats 3``:

| people | ties | xlsx baseline | export_excel names | export_excel default | csv baseline | export_csv default | pseudonymize |
|---:|---:|---:|---:|---:|---:|---:|---:|
| 500 | 4683 | 2.38 s | x 0.46 | x 0.76 | 0.024 s | x 7.1 | 0.031 s |
| 2000 | 19181 | 5.31 s | x 1.03 | x 0.97 | 0.087 s | x 4.9 | 0.126 s |

Reading: the safe Excel export costs about what pandas' own openpyxl export costs (the default is
not slower because pseudonymised tables lose their name columns); the CSV export is a few times
pandas' bare ``to_csv`` because it pseudonymises (a third of its time) and checks every text cell,
yet stays well under a second for 19,000 ties.

Since the workbooks are written with XlsxWriter (in memory) instead of openpyxl, one run before
and one after the change on the same busy machine, ``--repeats 3`` (ratios to the same openpyxl
baseline):

| people | ties | export_excel names, openpyxl | with XlsxWriter | export_excel default, openpyxl | with XlsxWriter |
|---:|---:|---:|---:|---:|---:|
| 500 | 4683 | x 1.08 | x 0.23 | x 1.41 | x 0.24 |
| 2000 | 19181 | x 0.72 | x 0.31 | x 0.38 | x 0.23 |
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from leerlib.export import export_csv, export_excel  # noqa: E402
from leerlib.privacy import pseudonymize  # noqa: E402
from leerlib.sample import synthetic_graph  # noqa: E402

__all__ = ["main"]

KEY = "benchmark key, not a secret, 32b"


def _best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _excel_baseline(tables: dict[str, pd.DataFrame], path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, df in tables.items():
            df.to_excel(xw, sheet_name=name, index=False)


def run(n: int, repeats: int, folder: Path) -> dict:
    people, ties = synthetic_graph(n, seed=0)
    tables = {"people": people, "ties": ties}
    out = {"people": n, "ties": len(ties)}
    base_x = _best(lambda: _excel_baseline(tables, folder / "base.xlsx"), repeats)
    names_x = _best(
        lambda: export_excel(tables, folder / "names.xlsx", names=True, consent=True), repeats
    )
    safe_x = _best(lambda: export_excel(tables, folder / "safe.xlsx", key=KEY), repeats)
    base_c = _best(lambda: ties.to_csv(folder / "base.csv", index=False), repeats)
    safe_c = _best(lambda: export_csv(ties, folder / "safe.csv", key=KEY), repeats)
    pseudo = _best(lambda: pseudonymize(tables, KEY), repeats)
    out.update(
        excel_baseline_s=base_x,
        export_excel_names_s=names_x,
        export_excel_s=safe_x,
        csv_baseline_s=base_c,
        export_csv_s=safe_c,
        pseudonymize_s=pseudo,
        excel_names_ratio=names_x / base_x,
        excel_ratio=safe_x / base_x,
        csv_ratio=safe_c / base_c,
    )
    return out


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows.append(run(n, args.repeats, Path(tmp)))
    print(
        f"{'people':>7} {'ties':>7} {'xlsx base':>10} {'names x':>8} {'default x':>10} "
        f"{'csv base':>9} {'csv x':>6} {'pseudo s':>9}"
    )
    for r in rows:
        print(
            f"{r['people']:>7} {r['ties']:>7} {r['excel_baseline_s']:>9.2f}s "
            f"{r['excel_names_ratio']:>8.2f} {r['excel_ratio']:>10.2f} "
            f"{r['csv_baseline_s']:>8.3f}s {r['csv_ratio']:>6.2f} {r['pseudonymize_s']:>9.3f}"
        )
    results = REPO / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "export.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
