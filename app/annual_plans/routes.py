from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Response

from app.annual_plans import service
from app.annual_plans.schemas import AnnualPlanCreate, AnnualPlanCreated, AnnualPlanOut
from app.context import RequestContext, permit
from app.http import set_etag
from app.pagination import Page, PageParams, page_params
from app.resources import created
from app.routing import Router

PATH = "/api/v1/annual-plans"
router = Router(prefix=PATH, tags=["annual plans"])


@router.post(
    "",
    status_code=201,
    response_model=AnnualPlanCreated,
    summary="Record the annual plan the forum adopted (one per year, by a decision of kind annual_plan)",
)
def adopt_annual_plan(
    data: AnnualPlanCreate, ctx: Annotated[RequestContext, permit("annual_plan.record")], response: Response
) -> AnnualPlanCreated:
    plan, warnings = service.adopt_annual_plan(ctx, data)
    created(response, plan, PATH)
    return AnnualPlanCreated(**AnnualPlanOut.model_validate(plan).model_dump(), warnings=warnings)


@router.get("", response_model=Page[AnnualPlanOut], summary="List annual plans, newest year first")
def list_annual_plans(
    ctx: Annotated[RequestContext, permit("body.read")], page: Annotated[PageParams, Depends(page_params)]
) -> Page[AnnualPlanOut]:
    items, cursor = service.list_annual_plans(ctx, page)
    return Page(items=[AnnualPlanOut.model_validate(p) for p in items], next_cursor=cursor)


@router.get("/{plan_id}", response_model=AnnualPlanOut, summary="One annual plan")
def get_annual_plan(
    plan_id: uuid.UUID, ctx: Annotated[RequestContext, permit("body.read")], response: Response
) -> AnnualPlanOut:
    plan = service.get_annual_plan(ctx, plan_id)
    set_etag(response, plan)
    return AnnualPlanOut.model_validate(plan)
