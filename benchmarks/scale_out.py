"""Scale-out: the open GVA articles through `sitrep run --workers N` against PostgreSQL, against
one process, compared record for record, with each run's time and peak memory per process.

    python benchmarks/scale_out.py [--limit 500] [--workers 2] [--db postgresql://postgres@127.0.0.1:5432/test]

Each run gets a fresh schema and runs the real CLI (`sitrep run FILE --db URL`) in its own
process, so its peak RSS is its own: the writer's (the CLI process) and, with workers, the largest
worker's (spawned by the writer, reaped before it exits). Prints JSON: per run the seconds, the
store's counts and the peak RSS in MB; and whether the two stores' exports are identical.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT.parent / "shared" / "data" / "gva" / "documents.jsonl"
SITREP = str(Path(sys.executable).with_name("sitrep"))

# Run in the child: the CLI, then the peak RSS of this process and of its reaped descendants.
CHILD = """
import json, resource, sys
from sitrep.serve.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"writer_peak_rss_mb": round(self_mb), "largest_worker_peak_rss_mb": round(children_mb)}), file=sys.stderr)
"""


def fresh_schema(base: str) -> str:
    from sqlalchemy import create_engine, text

    schema = f"scale_{uuid.uuid4().hex[:8]}"
    with create_engine(base).begin() as conn:
        conn.execute(text(f"create schema {schema}"))
    return f"{base}?options=-csearch_path%3D{schema}"


def drop_schema(base: str, url: str) -> None:
    from sqlalchemy import create_engine, text

    schema = url.rsplit("%3D", 1)[1]
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f"drop schema {schema} cascade"))
    engine.dispose()


def run(path: Path, url: str, workers: int) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, "run", str(path), "--db", url, "--quiet", "--json", "--workers", str(workers)],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"sitrep run --workers {workers} failed:\n{done.stderr[-3000:]}")
    memory = json.loads(done.stderr.strip().splitlines()[-1])
    summary = json.loads(done.stdout[done.stdout.index("{"):])
    return {"workers": workers, "seconds": round(seconds, 1), "processed": summary["processed"], **memory}


def export(url: str) -> tuple[list[str], dict]:
    import sitrep

    handle = sitrep.open(url)
    out = io.StringIO()
    handle.export("jsonl", out)
    return out.getvalue().splitlines(), handle.store.counts()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--documents", type=Path, default=DOCUMENTS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        with args.documents.open(encoding="utf-8") as source:
            path.write_text("".join(line for _, line in zip(range(args.limit), source)), encoding="utf-8")
        runs = []
        for workers in (1, args.workers):
            url = fresh_schema(args.db)
            try:
                result = run(path, url, workers)
                lines, counts = export(url)
            finally:
                drop_schema(args.db, url)
            runs.append((result | {"counts": counts}, lines))
    report = {
        "articles": args.limit, "machine": f"{platform.machine()} Python {platform.python_version()}",
        "runs": [r for r, _ in runs],
        "identical_exports": runs[0][1] == runs[1][1],
        "identical_counts": runs[0][0]["counts"] == runs[1][0]["counts"],
    }
    print(json.dumps(report, indent=1))
    return 0 if report["identical_exports"] else 1


if __name__ == "__main__":
    sys.exit(main())
