"""Bodies (forum, AU, project board, subcommittees): read, edit, dissolve.

The standing bodies come from the seed and subcommittees from /subcommittees; this
package never creates a body.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.bodies import guards  # noqa: F401  (registers the body rules)
from app.bodies.models import Body
from app.bodies.schemas import BODY_ACTIONS, SUBCOMMITTEE, BodyRecord, BodyUpdate, BodyWritten
from app.context import RequestContext
from app.errors import InvalidInput, NotFound
from app.events import emit
from app.governance.transitions import StatefulResource, TransitionRequest
from app.http import check_if_match
from app.pagination import PageParams, paginate, where_equal
from app.resources import View, apply_changes, audited_update, get_or_404

PATH = "/api/v1/bodies"
VIEW = View(BODY_ACTIONS, "body")  # a body is the body of its own work


def list_bodies(
    ctx: RequestContext,
    page: PageParams,
    kind: str | None = None,
    status: str | None = None,
    parent_body_id: uuid.UUID | None = None,
) -> tuple[list[Body], str | None]:
    stmt = where_equal(select(Body), {Body.kind: kind, Body.status: status, Body.parent_body_id: parent_body_id})
    bodies, cursor = paginate(ctx.session, stmt, Body.name, Body.id, page)
    return [VIEW.present(ctx, b, b) for b in bodies], cursor


def get_body(ctx: RequestContext, body_id: uuid.UUID) -> Body:
    body = get_or_404(ctx.session, Body, body_id, "body")
    return VIEW.present(ctx, body, body)


def load_body(ctx: RequestContext, body_id: uuid.UUID, *, lock: bool = False) -> tuple[Body, Body]:
    """A body is the body of its own work: 404 unless the caller may read bodies (body.read) on it."""
    body = get_or_404(ctx.session, Body, body_id, "body", lock=lock)
    if not ctx.may(body, permission="body.read"):
        raise NotFound(f"body {body_id} does not exist")
    return body, body


def update_body(ctx: RequestContext, body_id: uuid.UUID, data: BodyUpdate, if_match: str | None) -> Body:
    body = get_or_404(ctx.session, Body, body_id, "body", lock=True)
    check_if_match(if_match, body)
    ctx.authorize(body)
    changes = data.model_dump(exclude_unset=True)
    if body.kind == SUBCOMMITTEE and "deadline" in changes and changes["deadline"] is None:
        raise InvalidInput("deadline", "a subcommittee keeps a deadline: move it rather than remove it")
    with audited_update(ctx, body, BodyRecord, "body"):
        apply_changes(body, changes)
    return VIEW.present(ctx, body, body)


def _mark_dissolved(ctx: RequestContext, body: Body, _req: TransitionRequest) -> None:
    body.dissolved_at = ctx.now
    emit(ctx, "body.dissolved", body=body)


# Packages that react to a dissolution subscribe to "body.dissolved"; guards are added in rules/lifecycles.yaml.
body_lifecycle = StatefulResource(
    entity_type="body",
    path=PATH,
    tag="bodies",
    schema=BodyRecord,
    view=VIEW,
    load_visible=load_body,
    permission="body.manage",
    read_permission="body.read",
    effects={"dissolve": _mark_dissolved},
    response_model=BodyWritten,
)
