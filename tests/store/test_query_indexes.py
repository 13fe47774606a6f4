"""Migration 0005: the event lists the API serves are read off an index in their order, on SQLite
and PostgreSQL (each database's own query plan for the API's own query), not sorted afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from sitrep.serve.queries import Filters, _ordered
from sitrep.store.db import Store, events
from tests.stores import store_url

CASES = [(Filters(category="ASSAULT"), "-date", "ix_events_category_date"),
         (Filters(country="IQ"), "-date", "ix_events_country_date"),
         (Filters(disputed=True), "-date", "ix_events_disputed_date"),
         (Filters(), "-sources", "ix_events_sources")]


def _plan(store: Store, query) -> str:
    sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "postgresql":
            # a few rows: PostgreSQL would scan the table whatever the indexes, so forbid that
            # and the sort, leaving it the index if one serves the query in its order
            conn.execute(text("SET enable_seqscan = off"))
            conn.execute(text("SET enable_sort = off"))
            rows = conn.execute(text("EXPLAIN " + sql)).scalars().all()
        else:
            rows = [r[-1] for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql))]
    return "\n".join(rows)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("filters, sort, index", CASES, ids=[c[2] for c in CASES])
def test_a_filtered_page_is_read_in_order_off_its_index(tmp_path, backend, filters, sort, index):
    store = Store(store_url(backend, tmp_path, "indexes"))
    query = _ordered(store, filters.where(select(events.c.id)), sort).limit(50)
    plan = _plan(store, query)
    store.close()
    assert index in plan, plan
    # SQLite: "USE TEMP B-TREE FOR ORDER BY"; PostgreSQL: a Sort node (disabled, but still chosen
    # where nothing else gives the order)
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
