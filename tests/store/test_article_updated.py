"""Migration 0002 (articles.updated) on both backends: an older store gains the column and keeps
its rows; a page's stated update time round-trips."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from sitrep.records import Article
from sitrep.store.db import MIGRATIONS, Store, normalize_url
from tests.stores import store_url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    return normalize_url(store_url(request.param, tmp_path, "m"))


def _upgrade(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    with create_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_a_store_made_before_0002_gains_the_column_and_keeps_its_articles(url: str) -> None:
    _upgrade(url, "0001_initial")
    with create_engine(url).begin() as conn:
        conn.execute(text("insert into articles (id, text, published) values ('a1', 'Old text.', '2016-05-31')"))
    store = Store(url)  # migrates to head
    assert "updated" in {c["name"] for c in inspect(store.engine).get_columns("articles")}
    old = store.article("a1")
    assert (old.text, old.published, old.updated) == ("Old text.", "2016-05-31", None)
    store.close()


def test_a_stated_update_time_round_trips(url: str) -> None:
    store = Store(url)
    with store.atomic() as conn:
        store.put_article(conn, Article(id="a2", text="x", published="2014-01-28", updated="2014-02-28"), None)
        assert store.article_in(conn, "a2").updated == "2014-02-28"
    store.close()
