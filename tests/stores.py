"""Test helper shared by the test folders: a new store on each backend the machine has."""

from __future__ import annotations

import uuid
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@cache
def postgres_available() -> bool:
    try:
        with create_engine(PG_URL).connect() as conn:
            conn.execute(text("select 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means no server to test against
        return False


def store_url(backend: str, folder: Path, name: str) -> str:
    """A new, empty store: a SQLite file in `folder`, or a fresh schema on the local PostgreSQL
    (the test skips, saying why, where no server answers)."""
    if backend == "sqlite":
        return str(folder / f"{name}.db")
    if not postgres_available():
        pytest.skip(f"no PostgreSQL server answers at {PG_URL}")
    schema = f"t_{uuid.uuid4().hex[:8]}"
    with create_engine(PG_URL).begin() as conn:
        conn.execute(text(f"create schema {schema}"))
    return f"{PG_URL}?options=-csearch_path%3D{schema}"
