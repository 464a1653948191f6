"""Subcommittees (midlertidige underutvalg): set up by the AU on a forum decision, deliver to the AU
by a deadline, become `presented` when the forum concludes the AU case carrying their delivery."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from app.audit.service import snapshot
from app.bodies.models import Body
from app.cases.models import Case
from app.context import RequestContext
from app.decisions.models import Decision
from app.documents.service import take_document
from app.errors import Conflict, InvalidInput, NotFound
from app.events import emit, subscribe
from app.memberships.models import Membership
from app.norwegian import oslo_date
from app.organizations.models import Organization
from app.pagination import PageParams, paginate, where_equal
from app.persons.models import Person
from app.resources import insert_unique, require_existing
from app.subcommittees.guards import past_deadline
from app.subcommittees.models import Delivery
from app.subcommittees.schemas import (
    DeliveryCreate,
    DeliveryOut,
    SeatIn,
    SubcommitteeCreate,
    SubcommitteeMemberOut,
    SubcommitteeOut,
)

ESTABLISH_RULES = [
    "subcommittee.established_by_working_committee",
    "subcommittee.requires_forum_decision",
    "subcommittee.decision_used_once",
    "subcommittee.requires_mandate_leader_deadline",
    "subcommittee.member_competence",
]
DELIVERY_RULES = ["subcommittee.dissolved_read_only", "subcommittee.deadline"]


def working_committee(ctx: RequestContext) -> Body | None:
    return ctx.session.scalar(select(Body).where(Body.kind == "working_committee", Body.status == "active").limit(1))


def _seats(data: SubcommitteeCreate) -> list[tuple[str, str, SeatIn]]:
    """(field path, role, seat) for the chair and every member."""
    seats = [("chair", "chair", data.chair)] if data.chair else []
    return seats + [(f"members.{i}", "member", m) for i, m in enumerate(data.members)]


def _load(ctx: RequestContext, subcommittee_id: uuid.UUID, *, lock: bool = False) -> Body:
    body = ctx.session.get(Body, subcommittee_id, with_for_update=lock or None)
    if body is None or body.kind != "subcommittee":
        raise NotFound(f"subcommittee {subcommittee_id} does not exist")
    return body


def _show_many(ctx: RequestContext, bodies: Sequence[Body]) -> list[SubcommitteeOut]:
    """Members and deliveries of all `bodies` in two queries, however many bodies."""
    ids = [b.id for b in bodies]
    members: dict[uuid.UUID, list[Membership]] = defaultdict(list)
    deliveries: dict[uuid.UUID, list[Delivery]] = defaultdict(list)
    if ids:
        for m in ctx.session.scalars(
            select(Membership)
            .where(Membership.body_id.in_(ids))
            .order_by(Membership.role, Membership.start_date, Membership.id)
        ):
            members[m.body_id].append(m)
        for d in ctx.session.scalars(
            select(Delivery).where(Delivery.subcommittee_id.in_(ids)).order_by(Delivery.delivered_at, Delivery.id)
        ):
            deliveries[d.subcommittee_id].append(d)
    return [
        SubcommitteeOut.model_validate(body).model_copy(
            update={
                "members": [SubcommitteeMemberOut.model_validate(m) for m in members[body.id]],
                "deliveries": [DeliveryOut.model_validate(d) for d in deliveries[body.id]],
            }
        )
        for body in bodies
    ]


def _show(ctx: RequestContext, body: Body) -> SubcommitteeOut:
    return _show_many(ctx, [body])[0]


def establish_subcommittee(
    ctx: RequestContext, data: SubcommitteeCreate
) -> tuple[Body, SubcommitteeOut, list[dict[str, Any]]]:
    """The AU sets up the subcommittee the forum decided, with its chair and members, in one go."""
    seats = _seats(data)
    require_existing(ctx, Person, {f"{path}.person_id": s.person_id for path, _, s in seats}, "person")
    require_existing(
        ctx, Organization, {f"{path}.organization_id": s.organization_id for path, _, s in seats}, "organization"
    )
    decision = ctx.session.get(Decision, data.decision_id)
    au = working_committee(ctx)
    ctx.authorize(au)
    warnings = ctx.enforce(
        ESTABLISH_RULES,
        decision=decision,
        working_committee=au,
        mandate=data.mandate,
        chair=data.chair,
        deadline=data.deadline,
        seats=[s for _, _, s in seats],
    )
    if decision is None:  # reported by a rule above, unless it is switched off
        raise InvalidInput("decision_id", "no decision with this id")
    if au is None:
        raise Conflict("There is no active working committee to set up a subcommittee under.")
    body = Body(
        kind="subcommittee",
        name=data.name,
        status="active",
        mandate=data.mandate,
        deadline=data.deadline,
        support=data.support,
        parent_body_id=au.id,
        established_by_decision_id=decision.id,
    )
    insert_unique(ctx, body, "subcommittee.decision_used_once", "the decision already set up a subcommittee")
    today = oslo_date(ctx.now)
    for _, role, seat in seats:
        membership = Membership(body_id=body.id, role=role, start_date=today, **seat.model_dump())
        ctx.session.add(membership)
        ctx.session.flush()
        ctx.audit("create", "membership", membership.id, None, snapshot(SubcommitteeMemberOut, membership))
    out = _show(ctx, body)
    ctx.audit("establish", "body", body.id, None, out.model_dump(mode="json"))
    emit(ctx, "subcommittee.established", body=body)
    return body, out, warnings


# Each order of the list: its key (each with an index ending in id) and whether it descends. Every
# subcommittee has a deadline (set up with one, never cleared), so a deadline is a key.
SORTS: dict[str, tuple[InstrumentedAttribute, bool]] = {
    "name": (Body.name, False),
    "deadline": (Body.deadline, False),
    "-deadline": (Body.deadline, True),
}


def list_subcommittees(
    ctx: RequestContext,
    page: PageParams,
    status: str | None = None,
    deadline_after: date | None = None,
    deadline_before: date | None = None,
    sort: str = "name",
) -> tuple[list[SubcommitteeOut], str | None]:
    """`deadline_after` and `deadline_before`: the days the deadline falls between, neither included."""
    if deadline_after is not None and deadline_before is not None and deadline_after >= deadline_before:
        raise InvalidInput("deadline_after", "must be before deadline_before", where="query")
    stmt = where_equal(select(Body).where(Body.kind == "subcommittee"), {Body.status: status})
    if deadline_after is not None:
        stmt = stmt.where(Body.deadline > deadline_after)
    if deadline_before is not None:
        stmt = stmt.where(Body.deadline < deadline_before)
    key, descending = SORTS[sort]
    bodies, cursor = paginate(ctx.session, stmt, key, Body.id, page, descending, sort=None if sort == "name" else sort)
    return _show_many(ctx, bodies), cursor


def get_subcommittee(ctx: RequestContext, subcommittee_id: uuid.UUID) -> tuple[Body, SubcommitteeOut]:
    body = _load(ctx, subcommittee_id)
    return body, _show(ctx, body)


def receive_delivery(
    ctx: RequestContext, subcommittee_id: uuid.UUID, data: DeliveryCreate
) -> tuple[Delivery, list[dict[str, Any]]]:
    """Register what the subcommittee delivers to the AU; the first delivery makes it `delivered`."""
    body = _load(ctx, subcommittee_id, lock=True)
    ctx.authorize(body)
    take_document(ctx, data.document_id, body, "document_id")
    warnings = ctx.enforce(DELIVERY_RULES, body)
    before = _show(ctx, body).model_dump(mode="json")
    delivery = Delivery(
        subcommittee_id=body.id,
        title=data.title,
        document_id=data.document_id,
        delivered_at=ctx.now,
        late=past_deadline(body, oslo_date(ctx.now)),
    )
    ctx.session.add(delivery)
    # The subcommittee's answer lists its deliveries: a new version, so that its ETag changes too.
    body.updated_at = ctx.now
    ctx.session.flush()
    ctx.audit("create", "delivery", delivery.id, None, snapshot(DeliveryOut, delivery))
    if body.status == "active":
        body.status = "delivered"
        ctx.session.flush()
        ctx.audit("deliver", "body", body.id, before, _show(ctx, body).model_dump(mode="json"))
    emit(ctx, "delivery.received", delivery=delivery)
    return delivery, warnings


def list_deliveries(
    ctx: RequestContext, subcommittee_id: uuid.UUID, page: PageParams
) -> tuple[list[Delivery], str | None]:
    _load(ctx, subcommittee_id)
    stmt = select(Delivery).where(Delivery.subcommittee_id == subcommittee_id)
    return paginate(ctx.session, stmt, Delivery.delivered_at, Delivery.id, page)


def get_delivery(ctx: RequestContext, subcommittee_id: uuid.UUID, delivery_id: uuid.UUID) -> Delivery:
    delivery = ctx.session.get(Delivery, delivery_id)
    if delivery is None or delivery.subcommittee_id != subcommittee_id:
        raise NotFound(f"delivery {delivery_id} of subcommittee {subcommittee_id} does not exist")
    return delivery


@subscribe("case.concluded")
def present_delivery(ctx: RequestContext, case: Case, outcome: str) -> None:
    """The forum decided or noted the AU case carrying a delivery: the AU has presented the work."""
    if case.subcommittee_delivery_id is None:
        return
    delivery = ctx.session.get_one(Delivery, case.subcommittee_delivery_id)
    body = ctx.session.get_one(Body, delivery.subcommittee_id, with_for_update=True)
    if body.status != "delivered":
        return  # already presented by an earlier case, or dissolved meanwhile
    before = _show(ctx, body).model_dump(mode="json")
    body.status = "presented"
    ctx.session.flush()
    ctx.audit("present", "body", body.id, before, _show(ctx, body).model_dump(mode="json"))
