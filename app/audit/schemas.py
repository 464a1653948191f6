from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel


class Snapshot(RootModel[dict[str, Any]]):
    """The entity as the API showed it, field by field; its shape is that of the entity type."""


class FieldChange(BaseModel):
    field: str
    before: Any = Field(description="The value before the event; null when the event created it.")
    after: Any = Field(description="The value after the event; null when the event removed it.")


class HistoryEventOut(BaseModel):
    """One change of an entity, as its readers see its history."""

    id: uuid.UUID
    at: datetime = Field(description="When.")
    action: str = Field(
        description="What: `create`, `update`, a transition's name (`prepare`, `convene` …), `attach_document` …",
        examples=["prepare"],
    )
    actor: str = Field(
        description="Who, as the audit log names them: `person:<id>`, `secretariat:<name>`, `system:<name>`."
    )
    actor_name: str = Field(description="Who, readable: the person's name, or the secretariat's or system's.")
    changes: list[FieldChange] = Field(
        description="The fields the event changed, each with its value before and after (the version and "
        "`updated_at`, which every change moves, left out)."
    )


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: uuid.UUID
    before: Snapshot | None = Field(description="null when the event created the entity.")
    after: Snapshot | None
