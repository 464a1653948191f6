from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Entity


class Person(Entity, Base):
    __tablename__ = "persons"
    name: Mapped[str] = mapped_column(String(200))
    # Unique without regard to case too: sign-in compares addresses so (migration 0009).
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    title: Mapped[str | None] = mapped_column(String(200))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"), index=True)

    __table_args__ = (
        Index("ix_persons_name_id", "name", "id"),
        Index("uq_persons_email_lower", func.lower(email), unique=True),
    )
