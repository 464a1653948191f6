from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel


class Snapshot(RootModel[dict[str, Any]]):
    """The entity as the API showed it, field by field; its shape is that of the entity type."""


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
