from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response

from app.audit.routes import history_router
from app.context import RequestContext, permit
from app.decisions import service
from app.decisions.schemas import (
    DecisionCreate,
    DecisionKind,
    DecisionOut,
    DecisionUpdate,
    DecisionWritten,
    FollowUpStatus,
)
from app.governance.transitions import transitions_router
from app.http import IfMatch, set_etag
from app.pagination import FromDay, Page, PageParams, ToDay, one_or_more, page_params, split_values
from app.routing import Router
from app.types import Day

PATH = "/api/v1/decisions"
router = Router(prefix=PATH, tags=["decisions"])
meeting_decisions_router = Router(prefix="/api/v1/meetings/{meeting_id}/decisions", tags=["decisions"])
extra_routers = [
    meeting_decisions_router,
    transitions_router(service.DECISIONS),
    history_router(PATH, "decisions", "decision", service.load_decision),
]


def _written(decision, warnings) -> DecisionWritten:  # noqa: ANN001
    return DecisionWritten.model_validate({**DecisionOut.model_validate(decision).model_dump(), "warnings": warnings})


@router.get(
    "",
    response_model=Page[DecisionOut],
    summary="List decisions by date; `follow_up_status=open` is the AU's work list",
)
def list_decisions(
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
    follow_up_status: Annotated[str | None, one_or_more(FollowUpStatus)] = None,
    kind: Annotated[DecisionKind | None, Query()] = None,
    meeting_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    responsible_body_id: uuid.UUID | None = None,
    from_: FromDay = None,
    to: ToDay = None,
    overdue: Annotated[
        bool | None,
        Query(
            description="`true`: only decisions whose follow-up is not done (open or in progress) and was due "
            "before today (Norwegian time); `false`: only the others."
        ),
    ] = None,
    due_before: Annotated[
        Day | None, Query(description="Only decisions whose follow-up is due before this day (not on it).")
    ] = None,
) -> Page[DecisionOut]:
    items, cursor = service.list_decisions(
        ctx,
        page,
        decided=(from_, to),
        overdue=overdue,
        due_before=due_before,
        follow_up_status=split_values(follow_up_status),
        kind=kind,
        meeting_id=meeting_id,
        case_id=case_id,
        responsible_body_id=responsible_body_id,
    )
    return Page(items=[DecisionOut.model_validate(d) for d in items], next_cursor=cursor)


@router.get("/{decision_id}", response_model=DecisionOut, summary="One decision")
def get_decision(
    decision_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], response: Response
) -> DecisionOut:
    decision = service.get_decision(ctx, decision_id)
    set_etag(response, decision)
    return DecisionOut.model_validate(decision)


@router.patch(
    "/{decision_id}",
    response_model=DecisionWritten,
    summary="Change the follow-up note, due date or responsible body (the AU or the secretariat; send If-Match)",
)
def update_decision(
    decision_id: uuid.UUID,
    data: DecisionUpdate,
    ctx: Annotated[RequestContext, permit("decision.follow_up")],
    response: Response,
    if_match: IfMatch = None,
) -> DecisionWritten:
    decision, warnings = service.update_decision(ctx, decision_id, data, if_match)
    set_etag(response, decision)
    return _written(decision, warnings)


@meeting_decisions_router.get("", response_model=Page[DecisionOut], summary="The decisions of a meeting")
def list_meeting_decisions(
    meeting_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[DecisionOut]:
    items, cursor = service.list_meeting_decisions(ctx, meeting_id, page)
    return Page(items=[DecisionOut.model_validate(d) for d in items], next_cursor=cursor)


@meeting_decisions_router.post(
    "",
    status_code=201,
    response_model=DecisionWritten,
    summary="Record a forum decision on a prepared case on the agenda; recorded by the secretariat or an "
    "active AU member, who keep the minutes. Decides the case.",
)
def record_decision(
    meeting_id: uuid.UUID,
    data: DecisionCreate,
    ctx: Annotated[RequestContext, permit("decision.record")],
    response: Response,
) -> DecisionWritten:
    decision, warnings = service.record_decision(ctx, meeting_id, data)
    response.status_code = 201
    response.headers["Location"] = f"{PATH}/{decision.id}"
    set_etag(response, decision)
    return _written(decision, warnings)
