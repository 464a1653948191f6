from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Counter(Base):
    """Gap-free numbers (case 3/2024, meeting 5) drawn under a row lock, shared by all replicas."""

    __tablename__ = "counters"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
