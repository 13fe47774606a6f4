"""The Dask path: the per-article stages (analyze, extract, MinHash) on many cores or a cluster.

Linking, fusion and storage stay in one writer process (`Processor.commit`): event coreference
reads what earlier articles wrote, so articles are committed one at a time, in input order, and a
parallel run stores exactly what a serial run stores. What runs on the workers is
`sitrep.pipeline.prepare`, the same function the serial path calls.

    sitrep run reports/ --workers 4                              # local worker processes
    sitrep run reports/ --workers 4 --scheduler local-cluster    # a dask.distributed LocalCluster
    sitrep run reports/ --scheduler tcp://host:8786              # a running dask.distributed cluster

Needs the `dask` extra (`pip install "sitrep[dask]"`, which brings `distributed` too).
Each worker process loads the model and gazetteer once (about 5 s and 600 MB) and keeps them.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from . import errors
from .records import Article

# Chunks in flight per worker: enough to keep every worker busy while the writer commits the
# previous chunk, few enough that a huge input never sits in memory at once.
CHUNKS_PER_WORKER = 4

# `--scheduler` value that starts a dask.distributed LocalCluster of `workers` processes for the
# run (one thread each: the model is not shared between threads) instead of naming a running one.
LOCAL_CLUSTER = "local-cluster"


@functools.lru_cache(maxsize=1)
def _worker_extractor():
    from .extract.events import Extractor

    return Extractor()


def prepare_partition(articles: list[Article], model: str | None = None) -> list:
    """Runs on a worker: the model and extractor are loaded once per process and reused."""
    from .analyze.nlp import load_nlp, parse, parse_headlines
    from .pipeline import prepare

    extractor = _worker_extractor()
    nlp = load_nlp(model)
    docs = parse(nlp, [a.text for a in articles])
    parse_headlines(nlp, [a.title for a in articles])
    return [prepare(article, doc, extractor) for article, doc in zip(articles, docs)]


class DaskAnalyzer:
    """Maps `prepare_partition` over chunks of articles with Dask bags, results in input order."""

    def __init__(self, *, workers: int = 2, scheduler: str | None = None, partition_size: int = 32,
                 model: str | None = None) -> None:
        try:
            import dask.bag  # noqa: F401
        except ImportError as exc:
            raise errors.SitrepError('parallel runs need Dask: pip install "sitrep[dask]"') from exc
        self.workers = max(1, workers)
        self.partition_size = max(1, partition_size)
        self.model = model
        self.scheduler = scheduler
        self._client: Any = None
        self._cluster: Any = None
        self._pool: ProcessPoolExecutor | None = None

    @property
    def chunk_size(self) -> int:
        return self.workers * CHUNKS_PER_WORKER * self.partition_size

    def __enter__(self) -> "DaskAnalyzer":
        if self.scheduler:
            try:
                from distributed import Client
            except ImportError as exc:
                raise errors.SitrepError("a Dask cluster needs dask.distributed: pip install distributed") from exc
            if self.scheduler == LOCAL_CLUSTER:
                from distributed import LocalCluster

                # no dashboard: it needs bokeh and a free port, and a batch run has no one to look
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.scheduler)
            self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        else:
            # One pool for the whole run, so each worker loads the model once, not once per chunk.
            # One BLAS thread a worker (inherited by the spawned processes; this process's own
            # numpy has read its setting already): the workers are one a core, and OpenBLAS's
            # own thread pool in each would oversubscribe the cores (dask.distributed's nanny
            # sets the same for its workers).
            for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(name, "1")
            # "spawn": a fork of a process that already holds spaCy and SQLite handles is not safe.
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def prepare(self, articles: list[Article]) -> list:
        import dask.bag as db

        bag = db.from_sequence(articles, partition_size=self.partition_size)
        prepared = bag.map_partitions(prepare_partition, model=self.model)
        if self._client is not None:
            return prepared.compute(scheduler=self._client)
        return prepared.compute(scheduler="processes", pool=self._pool)
