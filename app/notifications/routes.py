from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from app.context import RequestContext, permit
from app.notifications import service
from app.notifications.schemas import MailMessageOut, MailStatus
from app.pagination import Page, PageParams, one_or_more, page_params, split_values
from app.routing import Router

router = Router(prefix="/api/v1/mail-messages", tags=["mail"])


@router.get(
    "",
    response_model=Page[MailMessageOut],
    summary="List the e-mail sent to persons, newest first: what was sent, refused, skipped or still waits",
)
def list_mail_messages(
    ctx: Annotated[RequestContext, permit("mail.read")],
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[str | None, one_or_more(MailStatus)] = None,
    meeting_id: uuid.UUID | None = None,
) -> Page[MailMessageOut]:
    items, cursor = service.list_messages(ctx, page, split_values(status), meeting_id)
    return Page(items=[MailMessageOut.model_validate(m) for m in items], next_cursor=cursor)
