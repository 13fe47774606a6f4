"""The store on real SQLite and (where a server answers) real PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from sitrep.records import Article, article_id_for
from sitrep.store.db import Store

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _postgres_available() -> bool:
    try:
        with create_engine(PG_URL).connect() as conn:
            conn.execute(text("select 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means no server to test against
        return False



@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return Store(tmp_path / "t.db")
    if not _postgres_available():
        pytest.skip(f"no PostgreSQL server answers at {PG_URL}")
    schema = f"t_{uuid.uuid4().hex[:8]}"
    with create_engine(PG_URL).begin() as conn:
        conn.execute(text(f"create schema {schema}"))
    return Store(f"{PG_URL}?options=-csearch_path%3D{schema}")


def _article(body: str) -> Article:
    return Article(id=article_id_for(body), text=body, title="t", publication="Invented Wire", published="2023-01-02")


def test_article_write_is_idempotent(store):
    article = _article("An invented report about nothing in particular, written for a test.")
    for _ in range(2):
        with store.atomic() as conn:
            store.put_article(conn, article, None)
    assert store.counts()["articles"] == 1
    assert store.article(article.id).text == article.text


def test_failed_transaction_leaves_nothing(store):
    article = _article("Another invented report, this one is rolled back half way through.")
    with pytest.raises(RuntimeError):
        with store.atomic() as conn:
            store.put_article(conn, article, None)
            raise RuntimeError("killed mid-article")
    assert not store.has_article(article.id)
    assert store.counts()["articles"] == 0


def test_migrations_run_twice(store):
    store.migrate()
    assert store.counts()["events"] == 0
