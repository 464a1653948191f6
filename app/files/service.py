"""Taking an upload in (its type checked, its bytes kept) and giving a stored file out."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import upsert_insert
from app.files.extract import extract
from app.files.kinds import PDF, media_type
from app.files.models import FileText
from app.files.schemas import FileFacts
from app.files.store import FileStore, StoreUnavailable
from app.files.upload import Upload

log = logging.getLogger("samordning.files")


def inspect(upload: Upload) -> FileFacts:
    """The upload's facts, its type read from the content: 415 for a type not accepted, 422 for a
    broken file; and its text read (bounded in time, so no lock is held meanwhile: on SQLite, every
    writer's). Asked first, before anything is locked or checked against the record."""
    kind = media_type(upload.spooled, upload.size)
    upload.text = extract(upload.spooled, kind)
    return FileFacts(
        name=upload.name,
        media_type=kind,
        size=upload.size,
        sha256=upload.sha256,
        pdfa=upload.pdfa if kind == PDF else None,
        searchable_text=None if upload.text is None else upload.text.searchable,
    )


def keep(session: Session, store: FileStore, upload: Upload) -> None:
    """Keep the upload's bytes (503 when the store cannot): before the rows that point to them are
    written; and its text (the same bytes' text, read again, replaces what was read before)."""
    store.put(upload.sha256, upload.spooled)
    if upload.text is not None:
        values = {"sha256": upload.sha256, "status": upload.text.status, "text": upload.text.text}
        upsert = upsert_insert(session, FileText).values(**values)
        session.execute(upsert.on_conflict_do_update(index_elements=["sha256"], set_=values))


def searchable_text(session: Session, sha256: str) -> str:
    """The text read from a file, empty when none was."""
    return session.scalar(select(FileText.text).where(FileText.sha256 == sha256)) or ""


def stored_size(store: FileStore, facts: FileFacts) -> int:
    """The stored file's size; a file the record points to but the store lacks is a 503 (and logged:
    `samordning files verify` lists every such file)."""
    size = store.size(facts.sha256)
    if size is None:
        log.error("file %s is missing from the store", facts.sha256)
        raise StoreUnavailable(f"the file {facts.sha256} is missing")
    return size


async def get_store(request: Request) -> FileStore:
    return request.app.state.files


StoreDep = Annotated[FileStore, Depends(get_store)]
