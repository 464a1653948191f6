"""Documents (saksfremlegg, kunnskapsgrunnlag, referat …) and their attachment to cases."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from app.bodies.models import Body
from app.cases.models import Case
from app.cases.permissions import CLOSED_STATES, authorize_case_write
from app.context import RequestContext
from app.documents import guards  # noqa: F401  (registers the document rules)
from app.documents.models import CaseDocument, Document
from app.documents.schemas import (
    CaseDocumentOut,
    DocumentCreate,
    DocumentOut,
    DocumentUpdate,
)
from app.errors import Conflict, InvalidInput
from app.events import emit
from app.http import check_if_match
from app.meetings.arenas import authorize_meeting
from app.meetings.models import Meeting
from app.pagination import PageParams, paginate, where_equal
from app.resources import apply_changes, audited_update, create_audited, get_or_404, require_existing


def _check_exemption(ctx: RequestContext, doc: Document) -> list[dict[str, Any]]:
    return ctx.enforce(["publication.exemption_requires_basis"], doc)


def list_documents(ctx: RequestContext, page: PageParams, kind: str | None = None) -> tuple[list[Document], str | None]:
    stmt = where_equal(select(Document), {Document.kind: kind})
    return paginate(ctx.session, stmt, Document.created_at, Document.id, page)


def get_document(ctx: RequestContext, document_id: uuid.UUID) -> Document:
    return get_or_404(ctx.session, Document, document_id, "document")


def create_document(ctx: RequestContext, data: DocumentCreate) -> tuple[Document, list[dict[str, Any]]]:
    require_existing(ctx, Body, {"owner_body_id": data.owner_body_id}, "body")
    doc = Document(**data.model_dump())
    warnings = _check_exemption(ctx, doc)
    return create_audited(ctx, doc, DocumentOut, "document"), warnings


def _authorize_document_write(ctx: RequestContext, doc: Document) -> None:
    """A document belongs to the cases it is attached to and the meetings whose minutes it is:
    only those who may write all of them may change it."""
    cases = ctx.session.scalars(
        select(Case).join(CaseDocument, CaseDocument.case_id == Case.id).where(CaseDocument.document_id == doc.id)
    )
    for case in cases:
        authorize_case_write(ctx, case)
    for meeting in ctx.session.scalars(select(Meeting).where(Meeting.minutes_document_id == doc.id)):
        authorize_meeting(ctx.session, ctx.principal, ctx.now, meeting, "change its minutes")


def update_document(
    ctx: RequestContext, document_id: uuid.UUID, data: DocumentUpdate, if_match: str | None
) -> tuple[Document, list[dict[str, Any]]]:
    doc = get_or_404(ctx.session, Document, document_id, "document", lock=True)
    check_if_match(if_match, doc)
    _authorize_document_write(ctx, doc)
    with audited_update(ctx, doc, DocumentOut, "document"):
        apply_changes(doc, data.model_dump(exclude_unset=True))
        # Judged on the document as changed; a rejection rolls the whole request back.
        warnings = _check_exemption(ctx, doc)
    emit(ctx, "document.changed", document=doc)
    return doc, warnings


def _attachment_out(session: Any, rows: list[CaseDocument]) -> list[CaseDocumentOut]:
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_([r.document_id for r in rows])))}
    return [
        CaseDocumentOut(
            id=r.id, case_id=r.case_id, document_id=r.document_id, position=r.position, attached_at=r.attached_at,
            document=DocumentOut.model_validate(docs[r.document_id]),
        )
        for r in rows
    ]


def list_case_documents(
    ctx: RequestContext, case_id: uuid.UUID, page: PageParams
) -> tuple[list[CaseDocumentOut], str | None]:
    get_or_404(ctx.session, Case, case_id, "case")
    stmt = select(CaseDocument).where(CaseDocument.case_id == case_id)
    rows, cursor = paginate(ctx.session, stmt, CaseDocument.position, CaseDocument.id, page)
    return _attachment_out(ctx.session, rows), cursor


def attach_document(ctx: RequestContext, case_id: uuid.UUID, document_id: uuid.UUID) -> CaseDocumentOut:
    case = get_or_404(ctx.session, Case, case_id, "case", lock=True)
    authorize_case_write(ctx, case)
    if case.status in CLOSED_STATES:
        raise Conflict(f"case {case.number} is {case.status}; documents are attached to open cases only")
    document = ctx.session.get(Document, document_id)
    if document is None:
        raise InvalidInput("document_id", f"document {document_id} does not exist")
    attached = ctx.session.scalar(
        select(CaseDocument.id).where(CaseDocument.case_id == case_id, CaseDocument.document_id == document_id)
    )
    if attached is not None:
        raise Conflict(f"document {document_id} is already attached to case {case.number}")
    last = ctx.session.scalar(select(func.max(CaseDocument.position)).where(CaseDocument.case_id == case_id))
    row = CaseDocument(case_id=case_id, document_id=document_id, position=(last or 0) + 1)
    ctx.session.add(row)
    ctx.session.flush()
    out = _attachment_out(ctx.session, [row])[0]
    ctx.audit("attach_document", "case", case.id, None, out.model_dump(mode="json"))
    emit(ctx, "case.document_attached", case=case, document=document)
    return out
