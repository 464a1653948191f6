"""Bodies (forum, AU, project board, subcommittees): read, edit, dissolve.

The standing bodies come from the seed and subcommittees from /subcommittees; this
package never creates a body.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.auth.permissions import acts_for
from app.bodies import guards  # noqa: F401  (registers the body rules)
from app.bodies.models import Body
from app.bodies.schemas import (
    SUBCOMMITTEE,
    WORKING_COMMITTEE,
    BodyOut,
    BodyUpdate,
    BodyWritten,
)
from app.context import RequestContext
from app.errors import Forbidden
from app.events import emit
from app.governance.transitions import StatefulResource, TransitionRequest
from app.http import check_if_match
from app.pagination import PageParams, paginate, where_equal
from app.resources import apply_changes, audited_update, get_or_404, oslo_date

PATH = "/api/v1/bodies"


def managing_body_id(body: Body) -> uuid.UUID | None:
    """Whose members run the body's composition: the AU runs itself and its subcommittees;
    the forum and the project board are composed by the secretariat alone."""
    if body.kind == WORKING_COMMITTEE:
        return body.id
    if body.kind == SUBCOMMITTEE:
        return body.parent_body_id
    return None


def _manages(ctx: RequestContext, body: Body) -> bool:
    """The secretariat, or an active member of the AU for the AU and its subcommittees."""
    if ctx.principal.is_secretariat:
        return True
    manager = managing_body_id(body)
    return manager is not None and acts_for(ctx.session, ctx.principal, manager, oslo_date(ctx.now))


def require_manager(ctx: RequestContext, body: Body, what: str) -> None:
    if not _manages(ctx, body):
        raise Forbidden(f"Only the secretariat, or a member of the AU for the AU and its subcommittees, may {what}.")


def list_bodies(
    ctx: RequestContext,
    page: PageParams,
    kind: str | None = None,
    status: str | None = None,
    parent_body_id: uuid.UUID | None = None,
) -> tuple[list[Body], str | None]:
    stmt = where_equal(select(Body), {Body.kind: kind, Body.status: status, Body.parent_body_id: parent_body_id})
    return paginate(ctx.session, stmt, Body.name, Body.id, page)


def get_body(ctx: RequestContext, body_id: uuid.UUID) -> Body:
    return get_or_404(ctx.session, Body, body_id, "body")


def update_body(ctx: RequestContext, body_id: uuid.UUID, data: BodyUpdate, if_match: str | None) -> Body:
    body = get_or_404(ctx.session, Body, body_id, "body", lock=True)
    if not (_manages(ctx, body) or acts_for(ctx.session, ctx.principal, body.id, oslo_date(ctx.now))):
        raise Forbidden("Only the secretariat, an active member of the body, or the AU for a subcommittee may change it.")
    check_if_match(if_match, body)
    with audited_update(ctx, body, BodyOut, "body"):
        apply_changes(body, data.model_dump(exclude_unset=True))
    return body


def _authorize_transition(ctx: RequestContext, body: Body, name: str) -> None:
    require_manager(ctx, body, f"{name} a body")


def _mark_dissolved(ctx: RequestContext, body: Body, _req: TransitionRequest) -> None:
    body.dissolved_at = ctx.now
    emit(ctx, "body.dissolved", body=body)


# Packages that react to a dissolution subscribe to "body.dissolved"; guards are added in rules/lifecycles.yaml.
body_lifecycle = StatefulResource(
    entity_type="body",
    path=PATH,
    tag="bodies",
    model=Body,
    schema=BodyOut,
    authorize=_authorize_transition,
    effects={"dissolve": _mark_dissolved},
    response_model=BodyWritten,
)
