"""Evaluates the permission table in app/auth/policy.py: for one object, and as a filter in a query.

Both come from the same grants, so a list can never show what a get would refuse.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select, true
from sqlalchemy.orm import Session

from app.auth.policy import POLICY, STAND_IN_ROLES, Grant, Relation, is_read
from app.auth.principal import Principal
from app.bodies.models import Body
from app.bodies.schemas import FORUM, WORKING_COMMITTEE
from app.errors import Forbidden, InsufficientScope
from app.memberships.models import Membership

KIND_OF_RELATION = {Relation.AU_MEMBER: WORKING_COMMITTEE, Relation.FORUM_MEMBER: FORUM}


@dataclass(frozen=True)
class Seat:
    """An active membership the principal acts through."""

    body_id: uuid.UUID
    body_kind: str
    role: str


def has_seats(principal: Principal) -> bool:
    """Whether the principal's rights come from memberships, read per request (not the secretariat's)."""
    return principal.person_id is not None or principal.organization_id is not None


def load_seats(session: Session, principal: Principal, day: date) -> tuple[Seat, ...]:
    """A person's own seats; a system's are those of everyone representing its organization."""
    if not has_seats(principal):
        return ()
    if principal.person_id is not None:
        whose = Membership.person_id == principal.person_id
    else:
        whose = Membership.organization_id == principal.organization_id
    rows = session.execute(
        select(Membership.body_id, Body.kind, Membership.role)
        .join(Body, Body.id == Membership.body_id)
        .where(whose, Membership.active_on(day))
    )
    return tuple(Seat(*row) for row in rows)


class Access:
    """What one principal may do, from its seats on the day of the request."""

    def __init__(self, principal: Principal | None, seats: tuple[Seat, ...]) -> None:
        self.principal = principal
        self.seats = seats

    def lacking_scope(self, permission: str) -> str | None:
        """The scope the token lacks for the permission: one without the write scope only reads."""
        if self.principal is None or is_read(permission):
            return None
        return self.principal.lacks_scope

    def _grants(self, permission: str) -> tuple[Grant, ...]:
        return () if self.lacking_scope(permission) else POLICY[permission].grants

    def _seat_bodies(
        self, roles: tuple[str, ...], kind: str | None = None, kinds: tuple[str, ...] | None = None
    ) -> set[uuid.UUID]:
        return {
            s.body_id
            for s in self.seats
            if s.role in roles and (kind is None or s.body_kind == kind) and (kinds is None or s.body_kind in kinds)
        }

    def _without_object(self, grant: Grant) -> bool:
        """Whether the grant holds regardless of the object (or cannot hold at all)."""
        if grant.relation in (Relation.ANYONE, Relation.AUTHENTICATED):
            return grant.relation == Relation.ANYONE or self.principal is not None
        if grant.relation == Relation.SECRETARIAT:
            return self.principal is not None and self.principal.is_secretariat
        return False

    def holds_somewhere(self, permission: str) -> bool:
        """Whether the principal could hold the permission on some object: the route-level check."""
        for grant in self._grants(permission):
            if self._without_object(grant):
                return True
            if grant.relation == Relation.SELF and self.principal is not None and self.principal.person_id:
                return True
            # A member grant limited to some kinds of body needs a seat in a body of those kinds.
            kinds = grant.on if grant.relation == Relation.MEMBER else None
            # A deputy may stand in for a member at its body's meeting (STAND-IN in the policy): the
            # meeting decides (the object check, with the seats `act_at` adds).
            stands_in = grant.relation == Relation.MEMBER and set(grant.roles) & set(STAND_IN_ROLES)
            roles = (*grant.roles, "deputy") if stands_in else grant.roles
            if grant.relation in (Relation.MEMBER, Relation.PARENT_MEMBER, Relation.ANY_MEMBER, *KIND_OF_RELATION):
                if self._seat_bodies(roles, KIND_OF_RELATION.get(grant.relation), kinds):
                    return True
        return False

    def _holds(self, grant: Grant, body: Body | None, person_id: uuid.UUID | None) -> bool:
        if self._without_object(grant):
            return True
        if grant.relation == Relation.SELF:
            return person_id is not None and self.principal is not None and self.principal.person_id == person_id
        if grant.relation == Relation.ANY_MEMBER:
            return bool(self._seat_bodies(grant.roles))
        if body is None or (grant.on is not None and body.kind not in grant.on):
            return False
        if grant.relation == Relation.MEMBER:
            return body.id in self._seat_bodies(grant.roles)
        if grant.relation == Relation.PARENT_MEMBER:
            return body.parent_body_id in self._seat_bodies(grant.roles)
        if grant.relation in KIND_OF_RELATION:
            return bool(self._seat_bodies(grant.roles, KIND_OF_RELATION[grant.relation]))
        return False  # the secretariat's grant, held by someone else

    def may(self, permission: str, bodies: Iterable[Body | None] = (None,), person_id: uuid.UUID | None = None) -> bool:
        """Whether the permission holds on an object belonging to any of `bodies` (or being `person_id`)."""
        bodies = list(bodies) or [None]
        return any(self._holds(g, b, person_id) for g in self._grants(permission) for b in bodies)

    def require(self, permission: str, *bodies: Body | None, person_id: uuid.UUID | None = None) -> None:
        if not self.may(permission, bodies, person_id):
            if scope := self.lacking_scope(permission):
                raise InsufficientScope(f"The token lacks the scope {scope}, which {permission} needs.", scope)
            raise Forbidden(
                f"Not permitted: {POLICY[permission].description[0].lower()}"
                f"{POLICY[permission].description[1:]} ({permission}).",
                self.refusal_nb(permission),
            )

    def refusal_nb(self, permission: str) -> str:
        """Why the permission does not hold, in Norwegian: the scope the token lacks, or who holds it."""
        if scope := self.lacking_scope(permission):
            return f"Tokenet gir bare lesetilgang: det mangler scopet {scope}."
        return f"Du har ikke denne tilgangen ({permission}): {POLICY[permission].description_nb}."

    def body_condition(self, permission: str) -> ColumnElement[bool] | None:
        """The bodies whose objects the permission holds on, as a condition on the bodies table;
        None when it holds on every body."""
        terms: list[ColumnElement[bool]] = []
        for grant in self._grants(permission):
            if self._without_object(grant) or (
                grant.relation == Relation.ANY_MEMBER and self._seat_bodies(grant.roles)
            ):
                return None
            on = Body.kind.in_(grant.on) if grant.on is not None else true()
            if grant.relation == Relation.MEMBER and (ids := self._seat_bodies(grant.roles)):
                terms.append(Body.id.in_(ids) & on)
            elif grant.relation == Relation.PARENT_MEMBER and (ids := self._seat_bodies(grant.roles)):
                terms.append(Body.parent_body_id.in_(ids))
            elif grant.relation in KIND_OF_RELATION and self._seat_bodies(
                grant.roles, KIND_OF_RELATION[grant.relation]
            ):
                terms.append(on)
        return or_(*terms) if terms else false()

    def scope(self, stmt: Select, body_column: Any, permission: str) -> Select:
        """Keep only rows whose body the permission holds on; the whole table for an unrestricted grant."""
        condition = self.body_condition(permission)
        if condition is None:
            return stmt
        return stmt.where(body_column.in_(select(Body.id).where(condition)))
