"""mail reminders, preferences and digest: reminder occasions (sent once each), each person's choices
per kind of e-mail, the daily digest's link from a message, and the unsubscribe links' signing key

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 22:30:00
"""

import sqlalchemy as sa
from alembic import op

from app.db import UtcDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_occasions",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_reminder_occasions")),
    )
    op.create_table(
        "notification_preferences",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("topic", sa.String(length=30), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("delivery", sa.String(length=20), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_notification_preferences_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", "topic", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_server_secrets")),
    )
    with op.batch_alter_table("mail_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_mail_messages_digest_id_mail_messages"), "mail_messages", ["digest_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("mail_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_mail_messages_digest_id_mail_messages"), type_="foreignkey")
        batch_op.drop_column("digest_id")
    op.drop_table("server_secrets")
    op.drop_table("notification_preferences")
    op.drop_table("reminder_occasions")
