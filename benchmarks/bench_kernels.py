"""Memory and kernels of ``python -m leerlib.serve`` under plain GETs (no browser).

Each GET of a dashboard gives the page a kernel of its own. Without a browser no page ever
connects to it or closes it, so the kernel lives until the server culls it. This starts a server
on a free loopback port, waits for its preheated kernels, sends ``--gets`` plain GETs one after
another (alternating the two dashboards), and reports the resident memory of the server and all
its children before and after, the HTTP status of each GET, and the number of kernels every
``--every`` seconds for ``--watch`` seconds after the last GET.

Run: ``python -m benchmarks.bench_kernels [--gets 6] [--watch 300] [--every 30] [-- serve args]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.serving import fetch, start, stop  # noqa: E402

PAGES = ["netwerk_overzicht.ipynb", "mijn_leernetwerk.ipynb?persoon=P0003"]


def _tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _kernels(pid: int) -> int:
    n = 0
    for p in _tree(pid)[1:]:
        try:
            if any("ipykernel" in part for part in p.cmdline()):
                n += 1
        except psutil.NoSuchProcess:
            pass
    return n


def _rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gets", type=int, default=6)
    parser.add_argument("--watch", type=float, default=300)
    parser.add_argument("--every", type=float, default=30)
    parser.add_argument("--settle", type=float, default=20, help="seconds to let the pool fill")
    parser.add_argument("serve_args", nargs="*", help="arguments for leerlib.serve (after --)")
    args = parser.parse_args(argv)
    log = Path(tempfile.mkdtemp(prefix="bench-kernels-")) / "serve.log"
    proc, base = start(list(args.serve_args), log)
    try:
        time.sleep(args.settle)
        k0, m0 = _kernels(proc.pid), _rss_mb(proc.pid)
        print(f"idle server: {k0} kernels, {m0:.0f} MB resident (server and children)")
        statuses = []
        for i in range(args.gets):
            status, headers, _ = fetch(f"{base}/voila/render/{PAGES[i % 2]}", timeout=300)
            statuses.append(
                status if status != 503 else f"503 (Retry-After {headers['Retry-After']})"
            )
        time.sleep(5)  # let a pool refill start
        k1, m1 = _kernels(proc.pid), _rss_mb(proc.pid)
        print(f"GET statuses: {statuses}")
        print(
            f"after {args.gets} GETs: {k1} kernels, {m1:.0f} MB resident: +{m1 - m0:.0f} MB, "
            f"+{k1 - k0} kernels"
        )
        t0 = time.monotonic()
        while True:
            elapsed = time.monotonic() - t0
            print(
                f"  {elapsed:5.0f} s after the GETs: {_kernels(proc.pid) - k0:+d} kernels over "
                f"the idle server, {_rss_mb(proc.pid) - m0:+.0f} MB",
                flush=True,
            )
            if elapsed >= args.watch:
                break
            time.sleep(min(args.every, max(args.watch - elapsed, 0.1)))
    finally:
        stop(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
