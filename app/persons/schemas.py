from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from app.governance.schemas import WithWarnings
from app.schemas import EntityOut
from app.types import CONTROL, Text

EMAIL_PATTERN = f"^[^@\\s{CONTROL}]+@[^@\\s{CONTROL}]+\\.[^@\\s{CONTROL}]+$"  # no control character either


class PersonCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1, max_length=200, examples=["Åse Ødegård"])
    email: str | None = Field(None, max_length=320, pattern=EMAIL_PATTERN, examples=["ase.odegard@example.no"])
    title: Text | None = Field(None, max_length=200, description="Position, e.g. «direktør».")
    organization_id: uuid.UUID | None = Field(None, description="The organization the person works for.")


class PersonUpdate(BaseModel):
    """Only the fields sent are changed; `null` clears the optional ones."""

    model_config = ConfigDict(extra="forbid")

    name: Text = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]  # null is a 422
    email: str | None = Field(None, max_length=320, pattern=EMAIL_PATTERN)
    title: Text | None = Field(None, max_length=200)
    organization_id: uuid.UUID | None = None


class PersonOut(EntityOut):
    name: str
    email: str | None
    title: str | None
    organization_id: uuid.UUID | None


class PersonWritten(PersonOut, WithWarnings):
    """The person after a write."""
