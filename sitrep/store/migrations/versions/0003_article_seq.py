"""articles.seq: the order in which writers committed articles

Concurrent writers (several `sitrep run` processes on one store) each keep a near-duplicate index
in memory; before linking an article a writer adds the signatures of the articles others stored
since it last looked (`seq` above the highest it has seen). The order also lets a test replay a
concurrent run serially. Articles stored before this migration keep NULL: every writer reads
those when it opens the store.

Revision ID: 0003_article_seq
Revises: 0002_article_updated
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_article_seq"
down_revision = "0002_article_updated"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("seq", sa.Integer, nullable=True))
    op.create_index("ix_articles_seq", "articles", ["seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_articles_seq", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("seq")
