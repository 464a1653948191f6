from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, Entity
from app.organizations.models import Organization
from app.persons.models import Person


class Membership(Entity, Base):
    """A person's seat in a body, representing an organization, for a period."""

    __tablename__ = "memberships"
    __table_args__ = (
        Index("ix_memberships_body_role", "body_id", "role"),
        Index("ix_memberships_body_start_id", "body_id", "start_date", "id"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint(
            "allocation_percent IS NULL OR (allocation_percent >= 0 AND allocation_percent <= 100)",
            name="allocation_range",
        ),
    )

    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bodies.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    deputy_for_membership_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("memberships.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    allocation_percent: Mapped[int | None] = mapped_column(Integer)
    competence: Mapped[str | None] = mapped_column(Text)
    background: Mapped[str | None] = mapped_column(String(30))
    # Read where a query joins them (or set where they are at hand): never by a query of their own.
    person: Mapped[Person] = relationship("Person", lazy="raise_on_sql", viewonly=True)
    organization: Mapped[Organization | None] = relationship("Organization", lazy="raise_on_sql", viewonly=True)

    @property
    def person_name(self) -> str:
        return self.person.name

    @property
    def organization_name(self) -> str | None:
        return self.organization.name if self.organization is not None else None

    @classmethod
    def active_on(cls, day: date) -> ColumnElement[bool]:
        """Started, and not ended before `day` (end_date inclusive)."""
        return active_on(cls, day)


def active_on(membership: Any, day: date) -> ColumnElement[bool]:
    """`Membership.active_on` for any alias of the table (e.g. a deputy's row joined to its member's)."""
    return and_(membership.start_date <= day, or_(membership.end_date.is_(None), membership.end_date >= day))
