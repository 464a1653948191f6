from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from app.governance.schemas import WithWarnings
from app.types import Text


class AnnualPlanCreate(BaseModel):
    """Records the annual plan the forum adopted by a decision of kind `annual_plan`."""

    model_config = ConfigDict(extra="forbid")
    year: StrictInt = Field(ge=2023, le=2100, examples=[2024])
    title: Text = Field(min_length=1, max_length=300, examples=["Årsplan 2024 for I trygge hender 24-7"])
    document_id: uuid.UUID = Field(description="The plan document.")
    adopted_by_decision_id: uuid.UUID = Field(description="The forum decision adopting the plan.")


class AnnualPlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    year: int
    title: str
    document_id: uuid.UUID
    adopted_by_decision_id: uuid.UUID
    adopted_at: datetime = Field(description="When the adopting decision was made.")


class AnnualPlanCreated(AnnualPlanOut, WithWarnings):
    pass
