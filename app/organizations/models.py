from __future__ import annotations

from sqlalchemy import JSON, Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Entity


class Organization(Entity, Base):
    """An agency or actor (aktør/virksomhet) in the collaboration, or a stakeholder."""

    __tablename__ = "organizations"
    __table_args__ = (
        Index("ix_organizations_name_id", "name", "id"),
        Index("ix_organizations_cha", "central_health_administration"),
        Index("ix_organizations_collaboration_actor", "collaboration_actor"),
        Index("ix_organizations_stakeholder", "stakeholder"),
    )

    name: Mapped[str] = mapped_column(String(300), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(50))
    org_number: Mapped[str | None] = mapped_column(String(9), unique=True)
    central_health_administration: Mapped[bool] = mapped_column(Boolean, default=False)
    collaboration_actor: Mapped[bool] = mapped_column(Boolean, default=False)
    stakeholder: Mapped[bool] = mapped_column(Boolean, default=False)
    responsibilities: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
