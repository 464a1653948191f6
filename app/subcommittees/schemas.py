from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.bodies.schemas import BodyStatus
from app.governance.schemas import WithWarnings
from app.memberships.schemas import MembershipBackground, MembershipRole
from app.types import Day, Text

SubcommitteeStatus = BodyStatus
SubcommitteeSort = StrEnum(
    "SubcommitteeSort", [("name", "name"), ("deadline", "deadline"), ("deadline_desc", "-deadline")]
)


class SeatIn(BaseModel):
    """The chair or a member of a new subcommittee."""

    model_config = ConfigDict(extra="forbid")
    person_id: uuid.UUID
    organization_id: uuid.UUID | None = Field(None, description="The organization the person represents, if any.")
    competence: Text | None = Field(
        None,
        max_length=2000,
        description="Relevant competence (rule subcommittee.member_competence).",
        examples=["Legemiddelsikkerhet i sykehjem"],
    )
    background: MembershipBackground | None = Field(
        None, description="Where the person comes from: services, administration, academia or patients/users/relatives."
    )


class SubcommitteeCreate(BaseModel):
    """Sets up a subcommittee under the AU on a forum decision of kind `establish_subcommittee`."""

    model_config = ConfigDict(extra="forbid")
    decision_id: uuid.UUID = Field(description="The forum decision establishing the subcommittee.")
    name: Text = Field(min_length=1, max_length=300, examples=["Underutvalg for legemiddelsikkerhet"])
    mandate: Text = Field(max_length=20_000, description="The written remit; must not be empty.")
    deadline: Day = Field(description="Delivery deadline to the AU; must be in the future.")
    support: Text | None = Field(
        None,
        max_length=5000,
        description="Support agreed for the assignment (fees, buy-outs).",
        examples=["Frikjøp 20 % for to eksterne medlemmer; honorar etter statens satser."],
    )
    chair: SeatIn | None = Field(
        None, description="The leader; required by rule subcommittee.requires_mandate_leader_deadline."
    )
    members: list[SeatIn] = Field(default_factory=list, max_length=50)


class SubcommitteeMemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID = Field(description="The membership id (end it with PATCH /api/v1/memberships/{id}).")
    person_id: uuid.UUID
    organization_id: uuid.UUID | None
    role: MembershipRole
    start_date: date
    end_date: date | None
    competence: str | None
    background: MembershipBackground | None


class DeliveryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text = Field(min_length=1, max_length=500, examples=["Rapport: legemiddelsikkerhet i sykehjem"])
    document_id: uuid.UUID = Field(description="The delivered document; all deliveries are public.")


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    subcommittee_id: uuid.UUID
    title: str
    document_id: uuid.UUID
    delivered_at: datetime
    late: bool = Field(description="Delivered after the subcommittee's deadline.")


class DeliveryCreated(DeliveryOut, WithWarnings):
    pass


class SubcommitteeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    name: str
    status: SubcommitteeStatus
    mandate: str | None
    deadline: date | None
    support: str | None = Field(description="Support agreed for the assignment (fees, buy-outs).")
    parent_body_id: uuid.UUID | None = Field(description="The working committee it reports to.")
    established_by_decision_id: uuid.UUID | None
    dissolved_at: datetime | None
    members: list[SubcommitteeMemberOut] = Field(default_factory=list)
    deliveries: list[DeliveryOut] = Field(default_factory=list)


class SubcommitteeCreated(SubcommitteeOut, WithWarnings):
    pass
