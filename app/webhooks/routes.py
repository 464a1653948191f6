from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Response

from app.context import RequestContext, permit
from app.http import IfMatch, set_etag
from app.pagination import Page, PageParams, page_params
from app.resources import created
from app.routing import Router
from app.webhooks import service
from app.webhooks.schemas import (
    WebhookCreate,
    WebhookDeliveryOut,
    WebhookOut,
    WebhookSecret,
    WebhookUpdate,
)

PATH = "/api/v1/webhooks"
router = Router(prefix=PATH, tags=["webhooks"])
Manage = Annotated[RequestContext, permit("webhook.manage")]
Read = Annotated[RequestContext, permit("webhook.read")]


def _with_secret(sub: object) -> WebhookSecret:
    return WebhookSecret(**WebhookOut.model_validate(sub).model_dump(), secret=sub.secret)  # type: ignore[attr-defined]


@router.post(
    "",
    status_code=201,
    response_model=WebhookSecret,
    summary="Subscribe a URL to events; the answer shows the signing secret, this once",
)
def create_webhook(data: WebhookCreate, ctx: Manage, response: Response) -> WebhookSecret:
    sub = service.create(ctx, data)
    created(response, sub, PATH)
    return _with_secret(sub)


@router.get(
    "", response_model=Page[WebhookOut], summary="List the caller's webhook subscriptions (the secretariat: all)"
)
def list_webhooks(ctx: Read, page: Annotated[PageParams, Depends(page_params)]) -> Page[WebhookOut]:
    items, cursor = service.list_subscriptions(ctx, page)
    return Page(items=[WebhookOut.model_validate(s) for s in items], next_cursor=cursor)


@router.get("/{webhook_id}", response_model=WebhookOut, summary="One webhook subscription")
def get_webhook(webhook_id: uuid.UUID, ctx: Read, response: Response) -> WebhookOut:
    sub = service.load(ctx, webhook_id)
    set_etag(response, sub)
    return WebhookOut.model_validate(sub)


@router.patch(
    "/{webhook_id}",
    response_model=WebhookOut,
    summary="Change a subscription's URL, event types or switch it on and off",
)
def update_webhook(
    webhook_id: uuid.UUID,
    data: WebhookUpdate,
    ctx: Manage,
    response: Response,
    if_match: IfMatch = None,
) -> WebhookOut:
    sub = service.update(ctx, webhook_id, data, if_match)
    set_etag(response, sub)
    return WebhookOut.model_validate(sub)


@router.delete("/{webhook_id}", status_code=204, summary="Delete a subscription and its delivery log")
def delete_webhook(webhook_id: uuid.UUID, ctx: Manage) -> Response:
    service.delete(ctx, webhook_id)
    return Response(status_code=204)


@router.post(
    "/{webhook_id}/rotate-secret",
    response_model=WebhookSecret,
    summary="Replace the signing secret; the old one signs beside it for 24 hours",
)
def rotate_webhook_secret(
    webhook_id: uuid.UUID,
    ctx: Manage,
    response: Response,
    if_match: IfMatch = None,
) -> WebhookSecret:
    sub = service.rotate_secret(ctx, webhook_id, if_match)
    set_etag(response, sub)
    return _with_secret(sub)


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[WebhookDeliveryOut],
    summary="The delivery log, newest first: status, attempts, the receiver's status code and latency",
)
def list_webhook_deliveries(
    webhook_id: uuid.UUID,
    ctx: Read,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[WebhookDeliveryOut]:
    items, cursor = service.list_deliveries(ctx, webhook_id, page)
    return Page(items=items, next_cursor=cursor)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    response_model=WebhookDeliveryOut,
    summary="Send a delivered (or withheld) event again, after what is pending",
)
def redeliver_webhook_event(webhook_id: uuid.UUID, delivery_id: uuid.UUID, ctx: Manage) -> WebhookDeliveryOut:
    return service.redeliver(ctx, webhook_id, delivery_id)
