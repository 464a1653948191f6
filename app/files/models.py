"""The columns by which a document and each of its versions carry a file (the bytes are in the store)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from app.files.schemas import FileFacts


class FileColumns:
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_media_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    file_pdfa: Mapped[bool | None] = mapped_column(Boolean)

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
        )

    def set_file(self, facts: FileFacts) -> None:
        self.file_sha256, self.file_name, self.file_media_type = facts.sha256, facts.name, facts.media_type
        self.file_size, self.file_pdfa = facts.size, facts.pdfa


FILE_FIELDS = ("file_sha256", "file_name", "file_media_type", "file_size", "file_pdfa")
