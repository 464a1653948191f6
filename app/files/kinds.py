"""What a file is, read from its bytes (never its name): the types a document may be."""

from __future__ import annotations

import zipfile
from typing import IO

from app.errors import DomainError, InvalidInput
from app.files.schemas import FileFacts

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
ACCEPTED = {PDF: "PDF", DOCX: "Word", ODT: "ODT", XLSX: "Excel", PPTX: "PowerPoint", PNG: "PNG", JPEG: "JPEG"}
# An Office Open XML package names its main part's content type in [Content_Types].xml.
OOXML_MAIN = {
    DOCX: b"wordprocessingml.document.main+xml",
    XLSX: b"spreadsheetml.sheet.main+xml",
    PPTX: b"presentationml.presentation.main+xml",
}
PDF_TAIL = 2048  # the end-of-file marker sits in the last bytes (PDF 32000 §7.5.5: «within the last 1024»)
MAX_CONTENT_TYPES = 1 << 20  # [Content_Types].xml is a few kB; a bigger one is not read


def file_label(file: FileFacts) -> str:
    """«PDF, 1,2 MB»: the type as people name it and the size in bokmål."""
    size = f"{file.size / 1_000_000:.1f} MB" if file.size >= 100_000 else f"{max(1, round(file.size / 1000))} kB"
    return f"{ACCEPTED.get(file.media_type, 'fil')}, {size.replace('.', ',')}"


class UnsupportedFileType(DomainError):
    status, slug, title = 415, "unsupported-file-type", "Unsupported file type"

    def __init__(self) -> None:
        accepted = ", ".join(ACCEPTED.values())
        super().__init__(
            f"The file's content is none of the accepted types ({accepted}); its name does not decide it.",
            f"Filtypen kan ikke lastes opp. Tjenesten tar imot {accepted}, og typen leses av innholdet, ikke navnet.",
        )


def _refused(message: str, message_nb: str) -> InvalidInput:
    return InvalidInput("file", message, message_nb=message_nb)


def media_type(f: IO[bytes], size: int) -> str:
    """The media type of the file's content: 415 for any other type, 422 for a broken file."""
    if size == 0:
        raise _refused("the file is empty", "Filen er tom.")
    f.seek(0)
    head = f.read(8)
    if head.startswith(b"%PDF-"):
        f.seek(max(0, size - PDF_TAIL))
        if b"%%EOF" not in f.read():
            raise _refused("the PDF has no end-of-file marker: it was cut off", "PDF-filen er ufullstendig (avkuttet).")
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _package(f)
    raise UnsupportedFileType()


def _package(f: IO[bytes]) -> str:
    """A zip is an ODF document by its `mimetype` entry, an Office Open XML one by its main part."""
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as package:
            names = set(package.namelist())
            if "mimetype" in names and package.getinfo("mimetype").file_size < 100:
                if package.read("mimetype").strip() == ODT.encode():
                    return ODT
            if "[Content_Types].xml" in names and package.getinfo("[Content_Types].xml").file_size < MAX_CONTENT_TYPES:
                types = package.read("[Content_Types].xml")
                folders = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
                for folder, kind in folders.items():
                    if OOXML_MAIN[kind] in types and any(n.startswith(folder) for n in names):
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, NotImplementedError) as exc:
        raise _refused(f"the file is a broken zip package: {exc}", "Filen er skadet og kan ikke leses.") from exc
    raise UnsupportedFileType()
