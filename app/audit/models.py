"""Append-only audit log, written in the same transaction as the change it records.

The events form a hash chain (app/audit/chain.py): each carries its sequence number, the hash of
the event before it and its own hash, so a row changed or removed behind the service's back shows.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UtcDateTime


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("seq"),
        Index("ix_audit_events_at_id", "at", "id"),
        Index("ix_audit_events_entity_id_at_id", "entity_id", "at", "id"),
        Index("ix_audit_events_actor_at_id", "actor", "at", "id"),
        Index("ix_audit_events_entity_type_at_id", "entity_type", "at", "id"),
        Index("ix_audit_events_action_at_id", "action", "at", "id"),
    )

    # id and at are set by `record`: the hash covers them, so they exist before the row is written.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    seq: Mapped[int] = mapped_column(BigInteger)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The last link of the chain, one row: appending transactions lock it, so replicas take turns."""

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
