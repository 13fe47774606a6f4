"""Latency of `GET /api/events` on loopback with a large store (default 100,000 events).

    python benchmarks/api_latency.py [--events N] [--requests N] [--db PATH] [--keep]

1. The bundled examples go through the real pipeline once (about 15 s), into a scratch store.
2. Their fused events are replicated, each copy with a new id, a date moved by up to two years and
   its coordinates moved by up to half a degree, and written straight through the store API
   (`Store.put_event`, 5,000 per transaction): the store holds N events shaped like real ones
   without running the NLP N times. `--db` reuses a store built by an earlier run.
3. `sitrep serve` runs as a user starts it (a uvicorn process on a free loopback port), and one
   client sends the requests one at a time over a kept-alive connection: a mix of the dashboard's
   queries (first page, each filter, a sort, a deep page), `--requests` of each, after a warm-up.

Prints JSON: p50/p95/p99 in milliseconds per query and over all, and, as a same-run ratio, the
p50 over that of a static file from the same server (the fixed cost of a request on this machine);
then, apart, the dashboard page, the map's markers and an event page.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sitrep
from sitrep.records import Event

EXAMPLES = Path(sitrep.__file__).resolve().parent / "examples"
QUERIES = {
    "first page": "/api/events",
    "category": "/api/events?category=ASSAULT",
    "country": "/api/events?country=IQ",
    "since+until": "/api/events?since=2023-06-01&until=2023-09-30",
    "disputed": "/api/events?disputed=true",
    "text": "/api/events?text=Nairobi",
    "sort by sources": "/api/events?sort=-sources",
    "deep page": "/api/events?offset=50000",
    "200 per page": "/api/events?limit=200",
}
# what a browser asks for when it opens the dashboard (the page, then the map's markers), and one
# event page; timed apart with a tenth of the requests, since they are not the API figure
PAGES = {
    "dashboard /": "/",
    "map markers (/api/events.geojson?brief=true, 5,000)": "/api/events.geojson?brief=true",
    "full GeoJSON features (/api/events.geojson, 5,000)": "/api/events.geojson",
    "event page": "/events/{event_id}",
}


def build_store(db: Path, n_events: int) -> dict:
    started = time.perf_counter()
    handle = sitrep.open(db)
    handle.run([EXAMPLES])
    seeds = handle.events()
    pipeline_s = time.perf_counter() - started
    rng = random.Random(7)
    started = time.perf_counter()
    batch: list[Event] = []
    for i in range(n_events - len(seeds)):
        batch.append(_copy(seeds[i % len(seeds)], i, rng))
        if len(batch) == 5000:
            _write(handle, batch)
            batch = []
    _write(handle, batch)
    write_s = time.perf_counter() - started
    counts = handle.store.counts()
    handle.close()
    return {"pipeline_s": round(pipeline_s, 1), "write_s": round(write_s, 1), "events": counts["events"],
            "disputed": counts["disputed"], "db_mb": round(db.stat().st_size / 2**20)}


def _copy(seed: Event, i: int, rng: random.Random) -> Event:
    date = seed.date
    if date and len(date) == 10:
        date = (dt.date.fromisoformat(date) + dt.timedelta(days=rng.randrange(-365, 365))).isoformat()
    place = seed.event_loc
    if place and place.lat is not None:
        place = dataclasses.replace(place, lat=place.lat + rng.uniform(-0.5, 0.5), lon=place.lon + rng.uniform(-0.5, 0.5))
    return dataclasses.replace(seed, id=hashlib.sha256(f"{seed.id}/{i}".encode()).hexdigest()[:16], date=date, event_loc=place)


def _write(handle, batch: list[Event]) -> None:
    with handle.store.atomic() as conn:
        for item in batch:
            handle.store.put_event(conn, item)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(db: Path, n_requests: int) -> dict:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "sitrep.serve.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("sitrep serve did not start")
                time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def timed(path: str) -> float:
            started = time.perf_counter()
            connection.request("GET", path)
            answer = connection.getresponse()
            body = answer.read()
            elapsed = time.perf_counter() - started
            if answer.status != 200:
                raise SystemExit(f"{path}: {answer.status} {body[:200]!r}")
            return elapsed * 1000

        for path in list(QUERIES.values()) * 3:  # warm-up: connections, page cache, compiled statements
            timed(path)
        results, everything = {}, []
        static = sorted(timed("/static/app.css") for _ in range(n_requests))
        for name, path in QUERIES.items():
            times = sorted(timed(path) for _ in range(n_requests))
            everything += times
            results[name] = _percentiles(times)
        everything.sort()
        overall = _percentiles(everything)
        connection.request("GET", "/api/events?limit=1")
        event_id = json.loads(connection.getresponse().read())["items"][0]["id"]
        pages = {}
        for name, path in PAGES.items():
            timed(path.format(event_id=event_id))
            pages[name] = _percentiles(sorted(timed(path.format(event_id=event_id)) for _ in range(max(5, n_requests // 10))))
        return {"queries": results, "all": overall, "static_file": _percentiles(static),
                "ratio_p50_to_static": round(overall["p50_ms"] / _percentiles(static)["p50_ms"], 1), "pages": pages}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _percentiles(times: list[float]) -> dict:
    def at(q: float) -> float:
        return round(times[min(len(times) - 1, int(q * len(times)))], 1)

    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": at(0.95), "p99_ms": at(0.99), "n": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the store (default 100,000)")
    parser.add_argument("--requests", type=int, default=200, help="requests per query (default 200)")
    parser.add_argument("--db", type=Path, help="reuse this store (built by an earlier --keep run) instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the store built and print its path")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sitrep-api-bench-"))
    try:
        report: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
        if args.db:
            db = args.db
            handle = sitrep.open(db)
            report["store"] = {"events": handle.store.counts()["events"], "db_mb": round(db.stat().st_size / 2**20)}
            handle.close()
        else:
            db = folder / "bench.db"
            report["store"] = build_store(db, args.events)
        report |= measure(db, args.requests)
        if args.keep:
            report["db"] = str(db)
        print(json.dumps(report, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
