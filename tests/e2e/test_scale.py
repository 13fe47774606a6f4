"""The Dask path stores exactly what the serial path stores (real model, real worker processes)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import sitrep
from sitrep.analyze.nlp import model_path
from tests.stores import store_url

pytest.importorskip("dask.bag", reason="the Dask path needs the dask extra: pip install 'sitrep[dask]'")

EXAMPLES = Path(sitrep.__file__).resolve().parent / "examples"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason="NLP model not built: run `make model`")


def _inputs() -> list[Path]:
    # The seeds add an undated report, which the writer must read again against the date it
    # borrows from a linked event (the one step of `commit` that needs the model).
    return [EXAMPLES] + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])


def _export(handle) -> str:
    out = io.StringIO()
    handle.export("jsonl", out)
    return out.getvalue()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_workers_store_what_one_process_stores(tmp_path, backend):
    serial = sitrep.open(store_url(backend, tmp_path, "serial"))
    serial_summary = serial.run(_inputs())
    parallel = sitrep.open(store_url(backend, tmp_path, "parallel"))
    # partitions of one article: 8 per chunk, so the run spans several partitions and two chunks
    parallel_summary = parallel.processor.run([str(p) for p in _inputs()], workers=2, batch_size=1)
    assert parallel_summary.processed == serial_summary.processed > 0
    assert parallel_summary.events_created == serial_summary.events_created
    assert parallel.store.counts() == serial.store.counts()
    assert _export(parallel) == _export(serial)


def test_a_local_dask_cluster_stores_what_one_process_stores(tmp_path):
    pytest.importorskip("distributed", reason="a LocalCluster needs dask.distributed (in the dask extra)")
    serial = sitrep.open(tmp_path / "serial.db")
    serial_summary = serial.run(_inputs())
    cluster = sitrep.open(tmp_path / "cluster.db")
    # two worker processes of a real LocalCluster, the partitions of two articles spread over them
    summary = cluster.processor.run([str(p) for p in _inputs()], workers=2, scheduler="local-cluster", batch_size=2)
    assert summary.processed == serial_summary.processed > 0
    assert cluster.store.counts() == serial.store.counts()
    assert _export(cluster) == _export(serial)


def test_bad_input_is_skipped_with_a_reason_in_parallel_too(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text(next(EXAMPLES.glob("*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    handle = sitrep.open(tmp_path / "p.db")
    summary = handle.run([tmp_path / "empty.txt", tmp_path / "ok.txt"], workers=2)
    assert summary.processed == 1
    assert [s.item for s in summary.skipped] == [str(tmp_path / "empty.txt")]
