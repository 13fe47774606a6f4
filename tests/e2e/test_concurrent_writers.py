"""Several `sitrep run` processes writing to one store at once lose nothing and duplicate nothing.

Real processes on overlapping inputs: every writer reads all of the first open GVA articles and
the bundled examples, writer i starting with lines i, i+W, i+2W... (the file keeps one shooting's
reports together, so writers start on different reports of the same incidents at once). The store they leave must be exactly what one writer
leaves committing the same articles in the same order (the store records that order): a race that
made two events of one incident, lost a mention or stored an article twice would show as a
difference. Runs on SQLite (WAL) and on PostgreSQL where a server answers.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

import sitrep
from sitrep.analyze.nlp import model_path
from sitrep.ingest import iter_articles
from sitrep.pipeline import RunSummary
from tests.e2e.runs import EXAMPLES, GVA_DOCUMENTS, export_lines, gva_lines, start_run, summary_of
from tests.stores import store_url

pytestmark = [
    pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason="NLP model not built: run `make model`"),
    pytest.mark.skipif(not GVA_DOCUMENTS.is_file(), reason=f"open GVA articles not found at {GVA_DOCUMENTS}"),
]

# GVA articles and writer processes; the environment raises them for a longer run.
ARTICLES = int(os.environ.get("SITREP_CONCURRENT_ARTICLES", "24"))
WRITERS = int(os.environ.get("SITREP_CONCURRENT_WRITERS", "2"))


def _shards(folder: Path) -> list[list[Path]]:
    lines = gva_lines(ARTICLES)
    examples = sorted(p for p in EXAMPLES.iterdir() if not p.name.startswith("README"))
    shards = []
    for i in range(WRITERS):
        first = lines[i::WRITERS]
        path = folder / f"writer{i}.jsonl"
        path.write_text("".join(first + [line for line in lines if line not in first]), encoding="utf-8")
        shards.append([path, *(examples if i % 2 == 0 else examples[::-1])])
    return shards


def _wait_for_first_batches(processes, logs: list[Path], timeout: float = 300.0) -> None:
    """Until every writer has logged its first analyzed batch (it then waits for the write lock)."""
    deadline = time.monotonic() + timeout
    while not all("analyzed" in log.read_text() for log in logs):
        for process, log in zip(processes, logs):
            assert process.poll() is None or "analyzed" in log.read_text(), log.read_text()[-3000:]
        assert time.monotonic() < deadline, f"writers did not analyze a first batch in {timeout:.0f} s"
        time.sleep(0.2)


def _replay(concurrent, url: str):
    """One writer committing the concurrent store's articles in the order they were committed."""
    stored = [concurrent.store.article(article_id) for article_id in concurrent.store.commit_order()]
    serial = sitrep.open(url)
    serial.processor.run_records([replace(a, duplicate_of=None) for a in stored], RunSummary())
    return serial


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_writers_store_what_one_writer_stores(tmp_path, backend):
    shards = _shards(tmp_path)
    url = store_url(backend, tmp_path, "shared")
    logs = [tmp_path / f"run{i}.log" for i in range(len(shards))]
    gate = sitrep.open(url)  # migrated here, so that no writer needs the write lock to migrate
    # The test holds the store's write lock until every writer has analyzed its first batch, so
    # that no writer can store everything before another has started (a writer that loads its
    # model sooner would otherwise do all the work, and the test would prove nothing).
    # Small batches: each writer commits every few articles, so the writers' commits interleave.
    with gate.store.atomic():
        processes = [start_run(paths, url, log=log, batch_size=3, verbose=True) for paths, log in zip(shards, logs)]
        _wait_for_first_batches(processes, logs)
    for i, process in enumerate(processes):
        assert process.wait(timeout=600) == 0, (tmp_path / f"run{i}.log").read_text()[-3000:]
    summaries = [summary_of(tmp_path / f"run{i}.log") for i in range(len(processes))]
    concurrent = sitrep.open(url)

    assert concurrent.store.check() == []
    inputs = {a.id for a in iter_articles([p for paths in shards for p in paths]) if not hasattr(a, "code")}
    counts = concurrent.store.counts()
    # every article stored once, by one writer; every mention a writer made is stored and linked
    assert counts["articles"] == len(inputs) == sum(s["processed"] for s in summaries)
    assert counts["mentions"] == sum(s["mentions"] for s in summaries)
    assert sum(s["events_created"] for s in summaries) == counts["events"]
    # the writers did share the work (else this test would prove nothing about concurrency)
    writers = [Path(concurrent.store.article(i).origin.split(":")[0]).name for i in concurrent.store.commit_order()]
    gva = [w for w in writers if w.startswith("writer")]
    assert len(set(gva)) >= 2, writers
    print(f"commit order by writer: {writers}")

    serial = _replay(concurrent, store_url(backend, tmp_path, "serial"))
    assert serial.store.counts() == counts
    assert export_lines(serial) == export_lines(concurrent)
    assert [e.to_dict() for e in serial.entities()] == [e.to_dict() for e in concurrent.entities()]
    assert [s.to_dict() for s in serial.statements()] == [s.to_dict() for s in concurrent.statements()]
