from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends, Query, Response

from app.context import RequestContext, permit
from app.db import rehearses_write
from app.governance.schemas import DryRun
from app.http import IfMatch, set_etag
from app.memberships import service
from app.memberships.models import Membership
from app.memberships.schemas import (
    MembershipCreate,
    MembershipOut,
    MembershipRole,
    MembershipUpdate,
    MembershipWritten,
)
from app.pagination import Page, PageParams, page_params
from app.resources import created
from app.routing import Router
from app.types import Day

PATH = "/api/v1/memberships"
router = Router(prefix="/api/v1", tags=["memberships"])

WHO_MAY_WRITE = (
    "Allowed for the secretariat, and for an active member of the AU when the body is the AU or one of "
    "its subcommittees; the forum and the project board are composed by the secretariat alone."
)


DRY_RUN = "Judge the membership rules on the change and make none: the answer is a `DryRun`, not the membership."


def _written(membership: Membership, warnings: list[dict[str, Any]]) -> MembershipWritten:
    return MembershipWritten(**MembershipOut.model_validate(membership).model_dump(), warnings=warnings)


@router.get(
    "/bodies/{body_id}/memberships",
    response_model=Page[MembershipOut],
    summary="List a body's memberships by start date",
)
def list_memberships(
    body_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("membership.read")],
    page: Annotated[PageParams, Depends(page_params)],
    role: MembershipRole | None = None,
    person_id: uuid.UUID | None = None,
    active_on: Annotated[Day | None, Query(description="Only memberships running on this day.")] = None,
) -> Page[MembershipOut]:
    items, cursor = service.list_memberships(ctx, body_id, page, role, person_id, active_on)
    return Page(items=[MembershipOut.model_validate(m) for m in items], next_cursor=cursor)


@router.get(
    "/persons/{person_id}/memberships",
    response_model=Page[MembershipOut],
    summary="List a person's memberships in every body, by start date",
)
def list_person_memberships(
    person_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("membership.read")],
    page: Annotated[PageParams, Depends(page_params)],
    active_on: Annotated[Day | None, Query(description="Only memberships running on this day.")] = None,
) -> Page[MembershipOut]:
    items, cursor = service.list_person_memberships(ctx, person_id, page, active_on)
    return Page(items=[MembershipOut.model_validate(m) for m in items], next_cursor=cursor)


@router.post(
    "/bodies/{body_id}/memberships",
    status_code=201,
    response_model=MembershipWritten | DryRun,
    summary="Give a person a seat in a body (secretariat; AU members for the AU and its subcommittees), "
    "or judge it with dry_run=true",
    description=WHO_MAY_WRITE,
    responses={200: {"description": "With `dry_run=true`: what the rules say, nothing added.", "model": DryRun}},
)
@rehearses_write
def add_membership(
    body_id: uuid.UUID,
    data: MembershipCreate,
    ctx: Annotated[RequestContext, permit("membership.manage")],
    response: Response,
    dry_run: Annotated[bool, Query(description=DRY_RUN)] = False,
) -> MembershipWritten | DryRun:
    membership, result = service.add_membership(ctx, body_id, data, dry_run)
    if isinstance(result, DryRun):
        response.status_code = 200
        return result
    created(response, membership, PATH)
    return _written(membership, result)


@router.get("/memberships/{membership_id}", response_model=MembershipOut, summary="One membership")
def get_membership(
    membership_id: uuid.UUID, ctx: Annotated[RequestContext, permit("membership.read")], response: Response
) -> MembershipOut:
    membership = service.get_membership(ctx, membership_id)
    set_etag(response, membership)
    return MembershipOut.model_validate(membership)


@router.patch(
    "/memberships/{membership_id}",
    response_model=MembershipWritten | DryRun,
    summary="Change or end a membership (send end_date to end it; secretariat, AU members for the AU "
    "and its subcommittees; send If-Match), or judge the change with dry_run=true",
    description=WHO_MAY_WRITE,
)
@rehearses_write
def update_membership(
    membership_id: uuid.UUID,
    data: MembershipUpdate,
    ctx: Annotated[RequestContext, permit("membership.manage")],
    response: Response,
    if_match: IfMatch = None,
    dry_run: Annotated[bool, Query(description=DRY_RUN)] = False,
) -> MembershipWritten | DryRun:
    membership, result = service.update_membership(ctx, membership_id, data, if_match, dry_run)
    if isinstance(result, DryRun):
        return result
    set_etag(response, membership)
    return _written(membership, result)
