"""public search: search_entries and each database's full-text index over it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:00:00

The models declare `search_entries` only; the full-text index differs per database and is left out
of the model comparison by `app.publication.models.declared_by_models`:
- PostgreSQL: a stored generated `tsv` column (title weighted A, text B) in the `norwegian`
  configuration, with a GIN index;
- SQLite: an external-content FTS5 table `search_fts` kept in step by triggers, so it changes in
  the same transaction as the row.
Content published before this revision is not indexed by it (the service had no public users yet).
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

PG_TSV = (
    "ALTER TABLE search_entries ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('norwegian', title), 'A') || setweight(to_tsvector('norwegian', text), 'B')"
    ") STORED"
)
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='search_entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]


def upgrade() -> None:
    op.create_table(
        'search_entries',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('entity_id', sa.Uuid(), nullable=False),
        sa.Column('title', sa.String(length=600), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('url', sa.String(length=300), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('body_id', sa.Uuid(), nullable=True),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_search_entries_body_id_bodies')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
        sa.UniqueConstraint('kind', 'entity_id', name=op.f('uq_search_entries_kind_entity_id')),
    )
    op.create_index(op.f('ix_search_entries_body_id'), 'search_entries', ['body_id'], unique=False)
    op.create_index(op.f('ix_search_entries_year'), 'search_entries', ['year'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_TSV)
        op.execute("CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)")
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        op.execute("DROP TABLE search_fts")  # its triggers go with search_entries
    op.drop_index(op.f('ix_search_entries_year'), table_name='search_entries')
    op.drop_index(op.f('ix_search_entries_body_id'), table_name='search_entries')
    op.drop_table('search_entries')
