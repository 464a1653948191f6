"""Guards of the subcommittee rules (rules/subcommittees.yaml)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bodies.models import Body
from app.decisions.models import Decision
from app.governance.registry import EntityRef, Finding, GuardContext, guard
from app.meetings.models import Meeting
from app.norwegian import oslo_date


def past_deadline(body: Body, day: date) -> bool:
    """Deadlines are Norwegian calendar days: delivering on the deadline day is on time."""
    return body.deadline is not None and day > body.deadline


def _body_ref(body: Body) -> EntityRef:
    return EntityRef("body", body.id, body.name)


def forum_decision_finding(session: Session, decision: Decision | None, kind: str) -> Finding | None:
    """Why `decision` is not a decision of `kind` made at a forum meeting (None when it is)."""
    if decision is None:
        return Finding(detail="no decision with that id")
    ref = EntityRef("decision", decision.id)
    if decision.kind != kind:
        return Finding(detail=f"the decision is of kind {decision.kind}, not {kind}", entities=[ref])
    body_kind = session.scalar(
        select(Body.kind).join(Meeting, Meeting.body_id == Body.id).where(Meeting.id == decision.meeting_id)
    )
    if body_kind != "top_leaders_forum":
        return Finding(detail="the decision was not made at a meeting of the top leaders' forum", entities=[ref])
    return None


@guard("subcommittee.requires_forum_decision")
def requires_forum_decision(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    return forum_decision_finding(ctx.session, ctx.facts["decision"], "establish_subcommittee")


@guard("subcommittee.established_by_working_committee")
def established_by_working_committee(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """A subcommittee is set up under the AU, which gives it its assignment and receives its
    deliveries. (Who may set one up is a permission, `subcommittee.establish`, not this rule.)"""
    if ctx.facts["working_committee"] is None:
        return Finding(detail="there is no active working committee to set it up")
    return None


@guard("subcommittee.decision_used_once")
def decision_used_once(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    decision: Decision | None = ctx.facts["decision"]
    if decision is None:
        return None  # subcommittee.requires_forum_decision reports it
    existing = ctx.session.scalar(select(Body).where(Body.established_by_decision_id == decision.id))
    if existing is None:
        return None
    return Finding(detail="the decision already set up a subcommittee", entities=[_body_ref(existing)])


@guard("subcommittee.requires_mandate_leader_deadline")
def requires_mandate_leader_deadline(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    missing = []
    if not (ctx.facts["mandate"] or "").strip():
        missing.append("mandate is empty")
    if ctx.facts["chair"] is None:
        missing.append("no chair (leader) is given")
    deadline: date | None = ctx.facts["deadline"]
    if deadline is None or deadline <= oslo_date(ctx.now):
        missing.append("the deadline is not in the future")
    return Finding(detail="; ".join(missing)) if missing else None


def _seats(ctx: GuardContext) -> list[Any]:
    """The seats being set up (`seats`), or the membership written in a body (subject, `body`)."""
    if "seats" in ctx.facts:
        return ctx.facts["seats"]
    body: Body | None = ctx.facts.get("body")
    if body is None or body.kind != "subcommittee" or ctx.subject.role not in ("chair", "member"):
        return []
    return [ctx.subject]


@guard("subcommittee.member_competence")
def member_competence(ctx: GuardContext, _params: dict[str, Any]) -> list[Finding]:
    """Each chair and member, with person_id, competence and background."""
    return [
        Finding(
            detail=f"person {seat.person_id} states no "
            + " or ".join(name for name in ("competence", "background") if not getattr(seat, name)),
            entities=[EntityRef("person", seat.person_id)],
        )
        for seat in _seats(ctx)
        if not (seat.competence and seat.competence.strip() and seat.background)
    ]


def _fact(ctx: GuardContext, name: str) -> Any:
    """A proposed value from the facts, else the subject's current one (create and patch alike)."""
    return ctx.facts[name] if name in ctx.facts else getattr(ctx.subject, name, None)


@guard("subcommittee.delivers_to_working_committee")
def delivers_to_working_committee(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """A case carrying a delivery (`subcommittee_delivery_id`) must be owned by the AU."""
    delivery_id = _fact(ctx, "subcommittee_delivery_id")
    if delivery_id is None:
        return None
    owner = ctx.session.get(Body, _fact(ctx, "owner_body_id"))
    if owner is not None and owner.kind == "working_committee":
        return None
    return Finding(
        detail="only a case owned by the working committee may carry a subcommittee delivery",
        entities=[EntityRef("delivery", delivery_id)],
    )


@guard("subcommittee.deadline", invariant=True)
def deadline(ctx: GuardContext, _params: dict[str, Any]) -> list[Finding]:
    """A delivery to `ctx.subject` after its deadline; without a subject every overdue active subcommittee."""
    today = oslo_date(ctx.now)
    if ctx.subject is not None:
        body = ctx.subject
        if not past_deadline(body, today):
            return []
        return [Finding(detail=f"delivered after the deadline {body.deadline}", entities=[_body_ref(body)])]
    overdue = ctx.session.scalars(
        select(Body).where(Body.kind == "subcommittee", Body.status == "active", Body.deadline < today)
    )
    return [
        Finding(detail=f"no delivery by the deadline {body.deadline}", entities=[_body_ref(body)]) for body in overdue
    ]


@guard("subcommittee.deadline_approaching", params={"days_before": int}, invariant=True)
def deadline_approaching(ctx: GuardContext, params: dict[str, Any]) -> list[Finding]:
    """Every active subcommittee (none delivered yet) whose deadline is today or within `days_before` days."""
    today = oslo_date(ctx.now)
    due = ctx.session.scalars(
        select(Body)
        .where(
            Body.kind == "subcommittee",
            Body.status == "active",
            Body.deadline.between(today, today + timedelta(days=params["days_before"])),
        )
        .order_by(Body.deadline, Body.id)
    )
    return [Finding(detail=f"deadline {body.deadline}", entities=[_body_ref(body)]) for body in due]


@guard("subcommittee.dissolved_read_only")
def dissolved_read_only(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """The body is `ctx.facts["body"]` when given, else the subject."""
    body = ctx.facts.get("body", ctx.subject)
    if not isinstance(body, Body) or body.kind != "subcommittee" or body.status != "dissolved":
        return None
    return Finding(detail="the subcommittee is dissolved", entities=[_body_ref(body)])
