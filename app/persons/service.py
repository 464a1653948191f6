"""People who hold seats. The secretariat registers them; a person may correct their own record."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, select

from app.bodies.models import Body
from app.context import RequestContext
from app.errors import Conflict
from app.http import check_if_match
from app.memberships.models import Membership
from app.norwegian import oslo_date
from app.organizations.models import Organization
from app.pagination import PageParams, paginate, where_contains, where_equal
from app.persons.models import Person
from app.persons.schemas import PersonCreate, PersonOut, PersonUpdate
from app.resources import (
    apply_changes,
    audited_update,
    create_audited,
    get_or_404,
    require_existing,
)


def _check_organization(ctx: RequestContext, organization_id: uuid.UUID | None) -> None:
    require_existing(ctx, Organization, {"organization_id": organization_id}, "organization")


def shown(ctx: RequestContext, persons: list[Person]) -> list[PersonOut]:
    """The persons as this caller may see them: the e-mail address only where `person.read_contact`
    holds (the person themself, the secretariat, members of a body the person sits in)."""
    bodies: dict[uuid.UUID, list[Body]] = defaultdict(list)
    rows = ctx.session.execute(
        select(Membership.person_id, Body)
        .join(Body, Body.id == Membership.body_id)
        .where(Membership.person_id.in_([p.id for p in persons]), Membership.active_on(oslo_date(ctx.now)))
    )
    for person_id, body in rows:
        bodies[person_id].append(body)
    return [
        PersonOut.model_validate(p)
        if ctx.access.may("person.read_contact", bodies[p.id], p.id)
        else PersonOut.model_validate(p).model_copy(update={"email": None})
        for p in persons
    ]


def list_persons(
    ctx: RequestContext, page: PageParams, organization_id: uuid.UUID | None = None, q: str | None = None
) -> tuple[list[PersonOut], str | None]:
    stmt = where_contains(where_equal(select(Person), {Person.organization_id: organization_id}), q, Person.name)
    persons, cursor = paginate(ctx.session, stmt, Person.name, Person.id, page)
    return shown(ctx, persons), cursor


def get_person(ctx: RequestContext, person_id: uuid.UUID) -> tuple[Person, PersonOut]:
    person = get_or_404(ctx.session, Person, person_id, "person")
    return person, shown(ctx, [person])[0]


def _check_email(ctx: RequestContext, email: str | None, person_id: uuid.UUID | None = None) -> None:
    """409 when another person has the address, whatever its case: sign-in compares addresses so."""
    if email is None:
        return
    stmt = select(Person.id).where(func.lower(Person.email) == email.lower())
    if person_id is not None:
        stmt = stmt.where(Person.id != person_id)
    if ctx.session.scalar(stmt.limit(1)) is not None:
        message = f"another person already has email {email!r}"
        raise Conflict(message, errors=[{"field": "body.email", "message": message}])


def register_person(ctx: RequestContext, data: PersonCreate) -> Person:
    _check_organization(ctx, data.organization_id)
    _check_email(ctx, data.email)
    return create_audited(ctx, Person(**data.model_dump()), PersonOut, "person")


def update_person(ctx: RequestContext, person_id: uuid.UUID, data: PersonUpdate, if_match: str | None) -> Person:
    person = get_or_404(ctx.session, Person, person_id, "person", lock=True)
    ctx.authorize(person_id=person.id)
    check_if_match(if_match, person)
    changes = data.model_dump(exclude_unset=True)
    if "organization_id" in changes:
        _check_organization(ctx, changes["organization_id"])
    if "email" in changes and (changes["email"] or "").lower() != (person.email or "").lower():
        # The address a person signs in by: a person who could change their own would also learn,
        # from the 409, whether another person has the address they tried.
        ctx.authorize(permission="person.change_email")
        _check_email(ctx, changes["email"], person.id)
    with audited_update(ctx, person, PersonOut, "person"):
        apply_changes(person, changes)
    return person
