"""file texts: the text read from each uploaded PDF, Word or ODT file, for the public search

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 02:00:00

`file_texts` is keyed by the file's SHA-256 as the store is; `file_searchable` on a document and
each version says whether text was read from its file. Files uploaded before this revision have no
text and a null `file_searchable`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

TABLES = ("documents", "document_versions")


def upgrade() -> None:
    op.create_table(
        "file_texts",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_file_texts")),
    )
    for table in TABLES:
        op.add_column(table, sa.Column("file_searchable", sa.Boolean(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN file_searchable")  # SQLite 3.35+ and PostgreSQL
    op.drop_table("file_texts")
