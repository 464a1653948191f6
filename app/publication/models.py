from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import TRIGRAM_INDEXES, Base, UtcDateTime, utcnow


class Publication(Base):
    """A record that something became public: what, when, and by which event."""

    __tablename__ = "publications"
    __table_args__ = (
        # Published once, except follow-up: each step of a decision's follow-up is news of its own.
        Index(
            "uq_publications_kind_entity_id",
            "kind",
            "entity_id",
            unique=True,
            sqlite_where=text("kind <> 'follow_up'"),
            postgresql_where=text("kind <> 'follow_up'"),
        ),
        Index("ix_publications_at_id", "at", "id"),
        Index("ix_publications_entity_type_id", "entity_type", "entity_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(
        String(30)
    )  # agenda | case_document | minutes | decision | delivery | annual_plan
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    title: Mapped[str] = mapped_column(String(500))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(100))  # the event that published it, e.g. meeting.convene
    # The version of the document this made public (a document, a delivery's or a plan's, a correction's).
    document_version: Mapped[int | None] = mapped_column(Integer)


class SearchEntry(Base):
    """One published thing as the public search finds it, written in the publishing transaction.

    The full-text index over it is the database's own and declared by migration 0003 only: an FTS5
    table kept in step by triggers on SQLite, a generated `tsv` column with a GIN index on
    PostgreSQL (see `declared_by_models`). `id` is an integer because FTS5 keys its rows by one.
    """

    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("kind", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # case | document | decision | delivery | annual_plan
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    title: Mapped[str] = mapped_column(String(600))
    text: Mapped[str] = mapped_column(Text)  # plain text, no markup
    url: Mapped[str] = mapped_column(String(300))  # the website path that shows it
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())
    body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)


# Search machinery the models cannot declare portably (see SearchEntry), created by migration 0003.
FTS_TABLE = "search_fts"
TSV_COLUMN, TSV_INDEX = "tsv", "ix_search_entries_tsv"


def declared_by_models(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001  (Alembic include_object)
    """Leave the dialect's own full-text objects out of autogenerate and the migration test."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    if type_ == "column":
        return not (name == TSV_COLUMN and obj.table.name == SearchEntry.__tablename__)
    if type_ == "index":
        return name != TSV_INDEX and name not in TRIGRAM_INDEXES
    return True
