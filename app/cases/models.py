from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.bodies.models import Body
from app.db import Base, Entity, UtcDateTime
from app.organizations.models import Organization


class Case(Entity, Base):
    """A sak: registered with a number per owning body and year, e.g. 3/2024."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("owner_body_id", "year", "sequence"),
        # Filters lead, then the list's sort key: a filtered page is one index range, in order.
        Index("ix_cases_status_created_id", "status", "created_at", "id"),
        Index("ix_cases_owner_created_id", "owner_body_id", "created_at", "id"),
        Index("ix_cases_created_id", "created_at", "id"),
        Index("ix_cases_kind_created_id", "kind", "created_at", "id"),
        Index("ix_cases_year_sequence_id", "year", "sequence", "id"),  # by number, and found by it
    )

    owner_body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bodies.id"))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="registered")
    strategic_rationale: Mapped[str | None] = mapped_column(Text)
    # Large development work (e.g. new indicators) belongs in the ordinary channels.
    large_development_work: Mapped[bool] = mapped_column(Boolean, default=False)
    subcommittee_delivery_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("deliveries.id"), index=True)
    return_reason: Mapped[str | None] = mapped_column(Text)
    return_reason_public: Mapped[bool] = mapped_column(Boolean, default=False)
    # Returned to the AU: once prepared again it goes onto the next forum meeting by itself.
    carry_over: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Read only where a query joins it (a page of cases, for what the caller may do on each).
    owner_body: Mapped[Body] = relationship("Body", lazy="raise", viewonly=True)
    # selectin: a page of cases loads all their stakeholders in one query.
    stakeholders: Mapped[list[CaseStakeholder]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="CaseStakeholder.organization_id"
    )

    @property
    def number(self) -> str:
        return f"{self.sequence}/{self.year}"

    @property
    def stakeholders_involved(self) -> list[uuid.UUID]:
        return [s.organization_id for s in self.stakeholders]


class CaseStakeholder(Base):
    """An actor involved in or anchoring a case."""

    __tablename__ = "case_stakeholders"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), primary_key=True, index=True)
    # Read where a query joins it (or set where it is at hand): never by a query of its own.
    organization: Mapped[Organization] = relationship("Organization", lazy="raise_on_sql", viewonly=True)

    @property
    def name(self) -> str:
        return self.organization.name
