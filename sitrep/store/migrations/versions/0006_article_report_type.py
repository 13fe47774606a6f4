"""articles.report_type: what kind of report an article is (an ACLED sub-event or a kind outside
ACLED, `sitrep.extract.report_types`) and the model's probability of it. Articles stored before
keep NULL: the type is read when a report is analysed, and re-running a stored report skips it.

Revision ID: 0006_article_report_type
Revises: 0005_query_indexes
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_article_report_type"
down_revision = "0005_query_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite alters a table by copying it; PostgreSQL gets a plain ALTER TABLE
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("report_type", sa.String(48), nullable=True))
        batch.add_column(sa.Column("report_type_confidence", sa.Float, nullable=True))
        batch.create_index("ix_articles_report_type", ["report_type"])


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_report_type")
        batch.drop_column("report_type_confidence")
        batch.drop_column("report_type")
