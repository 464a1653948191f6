"""Audit event lists filtered by entity, actor, type or action page by (at, id): indexes that end in id.

Keyset pages compare (at, id) as one row value (app/pagination.py); an index on (filter, at) alone
finds the first page but makes a deep page read and discard the rows with the same `at`.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FILTERS = ("entity_id", "actor", "entity_type", "action")


def upgrade() -> None:
    for column in FILTERS:
        op.create_index(f"ix_audit_events_{column}_at_id", "audit_events", [column, "at", "id"])
        op.drop_index(f"ix_audit_events_{column}_at", table_name="audit_events")


def downgrade() -> None:
    for column in FILTERS:
        op.create_index(f"ix_audit_events_{column}_at", "audit_events", [column, "at"])
        op.drop_index(f"ix_audit_events_{column}_at_id", table_name="audit_events")
