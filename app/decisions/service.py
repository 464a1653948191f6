"""Forum decisions (vedtak): recorded at a forum meeting on a prepared case, then followed up by the AU."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.audit.service import snapshot
from app.bodies.models import Body
from app.bodies.schemas import FORUM
from app.cases.models import Case
from app.cases.service import mark_decided
from app.context import RequestContext
from app.decisions import guards  # noqa: F401  (registers the decision rules)
from app.decisions.models import Decision
from app.decisions.schemas import (
    DECISION_ACTIONS,
    FOLLOW_UP_NOT_DONE,
    DecisionCreate,
    DecisionRecord,
    DecisionUpdate,
    DecisionWritten,
)
from app.errors import Conflict, InvalidInput
from app.events import emit
from app.governance.transitions import StatefulResource, TransitionRequest
from app.http import check_if_match
from app.meetings.agenda import load_meeting
from app.meetings.attendance import load_meeting_acting
from app.meetings.models import Meeting
from app.norwegian import oslo_date
from app.organizations.models import Organization
from app.pagination import PageParams, paginate, where_between, where_equal
from app.resources import (
    View,
    apply_changes,
    audited_update,
    changed_fields,
    get_visible,
    insert_unique,
    require_existing,
)

DECISION_RULES = [
    "forum.decision.requires_prepared_case",
    "forum.decision.requires_agenda_item",
    "forum.decision.requires_meeting_in_session",
    "decision.one_per_case",
    "decision.information_case_takes_no_decision",
    "meeting.quorum",
]
FOLLOW_UP_RULE = "decision.follow_up.by_working_committee"
VIEW = View(DECISION_ACTIONS, "decision", "follow_up_status")  # the body is its meeting's (the forum)


def _check_subject_organization(ctx: RequestContext, data: DecisionCreate) -> None:
    if data.kind == "membership_change" and data.subject_organization_id is None:
        raise InvalidInput("subject_organization_id", "a membership_change decision names the agency it admits")
    if data.kind != "membership_change" and data.subject_organization_id is not None:
        raise InvalidInput("subject_organization_id", "only membership_change decisions name an agency")
    require_existing(ctx, Organization, {"subject_organization_id": data.subject_organization_id}, "organization")


def _check_body(ctx: RequestContext, body_id: uuid.UUID | None) -> None:
    require_existing(ctx, Body, {"responsible_body_id": body_id}, "body")


def _check_due(decided_at: datetime, due: date | None) -> None:
    if due is not None and due < oslo_date(decided_at):
        raise InvalidInput("follow_up_due", f"must not be before the day of the decision, {oslo_date(decided_at)}")


def _where_due(stmt: Select, today: date, overdue: bool | None, due_before: date | None) -> Select:
    """Overdue: the follow-up is not done and was due before today (Norwegian time); `overdue=False`,
    the others (done, due later, or with no due date)."""
    late = Decision.follow_up_status.in_(FOLLOW_UP_NOT_DONE) & (Decision.follow_up_due < today)
    if overdue is not None:
        not_late = or_(
            Decision.follow_up_status.not_in(FOLLOW_UP_NOT_DONE),
            Decision.follow_up_due.is_(None),
            Decision.follow_up_due >= today,
        )
        stmt = stmt.where(late if overdue else not_late)
    if due_before is not None:
        stmt = stmt.where(Decision.follow_up_due < due_before)
    return stmt


def list_decisions(
    ctx: RequestContext,
    page: PageParams,
    decided: tuple[date | None, date | None] = (None, None),
    overdue: bool | None = None,
    due_before: date | None = None,
    **filters: Any,
) -> tuple[list[Decision], str | None]:
    """`decided`: the Norwegian days the decisions were made on, from and to (both included)."""
    stmt = where_equal(select(Decision), {getattr(Decision, name): value for name, value in filters.items()})
    stmt = where_between(stmt, Decision.decided_at, *decided)
    stmt = _where_due(stmt, oslo_date(ctx.now), overdue, due_before)
    stmt = stmt.join(Meeting, Meeting.id == Decision.meeting_id).options(
        contains_eager(Decision.meeting).joinedload(Meeting.body), joinedload(Decision.case)
    )
    decisions, cursor = paginate(
        ctx.session, ctx.scope(stmt, Meeting.body_id, "work.read"), Decision.decided_at, Decision.id, page
    )
    return [VIEW.present(ctx, d, d.meeting.body) for d in decisions], cursor


def load_decision(ctx: RequestContext, decision_id: uuid.UUID, *, lock: bool = False) -> tuple[Decision, Body]:
    """The decision and the body of its meeting (the forum), 404 unless the caller may read its work."""
    return get_visible(
        ctx,
        Decision,
        decision_id,
        "decision",
        Meeting.body_id,
        "work.read",
        through=(Meeting, Meeting.id == Decision.meeting_id),
        load=(joinedload(Decision.case),),
        lock=lock,
    )


def get_decision(ctx: RequestContext, decision_id: uuid.UUID) -> Decision:
    return VIEW.present(ctx, *load_decision(ctx, decision_id))


def record_decision(
    ctx: RequestContext, meeting_id: uuid.UUID, data: DecisionCreate
) -> tuple[Decision, list[dict[str, Any]]]:
    """The AU or the secretariat keep the minutes, so they record what the forum decided."""
    meeting, body = load_meeting_acting(ctx, meeting_id, lock=True)
    if body.kind != FORUM:
        raise Conflict(f"meeting {meeting.number} is not a forum meeting; only the forum records decisions")
    ctx.authorize(body)
    _check_subject_organization(ctx, data)
    _check_body(ctx, data.responsible_body_id)
    _check_due(meeting.starts_at, data.follow_up_due)
    case = ctx.session.get(Case, data.case_id, with_for_update=True)
    if case is None:
        raise InvalidInput("case_id", f"case {data.case_id} does not exist")
    warnings = ctx.enforce(DECISION_RULES, case, meeting=meeting)
    decision = Decision(
        # Dated when it is recorded, during the meeting (never the planned date: issue 26).
        meeting_id=meeting.id,
        decided_at=ctx.now,
        follow_up_status="open",
        **data.model_dump(),
    )
    # The unique key on case_id decides a race that the guard could not see.
    insert_unique(ctx, decision, "decision.one_per_case", f"case {case.number} already has a decision")
    set_committed_value(decision, "case", case)  # shown with its case, which is at hand
    ctx.audit("create", "decision", decision.id, None, snapshot(DecisionRecord, decision))
    mark_decided(ctx, case)
    emit(ctx, "decision.recorded", decision=decision)
    return VIEW.present(ctx, decision, body), warnings


def list_meeting_decisions(
    ctx: RequestContext, meeting_id: uuid.UUID, page: PageParams
) -> tuple[list[Decision], str | None]:
    load_meeting(ctx, meeting_id)
    return list_decisions(ctx, page, meeting_id=meeting_id)


def update_decision(
    ctx: RequestContext, decision_id: uuid.UUID, data: DecisionUpdate, if_match: str | None
) -> tuple[Decision, list[dict[str, Any]]]:
    decision, body = load_decision(ctx, decision_id, lock=True)
    check_if_match(if_match, decision)
    ctx.authorize(body)
    changes = data.model_dump(exclude_unset=True)
    _check_body(ctx, changes.get("responsible_body_id"))
    _check_due(decision.decided_at, changes.get("follow_up_due"))
    warnings = ctx.enforce([FOLLOW_UP_RULE], decision, responsible_body_id=changes.get("responsible_body_id"))
    changed = changed_fields(decision, changes)
    with audited_update(ctx, decision, DecisionRecord, "decision"):
        apply_changes(decision, changes)
    if changed:
        emit(ctx, "decision.follow_up_changed", decision=decision)
    return VIEW.present(ctx, decision, body), warnings


# -- follow-up lifecycle ------------------------------------------------------------------------


def _record_follow_up(ctx: RequestContext, decision: Decision, req: TransitionRequest) -> None:
    """Each follow-up step may carry a note and name the responsible body."""
    _check_body(ctx, req.responsible_body_id)
    if req.note is not None:
        decision.follow_up_note = req.note
    if req.responsible_body_id is not None:
        decision.responsible_body_id = req.responsible_body_id
    emit(ctx, "decision.follow_up_changed", decision=decision)


DECISIONS = StatefulResource(
    entity_type="decision",
    path="/api/v1/decisions",
    tag="decisions",
    schema=DecisionRecord,
    view=VIEW,
    load_visible=load_decision,
    permission="decision.follow_up",
    read_permission="work.read",
    facts=lambda _ctx, _decision, req: {"responsible_body_id": req.responsible_body_id},
    effects={name: _record_follow_up for name in ("start_follow_up", "implement", "cancel")},
    response_model=DecisionWritten,
)
