"""`samordning files verify`: every file a document version points to is in the store with the bytes
its hash names (rehashed), and what the store holds that nothing points to (an orphan: the file of an
upload whose transaction failed, or of a database restored to an earlier time)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents.models import DocumentVersion
from app.files.store import FileStore


@dataclass
class Verdict:
    referenced: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.missing and not self.corrupt


def verify(session: Session, store: FileStore) -> Verdict:
    verdict = Verdict()
    stmt = select(DocumentVersion.file_sha256).where(DocumentVersion.file_sha256.is_not(None)).distinct()
    referenced = {sha256 for sha256 in session.scalars(stmt) if sha256 is not None}
    verdict.referenced = len(referenced)
    for sha256 in sorted(referenced):
        if store.size(sha256) is None:
            verdict.missing.append(sha256)
            continue
        digest = hashlib.sha256()
        for chunk in store.read(sha256):
            digest.update(chunk)
        if digest.hexdigest() != sha256:
            verdict.corrupt.append(sha256)
    verdict.orphans = [sha256 for sha256 in store.hashes() if sha256 not in referenced]
    return verdict
