from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from app.governance.schemas import WithWarnings
from app.schemas import EntityOut
from app.types import Day, Text

MembershipRole = StrEnum("MembershipRole", ["chair", "member", "deputy", "secretary"])
MembershipBackground = StrEnum(
    "MembershipBackground",
    ["service", "administration", "academia", "patient_user_relative"],
)

# Roles that hold the seat itself; a deputy stands in for one of them.
SEAT_ROLES = (MembershipRole.chair, MembershipRole.member)
CHAIR = MembershipRole.chair
DEPUTY = MembershipRole.deputy

_ROLE = "`chair` (leder/møteleder), `member`, `deputy` (fast stedfortreder for one membership) or `secretary`."
_DEPUTY_FOR = "For role `deputy`: the membership (of the same body) this person stands in for."
_BACKGROUND = "Where a subcommittee member comes from: services, administration, academia, or patients/users/relatives."


class MembershipCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: uuid.UUID
    organization_id: uuid.UUID | None = Field(
        None, description="The organization represented; defaults to the person's organization."
    )
    role: MembershipRole = Field(description=_ROLE)
    deputy_for_membership_id: uuid.UUID | None = Field(None, description=_DEPUTY_FOR)
    start_date: Day = Field(examples=["2023-01-01"])
    end_date: Day | None = Field(None, description="Last day (inclusive); set it to end the membership.")
    allocation_percent: StrictInt | None = Field(None, ge=0, le=100, description="Share of a full position.")
    competence: Text | None = Field(None, max_length=2000, description="Relevant competence.")
    background: MembershipBackground | None = Field(None, description=_BACKGROUND)


class MembershipUpdate(BaseModel):
    """Only the fields sent are changed. Ending a membership = sending `end_date`."""

    model_config = ConfigDict(extra="forbid")

    organization_id: uuid.UUID | None = None
    role: MembershipRole = Field(None, description=_ROLE)  # type: ignore[assignment]  # null is a 422
    deputy_for_membership_id: uuid.UUID | None = Field(None, description=_DEPUTY_FOR)
    start_date: Day = Field(None)  # type: ignore[assignment]
    end_date: Day | None = None
    allocation_percent: StrictInt | None = Field(None, ge=0, le=100)
    competence: Text | None = Field(None, max_length=2000)
    background: MembershipBackground | None = Field(None, description=_BACKGROUND)


class MembershipRecord(EntityOut):
    """A membership as the audit log keeps it."""

    body_id: uuid.UUID
    person_id: uuid.UUID
    organization_id: uuid.UUID | None
    role: MembershipRole
    deputy_for_membership_id: uuid.UUID | None
    start_date: date
    end_date: date | None
    allocation_percent: int | None
    competence: str | None
    background: MembershipBackground | None


class MembershipOut(MembershipRecord):
    person_name: str = Field(description="The name of the person who holds the seat.")
    organization_name: str | None = Field(description="The name of the organization the person represents.")


class MembershipWritten(MembershipOut, WithWarnings):
    """The membership after a write, with the warnings of the membership rules."""
