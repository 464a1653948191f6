from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.bodies.models import Body
from app.db import Base, Entity, UtcDateTime, utcnow
from app.files.models import FileColumns


class Document(Entity, FileColumns, Base):
    """A case presentation, knowledge base, minutes, report …: a Markdown body, a file, or both."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_kind_created_id", "kind", "created_at", "id"),
        Index("ix_documents_created_id", "created_at", "id"),
        Index("ix_documents_published_at", "published_at"),
    )

    kind: Mapped[str] = mapped_column(String(30))
    # The body whose work the document is: only those who may write that body's work write it.
    owner_body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bodies.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    exemption_basis: Mapped[str | None] = mapped_column(String(300))
    # A withheld document is listed publicly by title unless the title itself must be screened.
    title_public: Mapped[bool] = mapped_column(Boolean, default=True)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Read only where a query joins it (a page of documents, for what the caller may do on each).
    owner_body: Mapped[Body] = relationship("Body", lazy="raise", viewonly=True)


class CaseDocument(Base):
    """A document attached to a case (saksdokument), in attachment order."""

    __tablename__ = "case_documents"
    __table_args__ = (UniqueConstraint("case_id", "document_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    attached_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class DocumentVersion(FileColumns, Base):
    """One version of a document's content (Noark 5 `versjonsnummer`): a change never overwrites,
    it adds a version. A correction of a published document is a version with its reason."""

    __tablename__ = "document_versions"
    # By hash: which versions point to a stored file (`samordning files verify`).
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        Index("ix_document_versions_file_sha256", "file_sha256"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean)
    title_public: Mapped[bool] = mapped_column(Boolean)
    exemption_basis: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    correction: Mapped[bool] = mapped_column(Boolean, default=False)
