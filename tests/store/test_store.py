"""The store on real SQLite and (where a server answers) real PostgreSQL."""

from __future__ import annotations

import pytest

from sitrep.records import Article, article_id_for
from sitrep.errors import StoreError
from sitrep.store.db import SCHEMA_HEAD, Store
from tests.stores import store_url

@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    return Store(store_url(request.param, tmp_path, "t"))


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


def test_a_database_whose_driver_is_missing_names_what_to_install(tmp_path):
    # MySQL's driver is not among sitrep's dependencies: the same path a PostgreSQL URL takes
    # on an install without the postgres extra
    with pytest.raises(StoreError, match=r"driver \(MySQLdb\) is not installed.*sitrep\[postgres\]"):
        Store("mysql://someone@127.0.0.1/nothing")


def test_a_read_only_sqlite_store_opens_and_reads(tmp_path):
    # opening an up-to-date store takes no write lock, so read-only media still work
    path = tmp_path / "ro.db"
    with Store(str(path)).atomic() as conn:
        Store(str(path)).put_article(conn, _article("An invented report kept on a read-only disk for a test."), None)
    ro = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert ro.counts()["articles"] == 1


def test_write_retries_contention_and_then_says_what_to_do(tmp_path):
    # another connection holds SQLite's write lock: Store.write waits, retries, then gives up
    # with a StoreError that says to re-run; once the lock is free it writes
    import sqlite3

    path = tmp_path / "busy.db"
    impatient = Store(str(path), busy_timeout=0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    calls = []
    with pytest.raises(StoreError, match="stayed locked by other writers through 3 tries.*Re-run"):
        impatient.write(lambda conn: calls.append(1), attempts=3)
    holder.execute("ROLLBACK")
    assert calls == []
    assert impatient.write(lambda conn: "done") == "done"


def test_the_schema_head_constant_is_the_newest_migration() -> None:
    # Store.migrate skips alembic when a store records SCHEMA_HEAD: a migration added without
    # moving the constant would leave stores at the old schema
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from sitrep.store.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [SCHEMA_HEAD]


def test_a_store_at_the_head_opens_without_loading_alembic(tmp_path) -> None:
    import subprocess
    import sys

    path = tmp_path / "s.db"
    Store(path).close()  # created and migrated
    probe = ("import sys; from sitrep.store.db import Store; Store(sys.argv[1]).close(); "
             "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_store_behind_the_head_is_migrated(store) -> None:
    # a store whose recorded version is older (as after an upgrade of sitrep) is brought to the head
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0004_block_day'")
        for name in ("ix_events_category_date", "ix_events_country_date", "ix_events_disputed_date", "ix_events_sources"):
            connection.exec_driver_sql(f"DROP INDEX {name}")  # what 0005 adds
        connection.exec_driver_sql("DROP INDEX ix_articles_report_type")  # and 0006
        for column in ("report_type", "report_type_confidence"):
            connection.exec_driver_sql(f"ALTER TABLE articles DROP COLUMN {column}")
    store.migrate()
    assert store._recorded_version() == SCHEMA_HEAD


def test_fuzzy_name_candidates_are_the_same_rows_on_every_store(store):
    # more aliases share the prefix than the limit returns: which ones must not depend on the
    # backend's plan (PostgreSQL had no ORDER BY) nor on the order they were written in
    from sitrep.records import Entity

    skeletons = ["~jhnsn", "~jhnstn", "~jhn", "~jhnn", "~jhnsr", "~jhndr", "~jhnk"]
    with store.atomic() as conn:
        for number, key in enumerate(reversed(sorted(skeletons))):
            entity = Entity(id=f"e{number}", name=f"Invented Person {number}", type="PERSON")
            store.put_entity(conn, entity, {key: entity.name})
        store.put_entity(conn, Entity(id="org", name="Invented Org", type="ORG"), {"~jhnx": "Invented Org"})
    with store.engine.connect() as conn:
        found = store.entities_by_skeleton_prefix(conn, "PERSON", "jhn", limit=3)
    by_key = {key: f"Invented Person {n}" for n, key in enumerate(reversed(sorted(skeletons)))}
    assert [e.name for e in found] == [by_key[k] for k in sorted(skeletons)[:3]]
