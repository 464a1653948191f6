"""document files: a document and each of its versions may carry a file (its bytes in the file store)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 22:30:00

Columns only, all nullable: existing documents carry no file.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TABLES = ("documents", "document_versions")


def _columns() -> list[sa.Column]:
    return [
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_media_type", sa.String(length=100), nullable=True),
        sa.Column("file_size", sa.BigInteger(), nullable=True),
        sa.Column("file_pdfa", sa.Boolean(), nullable=True),
    ]


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite has it): a batch would copy the tables, which others' keys point to.
    for table in TABLES:
        for column in _columns():
            op.add_column(table, column)
    op.create_index("ix_document_versions_file_sha256", "document_versions", ["file_sha256"])


def downgrade() -> None:
    op.drop_index("ix_document_versions_file_sha256", table_name="document_versions")
    for table in TABLES:
        for column in _columns():
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")  # SQLite 3.35+ and PostgreSQL
