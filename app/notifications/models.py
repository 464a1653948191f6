"""E-mail to persons: the outbox of messages (written in the transaction that caused them), each
convened meeting's calendar entry (its UID and SEQUENCE, raised on every change), the reminders'
occasions, each person's choices, and the secret that signs the unsubscribe links."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UtcDateTime


class MailMessage(Base):
    """One e-mail to one person, rendered when it was caused: what is sent is what was decided then."""

    __tablename__ = "mail_messages"
    __table_args__ = (
        Index("ix_mail_messages_queue", "status", "created_at", "position"),
        Index("ix_mail_messages_person_queue", "person_id", "status", "created_at", "position"),
        # The secretariat's list (newest first), whole or by status or meeting.
        Index("ix_mail_messages_created_id", "created_at", "id"),
        Index("ix_mail_messages_status_created_id", "status", "created_at", "id"),
        Index("ix_mail_messages_meeting_created_id", "meeting_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # the Message-ID: stable across resends
    kind: Mapped[str] = mapped_column(String(30))  # compose.KINDS, or digest
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    position: Mapped[int] = mapped_column(Integer)  # order among the messages of one transaction
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"))
    # The seat it was sent for: ended before sending, the message is not sent.
    membership_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("memberships.id"), index=True)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meetings.id"))
    to_address: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    raw: Mapped[str | None] = mapped_column(Text)  # the whole message (RFC 5322, ASCII); none when skipped
    status: Mapped[str] = mapped_column(String(20))  # pending | daily | digested | sent | skipped | failed
    skipped_reason: Mapped[str | None] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The worker's state: nothing is sent before retry_at (back-off); the lease holder sends it.
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # A `digested` message went out as part of this daily digest.
    digest_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mail_messages.id"))


class MeetingCalendarEntry(Base):
    """The calendar event a convened meeting's invitations carry (RFC 5546): one UID, a SEQUENCE
    raised on every update and on cancelling, so calendars replace the entry they hold."""

    __tablename__ = "meeting_calendar_entries"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    uid: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReminderOccasion(Base):
    """One reminder's occasion (e.g. «subcommittee X's deadline 2031-03-04 is 14 days away»), inserted
    by the worker's scan in the transaction that writes its messages: its key is unique, so however many
    workers scan, and however often they restart, the occasion is told once."""

    __tablename__ = "reminder_occasions"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class NotificationPreference(Base):
    """A person's choice for one kind of e-mail; without a row the kind is on and sent at once."""

    __tablename__ = "notification_preferences"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(30), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    delivery: Mapped[str] = mapped_column(String(20))  # immediate | daily
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ServerSecret(Base):
    """A random key made once per installation and shared by every process through the database
    (what SAMORDNING_MAIL_SECRET, when set, replaces)."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
