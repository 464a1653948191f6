"""agenda items carry a version (their ETag); a publication names the document version it published;
each step of a decision's follow-up is a publication of its own

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 16:00:00

Existing agenda items start at version 1. Existing publications of a document (or of a delivery or
an annual plan, whose document they publish) point at the document's version 1: the version that
migration 0004 backfilled from what the document read when it was published, since before 0004 a
document had one version only. Corrections point at the version they made.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

FOLLOW_UP_EXCLUDED = sa.text("kind <> 'follow_up'")


def upgrade() -> None:
    with op.batch_alter_table('agenda_items') as batch:
        batch.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('publications') as batch:
        batch.add_column(sa.Column('document_version', sa.Integer(), nullable=True))
        batch.drop_constraint('uq_publications_kind_entity_id', type_='unique')
        batch.create_index(
            'uq_publications_kind_entity_id', ['kind', 'entity_id'], unique=True,
            sqlite_where=FOLLOW_UP_EXCLUDED, postgresql_where=FOLLOW_UP_EXCLUDED,
        )
    op.execute(
        "UPDATE publications SET document_version = 1 "
        "WHERE entity_type IN ('document', 'delivery', 'annual_plan')"
    )
    op.execute(
        "UPDATE publications SET document_version = (SELECT number FROM document_versions "
        "WHERE document_versions.id = publications.entity_id) WHERE entity_type = 'document_version'"
    )


def downgrade() -> None:
    op.execute("DELETE FROM publications WHERE kind = 'follow_up'")
    with op.batch_alter_table('publications') as batch:
        batch.drop_index('uq_publications_kind_entity_id')
        batch.create_unique_constraint('uq_publications_kind_entity_id', ['kind', 'entity_id'])
        batch.drop_column('document_version')
    with op.batch_alter_table('agenda_items') as batch:
        batch.drop_column('version')
