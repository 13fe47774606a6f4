"""Hostile input at volume: every reader on N generated cases, counting what came out.

    python benchmarks/fuzz_readers.py [--cases 100000] [--processes 2] [--seed 0]

Runs the property of tests/ingest/hostile.py (no exception; each bad item a one-line Skipped
naming it; only storable text in the articles; a good report after the bad one still read) on
`--cases` cases drawn by Hypothesis, spread evenly over the formats (txt, HTML, JSON lines,
RSS/Atom, WARC, WARC.gz, stdin) and over `--processes` processes, each with its own seed. Prints
JSON: cases run, property failures (must be 0), articles read and skips by code, per format, and
the seconds taken. A failure prints its case (format, damage, first bytes) and the assertion.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.ingest.hostile, run from anywhere


def _run(fmt: str, cases: int, seed: int) -> dict:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed

    from tests.ingest.hostile import check, hostile_inputs

    tally = {"format": fmt, "cases": 0, "articles": 0, "skipped": Counter(), "damage": Counter(), "failures": []}
    folder = Path(tempfile.mkdtemp(prefix="sitrep-fuzz-"))  # one per job: a folder per case cost more than most cases

    @hypothesis_seed(seed)
    @settings(max_examples=cases, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), phases=("generate",))
    @given(case=hostile_inputs((fmt,)))
    def prop(case):
        _, how, data = case
        tally["cases"] += 1
        tally["damage"][how] += 1
        try:
            outcome = check(fmt, data, folder)
        except Exception as exc:  # noqa: BLE001 - a failure is counted and shown, and the run goes on
            tally["failures"].append({"damage": how, "head": data[:80].hex(), "error": traceback.format_exception_only(exc)[-1].strip()[:300]})
            return
        tally["articles"] += outcome.articles
        tally["skipped"].update(outcome.skipped)

    prop()
    shutil.rmtree(folder, ignore_errors=True)
    return tally


def main() -> None:
    from tests.ingest.hostile import FORMATS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    per_format = max(1, args.cases // len(FORMATS))
    # one job per (format, slice), so the processes share out the slow formats too
    slices = max(1, args.processes * 2)
    # slices in turn, every format in each, so a run cut short has covered every format alike
    jobs = [(fmt, per_format // slices + (i < per_format % slices), args.seed * 1000 + n)
            for n, (i, fmt) in enumerate((i, fmt) for i in range(slices) for fmt in FORMATS)]
    started = time.perf_counter()
    tallies = []
    with ProcessPoolExecutor(max_workers=args.processes) as pool:
        for tally in pool.map(_run, *zip(*jobs)):
            tallies.append(tally)  # progress on stderr, so a run cut short still says how far it got
            print(f"progress: job {len(tallies)}/{len(jobs)} ({tally['format']}): {tally['cases']} cases, "
                  f"{len(tally['failures'])} failures, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    by_format: dict[str, dict] = {}
    for tally in tallies:
        entry = by_format.setdefault(tally["format"], {"cases": 0, "articles": 0, "skipped": Counter(), "damage": Counter(), "failures": []})
        for key in ("cases", "articles"):
            entry[key] += tally[key]
        entry["skipped"].update(tally["skipped"])
        entry["damage"].update(tally["damage"])
        entry["failures"] += tally["failures"]
    report = {
        "cases": sum(e["cases"] for e in by_format.values()),
        "failures": sum(len(e["failures"]) for e in by_format.values()),
        "seconds": round(time.perf_counter() - started, 1),
        "processes": args.processes, "seed": args.seed, "machine": f"{platform.machine()} {platform.python_version()}",
        "formats": {fmt: {"cases": e["cases"], "articles": e["articles"], "skipped": dict(sorted(e["skipped"].items())),
                          "damage": dict(sorted(e["damage"].items())), "failures": e["failures"][:5]}
                    for fmt, e in by_format.items()},
    }
    print(json.dumps(report, indent=1))
    sys.exit(1 if report["failures"] else 0)


if __name__ == "__main__":
    main()
