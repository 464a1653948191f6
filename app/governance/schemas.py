from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field, RootModel

from app.schemas import EntityType

# `behaviour`: a rule that acted (e.g. placed a returned case on the next agenda), reported beside warnings.
Severity = StrEnum("Severity", ["error", "warning", "behaviour"])


class EntityRefOut(BaseModel):
    """An entity a rule finding concerns."""

    type: EntityType = Field(examples=["case"])
    id: str
    label: str | None = None


class RuleReport(BaseModel):
    """A failed rule as the API reports it: in `violations` (409) or in `warnings`."""

    rule: str = Field(examples=["case.prepare.knowledge_base"])
    severity: Severity = Field(examples=["warning"])
    message: str
    message_nb: str
    citation: str
    detail: str | None = None
    entities: list[EntityRefOut] | None = None


class DryRun(BaseModel):
    """What a change would meet, judged by every rule without making it (`dry_run=true`)."""

    dry_run: Literal[True] = Field(True, description="Tells a dry run's answer from the change's (`false`).")
    allowed: bool = Field(description="Whether the change would be made: no rule of severity `error` fails.")
    violations: list[RuleReport] = Field(
        description="The error rules that would refuse it (a 409 without the dry run)."
    )
    warnings: list[RuleReport] = Field(description="The warnings it would be made with.")


class WithWarnings(BaseModel):
    """Mixed into write responses: rules of severity `warning` that did not hold, and
    behaviour rules (severity `behaviour`) that acted, e.g. a returned case placed on the next agenda."""

    warnings: list[RuleReport] = Field(default_factory=list)


class RuleParameters(RootModel[dict[str, Any]]):
    """A rule's parameters by name (numbers, texts, lists), as rules/*.yaml sets them."""


class RuleOut(BaseModel):
    id: str
    title: str
    severity: Severity
    parameters: RuleParameters
    message: str
    message_nb: str
    citation: str
    enabled: bool
    invariant: bool = Field(description="Checked continuously by /api/v1/compliance.")


class ComplianceReport(BaseModel):
    holds: bool
    findings: list[RuleReport]
