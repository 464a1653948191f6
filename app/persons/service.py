"""People who hold seats. The secretariat registers them; a person may correct their own record."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.context import RequestContext
from app.errors import Forbidden
from app.http import check_if_match
from app.organizations.models import Organization
from app.pagination import PageParams, paginate, where_equal
from app.persons.models import Person
from app.persons.schemas import PersonCreate, PersonOut, PersonUpdate
from app.resources import (
    apply_changes,
    audited_update,
    create_audited,
    ensure_unique,
    get_or_404,
    require_existing,
)


def _check_organization(ctx: RequestContext, organization_id: uuid.UUID | None) -> None:
    require_existing(ctx, Organization, {"organization_id": organization_id}, "organization")


def list_persons(
    ctx: RequestContext, page: PageParams, organization_id: uuid.UUID | None = None
) -> tuple[list[Person], str | None]:
    stmt = where_equal(select(Person), {Person.organization_id: organization_id})
    return paginate(ctx.session, stmt, Person.name, Person.id, page)


def get_person(ctx: RequestContext, person_id: uuid.UUID) -> Person:
    return get_or_404(ctx.session, Person, person_id, "person")


def register_person(ctx: RequestContext, data: PersonCreate) -> Person:
    if not ctx.principal.is_secretariat:
        raise Forbidden("Only the secretariat registers people.")
    _check_organization(ctx, data.organization_id)
    ensure_unique(ctx.session, Person.email, data.email, "person")
    return create_audited(ctx, Person(**data.model_dump()), PersonOut, "person")


def update_person(ctx: RequestContext, person_id: uuid.UUID, data: PersonUpdate, if_match: str | None) -> Person:
    if not (ctx.principal.is_secretariat or ctx.principal.person_id == person_id):
        raise Forbidden("Only the secretariat or the person themself may change a person.")
    person = get_or_404(ctx.session, Person, person_id, "person", lock=True)
    check_if_match(if_match, person)
    changes = data.model_dump(exclude_unset=True)
    if "organization_id" in changes:
        _check_organization(ctx, changes["organization_id"])
    ensure_unique(ctx.session, Person.email, changes.get("email"), "person", person.id)
    with audited_update(ctx, person, PersonOut, "person"):
        apply_changes(person, changes)
    return person
