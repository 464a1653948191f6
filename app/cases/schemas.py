from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.governance.schemas import WithWarnings
from app.schemas import EntityOut, can_field, state_label_field
from app.types import Text

CaseKind = StrEnum("CaseKind", ["decision", "discussion", "information"])
# How a list of cases may be ordered: by registration (oldest or newest first) or by number.
CaseSort = StrEnum(
    "CaseSort",
    [("created_at", "created_at"), ("newest_first", "-created_at"), ("number", "number"), ("number_desc", "-number")],
)
CaseStatus = StrEnum(
    "CaseStatus",
    ["registered", "in_preparation", "prepared", "scheduled", "decided", "noted", "returned", "withdrawn"],
)


class CaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    owner_body_id: uuid.UUID = Field(description="The body that owns and prepares the case; the AU for forum cases.")
    title: Text = Field(min_length=1, max_length=500, examples=["Felles nasjonale råd om legemiddelsikkerhet"])
    summary: Text | None = Field(None, max_length=20_000)
    kind: CaseKind = Field(
        description="`decision` (beslutningssak), `discussion` (drøftingssak), `information` (orienteringssak)."
    )
    strategic_rationale: Text | None = Field(
        None, max_length=20_000, description="Why the case is strategically important (required to prepare it)."
    )
    stakeholders_involved: list[uuid.UUID] = Field(
        default_factory=list, max_length=200, description="Organizations involved in or anchoring the case."
    )
    large_development_work: StrictBool = Field(
        False, description="Large work such as new indicators; such cases go through the ordinary channels."
    )
    subcommittee_delivery_id: uuid.UUID | None = Field(
        None, description="The subcommittee delivery this AU case presents to the forum."
    )


class CaseUpdate(BaseModel):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    title: Text = Field(None, min_length=1, max_length=500)  # type: ignore[assignment]
    summary: Text | None = Field(None, max_length=20_000)
    kind: CaseKind = Field(None)  # type: ignore[assignment]
    strategic_rationale: Text | None = Field(None, max_length=20_000)
    stakeholders_involved: list[uuid.UUID] = Field(None, max_length=200)  # type: ignore[arg-type]
    large_development_work: StrictBool = Field(None)  # type: ignore[assignment]
    subcommittee_delivery_id: uuid.UUID | None = None


class CaseRecord(EntityOut):
    """A case as the audit log keeps it."""

    number: str = Field(description="Case number per owning body and year.", examples=["3/2024"])
    owner_body_id: uuid.UUID
    title: str
    summary: str | None
    kind: CaseKind
    status: CaseStatus
    strategic_rationale: str | None
    stakeholders_involved: list[uuid.UUID]
    large_development_work: bool
    subcommittee_delivery_id: uuid.UUID | None
    return_reason: str | None = Field(description="Why the forum sent the case back to the AU.")
    return_reason_public: bool
    carry_over: bool = Field(
        description="Returned to the AU and not yet concluded: once prepared again it goes onto the next "
        "forum meeting by itself (and on to the one after, should that meeting be cancelled)."
    )
    closed_at: datetime | None


# What a case's answer lists in `can`: each action and the permission it takes on the owning body.
CASE_ACTIONS = {"update": "work.write", "transition": "work.write", "attach_document": "work.write"}


class StakeholderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    organization_id: uuid.UUID
    name: str = Field(description="The organization's name.")


class CaseOut(CaseRecord):
    stakeholders: list[StakeholderOut] = Field(
        description="The organizations in `stakeholders_involved`, in the same order, with their names."
    )
    status_label_nb: str = state_label_field("case")
    can: list[str] = can_field("case", CASE_ACTIONS)


class CaseWritten(CaseOut, WithWarnings):
    """The case after a write."""
