"""Scale-out: the open GVA articles through `sitrep run --workers N` and through a dask.distributed
LocalCluster of N workers against PostgreSQL, against one process, compared record for record,
with each run's time and peak memory per process.

    python benchmarks/scale_out.py [--limit 500] [--workers 2] [--db postgresql://postgres@127.0.0.1:5432/test]
                                   [--log FILE] [--no-processes] [--no-cluster] [--keep-schemas]

Each run gets a fresh schema and runs the real CLI (`sitrep run FILE --db URL`) in its own
process, so its peak RSS is its own: the writer's (the CLI process) and, with workers, the largest
worker's (spawned by the writer or by the LocalCluster's nannies in it, reaped before it exits).
Prints JSON: per run the seconds, the store's counts, the peak RSS in MB and the load average
while it ran; and whether every run's export equals the one-process run's. `--log` gets a line
per finished run as it finishes (a full run takes an hour or more on a busy 2-core machine).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
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


class LoadSampler(threading.Thread):
    """The 1-minute load average once a minute while a run goes on: other jobs share the machine."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = [os.getloadavg()[0]]
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(60):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict:
        self.done.set()
        self.samples.append(os.getloadavg()[0])
        return {"min": round(min(self.samples), 1), "mean": round(sum(self.samples) / len(self.samples), 1),
                "max": round(max(self.samples), 1)}


def run(path: Path, url: str, workers: int, scheduler: str | None = None) -> dict:
    extra = ["--scheduler", scheduler] if scheduler else []
    load = LoadSampler()
    load.start()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, "run", str(path), "--db", url, "--quiet", "--json",
                           "--workers", str(workers), *extra],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"sitrep run --workers {workers} {' '.join(extra)} failed:\n{done.stderr[-3000:]}")
    memory = json.loads(done.stderr.strip().splitlines()[-1])
    if workers == 1 and not scheduler:  # no worker processes: whatever child it had, it was no worker
        memory["largest_child_peak_rss_mb"] = memory.pop("largest_worker_peak_rss_mb")
    summary = json.loads(done.stdout[done.stdout.index("{"):])
    return {"workers": workers, "scheduler": scheduler or ("processes" if workers > 1 else None),
            "seconds": round(seconds, 1), "processed": summary["processed"], **memory, "load_average": load.summary()}


def export(url: str) -> tuple[list[str], dict]:
    """The run's JSONL export and its counts, with a digest of every entity (id, name, aliases):
    the export shows events only, and two runs can store as many entities but not the same ones."""
    import hashlib

    import sitrep

    handle = sitrep.open(url)
    out = io.StringIO()
    handle.export("jsonl", out)
    entities = sorted((e.id, e.name, tuple(e.aliases)) for e in handle.entities())
    counts = handle.store.counts() | {"entities_sha1": hashlib.sha1(repr(entities).encode()).hexdigest()[:12]}
    return out.getvalue().splitlines(), counts


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--documents", type=Path, default=DOCUMENTS)
    parser.add_argument("--log", type=Path, help="a line per finished run, as it finishes")
    parser.add_argument("--no-cluster", action="store_true", help="skip the LocalCluster run")
    parser.add_argument("--no-processes", action="store_true", help="skip the --workers N run on processes")
    parser.add_argument("--keep-schemas", action="store_true",
                        help="keep each run's schema (named in the report) to compare rows afterwards")
    args = parser.parse_args()
    plan = ([(1, None)] + ([] if args.no_processes else [(args.workers, None)])
            + ([] if args.no_cluster else [(args.workers, "local-cluster")]))
    report: dict = {"articles": args.limit, "commit": commit(), "cpus": os.cpu_count(),
                    "machine": f"{platform.machine()} Python {platform.python_version()}", "runs": []}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        with args.documents.open(encoding="utf-8") as source:
            path.write_text("".join(line for _, line in zip(range(args.limit), source)), encoding="utf-8")
        exports = []
        for workers, scheduler in plan:
            url = fresh_schema(args.db)
            try:
                result = run(path, url, workers, scheduler)
                lines, counts = export(url)
            finally:
                if not args.keep_schemas:
                    drop_schema(args.db, url)
            if args.keep_schemas:
                result["schema"] = url.rsplit("%3D", 1)[1]
            result |= {"counts": counts, "export_lines": len(lines), "export_equals_one_process": lines == (exports or [lines])[0]}
            exports.append(lines)
            report["runs"].append(result)
            if args.log:
                with args.log.open("a", encoding="utf-8") as log:
                    log.write(f"{time.strftime('%H:%M:%S')} {json.dumps(result)}\n")
    report["identical_exports"] = all(r["export_equals_one_process"] for r in report["runs"])
    report["identical_counts"] = all(r["counts"] == report["runs"][0]["counts"] for r in report["runs"])
    print(json.dumps(report, indent=1))
    return 0 if report["identical_exports"] and report["identical_counts"] else 1


if __name__ == "__main__":
    sys.exit(main())
