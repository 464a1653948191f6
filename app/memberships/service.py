"""Memberships: who holds which seat in which body, for which period.

Writes lock the body row first, so concurrent writes to one body's memberships queue
and the chair count below cannot race. The rules are then judged on the membership as
it will be (flushed, uncommitted): a violation raises and the transaction rolls back.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.bodies.models import Body
from app.context import RequestContext
from app.errors import InvalidInput, NotFound
from app.governance.schemas import DryRun
from app.http import check_if_match
from app.memberships import guards  # noqa: F401  (registers the membership rules)
from app.memberships.models import Membership
from app.memberships.schemas import (
    DEPUTY,
    SEAT_ROLES,
    MembershipCreate,
    MembershipRecord,
    MembershipUpdate,
)
from app.organizations.models import Organization
from app.pagination import PageParams, paginate, where_equal
from app.persons.models import Person
from app.resources import apply_changes, audited_update, create_audited, get_or_404

# Judged on every membership write; each guard decides whether the body's kind concerns it.
WRITE_RULES = [
    "forum.members.central_health_administration",
    "forum.membership.change_requires_decision",
    "meeting.chair.forum_health_director",
    "body.chair.exactly_one",
    "membership.deputy_required",
    "membership.min_term",
    "membership.max_allocation",
    "forum.agencies.represented_in_working_committee",
    "subcommittee.member_competence",
]
CREATE_RULES = ["membership.body_active", "subcommittee.dissolved_read_only", *WRITE_RULES]


def _validate(ctx: RequestContext, body: Body, values: dict[str, Any], own_id: uuid.UUID | None = None) -> None:
    """422 for input that cannot be a membership, whatever the rules say."""
    org_id = values["organization_id"]
    if org_id is not None and ctx.session.get(Organization, org_id) is None:
        raise InvalidInput("organization_id", f"organization {org_id} does not exist")
    if values["end_date"] is not None and values["end_date"] < values["start_date"]:
        raise InvalidInput("end_date", "must be on or after start_date")
    deputy_for = values["deputy_for_membership_id"]
    if values["role"] != DEPUTY:
        if deputy_for is not None:
            raise InvalidInput("deputy_for_membership_id", "only a membership with role deputy stands in for another")
        return
    if deputy_for is None:
        raise InvalidInput("deputy_for_membership_id", "required for role deputy")
    seat = ctx.session.get(Membership, deputy_for)
    if seat is None or seat.body_id != body.id or seat.id == own_id:
        raise InvalidInput("deputy_for_membership_id", "must be another membership of the same body")
    if seat.role not in SEAT_ROLES:
        raise InvalidInput("deputy_for_membership_id", "a deputy stands in for a chair or a member")


def _named(ctx: RequestContext, membership: Membership) -> Membership:
    """The membership with its person and organization at hand for its answer (the session has them
    from the checks, or reads them)."""
    org_id = membership.organization_id
    set_committed_value(membership, "person", ctx.session.get(Person, membership.person_id))
    set_committed_value(membership, "organization", ctx.session.get(Organization, org_id) if org_id else None)
    return membership


def _judge(ctx: RequestContext, rules: list[str], membership: Membership, body: Body) -> list[dict[str, Any]]:
    ctx.session.flush()
    return ctx.enforce(rules, membership, body=body)


def _rehearse(ctx: RequestContext, rules: list[str], membership: Membership, body: Body) -> DryRun:
    """Every rule's answer on the membership as it would be (flushed; the dry run's request rolls back)."""
    ctx.session.flush()
    outcomes = ctx.engine.evaluate(rules, ctx.guard_context(membership, body=body))
    violations, warnings = ctx.engine.failures(outcomes)
    return DryRun(allowed=not violations, violations=violations, warnings=warnings)


def list_memberships(
    ctx: RequestContext,
    body_id: uuid.UUID,
    page: PageParams,
    role: str | None = None,
    person_id: uuid.UUID | None = None,
    active_on: date | None = None,
) -> tuple[list[Membership], str | None]:
    get_or_404(ctx.session, Body, body_id, "body")
    stmt = where_equal(
        select(Membership)
        .where(Membership.body_id == body_id)
        .options(joinedload(Membership.person), joinedload(Membership.organization)),
        {
            Membership.role: role,
            Membership.person_id: person_id,
        },
    )
    if active_on is not None:
        stmt = stmt.where(Membership.active_on(active_on))
    return paginate(ctx.session, stmt, Membership.start_date, Membership.id, page)


def list_person_memberships(
    ctx: RequestContext, person_id: uuid.UUID, page: PageParams, active_on: date | None = None
) -> tuple[list[Membership], str | None]:
    get_or_404(ctx.session, Person, person_id, "person")
    stmt = (
        select(Membership)
        .where(Membership.person_id == person_id)
        .options(joinedload(Membership.person), joinedload(Membership.organization))
    )
    if active_on is not None:
        stmt = stmt.where(Membership.active_on(active_on))
    return paginate(ctx.session, stmt, Membership.start_date, Membership.id, page)


def get_membership(ctx: RequestContext, membership_id: uuid.UUID) -> Membership:
    membership = ctx.session.scalar(
        select(Membership)
        .where(Membership.id == membership_id)
        .options(joinedload(Membership.person), joinedload(Membership.organization))
    )
    if membership is None:
        raise NotFound(f"membership {membership_id} does not exist")
    return membership


def _seats_changed(ctx: RequestContext, body: Body) -> None:
    # A subcommittee's answer lists its members: a new version, so that its ETag changes too.
    if body.kind == "subcommittee":
        body.updated_at = ctx.now
        ctx.session.flush()


def add_membership(
    ctx: RequestContext, body_id: uuid.UUID, data: MembershipCreate, dry_run: bool = False
) -> tuple[Membership, list[dict[str, Any]] | DryRun]:
    body = get_or_404(ctx.session, Body, body_id, "body", lock=not dry_run)
    ctx.authorize(body)
    person = ctx.session.get(Person, data.person_id)
    if person is None:
        raise InvalidInput("person_id", f"person {data.person_id} does not exist")
    values = data.model_dump()
    values["organization_id"] = values["organization_id"] or person.organization_id
    _validate(ctx, body, values)
    membership = Membership(body_id=body.id, **values)
    ctx.session.add(membership)
    if dry_run:
        return membership, _rehearse(ctx, CREATE_RULES, membership, body)
    warnings = _judge(ctx, CREATE_RULES, membership, body)
    create_audited(ctx, membership, MembershipRecord, "membership")
    _seats_changed(ctx, body)
    return _named(ctx, membership), warnings


def update_membership(
    ctx: RequestContext, membership_id: uuid.UUID, data: MembershipUpdate, if_match: str | None, dry_run: bool = False
) -> tuple[Membership, list[dict[str, Any]] | DryRun]:
    membership = get_or_404(ctx.session, Membership, membership_id, "membership")
    body = get_or_404(ctx.session, Body, membership.body_id, "body", lock=not dry_run)
    ctx.session.refresh(membership)  # read again now that the body's writers queue behind us
    ctx.authorize(body)
    check_if_match(if_match, membership)  # a dry run too, as for transitions (app/http.py)
    changes = data.model_dump(exclude_unset=True)
    _validate(ctx, body, {**MembershipRecord.model_validate(membership).model_dump(), **changes}, membership.id)
    if dry_run:
        apply_changes(membership, changes)
        return membership, _rehearse(ctx, WRITE_RULES, membership, body)
    with audited_update(ctx, membership, MembershipRecord, "membership"):
        apply_changes(membership, changes)
        warnings = _judge(ctx, WRITE_RULES, membership, body)
    _seats_changed(ctx, body)
    return _named(ctx, membership), warnings
