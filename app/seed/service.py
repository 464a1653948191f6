"""Loads the arrangement (and, on request, fictional demo people) into the database, idempotently.

Every row is matched on its natural key (organization and body by name, person by e-mail, membership
by body, person, role and start), created when missing and brought back to the source's values when
it differs; a second run therefore changes nothing and writes no audit event.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

from fastapi.encoders import jsonable_encoder
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from app.audit.service import record
from app.bodies.models import Body
from app.memberships.models import Membership
from app.organizations.models import Organization
from app.persons.models import Person
from app.seed import data

ACTOR = "system:seed"


def upsert(session: Session, entity_type: str, model: type, key: dict[str, Any], values: dict[str, Any]) -> Any:
    """The row with `key`, created or brought back to `values`; audits and counts what it changed.

    Public so that demo steps of other packages create their rows the same idempotent way.
    """
    row = session.scalars(select(model).filter_by(**key)).first()
    if row is None:
        row = model(**key, **values)
        session.add(row)
        session.flush()  # assigns id and defaults, so the audit "after" is complete
        record(session, ACTOR, "create", entity_type, row.id, None, _snapshot(row))
        _counts(session, "created")[entity_type] += 1
        return row
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        before = _snapshot(row)
        for k, v in changed.items():
            setattr(row, k, v)
        session.flush()
        record(session, ACTOR, "update", entity_type, row.id, before, _snapshot(row))
        _counts(session, "updated")[entity_type] += 1
    return row


def _counts(session: Session, what: str) -> Counter[str]:
    return session.info.setdefault("seed", {}).setdefault(what, Counter())


def _summary(session: Session) -> str:
    def fmt(what: str) -> str:
        counter = _counts(session, what)
        return ", ".join(f"{n} {kind}" for kind, n in sorted(counter.items())) or "nothing"

    return f"seed: created {fmt('created')}; updated {fmt('updated')}"


def _snapshot(row: Any) -> dict[str, Any]:
    return jsonable_encoder({attr.key: getattr(row, attr.key) for attr in inspect(row).mapper.column_attrs})


def _organizations(session: Session) -> None:
    for org in data.ORGANIZATIONS:
        upsert(
            session,
            "organization",
            Organization,
            {"name": org.name},
            {
                "short_name": org.short_name,
                "collaboration_actor": org.collaboration_actor,
                "central_health_administration": org.central_health_administration,
                "stakeholder": org.stakeholder,
                "responsibilities": list(org.responsibilities),
            },
        )


def _bodies(session: Session) -> None:
    for body in data.BODIES:
        upsert(
            session,
            "body",
            Body,
            {"name": body.name},
            {"kind": body.kind, "short_name": body.short_name, "mandate": body.mandate},
        )


def standing_body(session: Session, kind: str) -> Body:
    """The seeded forum, AU or project board."""
    name = next(b.name for b in data.BODIES if b.kind == kind)
    return session.scalars(select(Body).where(Body.name == name)).one()


def organization_id(session: Session, name: str) -> uuid.UUID:
    return session.scalars(select(Organization.id).where(Organization.name == name)).one()


def _person(session: Session, person: data.DemoPerson) -> Person:
    return upsert(
        session,
        "person",
        Person,
        {"email": person.email},
        {
            "name": person.name,
            "title": person.title,
            "organization_id": organization_id(session, person.organization),
        },
    )


def _seat(session: Session, body: Body, person: data.DemoPerson, role: str, **values: Any) -> Membership:
    return upsert(
        session,
        "membership",
        Membership,
        {"body_id": body.id, "person_id": _person(session, person).id, "role": role, "start_date": data.DEMO_START},
        {"organization_id": organization_id(session, person.organization), "end_date": None, **values},
    )


def seed_demo_compositions(session: Session) -> None:
    """The 2023 composition of the forum, the AU and the project board, with fictional people, and
    an officer of the secretariat."""
    _person(session, data.DEMO_SECRETARIAT)
    for composition in data.DEMO_COMPOSITIONS:
        body = standing_body(session, composition.body_kind)
        for seat in composition.seats:
            membership = _seat(session, body, seat.person, seat.role, allocation_percent=seat.allocation_percent)
            if seat.deputy is not None:
                _seat(
                    session,
                    body,
                    seat.deputy,
                    "deputy",
                    allocation_percent=None,
                    deputy_for_membership_id=membership.id,
                )


# Run in order by `seed(demo=True)`. Other packages append their own demo steps (meetings, cases …);
# a step creates its rows with `upsert` so that seeding stays idempotent and audited.
def seed_demo_record(session: Session) -> None:
    """Meetings, cases and the public record, walked through the real services (app/seed/demo_record.py)."""
    from app.seed.demo_record import (
        seed_demo_record as step,  # lazy: the services import this module
    )

    step(session)


DEMO_STEPS: list[Callable[[Session], None]] = [seed_demo_compositions, seed_demo_record]


def seed(session: Session, demo: bool = False) -> str:
    """Load the arrangement; with `demo`, also the fictional people and whatever DEMO_STEPS add."""
    session.info.pop("seed", None)
    _organizations(session)
    _bodies(session)
    if demo:
        for step in DEMO_STEPS:
            step(session)
    session.flush()
    return _summary(session)
