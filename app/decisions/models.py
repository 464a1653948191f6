from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.models import Case
from app.db import Base, Entity, UtcDateTime
from app.meetings.models import Meeting


class Decision(Entity, Base):
    """What the forum decided on a case; one per case, guaranteed by the unique key."""

    __tablename__ = "decisions"
    __table_args__ = (
        # Filters lead, then the list's sort key: a filtered page is one index range, in order.
        Index("ix_decisions_follow_up_decided_id", "follow_up_status", "decided_at", "id"),
        Index("ix_decisions_decided_id", "decided_at", "id"),
        Index("ix_decisions_kind_decided_id", "kind", "decided_at", "id"),
        Index("ix_decisions_responsible_decided_id", "responsible_body_id", "decided_at", "id"),
        # `overdue` (not done, due before today) and `due_before`: each one index range.
        Index("ix_decisions_follow_up_status_due", "follow_up_status", "follow_up_due"),
        Index("ix_decisions_follow_up_due", "follow_up_due"),
    )

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # For membership_change: the agency the decision admits to the forum.
    subject_organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    follow_up_status: Mapped[str] = mapped_column(String(20), default="open")
    follow_up_note: Mapped[str | None] = mapped_column(Text)
    follow_up_due: Mapped[date | None] = mapped_column(Date)  # a Norwegian day
    responsible_body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bodies.id"))
    # Read only where a query joins it (a page of decisions, for what the caller may do on each).
    meeting: Mapped[Meeting] = relationship("Meeting", lazy="raise", viewonly=True)
    # Read where a query joins it (or set where it is at hand): never by a query of its own.
    case: Mapped[Case] = relationship("Case", lazy="raise_on_sql", viewonly=True)

    @property
    def case_number(self) -> str:
        return self.case.number

    @property
    def case_title(self) -> str:
        return self.case.title
