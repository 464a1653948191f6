"""persons: an e-mail address is unique without regard to case

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 22:30:00

A sign-in names its person by e-mail address, compared without case; two persons whose addresses
differ only in case would let one take the other's sign-in. Existing duplicates stop the migration
with their addresses: the secretariat decides which person keeps it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    duplicates = op.get_bind().execute(
        sa.text(
            "SELECT lower(email) AS address, count(*) AS persons FROM persons WHERE email IS NOT NULL "
            "GROUP BY lower(email) HAVING count(*) > 1 ORDER BY 1"
        )
    ).all()
    if duplicates:
        listed = ", ".join(f"{address} ({persons} persons)" for address, persons in duplicates)
        raise RuntimeError(
            "persons share an e-mail address but for its case, which sign-in cannot tell apart: "
            f"{listed}. Change or remove all but one of each (PATCH /api/v1/persons/{{id}}), then migrate again."
        )
    op.create_index('uq_persons_email_lower', 'persons', [sa.text('lower(email)')], unique=True)


def downgrade() -> None:
    op.drop_index('uq_persons_email_lower', table_name='persons')
