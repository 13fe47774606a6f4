"""articles.updated: the page's stated "Updated:" time, so a claim is known from when its report was

Revision ID: 0002_article_updated
Revises: 0001_initial
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_article_updated"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite alters a table by copying it; PostgreSQL gets a plain ALTER TABLE
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("updated", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("updated")
