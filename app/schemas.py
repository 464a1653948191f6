"""What every entity shows in the API."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

EntityType = StrEnum(
    "EntityType",
    [
        "agenda_item",
        "agenda_revision",
        "annual_plan",
        "body",
        "case",
        "decision",
        "delivery",
        "document",
        "document_version",  # a published correction
        "meeting",
        "membership",
        "organization",
        "person",
        "webhook",
    ],
)
EntityType.__doc__ = "A kind of entity, as the audit log and the rules' findings name it."


class EntityOut(BaseModel):
    """The id, the version (the ETag; send it back as If-Match) and the timestamps."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    version: int = Field(description="Grows with every change; the ETag is derived from it.")
    created_at: datetime
    updated_at: datetime


def can_field(entity: str, actions: Mapping[str, str]) -> Any:
    """The `can` field of an entity's answer, documenting its actions and the permission each takes."""
    listed = ", ".join(f"`{action}` ({permission})" for action, permission in actions.items())
    return Field(
        description=f"What this caller may do on the {entity}, from the policy table (`GET /api/v1/policy`): each "
        f"action whose permission the caller holds on the {entity}'s body, of {listed}. A rule (409) may still "
        "refuse it; `GET …/transitions` says which transitions are allowed now."
    )


def state_label_field(workflow: str) -> Any:
    return Field(description=f"The state's Norwegian name, from the {workflow} lifecycle in rules/lifecycles.yaml.")
