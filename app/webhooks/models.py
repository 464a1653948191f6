"""Webhooks: the outbox of events others are told about, subscriptions, and one delivery per
subscription and event."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Entity, UtcDateTime


class WebhookEvent(Base):
    """One domain event, written in the transaction of the change it reports (the outbox)."""

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_at_position", "at", "position"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # the `webhook-id` of every delivery
    type: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    position: Mapped[int] = mapped_column(Integer)  # order among the events of one transaction
    public: Mapped[bool] = mapped_column(Boolean)
    # Whose readers (work.read) may receive a non-public event.
    body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the JSON body sent


class WebhookSubscription(Entity, Base):
    __tablename__ = "webhook_subscriptions"

    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(300))
    event_types: Mapped[list[str]] = mapped_column(JSON)
    include_non_public: Mapped[bool] = mapped_column(Boolean)
    active: Mapped[bool] = mapped_column(Boolean)
    # The worker signs with the secret, so it is kept as such; a rotated one signs beside it for a day.
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Who subscribed: non-public events reach the subscription only while its owner may read them.
    owner_kind: Mapped[str] = mapped_column(String(20))  # secretariat | person | system
    owner_name: Mapped[str] = mapped_column(String(200))
    owner_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"), index=True)
    # A system's rights are its organization's representatives'.
    owner_organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    # The command-line token that created it; none for a JWT or a staff app session (migration 0012).
    owner_token_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_tokens.id"))
    disabled_reason: Mapped[str | None] = mapped_column(String(300))
    # The worker's state, written by UPDATE statements that leave `version` (the ETag) alone.
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # nothing is sent before (back-off)
    failing_since: Mapped[datetime | None] = mapped_column(UtcDateTime())
    lease_owner: Mapped[str | None] = mapped_column(String(100))  # the worker sending to it now
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())


class WebhookDelivery(Base):
    """One event for one subscription: sent in (created_at, position) order, one at a time."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_queue", "subscription_id", "status", "created_at", "position"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subscription_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"))
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_events.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  # pending | delivered | withheld
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_latency_ms: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
