"""The columns by which a document and each of its versions carry a file (the bytes are in the store),
and the text read from a file for the public search."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.files.schemas import FileFacts


class FileColumns:
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_media_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    file_pdfa: Mapped[bool | None] = mapped_column(Boolean)
    # Whether text was read from it (its FileText's status is `text`); null for a type not read.
    file_searchable: Mapped[bool | None] = mapped_column(Boolean)

    @property
    def file(self) -> FileFacts | None:
        if self.file_sha256 is None:
            return None
        return FileFacts(
            name=self.file_name or "fil",
            media_type=self.file_media_type or "application/octet-stream",
            size=self.file_size or 0,
            sha256=self.file_sha256,
            pdfa=self.file_pdfa,
            searchable_text=self.file_searchable,
        )

    def set_file(self, facts: FileFacts) -> None:
        self.file_sha256, self.file_name, self.file_media_type = facts.sha256, facts.name, facts.media_type
        self.file_size, self.file_pdfa, self.file_searchable = facts.size, facts.pdfa, facts.searchable_text


FILE_FIELDS = ("file_sha256", "file_name", "file_media_type", "file_size", "file_pdfa", "file_searchable")


class FileText(Base):
    """The text read from a file at its upload, by its hash as the store keeps it: the same bytes are
    read once. Private until a public document carrying the file is published: only the search index
    (written when it is) takes it from here."""

    __tablename__ = "file_texts"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))  # text | none (a scan) | failed (app/files/extract.py)
    text: Mapped[str] = mapped_column(Text)
