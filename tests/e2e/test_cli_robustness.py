"""The `sitrep` command on bad input, and a run killed half-way then finished (real subprocesses)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sitrep
from sitrep.analyze.nlp import model_path

EXAMPLES = Path(sitrep.__file__).resolve().parent / "examples"
pytestmark = pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason="NLP model not built: run `make model`")


def _sitrep(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitrep.serve.cli", *args], capture_output=True, text=True, timeout=600, **kwargs)


def test_bad_items_are_skipped_with_a_reason_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "01_meridian_kirkuk_bombing.txt", folder)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 500)
    (folder / "broken.jsonl").write_text('{"text": "unterminated\n')
    (folder / "german.txt").write_text("Titel\n\n" + "Die Polizei hat am Montag in der Stadt mehrere Personen festgenommen, nachdem es zu schweren Ausschreitungen gekommen war. " * 3)
    result = _sitrep("run", str(folder), "--db", str(tmp_path / "x.db"), "--json")
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["processed"] == 1
    reasons = {Path(s["item"]).name.split(":")[0]: s["reason"] for s in summary["skipped"]}
    assert set(reasons) == {"empty.txt", "binary.txt", "broken.jsonl", "german.txt"}
    assert all("\n" not in r for r in reasons.values())


@pytest.mark.slow
def test_killed_run_leaves_a_consistent_store_and_a_rerun_finishes_the_job(tmp_path):
    killed_db = tmp_path / "killed.db"
    process = subprocess.Popen([sys.executable, "-m", "sitrep.serve.cli", "run", str(EXAMPLES), "--db", str(killed_db), "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    stored = 0
    while time.time() < deadline and process.poll() is None:
        if killed_db.exists():
            try:
                with sqlite3.connect(killed_db) as conn:
                    stored = conn.execute("select count(*) from articles").fetchone()[0]
            except sqlite3.Error:
                stored = 0
            if stored >= 2:
                break
        time.sleep(0.05)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    with sqlite3.connect(killed_db) as conn:
        articles = conn.execute("select count(*) from articles").fetchone()[0]
        orphans = conn.execute("select count(*) from mentions where article_id not in (select id from articles)").fetchone()[0]
    assert orphans == 0 and 0 < articles <= 9
    assert _sitrep("run", str(EXAMPLES), "--db", str(killed_db), "-q").returncode == 0
    clean_db = tmp_path / "clean.db"
    assert _sitrep("run", str(EXAMPLES), "--db", str(clean_db), "-q").returncode == 0
    finished = sitrep.open(killed_db).store.counts()
    clean = sitrep.open(clean_db).store.counts()
    assert finished["articles"] == clean["articles"] == 9
    assert finished == clean  # same articles, mentions, events, entities, statements, disputes
