"""Writing messages to the outbox, one per person, in the transaction that caused them, as each person
chose: a kind turned off is recorded as skipped, one chosen daily waits for the digest (`daily`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import upsert_insert
from app.notifications import unsubscribe
from app.notifications.compose import KIND_TOPIC, Envelope
from app.notifications.models import MailMessage, NotificationPreference, ReminderOccasion
from app.persons.models import Person

_POSITION = "mail.position"  # session.info: messages written so far in this transaction
TURNED_OFF = "meldt av av mottakeren"


@dataclass
class Addressee:
    person: Person
    seat_id: uuid.UUID | None  # the seat it is sent for: ended before sending, it is not sent
    deputy_for: str | None = None  # a fixed deputy: the member's name


def preferences(
    session: Session, person_ids: Sequence[uuid.UUID], topic: str
) -> dict[uuid.UUID, NotificationPreference]:
    rows = session.scalars(
        select(NotificationPreference).where(
            NotificationPreference.person_id.in_(person_ids), NotificationPreference.topic == topic
        )
    )
    return {row.person_id: row for row in rows}


def claim_occasion(session: Session, key: str, now: datetime) -> bool:
    """Insert an occasion's key (a reminder's, a day's digest); False when it is there already: another
    worker's, whose transaction this one waited for."""
    inserted = session.execute(
        upsert_insert(session, ReminderOccasion)
        .values(key=key, created_at=now)
        .on_conflict_do_nothing()
        .returning(ReminderOccasion.key)
    ).first()
    return inserted is not None


def next_position(session: Session) -> int:
    position = session.info.get(_POSITION, 0)
    session.info[_POSITION] = position + 1
    return position


def queue(
    session: Session,
    now: datetime,
    kind: str,
    subject: str,
    addressees: Sequence[Addressee],
    render: Callable[[Envelope, Addressee], EmailMessage],
    meeting_id: uuid.UUID | None = None,
) -> None:
    if not addressees:
        return
    settings = get_settings()
    topic = KIND_TOPIC[kind]
    chosen = preferences(session, [a.person.id for a in addressees], topic)
    key = unsubscribe.secret(session)
    for addressee in addressees:
        person = addressee.person
        mail = MailMessage(
            id=uuid.uuid4(),
            kind=kind,
            created_at=now,
            position=next_position(session),
            person_id=person.id,
            membership_id=addressee.seat_id,
            meeting_id=meeting_id,
            to_address=person.email,
            subject=subject[:500],
            status="pending",
            attempts=0,
        )
        choice = chosen.get(person.id)
        if choice is not None and not choice.enabled:
            mail.status, mail.skipped_reason = "skipped", TURNED_OFF
        elif not person.email:
            mail.status, mail.skipped_reason = "skipped", "ingen e-postadresse"
        else:
            link = unsubscribe.url(settings.public_base_url, key, person.id, topic)
            envelope = Envelope(mail.id, person.name, person.email, settings.mail_from, now, link)
            try:
                message = render(envelope, addressee)
            except ValueError:  # an address the register took but no mail system would
                mail.status, mail.skipped_reason = "skipped", "ugyldig e-postadresse"
            else:
                mail.raw = message.as_string()
                if choice is not None and choice.delivery == "daily":
                    mail.status = "daily"
        session.add(mail)
