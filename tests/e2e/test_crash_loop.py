"""`sitrep run` killed with SIGKILL at random points, again and again, leaves a consistent store,
and re-running it ends with exactly what an uninterrupted run stores.

Each round starts `sitrep run` on the same folder of open GVA articles, waits until it has
committed a random number (1 to 3) of further articles, waits a further random 0-400 ms (so the
kill lands while it analyzes its next batch or inside a commit) and kills it with SIGKILL. After
every kill the store must pass `Store.check()` (no orphan mention, statement or alias, no event
without its mentions or with half its sources) and every stored article must have exactly the
mentions it has in the uninterrupted run. The rounds are seeded (SITREP_KILL_SEED).

SITREP_KILL_LOOPS kills per store (default 2, for CI); the issue's 50-kill run is
`SITREP_KILL_LOOPS=50 pytest -s tests/e2e/test_crash_loop.py` (figures in benchmarks/RESULTS.md).
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import sitrep
from sitrep.analyze.nlp import model_path
from sitrep.store.db import normalize_url
from tests.e2e.runs import GVA_DOCUMENTS, export_lines, gva_lines, start_run, summary_of
from tests.stores import store_url

pytestmark = [
    pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason="NLP model not built: run `make model`"),
    pytest.mark.skipif(not GVA_DOCUMENTS.is_file(), reason=f"open GVA articles not found at {GVA_DOCUMENTS}"),
]

KILLS = int(os.environ.get("SITREP_KILL_LOOPS", "2"))
SEED = int(os.environ.get("SITREP_KILL_SEED", "20261201"))
# Enough articles that every kill lands before the input is done (a round commits at most a few
# more than it waits for); small batches, so a round costs little more than loading the model.
ARTICLES = 5 * KILLS + 10
BATCH = 4


def _stored(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("select count(*) from articles")).scalar_one()


def _mentions_by_article(handle) -> dict[str, list[str]]:
    return {a.id: sorted(m.id for m in handle.store.mentions_of_article(a.id)) for a in handle.store.articles()}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_runs_leave_a_consistent_store_and_finish_the_job(tmp_path, backend):
    folder = tmp_path / "reports"
    folder.mkdir()
    lines = gva_lines(ARTICLES)
    for start in range(0, len(lines), 10):  # a folder of several files, as a user's would be
        (folder / f"part{start // 10:03d}.jsonl").write_text("".join(lines[start:start + 10]), encoding="utf-8")

    clean = sitrep.open(store_url(backend, tmp_path, "clean"))
    clean_summary = clean.run([folder])
    expected_mentions = _mentions_by_article(clean)

    url = store_url(backend, tmp_path, "killed")
    crashed = sitrep.open(url)
    engine = create_engine(normalize_url(url))
    rng = random.Random(SEED)
    kills, started = 0, time.monotonic()
    while kills < KILLS:
        before = _stored(engine)
        target, pause = before + rng.randint(1, 3), rng.uniform(0.0, 0.4)
        process = start_run([folder], url, log=tmp_path / f"round{kills}.log", batch_size=BATCH)
        while _stored(engine) < target and process.poll() is None:
            time.sleep(0.02)
        time.sleep(pause)
        if process.poll() is not None:
            break  # it finished the input before the kill: no more rounds to play
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
        problems = crashed.store.check()
        assert problems == [], f"after kill {kills}: {problems[:5]}"
        stored = _mentions_by_article(crashed)
        assert stored == {i: expected_mentions[i] for i in stored}, f"after kill {kills}: an article without all its mentions"
    assert kills == KILLS, f"the input ran out after {kills} kills"

    final = start_run([folder], url, log=tmp_path / "final.log", batch_size=BATCH)
    # exit code 1: some GVA lines hold no article text and are skipped, as in the clean run
    assert final.wait(timeout=600) == (1 if clean_summary.skipped else 0), (tmp_path / "final.log").read_text()[-3000:]
    assert [s["item"] for s in summary_of(tmp_path / "final.log")["skipped"]] == [s.item for s in clean_summary.skipped]
    elapsed = time.monotonic() - started
    print(f"\n{backend}: {kills} kills (seed {SEED}), {len(lines)} articles, {elapsed:.0f} s including the final run")
    assert crashed.store.check() == []
    assert crashed.store.counts() == clean.store.counts()
    assert export_lines(crashed) == export_lines(clean)
    engine.dispose()
