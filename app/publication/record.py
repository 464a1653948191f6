"""The public record: read-only queries that see published content only.

What is public is decided by the `publications` rows the event handlers in service.py write, never
by a status alone: a meeting is public once its agenda is published, a document once it is listed
by a publication (or is the document of a published delivery or annual plan), a decision once it
is published with the minutes. Everything here returns the public schemas, never ORM rows, so an
internal column cannot reach the API, the feeds or the website. Unpublished ids are 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import Select, and_, exists, or_, select, tuple_, union
from sqlalchemy.orm import Session, defer, raiseload
from sqlalchemy.orm.interfaces import ORMOption

from app.annual_plans.models import AnnualPlan
from app.bodies.models import Body
from app.bodies.schemas import DISSOLVED, SUBCOMMITTEE
from app.cases.models import Case
from app.db import utcnow
from app.decisions.models import Decision
from app.documents.models import CaseDocument, Document, DocumentVersion
from app.errors import NotFound
from app.files.schemas import FileFacts
from app.meetings import attendees
from app.meetings.guards import HELD_STATES
from app.meetings.models import AgendaItem, AgendaRevision, Meeting
from app.meetings.revisions import label_nb
from app.meetings.schemas import AttendeeOut
from app.memberships.models import Membership, active_on
from app.memberships.schemas import MembershipRole
from app.norwegian import OSLO, oslo_date
from app.organizations.models import Organization
from app.pagination import PageParams, TwoWayPage, paginate_both_ways, where_equal
from app.persons.models import Person
from app.publication.models import Publication
from app.publication.schemas import (
    PublicAgendaItem,
    PublicAgendaRevision,
    PublicAnnualPlan,
    PublicationOut,
    PublicAttendance,
    PublicAttendee,
    PublicBody,
    PublicBodyRef,
    PublicCaseRef,
    PublicDecision,
    PublicDelivery,
    PublicDocument,
    PublicDocumentRef,
    PublicDocumentVersion,
    PublicMeeting,
    PublicMeetingSummary,
    PublicMember,
    PublicOrganizationRef,
    PublicSubcommittee,
    PublicVersionRef,
)
from app.subcommittees.models import Delivery

# Bodies whose meetings go in the public calendar, and how many of their latest meetings it holds.
CALENDAR_BODY_KINDS = ("top_leaders_forum", "working_committee")
CALENDAR_MEETINGS = 50
# The public record never shows a case's stakeholders: do not load them with every case.
CASE_ONLY = raiseload(Case.stakeholders)

# A decision's follow-up status as the public reads it.
FOLLOW_UP_LABELS = {
    "open": "Åpen",
    "in_progress": "Under oppfølging",
    "implemented": "Gjennomført",
    "cancelled": "Avbrutt",
}


def published(kind: str) -> Select:
    """Ids of the entities published as `kind`."""
    return select(Publication.entity_id).where(Publication.kind == kind)


def published_document_ids(among: Collection[uuid.UUID] | None = None):  # noqa: ANN201  (usable in IN)
    """Documents on the public record: listed by a publication of their own, or carried by a
    published delivery or annual plan. `among` narrows every branch to those documents, so
    indexes find them instead of the whole record being read."""
    own = select(Publication.entity_id).where(Publication.entity_type == "document")
    delivered = select(Delivery.document_id).where(Delivery.id.in_(published("delivery")))
    planned = select(AnnualPlan.document_id).where(AnnualPlan.id.in_(published("annual_plan")))
    if among is not None:
        own = own.where(Publication.entity_id.in_(among))
        delivered = delivered.where(Delivery.document_id.in_(among))
        planned = planned.where(AnnualPlan.document_id.in_(among))
    return union(own, delivered, planned)


# -- documents ---------------------------------------------------------------------------------


SCREENED_TITLE = "Skjermet tittel"


def public_title(doc: Document) -> str:
    """What the public record may call the document: a withheld one's title may be screened too."""
    return doc.title if doc.public or doc.title_public else SCREENED_TITLE


def document_ref(doc: Document) -> PublicDocumentRef:
    withheld = not doc.public
    return PublicDocumentRef(
        id=doc.id,
        kind=doc.kind,
        title=public_title(doc),
        withheld=withheld,
        title_withheld=withheld and not doc.title_public,
        exemption_basis=doc.exemption_basis if withheld else None,
        published_at=doc.published_at,
    )


def _visible_documents(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Document]:
    ids = set(ids)
    if not ids:
        return {}
    stmt = select(Document).where(Document.id.in_(ids), Document.id.in_(published_document_ids(ids)))
    return {d.id: d for d in session.scalars(stmt)}


def public_versions(
    session: Session, refs: Iterable[PublicDocumentRef], *options: ORMOption
) -> dict[uuid.UUID, list[DocumentVersion]]:
    """The versions of each document that have been public, in one query: the one published and
    every later one (corrections, released flags). A withheld document's content, and drafts before
    publication, never are. `options` may leave the bodies unloaded."""
    published_at = {r.id: r.published_at for r in refs if not r.withheld and r.published_at is not None}
    if not published_at:
        return {}
    versions: dict[uuid.UUID, list[DocumentVersion]] = {}
    for v in session.scalars(
        select(DocumentVersion)
        .options(*options)
        .where(DocumentVersion.document_id.in_(published_at))
        .order_by(DocumentVersion.document_id, DocumentVersion.number)
    ):
        versions.setdefault(v.document_id, []).append(v)
    public = {}
    for doc_id, of_doc in versions.items():
        first = max((v.number for v in of_doc if v.created_at <= published_at[doc_id]), default=1)
        public[doc_id] = [v for v in of_doc if v.number >= first]
    return public


def _public_version(session: Session, document_id: uuid.UUID, number: int) -> DocumentVersion:
    doc = _visible_documents(session, [document_id]).get(document_id)
    versions = public_versions(session, [document_ref(doc)]).get(document_id, []) if doc else []
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise NotFound(f"no public version {number} of document {document_id}")
    return version


def document_version(session: Session, document_id: uuid.UUID, number: int) -> PublicDocumentVersion:
    return PublicDocumentVersion.model_validate(_public_version(session, document_id, number), from_attributes=True)


def document_version_file(session: Session, document_id: uuid.UUID, number: int) -> FileFacts:
    """The file of a version that has been public (eInnsyn's Dokumentobjekt points at it); a withheld
    document has none."""
    file = _public_version(session, document_id, number).file
    if file is None:
        raise NotFound(f"version {number} of document {document_id} carries no file")
    return file


def document_file(session: Session, document_id: uuid.UUID) -> FileFacts:
    """The file of a published document's current version; a withheld document's never leaves the store."""
    doc = _visible_documents(session, [document_id]).get(document_id)
    if doc is None or not doc.public or doc.file is None:
        raise NotFound(f"no published file of document {document_id}")
    return doc.file


def document(session: Session, document_id: uuid.UUID) -> PublicDocument:
    doc = _visible_documents(session, [document_id]).get(document_id)
    if doc is None:
        raise NotFound(f"no published document {document_id}")
    ref = document_ref(doc)
    meeting, case = _document_place(session, document_id)
    # A withheld document is listed with its legal basis; its body never leaves the database.
    return PublicDocument(
        **ref.model_dump(),
        body=None if ref.withheld else doc.body,
        file=None if ref.withheld else doc.file,
        versions=[
            PublicVersionRef.model_validate(v, from_attributes=True)
            for v in public_versions(session, [ref]).get(doc.id, [])
        ],
        meeting=_summaries(session, [meeting])[0] if meeting else None,
        case=PublicCaseRef(id=case.id, number=case.number, title=case.title) if case else None,
    )


def _document_place(session: Session, document_id: uuid.UUID) -> tuple[Meeting | None, Case | None]:
    """Where the document stands on the public record, for its breadcrumb: the latest published
    agenda with a case it is attached to, else the meeting whose minutes it is."""
    row = session.execute(
        select(Meeting, Case)
        .options(CASE_ONLY)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .join(Case, Case.id == AgendaItem.case_id)
        .join(CaseDocument, CaseDocument.case_id == Case.id)
        .where(CaseDocument.document_id == document_id, Meeting.id.in_(published("agenda")))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    ).first()
    if row is not None:
        return row[0], row[1]
    minutes_of = _published_meetings().where(Meeting.minutes_document_id == document_id).limit(1)
    return session.scalar(minutes_of), None


# -- meetings ----------------------------------------------------------------------------------


def body_refs(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, PublicBodyRef]:
    rows = session.scalars(select(Body).where(Body.id.in_(set(ids))))
    return {b.id: PublicBodyRef(id=b.id, kind=b.kind, name=b.name, short_name=b.short_name) for b in rows}


def _summaries(session: Session, meetings: list[Meeting]) -> list[PublicMeetingSummary]:
    bodies = body_refs(session, (m.body_id for m in meetings))
    return [
        PublicMeetingSummary(
            id=m.id,
            body=bodies[m.body_id],
            number=m.number,
            title=m.title,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            location=m.location,
            status=m.status,
            started_at=m.started_at,
            held_at=m.held_at,
        )
        for m in meetings
    ]


def _published_meetings() -> Select:
    """Meetings whose agenda is published: convened or later, including those cancelled after."""
    return select(Meeting).where(Meeting.id.in_(published("agenda")))


def list_meetings(
    session: Session,
    page: PageParams,
    body_id: uuid.UUID | None = None,
    starts_after: datetime | None = None,
    starts_before: datetime | None = None,
    newest_first: bool = False,
    upcoming_at: tuple[bool, datetime] | None = None,
) -> TwoWayPage[PublicMeetingSummary]:
    """`upcoming_at` (upcoming, now): only what is still to come at `now` — starting then or later and
    not yet held — or only what is not (past, or held however early)."""
    stmt = where_equal(_published_meetings(), {Meeting.body_id: body_id})
    if upcoming_at is not None:
        upcoming, now = upcoming_at
        to_come = (Meeting.starts_at >= now) & Meeting.status.not_in(HELD_STATES)
        stmt = stmt.where(to_come if upcoming else ~to_come)
    if starts_after is not None:
        stmt = stmt.where(Meeting.starts_at >= starts_after)
    if starts_before is not None:
        stmt = stmt.where(Meeting.starts_at < starts_before)
    rows, cursor, prev = paginate_both_ways(session, stmt, Meeting.starts_at, Meeting.id, page, descending=newest_first)
    return TwoWayPage(items=_summaries(session, rows), next_cursor=cursor, prev_cursor=prev)


def calendar_meetings(session: Session) -> list[tuple[PublicMeetingSummary, list[tuple[str, str]]]]:
    """The latest published forum and AU meetings, oldest first, each with its agenda as (case number,
    title): what the iCalendar feed shows, in three queries whatever the size of the record (no
    documents or decisions, which the feed does not show)."""
    latest = (
        _published_meetings()
        .join(Body, Body.id == Meeting.body_id)
        .where(Body.kind.in_(CALENDAR_BODY_KINDS))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(CALENDAR_MEETINGS)
    )
    meetings = list(session.scalars(latest))[::-1]
    agendas: dict[uuid.UUID, list[tuple[str, str]]] = {}
    for meeting_id, case in session.execute(
        select(AgendaItem.meeting_id, Case)
        .options(CASE_ONLY)
        .join(Case, Case.id == AgendaItem.case_id)
        .where(AgendaItem.meeting_id.in_([m.id for m in meetings]))
        .order_by(AgendaItem.meeting_id, AgendaItem.position)
    ):
        agendas.setdefault(meeting_id, []).append((case.number, case.title))
    return [(summary, agendas.get(summary.id, [])) for summary in _summaries(session, meetings)]


def _decisions(session: Session, stmt: Select) -> list[PublicDecision]:
    decisions = list(session.scalars(stmt))
    cases = {
        c.id: c
        for c in session.scalars(select(Case).options(CASE_ONLY).where(Case.id.in_({d.case_id for d in decisions})))
    }
    return [
        PublicDecision(
            id=d.id,
            meeting_id=d.meeting_id,
            case_id=d.case_id,
            case_number=cases[d.case_id].number,
            case_title=cases[d.case_id].title,
            kind=d.kind,
            text=d.text,
            decided_at=d.decided_at,
            follow_up_status=d.follow_up_status,
            follow_up_note=d.follow_up_note,
        )
        for d in decisions
    ]


def _agenda_item(item: AgendaItem, case: Case, approved: bool, documents: list[PublicDocumentRef]) -> PublicAgendaItem:
    return PublicAgendaItem(
        position=item.position,
        case_id=case.id,
        case_number=case.number,
        title=case.title,
        summary=case.summary,
        case_kind=case.kind,
        # Outcomes are recorded in the closed meeting and become public with its minutes.
        outcome=item.outcome if approved else None,
        return_reason=case.return_reason
        if approved and item.outcome == "returned" and case.return_reason_public
        else None,
        documents=documents,
    )


def _revisions(session: Session, meeting_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[PublicAgendaRevision]]:
    """How each meeting's agenda changed after it was published, each change marked as the public reads it."""
    revisions: dict[uuid.UUID, list[PublicAgendaRevision]] = {}
    for r in session.scalars(
        select(AgendaRevision)
        .options(defer(AgendaRevision.previous_agenda))  # the staff's; the public reads the mark
        .where(AgendaRevision.meeting_id.in_(meeting_ids))
        .order_by(AgendaRevision.meeting_id, AgendaRevision.number)
    ):
        revisions.setdefault(r.meeting_id, []).append(
            PublicAgendaRevision(
                at=r.at,
                change=r.change,
                case_number=r.case_number,
                position_before=r.position_before,
                position_after=r.position_after,
                reason=r.reason if r.reason_public else None,
                label_nb=label_nb(r.change, r.case_number, r.at, r.position_after),
            )
        )
    return revisions


def _meetings(session: Session, meetings: list[Meeting], with_revisions: bool = True) -> list[PublicMeeting]:
    """Published meetings with agenda (and its revisions, unless left out), public documents, minutes
    and decisions: the same eight queries for one meeting or all of them, however long their agendas."""
    ids = [m.id for m in meetings]
    approved = {m.id for m in meetings if m.status == "minutes_approved"}
    rows = session.execute(
        select(AgendaItem, Case)
        .options(CASE_ONLY)
        .join(Case, Case.id == AgendaItem.case_id)
        .where(AgendaItem.meeting_id.in_(ids))
        .order_by(AgendaItem.meeting_id, AgendaItem.position)
    ).all()
    links = session.execute(
        select(CaseDocument.case_id, CaseDocument.document_id)
        .where(CaseDocument.case_id.in_({case.id for _, case in rows}))
        .order_by(CaseDocument.position)
    ).all()
    minutes_ids = {m.minutes_document_id for m in meetings if m.id in approved and m.minutes_document_id}
    docs = _visible_documents(session, {doc_id for _, doc_id in links} | minutes_ids)
    per_case: dict[uuid.UUID, list[PublicDocumentRef]] = {}
    for case_id, doc_id in links:
        if doc_id in docs:
            per_case.setdefault(case_id, []).append(document_ref(docs[doc_id]))
    agendas: dict[uuid.UUID, list[PublicAgendaItem]] = {}
    for item, case in rows:
        agendas.setdefault(item.meeting_id, []).append(
            _agenda_item(item, case, item.meeting_id in approved, per_case.get(case.id, []))
        )
    # Decisions in the order of the agenda they were made on, as the minutes read.
    position = {(item.meeting_id, case.id): item.position for item, case in rows}
    decisions: dict[uuid.UUID, list[PublicDecision]] = {}
    for d in sorted(
        _decisions(
            session,
            select(Decision)
            .where(Decision.meeting_id.in_(ids), Decision.id.in_(published("decision")))
            .order_by(Decision.decided_at, Decision.id),
        ),
        key=lambda d: position.get((d.meeting_id, d.case_id), len(position)),
    ):
        decisions.setdefault(d.meeting_id, []).append(d)
    revisions = _revisions(session, ids) if with_revisions else {}
    attendance = public_attendance(session, approved)
    return [
        PublicMeeting(
            **summary.model_dump(),
            attendance=attendance.get(m.id),
            agenda=agendas.get(m.id, []),
            agenda_revisions=revisions.get(m.id, []),
            minutes=document_ref(docs[m.minutes_document_id])
            if m.minutes_document_id in minutes_ids and m.minutes_document_id in docs
            else None,
            decisions=decisions.get(m.id, []),
        )
        for m, summary in zip(meetings, _summaries(session, meetings), strict=True)
    ]


def public_attendance(session: Session, meeting_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, PublicAttendance]:
    """The recorded attendance of these meetings, names and organizations only: one query, also for
    none (a page costs the same whatever its meetings' state)."""
    out = {}
    for meeting_id, (record, listed) in attendees.attendees(session, meeting_ids).items():
        names = {a.person_id: a.person_name for a in listed["present"]}
        out[meeting_id] = PublicAttendance(
            present=[_attendee(a) for a in listed["present"]],
            apologies=[_attendee(a) for a in listed["apologies"]],
            chair=names.get(record.chair_person_id) if record.chair_person_id else None,
            minutes_taker=names.get(record.minutes_taker_person_id) if record.minutes_taker_person_id else None,
        )
    return out


def _attendee(a: AttendeeOut) -> PublicAttendee:
    return PublicAttendee(
        name=a.person_name, organization=a.organization_name, standing_in_for=a.standing_in_for_person_name
    )


def meetings(session: Session, meeting_ids: Collection[uuid.UUID], with_revisions: bool = True) -> list[PublicMeeting]:
    """The published ones among these meetings, oldest first, as the public API shows them."""
    stmt = _published_meetings().where(Meeting.id.in_(meeting_ids)).order_by(Meeting.starts_at, Meeting.id)
    return _meetings(session, list(session.scalars(stmt)), with_revisions)


def meeting(session: Session, meeting_id: uuid.UUID) -> PublicMeeting:
    found = meetings(session, [meeting_id])
    if not found:
        raise NotFound(f"no published meeting {meeting_id}")
    return found[0]


# -- decisions ---------------------------------------------------------------------------------


def list_decisions(
    session: Session,
    page: PageParams,
    kind: str | None = None,
    meeting_id: uuid.UUID | None = None,
    follow_up_status: str | None = None,
    year: int | None = None,
) -> TwoWayPage[PublicDecision]:
    stmt = where_equal(
        select(Decision).where(Decision.id.in_(published("decision"))),
        {
            Decision.kind: kind,
            Decision.meeting_id: meeting_id,
            Decision.follow_up_status: follow_up_status,
        },
    )
    if year is not None:  # the year in Norway, where the forum meets
        start = datetime(year, 1, 1, tzinfo=OSLO)
        stmt = stmt.where(Decision.decided_at >= start, Decision.decided_at < start.replace(year=year + 1))
    rows, cursor, prev = paginate_both_ways(session, stmt, Decision.decided_at, Decision.id, page, descending=True)
    ids = [d.id for d in rows]
    by_id = {d.id: d for d in _decisions(session, select(Decision).where(Decision.id.in_(ids)))}
    return TwoWayPage(items=[by_id[i] for i in ids], next_cursor=cursor, prev_cursor=prev)


# -- bodies and their members ------------------------------------------------------------------

# How the public reads a membership role, in the order a body's members are listed.
ROLE_LABELS: dict[str, str] = {
    MembershipRole.chair: "Leder",
    MembershipRole.member: "Medlem",
    MembershipRole.deputy: "Fast stedfortreder",
    MembershipRole.secretary: "Sekretær",
}
ROLE_ORDER = {role: rank for rank, role in enumerate(ROLE_LABELS)}


def _public_bodies() -> Select:
    """Every body is public by nature, except a subcommittee whose setting up is not public yet: it is
    once the decision that set it up is, or once it has delivered."""
    delivered = exists().where(Delivery.subcommittee_id == Body.id, Delivery.id.in_(published("delivery")))
    return select(Body).where(
        or_(
            Body.kind != SUBCOMMITTEE,
            Body.established_by_decision_id.in_(published("decision")),
            delivered,
        )
    )


def members(session: Session, bodies: list[Body]) -> dict[uuid.UUID, list[PublicMember]]:
    """The members of each body, in one query: those whose term has not ended (a living body), or who
    sat on the day it was dissolved. Names and organizations only, never contact details."""
    today = oslo_date(utcnow())
    living = [b.id for b in bodies if b.status != DISSOLVED]
    terms = [Membership.body_id.in_(living) & or_(Membership.end_date.is_(None), Membership.end_date >= today)]
    terms += [
        (Membership.body_id == b.id) & active_on(Membership, oslo_date(b.dissolved_at) if b.dissolved_at else today)
        for b in bodies
        if b.status == DISSOLVED
    ]
    rows = session.execute(
        select(Membership, Person.name, Organization)
        .join(Person, Person.id == Membership.person_id)
        .outerjoin(Organization, Organization.id == Membership.organization_id)
        .where(or_(*terms))
    ).all()
    subcommittees = {b.id for b in bodies if b.kind == SUBCOMMITTEE}
    per_body: dict[uuid.UUID, list[PublicMember]] = {}
    for m, name, org in sorted(rows, key=lambda r: (ROLE_ORDER[r[0].role], r[1], r[0].start_date)):
        per_body.setdefault(m.body_id, []).append(
            PublicMember(
                id=m.id,
                name=name,
                role=m.role,
                organization=org and PublicOrganizationRef(id=org.id, name=org.name, short_name=org.short_name),
                deputy_for=m.deputy_for_membership_id,
                start_date=m.start_date,
                end_date=m.end_date,
                competence=m.competence if m.body_id in subcommittees else None,
            )
        )
    return per_body


def _bodies(session: Session, bodies: list[Body]) -> list[PublicBody]:
    seats = members(session, bodies)
    return [
        PublicBody(
            id=b.id,
            kind=b.kind,
            name=b.name,
            short_name=b.short_name,
            status=b.status,
            dissolved_at=b.dissolved_at,
            parent_body_id=b.parent_body_id,
            mandate=b.mandate,
            members=seats.get(b.id, []),
        )
        for b in bodies
    ]


def list_bodies(session: Session, page: PageParams) -> TwoWayPage[PublicBody]:
    rows, cursor, prev = paginate_both_ways(session, _public_bodies(), Body.name, Body.id, page)
    return TwoWayPage(items=_bodies(session, rows), next_cursor=cursor, prev_cursor=prev)


def living_bodies(session: Session, limit: int) -> list[PublicBodyRef]:
    """The bodies not dissolved, by name, without their members: the front page's links."""
    stmt = _public_bodies().where(Body.status != DISSOLVED).order_by(Body.name, Body.id).limit(limit)
    return [PublicBodyRef(id=b.id, kind=b.kind, name=b.name, short_name=b.short_name) for b in session.scalars(stmt)]


def body(session: Session, body_id: uuid.UUID) -> PublicBody:
    found = session.scalar(_public_bodies().where(Body.id == body_id))
    if found is None:
        raise NotFound(f"no public body {body_id}")
    return _bodies(session, [found])[0]


# -- subcommittees and annual plans ------------------------------------------------------------


def _published_subcommittees() -> Select:
    return _public_bodies().where(Body.kind == SUBCOMMITTEE)


def is_public_subcommittee(session: Session, body_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(_published_subcommittees().where(Body.id == body_id).exists())))


def _subcommittees(session: Session, bodies: list[Body]) -> list[PublicSubcommittee]:
    deliveries = list(
        session.scalars(
            select(Delivery)
            .where(Delivery.subcommittee_id.in_({b.id for b in bodies}), Delivery.id.in_(published("delivery")))
            .order_by(Delivery.delivered_at, Delivery.id)
        )
    )
    docs = _visible_documents(session, (d.document_id for d in deliveries))
    seats = members(session, bodies)
    per_body: dict[uuid.UUID, list[PublicDelivery]] = {}
    for d in deliveries:
        doc = docs.get(d.document_id)
        per_body.setdefault(d.subcommittee_id, []).append(
            PublicDelivery(id=d.id, title=d.title, delivered_at=d.delivered_at, document=doc and document_ref(doc))
        )
    return [
        PublicSubcommittee(
            id=b.id,
            name=b.name,
            status=b.status,
            mandate=b.mandate,
            deadline=b.deadline,
            established_by_decision_id=b.established_by_decision_id,
            deliveries=per_body.get(b.id, []),
            members=seats.get(b.id, []),
        )
        for b in bodies
    ]


def list_subcommittees(session: Session, page: PageParams) -> TwoWayPage[PublicSubcommittee]:
    rows, cursor, prev = paginate_both_ways(session, _published_subcommittees(), Body.name, Body.id, page)
    return TwoWayPage(items=_subcommittees(session, rows), next_cursor=cursor, prev_cursor=prev)


def subcommittee(session: Session, body_id: uuid.UUID) -> PublicSubcommittee:
    body = session.scalar(_published_subcommittees().where(Body.id == body_id))
    if body is None:
        raise NotFound(f"no published subcommittee {body_id}")
    return _subcommittees(session, [body])[0]


def list_annual_plans(session: Session, page: PageParams) -> TwoWayPage[PublicAnnualPlan]:
    stmt = select(AnnualPlan).where(AnnualPlan.id.in_(published("annual_plan")))
    rows, cursor, prev = paginate_both_ways(session, stmt, AnnualPlan.year, AnnualPlan.id, page, descending=True)
    docs = _visible_documents(session, (p.document_id for p in rows))
    items = [
        PublicAnnualPlan(
            id=p.id,
            year=p.year,
            title=p.title,
            adopted_at=p.adopted_at,
            adopted_by_decision_id=p.adopted_by_decision_id,
            document=document_ref(docs[p.document_id]) if p.document_id in docs else None,
        )
        for p in rows
    ]
    return TwoWayPage(items=items, next_cursor=cursor, prev_cursor=prev)


# -- the record itself -------------------------------------------------------------------------


# Where on a meeting's page an entry of the record is shown.
ANCHORS = {"decision": "#vedtak-{id}", "agenda_revision": "#endringer"}


def publications(session: Session, limit: int | None = None) -> tuple[list[PublicationOut], dict[uuid.UUID, str]]:
    """The record, newest first, and the website page that shows each entry."""
    stmt = select(Publication).order_by(Publication.at.desc(), Publication.id.desc()).limit(limit)
    return as_shown(session, [PublicationOut.model_validate(p) for p in session.scalars(stmt)])


def as_shown(session: Session, pubs: list[PublicationOut]) -> tuple[list[PublicationOut], dict[uuid.UUID, str]]:
    """Publications with their titles as the public reads them, and the website page of each. A
    document's title is read as the document reads now, through the same screening as its page: a
    title screened later is screened in the feed and on the front page."""
    # The document each document or correction entry is about, in one query.
    document_ids = {p.entity_id for p in pubs if p.entity_type == "document"}
    version_ids = {p.entity_id for p in pubs if p.entity_type == "document_version"}
    rows = session.execute(
        select(Document, DocumentVersion.id)
        .outerjoin(
            DocumentVersion, and_(DocumentVersion.document_id == Document.id, DocumentVersion.id.in_(version_ids))
        )
        .where(or_(Document.id.in_(document_ids), DocumentVersion.id.is_not(None)))
    )
    document_of: dict[uuid.UUID, Document] = {}
    for found, version_id in rows:  # a corrected document comes once per correction, not alone
        document_of[found.id] = found
        if version_id is not None:
            document_of[version_id] = found
    delivery_ids = [p.entity_id for p in pubs if p.kind == "delivery"]
    subcommittee_of = dict(
        session.execute(select(Delivery.id, Delivery.subcommittee_id).where(Delivery.id.in_(delivery_ids))).all()
    )
    shown, paths = [], {}
    for p in pubs:
        doc = document_of.get(p.entity_id)
        shown.append(p.model_copy(update={"title": public_title(doc)}) if doc else p)
        if doc:
            paths[p.id] = f"/dokumenter/{doc.id}"
        elif p.kind == "delivery":
            paths[p.id] = f"/underutvalg/{subcommittee_of[p.entity_id]}"
        elif p.kind == "annual_plan":
            paths[p.id] = "/arsplaner"
        else:  # the agenda, its revisions, the decisions and their follow-up are shown on the meeting's page
            paths[p.id] = f"/moter/{p.meeting_id}" + ANCHORS.get(p.entity_type, "").format(id=p.entity_id)
    return shown, paths


def published_files(session: Session, pubs: list[PublicationOut]) -> dict[uuid.UUID, tuple[str, FileFacts]]:
    """The file each document entry made public, with its public path, while its document is still
    public (a withheld document's file is on no path): the Atom feed's enclosures, in one query."""
    by_version = {p.entity_id: p.id for p in pubs if p.entity_type == "document_version"}
    by_number = {(p.entity_id, p.document_version): p.id for p in pubs if p.entity_type == "document"}
    if not by_version and not by_number:
        return {}
    stmt = (
        select(DocumentVersion)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(
            Document.public.is_(True),
            DocumentVersion.file_sha256.is_not(None),
            or_(
                DocumentVersion.id.in_(by_version),
                tuple_(DocumentVersion.document_id, DocumentVersion.number).in_(list(by_number)),
            ),
        )
        .options(defer(DocumentVersion.body))
    )
    files: dict[uuid.UUID, tuple[str, FileFacts]] = {}
    for v in session.scalars(stmt):
        pub_id = by_version.get(v.id) or by_number.get((v.document_id, v.number))
        if pub_id is not None and v.file is not None:
            files[pub_id] = (f"/api/v1/public/documents/{v.document_id}/versions/{v.number}/file", v.file)
    return files


def is_on_record(session: Session, entity_type: str, entity_id: uuid.UUID) -> bool:
    """Whether the entity has been published in any capacity (uses the entity_type, entity_id index)."""
    on_record = exists().where(Publication.entity_type == entity_type, Publication.entity_id == entity_id)
    return bool(session.scalar(select(on_record)))


def is_published(session: Session, kind: str, entity_id: uuid.UUID) -> bool:
    return bool(
        session.scalar(select(exists().where(and_(Publication.kind == kind, Publication.entity_id == entity_id))))
    )
