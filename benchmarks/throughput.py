"""End-to-end throughput and peak memory on real news: the Gun Violence Archive articles.

    python benchmarks/throughput.py [--limit N] [--documents PATH] [--workers N]

Runs the whole main job (ingest records -> analyze -> extract -> link -> fuse -> SQLite) on one
thread and reports articles per second, words per second, peak RSS, and where the time goes
(spaCy pipeline vs the rest), as JSON. With --workers N the analysis runs on N Dask worker
processes (sitrep.scale) and the rate is also given per core used (N workers + the writer share
the machine's cores); peak RSS is then the writer's, plus the largest worker's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from sitrep.pipeline import Processor, RunSummary  # noqa: E402
from sitrep.records import Article, article_id_for  # noqa: E402
from sitrep.store.db import Store  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gva" / "documents.jsonl"


def load(path: Path, limit: int) -> list[Article]:
    articles = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = (row.get("content") or "").strip()
            if not text:
                continue
            articles.append(Article(id=article_id_for(text), text=text, title=row.get("title"), url=row.get("uri"),
                                    published=(row.get("dct") or "")[:10] or None))
            if len(articles) >= limit:
                break
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if not args.documents.is_file():
        print(f"no GVA documents at {args.documents}", file=sys.stderr)
        return 2
    articles = load(args.documents, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        started = time.perf_counter()
        processor = Processor(store)
        from sitrep.analyze.geo import get_gazetteer

        get_gazetteer()  # one-time start-up, reported apart from the per-article rate
        startup = time.perf_counter() - started
        words = sum(len(a.text.split()) for a in articles)
        start = time.perf_counter()
        for _ in processor.nlp.pipe((a.text for a in articles[:100]), batch_size=32):
            pass
        nlp_share = (time.perf_counter() - start) / sum(len(a.text.split()) for a in articles[:100])
        start = time.perf_counter()
        summary = processor.run_records(iter(articles), RunSummary(), workers=args.workers)
        elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.workers > 1:
        peak_mb += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cores = min(os.cpu_count() or 1, args.workers) if args.workers > 1 else 1
    result = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "startup_seconds": round(startup, 1), "articles": len(articles), "words": words, "seconds": round(elapsed, 1),
        "workers": args.workers, "cores_used": cores,
        "articles_per_second": round(len(articles) / elapsed, 2),
        "articles_per_second_one_core": round(len(articles) / elapsed / cores, 2),
        "words_per_second_one_core": round(words / elapsed / cores),
        "spacy_share_of_time": round(min(1.0, nlp_share * words / elapsed), 2) if args.workers == 1 else None,
        "peak_rss_mb": round(peak_mb), "events": summary.events_created,
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
