from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

MailKind = StrEnum("MailKind", ["invitation", "invitation_update", "cancellation"])
MailStatus = StrEnum("MailStatus", ["pending", "sent", "skipped", "failed"])


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
        description="`pending` (waiting, or retried after a failure), `sent` (the SMTP server took it), "
        "`skipped` (not sent: see `skipped_reason`), `failed` (refused by the server, or given up)."
    )
    skipped_reason: str | None = Field(None, examples=["ingen e-postadresse"])
    attempts: int
    last_attempt_at: datetime | None
    last_error: str | None = Field(None, examples=["refused: 550 5.1.1 No such user here"])
    sent_at: datetime | None
    retry_at: datetime | None = Field(None, description="A failed attempt is retried after this.")
