from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from app.audit import service
from app.audit.schemas import AuditEventOut
from app.context import RequestContext, permit
from app.pagination import Page, PageParams, page_params
from app.routing import Router
from app.types import Moment, Text

router = Router(prefix="/api/v1/audit-events", tags=["audit"])


@router.get("", response_model=Page[AuditEventOut], summary="List audit events (oldest first)")
def list_audit_events(
    ctx: Annotated[RequestContext, permit("audit.read")],
    page: Annotated[PageParams, Depends(page_params)],
    entity_id: uuid.UUID | None = None,
    actor: Text | None = Query(None, description="e.g. `secretariat:Sekretariatet` or `person:<uuid>`"),
    since: Moment | None = Query(None, description="Events at or after this time (ISO 8601 with offset)."),
    entity_type: Text | None = None,
    action: Text | None = None,
) -> Page[AuditEventOut]:
    items, cursor = service.list_events(ctx.session, page, entity_id, actor, since, entity_type, action)
    return Page(items=[AuditEventOut.model_validate(e) for e in items], next_cursor=cursor)
