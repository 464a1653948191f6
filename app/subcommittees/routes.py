from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response

from app.context import RequestContext, permit
from app.http import set_etag
from app.pagination import Page, PageParams, page_params
from app.resources import created
from app.routing import Router
from app.subcommittees import service
from app.subcommittees.schemas import (
    DeliveryCreate,
    DeliveryCreated,
    DeliveryOut,
    SubcommitteeCreate,
    SubcommitteeCreated,
    SubcommitteeOut,
    SubcommitteeSort,
    SubcommitteeStatus,
)
from app.types import Day

PATH = "/api/v1/subcommittees"
router = Router(prefix=PATH, tags=["subcommittees"])


@router.post(
    "",
    status_code=201,
    response_model=SubcommitteeCreated,
    summary="Set up a subcommittee under the AU on a forum decision, with its chair and members",
)
def establish_subcommittee(
    data: SubcommitteeCreate, ctx: Annotated[RequestContext, permit("subcommittee.establish")], response: Response
) -> SubcommitteeCreated:
    body, out, warnings = service.establish_subcommittee(ctx, data)
    created(response, body, PATH)
    return SubcommitteeCreated(**out.model_dump(), warnings=warnings)


@router.get(
    "",
    response_model=Page[SubcommitteeOut],
    summary="List subcommittees with members and deliveries, by name or by deadline",
)
def list_subcommittees(
    ctx: Annotated[RequestContext, permit("body.read")],
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[SubcommitteeStatus | None, Query(description="Only subcommittees in this state.")] = None,
    deadline_after: Annotated[Day | None, Query(description="Only those whose deadline is after this day.")] = None,
    deadline_before: Annotated[
        Day | None, Query(description="Only those whose deadline is before this day (not on it).")
    ] = None,
    sort: Annotated[
        SubcommitteeSort,
        Query(description="`name`, `deadline` (the first due first), `-deadline` (the last due first)."),
    ] = SubcommitteeSort.name,
) -> Page[SubcommitteeOut]:
    items, cursor = service.list_subcommittees(ctx, page, status, deadline_after, deadline_before, sort)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/{subcommittee_id}", response_model=SubcommitteeOut, summary="One subcommittee with members and deliveries"
)
def get_subcommittee(
    subcommittee_id: uuid.UUID, ctx: Annotated[RequestContext, permit("body.read")], response: Response
) -> SubcommitteeOut:
    body, out = service.get_subcommittee(ctx, subcommittee_id)
    set_etag(response, body)
    return out


@router.post(
    "/{subcommittee_id}/deliveries",
    status_code=201,
    response_model=DeliveryCreated,
    summary="Register a delivery to the AU; the first one moves the subcommittee to delivered",
)
def receive_delivery(
    subcommittee_id: uuid.UUID,
    data: DeliveryCreate,
    ctx: Annotated[RequestContext, permit("delivery.register")],
    response: Response,
) -> DeliveryCreated:
    delivery, warnings = service.receive_delivery(ctx, subcommittee_id, data)
    created(response, delivery, f"{PATH}/{subcommittee_id}/deliveries")
    return DeliveryCreated(**DeliveryOut.model_validate(delivery).model_dump(), warnings=warnings)


@router.get(
    "/{subcommittee_id}/deliveries",
    response_model=Page[DeliveryOut],
    summary="The subcommittee's deliveries, oldest first",
)
def list_deliveries(
    subcommittee_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("body.read")],
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[DeliveryOut]:
    items, cursor = service.list_deliveries(ctx, subcommittee_id, page)
    return Page(items=[DeliveryOut.model_validate(d) for d in items], next_cursor=cursor)


@router.get("/{subcommittee_id}/deliveries/{delivery_id}", response_model=DeliveryOut, summary="One delivery")
def get_delivery(
    subcommittee_id: uuid.UUID,
    delivery_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("body.read")],
    response: Response,
) -> DeliveryOut:
    delivery = service.get_delivery(ctx, subcommittee_id, delivery_id)
    set_etag(response, delivery)
    return DeliveryOut.model_validate(delivery)
