from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.files.schemas import FileFacts
from app.governance.schemas import WithWarnings
from app.schemas import EntityOut, can_field
from app.types import Text

DocumentKind = StrEnum(
    "DocumentKind",
    ["case_presentation", "knowledge_base", "minutes", "agenda", "report", "recommendation", "annual_plan", "other"],
)


class DocumentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: DocumentKind = Field(description="What the document is; `case_presentation` is the AU's saksfremlegg.")
    owner_body_id: uuid.UUID = Field(
        description="The body whose work the document is; only those who may write that body's work may write it."
    )
    title: Text = Field(
        min_length=1, max_length=500, examples=["Saksfremlegg: Nasjonal satsing på legemiddelsikkerhet"]
    )
    body: Text = Field("", max_length=1_000_000, description="Markdown.")
    public: StrictBool = Field(
        True, description="Case documents, agendas and minutes are public; `false` requires `exemption_basis`."
    )
    exemption_basis: Text | None = Field(
        None,
        max_length=300,
        description="Legal basis for withholding it, e.g. «offl. § 15 første ledd».",
        examples=["offl. § 14"],
    )
    title_public: StrictBool = Field(
        True, description="For a withheld document: whether the public record may show its title (else screened)."
    )


class DocumentUpdate(BaseModel):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    kind: DocumentKind = Field(None)  # type: ignore[assignment]
    title: Text = Field(None, min_length=1, max_length=500)  # type: ignore[assignment]
    body: Text = Field(None, max_length=1_000_000)  # type: ignore[assignment]
    public: StrictBool = Field(None)  # type: ignore[assignment]
    title_public: StrictBool = Field(None)  # type: ignore[assignment]
    exemption_basis: Text | None = Field(None, max_length=300)


class DocumentRecord(EntityOut):
    """A document as the audit log keeps it."""

    kind: DocumentKind
    owner_body_id: uuid.UUID
    title: str
    body: str
    public: bool
    exemption_basis: str | None
    title_public: bool
    published_at: datetime | None = Field(description="When it became public (set by publication, read-only).")
    file: FileFacts | None = Field(
        None, description="The file of its current version (upload one at `…/files`); null for text only."
    )


# What a document's answer lists in `can`: each action and the permission it takes on the owning body.
DOCUMENT_ACTIONS = {"update": "work.write", "attach_to_case": "work.write", "correct": "document.correct"}


class DocumentOut(DocumentRecord):
    can: list[str] = can_field("document", DOCUMENT_ACTIONS)


class DocumentWritten(DocumentOut, WithWarnings):
    """The document after a write."""


class CaseDocumentAttach(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_id: uuid.UUID = Field(description="An existing document to attach to the case.")


class CaseDocumentOut(BaseModel):
    """A document attached to a case (saksdokument), in attachment order."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    document_id: uuid.UUID
    position: int
    attached_at: datetime
    document: DocumentOut


class DocumentCorrection(BaseModel):
    """A correction of a published document: what is corrected, and why (shown in public)."""

    model_config = ConfigDict(extra="forbid")

    title: Text | None = Field(None, min_length=1, max_length=500)
    body: Text | None = Field(None, max_length=1_000_000, description="Markdown.")
    reason: Text = Field(
        min_length=1,
        max_length=2000,
        description="Begrunnelse, shown with «Rettet {dato}».",
        examples=["Feil dato for neste møte i punkt 3."],
    )


class DocumentVersionOut(BaseModel):
    """One version of a document's content; a correction carries its reason."""

    model_config = ConfigDict(from_attributes=True)

    number: int
    kind: DocumentKind
    title: str
    body: str
    public: bool
    title_public: bool
    exemption_basis: str | None
    created_at: datetime
    actor: str = Field(description="Who made the version, as the audit log names them.")
    reason: str | None
    correction: bool
    file: FileFacts | None = Field(None, description="The version's file, at `…/versions/{number}/file`.")
