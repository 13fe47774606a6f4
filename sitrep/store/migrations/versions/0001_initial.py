"""initial schema: articles, mentions, events, entities, aliases, statements

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("url", sa.Text), sa.Column("title", sa.Text), sa.Column("publication", sa.Text),
        sa.Column("published", sa.String(32), index=True), sa.Column("published_source", sa.String(16)),
        sa.Column("language", sa.String(8)), sa.Column("origin", sa.Text),
        sa.Column("duplicate_of", sa.String(32), index=True),
        sa.Column("text", sa.Text, nullable=False), sa.Column("minhash", sa.LargeBinary),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.String(32), nullable=False, index=True),
        sa.Column("event_id", sa.String(32), index=True),
        sa.Column("category", sa.String(16), index=True), sa.Column("date", sa.String(16)),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("category", sa.String(16), index=True), sa.Column("date", sa.String(16), index=True),
        sa.Column("country_code", sa.String(4), index=True),
        sa.Column("lat", sa.Float), sa.Column("lon", sa.Float),
        sa.Column("is_disputed", sa.Boolean, index=True), sa.Column("n_sources", sa.Integer),
        sa.Column("summary", sa.Text), sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False), sa.Column("type", sa.String(8), index=True),
        sa.Column("country", sa.String(4)), sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "aliases",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("type", sa.String(8), primary_key=True),
        sa.Column("entity_id", sa.String(32), nullable=False, index=True),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.String(32), nullable=False, index=True),
        sa.Column("event_id", sa.String(32), index=True),
        sa.Column("speaker", sa.Text), sa.Column("speaker_entity_id", sa.String(32), index=True),
        sa.Column("date", sa.String(16)), sa.Column("data", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in ("statements", "aliases", "entities", "events", "mentions", "articles"):
        op.drop_table(table)
