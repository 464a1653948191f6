from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.governance.schemas import WithWarnings
from app.schemas import EntityOut, can_field, state_label_field
from app.types import Day, Text

BodyKind = StrEnum("BodyKind", ["top_leaders_forum", "working_committee", "subcommittee", "project_board"])
BodyStatus = StrEnum("BodyStatus", ["active", "delivered", "presented", "dissolved"])

FORUM = BodyKind.top_leaders_forum
WORKING_COMMITTEE = BodyKind.working_committee
SUBCOMMITTEE = BodyKind.subcommittee
PROJECT_BOARD = BodyKind.project_board
DISSOLVED = BodyStatus.dissolved


class BodyUpdate(BaseModel):
    """Only the fields sent are changed. Kind and parent are fixed; status changes by transitions."""

    model_config = ConfigDict(extra="forbid")

    name: Text = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]  # null is a 422
    short_name: Text | None = Field(None, max_length=50)
    mandate: Text | None = Field(None, max_length=50_000, description="The body's written remit (markdown).")
    deadline: Day | None = Field(None, description="When a subcommittee delivers to the AU.")
    support: Text | None = Field(None, max_length=10_000, description="Support agreed for the assignment.")


class BodyRecord(EntityOut):
    """A body as the audit log keeps it."""

    kind: BodyKind
    name: str = Field(examples=["Arbeidsutvalget"])
    short_name: str | None = Field(examples=["AU"])
    status: BodyStatus
    mandate: str | None
    parent_body_id: uuid.UUID | None = Field(description="The AU, for a subcommittee.")
    established_by_decision_id: uuid.UUID | None
    deadline: date | None
    support: str | None
    dissolved_at: datetime | None


# What a body's answer lists in `can`: each action and the permission it takes on the body itself.
BODY_ACTIONS = {
    "update": "body.manage",
    "transition": "body.manage",
    "manage_memberships": "membership.manage",
    "register_case": "work.write",
    "write_document": "work.write",
    "plan_meeting": "meeting.run",
    "establish_subcommittee": "subcommittee.establish",
    "register_delivery": "delivery.register",
}


class BodyOut(BodyRecord):
    status_label_nb: str = state_label_field("body")
    can: list[str] = can_field("body", BODY_ACTIONS)


class BodyWritten(BodyOut, WithWarnings):
    """The body after a write or transition."""
