"""Guards of the membership rules (rules/memberships.yaml).

On a write, `ctx.subject` is the membership as it will be (flushed, not committed: a
violation rolls it back) and `ctx.facts["body"]` its body. Invariant guards called by
/compliance get no subject and scan every membership.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from app.bodies.models import Body
from app.bodies.schemas import DISSOLVED, FORUM, WORKING_COMMITTEE
from app.governance.registry import EntityRef, Finding, GuardContext, guard
from app.memberships import queries
from app.memberships.models import Membership
from app.memberships.schemas import CHAIR, DEPUTY, SEAT_ROLES
from app.norwegian import oslo_date
from app.organizations.models import Organization


def _ref(m: Membership, body: Body) -> EntityRef:
    return EntityRef("membership", m.id, f"{m.role}, {body.name}")


def _org_ref(org: Organization) -> EntityRef:
    return EntityRef("organization", org.id, org.name)


def _organization(ctx: GuardContext) -> Organization | None:
    org_id = ctx.subject.organization_id
    return ctx.session.get(Organization, org_id) if org_id else None


def _in(ctx: GuardContext, *kinds: str) -> bool:
    return ctx.facts["body"].kind in kinds


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@guard("membership.body_active")
def body_active(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    body = ctx.facts["body"]
    if body.status != DISSOLVED:
        return None
    return Finding(detail=f"{body.name} is dissolved", entities=[EntityRef("body", body.id, body.name)])


@guard("forum.members.central_health_administration")
def forum_members_central(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    if not _in(ctx, FORUM):
        return None
    org = _organization(ctx)
    if org is None:
        return Finding(detail="the membership names no organization")
    if org.central_health_administration:
        return None
    return Finding(detail=f"{org.name} is not part of the central health administration", entities=[_org_ref(org)])


@guard("meeting.chair.forum_health_director", params={"organization": str})
def forum_chair_health_director(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    if not _in(ctx, FORUM) or ctx.subject.role != CHAIR:
        return None
    org = _organization(ctx)
    if org is not None and org.name == params["organization"]:
        return None
    represented = org.name if org else "no organization"
    return Finding(detail=f"the chair represents {represented}", entities=[_org_ref(org)] if org else [])


@guard("forum.membership.change_requires_decision", params={"founding_members": list})
def forum_change_requires_decision(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    if not _in(ctx, FORUM):
        return None
    org = _organization(ctx)
    if org is None or org.name in params["founding_members"]:
        return None  # a missing organization is forum.members.central_health_administration's to report
    if queries.forum_decided_admission(ctx.session, org.id):
        return None
    return Finding(detail=f"no forum decision of kind membership_change admits {org.name}", entities=[_org_ref(org)])


@guard("body.chair.exactly_one", invariant=True)
def one_chair(ctx: GuardContext, _params: dict[str, Any]) -> list[Finding]:
    m = ctx.subject
    if m is not None and m.role != CHAIR:
        return []
    pairs = queries.overlapping_chairs(ctx.session, m.body_id if m is not None else None)
    if m is not None:
        pairs = [p for p in pairs if m.id in (p[0].id, p[1].id)]
    by_body: dict[Any, set[Any]] = {}
    for a, b in pairs:
        by_body.setdefault(a.body_id, set()).update((a.id, b.id))
    findings = []
    for body_id, chair_ids in by_body.items():
        body = ctx.session.get_one(Body, body_id)
        entities = [EntityRef("body", body_id, body.name)] + [
            EntityRef("membership", cid, f"chair, {body.name}") for cid in sorted(chair_ids, key=str)
        ]
        findings.append(Finding(detail=f"{body.name} has {len(chair_ids)} overlapping chairs", entities=entities))
    return findings


@guard("membership.deputy_required", params={"body_kinds": list}, invariant=True)
def deputy_required(ctx: GuardContext, params: dict[str, Any]) -> list[Finding]:
    today = oslo_date(ctx.now)
    m = ctx.subject
    if m is None:
        missing = queries.members_without_deputy(ctx.session, params["body_kinds"], today)
    else:
        # The seat this write concerns: the membership itself, or the one a deputy stands in for.
        seat = ctx.session.get(Membership, m.deputy_for_membership_id) if m.role == DEPUTY else m
        if seat is None or seat.role not in SEAT_ROLES or (seat.end_date and seat.end_date < today):
            return []
        day = max(today, seat.start_date)
        missing = queries.members_without_deputy(ctx.session, params["body_kinds"], day, seat.id)
    return [
        Finding(detail=f"a {seat.role} of {body.name} has no active deputy", entities=[_ref(seat, body)])
        for seat, body in missing
    ]


@guard("membership.min_term", params={"min_term_months": int, "body_kinds": list})
def min_term(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    m = ctx.subject
    if not _in(ctx, *params["body_kinds"]) or m.role not in SEAT_ROLES or m.end_date is None:
        return None
    last_day = add_months(m.start_date, params["min_term_months"]) - timedelta(days=1)
    if m.end_date >= last_day:
        return None
    return Finding(
        detail=f"planned {m.start_date}–{m.end_date}, shorter than {params['min_term_months']} months",
        entities=[_ref(m, ctx.facts["body"])],
    )


@guard("membership.max_allocation", params={"max_allocation_percent": int, "body_kinds": list})
def max_allocation(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    m = ctx.subject
    if not _in(ctx, *params["body_kinds"]) or m.allocation_percent is None:
        return None
    if m.allocation_percent <= params["max_allocation_percent"]:
        return None
    return Finding(detail=f"allocation {m.allocation_percent} %", entities=[_ref(m, ctx.facts["body"])])


@guard("forum.agencies.represented_in_working_committee", invariant=True)
def forum_agencies_in_working_committee(ctx: GuardContext, _params: dict[str, Any]) -> list[Finding]:
    today = oslo_date(ctx.now)
    m = ctx.subject
    if m is None:
        missing = queries.agencies_missing_from_working_committee(ctx.session, today)
    elif _in(ctx, FORUM, WORKING_COMMITTEE) and m.organization_id is not None:
        day = max(today, m.start_date) if m.end_date is None or m.end_date >= today else today
        missing = queries.agencies_missing_from_working_committee(ctx.session, day, m.organization_id)
    else:
        return []
    return [
        Finding(detail=f"{org.name} sits in the forum but not in the AU", entities=[_org_ref(org)]) for org in missing
    ]
