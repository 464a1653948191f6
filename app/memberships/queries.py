"""What the membership rules ask of the database, for one write or (scope None) the whole state."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from app.bodies.models import Body
from app.bodies.schemas import DISSOLVED, FORUM, WORKING_COMMITTEE
from app.decisions.models import Decision
from app.meetings.models import Meeting
from app.memberships.models import Membership, active_on
from app.memberships.schemas import CHAIR, DEPUTY, SEAT_ROLES
from app.organizations.models import Organization

MEMBERSHIP_CHANGE = "membership_change"  # the decision kind that admits an agency to the forum


def _overlap(a: Any, b: Any) -> ColumnElement[bool]:
    """Two periods share a day (an open end runs forever)."""
    return and_(
        or_(b.end_date.is_(None), a.start_date <= b.end_date),
        or_(a.end_date.is_(None), b.start_date <= a.end_date),
    )


def overlapping_chairs(session: Session, body_id: uuid.UUID | None = None) -> list[tuple[Membership, Membership]]:
    """Pairs of chairs of one body whose periods overlap."""
    a, b = aliased(Membership), aliased(Membership)
    stmt = select(a, b).where(a.body_id == b.body_id, a.role == CHAIR, b.role == CHAIR, a.id < b.id, _overlap(a, b))
    if body_id is not None:
        stmt = stmt.where(a.body_id == body_id)
    return list(session.execute(stmt.order_by(a.body_id, a.start_date)))


def members_without_deputy(
    session: Session, body_kinds: list[str], day: date, membership_id: uuid.UUID | None = None
) -> list[tuple[Membership, Body]]:
    """Seats (chair/member) active on `day` in a living body of `body_kinds` that no deputy covers that day."""
    deputy = aliased(Membership)
    covered = exists().where(
        deputy.deputy_for_membership_id == Membership.id, deputy.role == DEPUTY, active_on(deputy, day)
    )
    stmt = (
        select(Membership, Body)
        .join(Body, Body.id == Membership.body_id)
        .where(
            Body.kind.in_(body_kinds),
            Body.status != DISSOLVED,
            Membership.role.in_(SEAT_ROLES),
            Membership.active_on(day),
            ~covered,
        )
    )
    if membership_id is not None:
        stmt = stmt.where(Membership.id == membership_id)
    return list(session.execute(stmt.order_by(Body.name, Membership.start_date, Membership.id)))


def _holds_seat_in(kind: str, day: date) -> ColumnElement[bool]:
    """The organization has an active seat (chair/member) in a living body of `kind` on `day`."""
    return exists().where(
        Membership.organization_id == Organization.id,
        Membership.body_id == Body.id,
        Body.kind == kind,
        Body.status != DISSOLVED,
        Membership.role.in_(SEAT_ROLES),
        Membership.active_on(day),
    )


def agencies_missing_from_working_committee(
    session: Session, day: date, organization_id: uuid.UUID | None = None
) -> list[Organization]:
    """Organizations seated in the forum on `day` without a seat in the AU."""
    stmt = select(Organization).where(_holds_seat_in(FORUM, day), ~_holds_seat_in(WORKING_COMMITTEE, day))
    if organization_id is not None:
        stmt = stmt.where(Organization.id == organization_id)
    return list(session.scalars(stmt.order_by(Organization.name)))


def forum_decided_admission(session: Session, organization_id: uuid.UUID) -> bool:
    """A forum meeting has decided a membership change admitting the organization."""
    stmt = (
        select(Decision.id)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .where(
            Decision.kind == MEMBERSHIP_CHANGE,
            Decision.subject_organization_id == organization_id,
            Body.kind == FORUM,
        )
    )
    return session.scalar(stmt.limit(1)) is not None
