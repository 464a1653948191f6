"""Whose a subscription is: its owner's credential and seats today decide what it may receive, when
an event is written to the outbox and again when it is sent."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.auth.access import Access, load_seats
from app.auth.models import ApiToken
from app.auth.principal import Principal, PrincipalKind
from app.bodies.models import Body
from app.norwegian import oslo_date
from app.webhooks.models import WebhookSubscription

REVOKED = "paused: the token that created it was revoked"
EXPIRED = "paused: the token that created it has expired"


def lapsed(token: ApiToken | None, now: datetime) -> str | None:
    """Why the owner's token no longer holds, or None while it does."""
    if token is None or token.revoked_at is not None:
        return REVOKED
    if token.expires_at is not None and token.expires_at <= now:
        return EXPIRED
    return None


def pause(session: Session, ids: list[uuid.UUID], reason: str) -> None:
    """Switch subscriptions off with the reason their owner reads; their pending deliveries wait."""
    if ids:
        session.execute(
            update(WebhookSubscription)
            .where(WebhookSubscription.id.in_(ids), WebhookSubscription.active.is_(True))
            .values(active=False, disabled_reason=reason, version=WebhookSubscription.version + 1)
        )


def pause_for_token(session: Session, token_id: uuid.UUID) -> None:
    """A revoked token's subscriptions stop at once, not at their next delivery."""
    ids = list(session.scalars(select(WebhookSubscription.id).where(WebhookSubscription.owner_token_id == token_id)))
    pause(session, ids, REVOKED)


class Owners:
    """What each subscription's owner may receive today; seats are read once per owner."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self._access: dict[uuid.UUID, Access] = {}

    def lapsed(self, sub: WebhookSubscription) -> str | None:
        """Why the owner's token no longer holds; None for an owner without one (a JWT, a session),
        whose rights are read from its seats at each event."""
        if sub.owner_token_id is None:
            return None
        return lapsed(self.session.get(ApiToken, sub.owner_token_id), self.now)

    def may_read(self, sub: WebhookSubscription, body_id: uuid.UUID | None) -> bool:
        """Whether the owner may read the work of the body a non-public event belongs to."""
        access = self._access.get(sub.id)
        if access is None:
            principal = Principal(
                kind=cast(PrincipalKind, sub.owner_kind),
                token_id=sub.owner_token_id,
                name=sub.owner_name,
                person_id=sub.owner_person_id,
                organization_id=sub.owner_organization_id,
            )
            access = self._access[sub.id] = Access(principal, load_seats(self.session, principal, oslo_date(self.now)))
        return access.may("work.read", [self.session.get(Body, body_id)])
