from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Entity, UtcDateTime


class Body(Entity, Base):
    """An arena: the forum, the AU, the project board or a subcommittee."""

    __tablename__ = "bodies"
    __table_args__ = (
        Index("ix_bodies_kind_status", "kind", "status"),
        Index("ix_bodies_name_id", "name", "id"),
        Index("ix_bodies_status", "status"),
        # Subcommittees filtered and sorted by deadline: one index range, in order.
        Index("ix_bodies_kind_deadline_id", "kind", "deadline", "id"),
    )

    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="active")
    mandate: Mapped[str | None] = mapped_column(Text)
    parent_body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    # use_alter: bodies and decisions refer to each other.
    established_by_decision_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("decisions.id", use_alter=True), unique=True
    )
    deadline: Mapped[date | None] = mapped_column(Date)
    support: Mapped[str | None] = mapped_column(Text)
    dissolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
