"""Composite indexes for the HTTP API's filtered, sorted event lists

`GET /api/events` (and `sitrep events`) filter by category, country or dispute and list newest
first (date descending, then id). With only single-column indexes the database found the rows by
the filter's index and then sorted all of them by date in a temporary B-tree, which made
`category=ASSAULT` and `country=IQ` pages 3-6x slower than the unfiltered first page at 100,000
events (benchmarks/RESULTS.md, "HTTP API latency"). Each index here holds the filter column, then
the date in the lists' order, then the id, so a page is read off the index in order and stops
after `limit` rows. `n_sources` gets one for `sort=-sources`.

The lists order dates descending with missing dates last: SQLite sorts NULL lowest, so a plain
DESC index is in that order; PostgreSQL sorts NULL highest, so its index says NULLS LAST.

Revision ID: 0005_query_indexes
Revises: 0004_block_day
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_query_indexes"
down_revision = "0004_block_day"
branch_labels = None
depends_on = None

# index name -> (filter column, the sorted column)
INDEXES = {
    "ix_events_category_date": ("category", "date"),
    "ix_events_country_date": ("country_code", "date"),
    "ix_events_disputed_date": ("is_disputed", "date"),
    "ix_events_sources": (None, "n_sources"),
}


def upgrade() -> None:
    descending = "DESC NULLS LAST" if op.get_bind().dialect.name == "postgresql" else "DESC"
    for name, (column, sorted_by) in INDEXES.items():
        columns = ([column] if column else []) + [sa.text(f"{sorted_by} {descending}"), "id"]
        op.create_index(name, "events", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="events")
