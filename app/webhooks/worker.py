"""The delivery worker (`samordning worker`): sends each pending delivery as Standard Webhooks describe.

- In order per subscription: only a subscription's oldest pending delivery is sent, and only by the
  worker holding the subscription's lease. Workers claim subscriptions with `FOR NO KEY UPDATE SKIP
  LOCKED` (which does not block the API inserting deliveries that reference them) and write the lease
  in that transaction; nothing stays locked while a receiver is called.
- At least once: a delivery is marked delivered only after a 2xx; a worker killed mid-send leaves its
  lease to expire and the next worker sends the event again (same `webhook-id`).
- A failure holds the subscription back (exponential back-off with jitter); after failing for
  `webhooks_disable_after_days` it is switched off, its pending deliveries kept for when it is on again.
- A non-public event is sent only while the subscription's owner may read the body's work; otherwise
  the delivery is `withheld`. A subscription whose owner's token is revoked or expired is paused.
- One delivery never stops the worker: whatever goes wrong sending it is recorded as its failure.
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select, update

from app.config import Settings
from app.db import Database, utcnow
from app.webhooks import signing, ssrf, transport
from app.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from app.webhooks.owners import Owners, pause

log = logging.getLogger(__name__)

Sub, Delivery = WebhookSubscription, WebhookDelivery
CLAIM_BATCH = 1  # subscriptions per claim: one, so that idle workers find the others free
SEND_BATCH = 25  # deliveries sent before their outcomes are written in one transaction
DRAIN_ROUNDS = 8  # batches sent to one subscription before its lease is given back


@dataclass
class Attempt:
    status: int | None
    latency_ms: int
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def backoff(attempts: int, base: float, cap: float) -> timedelta:
    """Exponential with equal jitter: between half and all of base·2^(attempts-1), at most `cap`."""
    ceiling = min(cap, base * 2 ** min(attempts - 1, 30))
    return timedelta(seconds=ceiling / 2 + random.uniform(0, ceiling / 2))


def body_of(event: WebhookEvent) -> bytes:
    return json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False).encode()


class Worker:
    def __init__(self, db: Database, settings: Settings, worker_id: str | None = None) -> None:
        self.db = db
        self.settings = settings
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease = timedelta(seconds=settings.webhooks_lease_seconds)

    def run(self, stop: threading.Event, once: bool = False) -> None:
        """Deliver until `stop` is set; with `once`, until no subscription has anything due."""
        while not stop.is_set():
            claimed = self.claim()
            for sub_id in claimed:
                if stop.is_set():
                    break
                try:
                    self.drain(sub_id)
                except Exception:  # its lease runs out and it is tried again; the others go on
                    log.exception("webhook %s: draining failed", sub_id)
            if not claimed:
                if once:
                    return
                stop.wait(self.settings.webhooks_poll_seconds)

    def claim(self) -> list[uuid.UUID]:
        """Lease the subscriptions that have a delivery due and no other worker."""
        now = utcnow()
        due = (
            select(Sub.id)
            .where(
                Sub.active.is_(True),
                or_(Sub.retry_at.is_(None), Sub.retry_at <= now),
                or_(Sub.lease_until.is_(None), Sub.lease_until <= now),
                exists().where(Delivery.subscription_id == Sub.id, Delivery.status == "pending"),
            )
            .order_by(Sub.id)
            .limit(CLAIM_BATCH)
            .with_for_update(skip_locked=True, key_share=True, of=Sub)
        )
        with self.db.write_sessionmaker.begin() as session:
            ids = list(session.scalars(due))
            if ids:
                session.execute(
                    update(Sub).where(Sub.id.in_(ids)).values(lease_owner=self.id, lease_until=now + self.lease)
                )
        return ids

    def drain(self, sub_id: uuid.UUID) -> None:
        """Send the subscription's pending deliveries in order until one fails; then give the lease back."""
        try:
            for _ in range(DRAIN_ROUNDS):
                if not self._send_batch(sub_id):
                    break
        finally:
            with self.db.write_sessionmaker.begin() as session:
                session.execute(
                    update(Sub)
                    .where(Sub.id == sub_id, Sub.lease_owner == self.id)
                    .values(lease_owner=None, lease_until=None)
                )

    def _send_batch(self, sub_id: uuid.UUID) -> bool:
        """Send the oldest pending deliveries one after the other, stopping at the first failure, and
        record them in one transaction (killed before it, they are all sent again: at least once).
        Whether to go on."""
        now = utcnow()
        with self.db.sessionmaker() as session:
            sub = session.get(Sub, sub_id)
            if sub is None or sub.lease_owner != self.id or not sub.active:
                return False
            rows = session.execute(
                select(Delivery, WebhookEvent)
                .join(WebhookEvent, WebhookEvent.id == Delivery.event_id)
                .where(Delivery.subscription_id == sub_id, Delivery.status == "pending")
                .order_by(Delivery.created_at, Delivery.position, Delivery.id)
                .limit(SEND_BATCH)
            ).all()
            owners = Owners(session, now)
            lapsed = owners.lapsed(sub)
            readable = {event.id for _, event in rows if event.public or owners.may_read(sub, event.body_id)}
        if lapsed is not None:
            with self.db.write_sessionmaker.begin() as session:
                pause(session, [sub_id], lapsed)
            return False
        started = time.monotonic()
        outcomes: list[tuple[WebhookDelivery, Attempt | None]] = []
        for delivery, event in rows:
            # Within half the lease: no other worker can take the subscription over meanwhile.
            if time.monotonic() - started > self.lease.total_seconds() / 2:
                break
            attempt = self._send(sub, event, now) if event.id in readable else None
            outcomes.append((delivery, attempt))
            if attempt is not None and not attempt.succeeded:
                break
        return bool(outcomes) and self._record(sub_id, outcomes)

    def _send(self, sub: WebhookSubscription, event: WebhookEvent, now: datetime) -> Attempt:
        keys = [sub.secret]
        if sub.previous_secret and sub.previous_secret_expires_at and sub.previous_secret_expires_at > now:
            keys.append(sub.previous_secret)
        body = body_of(event)
        headers = signing.headers(keys, str(event.id), int(time.time()), body)
        allow_loopback = self.settings.webhooks_allow_loopback
        started = time.perf_counter()
        try:
            target = ssrf.parse(sub.url, allow_loopback)
            answer = transport.post(target, headers, body, self.settings.webhooks_timeout_seconds, allow_loopback)
        except ssrf.UnsafeTarget as exc:
            return Attempt(None, 0, f"refused: {exc}")
        except Exception as exc:  # refused, timed out, TLS, a malformed answer or anything else: a failed attempt
            return Attempt(None, round((time.perf_counter() - started) * 1000), f"{type(exc).__name__}: {exc}"[:1000])
        error = None if 200 <= answer.status < 300 else f"HTTP {answer.status}"
        return Attempt(answer.status, answer.latency_ms, error)

    def _record(self, sub_id: uuid.UUID, outcomes: list[tuple[WebhookDelivery, Attempt | None]]) -> bool:
        """Write the outcomes (None: withheld), unless the lease was lost meanwhile (then another worker
        sends them again). Whether the last one succeeded."""
        now = utcnow()
        settings = self.settings
        delivery, last = outcomes[-1]
        failure = last if last is not None and not last.succeeded else None
        with self.db.write_sessionmaker.begin() as session:
            sub_values: dict = {"lease_until": now + self.lease}
            if failure is not None:
                failing_since = session.scalar(select(Sub.failing_since).where(Sub.id == sub_id)) or now
                sub_values |= {
                    "failing_since": failing_since,
                    "retry_at": now
                    + backoff(
                        delivery.attempts + 1, settings.webhooks_retry_base_seconds, settings.webhooks_retry_max_seconds
                    ),
                }
                if now - failing_since >= timedelta(days=settings.webhooks_disable_after_days):
                    sub_values |= {
                        "active": False,
                        "version": Sub.version + 1,
                        "disabled_reason": f"every delivery failed since {failing_since.isoformat()}: {failure.error}"[
                            :300
                        ],
                    }
            elif any(attempt is not None for _, attempt in outcomes):
                sub_values |= {"failing_since": None, "retry_at": None}
            kept = session.execute(
                update(Sub).where(Sub.id == sub_id, Sub.lease_owner == self.id).values(**sub_values).returning(Sub.id)
            ).first()
            if kept is None:
                log.warning("lost the lease of webhook %s; its deliveries are sent again", sub_id)
                return False
            for delivery, attempt in outcomes:
                session.execute(update(Delivery).where(Delivery.id == delivery.id).values(**_outcome(attempt, now)))
        if failure is not None:
            log.info("webhook %s: delivery %s failed (%s)", sub_id, delivery.id, failure.error)
        return failure is None


def _outcome(attempt: Attempt | None, now: datetime) -> dict:
    if attempt is None:
        return {"status": "withheld"}
    return {
        "attempts": Delivery.attempts + 1,
        "last_attempt_at": now,
        "last_status_code": attempt.status,
        "last_latency_ms": attempt.latency_ms,
        "last_error": attempt.error,
        "status": "delivered" if attempt.succeeded else "pending",
        "delivered_at": now if attempt.succeeded else None,
    }
