"""Steps every resource repeats: load or 404, references and uniqueness, audited create and update, 201 Created."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.audit.service import snapshot
from app.auth.policy import POLICY
from app.bodies.models import Body
from app.context import RequestContext
from app.db import Entity
from app.errors import Conflict, InvalidInput, NotFound
from app.http import set_etag

E = TypeVar("E")


def get_or_404(session: Session, model: type[E], entity_id: uuid.UUID, label: str, *, lock: bool = False) -> E:
    """The entity; with `lock`, row-locked on PostgreSQL until the transaction ends (SQLite
    serialises writers anyway). FOR NO KEY UPDATE queues other writers of the row without
    blocking inserts that merely reference it."""
    entity = session.get(model, entity_id, with_for_update={"key_share": True} if lock else None)
    if entity is None:
        raise NotFound(f"{label} {entity_id} does not exist")
    return entity


@dataclass(frozen=True)
class View:
    """What a reader is shown beside an entity's record: the actions the caller holds on it (`can`, each
    action by the permission it takes, checked on the entity's body with the seats the request loaded)
    and, with a lifecycle, its state's Norwegian name (`<state_attr>_label_nb`). They are about the
    reader, not the record: the audit log's snapshots (the `…Record` schemas) leave them out."""

    actions: Mapping[str, str]
    lifecycle: str | None = None
    state_attr: str = "status"

    def __post_init__(self) -> None:
        if unknown := set(self.actions.values()) - set(POLICY):
            raise KeyError(f"actions name permissions not in app/auth/policy.py: {sorted(unknown)}")

    def present(self, ctx: RequestContext, entity: E, body: Body | None) -> E:
        """The entity, marked for its answer schema (which reads these attributes)."""
        entity.can = [a for a, permission in self.actions.items() if ctx.access.may(permission, (body,))]  # type: ignore[attr-defined]
        if self.lifecycle is not None:
            label = ctx.engine.state_label(self.lifecycle, getattr(entity, self.state_attr))
            setattr(entity, f"{self.state_attr}_label_nb", label)
        return entity


def get_visible(
    ctx: RequestContext,
    model: type[E],
    entity_id: uuid.UUID,
    label: str,
    body_id: Any,
    read: str,
    *,
    through: tuple[Any, Any] | None = None,
    load: tuple[Any, ...] = (),
    lock: bool = False,
) -> tuple[E, Body]:
    """The entity and the body whose work it is (`body_id`: the column naming it, on the entity or on
    the table joined `through` (table, on)), in one query; 404 when the caller may not `read` it, so an
    id the caller cannot see is not told apart from one that does not exist. With `lock`, the entity's
    row (only) is locked as in `get_or_404`, and the entity read afresh. `load`: loader options, e.g. a
    collection joined into the same query rather than read by a second one."""
    stmt = select(model, Body).where(model.id == entity_id)  # type: ignore[attr-defined]
    if through is not None:
        stmt = stmt.join(*through)
    stmt = stmt.join(Body, Body.id == body_id).options(*load)
    if lock:
        stmt = stmt.with_for_update(key_share=True, of=model).execution_options(populate_existing=True)
    row = ctx.session.execute(stmt).unique().first()
    if row is None or not ctx.may(row[1], permission=read):
        raise NotFound(f"{label} {entity_id} does not exist")
    return row[0], row[1]


def ensure_unique(
    session: Session, column: InstrumentedAttribute, value: Any, label: str, exclude_id: uuid.UUID | None = None
) -> None:
    """409 naming the field before the unique constraint would (the constraint stays the backstop)."""
    if value is None:
        return
    model = column.class_
    stmt = select(model.id).where(column == value)
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    if session.scalar(stmt.limit(1)) is not None:
        message = f"another {label} already has {column.key} {value!r}"
        raise Conflict(message, errors=[{"field": f"body.{column.key}", "message": message}])


def create_audited(ctx: RequestContext, entity: E, schema: type[BaseModel], entity_type: str) -> E:
    ctx.session.add(entity)
    ctx.session.flush()
    ctx.audit("create", entity_type, entity.id, None, snapshot(schema, entity))  # type: ignore[attr-defined]
    return entity


@contextmanager
def audited_update(ctx: RequestContext, entity: Any, schema: type[BaseModel], entity_type: str) -> Iterator[None]:
    """Snapshot before, let the caller change the entity, flush and record before/after.
    A PATCH that changes nothing writes nothing: no new version, no audit event."""
    before = snapshot(schema, entity)
    yield
    ctx.session.flush()
    after = snapshot(schema, entity)
    if after != before:
        ctx.audit("update", entity_type, entity.id, before, after)


def changed_fields(entity: Any, changes: dict[str, Any]) -> list[str]:
    """The fields a write would actually change."""
    return [name for name, value in changes.items() if getattr(entity, name) != value]


def apply_changes(entity: Any, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(entity, name, value)


def created(response: Response, entity: Any, collection_path: str) -> None:
    """201 with the new resource's Location and ETag."""
    response.status_code = 201
    response.headers["Location"] = f"{collection_path}/{entity.id}"
    set_etag(response, entity)


def insert_unique(ctx: RequestContext, entity: Any, rule_id: str, detail: str) -> None:
    """Insert under a savepoint: a unique constraint lost to a concurrent request is the rule's 409."""
    try:
        with ctx.session.begin_nested():
            ctx.session.add(entity)
    except IntegrityError as exc:
        raise ctx.engine.violation(rule_id, detail) from exc


def require_existing(
    ctx: RequestContext, model: type[Entity], ids: dict[str, uuid.UUID | list[uuid.UUID] | None], label: str
) -> None:
    """422 naming the first field with an id (or a list of ids) that does not exist, in one query."""
    per_field = {name: [v] if isinstance(v, uuid.UUID) else list(v or []) for name, v in ids.items()}
    wanted = {v for values in per_field.values() for v in values}
    found = set(ctx.session.scalars(select(model.id).where(model.id.in_(wanted)))) if wanted else set()
    for name, values in per_field.items():
        for value in values:
            if value not in found:
                raise InvalidInput(
                    name,
                    f"no {label} {value}",
                    code="unknown_id",
                    message_nb=f"Det finnes ingenting med id-en {value}.",
                )
