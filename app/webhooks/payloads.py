"""What a webhook delivers: one schema per event family, as outbox.py writes them, listed under the
OpenAPI document's `webhooks:` (the receivers' side of the contract). tests/test_webhooks.py checks
every delivered body against the document."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header
from pydantic import BaseModel, ConfigDict, Field

from app.bodies.schemas import BodyStatus
from app.cases.schemas import CaseStatus
from app.decisions.schemas import FollowUpStatus
from app.meetings.schemas import AgendaChange, MeetingStatus
from app.publication.schemas import PublicationKind
from app.schemas import EntityType


class EventData(BaseModel):
    """What every event's `data` says of the entity it is about."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID = Field(description="The entity's id.")
    url: str = Field(
        description="The entity in the API (it takes a token): `SAMORDNING_PUBLIC_BASE_URL`, or the base URL the "
        "change was requested at when that is not set.",
        examples=["https://samordning.example.no/api/v1/meetings/6f1c0d2e-9b7a-4c3f-8e5d-2a1b0c9f8e7d"],
    )
    public: bool = Field(description="Whether what the event reports is on the public record.")
    public_url: str | None = Field(description="The entity's public page when `public`; null otherwise.")
    body_id: uuid.UUID | None = Field(description="The body whose work it is; null for a publication.")


class CaseEventData(EventData):
    entity_type: Literal["case"]
    number: str = Field(examples=["3/2027"])
    title: str
    status: CaseStatus = Field(description="The case's state after the event.")


class MeetingEventData(EventData):
    entity_type: Literal["meeting"]
    number: int = Field(description="The meeting's number in its body (møtenummer).")
    status: MeetingStatus = Field(description="The meeting's state after the event.")
    starts_at: datetime


class AgendaRevisedData(EventData):
    entity_type: Literal["agenda_revision"]
    meeting_id: uuid.UUID
    number: int = Field(description="The revision's number in the meeting: 1, 2 …")
    change: AgendaChange
    case_id: uuid.UUID
    case_number: str = Field(examples=["4/2027"])
    position_before: int | None = Field(description="The case's place on the agenda before; null when added.")
    position_after: int | None = Field(description="The case's place on the agenda after; null when removed.")
    reason: str | None = Field(description="Why, when the reason is public; null otherwise.")
    label_nb: str = Field(examples=["Endret 12. mars 2027: sak 4/2027 lagt til"])


class DecisionEventData(EventData):
    entity_type: Literal["decision"]
    case_id: uuid.UUID
    follow_up_status: FollowUpStatus


class SubcommitteeEventData(EventData):
    entity_type: Literal["subcommittee"]
    name: str
    status: BodyStatus = Field(description="The subcommittee's state after the event.")


class SubcommitteeDeliveredData(SubcommitteeEventData):
    delivery_id: uuid.UUID
    delivery_title: str


class PublicationEventData(EventData):
    entity_type: EntityType = Field(
        description="What became public (or was corrected): a meeting's agenda, a document …"
    )
    kind: PublicationKind
    title: str = Field(description="The title as the public reads it (a screened title stays screened).")
    meeting_id: uuid.UUID | None = Field(description="The meeting it was published with, if any.")


class Event(BaseModel):
    """The body of every delivery: the event type, when, and `data` about the entity."""

    model_config = ConfigDict(extra="forbid")

    timestamp: datetime = Field(description="When the change happened (UTC).")


class CaseEvent(Event):
    type: Literal["case.registered", "case.prepared", "case.returned", "case.decided", "case.noted"]
    data: CaseEventData


class MeetingEvent(Event):
    type: Literal[
        "meeting.convened", "meeting.started", "meeting.closed", "meeting.minutes_approved", "meeting.cancelled"
    ]
    data: MeetingEventData


class AgendaEvent(Event):
    type: Literal["agenda.revised"]
    data: AgendaRevisedData


class DecisionEvent(Event):
    type: Literal["decision.recorded", "decision.follow_up_changed"]
    data: DecisionEventData


class SubcommitteeEvent(Event):
    type: Literal["subcommittee.established", "subcommittee.dissolved"]
    data: SubcommitteeEventData


class SubcommitteeDeliveredEvent(Event):
    type: Literal["subcommittee.delivered"]
    data: SubcommitteeDeliveredData


class PublicationEvent(Event):
    type: Literal["publication.published", "publication.corrected"]
    data: PublicationEventData


# The receiver's side: the document's `webhooks:`, one entry per family; nothing here is served.
router = APIRouter(tags=["webhooks"])
RECEIVED = "Received: any 2xx will do. Any other answer, or none within the timeout, is retried with back-off."


def _signed(
    webhook_id: Annotated[str, Header(description="The event's id, the same on every retry: deduplicate by it.")],
    webhook_timestamp: Annotated[str, Header(description="When it was sent, in seconds since 1970.")],
    webhook_signature: Annotated[
        str,
        Header(
            description="`v1,` + base64 HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with the "
            "subscription's secret (two, space-separated, while a rotated secret still signs)."
        ),
    ],
) -> None:
    """The Standard Webhooks headers of every delivery."""


def _delivery(family: str, summary: str) -> Any:
    return router.post(
        family,
        summary=summary,
        operation_id=f"webhook_{family}",
        status_code=204,
        response_description=RECEIVED,
        openapi_extra={"security": []},  # the signature headers, not a token, vouch for the sender
    )


@_delivery("case", "A case was registered, prepared, returned to the AU, decided or noted (not public)")
def case(event: CaseEvent, _: Annotated[None, Depends(_signed)]) -> None: ...


@_delivery("meeting", "A meeting was convened, started, closed, cancelled, or its minutes approved")
def meeting(event: MeetingEvent, _: Annotated[None, Depends(_signed)]) -> None: ...


@_delivery("agenda", "A convened (public) agenda gained, moved or lost a case")
def agenda(event: AgendaEvent, _: Annotated[None, Depends(_signed)]) -> None: ...


@_delivery("decision", "A decision was recorded, or its follow-up changed")
def decision(event: DecisionEvent, _: Annotated[None, Depends(_signed)]) -> None: ...


@_delivery("subcommittee", "A subcommittee was established, delivered or dissolved")
def subcommittee(
    event: Annotated[SubcommitteeEvent | SubcommitteeDeliveredEvent, Field(discriminator="type")],
    _: Annotated[None, Depends(_signed)],
) -> None: ...


@_delivery("publication", "Something became public, or a public document was corrected")
def publication(event: PublicationEvent, _: Annotated[None, Depends(_signed)]) -> None: ...
