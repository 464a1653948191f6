"""Publishing: the public record grows only by reacting to domain events, never by a manual step.

- `meeting.convened` publishes the agenda and the documents of the cases on it (withheld
  documents are listed with their legal basis, their content is not published); once it is
  public, a case placed on that agenda (`case.scheduled`) or a document attached to a case
  standing on it (`case.document_attached`) is published at once, and each revision of the agenda
  (`agenda.revised`) is published as news of its own;
- `meeting.minutes_approved` publishes the minutes and the meeting's decisions (the per-item
  outcomes become visible with them, see record.py);
- `delivery.received` publishes the delivery and its document;
- `annual_plan.adopted` publishes the plan and its document.

Each publication is asked of `publication.closed_meeting` first, written once (a document on two
agendas is published the first time), and audited as `publish` by the principal of the request.
What is published goes into the search index (search.py) in the same transaction; a document on
the record is re-indexed when it changes, so the search finds what its page shows.
"""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select

import app.publication.guards  # noqa: F401  (registers publication.closed_meeting)
from app.annual_plans.models import AnnualPlan
from app.audit.service import snapshot
from app.bodies.models import Body
from app.cases.models import Case
from app.context import RequestContext
from app.decisions.models import Decision
from app.documents.models import CaseDocument, Document, DocumentVersion
from app.documents.service import current_version_number
from app.events import emit, subscribe
from app.meetings.agenda import open_item_of
from app.meetings.models import AgendaItem, AgendaRevision, Meeting
from app.meetings.revisions import change_nb
from app.publication.models import Publication
from app.publication.record import (
    is_on_record,
    is_published,
    public_title,
    published_document_ids,
)
from app.publication.schemas import PublicationOut
from app.publication.search import (
    index_annual_plan,
    index_case,
    index_decision,
    index_delivery,
    index_document,
)
from app.subcommittees.models import Delivery

RULE = "publication.closed_meeting"
# What a follow-up step tells the public, by the status it reached.
FOLLOW_UP_NEWS = {
    "open": "Vedtaket i sak {case} venter på oppfølging",
    "in_progress": "Vedtaket i sak {case} følges opp",
    "implemented": "Vedtaket i sak {case} er gjennomført",
    "cancelled": "Oppfølgingen av vedtaket i sak {case} er avbrutt",
}


def publish(
    ctx: RequestContext,
    kind: str,
    entity_type: str,
    entity_id: uuid.UUID,
    title: str,
    trigger: str,
    meeting_id: uuid.UUID | None = None,
    document_version: int | None = None,
) -> Publication | None:
    """Record that an entity became public (and which version of its document); None when it already was
    (a follow-up step is published each time)."""
    if kind != "follow_up" and is_published(ctx.session, kind, entity_id):
        return None
    pub = Publication(
        id=uuid.uuid4(),
        at=ctx.now,
        kind=kind,
        entity_type=entity_type,
        entity_id=entity_id,
        title=title[:500],
        meeting_id=meeting_id,
        trigger=trigger,
        document_version=document_version,
    )
    ctx.enforce([RULE], pub)
    ctx.session.add(pub)
    ctx.session.flush()
    ctx.audit("publish", entity_type, entity_id, None, snapshot(PublicationOut, pub))
    emit(ctx, "publication.published", publication=pub)
    return pub


def publish_document(
    ctx: RequestContext, kind: str, doc: Document, trigger: str, meeting_id: uuid.UUID | None = None
) -> None:
    version = current_version_number(ctx.session, doc.id)
    publish(ctx, kind, "document", doc.id, public_title(doc), trigger, meeting_id, version)
    mark_published(ctx, doc)
    index_document(ctx, doc)


def mark_published(ctx: RequestContext, doc: Document) -> None:
    """The document's content is public from now on, unless it is withheld."""
    if doc.public and doc.published_at is None:
        doc.published_at = ctx.now


def publish_case_documents(
    ctx: RequestContext, meeting: Meeting, trigger: str, case_id: uuid.UUID | None = None
) -> None:
    """The documents of the cases on the meeting's agenda (or of one of them)."""
    cases = select(AgendaItem.case_id).where(AgendaItem.meeting_id == meeting.id)
    if case_id is not None:
        cases = cases.where(AgendaItem.case_id == case_id)
    # The cases are locked (after the meeting, as the agenda does) so that a document being attached
    # meanwhile is either read here or, once this commits, finds the agenda published.
    ctx.session.execute(select(Case.id).where(Case.id.in_(cases)).order_by(Case.id).with_for_update())
    stmt = (
        select(Document)
        .join(CaseDocument, CaseDocument.document_id == Document.id)
        .join(AgendaItem, AgendaItem.case_id == CaseDocument.case_id)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, CaseDocument.position)
    )
    if case_id is not None:
        stmt = stmt.where(CaseDocument.case_id == case_id)
    for case in ctx.session.scalars(select(Case).where(Case.id.in_(cases))):
        index_case(ctx, case, meeting)
    for doc in ctx.session.scalars(stmt).unique():
        publish_document(ctx, "case_document", doc, trigger, meeting.id)


@subscribe("meeting.convened")
def publish_agenda(ctx: RequestContext, meeting: Meeting) -> None:
    body = ctx.session.get_one(Body, meeting.body_id)
    title = f"Saksliste for {body.name}, møte {meeting.number}"
    publish(ctx, "agenda", "meeting", meeting.id, title, "meeting.convened", meeting.id)
    publish_case_documents(ctx, meeting, "meeting.convened")


@subscribe("case.scheduled")
def publish_added_case(ctx: RequestContext, case: Case, meeting: Meeting) -> None:
    """A case placed on an agenda that is already public: its documents are public at once."""
    if is_published(ctx.session, "agenda", meeting.id):
        publish_case_documents(ctx, meeting, "case.scheduled", case.id)


@subscribe("agenda.revised")
def publish_agenda_revision(ctx: RequestContext, revision: AgendaRevision, meeting: Meeting) -> None:
    """A change of a public agenda is news of its own: the feed and the front page say what changed."""
    body = ctx.session.get_one(Body, meeting.body_id)
    what = change_nb(revision.change, revision.case_number, revision.position_after)
    title = f"Endret saksliste for {body.name}, møte {meeting.number}: {what}"
    publish(ctx, "agenda_revision", "agenda_revision", revision.id, title, "agenda.revised", meeting.id)


@subscribe("case.document_attached")
def publish_attached_document(ctx: RequestContext, case: Case, document: Document) -> None:
    """A document attached to a case standing on a public agenda is public at once, like the rest."""
    standing = open_item_of(ctx.session, case.id)
    if standing is None:
        return
    if is_published(ctx.session, "agenda", standing[1].id):
        publish_document(ctx, "case_document", document, "case.document_attached", standing[1].id)


@subscribe("document.changed")
def release_withheld_document(ctx: RequestContext, document: Document) -> None:
    """A withheld document already on the public record, later released, is public from then on."""
    if document.public and document.published_at is None and is_on_record(ctx.session, "document", document.id):
        mark_published(ctx, document)


@subscribe("document.changed")
def reindex_document(ctx: RequestContext, document: Document) -> None:
    """Runs after the release above: the search reads a document on the record as it now reads."""
    if ctx.session.scalar(select(exists().where(Document.id.in_(published_document_ids([document.id]))))):
        index_document(ctx, document)


@subscribe("document.corrected")
def publish_correction(ctx: RequestContext, document: Document, version: DocumentVersion) -> None:
    """A correction is news of its own: the feed and the front page say what was put right."""
    publish(
        ctx,
        "correction",
        "document_version",
        version.id,
        public_title(document),
        "document.corrected",
        document_version=version.number,
    )


@subscribe("meeting.minutes_approved")
def publish_minutes(ctx: RequestContext, meeting: Meeting) -> None:
    if meeting.minutes_document_id is not None:
        minutes = ctx.session.get_one(Document, meeting.minutes_document_id)
        publish_document(ctx, "minutes", minutes, "meeting.minutes_approved", meeting.id)
    rows = ctx.session.execute(
        select(Decision, Case).join(Case, Case.id == Decision.case_id).where(Decision.meeting_id == meeting.id)
    )
    for decision, case in rows:
        title = f"Vedtak i sak {case.number}: {case.title}"
        publish(ctx, "decision", "decision", decision.id, title, "meeting.minutes_approved", meeting.id)
        index_decision(ctx, decision, case, meeting)


@subscribe("decision.follow_up_changed")
def publish_follow_up(ctx: RequestContext, decision: Decision) -> None:
    """How a public decision is followed up is public too: each step reaches the feed and the front page."""
    if not is_published(ctx.session, "decision", decision.id):
        return
    case = ctx.session.get_one(Case, decision.case_id)
    title = FOLLOW_UP_NEWS[decision.follow_up_status].format(case=case.number) + (
        f": {decision.follow_up_note}" if decision.follow_up_note else ""
    )
    publish(ctx, "follow_up", "decision", decision.id, title, "decision.follow_up_changed", decision.meeting_id)


@subscribe("delivery.received")
def publish_delivery(ctx: RequestContext, delivery: Delivery) -> None:
    document = ctx.session.get_one(Document, delivery.document_id)
    version = current_version_number(ctx.session, document.id)
    publish(ctx, "delivery", "delivery", delivery.id, delivery.title, "delivery.received", document_version=version)
    mark_published(ctx, document)
    index_delivery(ctx, delivery)
    index_document(ctx, document)


@subscribe("annual_plan.adopted")
def publish_annual_plan(ctx: RequestContext, plan: AnnualPlan) -> None:
    document = ctx.session.get_one(Document, plan.document_id)
    version = current_version_number(ctx.session, document.id)
    publish(ctx, "annual_plan", "annual_plan", plan.id, plan.title, "annual_plan.adopted", document_version=version)
    mark_published(ctx, document)
    index_annual_plan(ctx, plan)
    index_document(ctx, document)
