"""Meetings of every body: numbered per body, convened with an agenda, held, minutes approved."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from app.bodies.models import Body
from app.context import RequestContext
from app.documents.models import Document
from app.errors import Conflict, InvalidInput
from app.events import emit
from app.governance.transitions import StatefulResource, TransitionRequest
from app.http import check_if_match
from app.meetings import agenda
from app.meetings.arenas import authorize_meeting
from app.meetings.guards import dissolve_project_board
from app.meetings.models import Meeting
from app.meetings.schemas import (
    MeetingCreate,
    MeetingOut,
    MeetingUpdate,
    MeetingWritten,
)
from app.pagination import PageParams, paginate, where_equal
from app.resources import apply_changes, audited_update, create_audited, get_or_404
from app.sequences.service import next_number

FINAL_STATES = ("minutes_approved", "cancelled")
SCHEDULING_RULES = ["project_board.dissolves_at_first_forum_meeting", "project_board.meeting_interval"]


def list_meetings(
    ctx: RequestContext, page: PageParams, body_id: uuid.UUID | None, status: str | None
) -> tuple[list[Meeting], str | None]:
    stmt = where_equal(select(Meeting), {Meeting.body_id: body_id, Meeting.status: status})
    return paginate(ctx.session, stmt, Meeting.starts_at, Meeting.id, page)


def get_meeting(ctx: RequestContext, meeting_id: uuid.UUID) -> Meeting:
    return get_or_404(ctx.session, Meeting, meeting_id, "meeting")


def create_meeting(ctx: RequestContext, data: MeetingCreate) -> tuple[Meeting, list[dict[str, Any]]]:
    body = ctx.session.get(Body, data.body_id, with_for_update=True)
    if body is None:
        raise InvalidInput("body_id", f"body {data.body_id} does not exist")
    meeting = Meeting(**data.model_dump(), status="planned")
    authorize_meeting(ctx.session, ctx.principal, ctx.now, meeting, "plan its meetings")
    warnings = ctx.enforce(SCHEDULING_RULES, meeting, body=body)
    if body.status == "dissolved":
        raise Conflict(f"{body.name} is dissolved and holds no more meetings")
    meeting.number = next_number(ctx.session, f"meeting:{body.id}")
    create_audited(ctx, meeting, MeetingOut, "meeting")
    emit(ctx, "meeting.created", meeting=meeting)
    return meeting, warnings + ctx.notices


def update_meeting(
    ctx: RequestContext, meeting_id: uuid.UUID, data: MeetingUpdate, if_match: str | None
) -> tuple[Meeting, list[dict[str, Any]]]:
    meeting = get_or_404(ctx.session, Meeting, meeting_id, "meeting", lock=True)
    check_if_match(if_match, meeting)
    authorize_meeting(ctx.session, ctx.principal, ctx.now, meeting, "change its meetings")
    if meeting.status in FINAL_STATES:
        raise Conflict(f"meeting {meeting.number} is {meeting.status} and can no longer change")
    changes = data.model_dump(exclude_unset=True)
    doc_id = changes.get("minutes_document_id")
    if doc_id is not None:
        doc = ctx.session.get(Document, doc_id)
        if doc is None or doc.kind != "minutes":
            raise InvalidInput("minutes_document_id", "must be an existing document of kind minutes")
    warnings: list[dict[str, Any]] = []
    with audited_update(ctx, meeting, MeetingOut, "meeting"):
        apply_changes(meeting, changes)
        if meeting.ends_at is not None and meeting.ends_at <= meeting.starts_at:
            raise InvalidInput("ends_at", "must be after starts_at")
        if "starts_at" in changes:
            warnings = ctx.enforce(["project_board.meeting_interval"], meeting, body=ctx.session.get(Body, meeting.body_id))
    return meeting, warnings


# -- lifecycle --------------------------------------------------------------------------------


def _authorize(ctx: RequestContext, meeting: Meeting, name: str) -> None:
    authorize_meeting(ctx.session, ctx.principal, ctx.now, meeting, f"{name} its meetings")


def _convened(ctx: RequestContext, meeting: Meeting, _req: TransitionRequest) -> None:
    meeting.convened_at = ctx.now
    emit(ctx, "meeting.convened", meeting=meeting)


def _held(ctx: RequestContext, meeting: Meeting, _req: TransitionRequest) -> None:
    meeting.held_at = ctx.now
    dissolve_project_board(ctx, meeting)
    emit(ctx, "meeting.held", meeting=meeting)


def _minutes_approved(ctx: RequestContext, meeting: Meeting, _req: TransitionRequest) -> None:
    meeting.minutes_approved_at = ctx.now
    emit(ctx, "meeting.minutes_approved", meeting=meeting)


def _cancelled(ctx: RequestContext, meeting: Meeting, _req: TransitionRequest) -> None:
    """A cancelled meeting releases its cases: they are prepared again, ready for another agenda;
    a returned case carried over to it goes on to the next forum meeting."""
    for item in agenda.items_of(ctx.session, meeting.id):
        case = agenda.unschedule(ctx, item)
        if case.carry_over:
            agenda.carry_over(ctx, case)


MEETINGS = StatefulResource(
    entity_type="meeting",
    path="/api/v1/meetings",
    tag="meetings",
    model=Meeting,
    schema=MeetingOut,
    authorize=_authorize,
    effects={
        "convene": _convened,
        "close": _held,
        "approve_minutes": _minutes_approved,
        "cancel": _cancelled,
    },
    response_model=MeetingWritten,
)
