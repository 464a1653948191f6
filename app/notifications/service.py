"""What was sent (the secretariat's view of the mail outbox), and each person's choice of what to get."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.audit.service import record
from app.context import RequestContext
from app.errors import NotFound
from app.notifications import (
    outbox,  # noqa: F401  (subscribes the outbox to the meeting events)
    unsubscribe,
)
from app.notifications.compose import KIND_TOPIC, TOPICS
from app.notifications.digest import TOPIC as DIGEST
from app.notifications.models import MailMessage, NotificationPreference
from app.notifications.queue import TURNED_OFF
from app.notifications.schemas import NotificationsChange, NotificationsOut, TopicChoice
from app.pagination import PageParams, paginate, where_equal
from app.persons.models import Person


def list_messages(
    ctx: RequestContext, page: PageParams, status: list[str] | None, meeting_id: uuid.UUID | None
) -> tuple[list[MailMessage], str | None]:
    """Newest first."""
    stmt = where_equal(select(MailMessage), {MailMessage.status: status, MailMessage.meeting_id: meeting_id})
    return paginate(ctx.session, stmt, MailMessage.created_at, MailMessage.id, page, descending=True)


def _person_id(ctx: RequestContext) -> uuid.UUID:
    if ctx.principal.person_id is None:
        raise NotFound(
            "the caller is not a person, and gets no e-mail", "Du er ikke registrert som person og får ikke e-post."
        )
    return ctx.principal.person_id


def _choices(session: Session, person_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    chosen = {
        row.topic: row
        for row in session.scalars(select(NotificationPreference).where(NotificationPreference.person_id == person_id))
    }
    return {
        topic: {
            "enabled": chosen[topic].enabled if topic in chosen else True,
            "delivery": chosen[topic].delivery if topic in chosen else "immediate",
            "label": label,
        }
        for topic, label in TOPICS.items()
    }


def get_preferences(ctx: RequestContext) -> NotificationsOut:
    person_id = _person_id(ctx)
    return NotificationsOut(**{t: TopicChoice(**c) for t, c in _choices(ctx.session, person_id).items()})


def change_preferences(ctx: RequestContext, data: NotificationsChange) -> NotificationsOut:
    person_id = _person_id(ctx)
    before = _choices(ctx.session, person_id)
    for topic, change in data.model_dump(exclude_none=True).items():
        choose(ctx.session, ctx.now, person_id, topic, **change)
    after = _choices(ctx.session, person_id)
    ctx.audit("update", "notification_preferences", person_id, before, after)
    return NotificationsOut(**{t: TopicChoice(**c) for t, c in after.items()})


def choose(
    session: Session,
    now: datetime,
    person_id: uuid.UUID,
    topic: str,
    enabled: bool | None = None,
    delivery: str | None = None,
) -> None:
    """Record one choice, and apply it to what waits: turned off, it is not sent; from daily to
    immediate, it is sent now; from immediate to daily, what already waits is sent as it was."""
    row = session.get(NotificationPreference, (person_id, topic), with_for_update=True)
    if row is None:
        row = NotificationPreference(person_id=person_id, topic=topic, enabled=True, delivery="immediate")
        session.add(row)
    if enabled is not None:
        row.enabled = enabled
    if delivery is not None:
        row.delivery = delivery
    row.updated_at = now
    kinds = [kind for kind, t in KIND_TOPIC.items() if t == topic]
    waiting = update(MailMessage).where(MailMessage.person_id == person_id, MailMessage.kind.in_(kinds))
    if not row.enabled:
        session.execute(
            waiting.where(MailMessage.status.in_(("pending", "daily")), MailMessage.lease_owner.is_(None)).values(
                status="skipped", skipped_reason=TURNED_OFF
            )
        )
    elif row.delivery == "immediate":
        session.execute(waiting.where(MailMessage.status == "daily").values(status="pending"))


def _unsubscribe_target(session: Session, token: str) -> tuple[uuid.UUID, str]:
    """The person and kind a link names; 404 for a link this server did not sign."""
    try:
        person_id, topic = unsubscribe.read(unsubscribe.secret(session), token)
    except unsubscribe.BadToken as exc:
        raise NotFound("no such unsubscribe link", "Lenken for å melde seg av er ikke gyldig.") from exc
    if topic not in TOPICS and topic != DIGEST or session.get(Person, person_id) is None:
        raise NotFound("no such unsubscribe link", "Lenken for å melde seg av er ikke gyldig.")
    return person_id, topic


def unsubscribe_label(session: Session, token: str) -> str:
    """What the link turns off, in bokmål."""
    return _label(_unsubscribe_target(session, token)[1])


def unsubscribe_by_link(session: Session, now: datetime, token: str) -> str:
    """Turn off the kind the link names (the digest's: every kind the person gets daily); the same again
    changes nothing. What was turned off, in bokmål."""
    person_id, topic = _unsubscribe_target(session, token)
    before = _choices(session, person_id)
    topics = [t for t, c in before.items() if c["enabled"] and c["delivery"] == "daily"] if topic == DIGEST else [topic]
    for each in topics:
        choose(session, now, person_id, each, enabled=False)
    record(
        session,
        f"person:{person_id}",
        "unsubscribe",
        "notification_preferences",
        person_id,
        before,
        _choices(session, person_id),
    )
    return _label(topic)


def _label(topic: str) -> str:
    return "den daglige oversikten" if topic == DIGEST else TOPICS[topic].lower()
