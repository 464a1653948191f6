from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.governance.schemas import WithWarnings
from app.schemas import EntityOut, can_field, state_label_field
from app.types import Day, Text

DecisionKind = StrEnum(
    "DecisionKind",
    [
        "recommendation",
        "national_measure",
        "coordination",
        "annual_plan",
        "establish_subcommittee",
        "membership_change",
        "other",
    ],
)
FollowUpStatus = StrEnum("FollowUpStatus", ["open", "in_progress", "implemented", "cancelled"])
# A follow-up not done yet: one due before today is overdue.
FOLLOW_UP_NOT_DONE = ("open", "in_progress")
FOLLOW_UP_DUE = Field(
    None,
    description="The day the AU is to have followed the decision up (Norwegian time); not before the day "
    "of the decision. A follow-up not done by then is overdue.",
)


class DecisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: uuid.UUID = Field(description="A case prepared by the AU and on this meeting's agenda.")
    kind: DecisionKind = Field(description="`establish_subcommittee` and `annual_plan` unlock those resources.")
    text: Text = Field(
        min_length=1, max_length=20_000, examples=["Forumet ber Arbeidsutvalget opprette et underutvalg …"]
    )
    subject_organization_id: uuid.UUID | None = Field(
        None, description="For `membership_change` (required there): the agency admitted to the forum."
    )
    responsible_body_id: uuid.UUID | None = Field(None, description="Body responsible for following it up.")
    follow_up_due: Day | None = FOLLOW_UP_DUE


class DecisionUpdate(BaseModel):
    """Follow-up details; the follow-up status changes through the decision's transitions."""

    model_config = ConfigDict(extra="forbid")

    follow_up_note: Text | None = Field(None, max_length=10_000)
    responsible_body_id: uuid.UUID | None = None
    follow_up_due: Day | None = FOLLOW_UP_DUE


class DecisionRecord(EntityOut):
    """A decision as the audit log keeps it."""

    meeting_id: uuid.UUID
    case_id: uuid.UUID
    kind: DecisionKind
    text: str
    decided_at: datetime = Field(description="When the decision was recorded, in the meeting that made it.")
    subject_organization_id: uuid.UUID | None
    follow_up_status: FollowUpStatus
    follow_up_note: str | None
    follow_up_due: date | None = Field(description="The day the follow-up is due (null: no due date).")
    responsible_body_id: uuid.UUID | None


# What a decision's answer lists in `can`: each action and the permission it takes on its meeting's body.
DECISION_ACTIONS = {"update": "decision.follow_up", "transition": "decision.follow_up"}


class DecisionOut(DecisionRecord):
    case_number: str = Field(description="The decided case's number, e.g. `3/2024`.")
    case_title: str = Field(description="The decided case's title.")
    follow_up_status_label_nb: str = state_label_field("decision")
    can: list[str] = can_field("decision", DECISION_ACTIONS)


class DecisionWritten(DecisionOut, WithWarnings):
    """The decision after a write."""
