"""staff lists: free text on titles and names, cases by number

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 22:30:00

The lists a staff app reads filter by free text `q` (case-insensitive, anywhere in the text: ILIKE
'%…%'), which no B-tree answers. On PostgreSQL a trigram GIN index (pg_trgm, a trusted extension the
database owner may create) answers it from three characters; the models cannot declare these
portably, so they are left out of the model comparison (app.db.TRIGRAM_INDEXES). SQLite has none
and reads the list. Cases also sort and are found by number (year, sequence).
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TRIGRAM = {
    "ix_cases_title_trgm": ("cases", "title"),
    "ix_documents_title_trgm": ("documents", "title"),
    "ix_meetings_title_trgm": ("meetings", "title"),
    "ix_persons_name_trgm": ("persons", "name"),
}


def upgrade() -> None:
    op.create_index("ix_cases_year_sequence_id", "cases", ["year", "sequence", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (table, column) in TRIGRAM.items():
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM:
            op.execute(f"DROP INDEX {name}")
    op.drop_index("ix_cases_year_sequence_id", table_name="cases")
