"""A draft of the minutes (referat) from what the meeting did with each agenda item.

The secretariat edits the draft like any document and approves it with the meeting's
`approve_minutes` transition; only what may become public goes into it (a return reason
only when it was marked public).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.bodies.models import Body
from app.cases.models import Case
from app.context import RequestContext
from app.decisions.models import Decision
from app.documents.models import Document
from app.documents.schemas import DocumentRecord
from app.documents.service import VIEW as DOCUMENT_VIEW
from app.documents.service import add_version
from app.errors import Conflict
from app.meetings.agenda import items_of
from app.meetings.attendance import attendance_of, load_meeting_acting
from app.meetings.models import AgendaItem, Meeting
from app.meetings.schemas import AttendanceOut, AttendeeOut, MeetingRecord
from app.norwegian import OUTCOME_LABELS, oslo_span
from app.resources import audited_update, create_audited

DRAFTABLE_STATES = ("in_session", "held")


def _item_text(item: AgendaItem, case: Case, decision: Decision | None) -> str:
    if decision is not None:
        return f"**Vedtak:** {decision.text}"
    if item.outcome == "returned" and case.return_reason_public and case.return_reason:
        return f"{OUTCOME_LABELS['returned']}. Begrunnelse: {case.return_reason}"
    return OUTCOME_LABELS.get(item.outcome or "", "Ikke behandlet") + "."


def attendee_text(a: AttendeeOut) -> str:
    """«Kari Nordmann (Helsetilsynet), stedfortreder for Ola Nordmann»: names and organizations only."""
    text = f"{a.person_name} ({a.organization_name})" if a.organization_name else a.person_name
    return f"{text}, stedfortreder for {a.standing_in_for_person_name}" if a.standing_in_for_person_name else text


def _name_of(attendance: AttendanceOut, person_id: uuid.UUID | None) -> str:
    return next((a.person_name for a in attendance.present if a.person_id == person_id), "ikke ført")


def attendance_lines(attendance: AttendanceOut) -> list[str]:
    if attendance.version == 0:
        return ["**Til stede:** ikke ført"]
    return [
        f"**Møteleder:** {_name_of(attendance, attendance.chair_person_id)}  ",
        f"**Referent:** {_name_of(attendance, attendance.minutes_taker_person_id)}  ",
        f"**Til stede:** {'; '.join(attendee_text(a) for a in attendance.present) or 'ingen ført'}  ",
        f"**Forfall:** {'; '.join(attendee_text(a) for a in attendance.apologies) or 'ingen'}",
    ]


def render_minutes(
    body: Body, meeting: Meeting, attendance: AttendanceOut, rows: list[tuple[AgendaItem, Case, Decision | None]]
) -> str:
    lines = [
        f"# Referat fra {body.name}, møte {meeting.number}",
        "",
        f"**Tid:** {oslo_span(meeting.starts_at, meeting.ends_at)}  ",
        f"**Sted:** {meeting.location or 'ikke oppgitt'}  ",
        *attendance_lines(attendance),
    ]
    for item, case, decision in rows:
        lines += ["", f"## Sak {case.number} {case.title}", "", _item_text(item, case, decision)]
    return "\n".join(lines) + "\n"


def draft_minutes(ctx: RequestContext, meeting_id: uuid.UUID) -> Document:
    """Write the minutes draft and make it the meeting's minutes document."""
    meeting, body = load_meeting_acting(ctx, meeting_id, lock=True)
    ctx.authorize(body)
    if meeting.status not in DRAFTABLE_STATES:
        raise Conflict(f"meeting {meeting.number} is {meeting.status}; minutes are drafted in session or once held")
    if meeting.minutes_document_id is not None:
        raise Conflict(f"meeting {meeting.number} already has a minutes document ({meeting.minutes_document_id})")
    items = items_of(ctx.session, meeting.id)
    case_ids = [i.case_id for i in items]
    cases = {c.id: c for c in ctx.session.scalars(select(Case).where(Case.id.in_(case_ids)))}
    decisions = {
        d.case_id: d
        for d in ctx.session.scalars(
            select(Decision).where(Decision.meeting_id == meeting.id, Decision.case_id.in_(case_ids))
        )
    }
    rows = [(i, cases[i.case_id], decisions.get(i.case_id)) for i in items]
    doc = Document(
        kind="minutes",
        owner_body_id=meeting.body_id,
        title=f"Referat fra {body.name}, møte {meeting.number}",
        body=render_minutes(body, meeting, attendance_of(ctx.session, meeting.id)[0], rows),
        public=True,
        title_public=True,
    )
    create_audited(ctx, doc, DocumentRecord, "document")
    add_version(ctx, doc)  # version 1, as every document has, so a later correction is version 2
    with audited_update(ctx, meeting, MeetingRecord, "meeting"):
        meeting.minutes_document_id = doc.id
    return DOCUMENT_VIEW.present(ctx, doc, body)
