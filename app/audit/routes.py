import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Path, Query

from app.audit import service
from app.audit.schemas import AuditChainStatus, AuditEventOut, AuditSort, HistoryEventOut
from app.context import RequestContext, permit
from app.pagination import Page, PageParams, page_params
from app.routing import Router
from app.types import Moment, Text

router = Router(prefix="/api/v1/audit-events", tags=["audit"])


@router.get("", response_model=Page[AuditEventOut], summary="List audit events (oldest first unless sorted otherwise)")
def list_audit_events(
    ctx: Annotated[RequestContext, permit("audit.read")],
    page: Annotated[PageParams, Depends(page_params)],
    entity_id: uuid.UUID | None = None,
    actor: Text | None = Query(None, description="e.g. `secretariat:Sekretariatet` or `person:<uuid>`"),
    since: Moment | None = Query(None, description="Events at or after this time (ISO 8601 with offset)."),
    entity_type: Text | None = None,
    action: Text | None = None,
    sort: Annotated[AuditSort, Query(description="`at` (oldest first) or `-at` (newest first).")] = AuditSort.at,
) -> Page[AuditEventOut]:
    items, cursor = service.list_events(ctx.session, page, entity_id, actor, since, entity_type, action, sort)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/verification",
    response_model=AuditChainStatus,
    summary="Verify the audit log's hash chain now: intact, or where it breaks",
)
def verify_audit_chain(ctx: Annotated[RequestContext, permit("audit.read")]) -> AuditChainStatus:
    """Walks every event in seq order, as `samordning audit verify` does, and names the first broken
    link; its time grows with the log."""
    return service.chain_status(ctx.session)


def history_router(path: str, tag: str, entity_type: str, load_visible: Callable[..., Any]) -> Router:
    """`GET {path}/{id}/history` for whoever may read the entity (`load_visible`: 404 otherwise), not
    only for the secretariat, which reads the whole log."""
    router = Router(prefix=path, tags=[tag])
    plural = path.rsplit("/", 1)[-1]

    @router.get(
        f"/{{{entity_type}_id}}/history",
        response_model=Page[HistoryEventOut],
        summary=f"The {entity_type}'s history from the audit log, newest first: who changed what, and when",
        operation_id=f"{plural}_history_list",
    )
    def _history(
        entity_id: Annotated[uuid.UUID, Path(alias=f"{entity_type}_id")],
        ctx: Annotated[RequestContext, permit("work.read")],
        page: Annotated[PageParams, Depends(page_params)],
    ) -> Page[HistoryEventOut]:
        load_visible(ctx, entity_id)
        items, cursor = service.history(ctx.session, entity_type, entity_id, page)
        return Page(items=items, next_cursor=cursor)

    return router
