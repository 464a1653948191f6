"""webhooks: a subscription's owner may be any caller, not only a command-line token

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 23:50:00

Agencies' systems (Maskinporten JWTs), employees' JWTs and staff app sessions have no token row, so
`owner_token_id` becomes optional; a system's organization is kept, since its rights (and so the
non-public events it may receive) are those of the organization's representatives.
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('webhook_subscriptions') as batch:
        batch.alter_column('owner_token_id', existing_type=sa.Uuid(), nullable=True)
        batch.add_column(sa.Column('owner_organization_id', sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_webhook_subscriptions_owner_organization_id_organizations'),
            'organizations',
            ['owner_organization_id'],
            ['id'],
        )


def downgrade() -> None:
    op.execute("DELETE FROM webhook_subscriptions WHERE owner_token_id IS NULL")
    with op.batch_alter_table('webhook_subscriptions') as batch:
        batch.drop_constraint(op.f('fk_webhook_subscriptions_owner_organization_id_organizations'), type_='foreignkey')
        batch.drop_column('owner_organization_id')
        batch.alter_column('owner_token_id', existing_type=sa.Uuid(), nullable=False)
