"""Documents (saksfremlegg, kunnskapsgrunnlag, referat …) and their attachment to cases."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists, func, select, union_all
from sqlalchemy.orm import Session, joinedload

from app.annual_plans.models import AnnualPlan
from app.bodies.models import Body
from app.cases.models import Case
from app.cases.service import CLOSED_STATES, load_case, recheck_preparation
from app.context import RequestContext
from app.documents import guards  # noqa: F401  (registers the document rules)
from app.documents.models import CaseDocument, Document, DocumentVersion
from app.documents.schemas import (
    DOCUMENT_ACTIONS,
    CaseDocumentOut,
    DocumentCorrection,
    DocumentCreate,
    DocumentOut,
    DocumentRecord,
    DocumentUpdate,
    DocumentVersionOut,
)
from app.errors import Conflict, InvalidInput, NotFound
from app.events import emit
from app.files import service as files
from app.files.models import FILE_FIELDS
from app.files.schemas import FileFacts
from app.files.store import FileStore
from app.files.upload import Upload
from app.http import check_if_match
from app.meetings.models import Meeting
from app.pagination import PageParams, paginate, where_contains, where_equal
from app.resources import (
    View,
    apply_changes,
    audited_update,
    create_audited,
    get_visible,
    require_existing,
)
from app.subcommittees.models import Delivery

VIEW = View(DOCUMENT_ACTIONS)


def _check_exemption(ctx: RequestContext, doc: Document) -> list[dict[str, Any]]:
    return ctx.enforce(["publication.exemption_requires_basis"], doc)


def list_documents(
    ctx: RequestContext,
    page: PageParams,
    kind: str | None = None,
    q: str | None = None,
    owner_body_id: uuid.UUID | None = None,
) -> tuple[list[Document], str | None]:
    stmt = where_equal(
        select(Document).options(joinedload(Document.owner_body)),
        {Document.kind: kind, Document.owner_body_id: owner_body_id},
    )
    stmt = where_contains(stmt, q, Document.title)
    docs, cursor = paginate(
        ctx.session, ctx.scope(stmt, Document.owner_body_id), Document.created_at, Document.id, page
    )
    return [VIEW.present(ctx, d, d.owner_body) for d in docs], cursor


def load_document(ctx: RequestContext, document_id: uuid.UUID, *, lock: bool = False) -> tuple[Document, Body]:
    """The document and its owning body, 404 unless the caller may read the body's work."""
    return get_visible(ctx, Document, document_id, "document", Document.owner_body_id, "work.read", lock=lock)


def get_document(ctx: RequestContext, document_id: uuid.UUID) -> Document:
    return VIEW.present(ctx, *load_document(ctx, document_id))


# What a version holds; of it, what a published document keeps as published (its flags may still
# change: a document can be withheld later, or its title screened).
VERSIONED_FIELDS = ("kind", "title", "body", "public", "title_public", "exemption_basis", *FILE_FIELDS)
FROZEN_FIELDS = ("kind", "title", "body")  # and the file, which no PATCH changes
# Withholding what is published takes it off the public record as surely as rewriting it: only who
# holds the correction right (the secretariat) does that, with its legal basis.
EXEMPTION_FIELDS = ("public", "title_public", "exemption_basis")


def current_version_number(session: Session, document_id: uuid.UUID) -> int:
    """The number of the document's latest version (0 before its first)."""
    stmt = select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == document_id)
    return session.scalar(stmt) or 0


def add_version(
    ctx: RequestContext, doc: Document, reason: str | None = None, correction: bool = False
) -> DocumentVersion:
    """Record the document's content as its next version (the row lock on the document orders them)."""
    version = DocumentVersion(
        document_id=doc.id,
        number=current_version_number(ctx.session, doc.id) + 1,
        actor=ctx.principal.actor,
        created_at=ctx.now,
        reason=reason,
        correction=correction,
        **{f: getattr(doc, f) for f in VERSIONED_FIELDS},
    )
    ctx.session.add(version)
    ctx.session.flush()
    return version


def create_document(
    ctx: RequestContext, data: DocumentCreate, upload: Upload | None = None, store: FileStore | None = None
) -> tuple[Document, list[dict[str, Any]]]:
    """A new document; with an upload, carrying its file (kept in `store` before the rows are written)."""
    file = files.inspect(upload) if upload is not None else None
    require_existing(ctx, Body, {"owner_body_id": data.owner_body_id}, "body")
    # Shared lock: a dissolution (which updates the body) waits for this document, or this sees it.
    owner = ctx.session.get_one(Body, data.owner_body_id, with_for_update={"read": True})
    ctx.authorize(owner)
    ctx.enforce(["body.dissolved_takes_no_new_work"], body=owner)
    doc = Document(**data.model_dump())
    warnings = _check_exemption(ctx, doc)
    if file is not None and upload is not None and store is not None:
        files.keep(ctx.session, store, upload)
        doc.set_file(file)
    create_audited(ctx, doc, DocumentRecord, "document")
    add_version(ctx, doc)
    return VIEW.present(ctx, doc, owner), warnings


def update_document(
    ctx: RequestContext, document_id: uuid.UUID, data: DocumentUpdate, if_match: str | None
) -> tuple[Document, list[dict[str, Any]]]:
    doc, owner = load_document(ctx, document_id, lock=True)
    check_if_match(if_match, doc)
    ctx.authorize(owner)
    changes = data.model_dump(exclude_unset=True)
    before = {f: getattr(doc, f) for f in VERSIONED_FIELDS}
    ctx.enforce(
        ["publication.record_immutable"],
        doc,
        published=doc.published_at is not None,
        entity_type="document",
        changed=[f for f in FROZEN_FIELDS if f in changes and changes[f] != before[f]],
    )
    if doc.published_at is not None and any(f in changes and changes[f] != before[f] for f in EXEMPTION_FIELDS):
        ctx.authorize(owner, permission="document.correct")
    with audited_update(ctx, doc, DocumentRecord, "document"):
        apply_changes(doc, changes)
        # Judged on the document as changed; a rejection rolls the whole request back.
        warnings = _check_exemption(ctx, doc)
        if "kind" in changes:
            for case in ctx.session.scalars(
                select(Case)
                .join(CaseDocument, CaseDocument.case_id == Case.id)
                .where(CaseDocument.document_id == doc.id)
            ):
                warnings += recheck_preparation(ctx, case)
    if any(getattr(doc, f) != before[f] for f in VERSIONED_FIELDS):
        add_version(ctx, doc)
    emit(ctx, "document.changed", document=doc)
    return VIEW.present(ctx, doc, owner), warnings


def correct_document(
    ctx: RequestContext, document_id: uuid.UUID, data: DocumentCorrection, if_match: str | None
) -> tuple[Document, DocumentVersion]:
    """Put right what was published: a new version with its reason, shown in public as a correction."""
    doc, _owner = load_document(ctx, document_id, lock=True)
    check_if_match(if_match, doc)
    if doc.published_at is None:
        raise Conflict(f"document {doc.id} is not published: change it with PATCH")
    changes = data.model_dump(exclude_unset=True, exclude={"reason"})
    if not any(value is not None and value != getattr(doc, name) for name, value in changes.items()):
        raise InvalidInput("title", "a correction changes the title or the body")
    with audited_update(ctx, doc, DocumentRecord, "document"):
        apply_changes(doc, {name: value for name, value in changes.items() if value is not None})
    version = add_version(ctx, doc, reason=data.reason, correction=True)
    ctx.audit("correct", "document", doc.id, None, DocumentVersionOut.model_validate(version).model_dump(mode="json"))
    emit(ctx, "document.corrected", document=doc, version=version)
    emit(ctx, "document.changed", document=doc)
    return doc, version


def add_file(
    ctx: RequestContext,
    document_id: uuid.UUID,
    upload: Upload,
    store: FileStore,
    note: str | None,
    if_match: str | None,
) -> tuple[Document, DocumentVersion]:
    """A new version carrying the uploaded file. A published document's file is never replaced: the
    new version is a correction, by who may correct, with its reason (the note), shown in public."""
    facts = files.inspect(upload)
    doc, owner = load_document(ctx, document_id, lock=True)
    check_if_match(if_match, doc)
    ctx.authorize(owner)
    published = doc.published_at is not None
    if published:
        ctx.authorize(owner, permission="document.correct")
        if not note:
            raise InvalidInput(
                "note",
                "a published document's file is corrected by a new version: say why in `note`",
                message_nb="Dokumentet er publisert: skriv i merknaden hvorfor filen rettes.",
            )
    files.keep(ctx.session, store, upload)
    with audited_update(ctx, doc, DocumentRecord, "document"):
        doc.set_file(facts)
    version = add_version(ctx, doc, reason=note, correction=published)
    if published:
        ctx.audit(
            "correct", "document", doc.id, None, DocumentVersionOut.model_validate(version).model_dump(mode="json")
        )
        emit(ctx, "document.corrected", document=doc, version=version)
    emit(ctx, "document.changed", document=doc)
    return doc, version


def version_file(ctx: RequestContext, document_id: uuid.UUID, number: int) -> FileFacts:
    """The file of a version, to who may read the document; 404 for a version without one."""
    file = get_version(ctx, document_id, number).file
    if file is None:
        raise NotFound(f"version {number} of document {document_id} carries no file")
    return file


def list_versions(
    ctx: RequestContext, document_id: uuid.UUID, page: PageParams
) -> tuple[list[DocumentVersion], str | None]:
    load_document(ctx, document_id)
    stmt = select(DocumentVersion).where(DocumentVersion.document_id == document_id)
    return paginate(ctx.session, stmt, DocumentVersion.number, DocumentVersion.id, page)


def get_version(ctx: RequestContext, document_id: uuid.UUID, number: int) -> DocumentVersion:
    load_document(ctx, document_id)
    version = ctx.session.scalar(
        select(DocumentVersion).where(DocumentVersion.document_id == document_id, DocumentVersion.number == number)
    )
    if version is None:
        raise NotFound(f"document {document_id} has no version {number}")
    return version


def take_document(ctx: RequestContext, document_id: uuid.UUID, owner: Body, field: str) -> Document:
    """A document for a record of `owner` (minutes, a delivery, an annual plan): it must be the
    owner's own work, and not already part of a case or another record, so that filing it
    cannot publish someone else's draft."""
    doc = ctx.session.get(Document, document_id, with_for_update={"key_share": True})
    if doc is None or not ctx.may(ctx.session.get(Body, doc.owner_body_id), permission="work.read"):
        raise InvalidInput(field, f"document {document_id} does not exist")
    if doc.owner_body_id != owner.id:
        raise InvalidInput(field, f"document {document_id} is another body's work, not {owner.name}'s")
    if _filed(ctx, doc.id, select(CaseDocument.id).where(CaseDocument.document_id == doc.id)):
        raise InvalidInput(field, f"document {document_id} is already part of a case or another record")
    return doc


def _filed(ctx: RequestContext, document_id: uuid.UUID, *also: Any) -> bool:
    """Whether the document is a meeting's minutes, a delivery, an annual plan (or one of `also`)."""
    uses = [
        *also,
        select(Meeting.id).where(Meeting.minutes_document_id == document_id),
        select(Delivery.id).where(Delivery.document_id == document_id),
        select(AnnualPlan.id).where(AnnualPlan.document_id == document_id),
    ]
    return bool(ctx.session.scalar(select(exists(union_all(*uses)))))


def _attachment_out(ctx: RequestContext, rows: list[CaseDocument]) -> list[CaseDocumentOut]:
    stmt = select(Document).options(joinedload(Document.owner_body))
    docs = {d.id: d for d in ctx.session.scalars(stmt.where(Document.id.in_([r.document_id for r in rows])))}
    return [
        CaseDocumentOut(
            id=r.id,
            case_id=r.case_id,
            document_id=r.document_id,
            position=r.position,
            attached_at=r.attached_at,
            document=DocumentOut.model_validate(VIEW.present(ctx, docs[r.document_id], docs[r.document_id].owner_body)),
        )
        for r in rows
    ]


def list_case_documents(
    ctx: RequestContext, case_id: uuid.UUID, page: PageParams
) -> tuple[list[CaseDocumentOut], str | None]:
    load_case(ctx, case_id)
    stmt = select(CaseDocument).where(CaseDocument.case_id == case_id)
    rows, cursor = paginate(ctx.session, stmt, CaseDocument.position, CaseDocument.id, page)
    return _attachment_out(ctx, rows), cursor


def attach_document(ctx: RequestContext, case_id: uuid.UUID, document_id: uuid.UUID) -> CaseDocumentOut:
    case, body = load_case(ctx, case_id, lock=True)
    ctx.authorize(body)
    if case.status in CLOSED_STATES:
        raise Conflict(f"case {case.number} is {case.status}; documents are attached to open cases only")
    document = ctx.session.get(Document, document_id)
    if document is None or not ctx.may(ctx.session.get(Body, document.owner_body_id), permission="work.read"):
        raise InvalidInput("document_id", f"document {document_id} does not exist")
    if document.owner_body_id != case.owner_body_id:
        raise InvalidInput(
            "document_id", f"document {document_id} is another body's work; a case takes its own body's documents"
        )
    if _filed(ctx, document.id):  # attached to a convened agenda's case, it would be published as a case document
        raise InvalidInput(
            "document_id", f"document {document_id} is already part of a record (minutes, a delivery, an annual plan)"
        )
    attached = ctx.session.scalar(
        select(CaseDocument.id).where(CaseDocument.case_id == case_id, CaseDocument.document_id == document_id)
    )
    if attached is not None:
        raise Conflict(f"document {document_id} is already attached to case {case.number}")
    last = ctx.session.scalar(select(func.max(CaseDocument.position)).where(CaseDocument.case_id == case_id))
    row = CaseDocument(case_id=case_id, document_id=document_id, position=(last or 0) + 1)
    ctx.session.add(row)
    ctx.session.flush()
    out = _attachment_out(ctx, [row])[0]
    # What the caller may do on the document is about the reader, not the record.
    ctx.audit("attach_document", "case", case.id, None, out.model_dump(mode="json", exclude={"document": {"can"}}))
    emit(ctx, "case.document_attached", case=case, document=document)
    return out
