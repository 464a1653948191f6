from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
)

from app.cases.schemas import CaseKind
from app.governance.schemas import WithWarnings
from app.schemas import EntityOut, can_field, state_label_field
from app.types import Moment, Text

MeetingStatus = StrEnum(
    "MeetingStatus",
    ["planned", "convened", "in_session", "held", "minutes_approved", "cancelled"],
)
AgendaOutcome = StrEnum("AgendaOutcome", ["decided", "noted", "returned", "withdrawn"])


def _ends_after_start(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValueError("ends_at must be after starts_at")


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body_id: uuid.UUID = Field(description="The body that meets (the forum, the AU, the project board …).")
    starts_at: Moment = Field(examples=["2024-10-15T10:00:00+02:00"])
    ends_at: Moment | None = Field(None, examples=["2024-10-15T14:00:00+02:00"])
    location: Text | None = Field(None, max_length=300, examples=["Helsedirektoratet, Vitaminveien 4"])
    title: Text | None = Field(None, max_length=300)

    @field_validator("ends_at")
    @classmethod
    def _times(cls, ends_at: datetime | None, info: ValidationInfo) -> datetime | None:
        # A field validator (not a model one) so that the 422 names `ends_at`.
        _ends_after_start(info.data.get("starts_at"), ends_at)
        return ends_at


class MeetingUpdate(BaseModel):
    """Reschedule, relocate, or attach the minutes document (kind `minutes`)."""

    model_config = ConfigDict(extra="forbid")

    starts_at: Moment = Field(None)  # type: ignore[assignment]
    ends_at: Moment | None = None
    location: Text | None = Field(None, max_length=300)
    title: Text | None = Field(None, max_length=300)
    minutes_document_id: uuid.UUID | None = Field(None, description="A document of kind `minutes`.")
    internal_notes: Text | None = Field(None, max_length=10_000, description="Never published.")


# How a list of meetings may be ordered: by start, earliest or latest first.
MeetingSort = StrEnum("MeetingSort", [("starts_at", "starts_at"), ("latest_first", "-starts_at")])


class MeetingRecord(EntityOut):
    """A meeting as the audit log keeps it."""

    number: int = Field(description="Møtenummer, per body.", examples=[3])
    body_id: uuid.UUID
    title: str | None
    starts_at: datetime
    ends_at: datetime | None
    location: str | None
    status: MeetingStatus
    minutes_document_id: uuid.UUID | None
    internal_notes: str | None
    convened_at: datetime | None
    started_at: datetime | None = Field(description="When the meeting was actually started.")
    held_at: datetime | None = Field(description="When the meeting was closed.")
    minutes_approved_at: datetime | None


# What a meeting's answer lists in `can`: each action and the permission it takes on the meeting's body.
MEETING_ACTIONS = {
    "update": "meeting.run",
    "transition": "meeting.run",
    "edit_agenda": "agenda.write",
    "record_decision": "decision.record",
    "draft_minutes": "work.write",
}


class MeetingOut(MeetingRecord):
    status_label_nb: str = state_label_field("meeting")
    can: list[str] = can_field("meeting", MEETING_ACTIONS)


class MeetingWritten(MeetingOut, WithWarnings):
    """The meeting after a write."""


class RevisionReason(BaseModel):
    """Why a convened agenda changes: its saksliste is public, so a change is a revision of its own."""

    model_config = ConfigDict(extra="forbid")

    reason: Text | None = Field(
        None,
        min_length=1,
        max_length=2000,
        description="Required once the meeting is convened (a 409 `agenda.revision_requires_reason` without it): "
        "kept with the revision and shown with the mark on the public agenda. Ignored before convening, when "
        "the agenda is still a draft.",
        examples=["Saken haster: fristen for høringssvar er før neste møte."],
    )
    reason_public: StrictBool = Field(
        True, description="Whether the public agenda shows the reason beside the mark (the mark is always shown)."
    )


class AgendaItemCreate(RevisionReason):
    case_id: uuid.UUID = Field(description="A prepared case.")
    position: StrictInt | None = Field(None, ge=1, description="1-based place on the agenda; default last.")


class AgendaItemUpdate(RevisionReason):
    position: StrictInt = Field(ge=1, description="New 1-based place on the agenda.")


class AgendaItemRemoval(RevisionReason):
    """The body of a DELETE of an agenda item: needed only once the meeting is convened."""


class AgendaItemOut(BaseModel):
    id: uuid.UUID
    meeting_id: uuid.UUID
    position: int
    case_id: uuid.UUID
    case_number: str = Field(examples=["3/2024"])
    case_title: str
    case_kind: CaseKind
    outcome: AgendaOutcome | None = Field(description="What the meeting did with the case, for the minutes.")
    version: int = Field(
        description="Grows when the item moves, also when another item's move shifts it; the ETag is derived from it."
    )


class AgendaItemWritten(AgendaItemOut, WithWarnings):
    """The agenda item after it was placed, with the warnings of a late addition."""


AgendaChange = StrEnum("AgendaChange", ["added", "moved", "removed"])


class AgendaRevisionOut(BaseModel):
    """One change of a convened agenda, with the agenda as it read before it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    meeting_id: uuid.UUID
    number: int = Field(description="1, 2 … per meeting, in the order of the changes.")
    at: datetime
    actor: str = Field(description="Who changed the agenda.")
    change: AgendaChange
    case_id: uuid.UUID
    case_number: str = Field(examples=["4/2027"])
    position_before: int | None = Field(description="The case's place before the change (none when added).")
    position_after: int | None = Field(description="The case's place after the change (none when removed).")
    reason: str
    reason_public: bool
    label_nb: str = Field(
        description="The mark on the public agenda.", examples=["Endret 12. mars 2027: sak 4/2027 lagt til"]
    )
    previous_agenda: list[AgendaItemOut] = Field(description="The agenda as it read before this change.")


class AttendeeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: uuid.UUID
    membership_id: uuid.UUID | None = Field(
        None,
        description="The seat in the meeting's body the person attends through; null for guests and the secretariat.",
    )
    standing_in_for_membership_id: uuid.UUID | None = Field(
        None,
        description="A fixed deputy standing in for this member's seat (the deputy's `membership_id` is required).",
    )
    organization_id: uuid.UUID | None = Field(
        None, description="Whom the person represents; default the seat's organization, else the person's."
    )


class AttendanceIn(BaseModel):
    """The whole attendance of a meeting, replaced at once."""

    model_config = ConfigDict(extra="forbid")

    present: list[AttendeeIn] = Field(default_factory=list, max_length=200)
    apologies: list[AttendeeIn] = Field(
        default_factory=list, max_length=200, description="Forfall: who was called and sent apologies."
    )
    chair_person_id: uuid.UUID | None = Field(None, description="Møteleder; one of `present`.")
    minutes_taker_person_id: uuid.UUID | None = Field(None, description="Referent; one of `present`.")


class AttendeeOut(BaseModel):
    person_id: uuid.UUID
    person_name: str
    membership_id: uuid.UUID | None
    standing_in_for_membership_id: uuid.UUID | None
    standing_in_for_person_name: str | None
    organization_id: uuid.UUID | None
    organization_name: str | None
    role: str | None = Field(description="The seat's role (chair, member, deputy, secretary); null without a seat.")


class AttendanceOut(BaseModel):
    meeting_id: uuid.UUID
    present: list[AttendeeOut]
    apologies: list[AttendeeOut]
    chair_person_id: uuid.UUID | None
    minutes_taker_person_id: uuid.UUID | None
    version: int = Field(description="0 until the attendance is first recorded; the ETag is derived from it.")


class AttendanceWritten(AttendanceOut, WithWarnings):
    """The attendance after a write, with the quorum rule's warning when it does not hold."""
