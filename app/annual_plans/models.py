from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Entity, UtcDateTime


class AnnualPlan(Entity, Base):
    """The arrangement's plan for one year (årsplan), adopted by a forum decision."""

    __tablename__ = "annual_plans"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(300))
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id"), index=True)
    adopted_by_decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decisions.id"), unique=True)
    adopted_at: Mapped[datetime] = mapped_column(UtcDateTime())
