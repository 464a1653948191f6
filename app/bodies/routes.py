from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Response

from app.bodies import service
from app.bodies.schemas import BodyKind, BodyOut, BodyStatus, BodyUpdate, BodyWritten
from app.context import RequestContext, permit
from app.governance.transitions import transitions_router
from app.http import IfMatch, set_etag
from app.pagination import Page, PageParams, page_params
from app.routing import Router

router = Router(prefix=service.PATH, tags=["bodies"])


@router.get("", response_model=Page[BodyOut], summary="List bodies by name")
def list_bodies(
    ctx: Annotated[RequestContext, permit("body.read")],
    page: Annotated[PageParams, Depends(page_params)],
    kind: BodyKind | None = None,
    status: BodyStatus | None = None,
    parent_body_id: uuid.UUID | None = None,
) -> Page[BodyOut]:
    items, cursor = service.list_bodies(ctx, page, kind, status, parent_body_id)
    return Page(items=[BodyOut.model_validate(b) for b in items], next_cursor=cursor)


@router.get("/{body_id}", response_model=BodyOut, summary="One body")
def get_body(body_id: uuid.UUID, ctx: Annotated[RequestContext, permit("body.read")], response: Response) -> BodyOut:
    body = service.get_body(ctx, body_id)
    set_etag(response, body)
    return BodyOut.model_validate(body)


@router.patch(
    "/{body_id}",
    response_model=BodyWritten,
    summary="Change a body's name, mandate, deadline or support "
    "(the secretariat, an active member, or for a subcommittee an AU member; send If-Match)",
)
def update_body(
    body_id: uuid.UUID,
    data: BodyUpdate,
    ctx: Annotated[RequestContext, permit("body.manage")],
    response: Response,
    if_match: IfMatch = None,
) -> BodyWritten:
    body = service.update_body(ctx, body_id, data, if_match)
    set_etag(response, body)
    return BodyWritten.model_validate(body)


# Dissolving: the secretariat, or an AU member for a subcommittee; only temporary bodies (a rule).
extra_routers = [transitions_router(service.body_lifecycle)]
