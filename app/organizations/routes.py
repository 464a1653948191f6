from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response

from app.context import RequestContext, permit
from app.http import IfMatch, set_etag
from app.organizations import service
from app.organizations.schemas import (
    OrganizationCreate,
    OrganizationOut,
    OrganizationUpdate,
    OrganizationWritten,
)
from app.pagination import Page, PageParams, page_params
from app.resources import created
from app.routing import Router
from app.types import Text

PATH = "/api/v1/organizations"
router = Router(prefix=PATH, tags=["organizations"])


@router.get("", response_model=Page[OrganizationOut], summary="List organizations by name")
def list_organizations(
    ctx: Annotated[RequestContext, permit("organization.read")],
    page: Annotated[PageParams, Depends(page_params)],
    central_health_administration: bool | None = None,
    collaboration_actor: bool | None = None,
    stakeholder: bool | None = None,
    q: Annotated[Text | None, Query(max_length=200, description="Part of the name or short name.")] = None,
) -> Page[OrganizationOut]:
    items, cursor = service.list_organizations(
        ctx, page, central_health_administration, collaboration_actor, stakeholder, q
    )
    return Page(items=[OrganizationOut.model_validate(o) for o in items], next_cursor=cursor)


@router.post(
    "",
    status_code=201,
    response_model=OrganizationWritten,
    summary="Register an organization (secretariat only)",
)
def register_organization(
    data: OrganizationCreate, ctx: Annotated[RequestContext, permit("organization.write")], response: Response
) -> OrganizationWritten:
    org = service.register_organization(ctx, data)
    created(response, org, PATH)
    return OrganizationWritten.model_validate(org)


@router.get("/{organization_id}", response_model=OrganizationOut, summary="One organization")
def get_organization(
    organization_id: uuid.UUID, ctx: Annotated[RequestContext, permit("organization.read")], response: Response
) -> OrganizationOut:
    org = service.get_organization(ctx, organization_id)
    set_etag(response, org)
    return OrganizationOut.model_validate(org)


@router.patch(
    "/{organization_id}",
    response_model=OrganizationWritten,
    summary="Change an organization (secretariat only; send If-Match)",
)
def update_organization(
    organization_id: uuid.UUID,
    data: OrganizationUpdate,
    ctx: Annotated[RequestContext, permit("organization.write")],
    response: Response,
    if_match: IfMatch = None,
) -> OrganizationWritten:
    org = service.update_organization(ctx, organization_id, data, if_match)
    set_etag(response, org)
    return OrganizationWritten.model_validate(org)
