"""The child process that reads a file's text (app/files/extract.py runs it): `python -m
app.files.readers pdf|docx|odt`, the file on stdin, its text in UTF-8 on stdout, a non-zero exit when
it cannot be read. It imports nothing of the service, so that it starts quickly.

It limits its own address space and CPU time before it reads a byte. A zip package's members are
checked by their declared sizes before anything is inflated; a member whose header lies about its
size is stopped by the memory limit (a MemoryError, the child exits). Nothing in a file is ever
executed: pypdf reads no JavaScript, and XML entities are not resolved.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from typing import IO

MAX_TEXT_CHARS = 1_000_000  # kept of a file's text; a long report's first million characters
TIMEOUT_SECONDS = 20.0
MEMORY_BYTES = 1 << 30  # the child's address space
# A zip package: what its members may inflate to together, and how many it may have.
MAX_INFLATED = 256 << 20
MAX_MEMBERS = 10_000
ODT_CONTENT = "content.xml"


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    cpu = int(TIMEOUT_SECONDS) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def pdf_text(f: IO[bytes]) -> Iterator[str]:
    from pypdf import PdfReader

    for page in PdfReader(f).pages:
        yield page.extract_text() or ""


def checked_zip(f: IO[bytes]) -> zipfile.ZipFile:
    """The package, refused (ValueError) when its members would inflate past MAX_INFLATED."""
    package = zipfile.ZipFile(f)
    members = package.infolist()
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_INFLATED:
        raise ValueError("the package would inflate past the limit: a zip bomb?")
    return package


def docx_text(f: IO[bytes]) -> Iterator[str]:
    import docx

    checked_zip(f).close()
    document = docx.Document(f)
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " ".join(cell.text for cell in row.cells)


def odt_text(f: IO[bytes]) -> Iterator[str]:
    from lxml import etree

    with checked_zip(f) as package, package.open(ODT_CONTENT) as content:
        xml = content.read(MAX_INFLATED)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    for element in etree.fromstring(xml, parser).iter(f"{ns}p", f"{ns}h"):
        yield "".join(element.itertext())


READERS = {"pdf": pdf_text, "docx": docx_text, "odt": odt_text}


def main() -> None:
    _limit()
    left = MAX_TEXT_CHARS
    with open(sys.stdin.fileno(), "rb", closefd=False) as f:  # the file itself: seekable
        for piece in READERS[sys.argv[1]](f):
            piece = piece.strip()[:left]
            if piece:
                # Written as it is read: what was read is kept should a later page stop the child.
                sys.stdout.buffer.write(piece.encode("utf-8", "replace") + b"\n")
                sys.stdout.buffer.flush()
                left -= len(piece) + 1
            if left <= 0:
                return


if __name__ == "__main__":
    main()
