"""Who may act for a body: the secretariat always; a person while an active member of it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.bodies.models import Body
from app.bodies.schemas import WORKING_COMMITTEE
from app.errors import Forbidden
from app.memberships.models import Membership
from app.resources import oslo_date


def acts_for(session: Session, principal: Principal | None, body_id: uuid.UUID, day: date) -> bool:
    if principal is None:
        return False
    if principal.is_secretariat:
        return True
    return bool(
        session.scalar(
            select(
                exists().where(
                    Membership.body_id == body_id,
                    Membership.person_id == principal.person_id,
                    Membership.active_on(day),
                )
            )
        )
    )


def require_acts_for(session: Session, principal: Principal, body_id: uuid.UUID, day: date, what: str) -> None:
    """403 unless the principal may act for the body; `what` says what was attempted."""
    if not acts_for(session, principal, body_id, day):
        raise Forbidden(f"Only the secretariat or an active member of the body may {what}.")


def bodies_of_kind(session: Session, kind: str) -> list[uuid.UUID]:
    return list(session.scalars(select(Body.id).where(Body.kind == kind)))


def acts_for_working_committee(session: Session, principal: Principal | None, now: datetime) -> bool:
    """The secretariat, or a person actively in the AU."""
    if principal is not None and principal.is_secretariat:
        return True
    day = oslo_date(now)
    return any(acts_for(session, principal, au, day) for au in bodies_of_kind(session, WORKING_COMMITTEE))
