from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response

from app.context import RequestContext, permit
from app.http import IfMatch, set_etag
from app.pagination import FreeText, Page, PageParams, page_params
from app.persons import service
from app.persons.schemas import PersonCreate, PersonOut, PersonUpdate, PersonWritten
from app.resources import created
from app.routing import Router

PATH = "/api/v1/persons"
router = Router(prefix=PATH, tags=["persons"])


@router.get("", response_model=Page[PersonOut], summary="List people by name")
def list_persons(
    ctx: Annotated[RequestContext, permit("person.read")],
    page: Annotated[PageParams, Depends(page_params)],
    organization_id: uuid.UUID | None = None,
    q: Annotated[FreeText, Query(description="Free text in the name.")] = None,
) -> Page[PersonOut]:
    items, cursor = service.list_persons(ctx, page, organization_id, q)
    return Page(items=items, next_cursor=cursor)


@router.post("", status_code=201, response_model=PersonWritten, summary="Register a person (secretariat only)")
def register_person(
    data: PersonCreate, ctx: Annotated[RequestContext, permit("person.register")], response: Response
) -> PersonWritten:
    person = service.register_person(ctx, data)
    created(response, person, PATH)
    return PersonWritten.model_validate(person)


@router.get("/{person_id}", response_model=PersonOut, summary="One person")
def get_person(
    person_id: uuid.UUID, ctx: Annotated[RequestContext, permit("person.read")], response: Response
) -> PersonOut:
    person, shown = service.get_person(ctx, person_id)
    set_etag(response, person)
    return shown


@router.patch(
    "/{person_id}",
    response_model=PersonWritten,
    summary="Change a person (the secretariat, or the person themself; send If-Match)",
)
def update_person(
    person_id: uuid.UUID,
    data: PersonUpdate,
    ctx: Annotated[RequestContext, permit("person.update")],
    response: Response,
    if_match: IfMatch = None,
) -> PersonWritten:
    person = service.update_person(ctx, person_id, data, if_match)
    set_etag(response, person)
    return PersonWritten.model_validate(person)
