from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.pagination import PageParams, paginate, where_equal


def snapshot(schema: type[BaseModel], entity: Any) -> dict[str, Any]:
    """The JSON form of an entity as the API shows it, for before/after."""
    return schema.model_validate(entity).model_dump(mode="json")


def record(
    session: Session,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    event = AuditEvent(
        actor=actor, action=action, entity_type=entity_type, entity_id=entity_id, before=before, after=after
    )
    session.add(event)
    return event


def list_events(
    session: Session,
    page: PageParams,
    entity_id: uuid.UUID | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    entity_type: str | None = None,
    action: str | None = None,
) -> tuple[list[AuditEvent], str | None]:
    stmt = where_equal(select(AuditEvent), {
        AuditEvent.entity_id: entity_id, AuditEvent.actor: actor,
        AuditEvent.entity_type: entity_type, AuditEvent.action: action,
    })
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    return paginate(session, stmt, AuditEvent.at, AuditEvent.id, page)
