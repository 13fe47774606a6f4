"""Per-article event-linking cost as the store grows from 10k to 100k events.

    python benchmarks/link_scale.py [--sizes 10000,25000,50000,100000] [--base 150] [--probes 40] [--spread time|dense]

1. The real pipeline runs once on `--base` + `--probes` Gun Violence Archive articles (NLP and
   extraction of those only: nothing is parsed 100k times). The base articles are committed to a
   SQLite store; their fused events are the seeds.
2. The store is grown to each size by writing replicated, perturbed seed events straight through
   `Store.put_event` (new id; coordinates moved up to ~5 km; tolls changed by up to one; dates
   shifted). `--spread time` (default) shifts replica r by r times the seeds' date span, as a
   store grows over the years with a steady flow of news (the density of events per day stays
   that of the seeds); `--spread dense` keeps every replica within three days of its seed, so the
   events per day grow with the store (tenfold at 100k) and blocking's candidate cap is what holds
   the cost.
3. At each size the probe articles' mentions are linked (the pipeline's own linker: blocking query,
   features, pair model) in a read-only transaction, 25 times after one warm-up; the least CPU
   time per probe article over the repeats is the figure (the median and the wall time are
   printed too: on a shared machine both swing with the neighbours, for minutes at a time), with
   the mean candidates per mention, and the ratio to the first size.

Prints one JSON object (sizes, ms per article, candidates per mention, ratio_to_first).
The benchmark times linking only: the pipeline's other stages do not touch the event table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_name] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.throughput import load  # noqa: E402
from sitrep.pipeline import Processor, RunSummary, prepare  # noqa: E402
from sitrep.records import Event  # noqa: E402
from sitrep.store.db import Store  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "gva" / "documents.jsonl"
SEED = 1337


def _shift(date: str | None, days: int) -> str | None:
    import datetime as dt

    if not date:
        return date
    if len(date) >= 10:
        return (dt.date.fromisoformat(date[:10]) + dt.timedelta(days=days)).isoformat()
    return date


def replica(seed: Event, number: int, rng: random.Random, *, span_days: int, spread: str) -> Event:
    days = number * span_days + rng.randint(-3, 3) if spread == "time" else rng.randint(-3, 3)
    place = seed.event_loc
    if place is not None and place.lat is not None:
        place = replace(place, lat=place.lat + rng.uniform(-0.05, 0.05), lon=place.lon + rng.uniform(-0.05, 0.05))
    size = {k: (max(0, v + rng.randint(-1, 1)) if isinstance(v, int) else v) for k, v in seed.size.items()}
    sources = [replace(s, article=f"{s.article}-r{number}", published=_shift(s.published, days)) for s in seed.sources]
    return replace(seed, id=f"{seed.id[:10]}r{number:06d}", date=_shift(seed.date, days), event_loc=place, size=size,
                   sources=sources)


def link_probes(store: Store, processor: Processor, probes) -> tuple[float, float, float]:
    """CPU seconds and wall seconds per probe article (linking all its mentions), candidates per
    mention. CPU time is the headline: on a shared machine the wall time swings with the neighbours."""
    linker = processor.linker
    n_candidates = n_mentions = 0
    start, cpu = time.perf_counter(), time.process_time()
    with store.engine.connect() as conn:
        for item in probes:
            for mention in item.analysis.mentions:
                side = linker.side(mention, item.article)
                candidates = linker.candidates(store, conn, mention, side)
                linker.match(side, candidates)
                n_candidates += len(candidates)
                n_mentions += 1
    return ((time.process_time() - cpu) / len(probes), (time.perf_counter() - start) / len(probes),
            n_candidates / max(1, n_mentions))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=Path, default=DEFAULT)
    parser.add_argument("--sizes", default="10000,25000,50000,100000")
    parser.add_argument("--base", type=int, default=150, help="articles whose events seed the store")
    parser.add_argument("--probes", type=int, default=40, help="articles whose linking is timed")
    parser.add_argument("--spread", choices=["time", "dense"], default="time")
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rng = random.Random(SEED)

    articles = load(args.documents, args.base + args.probes)
    base, probe_articles = articles[:args.base], articles[args.base:]
    with tempfile.TemporaryDirectory(prefix="sitrep-linkscale-") as tmp:
        store = Store(Path(tmp) / "scale.db")
        processor = Processor(store)
        processor.run_records(iter(base), RunSummary())
        seeds = store.events()
        probes = [prepare(a, doc, processor.extractor) for a, doc in zip(probe_articles, processor.nlp.pipe(a.text for a in probe_articles))]
        days = [e.date for e in seeds if e.date and len(e.date) >= 10]
        import datetime as dt

        span = max(30, (dt.date.fromisoformat(max(days)) - dt.date.fromisoformat(min(days))).days + 1) if days else 365
        results = []
        count, number = len(seeds), 0
        for size in sizes:
            write_start = time.perf_counter()
            with store.atomic() as conn:
                while count < size:
                    number += 1
                    for seed in seeds:
                        if count >= size:
                            break
                        store.put_event(conn, replica(seed, number, rng, span_days=span, spread=args.spread))
                        count += 1
            written = time.perf_counter() - write_start
            link_probes(store, processor, probes)  # warm caches (decoded events, prebuilt queries)
            timings, walls, per_mention = [], [], 0.0
            for _ in range(args.repeat):
                seconds, wall, per_mention = link_probes(store, processor, probes)
                timings.append(seconds)
                walls.append(wall)
            results.append({"events": store.counts()["events"], "ms_per_article": round(1000 * min(timings), 3),
                            "median_ms_per_article": round(1000 * statistics.median(timings), 3),
                            "wall_ms_per_article": round(1000 * statistics.median(walls), 3),
                            "candidates_per_mention": round(per_mention, 2), "write_s": round(written, 1)})
            print(json.dumps(results[-1]), file=sys.stderr)
        store.close()
    first = results[0]["ms_per_article"]
    for row in results:
        row["ratio_to_first"] = round(row["ms_per_article"] / first, 3) if first else None
    print(json.dumps({
        "benchmark": "link_scale", "spread": args.spread, "seed_events": len(seeds), "seed_span_days": span,
        "probe_articles": len(probes), "probe_mentions": sum(len(p.analysis.mentions) for p in probes),
        "results": results, "ratio_largest_to_smallest": results[-1]["ratio_to_first"],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
