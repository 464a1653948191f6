from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Body, Depends, Query, Response

from app.audit.routes import history_router
from app.context import RequestContext, permit
from app.documents.schemas import DocumentOut
from app.files.service import StoreDep
from app.governance.transitions import transitions_router
from app.http import IfMatch, set_etag
from app.meetings import agenda, attendance, book, candidates, minutes, service
from app.meetings.schemas import (
    AgendaItemCreate,
    AgendaItemOut,
    AgendaItemRemoval,
    AgendaItemUpdate,
    AgendaItemWritten,
    AgendaRevisionOut,
    AttendanceIn,
    AttendanceOut,
    AttendanceWritten,
    MeetingCreate,
    MeetingOut,
    MeetingSort,
    MeetingStatus,
    MeetingUpdate,
    MeetingWritten,
)
from app.pagination import (
    FreeText,
    FromDay,
    Page,
    PageParams,
    ToDay,
    one_or_more,
    page_params,
    split_values,
)
from app.resources import created
from app.routing import Router

PATH = "/api/v1/meetings"
router = Router(prefix=PATH, tags=["meetings"])
extra_routers = [
    transitions_router(service.MEETINGS),
    history_router(PATH, "meetings", "meeting", agenda.load_meeting),
]


def _written(meeting, warnings) -> MeetingWritten:  # noqa: ANN001
    return MeetingWritten.model_validate({**MeetingOut.model_validate(meeting).model_dump(), "warnings": warnings})


@router.get("", response_model=Page[MeetingOut], summary="List meetings by start time")
def list_meetings(
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
    body_id: uuid.UUID | None = None,
    status: Annotated[str | None, one_or_more(MeetingStatus)] = None,
    q: Annotated[FreeText, Query(description="Free text in the title.")] = None,
    from_: FromDay = None,
    to: ToDay = None,
    sort: Annotated[
        MeetingSort, Query(description="`starts_at` (earliest first) or `-starts_at` (latest first).")
    ] = MeetingSort.starts_at,
) -> Page[MeetingOut]:
    items, cursor = service.list_meetings(ctx, page, body_id, split_values(status), q, from_, to, sort)
    return Page(items=[MeetingOut.model_validate(m) for m in items], next_cursor=cursor)


@router.post(
    "",
    status_code=201,
    response_model=MeetingWritten,
    summary="Plan a meeting of a body; it gets the body's next meeting number",
)
def create_meeting(
    data: MeetingCreate, ctx: Annotated[RequestContext, permit("meeting.run")], response: Response
) -> MeetingWritten:
    meeting, warnings = service.create_meeting(ctx, data)
    created(response, meeting, PATH)
    return _written(meeting, warnings)


@router.get("/{meeting_id}", response_model=MeetingOut, summary="One meeting")
def get_meeting(
    meeting_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], response: Response
) -> MeetingOut:
    meeting = service.get_meeting(ctx, meeting_id)
    set_etag(response, meeting)
    return MeetingOut.model_validate(meeting)


@router.patch(
    "/{meeting_id}",
    response_model=MeetingWritten,
    summary="Reschedule a meeting or attach its minutes document (send If-Match)",
)
def update_meeting(
    meeting_id: uuid.UUID,
    data: MeetingUpdate,
    ctx: Annotated[RequestContext, permit("meeting.run")],
    response: Response,
    if_match: IfMatch = None,
) -> MeetingWritten:
    meeting, warnings = service.update_meeting(ctx, meeting_id, data, if_match)
    set_etag(response, meeting)
    return _written(meeting, warnings)


@router.get("/{meeting_id}/agenda", response_model=Page[AgendaItemOut], summary="The agenda (saksliste) in order")
def list_agenda(meeting_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")]) -> Page[AgendaItemOut]:
    """The whole agenda, in order, in one page (`next_cursor` is always null): a meeting has a
    handful of items, and an agenda read in pieces could be reordered between them."""
    return Page(items=agenda.list_agenda(ctx, meeting_id), next_cursor=None)


@router.get(
    "/{meeting_id}/agenda-candidates",
    response_model=Page[candidates.AgendaCandidate],
    summary="Cases that could go on the agenda, newest first, each with the agenda rules' outcomes",
)
def list_agenda_candidates(
    meeting_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[candidates.AgendaCandidate]:
    """The caller's readable cases that are prepared or on their way (registered, in preparation,
    returned), each `allowed` or not with the rules that decide it and their citations, as
    `GET …/transitions` answers for a transition: an agenda picker shows why before anyone tries."""
    items, cursor = candidates.list_candidates(ctx, meeting_id, page)
    return Page(items=items, next_cursor=cursor)


@router.post(
    "/{meeting_id}/agenda",
    status_code=201,
    response_model=AgendaItemWritten,
    summary="Put a prepared case on the agenda (schedules it); forum agendas are set by the AU or the secretariat",
)
def add_agenda_item(
    meeting_id: uuid.UUID,
    data: AgendaItemCreate,
    ctx: Annotated[RequestContext, permit("agenda.write")],
    response: Response,
) -> AgendaItemWritten:
    """Once the meeting is convened the agenda is public: the addition needs a `reason` and is a
    revision (see `/agenda/revisions`); a case added less than `agenda.late_addition`'s days before
    the meeting is warned of."""
    item, warnings = agenda.add_item(ctx, meeting_id, data)
    created(response, item, f"{PATH}/{meeting_id}/agenda")
    return AgendaItemWritten(**item.model_dump(), warnings=warnings)


@router.get(
    "/{meeting_id}/agenda/revisions",
    response_model=Page[AgendaRevisionOut],
    summary="The changes of the agenda after convening, each with the agenda as it read before it",
)
def list_agenda_revisions(
    meeting_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[AgendaRevisionOut]:
    items, cursor = agenda.list_revisions(ctx, meeting_id, page)
    return Page(items=items, next_cursor=cursor)


# `:uuid`: `…/agenda/revisions` is no item, so a PATCH or DELETE there is a 405, not a 422 about its id.
@router.get("/{meeting_id}/agenda/{item_id:uuid}", response_model=AgendaItemOut, summary="One agenda item")
def get_agenda_item(
    meeting_id: uuid.UUID, item_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], response: Response
) -> AgendaItemOut:
    """What the `Location` of a new agenda item points at."""
    item = agenda.get_item(ctx, meeting_id, item_id)
    set_etag(response, item)
    return item


@router.patch(
    "/{meeting_id}/agenda/{item_id:uuid}",
    response_model=AgendaItemOut,
    summary="Move an agenda item (with a reason once the meeting is convened)",
)
def move_agenda_item(
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    data: AgendaItemUpdate,
    ctx: Annotated[RequestContext, permit("agenda.write")],
    response: Response,
    if_match: IfMatch = None,
) -> AgendaItemOut:
    item = agenda.move_item(ctx, meeting_id, item_id, data, if_match)
    set_etag(response, item)
    return item


@router.delete(
    "/{meeting_id}/agenda/{item_id:uuid}",
    status_code=204,
    summary="Take a case off the agenda (it is prepared again); with a reason once the meeting is convened",
)
def remove_agenda_item(
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("agenda.write")],
    if_match: IfMatch = None,
    data: Annotated[AgendaItemRemoval | None, Body()] = None,
) -> Response:
    agenda.remove_item(ctx, meeting_id, item_id, data or AgendaItemRemoval(), if_match)
    return Response(status_code=204)


@router.get(
    "/{meeting_id}/attendance",
    response_model=AttendanceOut,
    summary="Who attended (members, deputies standing in, the secretariat, guests), apologies, chair and minute-taker",
)
def get_attendance(
    meeting_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], response: Response
) -> AttendanceOut:
    """Empty with `version` 0 until it is first recorded; its ETag is what a `PUT` sends as `If-Match`."""
    out, record = attendance.get_attendance(ctx, meeting_id)
    set_etag(response, record)
    return out


@router.put(
    "/{meeting_id}/attendance",
    response_model=AttendanceWritten,
    summary="Record the meeting's attendance, replacing what was recorded (send If-Match)",
)
def put_attendance(
    meeting_id: uuid.UUID,
    data: AttendanceIn,
    ctx: Annotated[RequestContext, permit("attendance.write")],
    response: Response,
    if_match: IfMatch = None,
) -> AttendanceWritten:
    """After the minutes are approved the attendance is part of the record: it changes only by a
    correction of the minutes document. The quorum rule (`meeting.quorum`) answers in `warnings`."""
    out, record, warnings = attendance.put_attendance(ctx, meeting_id, data, if_match)
    set_etag(response, record)
    return AttendanceWritten.model_validate({**out.model_dump(), "warnings": warnings})


@router.post(
    "/{meeting_id}/minutes/draft",
    status_code=201,
    response_model=DocumentOut,
    summary="Draft the minutes (referat) from the agenda outcomes and decisions, and attach them to the meeting",
)
def draft_minutes(
    meeting_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.write")], response: Response
) -> DocumentOut:
    doc = minutes.draft_minutes(ctx, meeting_id)
    created(response, doc, "/api/v1/documents")
    return DocumentOut.model_validate(doc)


@router.get(
    "/{meeting_id}/moetebok.pdf",
    response_class=Response,
    responses=book.PDF_RESPONSES,
    summary="The meeting book (møtebok) as PDF: front page, agenda, each case with its documents, bookmarks",
)
def get_meeting_book(
    meeting_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], store: StoreDep
) -> Response:
    """Every case document the caller may read, text rendered and PDF files as their own pages, in
    agenda order, with page numbers; once the meeting is convened (409 before). Not cached by others."""
    return book.pdf_response(book.members_pdf(ctx, store, meeting_id, "book"))


@router.get(
    "/{meeting_id}/saksliste.pdf",
    response_class=Response,
    responses=book.PDF_RESPONSES,
    summary="The agenda (saksliste) as PDF, once the meeting is convened",
)
def get_meeting_agenda_pdf(
    meeting_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], store: StoreDep
) -> Response:
    return book.pdf_response(book.members_pdf(ctx, store, meeting_id, "agenda"))


@router.get(
    "/{meeting_id}/referat.pdf",
    response_class=Response,
    responses=book.PDF_RESPONSES,
    summary="The approved minutes (referat) as PDF (409 until they are approved)",
)
def get_meeting_minutes_pdf(
    meeting_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], store: StoreDep
) -> Response:
    return book.pdf_response(book.members_pdf(ctx, store, meeting_id, "minutes"))
