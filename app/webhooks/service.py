"""Subscriptions: who is told what, where. Each principal sees and manages its own; the secretariat all."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, select, true

from app.config import get_settings
from app.context import RequestContext
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.http import check_if_match
from app.pagination import PageParams, paginate
from app.resources import apply_changes, audited_update, create_audited
from app.webhooks import (
    outbox,  # noqa: F401  (subscribes the outbox to the domain events)
    ssrf,
)
from app.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from app.webhooks.schemas import (
    WebhookCreate,
    WebhookDeliveryOut,
    WebhookOut,
    WebhookUpdate,
)
from app.webhooks.signing import new_secret

# How long a rotated secret keeps signing beside the new one, so receivers can switch without a gap.
ROTATION_OVERLAP = timedelta(hours=24)


def _checked_url(url: str) -> str:
    """The URL as it will be called (stored so: what the owner reads back is what is sent to)."""
    try:
        return ssrf.check(url, get_settings().webhooks_allow_loopback)
    except ssrf.UnsafeTarget as exc:
        raise InvalidInput("url", str(exc)) from exc


def _check_non_public(ctx: RequestContext, include_non_public: bool | None) -> None:
    """Non-public events only for who may read some body's work; each event is filtered at delivery."""
    if include_non_public and not ctx.access.holds_somewhere("work.read"):
        raise Forbidden("Not permitted: non-public events are for those who may read a body's work (work.read).")


def _owned(ctx: RequestContext) -> Any:
    """The caller's own subscriptions: a person's by person, an agency system's by its name
    (organization and client); never the NULL person of the secretariat's or a system's."""
    principal = ctx.principal
    if principal.is_secretariat:
        return true()
    if principal.kind == "system":
        return and_(WebhookSubscription.owner_kind == "system", WebhookSubscription.owner_name == principal.name)
    return and_(WebhookSubscription.owner_kind == "person", WebhookSubscription.owner_person_id == principal.person_id)


def load(ctx: RequestContext, webhook_id: uuid.UUID) -> WebhookSubscription:
    """The subscription, 404 unless the caller owns it (or is the secretariat)."""
    sub = ctx.session.scalar(select(WebhookSubscription).where(WebhookSubscription.id == webhook_id, _owned(ctx)))
    if sub is None:
        raise NotFound(f"webhook {webhook_id} does not exist")
    return sub


def create(ctx: RequestContext, data: WebhookCreate) -> WebhookSubscription:
    _check_non_public(ctx, data.include_non_public)
    url = _checked_url(data.url)
    principal = ctx.principal
    sub = WebhookSubscription(
        url=url,
        description=data.description,
        event_types=list(dict.fromkeys(data.event_types)),
        include_non_public=data.include_non_public,
        active=True,
        secret=new_secret(),
        owner_kind=principal.kind,
        owner_name=principal.name,
        owner_person_id=principal.person_id,
        owner_organization_id=principal.organization_id,
        owner_token_id=principal.token_id,
    )
    return create_audited(ctx, sub, WebhookOut, "webhook")


def list_subscriptions(ctx: RequestContext, page: PageParams) -> tuple[list[WebhookSubscription], str | None]:
    stmt = select(WebhookSubscription).where(_owned(ctx))
    return paginate(ctx.session, stmt, WebhookSubscription.created_at, WebhookSubscription.id, page)


def update(
    ctx: RequestContext, webhook_id: uuid.UUID, data: WebhookUpdate, if_match: str | None
) -> WebhookSubscription:
    sub = load(ctx, webhook_id)
    check_if_match(if_match, sub)
    changes = data.model_dump(exclude_unset=True)
    for name in ("url", "event_types", "include_non_public", "active"):
        if name in changes and changes[name] is None:
            raise InvalidInput(name, "must not be null")
    _check_non_public(ctx, changes.get("include_non_public"))
    if "url" in changes:
        changes["url"] = _checked_url(changes["url"])
    if "event_types" in changes:
        changes["event_types"] = list(dict.fromkeys(changes["event_types"]))
    with audited_update(ctx, sub, WebhookOut, "webhook"):
        if changes.get("active") and not sub.active:
            # Switched on again: resume now, from the oldest delivery still pending.
            changes |= {"disabled_reason": None, "failing_since": None, "retry_at": None}
        apply_changes(sub, changes)
    return sub


def delete(ctx: RequestContext, webhook_id: uuid.UUID) -> None:
    sub = load(ctx, webhook_id)
    ctx.audit("delete", "webhook", sub.id, WebhookOut.model_validate(sub).model_dump(mode="json"), None)
    ctx.session.delete(sub)


def rotate_secret(ctx: RequestContext, webhook_id: uuid.UUID, if_match: str | None) -> WebhookSubscription:
    sub = load(ctx, webhook_id)
    check_if_match(if_match, sub)
    sub.previous_secret, sub.previous_secret_expires_at = sub.secret, ctx.now + ROTATION_OVERLAP
    sub.secret = new_secret()
    ctx.session.flush()
    ctx.audit("rotate_secret", "webhook", sub.id, None, None)  # the secrets themselves are never logged
    return sub


def _delivery_out(delivery: WebhookDelivery, event_type: str) -> WebhookDeliveryOut:
    fields = {name: getattr(delivery, name) for name in WebhookDeliveryOut.model_fields if name != "event_type"}
    return WebhookDeliveryOut(**fields, event_type=event_type)


def list_deliveries(
    ctx: RequestContext, webhook_id: uuid.UUID, page: PageParams
) -> tuple[list[WebhookDeliveryOut], str | None]:
    """Newest first: what was sent, what answered, what waits."""
    load(ctx, webhook_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == webhook_id)
    rows, cursor = paginate(ctx.session, stmt, WebhookDelivery.created_at, WebhookDelivery.id, page, descending=True)
    types = (
        dict(
            ctx.session.execute(
                select(WebhookEvent.id, WebhookEvent.type).where(WebhookEvent.id.in_({d.event_id for d in rows}))
            ).all()
        )
        if rows
        else {}
    )
    return [_delivery_out(d, types[d.event_id]) for d in rows], cursor


def redeliver(ctx: RequestContext, webhook_id: uuid.UUID, delivery_id: uuid.UUID) -> WebhookDeliveryOut:
    """Send the event again, after what is pending now (same `webhook-id`: receivers deduplicate by it)."""
    sub = load(ctx, webhook_id)
    original = ctx.session.get(WebhookDelivery, delivery_id)
    if original is None or original.subscription_id != sub.id:
        raise NotFound(f"delivery {delivery_id} of webhook {webhook_id} does not exist")
    if original.status == "pending":
        raise Conflict(f"delivery {delivery_id} is still pending: it is retried by itself")
    event = ctx.session.get_one(WebhookEvent, original.event_id)
    again = WebhookDelivery(
        subscription_id=sub.id, event_id=event.id, created_at=ctx.now, position=0, status="pending", attempts=0
    )
    ctx.session.add(again)
    ctx.session.flush()
    ctx.audit("redeliver", "webhook", sub.id, None, {"delivery_id": str(again.id), "event_id": str(event.id)})
    return _delivery_out(again, event.type)
