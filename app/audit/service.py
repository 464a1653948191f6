from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.chain import queue, verify
from app.audit.models import AuditEvent
from app.audit.schemas import AuditChainStatus, AuditEventOut, AuditSort, FieldChange, HistoryEventOut
from app.db import utcnow
from app.pagination import PageParams, paginate, where_equal
from app.persons.models import Person


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
    """Queues the event; it joins the hash chain when the session's transaction commits."""
    event = AuditEvent(
        id=uuid.uuid4(),
        at=utcnow(),
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=_as_stored(before),
        after=_as_stored(after),
    )
    queue(session, event)
    return event


def _as_stored(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy as it reads back from the JSON column, so the hash at commit covers what is written
    whatever the caller does with its dict meanwhile (and keys are strings, tuples lists)."""
    return json.loads(json.dumps(value))


def list_events(
    session: Session,
    page: PageParams,
    entity_id: uuid.UUID | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    entity_type: str | None = None,
    action: str | None = None,
    sort: AuditSort = AuditSort.at,
) -> tuple[list[AuditEventOut], str | None]:
    """The log a page at a time, each event with who made it, readable."""
    stmt = where_equal(
        select(AuditEvent),
        {
            AuditEvent.entity_id: entity_id,
            AuditEvent.actor: actor,
            AuditEvent.entity_type: entity_type,
            AuditEvent.action: action,
        },
    )
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    newest_first = sort == AuditSort.newest_first
    # Each filter's index is on (column, at, id): read forwards or backwards alike.
    events, cursor = paginate(
        session, stmt, AuditEvent.at, AuditEvent.id, page, newest_first, sort=sort.value if newest_first else None
    )
    names = _actor_names(session, events)
    return [
        AuditEventOut(
            id=e.id,
            at=e.at,
            actor=e.actor,
            actor_name=name,
            action=e.action,
            entity_type=e.entity_type,
            entity_id=e.entity_id,
            before=e.before,
            after=e.after,
        )
        for e, name in zip(events, names, strict=True)
    ], cursor


def chain_status(session: Session) -> AuditChainStatus:
    """The chain walked whole, every time: a cached verdict would hide a row changed since."""
    verdict = verify(session)
    return AuditChainStatus(
        intact=verdict.broken is None,
        events=verdict.events,
        last_hash=verdict.last_hash,
        broken=verdict.broken,
        checked_at=utcnow(),
    )


# Every change moves these: a history lists what changed besides.
_ALWAYS_CHANGED = ("version", "updated_at")


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    before, after = before or {}, after or {}
    return [
        FieldChange(field=name, before=before.get(name), after=after.get(name))
        for name in dict.fromkeys([*before, *after])
        if name not in _ALWAYS_CHANGED and before.get(name) != after.get(name)
    ]


def history(
    session: Session, entity_type: str, entity_id: uuid.UUID, page: PageParams
) -> tuple[list[HistoryEventOut], str | None]:
    """The entity's audit events, newest first (one index range on entity_id, at, id), with the
    names of the persons who made them read in one query."""
    stmt = select(AuditEvent).where(AuditEvent.entity_id == entity_id, AuditEvent.entity_type == entity_type)
    events, cursor = paginate(session, stmt, AuditEvent.at, AuditEvent.id, page, descending=True)
    return [
        HistoryEventOut(
            id=e.id,
            at=e.at,
            action=e.action,
            actor=e.actor,
            actor_name=name,
            changes=_changes(e.before, e.after),
        )
        for e, name in zip(events, _actor_names(session, events), strict=True)
    ], cursor


def _actor_names(session: Session, events: list[AuditEvent]) -> list[str]:
    """Who made each event, readable: a person's name (read in one query), else the secretariat's or
    system's name."""
    actors = [e.actor.partition(":") for e in events]
    person_ids = {_person_id(name) for kind, _, name in actors if kind == "person"} - {None}
    people: dict[uuid.UUID | None, str] = {}
    if person_ids:
        people = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(person_ids))).tuples().all())
    return [people.get(_person_id(name), name) if kind == "person" else name or kind for kind, _, name in actors]


def _person_id(name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(name)
    except ValueError:  # a hand-written actor, as a test or the seed may write
        return None
