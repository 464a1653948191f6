from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Entity, UtcDateTime


class Delivery(Entity, Base):
    """A subcommittee's delivery (leveranse) to the AU; always public."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_subcommittee_delivered", "subcommittee_id", "delivered_at"),)

    subcommittee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bodies.id"))
    title: Mapped[str] = mapped_column(String(500))
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id"), index=True)
    delivered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    late: Mapped[bool] = mapped_column(Boolean, default=False)
