from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

MailKind = StrEnum(
    "MailKind",
    [
        "invitation",
        "invitation_update",
        "cancellation",
        "deadline_approaching",
        "deadline_passed",
        "follow_up_overdue",
        "minutes_missing",
        "board_interval",
        "digest",
    ],
)
MailStatus = StrEnum("MailStatus", ["pending", "daily", "digested", "sent", "skipped", "failed"])


class MailMessageOut(BaseModel):
    """One e-mail to one person, as the outbox holds it (the message itself is not shown)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: MailKind
    created_at: datetime
    person_id: uuid.UUID
    meeting_id: uuid.UUID | None
    to_address: str | None
    subject: str
    status: MailStatus = Field(
        description="`pending` (waiting, or retried after a failure), `daily` (waiting for the person's daily "
        "digest), `digested` (sent in the digest `digest_id`), `sent` (the SMTP server took it), "
        "`skipped` (not sent: see `skipped_reason`), `failed` (refused by the server, or given up)."
    )
    skipped_reason: str | None = Field(None, examples=["ingen e-postadresse"])
    attempts: int
    last_attempt_at: datetime | None
    last_error: str | None = Field(None, examples=["refused: 550 5.1.1 No such user here"])
    sent_at: datetime | None
    retry_at: datetime | None = Field(None, description="A failed attempt is retried after this.")
    digest_id: uuid.UUID | None = Field(None, description="For `digested`: the daily digest it went out in.")


Delivery = StrEnum("Delivery", ["immediate", "daily"])
_DELIVERY = "`immediate`: each message when it is caused; `daily`: gathered in one digest a day (from 07.00 Oslo time)."


class TopicChoice(BaseModel):
    """One kind of e-mail as the person gets it. Without a choice made, every kind is on and immediate."""

    enabled: bool = Field(description="Off: none of this kind is sent (those waiting are not sent either).")
    delivery: Delivery = Field(description=_DELIVERY)
    label: str = Field(
        description="The kind's name in bokmål.", examples=["Møteinnkallinger, endringer og avlysninger"]
    )


class TopicChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = Field(None, description="On or off; not sent, unchanged.")
    delivery: Delivery | None = Field(None, description=_DELIVERY + " Not sent, unchanged.")


class NotificationsOut(BaseModel):
    """Each kind of e-mail a person may get: meeting invitations (with their updates and cancellations),
    and the reminders of the subcommittees' deadlines, of overdue follow-ups, of minutes not approved and
    of the project board's meeting interval."""

    meetings: TopicChoice
    subcommittee_deadlines: TopicChoice
    follow_ups: TopicChoice
    minutes: TopicChoice
    board_meetings: TopicChoice


class NotificationsChange(BaseModel):
    """The kinds to change; a kind not sent is unchanged."""

    model_config = ConfigDict(extra="forbid")

    meetings: TopicChange | None = None
    subcommittee_deadlines: TopicChange | None = None
    follow_ups: TopicChange | None = None
    minutes: TopicChange | None = None
    board_meetings: TopicChange | None = None
