"""Guards of the case rules: what a case needs before it is prepared, and where it is concluded."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.bodies.models import Body
from app.cases.models import Case
from app.documents.models import CaseDocument, Document
from app.governance.registry import EntityRef, Finding, GuardContext, guard
from app.meetings.models import AgendaItem, Meeting


def _attached_kinds(ctx: GuardContext, case: Case) -> set[str]:
    return set(
        ctx.session.scalars(
            select(Document.kind)
            .join(CaseDocument, CaseDocument.document_id == Document.id)
            .where(CaseDocument.case_id == case.id)
        )
    )


def _ref(case: Case) -> list[EntityRef]:
    return [EntityRef("case", case.id, case.number)]


@guard("case.prepare.requires_case_presentation")
def requires_case_presentation(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    if "case_presentation" in _attached_kinds(ctx, ctx.subject):
        return None
    return Finding(detail="attach a document of kind case_presentation", entities=_ref(ctx.subject))


@guard("case.prepare.requires_strategic_rationale")
def requires_strategic_rationale(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    if (ctx.subject.strategic_rationale or "").strip():
        return None
    return Finding(detail="strategic_rationale is empty", entities=_ref(ctx.subject))


@guard("case.prepare.knowledge_base")
def knowledge_base(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    case = ctx.subject
    if case.kind != "decision" or "knowledge_base" in _attached_kinds(ctx, case):
        return None
    return Finding(detail="no document of kind knowledge_base is attached", entities=_ref(case))


@guard("case.prepare.stakeholder_involvement")
def stakeholder_involvement(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    if ctx.subject.stakeholders:
        return None
    return Finding(detail="stakeholders_involved is empty", entities=_ref(ctx.subject))


@guard("case.prepare.ordinary_channels")
def ordinary_channels(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    if not ctx.subject.large_development_work:
        return None
    return Finding(detail="the case is flagged as large_development_work", entities=_ref(ctx.subject))


def at_meeting(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    """The case's open agenda item is on a meeting of one of `body_kinds` in one of `meeting_statuses`."""
    meeting: Meeting | None = ctx.facts.get("meeting")
    if meeting is None:
        return Finding(detail="the case stands on no agenda", entities=_ref(ctx.subject))
    kind = ctx.session.scalar(select(Body.kind).where(Body.id == meeting.body_id))
    if meeting.status in params["meeting_statuses"] and kind in params["body_kinds"]:
        return None
    return Finding(
        detail=f"the case stands on meeting {meeting.number} ({kind}), which is {meeting.status}",
        entities=[EntityRef("meeting", meeting.id, f"møte {meeting.number}")],
    )


for _rule in ("case.return.requires_meeting_in_session", "case.note.requires_meeting_in_session"):
    guard(_rule, params={"meeting_statuses": list, "body_kinds": list})(at_meeting)


@guard("case.note.information_only")
def note_information_only(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    if ctx.subject.kind == "information":
        return None
    return Finding(detail=f"the case is a {ctx.subject.kind} case", entities=_ref(ctx.subject))


@guard("case.scheduled_on_open_agenda", invariant=True)
def scheduled_on_open_agenda(ctx: GuardContext, _params: dict[str, Any]) -> list[Finding]:
    """Scheduled cases whose open agenda item is missing, or on a meeting already held or cancelled."""
    open_meeting = (
        select(AgendaItem.case_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.outcome.is_(None), Meeting.status.in_(("planned", "convened", "in_session")))
    )
    stmt = select(Case).where(Case.status == "scheduled", Case.id.not_in(open_meeting))
    if ctx.subject is not None:
        stmt = stmt.where(Case.id == ctx.subject.id)
    return [
        Finding(detail=f"case {c.number} is scheduled but on no agenda still to be dealt with", entities=_ref(c))
        for c in ctx.session.scalars(stmt.order_by(Case.created_at, Case.id))
    ]
