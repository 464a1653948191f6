"""What was sent: the secretariat's view of the mail outbox."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.context import RequestContext
from app.notifications import outbox  # noqa: F401  (subscribes the outbox to the meeting events)
from app.notifications.models import MailMessage
from app.pagination import PageParams, paginate, where_equal


def list_messages(
    ctx: RequestContext, page: PageParams, status: list[str] | None, meeting_id: uuid.UUID | None
) -> tuple[list[MailMessage], str | None]:
    """Newest first."""
    stmt = where_equal(select(MailMessage), {MailMessage.status: status, MailMessage.meeting_id: meeting_id})
    return paginate(ctx.session, stmt, MailMessage.created_at, MailMessage.id, page, descending=True)
