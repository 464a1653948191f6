"""Guards of the forum decision rules. `subject` is the case; `facts["meeting"]` the meeting deciding it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists, or_, select

from app.bodies.models import Body
from app.bodies.schemas import SUBCOMMITTEE, WORKING_COMMITTEE
from app.cases.models import Case
from app.decisions.models import Decision
from app.decisions.schemas import FOLLOW_UP_NOT_DONE
from app.governance.registry import EntityRef, Finding, GuardContext, guard
from app.meetings.models import AgendaItem
from app.norwegian import oslo_date

UNPREPARED_STATES = ("registered", "in_preparation", "returned", "withdrawn")


def _ref(case: Any) -> list[EntityRef]:
    return [EntityRef("case", case.id, case.number)]


@guard("forum.decision.requires_prepared_case")
def requires_prepared_case(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    case = ctx.subject
    owner_kind = ctx.session.scalar(select(Body.kind).where(Body.id == case.owner_body_id))
    if owner_kind != WORKING_COMMITTEE:
        return Finding(detail=f"case {case.number} is not an AU case", entities=_ref(case))
    if case.status in UNPREPARED_STATES:
        return Finding(detail=f"case {case.number} is {case.status}", entities=_ref(case))
    return None


@guard("forum.decision.requires_agenda_item")
def requires_agenda_item(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    # A case the meeting returned is off its table, even once the AU has prepared it again for the
    # next meeting (a second decision on a decided item is decision.one_per_case's to report).
    meeting = ctx.facts["meeting"]
    on_agenda = exists().where(
        AgendaItem.meeting_id == meeting.id,
        AgendaItem.case_id == ctx.subject.id,
        or_(AgendaItem.outcome.is_(None), AgendaItem.outcome == "decided"),
    )
    if ctx.session.scalar(select(on_agenda)):
        return None
    return Finding(
        detail=f"case {ctx.subject.number} is not on the agenda of meeting {meeting.number} (or was returned there)",
        entities=_ref(ctx.subject),
    )


@guard("forum.decision.requires_meeting_in_session")
def requires_meeting_in_session(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    meeting = ctx.facts["meeting"]
    if meeting.status in ("in_session", "held"):
        return None
    return Finding(
        detail=f"meeting {meeting.number} is {meeting.status}",
        entities=[EntityRef("meeting", meeting.id, f"møte {meeting.number}")],
    )


@guard("decision.one_per_case")
def one_per_case(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    if not ctx.session.scalar(select(exists().where(Decision.case_id == ctx.subject.id))):
        return None
    return Finding(detail=f"case {ctx.subject.number} already has a decision", entities=_ref(ctx.subject))


@guard("decision.information_case_takes_no_decision")
def information_case_takes_no_decision(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    if ctx.subject.kind != "information":
        return None
    return Finding(detail="use the case's note transition", entities=_ref(ctx.subject))


@guard("decision.follow_up.by_working_committee")
def follow_up_by_working_committee(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """The AU follows the forum's decisions up: the body made responsible is the AU or one of its
    subcommittees. (Who may record follow-up is a permission, `decision.follow_up`, not this rule.)"""
    body_id = ctx.facts.get("responsible_body_id") or ctx.subject.responsible_body_id
    body = ctx.session.get(Body, body_id) if body_id else None
    if body is None or body.kind == WORKING_COMMITTEE:
        return None
    parent = ctx.session.get(Body, body.parent_body_id) if body.parent_body_id else None
    if body.kind == SUBCOMMITTEE and parent is not None and parent.kind == WORKING_COMMITTEE:
        return None
    return Finding(
        detail=f"{body.name} is neither the AU nor one of its subcommittees",
        entities=[EntityRef("body", body.id, body.name)],
    )


def _follow_ups_due(ctx: GuardContext, first: date | None, last: date) -> list[Finding]:
    """Decisions whose follow-up is not done and is due from `first` (open: any day) to `last`, both included."""
    stmt = (
        select(Decision, Case)
        .join(Case, Case.id == Decision.case_id)
        .where(Decision.follow_up_status.in_(FOLLOW_UP_NOT_DONE), Decision.follow_up_due <= last)
    )
    if first is not None:
        stmt = stmt.where(Decision.follow_up_due >= first)
    return [
        Finding(
            detail=f"follow-up due {decision.follow_up_due}",
            entities=[EntityRef("decision", decision.id, f"vedtak i sak {case.number}")],
        )
        for decision, case in ctx.session.execute(stmt.order_by(Decision.follow_up_due, Decision.id))
    ]


@guard("decision.follow_up.overdue", invariant=True)
def follow_up_overdue(ctx: GuardContext, _params: dict[str, Any]) -> list[Finding]:
    """Every decision whose follow-up was due before today (Norwegian time) and is not done."""
    return _follow_ups_due(ctx, None, oslo_date(ctx.now) - timedelta(days=1))


@guard("decision.follow_up.due_soon", params={"days_before": int}, invariant=True)
def follow_up_due_soon(ctx: GuardContext, params: dict[str, Any]) -> list[Finding]:
    """Every decision whose follow-up is due today or within `days_before` days and is not done."""
    today = oslo_date(ctx.now)
    return _follow_ups_due(ctx, today, today + timedelta(days=params["days_before"]))
