"""Publishing: the public record grows only by reacting to domain events, never by a manual step.

- `meeting.convened` publishes the agenda and the documents of the cases on it (withheld
  documents are listed with their legal basis, their content is not published);
- `meeting.minutes_approved` publishes the minutes and the meeting's decisions (the per-item
  outcomes become visible with them, see record.py);
- `delivery.received` publishes the delivery and its document;
- `annual_plan.adopted` publishes the plan and its document.

Each publication is asked of `publication.closed_meeting` first, written once (a document on two
agendas is published the first time), and audited as `publish` by the principal of the request.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

import app.publication.guards  # noqa: F401  (registers publication.closed_meeting)
from app.annual_plans.models import AnnualPlan
from app.audit.service import snapshot
from app.bodies.models import Body
from app.cases.models import Case
from app.context import RequestContext
from app.decisions.models import Decision
from app.documents.models import CaseDocument, Document
from app.events import subscribe
from app.meetings.models import AgendaItem, Meeting
from app.publication.models import Publication
from app.publication.record import is_published
from app.publication.schemas import PublicationOut
from app.subcommittees.models import Delivery

RULE = "publication.closed_meeting"


def publish(
    ctx: RequestContext,
    kind: str,
    entity_type: str,
    entity_id: uuid.UUID,
    title: str,
    trigger: str,
    meeting_id: uuid.UUID | None = None,
) -> Publication | None:
    """Record that an entity became public; None when it already was."""
    if is_published(ctx.session, kind, entity_id):
        return None
    pub = Publication(
        id=uuid.uuid4(), at=ctx.now, kind=kind, entity_type=entity_type, entity_id=entity_id,
        title=title[:500], meeting_id=meeting_id, trigger=trigger,
    )
    ctx.enforce([RULE], pub)
    ctx.session.add(pub)
    ctx.session.flush()
    ctx.audit("publish", entity_type, entity_id, None, snapshot(PublicationOut, pub))
    return pub


def publish_document(
    ctx: RequestContext, kind: str, doc: Document, trigger: str, meeting_id: uuid.UUID | None = None
) -> None:
    publish(ctx, kind, "document", doc.id, doc.title, trigger, meeting_id)
    mark_published(ctx, doc)


def mark_published(ctx: RequestContext, doc: Document) -> None:
    """The document's content is public from now on, unless it is withheld."""
    if doc.public and doc.published_at is None:
        doc.published_at = ctx.now


@subscribe("meeting.convened")
def publish_agenda(ctx: RequestContext, meeting: Meeting) -> None:
    body = ctx.session.get(Body, meeting.body_id)
    title = f"Sakliste for {body.name}, møte {meeting.number}"
    publish(ctx, "agenda", "meeting", meeting.id, title, "meeting.convened", meeting.id)
    docs = ctx.session.scalars(
        select(Document)
        .join(CaseDocument, CaseDocument.document_id == Document.id)
        .join(AgendaItem, AgendaItem.case_id == CaseDocument.case_id)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, CaseDocument.position)
    ).unique()
    for doc in docs:
        publish_document(ctx, "case_document", doc, "meeting.convened", meeting.id)


@subscribe("meeting.minutes_approved")
def publish_minutes(ctx: RequestContext, meeting: Meeting) -> None:
    if meeting.minutes_document_id is not None:
        minutes = ctx.session.get(Document, meeting.minutes_document_id)
        publish_document(ctx, "minutes", minutes, "meeting.minutes_approved", meeting.id)
    rows = ctx.session.execute(
        select(Decision, Case).join(Case, Case.id == Decision.case_id).where(Decision.meeting_id == meeting.id)
    )
    for decision, case in rows:
        title = f"Vedtak i sak {case.number}: {case.title}"
        publish(ctx, "decision", "decision", decision.id, title, "meeting.minutes_approved", meeting.id)


@subscribe("delivery.received")
def publish_delivery(ctx: RequestContext, delivery: Delivery) -> None:
    publish(ctx, "delivery", "delivery", delivery.id, delivery.title, "delivery.received")
    mark_published(ctx, ctx.session.get(Document, delivery.document_id))


@subscribe("annual_plan.adopted")
def publish_annual_plan(ctx: RequestContext, plan: AnnualPlan) -> None:
    publish(ctx, "annual_plan", "annual_plan", plan.id, plan.title, "annual_plan.adopted")
    mark_published(ctx, ctx.session.get(Document, plan.document_id))
