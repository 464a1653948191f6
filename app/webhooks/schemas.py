from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.schemas import EntityOut
from app.types import Text

EventType = StrEnum(
    "EventType",
    [
        "case.registered",
        "case.prepared",
        "case.returned",
        "case.decided",
        "case.noted",
        "meeting.convened",
        "meeting.started",
        "meeting.closed",
        "meeting.minutes_approved",
        "meeting.cancelled",
        "agenda.revised",
        "decision.recorded",
        "decision.follow_up_changed",
        "subcommittee.established",
        "subcommittee.delivered",
        "subcommittee.dissolved",
        "publication.published",
        "publication.corrected",
    ],
)
EventType.__doc__ = (
    "What happened. Public events (agendas convened or revised, minutes approved, publications, subcommittees on the "
    "record) reach every subscription; the others only subscriptions with `include_non_public` whose owner "
    "may read the body's work."
)
WebhookDeliveryStatus = StrEnum("WebhookDeliveryStatus", ["pending", "delivered", "withheld"])
WebhookDeliveryStatus.__doc__ = (
    "`pending` until the receiver answers 2xx (retried with back-off), `delivered` then; `withheld` when the "
    "owner may no longer read the non-public event."
)

EVENT_TYPES: dict[str, Any] = dict(
    min_length=1,
    max_length=len(EventType),
    description="The event types to receive.",
    examples=[["meeting.convened", "meeting.minutes_approved"]],
)
URL: dict[str, Any] = dict(
    min_length=8,
    max_length=2000,
    examples=["https://saksbehandling.example.no/samordning/webhook"],
    description="`https` (plain `http` to a loopback address only when the service allows it for development); "
    "private, link-local and metadata addresses are refused, before and at each delivery.",
)


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: Text = Field(**URL)
    event_types: list[EventType] = Field(**EVENT_TYPES)
    include_non_public: StrictBool = Field(
        False,
        description="Also receive events that are not public, for the bodies whose work the caller may read.",
    )
    description: Text | None = Field(None, max_length=300)


class WebhookUpdate(BaseModel):
    """Setting `active` to true again resumes delivery where it stopped."""

    model_config = ConfigDict(extra="forbid")
    url: Text | None = Field(None, **URL)
    event_types: list[EventType] | None = Field(None, **EVENT_TYPES)
    include_non_public: StrictBool | None = None
    active: StrictBool | None = None
    description: Text | None = Field(None, max_length=300)


class WebhookOut(EntityOut):
    url: str
    description: str | None
    event_types: list[EventType]
    include_non_public: bool
    active: bool
    disabled_reason: str | None = Field(description="Why the service switched it off (failing for too long).")
    owner_name: str = Field(description="The token that created it.")
    failing_since: datetime | None = Field(description="Since when every attempt has failed.")
    retry_at: datetime | None = Field(description="The next attempt after a failure, not before.")


class WebhookSecret(WebhookOut):
    secret: str = Field(
        description="The signing secret (`whsec_` + base64), shown this once. Verify `webhook-signature` with it "
        "as the Standard Webhooks libraries do.",
        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )


class WebhookDeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    event_id: uuid.UUID = Field(description="The `webhook-id` header: the same on every attempt and redelivery.")
    event_type: EventType
    created_at: datetime
    status: WebhookDeliveryStatus
    attempts: int
    last_attempt_at: datetime | None
    last_status_code: int | None = Field(description="The receiver's HTTP status; null when none answered.")
    last_latency_ms: int | None
    last_error: str | None
    delivered_at: datetime | None
