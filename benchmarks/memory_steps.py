"""Resident memory of one sitrep process: after each thing it loads, then while a serial run goes
through the first N open GVA articles (a temporary SQLite store).

    python benchmarks/memory_steps.py [--limit 1000] [--every 100]

Prints a line per step: the resident set (VmRSS) and its peak so far (VmHWM), in MB. What a
process loads once (the NLP model, the gazetteer, the language identifier, the extraction models)
and whether the run keeps growing with the articles (caches, the near-duplicate index) are what
decide the per-process peaks of `benchmarks/scale_out.py`. Linux only (/proc/self/status).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT.parent / "shared" / "data" / "gva" / "documents.jsonl"


def resident_mb() -> tuple[int, int]:
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line[:5]] = int(line.split()[1]) // 1024
    return values["VmRSS"], values["VmHWM"]


def report(step: str) -> None:
    rss, peak = resident_mb()
    print(f"{step:34s} {rss:6d} MB  (peak {peak:6d} MB)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument("--documents", type=Path, default=DOCUMENTS)
    args = parser.parse_args()
    report("python")
    import sitrep  # noqa: F401  (the package and what it imports at once)
    import sitrep.pipeline  # noqa: F401
    report("imports")
    from sitrep.analyze.nlp import load_nlp

    load_nlp()
    report("+ NLP pipeline")
    from sitrep.analyze.geo import get_gazetteer

    get_gazetteer()
    report("+ gazetteer")
    from sitrep.ingest.readers import _language_identifier

    _language_identifier()
    report("+ language identifier")
    from sitrep.extract.detect import load_event_model
    from sitrep.extract.roles import load_role_model
    from sitrep.extract.subtypes import load_subtype_model

    load_event_model(), load_role_model(), load_subtype_model()
    report("+ extraction models")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        with args.documents.open(encoding="utf-8") as source:
            path.write_text("".join(line for _, line in zip(range(args.limit), source)), encoding="utf-8")
        handle = sitrep.open(Path(folder) / "store.db")
        report("+ store")
        done = [0]
        started = time.perf_counter()

        def progress(n: int) -> None:
            done[0] += n
            if done[0] % args.every == 0:
                report(f"{done[0]} articles ({time.perf_counter() - started:.0f} s)")

        summary = handle.run([path], progress=progress)
        report(f"done: {summary.processed} stored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
