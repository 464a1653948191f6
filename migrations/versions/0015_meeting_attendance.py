"""meetings: attendance (present, apologies, deputies standing in), chair and minute-taker; started_at

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 01:40:00

Issue 26: whether the member or the fixed deputy attended is part of a meeting's record, and so is
when the meeting really started (meetings held before this revision keep none).
"""

from alembic import op
import sqlalchemy as sa

from app.db import UtcDateTime


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch would copy the meetings table, which other tables' rows point at.
    op.add_column("meetings", sa.Column("started_at", UtcDateTime(), nullable=True))
    op.create_table(
        "meeting_attendance",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("chair_person_id", sa.Uuid(), nullable=True),
        sa.Column("minutes_taker_person_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_attendance_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["chair_person_id"], ["persons.id"], name=op.f("fk_meeting_attendance_chair_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["minutes_taker_person_id"],
            ["persons.id"],
            name=op.f("fk_meeting_attendance_minutes_taker_person_id_persons"),
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_attendance")),
    )
    op.create_table(
        "meeting_attendees",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("presence", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("membership_id", sa.Uuid(), nullable=True),
        sa.Column("standing_in_for_membership_id", sa.Uuid(), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting_attendance.meeting_id"],
            name=op.f("fk_meeting_attendees_meeting_id_meeting_attendance"),
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_meeting_attendees_person_id_persons")),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["memberships.id"], name=op.f("fk_meeting_attendees_membership_id_memberships")
        ),
        sa.ForeignKeyConstraint(
            ["standing_in_for_membership_id"],
            ["memberships.id"],
            name=op.f("fk_meeting_attendees_standing_in_for_membership_id_memberships"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"], name=op.f("fk_meeting_attendees_organization_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendees")),
        sa.UniqueConstraint("meeting_id", "person_id", name=op.f("uq_meeting_attendees_meeting_id_person_id")),
    )
    op.create_index("ix_meeting_attendees_meeting_position", "meeting_attendees", ["meeting_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_meeting_attendees_meeting_position", table_name="meeting_attendees")
    op.drop_table("meeting_attendees")
    op.drop_table("meeting_attendance")
    op.drop_column("meetings", "started_at")
