"""decisions: a follow-up due date; subcommittees by deadline

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 01:40:00

A decision's follow-up may be due by a day (set when the decision is recorded, or later by the AU);
the decisions list asks which are overdue (`overdue=true`: not done, and due before today) or due
before a day (`due_before=`), each on an index. A list of subcommittees filtered or sorted by
deadline reads one index range in order.
"""
from alembic import op
import sqlalchemy as sa


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not a batch: SQLite would copy the table, which bodies refer to (established_by_decision_id).
    op.add_column("decisions", sa.Column("follow_up_due", sa.Date(), nullable=True))
    op.create_index("ix_decisions_follow_up_due", "decisions", ["follow_up_due"])
    op.create_index("ix_decisions_follow_up_status_due", "decisions", ["follow_up_status", "follow_up_due"])
    op.create_index("ix_bodies_kind_deadline_id", "bodies", ["kind", "deadline", "id"])


def downgrade() -> None:
    op.drop_index("ix_bodies_kind_deadline_id", table_name="bodies")
    op.drop_index("ix_decisions_follow_up_status_due", table_name="decisions")
    op.drop_index("ix_decisions_follow_up_due", table_name="decisions")
    op.drop_column("decisions", "follow_up_due")
