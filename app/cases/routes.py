from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response

from app.audit.routes import history_router
from app.cases import service
from app.cases.schemas import (
    CaseCreate,
    CaseKind,
    CaseOut,
    CaseSort,
    CaseStatus,
    CaseUpdate,
    CaseWritten,
)
from app.context import RequestContext, permit
from app.governance.transitions import transitions_router
from app.http import IfMatch, set_etag
from app.pagination import FreeText, Page, PageParams, one_or_more, page_params, split_values
from app.resources import created
from app.routing import Router

PATH = "/api/v1/cases"
router = Router(prefix=PATH, tags=["cases"])
extra_routers = [transitions_router(service.CASES), history_router(PATH, "cases", "case", service.load_case)]


@router.get("", response_model=Page[CaseOut], summary="List cases (oldest first unless sorted otherwise)")
def list_cases(
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[str | None, one_or_more(CaseStatus)] = None,
    kind: Annotated[CaseKind | None, Query()] = None,
    owner_body_id: uuid.UUID | None = None,
    q: Annotated[FreeText, Query(description="Free text in the title, or a case number (`3/2024`).")] = None,
    sort: Annotated[
        CaseSort,
        Query(description="`created_at` (oldest first), `-created_at` (newest first), `number`, `-number`."),
    ] = CaseSort.created_at,
) -> Page[CaseOut]:
    items, cursor = service.list_cases(ctx, page, split_values(status), kind, owner_body_id, q, sort)
    return Page(items=[CaseOut.model_validate(c) for c in items], next_cursor=cursor)


@router.post(
    "",
    status_code=201,
    response_model=CaseWritten,
    summary="Register a case; it gets the owning body's next number for the year (secretariat or body member)",
)
def register_case(
    data: CaseCreate, ctx: Annotated[RequestContext, permit("work.write")], response: Response
) -> CaseWritten:
    case = service.register_case(ctx, data)
    created(response, case, PATH)
    return CaseWritten.model_validate(case)


@router.get("/{case_id}", response_model=CaseOut, summary="One case")
def get_case(case_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], response: Response) -> CaseOut:
    case = service.get_case(ctx, case_id)
    set_etag(response, case)
    return CaseOut.model_validate(case)


@router.patch("/{case_id}", response_model=CaseWritten, summary="Change an open case (send If-Match)")
def update_case(
    case_id: uuid.UUID,
    data: CaseUpdate,
    ctx: Annotated[RequestContext, permit("work.write")],
    response: Response,
    if_match: IfMatch = None,
) -> CaseWritten:
    case, warnings = service.update_case(ctx, case_id, data, if_match)
    set_etag(response, case)
    return CaseWritten.model_validate({**CaseOut.model_validate(case).model_dump(), "warnings": warnings})
