"""events.block_day: the day event linking blocks on, with a (category, block_day) index

An event's block day is its date where that is a day, else the day its first report was published:
an undated event is then found by reports of the days around it, in one index range, instead of
being a candidate for every new report of its category (which grew with the store).

Events written before this migration keep their date as block day where it is a day; the others
stay NULL and remain candidates of every report of their category, as before, until rewritten.

Revision ID: 0004_block_day
Revises: 0003_article_seq
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_block_day"
down_revision = "0003_article_seq"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("block_day", sa.String(16)))
    op.create_index("ix_events_category_block_day", "events", ["category", "block_day"])
    op.execute("UPDATE events SET block_day = date WHERE date IS NOT NULL AND length(date) = 10")


def downgrade() -> None:
    op.drop_index("ix_events_category_block_day", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("block_day")
