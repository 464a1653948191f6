"""Guard of `publication.closed_meeting`: what of a closed meeting may become public."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select

from app.documents.models import Document
from app.governance.registry import EntityRef, Finding, GuardContext, guard
from app.meetings.models import Meeting
from app.publication.models import Publication
from app.publication.record import published_document_ids

# The entity each kind of publication points at.
ENTITY_OF_KIND = {
    "agenda": "meeting",
    "agenda_revision": "agenda_revision",
    "case_document": "document",
    "minutes": "document",
    "decision": "decision",
    "follow_up": "decision",
    "delivery": "delivery",
    "annual_plan": "annual_plan",
    "correction": "document_version",
}
CONVENED_OR_LATER = {"convened", "in_session", "held", "minutes_approved", "cancelled"}
# Meeting states a publication of the kind needs: agendas from convening on, minutes and
# decisions only once the minutes are approved.
MEETING_STATES = {
    "agenda": CONVENED_OR_LATER,
    "agenda_revision": CONVENED_OR_LATER,
    "case_document": CONVENED_OR_LATER,
    "minutes": {"minutes_approved"},
    "decision": {"minutes_approved"},
    "follow_up": {"minutes_approved"},
}


def publication_problem(pub: Publication, meeting_status: str | None, kinds: set[str]) -> str | None:
    """Why this publication may not be public, or None."""
    if pub.kind not in kinds:
        return f"{pub.kind!r} is not a kind of publication the rules allow ({', '.join(sorted(kinds))})"
    if ENTITY_OF_KIND.get(pub.kind) != pub.entity_type:
        return f"a {pub.kind} publication cannot point at a {pub.entity_type}"
    states = MEETING_STATES.get(pub.kind)
    if states and meeting_status not in states:
        return f"{pub.kind} of a meeting that is {meeting_status or 'unknown'}"
    return None


def _fine(kinds: set[str]) -> ColumnElement[bool]:
    """In SQL, what `publication_problem` passes: the whole record is judged in the database, and only
    the rows it cannot pass are read (and judged again, for the detail)."""
    allowed = []
    for kind in sorted(kinds & ENTITY_OF_KIND.keys()):
        conditions = [Publication.kind == kind, Publication.entity_type == ENTITY_OF_KIND[kind]]
        if kind in MEETING_STATES:  # a NULL status (no meeting) is not fine: `is_not` keeps it out
            conditions += [Meeting.status.is_not(None), Meeting.status.in_(sorted(MEETING_STATES[kind]))]
        allowed.append(and_(*conditions))
    return or_(false(), *allowed)


def _ref(pub: Publication) -> EntityRef:
    return EntityRef(pub.entity_type, pub.entity_id, pub.title)


@guard("publication.closed_meeting", params={"kinds": list}, invariant=True)
def closed_meeting(ctx: GuardContext, params: dict[str, Any]) -> Finding | list[Finding] | None:
    kinds = set(params["kinds"])
    if ctx.subject is not None:  # one publication about to be written
        pub: Publication = ctx.subject
        meeting = ctx.session.get(Meeting, pub.meeting_id) if pub.meeting_id else None
        problem = publication_problem(pub, meeting.status if meeting else None, kinds)
        return Finding(problem, [_ref(pub)]) if problem else None

    rows = ctx.session.execute(
        select(Publication, Meeting.status)
        .outerjoin(Meeting, Meeting.id == Publication.meeting_id)
        .where(~_fine(kinds))
        .order_by(Publication.at, Publication.id)
    )
    findings = [
        Finding(problem, [_ref(pub)]) for pub, status in rows if (problem := publication_problem(pub, status, kinds))
    ]
    leaked = ctx.session.scalars(
        select(Document).where(
            Document.published_at.is_not(None),
            or_(Document.public.is_(False), Document.id.not_in(published_document_ids())),
        )
    )
    for doc in leaked:
        why = "is withheld from the public" if not doc.public else "was not published by any event"
        findings.append(
            Finding(
                f"document {doc.title!r} has a publication time but {why}", [EntityRef("document", doc.id, doc.title)]
            )
        )
    return findings
