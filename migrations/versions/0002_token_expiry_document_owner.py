"""tokens expire and record their last use; documents have an owning body

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Existing documents belong to the body of the first record that uses them; the rest to the AU.
OWNER_BACKFILL = [
    "SELECT c.owner_body_id FROM case_documents cd JOIN cases c ON c.id = cd.case_id "
    "WHERE cd.document_id = documents.id ORDER BY cd.attached_at LIMIT 1",
    "SELECT m.body_id FROM meetings m WHERE m.minutes_document_id = documents.id LIMIT 1",
    "SELECT d.subcommittee_id FROM deliveries d WHERE d.document_id = documents.id LIMIT 1",
    "SELECT b.id FROM bodies b WHERE b.kind = 'working_committee' ORDER BY b.created_at LIMIT 1",
]


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_body_id', sa.Uuid(), nullable=True))
    for source in OWNER_BACKFILL:
        op.execute(f"UPDATE documents SET owner_body_id = ({source}) WHERE owner_body_id IS NULL")
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.alter_column('owner_body_id', existing_type=sa.Uuid(), nullable=False)
        batch_op.create_index(batch_op.f('ix_documents_owner_body_id'), ['owner_body_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_documents_owner_body_id_bodies'), 'bodies', ['owner_body_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_owner_body_id_bodies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_documents_owner_body_id'))
        batch_op.drop_column('owner_body_id')

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('last_used_at')
        batch_op.drop_column('expires_at')
