"""Many colleagues answering a round asked inside leerlib at once: saves over HTTP on 127.0.0.1.

A workspace with the bundled sample's 2025 round and an open collection round (the sample's
codebook: 5 topics, frequency and usefulness per tie), served by the real survey handlers
(``leerlib.dashboards.collect_web``, tornado in one process, no kernel; tests/collect_serving.py).
``--respondents`` colleagues start together, each in a thread of its own: they open their survey
page, then save ``--answers`` answers one after the other (ties, 4 per topic, each with a
frequency), as the page's script does. Every ``--retry-every``-th save is sent twice (a retried
request after a dropped connection). Checked afterwards: every answer stored exactly once
(nothing lost, nothing twice) and the whole run within ``--window`` seconds.

Reported: p50 and p95 time to save an answer under that load, and the same save on a quiet
server (one colleague, the same ``--answers`` saves), and a baseline request (``GET /ping``
of the same server, quiet): the ratios compare across machines.

On SQLite (a file) and, with ``--pg-url postgresql://user@host:port`` (a server where a new
database may be made), on PostgreSQL.

Run: ``python -m benchmarks.bench_collect [--respondents 50] [--answers 20] [--pg-url URL]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.collect_serving import CollectServer, link_codes, survey_path  # noqa: E402

TOPICS = ("didactiek", "ict", "zorg", "toetsing", "klassenmanagement")
FREQ = ("Dagelijks", "Wekelijks", "Maandelijks", "Minder dan maandelijks")


def _pct(values, q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _pg_database(base: str) -> str:
    import psycopg

    name = f"bench_collect_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _answers(person: str, staff: list, n: int) -> list:
    """n tie answers of ``person``: colleagues after them on the staff list, 4 per topic."""
    i = staff.index(person)
    others = [p for p in staff[i + 1 :] + staff[:i] if p != person]
    return [
        {"action": "tie", "topic": TOPICS[k // 4 % len(TOPICS)], "target": others[k]}
        | {"frequency": FREQ[k % len(FREQ)]}
        for k in range(n)
    ]


def _respondent(srv, person, code, answers, retry_every, times, errors, start):
    start.wait()
    status, _ = srv.get(survey_path(person, code))
    if status != 200:
        errors.append((person, "page", status))
    for k, body in enumerate(answers, start=1):
        body = {"persoon": person, "code": code, **body}
        t0 = time.perf_counter()
        status, answer = srv.post(body)
        times.append(time.perf_counter() - t0)
        if status != 200 or not answer.get("ok"):
            errors.append((person, k, status))
        if retry_every and k % retry_every == 0:
            status, answer = srv.post(body)
            if status != 200 or answer.get("result") != "unchanged":
                errors.append((person, k, "retry", status, answer.get("result")))


def run(target: str, key_file, *, respondents: int, answers: int, retry_every: int, window):
    import leerlib
    from leerlib.workspace import Workspace

    ws = Workspace.create(target, org="Bench", key_file=key_file)
    ws.add_round(leerlib.load_sample("2025"), name="2025")
    codes = link_codes(ws)
    form = ws.open_collection("2027", leerlib.sample_paths()["codebook_2025"])
    staff = list(form.staff["person_id"])
    srv = CollectServer(ws)
    try:
        # quiet: the baseline request and one colleague's saves
        ping = []
        for _ in range(50):
            t0 = time.perf_counter()
            srv.get("ping")
            ping.append(time.perf_counter() - t0)
        quiet_times, errors = [], []
        quiet = staff[-1]
        gate = threading.Event()
        gate.set()
        _respondent(
            srv, quiet, codes[quiet], _answers(quiet, staff, answers), 0, quiet_times, errors, gate
        )
        # loaded: everyone at once
        people = staff[:respondents]
        times: list = []
        gate = threading.Event()
        threads = [
            threading.Thread(
                target=_respondent,
                args=(srv, p, codes[p], _answers(p, staff, answers), retry_every, times, errors),
                kwargs={"start": gate},
            )
            for p in people
        ]
        for th in threads:
            th.start()
        t0 = time.perf_counter()
        gate.set()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        history = ws.answers("2027", history=True)
        loaded = history[history["respondent"].isin(people)]
        per = loaded.groupby("respondent").size()
        lost_or_twice = int(
            (per.reindex(people, fill_value=0) != answers).sum()
            + loaded.duplicated(["respondent", "topic", "target"]).sum()
            + loaded["ended_at"].notna().sum()
        )
    finally:
        srv.close()
        ws.close()
    base = statistics.median(ping)
    return {
        "respondents": respondents,
        "answers_each": answers,
        "saves": len(times),
        "wall_s": round(wall, 2),
        "within_window": wall <= window,
        "errors": len(errors),
        "lost_or_twice": lost_or_twice,
        "baseline_ping_ms": round(base * 1000, 2),
        "quiet_save_p50_ms": round(statistics.median(quiet_times) * 1000, 1),
        "save_p50_ms": round(statistics.median(times) * 1000, 1),
        "save_p95_ms": round(_pct(times, 0.95) * 1000, 1),
        "p95_x_quiet_save": round(_pct(times, 0.95) / statistics.median(quiet_times), 1),
        "p95_x_ping": round(_pct(times, 0.95) / base, 1),
    }


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--respondents", type=int, default=50)
    ap.add_argument("--answers", type=int, default=20)
    ap.add_argument("--retry-every", type=int, default=5)
    ap.add_argument("--window", type=float, default=60.0)
    ap.add_argument("--pg-url", help="a PostgreSQL server to measure too")
    ap.add_argument("--out", help="write the results as JSON here")
    args = ap.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        targets = {"sqlite": (str(Path(tmp) / "bench.leerlib"), None)}
        if args.pg_url:
            targets["postgresql"] = (_pg_database(args.pg_url), str(Path(tmp) / "pg.key"))
        for backend, (target, key_file) in targets.items():
            results[backend] = run(
                target,
                key_file,
                respondents=args.respondents,
                answers=args.answers,
                retry_every=args.retry_every,
                window=args.window,
            )
            print(backend, json.dumps(results[backend]), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2))
    failed = [b for b, r in results.items() if r["errors"] or r["lost_or_twice"]]
    if failed or not all(r["within_window"] for r in results.values()):
        raise SystemExit(f"bench_collect: failed on {failed or 'the time window'}")
    return results


if __name__ == "__main__":
    main()
