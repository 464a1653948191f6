"""The transactional outbox: domain events others must hear of, written in the transaction of the
change (a rejected request rolls them back with it), each with one pending delivery per matching
subscription. The worker (worker.py) sends them after the commit.

Subscribes to the in-process events of app/events.py; what is public follows the public record
(app/publication): a non-public event names the body whose readers (work.read) may receive it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

import app.publication.service  # noqa: F401  (its handlers run first: what they publish is public here)
from app.bodies.models import Body
from app.cases.models import Case
from app.config import get_settings
from app.context import RequestContext
from app.decisions.models import Decision
from app.events import subscribe
from app.meetings.models import AgendaRevision, Meeting
from app.meetings.revisions import label_nb
from app.publication.models import Publication
from app.publication.record import (
    as_shown,
    is_public_subcommittee,
    is_published,
)
from app.publication.schemas import PublicationOut
from app.subcommittees.models import Delivery
from app.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from app.webhooks.owners import Owners, pause
from app.webhooks.schemas import EventType

_POSITION = "webhooks.position"  # session.info: events written so far in this transaction


def record_event(
    ctx: RequestContext,
    event_type: str,
    entity_type: str,
    entity_id: uuid.UUID,
    api_path: str,
    *,
    public: bool,
    body_id: uuid.UUID | None,
    public_path: str | None = None,
    **details: Any,
) -> WebhookEvent:
    base = ctx.base_url or get_settings().public_base_url.rstrip("/")
    event = WebhookEvent(
        id=uuid.uuid4(),
        type=EventType(event_type).value,
        at=ctx.now,
        public=public,
        body_id=None if public else body_id,
        entity_type=entity_type,
        entity_id=entity_id,
        position=ctx.session.info.get(_POSITION, 0),
    )
    ctx.session.info[_POSITION] = event.position + 1
    event.payload = {
        "type": event.type,
        "timestamp": ctx.now.isoformat().replace("+00:00", "Z"),
        "data": {
            "entity_type": entity_type,
            "id": str(entity_id),
            "url": f"{base}{api_path}",
            "public": public,
            "public_url": f"{base}{public_path}" if public and public_path else None,
            "body_id": str(body_id) if body_id else None,
            **details,
        },
    }
    ctx.session.add(event)
    subscriptions = ctx.session.scalars(select(WebhookSubscription).where(WebhookSubscription.active.is_(True)))
    owners = Owners(ctx.session, ctx.now)
    for sub in subscriptions:
        if event.type not in sub.event_types or not (public or sub.include_non_public):
            continue
        # The owner's rights as they are now: a lapsed token pauses it, lost seats narrow it at once.
        if (lapsed := owners.lapsed(sub)) is not None:
            pause(ctx.session, [sub.id], lapsed)
        elif public or owners.may_read(sub, body_id):
            ctx.session.add(
                WebhookDelivery(
                    subscription_id=sub.id,
                    event_id=event.id,
                    created_at=ctx.now,
                    position=event.position,
                    status="pending",
                    attempts=0,
                )
            )
    return event


def _case(ctx: RequestContext, event_type: str, case: Case) -> None:
    record_event(
        ctx,
        event_type,
        "case",
        case.id,
        f"/api/v1/cases/{case.id}",
        public=False,
        body_id=case.owner_body_id,
        number=case.number,
        title=case.title,
        status=case.status,
    )


for _type in ("case.registered", "case.prepared", "case.returned"):
    subscribe(_type)(lambda ctx, case, _type=_type: _case(ctx, _type, case))


@subscribe("case.concluded")
def case_concluded(ctx: RequestContext, case: Case, outcome: str) -> None:
    _case(ctx, f"case.{outcome}", case)


def _meeting(ctx: RequestContext, event_type: str, meeting: Meeting, public: bool | None = None) -> None:
    """A meeting is news in public once its agenda is (convening publishes it)."""
    if public is None:
        public = is_published(ctx.session, "agenda", meeting.id)
    record_event(
        ctx,
        event_type,
        "meeting",
        meeting.id,
        f"/api/v1/meetings/{meeting.id}",
        public=public,
        body_id=meeting.body_id,
        public_path=f"/moter/{meeting.id}",
        number=meeting.number,
        status=meeting.status,
        starts_at=meeting.starts_at.isoformat(),
    )


# In-process event → the outbox's type, and whether it is public (None: once the agenda is).
MEETING_EVENTS = {
    "meeting.convened": ("meeting.convened", True),
    "meeting.started": ("meeting.started", None),
    "meeting.held": ("meeting.closed", None),
    "meeting.minutes_approved": ("meeting.minutes_approved", True),
    "meeting.cancelled": ("meeting.cancelled", None),
}
for _event, (_type, _public) in MEETING_EVENTS.items():
    subscribe(_event)(lambda ctx, meeting, _type=_type, _public=_public: _meeting(ctx, _type, meeting, _public))


@subscribe("agenda.revised")
def agenda_revised(ctx: RequestContext, revision: AgendaRevision, meeting: Meeting) -> None:
    """Only a public (convened) agenda is revised: every subscriber hears of it; the reason only when public."""
    record_event(
        ctx,
        "agenda.revised",
        "agenda_revision",
        revision.id,
        f"/api/v1/meetings/{meeting.id}/agenda/revisions",
        public=True,
        body_id=meeting.body_id,
        public_path=f"/moter/{meeting.id}#endringer",
        meeting_id=str(meeting.id),
        number=revision.number,
        change=revision.change,
        case_id=str(revision.case_id),
        case_number=revision.case_number,
        position_before=revision.position_before,
        position_after=revision.position_after,
        reason=revision.reason if revision.reason_public else None,
        label_nb=label_nb(revision.change, revision.case_number, revision.at, revision.position_after),
    )


def _decision(ctx: RequestContext, event_type: str, decision: Decision) -> None:
    meeting = ctx.session.get_one(Meeting, decision.meeting_id)
    record_event(
        ctx,
        event_type,
        "decision",
        decision.id,
        f"/api/v1/decisions/{decision.id}",
        public=is_published(ctx.session, "decision", decision.id),
        body_id=meeting.body_id,
        public_path=f"/moter/{meeting.id}#vedtak-{decision.id}",
        case_id=str(decision.case_id),
        follow_up_status=decision.follow_up_status,
    )


for _type in ("decision.recorded", "decision.follow_up_changed"):
    subscribe(_type)(lambda ctx, decision, _type=_type: _decision(ctx, _type, decision))


def _subcommittee(ctx: RequestContext, event_type: str, body: Body, **details: Any) -> None:
    record_event(
        ctx,
        event_type,
        "subcommittee",
        body.id,
        f"/api/v1/subcommittees/{body.id}",
        public=is_public_subcommittee(ctx.session, body.id),
        body_id=body.id,
        public_path=f"/underutvalg/{body.id}",
        name=body.name,
        status=body.status,
        **details,
    )


@subscribe("subcommittee.established")
def subcommittee_established(ctx: RequestContext, body: Body) -> None:
    _subcommittee(ctx, "subcommittee.established", body)


@subscribe("delivery.received")
def subcommittee_delivered(ctx: RequestContext, delivery: Delivery) -> None:
    body = ctx.session.get_one(Body, delivery.subcommittee_id)
    _subcommittee(ctx, "subcommittee.delivered", body, delivery_id=str(delivery.id), delivery_title=delivery.title)


@subscribe("body.dissolved")
def subcommittee_dissolved(ctx: RequestContext, body: Body) -> None:
    if body.kind == "subcommittee":
        _subcommittee(ctx, "subcommittee.dissolved", body)


@subscribe("publication.published")
def published(ctx: RequestContext, publication: Publication) -> None:
    # The title as the public reads it (a screened one stays screened).
    (shown,), paths = as_shown(ctx.session, [PublicationOut.model_validate(publication)])
    path = paths[publication.id]
    event_type = "publication.corrected" if publication.kind == "correction" else "publication.published"
    record_event(
        ctx,
        event_type,
        publication.entity_type,
        publication.entity_id,
        path,
        public=True,
        body_id=None,
        public_path=path,
        kind=publication.kind,
        title=shown.title,
        meeting_id=str(publication.meeting_id) if publication.meeting_id else None,
    )
