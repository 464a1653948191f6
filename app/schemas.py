"""What every entity shows in the API."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class EntityOut(BaseModel):
    """The id, the version (the ETag; send it back as If-Match) and the timestamps."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    version: int = Field(description="Grows with every change; the ETag is derived from it.")
    created_at: datetime
    updated_at: datetime
