"""Meetings of every body: numbered per body, convened with an agenda, held, minutes approved."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.bodies.models import Body
from app.context import RequestContext
from app.documents.service import take_document
from app.errors import Conflict, InvalidInput
from app.events import emit
from app.governance.transitions import StatefulResource, TransitionRequest
from app.http import check_if_match
from app.meetings import agenda, attendance
from app.meetings.guards import dissolve_project_board
from app.meetings.models import Meeting
from app.meetings.schemas import MEETING_ACTIONS, MeetingCreate, MeetingRecord, MeetingUpdate, MeetingWritten
from app.pagination import PageParams, paginate, where_between, where_contains, where_equal
from app.resources import (
    View,
    apply_changes,
    audited_update,
    changed_fields,
    create_audited,
)
from app.sequences.service import next_number

VIEW = View(MEETING_ACTIONS, "meeting")
SCHEDULING_RULES = ["project_board.dissolves_at_first_forum_meeting", "project_board.meeting_interval"]


def list_meetings(
    ctx: RequestContext,
    page: PageParams,
    body_id: uuid.UUID | None,
    status: list[str] | None,
    q: str | None = None,
    first: date | None = None,
    last: date | None = None,
    sort: str = "starts_at",
) -> tuple[list[Meeting], str | None]:
    stmt = where_equal(
        select(Meeting).options(joinedload(Meeting.body)), {Meeting.body_id: body_id, Meeting.status: status}
    )
    stmt = ctx.scope(
        where_between(where_contains(stmt, q, Meeting.title), Meeting.starts_at, first, last), Meeting.body_id
    )
    latest_first = sort == "-starts_at"
    meetings, cursor = paginate(
        ctx.session, stmt, Meeting.starts_at, Meeting.id, page, latest_first, sort=sort if latest_first else None
    )
    return [VIEW.present(ctx, m, m.body) for m in meetings], cursor


def get_meeting(ctx: RequestContext, meeting_id: uuid.UUID) -> Meeting:
    return VIEW.present(ctx, *agenda.load_meeting(ctx, meeting_id))


def create_meeting(ctx: RequestContext, data: MeetingCreate) -> tuple[Meeting, list[dict[str, Any]]]:
    body = ctx.session.get(Body, data.body_id, with_for_update=True)
    if body is None:
        raise InvalidInput("body_id", f"body {data.body_id} does not exist")
    ctx.authorize(body)
    meeting = Meeting(**data.model_dump(), status="planned")
    warnings = ctx.enforce(SCHEDULING_RULES, meeting, body=body)  # the board's own rule first
    ctx.enforce(["body.dissolved_takes_no_new_work"], body=body)
    meeting.number = next_number(ctx.session, f"meeting:{body.id}")
    create_audited(ctx, meeting, MeetingRecord, "meeting")
    emit(ctx, "meeting.created", meeting=meeting)
    return VIEW.present(ctx, meeting, body), warnings + ctx.notices


def update_meeting(
    ctx: RequestContext, meeting_id: uuid.UUID, data: MeetingUpdate, if_match: str | None
) -> tuple[Meeting, list[dict[str, Any]]]:
    meeting, body = agenda.load_meeting(ctx, meeting_id, lock=True)
    check_if_match(if_match, meeting)
    ctx.authorize(body)
    changes = data.model_dump(exclude_unset=True)
    if meeting.status == "cancelled":
        raise Conflict(f"meeting {meeting.number} is cancelled and can no longer change")
    ctx.enforce(
        ["publication.record_immutable"],
        meeting,
        published=meeting.status == "minutes_approved",
        entity_type="meeting",
        changed=changed_fields(meeting, changes),
    )
    doc_id = changes.get("minutes_document_id")
    if doc_id is not None and doc_id != meeting.minutes_document_id:
        doc = take_document(ctx, doc_id, body, "minutes_document_id")
        if doc.kind != "minutes":
            raise InvalidInput("minutes_document_id", "must be a document of kind minutes")
    warnings: list[dict[str, Any]] = []
    moved = {"starts_at", "ends_at", "location"} & set(changed_fields(meeting, changes))
    with audited_update(ctx, meeting, MeetingRecord, "meeting"):
        apply_changes(meeting, changes)
        if meeting.ends_at is not None and meeting.ends_at <= meeting.starts_at:
            raise InvalidInput("ends_at", "must be after starts_at")
        if "starts_at" in changes:
            warnings = ctx.enforce(["project_board.meeting_interval"], meeting, body=body)
    if moved:
        emit(ctx, "meeting.rescheduled", meeting=meeting)
    return VIEW.present(ctx, meeting, body), warnings


# -- lifecycle --------------------------------------------------------------------------------


def _convened(ctx: RequestContext, meeting: Meeting, _req: TransitionRequest) -> None:
    meeting.convened_at = ctx.now
    emit(ctx, "meeting.convened", meeting=meeting)


def _started(ctx: RequestContext, meeting: Meeting, _req: TransitionRequest) -> None:
    meeting.started_at = ctx.now
    emit(ctx, "meeting.started", meeting=meeting)


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
    emit(ctx, "meeting.cancelled", meeting=meeting)


MEETINGS = StatefulResource(
    entity_type="meeting",
    path="/api/v1/meetings",
    tag="meetings",
    schema=MeetingRecord,
    view=VIEW,
    load_visible=attendance.load_meeting_acting,
    permission="meeting.run",
    read_permission="work.read",
    effects={
        "convene": _convened,
        "start": _started,
        "close": _held,
        "approve_minutes": _minutes_approved,
        "cancel": _cancelled,
    },
    response_model=MeetingWritten,
)
