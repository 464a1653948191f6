from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class RuleReport(BaseModel):
    """A failed rule as the API reports it: in `violations` (409) or in `warnings`."""

    rule: str = Field(examples=["case.prepare.knowledge_base"])
    severity: str = Field(examples=["warning"], description="`error`, `warning`, or `behaviour` for a rule that acted.")
    message: str
    message_nb: str
    citation: str
    detail: str | None = None
    entities: list[dict[str, Any]] | None = None


class WithWarnings(BaseModel):
    """Mixed into write responses: rules of severity `warning` that did not hold, and
    behaviour rules (severity `behaviour`) that acted, e.g. a returned case placed on the next agenda."""

    warnings: list[RuleReport] = Field(default_factory=list)


class RuleOut(BaseModel):
    id: str
    title: str
    severity: str
    parameters: dict[str, Any]
    message: str
    message_nb: str
    citation: str
    enabled: bool
    invariant: bool = Field(description="Checked continuously by /api/v1/compliance.")


class ComplianceReport(BaseModel):
    holds: bool
    findings: list[RuleReport]
