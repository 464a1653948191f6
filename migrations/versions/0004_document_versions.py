"""documents keep every version of their content

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:00:00
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

VERSIONED_COLUMNS = ("kind", "title", "body", "exemption_basis")


def upgrade() -> None:
    op.create_table('document_versions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('title_public', sa.Boolean(), nullable=False),
    sa.Column('exemption_basis', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('correction', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_versions_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_versions')),
    sa.UniqueConstraint('document_id', 'number', name=op.f('uq_document_versions_document_id_number'))
    )
    # Existing documents: their content as it stands is their first version.
    conn = op.get_bind()
    versions = sa.table(
        'document_versions', sa.column('id', sa.Uuid()), sa.column('document_id', sa.Uuid()),
        sa.column('number', sa.Integer()), sa.column('kind'), sa.column('title'), sa.column('body'),
        sa.column('public', sa.Boolean()), sa.column('title_public', sa.Boolean()), sa.column('exemption_basis'),
        sa.column('created_at', sa.DateTime(timezone=True)), sa.column('actor'), sa.column('reason'),
        sa.column('correction', sa.Boolean()),
    )
    documents = sa.table(
        'documents', sa.column('id', sa.Uuid()), *(sa.column(c) for c in VERSIONED_COLUMNS),
        sa.column('public', sa.Boolean()), sa.column('title_public', sa.Boolean()),
        sa.column('created_at', sa.DateTime(timezone=True)),
    )
    rows = conn.execute(sa.select(documents)).mappings().all()
    if rows:
        op.bulk_insert(versions, [
            {**row, 'id': uuid.uuid4(), 'document_id': row['id'], 'number': 1,
             'actor': 'migration:0004', 'reason': None, 'correction': False}
            for row in rows
        ])


def downgrade() -> None:
    op.drop_table('document_versions')
