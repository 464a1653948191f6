from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.audit.routes import history_router
from app.context import RequestContext, permit
from app.documents import service
from app.documents.schemas import (
    CaseDocumentAttach,
    CaseDocumentOut,
    DocumentCorrection,
    DocumentCreate,
    DocumentKind,
    DocumentOut,
    DocumentUpdate,
    DocumentVersionOut,
    DocumentWritten,
)
from app.errors import InvalidInput
from app.files.download import file_response
from app.files.service import StoreDep
from app.files.upload import FILE_FIELD, UploadDep
from app.http import IfMatch, set_etag, set_fixed_etag
from app.pagination import FreeText, Page, PageParams, page_params
from app.resources import created
from app.routing import Router
from app.types import Int32

PATH = "/api/v1/documents"
router = Router(prefix=PATH, tags=["documents"])
case_documents_router = Router(prefix="/api/v1/cases/{case_id}/documents", tags=["cases"])
extra_routers = [case_documents_router, history_router(PATH, "documents", "document", service.load_document)]

MAX_NOTE = 2000
FILE_PROPERTY = {
    "type": "string",
    "format": "binary",
    "description": "The file: PDF, DOCX, ODT, XLSX, PPTX, PNG or JPEG.",
}
FILE_BODY = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "additionalProperties": False,
            "required": [FILE_FIELD],
            "properties": {
                FILE_FIELD: FILE_PROPERTY,
                "note": {
                    "type": "string",
                    "maxLength": MAX_NOTE,
                    "description": "What the new version is; required when the document is published "
                    "(the file is then corrected, and the note is the correction's reason, shown in public).",
                },
            },
        }
    }
}


UPLOAD_RESPONSES: dict[int | str, dict] = {
    413: {"description": "The file is larger than the limit (SAMORDNING_MAX_FILE_BYTES, 50 MB by default)."},
    415: {"description": "The file's content is not an accepted type (its name does not decide it)."},
    503: {"description": "The file store is unavailable; nothing was kept."},
}


@router.get("", response_model=Page[DocumentOut], summary="List documents (oldest first)")
def list_documents(
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
    kind: Annotated[DocumentKind | None, Query(description="Only documents of this kind.")] = None,
    q: Annotated[FreeText, Query(description="Free text in the title.")] = None,
    owner_body_id: Annotated[uuid.UUID | None, Query(description="Only documents of this body.")] = None,
) -> Page[DocumentOut]:
    items, cursor = service.list_documents(ctx, page, kind, q, owner_body_id)
    return Page(items=[DocumentOut.model_validate(d) for d in items], next_cursor=cursor)


@router.post(
    "",
    status_code=201,
    response_model=DocumentWritten,
    summary="Create a document; a non-public one must name its legal basis for exemption",
    # The multipart form is described, not declared as a second media type of the body: the Python
    # client generator cannot take a body of two media types (openapi-python-client#1451), and
    # schemathesis takes its form fields, which carry no JSON types, for invalid JSON.
    description="As JSON; or, to create it with its file, as multipart/form-data with the same fields "
    "(booleans `true`/`false`, an empty `exemption_basis` as null) and the file in `file` (PDF, DOCX, ODT, "
    "XLSX, PPTX, PNG or JPEG, at most 50 MB by default; 413, 415 and 503 as for `…/{id}/files`).",
    responses=UPLOAD_RESPONSES,
)
def create_document(
    data: DocumentCreate, ctx: Annotated[RequestContext, permit("work.write")], response: Response
) -> DocumentWritten:
    doc, warnings = service.create_document(ctx, data)
    created(response, doc, PATH)
    return DocumentWritten.model_validate({**DocumentOut.model_validate(doc).model_dump(), "warnings": warnings})


def _form(model: type[DocumentCreate], fields: dict[str, str]) -> DocumentCreate:
    """The form's fields as the JSON form's: a boolean is `true` or `false` as in JSON, and an empty
    optional field is null (a form cannot send null)."""
    booleans = {name for name, f in model.model_fields.items() if f.annotation is bool}
    optional = {name for name, f in model.model_fields.items() if f.default is None}
    values: dict[str, object] = {}
    for name, value in fields.items():
        if name in booleans:
            values[name] = {"true": True, "false": False}.get(value, value)
        else:
            values[name] = None if name in optional and value == "" else value
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


def create_document_with_file(
    upload: UploadDep, ctx: Annotated[RequestContext, permit("work.write")], store: StoreDep, response: Response
) -> DocumentWritten:
    data = _form(DocumentCreate, upload.fields)
    doc, warnings = service.create_document(ctx, data, upload, store)
    created(response, doc, PATH)
    return DocumentWritten.model_validate({**DocumentOut.model_validate(doc).model_dump(), "warnings": warnings})


router.multipart("", create_document_with_file)


@router.get("/{document_id}", response_model=DocumentOut, summary="One document")
def get_document(
    document_id: uuid.UUID, ctx: Annotated[RequestContext, permit("work.read")], response: Response
) -> DocumentOut:
    doc = service.get_document(ctx, document_id)
    set_etag(response, doc)
    return DocumentOut.model_validate(doc)


@router.patch("/{document_id}", response_model=DocumentWritten, summary="Change a document (send If-Match)")
def update_document(
    document_id: uuid.UUID,
    data: DocumentUpdate,
    ctx: Annotated[RequestContext, permit("work.write")],
    response: Response,
    if_match: IfMatch = None,
) -> DocumentWritten:
    doc, warnings = service.update_document(ctx, document_id, data, if_match)
    set_etag(response, doc)
    return DocumentWritten.model_validate({**DocumentOut.model_validate(doc).model_dump(), "warnings": warnings})


@router.post(
    "/{document_id}/corrections",
    status_code=201,
    response_model=DocumentVersionOut,
    summary="Correct a published document: a new version with its reason, shown in public as «Rettet»",
)
def correct_document(
    document_id: uuid.UUID,
    data: DocumentCorrection,
    ctx: Annotated[RequestContext, permit("document.correct")],
    response: Response,
    if_match: IfMatch = None,
) -> DocumentVersionOut:
    doc, version = service.correct_document(ctx, document_id, data, if_match)
    response.headers["Location"] = f"{PATH}/{doc.id}/versions/{version.number}"
    set_fixed_etag(response, version)  # the created resource is the version, not the document
    return DocumentVersionOut.model_validate(version)


@router.post(
    "/{document_id}/files",
    status_code=201,
    response_model=DocumentVersionOut,
    summary="Upload a file as the document's new version (multipart/form-data: `file`, optional `note`)",
    description="Streamed to the store and hashed on the way; the type is read from the content. On a "
    "published document the new version is a correction (who may correct, with `note` as its reason): "
    "a published file is never replaced.",
    responses=UPLOAD_RESPONSES,
    openapi_extra={"requestBody": {"required": True, "content": FILE_BODY}},
)
def upload_file(
    document_id: uuid.UUID,
    upload: UploadDep,
    ctx: Annotated[RequestContext, permit("work.write")],
    store: StoreDep,
    response: Response,
    if_match: IfMatch = None,
) -> DocumentVersionOut:
    if unknown := sorted(set(upload.fields) - {"note"}):
        raise InvalidInput(unknown[0], "not a field of this form (it takes `file` and `note`)", code="extra_forbidden")
    note = upload.fields.get("note", "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise InvalidInput(
            "note", f"at most {MAX_NOTE} characters", message_nb=f"Merknaden kan ha høyst {MAX_NOTE} tegn."
        )
    doc, version = service.add_file(ctx, document_id, upload, store, note, if_match)
    response.headers["Location"] = f"{PATH}/{doc.id}/versions/{version.number}"
    set_fixed_etag(response, version)
    return DocumentVersionOut.model_validate(version)


@router.get(
    "/{document_id}/versions", response_model=Page[DocumentVersionOut], summary="The document's versions, oldest first"
)
def list_versions(
    document_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[DocumentVersionOut]:
    items, cursor = service.list_versions(ctx, document_id, page)
    return Page(items=[DocumentVersionOut.model_validate(v) for v in items], next_cursor=cursor)


@router.get(
    "/{document_id}/versions/{number}", response_model=DocumentVersionOut, summary="One version of the document"
)
def get_version(
    document_id: uuid.UUID, number: Int32, ctx: Annotated[RequestContext, permit("work.read")], response: Response
) -> DocumentVersionOut:
    version = service.get_version(ctx, document_id, number)
    set_fixed_etag(response, version)
    return DocumentVersionOut.model_validate(version)


@router.get(
    "/{document_id}/versions/{number}/file",
    response_class=Response,
    summary="The file of a version (Range requests; ETag = its SHA-256)",
    responses={
        200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
        206: {"description": "The byte range asked for (`Range: bytes=…`)."},
        404: {"description": "No such version, or it carries no file."},
        416: {"description": "The range is outside the file."},
        503: {"description": "The file store is unavailable."},
    },
)
def get_version_file(
    document_id: uuid.UUID,
    number: Int32,
    ctx: Annotated[RequestContext, permit("work.read")],
    request: Request,
    store: StoreDep,
) -> Response:
    return file_response(request, store, service.version_file(ctx, document_id, number), public=False)


@case_documents_router.get("", response_model=Page[CaseDocumentOut], summary="The case's documents in order")
def list_case_documents(
    case_id: uuid.UUID,
    ctx: Annotated[RequestContext, permit("work.read")],
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[CaseDocumentOut]:
    items, cursor = service.list_case_documents(ctx, case_id, page)
    return Page(items=items, next_cursor=cursor)


@case_documents_router.post(
    "",
    status_code=201,
    response_model=CaseDocumentOut,
    summary="Attach a document to the case (the case owner's members or the secretariat)",
)
def attach_document(
    case_id: uuid.UUID,
    data: CaseDocumentAttach,
    ctx: Annotated[RequestContext, permit("work.write")],
    response: Response,
) -> CaseDocumentOut:
    out = service.attach_document(ctx, case_id, data.document_id)
    created(response, out.document, PATH)  # Location and ETag are the attached document's
    return out
