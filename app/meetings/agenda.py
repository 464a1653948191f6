"""The sakliste: ordered agenda items. Placing a case schedules it; removing it unschedules it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bodies.models import Body
from app.bodies.schemas import FORUM
from app.cases.models import Case
from app.context import RequestContext
from app.errors import Conflict, InvalidInput, NotFound
from app.events import emit, subscribe
from app.governance.registry import EntityRef
from app.http import check_if_match
from app.meetings import guards  # noqa: F401  (registers the agenda rules)
from app.meetings.models import AgendaItem, Meeting
from app.meetings.schemas import AgendaItemOut
from app.publication.record import is_published
from app.resources import get_visible

EDITABLE_MEETING_STATES = ("planned", "convened")
OPEN_FORUM_MEETING_STATES = ("planned", "convened")


def open_item_of(session: Session, case_id: uuid.UUID) -> tuple[AgendaItem, Meeting] | None:
    """The agenda item (and its meeting) where the case stands now, with no outcome yet."""
    row = session.execute(
        select(AgendaItem, Meeting)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.case_id == case_id, AgendaItem.outcome.is_(None))
    ).first()
    return (row[0], row[1]) if row else None


def items_of(session: Session, meeting_id: uuid.UUID) -> list[AgendaItem]:
    return list(
        session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position))
    )


def agenda_out(session: Session, items: list[AgendaItem]) -> list[AgendaItemOut]:
    """Items with their cases' numbers and titles, read in one query."""
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_([i.case_id for i in items])))}
    return [
        AgendaItemOut(
            id=i.id,
            meeting_id=i.meeting_id,
            position=i.position,
            case_id=i.case_id,
            case_number=cases[i.case_id].number,
            case_title=cases[i.case_id].title,
            case_kind=cases[i.case_id].kind,
            outcome=i.outcome,
            version=i.version,
        )
        for i in items
    ]


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position


def _item_snapshot(ctx: RequestContext, item: AgendaItem) -> dict[str, Any]:
    return agenda_out(ctx.session, [item])[0].model_dump(mode="json")


def load_meeting(ctx: RequestContext, meeting_id: uuid.UUID, *, lock: bool = False) -> tuple[Meeting, Body]:
    """The meeting and its body, 404 unless the caller may read the body's work. (It lives here, the
    lowest module of the package, so that the service, minutes and decisions can all use it.)"""
    return get_visible(ctx, Meeting, meeting_id, "meeting", Meeting.body_id, "work.read", lock=lock)


def on_published_agenda(session: Session, case_id: uuid.UUID) -> bool:
    """Whether the case stands on an agenda the public can read (a convened meeting's)."""
    open_item = open_item_of(session, case_id)
    return open_item is not None and is_published(session, "agenda", open_item[1].id)


def _published_agenda_unchanged(ctx: RequestContext, meeting: Meeting, item: AgendaItem, change: str) -> None:
    """A convened agenda is on the public record: an item is not moved or taken off it by a plain write."""
    ctx.enforce(
        ["publication.record_immutable"],
        item,
        published=is_published(ctx.session, "agenda", meeting.id),
        entity_type="agenda_item",
        changed=[change],
    )


def _editable_meeting(ctx: RequestContext, meeting_id: uuid.UUID) -> Meeting:
    meeting, body = load_meeting(ctx, meeting_id, lock=True)
    ctx.authorize(body)
    if meeting.status not in EDITABLE_MEETING_STATES:
        raise Conflict(f"meeting {meeting.number} is {meeting.status}; its agenda can no longer change")
    return meeting


def _schedule(ctx: RequestContext, meeting: Meeting, case: Case, position: int | None) -> AgendaItem:
    """Put the case on the agenda (at `position`, default last) and mark it scheduled."""
    items = items_of(ctx.session, meeting.id)
    if position is not None and not 1 <= position <= len(items) + 1:
        raise InvalidInput("position", f"must be between 1 and {len(items) + 1}")
    item = AgendaItem(meeting_id=meeting.id, case_id=case.id, position=0)
    items.insert((position or len(items) + 1) - 1, item)
    _renumber(items)
    ctx.session.add(item)
    case_before = case.status
    case.status = "scheduled"
    ctx.session.flush()
    ctx.audit(
        "schedule", "case", case.id, {"status": case_before}, {"status": case.status, "meeting_id": str(meeting.id)}
    )
    ctx.audit("create", "agenda_item", item.id, None, _item_snapshot(ctx, item))
    emit(ctx, "case.scheduled", case=case, meeting=meeting)
    return item


def add_item(ctx: RequestContext, meeting_id: uuid.UUID, case_id: uuid.UUID, position: int | None) -> AgendaItemOut:
    meeting = _editable_meeting(ctx, meeting_id)
    case = ctx.session.get(Case, case_id, with_for_update=True)
    owner = ctx.session.get(Body, case.owner_body_id) if case is not None else None
    if case is None or not ctx.may(owner, permission="work.read"):
        raise InvalidInput("case_id", f"case {case_id} does not exist")
    # Scheduling a case (and publishing its documents once convened) is work on the case's own body,
    # not only on the meeting's: the AU leader reads a subcommittee's drafts but may not put them out.
    ctx.authorize(owner, permission="work.write")
    ctx.enforce(["agenda.requires_prepared_case", "agenda.set_by_working_committee"], case, meeting=meeting)
    return agenda_out(ctx.session, [_schedule(ctx, meeting, case, position)])[0]


def _item(ctx: RequestContext, meeting: Meeting, item_id: uuid.UUID) -> AgendaItem:
    item = ctx.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(f"agenda item {item_id} is not on meeting {meeting.id}")
    return item


def move_item(
    ctx: RequestContext, meeting_id: uuid.UUID, item_id: uuid.UUID, position: int, if_match: str | None
) -> AgendaItemOut:
    meeting = _editable_meeting(ctx, meeting_id)
    item = _item(ctx, meeting, item_id)
    check_if_match(if_match, item)
    _published_agenda_unchanged(ctx, meeting, item, "position")
    before = _item_snapshot(ctx, item)
    items = [i for i in items_of(ctx.session, meeting.id) if i.id != item.id]
    if not 1 <= position <= len(items) + 1:
        raise InvalidInput("position", f"must be between 1 and {len(items) + 1}")
    items.insert(position - 1, item)
    _renumber(items)
    ctx.session.flush()
    ctx.audit("update", "agenda_item", item.id, before, _item_snapshot(ctx, item))
    return agenda_out(ctx.session, [item])[0]


def unschedule(ctx: RequestContext, item: AgendaItem) -> Case:
    """Take a case off an agenda: it is prepared again and the remaining items close up."""
    case = ctx.session.get_one(Case, item.case_id, with_for_update=True)
    before = _item_snapshot(ctx, item)
    ctx.session.delete(item)
    ctx.session.flush()
    _renumber(items_of(ctx.session, item.meeting_id))
    if case.status == "scheduled":
        case.status = "prepared"
    ctx.session.flush()
    ctx.audit("unschedule", "case", case.id, {"status": "scheduled"}, {"status": case.status})
    ctx.audit("delete", "agenda_item", item.id, before, None)
    return case


def remove_item(ctx: RequestContext, meeting_id: uuid.UUID, item_id: uuid.UUID, if_match: str | None) -> None:
    meeting = _editable_meeting(ctx, meeting_id)
    item = _item(ctx, meeting, item_id)
    check_if_match(if_match, item)
    _published_agenda_unchanged(ctx, meeting, item, "removal")
    case = unschedule(ctx, item)
    case.carry_over = False  # taken off by hand: it waits for the AU, not for the next meeting


def get_item(ctx: RequestContext, meeting_id: uuid.UUID, item_id: uuid.UUID) -> AgendaItemOut:
    meeting, _body = load_meeting(ctx, meeting_id)
    return agenda_out(ctx.session, [_item(ctx, meeting, item_id)])[0]


def list_agenda(ctx: RequestContext, meeting_id: uuid.UUID) -> list[AgendaItemOut]:
    load_meeting(ctx, meeting_id)
    return agenda_out(ctx.session, items_of(ctx.session, meeting_id))


def next_forum_meeting(session: Session) -> Meeting | None:
    """The earliest forum meeting not yet held: where a returned case goes once prepared again."""
    return session.scalar(
        select(Meeting)
        .join(Body, Body.id == Meeting.body_id)
        .where(Body.kind == FORUM, Meeting.status.in_(OPEN_FORUM_MEETING_STATES))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
        .with_for_update(of=Meeting)
    )


def carry_over(ctx: RequestContext, case: Case) -> None:
    """A returned case, prepared again, goes by itself onto the next forum meeting (if one exists yet)."""
    meeting = next_forum_meeting(ctx.session)
    if meeting is not None:
        _schedule(ctx, meeting, case, None)
        _notify_carried_over(ctx, meeting, case)


def _notify_carried_over(ctx: RequestContext, meeting: Meeting, case: Case) -> None:
    ctx.notify(
        "forum.unprepared_case.returned",
        f"case {case.number} was placed on the agenda of forum meeting {meeting.number}",
        EntityRef("case", case.id, case.number),
        EntityRef("meeting", meeting.id, str(meeting.number)),
    )


@subscribe("meeting.created")
def place_carried_over_cases(ctx: RequestContext, meeting: Meeting) -> None:
    """A new forum meeting takes the returned cases that were prepared again while none was planned."""
    body = ctx.session.get_one(Body, meeting.body_id)
    if body.kind != FORUM or meeting.status not in OPEN_FORUM_MEETING_STATES:
        return
    upcoming = next_forum_meeting(ctx.session)
    if upcoming is None or upcoming.id != meeting.id:
        return  # an earlier open meeting already took them
    waiting = ctx.session.scalars(
        select(Case)
        .where(Case.carry_over.is_(True), Case.status == "prepared")
        .order_by(Case.created_at, Case.id)
        .with_for_update()
    )
    for case in waiting:
        _schedule(ctx, meeting, case, None)
        _notify_carried_over(ctx, meeting, case)
