"""Migration 0006 (articles.report_type) on both backends: an older store gains the columns and
keeps its rows; a report's type round-trips; the pipeline stores the type it reads."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from sitrep.pipeline import Processor, RunSummary
from sitrep.records import Article
from sitrep.store.db import Store, normalize_url
from tests.store.test_article_updated import _upgrade
from tests.stores import store_url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    return normalize_url(store_url(request.param, tmp_path, "r"))


def test_a_store_made_before_0006_gains_the_columns_and_keeps_its_articles(url: str) -> None:
    _upgrade(url, "0005_query_indexes")
    with create_engine(url).begin() as conn:
        conn.execute(text("insert into articles (id, text, published) values ('a1', 'Old text.', '2016-05-31')"))
    store = Store(url)  # migrates to head
    columns = {c["name"] for c in inspect(store.engine).get_columns("articles")}
    assert {"report_type", "report_type_confidence"} <= columns
    old = store.article("a1")
    assert (old.text, old.report_type, old.report_type_confidence) == ("Old text.", None, None)
    store.close()


def test_a_report_type_round_trips(url: str) -> None:
    store = Store(url)
    with store.atomic() as conn:
        store.put_article(conn, Article(id="a2", text="x", report_type="Armed clash", report_type_confidence=0.62), None)
        stored = store.article_in(conn, "a2")
    assert (stored.report_type, stored.report_type_confidence) == ("Armed clash", 0.62)
    store.close()


def test_the_pipeline_stores_the_type_of_each_report(url: str) -> None:
    store = Store(url)
    article = Article(id="p1", published="2026-03-02", text=(
        "Protesters march peacefully in the capital\n\nThousands of people marched peacefully through the capital "
        "on Sunday, waving flags and chanting slogans to demand the release of jailed opposition leaders."))
    Processor(store).run_records([article], RunSummary())
    stored = store.article("p1")
    assert stored.report_type == "Peaceful protest"
    assert 0.0 < stored.report_type_confidence <= 1.0
    store.close()
