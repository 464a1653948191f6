"""Guards of the meeting, agenda and project board rules."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, select

from app.audit.service import snapshot
from app.auth.policy import STAND_IN_ROLES
from app.bodies.models import Body
from app.bodies.schemas import FORUM, PROJECT_BOARD, WORKING_COMMITTEE, BodyRecord
from app.documents.models import Document
from app.events import emit
from app.governance.registry import EntityRef, Finding, GuardContext, guard
from app.meetings.models import AgendaItem, Meeting, MeetingAttendance, MeetingAttendee
from app.memberships.models import Membership
from app.norwegian import oslo_date, oslo_time

if TYPE_CHECKING:
    from app.context import RequestContext

HELD_STATES = ("held", "minutes_approved")


def _label(meeting: Meeting) -> str:
    return f"møte {meeting.number}"


@guard("agenda.requires_prepared_case")
def requires_prepared_case(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    case = ctx.subject
    ref = EntityRef("case", case.id, case.number)
    if case.status != "prepared":
        return Finding(detail=f"case {case.number} is {case.status}", entities=[ref])
    return None


@guard("agenda.set_by_working_committee")
def set_by_working_committee(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """A forum agenda takes what the AU has prepared: the AU's own cases. (Who may edit an agenda
    is a permission, `agenda.write`, not this rule.)"""
    case = ctx.subject
    meeting_body = ctx.session.get_one(Body, ctx.facts["meeting"].body_id)
    owner = ctx.session.get_one(Body, case.owner_body_id)
    if meeting_body.kind != FORUM or owner.kind == WORKING_COMMITTEE:
        return None
    return Finding(
        detail=f"case {case.number} belongs to {owner.name}, not the AU",
        entities=[EntityRef("case", case.id, case.number)],
    )


@guard("agenda.revision_requires_reason")
def revision_requires_reason(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """`subject` is the convened meeting, `facts["reason"]` what the change gave as its reason."""
    if ctx.facts["reason"]:
        return None
    meeting = ctx.subject
    return Finding(
        detail=f"the agenda of meeting {meeting.number} is convened and public: give a reason for the change",
        entities=[EntityRef("meeting", meeting.id, _label(meeting))],
    )


@guard("agenda.late_addition", params={"min_days": int})
def late_addition(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    """`subject` is the case being added, `facts["meeting"]` the meeting whose agenda takes it."""
    meeting, case = ctx.facts["meeting"], ctx.subject
    left = meeting.starts_at - ctx.now
    if left >= timedelta(days=params["min_days"]):
        return None
    return Finding(
        detail=f"case {case.number} is added {max(left.days, 0)} days before meeting {meeting.number}",
        entities=[EntityRef("case", case.id, case.number), EntityRef("meeting", meeting.id, _label(meeting))],
    )


@guard("meeting.convene.requires_agenda")
def convene_requires_agenda(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    meeting = ctx.subject
    if ctx.session.scalar(select(exists().where(AgendaItem.meeting_id == meeting.id))):
        return None
    return Finding(detail=f"meeting {meeting.number} has no agenda items")


@guard("meeting.minutes.requires_document")
def minutes_require_document(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    meeting = ctx.subject
    doc = ctx.session.get(Document, meeting.minutes_document_id) if meeting.minutes_document_id else None
    if doc is not None and doc.kind == "minutes":
        return None
    return Finding(detail="set minutes_document_id to a document of kind minutes first")


@guard("meeting.minutes.overdue", params={"days_after": int}, invariant=True)
def minutes_overdue(ctx: GuardContext, params: dict[str, Any]) -> list[Finding]:
    """Every meeting begun `days_after` days ago or more (convened, in session or held) whose minutes
    are not approved."""
    begun_before = ctx.now - timedelta(days=params["days_after"])
    late = ctx.session.scalars(
        select(Meeting)
        .where(Meeting.status.in_(("convened", "in_session", "held")), Meeting.starts_at <= begun_before)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [
        Finding(detail=f"held {oslo_date(m.starts_at)}", entities=[EntityRef("meeting", m.id, _label(m))]) for m in late
    ]


@guard("meeting.start.not_before_start_time", params={"tolerance_minutes": int})
def start_not_before_start_time(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    meeting = ctx.subject
    earliest = meeting.starts_at - timedelta(minutes=params["tolerance_minutes"])
    if ctx.now >= earliest:
        return None
    return Finding(detail=f"{_label(meeting)} is set to start at {oslo_time(meeting.starts_at, with_weekday=False)}")


@guard("meeting.session.max_duration", params={"max_hours": int}, invariant=True)
def session_max_duration(ctx: GuardContext, params: dict[str, Any]) -> list[Finding]:
    limit = ctx.now - timedelta(hours=params["max_hours"])
    stmt = select(Meeting).where(Meeting.status == "in_session", Meeting.starts_at < limit)
    if ctx.subject is not None:
        stmt = stmt.where(Meeting.id == ctx.subject.id)
    return [
        Finding(detail=f"in session since {m.starts_at.isoformat()}", entities=[EntityRef("meeting", m.id, _label(m))])
        for m in ctx.session.scalars(stmt.order_by(Meeting.starts_at))
    ]


def forum_has_met(session: Any) -> bool:
    """Whether the forum's first meeting has been held (closed)."""
    return bool(
        session.scalar(
            select(exists().where(Meeting.body_id == Body.id, Body.kind == FORUM, Meeting.status.in_(HELD_STATES)))
        )
    )


@guard("project_board.dissolves_at_first_forum_meeting")
def no_board_meeting_after_forum(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """The error part: `subject` is the meeting being created, `facts["body"]` its body."""
    body = ctx.facts["body"]
    if body.kind != PROJECT_BOARD:
        return None
    if body.status != "dissolved" and not forum_has_met(ctx.session):
        return None
    return Finding(
        detail="the forum has held its first meeting; the project board is dissolved",
        entities=[EntityRef("body", body.id, body.name)],
    )


def dissolve_project_board(ctx: RequestContext, meeting: Meeting) -> None:
    """The behaviour part: holding a forum meeting ends the project board, which lives only until then."""
    if not ctx.engine.enabled("project_board.dissolves_at_first_forum_meeting"):
        return
    if ctx.session.get_one(Body, meeting.body_id).kind != FORUM:
        return
    boards = ctx.session.scalars(
        select(Body).where(Body.kind == PROJECT_BOARD, Body.status != "dissolved").with_for_update()
    )
    for board in boards:
        before = snapshot(BodyRecord, board)
        board.status, board.dissolved_at = "dissolved", ctx.now
        ctx.session.flush()
        ctx.audit("dissolve", "body", board.id, before, snapshot(BodyRecord, board))
        emit(ctx, "body.dissolved", body=board)
        ctx.notify(
            "project_board.dissolves_at_first_forum_meeting",
            f"{board.name} is dissolved: the forum has held its first meeting",
            EntityRef("body", board.id, board.name),
        )


@guard("project_board.meeting_interval", params={"min_weeks": int, "max_weeks": int})
def board_meeting_interval(ctx: GuardContext, params: dict[str, Any]) -> list[Finding]:
    """`subject` is the board meeting as it would be; compared with its neighbours in time."""
    meeting = ctx.subject
    if ctx.facts["body"].kind != PROJECT_BOARD:
        return []
    others = select(Meeting).where(Meeting.body_id == meeting.body_id, Meeting.status != "cancelled")
    if meeting.id is not None:  # rescheduling: compare with the other board meetings
        others = others.where(Meeting.id != meeting.id)
    before = ctx.session.scalar(
        others.where(Meeting.starts_at <= meeting.starts_at).order_by(Meeting.starts_at.desc()).limit(1)
    )
    after = ctx.session.scalar(others.where(Meeting.starts_at > meeting.starts_at).order_by(Meeting.starts_at).limit(1))
    low, high = timedelta(weeks=params["min_weeks"]), timedelta(weeks=params["max_weeks"])
    findings = []
    for neighbour in (m for m in (before, after) if m is not None):
        gap = abs(meeting.starts_at - neighbour.starts_at)
        if not low <= gap <= high:
            findings.append(
                Finding(
                    detail=f"{gap.days / 7:.1f} weeks from board meeting {neighbour.number}",
                    entities=[EntityRef("meeting", neighbour.id, _label(neighbour))],
                )
            )
    return findings


@guard("meeting.quorum", params={"min_share_percent": int})
def quorum(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    """More than `min_share_percent` of the body's members (chair and members on the meeting's day)
    present themselves or through a deputy standing in; 0 switches the rule off. Silent while the
    attendance is unrecorded: it speaks when attendance is recorded, and at decisions and closing after.
    `subject` is the meeting, or the case being decided with `facts["meeting"]`."""
    meeting = ctx.facts.get("meeting") or ctx.subject
    share = params["min_share_percent"]
    if share <= 0 or not ctx.session.scalar(select(exists().where(MeetingAttendance.meeting_id == meeting.id))):
        return None
    day = oslo_date(meeting.starts_at)
    members = set(
        ctx.session.scalars(
            select(Membership.id).where(
                Membership.body_id == meeting.body_id, Membership.role.in_(STAND_IN_ROLES), Membership.active_on(day)
            )
        )
    )
    if not members:
        return None
    rows = ctx.session.execute(
        select(MeetingAttendee.membership_id, MeetingAttendee.standing_in_for_membership_id).where(
            MeetingAttendee.meeting_id == meeting.id, MeetingAttendee.presence == "present"
        )
    )
    represented = {seat for pair in rows for seat in pair if seat in members}
    if len(represented) * 100 > share * len(members):
        return None
    return Finding(detail=f"{len(represented)} of {len(members)} members present or represented")
