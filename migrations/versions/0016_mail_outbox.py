"""mail outbox: e-mail to persons (meeting invitations) and each convened meeting's calendar entry

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 02:10:00

New tables only. Meetings convened before this migration have no calendar entry: moving or cancelling
them sends nobody an update, as nobody was sent an invitation.
"""

import sqlalchemy as sa
from alembic import op

from app.db import UtcDateTime

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("membership_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("to_address", sa.String(length=320), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("skipped_reason", sa.String(length=300), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("retry_at", UtcDateTime(), nullable=True),
        sa.Column("lease_owner", sa.String(length=100), nullable=True),
        sa.Column("lease_until", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_mail_messages_person_id_persons")),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["memberships.id"], name=op.f("fk_mail_messages_membership_id_memberships")
        ),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_mail_messages_meeting_id_meetings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_messages")),
    )
    with op.batch_alter_table("mail_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_messages_membership_id"), ["membership_id"], unique=False)
        batch_op.create_index("ix_mail_messages_created_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_mail_messages_status_created_id", ["status", "created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_mail_messages_meeting_created_id", ["meeting_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_mail_messages_queue", ["status", "created_at", "position"], unique=False)
        batch_op.create_index(
            "ix_mail_messages_person_queue", ["person_id", "status", "created_at", "position"], unique=False
        )
    op.create_table(
        "meeting_calendar_entries",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_calendar_entries_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_calendar_entries")),
    )


def downgrade() -> None:
    op.drop_table("meeting_calendar_entries")
    with op.batch_alter_table("mail_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_mail_messages_person_queue")
        batch_op.drop_index("ix_mail_messages_queue")
        batch_op.drop_index("ix_mail_messages_meeting_created_id")
        batch_op.drop_index("ix_mail_messages_status_created_id")
        batch_op.drop_index("ix_mail_messages_created_id")
        batch_op.drop_index(batch_op.f("ix_mail_messages_membership_id"))
    op.drop_table("mail_messages")
