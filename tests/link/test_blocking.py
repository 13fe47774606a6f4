"""Blocking on the store's (category, block_day) index: which stored events a mention meets."""

from __future__ import annotations

from dataclasses import replace

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from sitrep.link.events import EventLinker
from sitrep.store.db import MIGRATIONS, Store, block_day
from tests.link.helpers import CHICAGO, article, mention, stored_event

REPORT = article("A man was shot and killed on Friday in Englewood, police said.", title="Man killed", published="2014-07-05")


def _event(eid: str, *, date: str | None, published: str | None, place=CHICAGO):
    item = stored_event(REPORT, [REPORT.text], place=place, date=date, dead=1, injured=0)
    return replace(item, id=eid, sources=[replace(item.sources[0], article=f"a-{eid}", published=published)])


def test_block_day_is_the_date_else_the_first_report():
    assert block_day(_event("e1", date="2014-07-04", published="2014-07-09")) == "2014-07-04"
    assert block_day(_event("e2", date=None, published="2014-07-09")) == "2014-07-09"
    assert block_day(_event("e3", date="2014-07", published="2014-07-09")) == "2014-07-09"
    assert block_day(_event("e4", date=None, published=None)) is None


def test_a_mention_meets_the_events_of_its_window_nearest_first(tmp_path):
    store = Store(tmp_path / "block.db")
    events = {
        "near": _event("near", date="2014-07-04", published="2014-07-05"),
        "undated_near": _event("undated_near", date=None, published="2014-07-20"),
        "far": _event("far", date="2014-09-30", published="2014-10-01"),
        "undated_far": _event("undated_far", date=None, published="2015-01-01"),
        "unknown": _event("unknown", date=None, published=None),
        "abroad": _event("abroad", date="2014-07-04", published="2014-07-05",
                         place=dict(CHICAGO, country_code="CA", country="Canada")),
    }
    with store.atomic() as conn:
        for item in events.values():
            store.put_event(conn, item)
    linker = EventLinker()
    shooting = mention(REPORT, REPORT.text, place=CHICAGO, date="2014-07-04")
    with store.engine.connect() as conn:
        found = [e.id for e in linker.candidates(store, conn, shooting, linker.side(shooting, REPORT))]
        assert sorted(found) == ["near", "undated_near", "unknown"]
        nearest = store.candidate_events(conn, category="ASSAULT", date_from="2014-06-01", date_to="2014-12-31",
                                         country="US", limit=2, near="2014-07-04")
        assert [e.id for e in nearest] == ["near", "undated_near"]
    store.close()


def test_migration_0004_fills_the_block_day_of_stored_events(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0001_initial")
    with create_engine(url).begin() as conn:
        conn.execute(text("INSERT INTO events (id, category, date, data) VALUES ('d', 'ASSAULT', '2014-07-04', '{}'), "
                          "('u', 'ASSAULT', NULL, '{}')"))
    Store(url).close()
    with create_engine(url).connect() as conn:
        rows = dict(conn.execute(text("SELECT id, block_day FROM events")).all())
    assert rows == {"d": "2014-07-04", "u": None}
