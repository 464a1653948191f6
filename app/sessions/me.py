"""`GET /api/v1/me`: who the caller is, where it sits, and what the policy table lets it do there.

Computed by the same Access that enforces the table (app/auth/access.py), so the app shows no action
the API would refuse, nor hides one it would allow.
"""

from __future__ import annotations

from sqlalchemy import select

from app.auth.policy import POLICY
from app.bodies.models import Body
from app.context import RequestContext
from app.memberships.models import Membership
from app.norwegian import oslo_date
from app.persons.models import Person
from app.sessions.schemas import BodyPermissions, MeOut, SeatOut, SessionTimes
from app.sessions.service import ROLE_LABELS_NB, seats_query, session_times


def me(ctx: RequestContext) -> MeOut:
    principal, access, session = ctx.principal, ctx.access, ctx.session
    bodies = list(session.scalars(select(Body).order_by(Body.name, Body.id))) if access.seats else []
    on_body = {body.id: [p for p in POLICY if access.may(p, [body])] for body in bodies}
    # Regardless of body: held without an object, or on every body there is (the AU's compliance.read).
    held = [p for p in POLICY if access.may(p) or (bodies and all(p in on_body[b.id] for b in bodies))]
    permissions = [
        BodyPermissions(body_id=body.id, body_name=body.name, permissions=extra)
        for body in bodies
        if (extra := [p for p in on_body[body.id] if p not in held])
    ]
    seats, name = [], principal.name
    if principal.person_id is not None:
        name = session.scalar(select(Person.name).where(Person.id == principal.person_id)) or name
        rows = session.execute(seats_query(oslo_date(ctx.now)).where(Membership.person_id == principal.person_id)).all()
        seats = [
            SeatOut(
                membership_id=m.id,
                body_id=m.body_id,
                body_name=body_name,
                body_kind=body_kind,
                role=m.role,
                role_label_nb=ROLE_LABELS_NB[m.role],
                starts_on=m.start_date,
                ends_on=m.end_date,
            )
            for m, body_name, body_kind in rows
        ]
    times = session_times(session, principal.session_id) if principal.session_id else None
    return MeOut(
        kind=principal.kind,
        name=name,
        person_id=principal.person_id,
        seats=seats,
        permissions=permissions,
        global_permissions=held,
        session=SessionTimes(expires_at=times[0], idle_expires_at=times[1]) if times else None,
    )
