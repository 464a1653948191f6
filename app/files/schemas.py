from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FileFacts(BaseModel):
    """The file a document version carries; its bytes are at the version's `…/file`."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    name: str = Field(description="The name it was uploaded with, without any folder.", examples=["Saksfremlegg.pdf"])
    media_type: str = Field(
        description="Read from the content, not the name: PDF, DOCX, ODT, XLSX, PPTX, PNG or JPEG.",
        examples=["application/pdf"],
    )
    size: int = Field(description="Bytes.", examples=[1_234_567])
    sha256: str = Field(
        description="SHA-256 of the content, hex; the file's `ETag` and eInnsyn's `sjekksum`.",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    )
    pdfa: bool | None = Field(
        description="For a PDF: whether it declares PDF/A (its XMP `pdfaid` part), as Noark archives want; "
        "null for other types."
    )
    searchable_text: bool | None = Field(
        None,
        description="For a PDF, Word or ODT file: whether text was read from it, which the public search finds "
        "once the document is published; false for a file without any (a scanned document) or one that could "
        "not be read. Null for other types.",
    )
