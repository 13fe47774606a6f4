"""The main job gives the same records on SQLite and on PostgreSQL (where a server answers)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import sitrep
from sitrep.analyze.nlp import model_path
from tests.stores import store_url

EXAMPLES = Path(sitrep.__file__).resolve().parent / "examples"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason="NLP model not built: run `make model`"),
]


def _export(url: str) -> list[dict]:
    handle = sitrep.open(url)
    handle.run([EXAMPLES])
    handle.run([EXAMPLES])  # a re-run reads what the first wrote back (JSON columns included)
    out = io.StringIO()
    handle.export("jsonl", out)
    return sorted((json.loads(line) for line in out.getvalue().splitlines()), key=lambda e: e["id"])


def test_sqlite_and_postgresql_store_the_same_events(tmp_path):
    postgres = _export(store_url("postgresql", tmp_path, "pg"))
    sqlite = _export(store_url("sqlite", tmp_path, "lite"))
    assert len(sqlite) > 10
    assert postgres == sqlite
