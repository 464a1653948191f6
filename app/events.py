"""In-process domain events, handled synchronously inside the request's transaction.

Services announce what happened (`meeting.convened`); other domains react
(publication publishes the agenda) without the announcing service knowing them.

Events in use (payload keyword arguments); app/webhooks/outbox.py writes those others must hear of
to the outbox:
- `meeting.created` (meeting), `meeting.convened` (meeting), `meeting.started` (meeting),
  `meeting.held` (meeting), `meeting.minutes_approved` (meeting), `meeting.cancelled` (meeting)
- `meeting.rescheduled` (meeting): its time or place changed (app/notifications sends the update)
- `case.registered` (case), `case.prepared` (case), `case.returned` (case)
- `case.concluded` (case, outcome: "decided" | "noted")
- `case.scheduled` (case, meeting): the case was placed on the meeting's agenda
- `agenda.revised` (revision, meeting): a convened (public) agenda gained, moved or lost an item
- `case.document_attached` (case, document)
- `decision.recorded` (decision), `decision.follow_up_changed` (decision): a follow-up transition or
  a change of its note or responsible body
- `subcommittee.established` (body)
- `publication.published` (publication): something became public (a correction too)
- `delivery.received` (delivery)
- `annual_plan.adopted` (plan)
- `document.changed` (document): after a PATCH or a correction of a document
- `document.corrected` (document, version): a published document was corrected
- `body.dissolved` (body): after the dissolve transition set status and dissolved_at
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.context import RequestContext

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        if fn not in _handlers[event]:
            _handlers[event].append(fn)
        return fn

    return deco


def emit(ctx: RequestContext, event: str, **payload: Any) -> None:
    for handler in _handlers[event]:
        handler(ctx, **payload)
