"""The daily digest: from `mail_digest_hour` (Europe/Oslo) each day, the messages waiting for a person
as `daily` go out in one message, made once per person and day (the day's key is an occasion, as a
reminder's), by the worker's scan. A part whose seat ended before it is skipped, as a message is."""

from __future__ import annotations

import uuid
from datetime import datetime
from email import message_from_string
from email.message import EmailMessage
from email.policy import SMTP

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.memberships.models import Membership
from app.norwegian import OSLO, nb_date
from app.notifications import unsubscribe
from app.notifications.compose import Envelope, digest
from app.notifications.models import MailMessage
from app.notifications.queue import claim_occasion, next_position
from app.persons.models import Person

M = MailMessage
TOPIC = "digest"  # its unsubscribe link turns off every kind the person gets daily


def make_digests(session: Session, now: datetime, settings: Settings) -> int:
    """How many digests were written."""
    local = now.astimezone(OSLO)
    if local.hour < settings.mail_digest_hour:
        return 0
    waiting = session.scalars(select(M.person_id).where(M.status == "daily").distinct())
    made = 0
    for person_id in list(waiting):
        if claim_occasion(session, f"digest:{person_id}:{local.date()}", now):
            made += _digest(session, now, settings, person_id, nb_date(local.date()))
    return made


def _digest(session: Session, now: datetime, settings: Settings, person_id: uuid.UUID, day: str) -> int:
    rows = session.execute(
        select(M, Membership.end_date)
        .outerjoin(Membership, Membership.id == M.membership_id)
        .where(M.person_id == person_id, M.status == "daily")
        .order_by(M.created_at, M.position)
        .with_for_update(of=M)
    ).all()
    today = now.astimezone(OSLO).date()
    parts = [mail for mail, seat_end in rows if seat_end is None or seat_end >= today]
    ended = [mail.id for mail, seat_end in rows if seat_end is not None and seat_end < today]
    if ended:
        session.execute(update(M).where(M.id.in_(ended)).values(status="skipped", skipped_reason="setet endte"))
    person = session.get_one(Person, person_id)
    if not parts or not person.email:
        return 0
    mail_id = uuid.uuid4()
    link = unsubscribe.url(settings.public_base_url, unsubscribe.secret(session), person_id, TOPIC)
    envelope = Envelope(mail_id, person.name, person.email, settings.mail_from, now, link)
    messages = [message_from_string(p.raw or "", policy=SMTP) for p in parts]
    message = digest(envelope, day, [m for m in messages if isinstance(m, EmailMessage)])
    session.add(
        M(
            id=mail_id,
            kind="digest",
            created_at=now,
            position=next_position(session),
            person_id=person_id,
            to_address=person.email,
            subject=str(message["Subject"])[:500],
            raw=message.as_string(),
            status="pending",
            attempts=0,
        )
    )
    session.flush()
    session.execute(update(M).where(M.id.in_([p.id for p in parts])).values(status="digested", digest_id=mail_id))
    return 1
