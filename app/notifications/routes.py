from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from app.context import RequestContext, permit
from app.db import SessionDep
from app.notifications import service
from app.notifications.schemas import MailMessageOut, MailStatus, NotificationsChange, NotificationsOut
from app.pagination import Page, PageParams, one_or_more, page_params, split_values
from app.publication.website import templates
from app.routing import Router

router = Router(prefix="/api/v1/mail-messages", tags=["mail"])
me_router = Router(prefix="/api/v1/me/notifications", tags=["mail"])
# The one-click unsubscribe link of every message (RFC 8058): a page in bokmål, not part of the API.
unsubscribe_router = Router(prefix="/avmelding", include_in_schema=False)
extra_routers = [me_router, unsubscribe_router]
NOT_A_PERSON: dict[int | str, dict[str, Any]] = {404: {"description": "The caller is not a person (a system token)."}}


@router.get(
    "",
    response_model=Page[MailMessageOut],
    summary="List the e-mail sent to persons, newest first: what was sent, refused, skipped or still waits",
)
def list_mail_messages(
    ctx: Annotated[RequestContext, permit("mail.read")],
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[str | None, one_or_more(MailStatus)] = None,
    meeting_id: uuid.UUID | None = None,
) -> Page[MailMessageOut]:
    items, cursor = service.list_messages(ctx, page, split_values(status), meeting_id)
    return Page(items=[MailMessageOut.model_validate(m) for m in items], next_cursor=cursor)


@me_router.get(
    "",
    response_model=NotificationsOut,
    responses=NOT_A_PERSON,
    summary="Which e-mail one gets, kind by kind: on or off, at once or in a daily digest",
)
def get_notifications(ctx: Annotated[RequestContext, permit("notifications.read")]) -> NotificationsOut:
    return service.get_preferences(ctx)


@me_router.patch(
    "",
    operation_id="me_notifications_update",  # one resource per person, changed in place
    response_model=NotificationsOut,
    responses=NOT_A_PERSON,
    summary="Choose which e-mail one gets: turn a kind on or off, or have it at once or in a daily digest",
)
def update_notifications(
    data: NotificationsChange, ctx: Annotated[RequestContext, permit("notifications.choose")]
) -> NotificationsOut:
    """Turning a kind off also stops what of it waits to be sent; from `daily` to `immediate`, what waits
    for the digest is sent at once."""
    return service.change_preferences(ctx, data)


def _page(request: Request, token: str, label: str, done: bool) -> Response:
    html = templates.get_template("unsubscribe.html").render(
        section=None, label=label, done=done, action=request.url.path
    )
    return Response(html, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})


@unsubscribe_router.get("/{token}")
def unsubscribe_page(
    token: str, request: Request, session: SessionDep, _: Annotated[None, permit("public.read")]
) -> Response:
    """What the link turns off, and a button that does it (a GET changes nothing: link checkers follow links)."""
    return _page(request, token, service.unsubscribe_label(session, token), done=False)


@unsubscribe_router.post("/{token}")
def unsubscribe(
    token: str, request: Request, session: SessionDep, _: Annotated[None, permit("mail.unsubscribe")]
) -> Response:
    """The one-click POST (`List-Unsubscribe=One-Click`, from a mail program or the page's button)."""
    label = service.unsubscribe_by_link(session, request.app.state.clock(), token)
    return _page(request, token, label, done=True)
