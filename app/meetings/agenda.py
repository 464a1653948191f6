"""The saksliste: ordered agenda items. Placing a case schedules it; removing it unschedules it.

Once the meeting is convened its agenda is public: from then until the meeting starts, adding, moving
or removing an item is a revision (with a reason, kept with the agenda as it read before it, marked in
public, in the feed and sent to webhook subscribers). Once the meeting has started the agenda is what
the meeting works through: what becomes of each case is its outcome (withdrawn, returned …)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
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
from app.meetings.models import AgendaItem, AgendaRevision, Meeting
from app.meetings.revisions import revision_out
from app.meetings.schemas import (
    AgendaItemCreate,
    AgendaItemOut,
    AgendaItemUpdate,
    AgendaRevisionOut,
    RevisionReason,
)
from app.pagination import PageParams, paginate
from app.publication.record import is_published
from app.resources import get_visible

EDITABLE_MEETING_STATES = ("planned", "convened")
OPEN_FORUM_MEETING_STATES = ("planned", "convened")
ADDITION_RULES = ["agenda.requires_prepared_case", "agenda.set_by_working_committee", "agenda.late_addition"]
# Why a returned case, prepared again, joined a convened agenda by itself (the source text's rule).
CARRIED_OVER_REASON = (
    "Saken ble sendt tilbake til Arbeidsutvalget og er forberedt på nytt; den legges fram på neste møte."
)


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


def _published_agenda(ctx: RequestContext, meeting: Meeting) -> list[dict[str, Any]] | None:
    """The agenda as it reads now, when it is public (the meeting is convened): a change of it is then a
    revision that keeps it. None while it is a draft."""
    if not is_published(ctx.session, "agenda", meeting.id):
        return None
    return [i.model_dump(mode="json") for i in agenda_out(ctx.session, items_of(ctx.session, meeting.id))]


def _revising(ctx: RequestContext, meeting: Meeting, data: RevisionReason) -> list[dict[str, Any]] | None:
    """`_published_agenda`, refused without a reason once it is public."""
    previous = _published_agenda(ctx, meeting)
    if previous is not None:
        ctx.enforce(["agenda.revision_requires_reason"], meeting, reason=data.reason)
    return previous


def _record_revision(
    ctx: RequestContext,
    meeting: Meeting,
    previous: list[dict[str, Any]],
    change: str,
    case: Case,
    positions: tuple[int | None, int | None],
    reason: str,
    reason_public: bool,
) -> None:
    """Keep the earlier agenda with the change; the meeting's row lock numbers the revisions."""
    last = ctx.session.scalar(select(func.max(AgendaRevision.number)).where(AgendaRevision.meeting_id == meeting.id))
    revision = AgendaRevision(
        id=uuid.uuid4(),
        meeting_id=meeting.id,
        number=(last or 0) + 1,
        at=ctx.now,
        actor=ctx.principal.actor,
        change=change,
        case_id=case.id,
        case_number=case.number,
        position_before=positions[0],
        position_after=positions[1],
        reason=reason,
        reason_public=reason_public,
        previous_agenda=previous,
    )
    ctx.session.add(revision)
    ctx.session.flush()
    summary = revision_out(revision).model_dump(mode="json", exclude={"previous_agenda"})
    ctx.audit("revise_agenda", "meeting", meeting.id, None, summary)
    emit(ctx, "agenda.revised", revision=revision, meeting=meeting)


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


def add_item(
    ctx: RequestContext, meeting_id: uuid.UUID, data: AgendaItemCreate
) -> tuple[AgendaItemOut, list[dict[str, Any]]]:
    meeting = _editable_meeting(ctx, meeting_id)
    case = ctx.session.get(Case, data.case_id, with_for_update=True)
    owner = ctx.session.get(Body, case.owner_body_id) if case is not None else None
    if case is None or not ctx.may(owner, permission="work.read"):
        raise InvalidInput("case_id", f"case {data.case_id} does not exist")
    # Scheduling a case (and publishing its documents once convened) is work on the case's own body,
    # not only on the meeting's: the AU leader reads a subcommittee's drafts but may not put them out.
    ctx.authorize(owner, permission="work.write")
    warnings = ctx.enforce(ADDITION_RULES, case, meeting=meeting)
    previous = _revising(ctx, meeting, data)
    item = _schedule(ctx, meeting, case, data.position)
    if previous is not None:
        assert data.reason is not None  # _revising refused it otherwise
        _record_revision(ctx, meeting, previous, "added", case, (None, item.position), data.reason, data.reason_public)
    return agenda_out(ctx.session, [item])[0], warnings


def _item(ctx: RequestContext, meeting: Meeting, item_id: uuid.UUID) -> AgendaItem:
    item = ctx.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(f"agenda item {item_id} is not on meeting {meeting.id}")
    return item


def move_item(
    ctx: RequestContext, meeting_id: uuid.UUID, item_id: uuid.UUID, data: AgendaItemUpdate, if_match: str | None
) -> AgendaItemOut:
    meeting = _editable_meeting(ctx, meeting_id)
    item = _item(ctx, meeting, item_id)
    check_if_match(if_match, item)
    previous = _revising(ctx, meeting, data)
    before = _item_snapshot(ctx, item)
    items = [i for i in items_of(ctx.session, meeting.id) if i.id != item.id]
    if not 1 <= data.position <= len(items) + 1:
        raise InvalidInput("position", f"must be between 1 and {len(items) + 1}")
    if data.position == item.position:
        return agenda_out(ctx.session, [item])[0]  # nothing moves: no revision, no audit
    old_position = item.position
    items.insert(data.position - 1, item)
    _renumber(items)
    ctx.session.flush()
    ctx.audit("update", "agenda_item", item.id, before, _item_snapshot(ctx, item))
    if previous is not None:
        case = ctx.session.get_one(Case, item.case_id)
        assert data.reason is not None
        positions = (old_position, item.position)
        _record_revision(ctx, meeting, previous, "moved", case, positions, data.reason, data.reason_public)
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


def remove_item(
    ctx: RequestContext, meeting_id: uuid.UUID, item_id: uuid.UUID, data: RevisionReason, if_match: str | None
) -> None:
    meeting = _editable_meeting(ctx, meeting_id)
    item = _item(ctx, meeting, item_id)
    check_if_match(if_match, item)
    previous = _revising(ctx, meeting, data)
    position = item.position
    case = unschedule(ctx, item)
    case.carry_over = False  # taken off by hand: it waits for the AU, not for the next meeting
    if previous is not None:
        assert data.reason is not None
        _record_revision(ctx, meeting, previous, "removed", case, (position, None), data.reason, data.reason_public)


def get_item(ctx: RequestContext, meeting_id: uuid.UUID, item_id: uuid.UUID) -> AgendaItemOut:
    meeting, _body = load_meeting(ctx, meeting_id)
    return agenda_out(ctx.session, [_item(ctx, meeting, item_id)])[0]


def list_agenda(ctx: RequestContext, meeting_id: uuid.UUID) -> list[AgendaItemOut]:
    load_meeting(ctx, meeting_id)
    return agenda_out(ctx.session, items_of(ctx.session, meeting_id))


def list_revisions(
    ctx: RequestContext, meeting_id: uuid.UUID, page: PageParams
) -> tuple[list[AgendaRevisionOut], str | None]:
    """Read by whoever reads the meeting's agenda (work.read on its body), oldest change first."""
    load_meeting(ctx, meeting_id)
    stmt = select(AgendaRevision).where(AgendaRevision.meeting_id == meeting_id)
    rows, cursor = paginate(ctx.session, stmt, AgendaRevision.number, AgendaRevision.id, page)
    return [revision_out(r) for r in rows], cursor


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
        previous = _published_agenda(ctx, meeting)
        item = _schedule(ctx, meeting, case, None)
        if previous is not None:  # a convened agenda grows by a revision too, its reason the rule's
            _record_revision(ctx, meeting, previous, "added", case, (None, item.position), CARRIED_OVER_REASON, False)
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
