from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, RootModel

from app.schemas import EntityType

AuditSort = StrEnum("AuditSort", [("at", "at"), ("newest_first", "-at")])
AuditSort.__doc__ = "The audit log's order: `at` (oldest first) or `-at` (newest first)."

# What the code logs besides a lifecycle's transitions (whose names the rules declare): the document
# lists both as the enum `AuditAction` (contract._name_audit_actions).
AUDIT_ACTIONS = (
    "attach_document",
    "correct",
    "create",
    "decide",
    "delete",
    "deliver",
    "dissolve",
    "establish",
    "present",
    "publish",
    "record_attendance",
    "redeliver",
    "revise_agenda",
    "rotate_secret",
    "schedule",
    "unschedule",
    "update",
)
AUDIT_ACTION_EXTENSION = "x-audit-action"


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
    id: uuid.UUID
    at: datetime
    actor: str = Field(description="Who, as the log names them: `person:<id>`, `secretariat:<name>`, `system:<name>`.")
    actor_name: str = Field(description="Who, readable: the person's name, or the secretariat's or system's.")
    action: str = Field(json_schema_extra={AUDIT_ACTION_EXTENSION: True})
    entity_type: EntityType
    entity_id: uuid.UUID
    before: Snapshot | None = Field(description="null when the event created the entity.")
    after: Snapshot | None


class AuditChainStatus(BaseModel):
    """The hash chain walked from its first event to its head, as `samordning audit verify` walks it."""

    intact: bool = Field(description="Whether every event links to the one before it and hashes as stored.")
    events: int = Field(description="How many events were verified, up to the first broken link.")
    last_hash: str = Field(
        description="The hash of the last event verified: kept somewhere else, it catches a rewrite of the whole chain."
    )
    broken: str | None = Field(
        description="Where the chain breaks (seq and event id) and what differs: a hash, a `prev_hash` or a gap in "
        "seq; null when intact."
    )
    checked_at: datetime = Field(description="When it was verified.")
