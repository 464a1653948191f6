"""agenda revisions: a change of a convened agenda keeps the earlier agenda, with reason, time and who

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 01:45:00

A new table only. Agendas changed after convening before this migration left no revision: the audit
log holds what happened to them.
"""

import sqlalchemy as sa
from alembic import op

from app.db import UtcDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agenda_revisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_number", sa.String(length=20), nullable=False),
        sa.Column("position_before", sa.Integer(), nullable=True),
        sa.Column("position_after", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reason_public", sa.Boolean(), nullable=False),
        sa.Column("previous_agenda", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_agenda_revisions_case_id_cases")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_agenda_revisions_meeting_id_meetings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_revisions")),
        sa.UniqueConstraint("meeting_id", "number", name=op.f("uq_agenda_revisions_meeting_id_number")),
    )
    with op.batch_alter_table("agenda_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_revisions_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM publications WHERE kind = 'agenda_revision'")
    with op.batch_alter_table("agenda_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_revisions_case_id"))
    op.drop_table("agenda_revisions")
