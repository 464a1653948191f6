"""Printing a meeting's papers as one PDF: HTML parts rendered by WeasyPrint in one pass, the PDF files
of the documents put in as their own pages by pypdf, a bookmark per part and a page number drawn on
every page (the included ones too), so the numbers run through the whole book."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from io import BytesIO
from typing import IO

from markupsafe import Markup
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

from app.files.schemas import FileFacts
from app.files.store import FileStore

log = logging.getLogger("samordning.meetings.book")

# A part of the book read from a file is spooled to disk past this size rather than held in memory.
SPOOL_BYTES = 8 << 20
FONTS = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif'
STYLE = f"""
@page {{ size: A4; margin: 22mm 20mm 24mm 20mm; }}
html {{ font-family: {FONTS}; font-size: 10.5pt; line-height: 1.45; color: #1e2b3c; }}
h1, h2, h3, h4, h5, h6 {{ bookmark-level: none; line-height: 1.2; }}
h1 {{ font-size: 20pt; margin: 0 0 8mm; }}
h2 {{ font-size: 14pt; }}
h3 {{ font-size: 12pt; }}
.part {{ break-before: page; }}
.part:first-child {{ break-before: auto; }}
.cover {{ padding-top: 55mm; }}
.cover .kind {{ font-size: 30pt; font-weight: bold; margin-bottom: 10mm; }}
.cover .body {{ font-size: 18pt; margin-bottom: 12mm; }}
.cover dl {{ font-size: 12pt; }}
dt {{ font-weight: bold; float: left; width: 28mm; }}
dd {{ margin: 0 0 2mm 30mm; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: 1.5mm 2mm; border-bottom: 0.5pt solid #b0b8c4; }}
.note {{ color: #4a5568; font-style: italic; }}
.document {{ margin-top: 8mm; }}
.document + .document {{ border-top: 0.5pt solid #b0b8c4; padding-top: 4mm; }}
pre {{ white-space: pre-wrap; }}
"""
# The page number: drawn by pypdf over each page in Helvetica (one of the standard PDF fonts, so nothing
# is embedded), which costs nothing per page; a WeasyPrint page per number took ~10 ms a page.
NUMBER_SIZE = 8.5  # points
NUMBER_RISE = 28.0  # points above the page's bottom edge (10 mm)
# Helvetica's advance widths (its AFM, per 1000 units) of the characters «Side 12 av 345» uses.
HELVETICA = {" ": 278, "S": 667, "a": 556, "d": 556, "e": 556, "i": 222, "v": 500} | dict.fromkeys("0123456789", 556)


@dataclass
class Included:
    """A PDF file put into the book as its own pages, after the part it belongs to."""

    title: str
    file: FileFacts


@dataclass
class Part:
    """A piece of the book that starts on a new page: HTML, then the PDF files that follow it.
    `marks`: bookmarks below the part's own, to elements in its HTML, as (element id, title)."""

    title: str
    html: Markup
    marks: list[tuple[str, str]] = field(default_factory=list)
    included: list[Included] = field(default_factory=list)


@dataclass
class Opened:
    """A PDF file of the book, read (or found unreadable) before the HTML is written, which says so."""

    reader: PdfReader | None
    pages: int


def _spooled(store: FileStore, sha256: str) -> IO[bytes]:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  (closed by the caller)
    for chunk in store.read(sha256):
        spool.write(chunk)
    spool.seek(0)
    return spool


def open_pdfs(store: FileStore, files: list[FileFacts], spools: list[IO[bytes]]) -> dict[str, Opened]:
    """Each PDF file once, by hash: a broken or encrypted one is left out of the book (and said so)."""
    opened: dict[str, Opened] = {}
    for facts in files:
        if facts.sha256 in opened:
            continue
        spool = _spooled(store, facts.sha256)
        spools.append(spool)
        try:
            reader = PdfReader(spool, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise PyPdfError("encrypted")
            opened[facts.sha256] = Opened(reader, len(reader.pages))
        except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
            log.warning("the PDF file %s cannot be put into a book: %s", facts.sha256, exc)
            opened[facts.sha256] = Opened(None, 0)
    return opened


def _html(title: str, parts: list[Part]) -> str:
    sections = "".join(f'<section class="part" id="part-{i}">{p.html}</section>' for i, p in enumerate(parts))
    return (
        f'<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{sections}</body></html>"
    )


def _render(html: str) -> tuple[PdfReader, dict[str, int]]:
    """The HTML as a PDF, and the page each element id is on."""
    from weasyprint import HTML, URLFetcher  # imported when a book is printed: it loads pango

    # Everything printed is in the HTML: nothing is fetched, whatever a document's text links to.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).render()
    pages = {anchor: number for number, page in enumerate(document.pages) for anchor in page.anchors}
    return PdfReader(BytesIO(document.write_pdf())), pages


def _number_font() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def _stamp(writer: PdfWriter) -> None:
    """Every page gets «Side n av N», centred at the foot of its own box whatever its size and rotation."""
    total = len(writer.pages)
    font = _number_font()
    for number, page in enumerate(writer.pages, start=1):
        if page.rotation:
            page.transfer_rotation_to_content()
        box = page.mediabox
        label = f"Side {number} av {total}"
        width = sum(HELVETICA[c] for c in label) * NUMBER_SIZE / 1000
        x, y = float(box.left) + (float(box.width) - width) / 2, float(box.bottom) + NUMBER_RISE
        overlay = PageObject.create_blank_page(width=float(box.right), height=float(box.top))
        overlay[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/SamordningPageNumber"): font})}
        )
        text = DecodedStreamObject()
        text.set_data(
            f"q 0.29 0.33 0.41 rg BT /SamordningPageNumber {NUMBER_SIZE} Tf {x:.2f} {y:.2f} Td ({label}) Tj ET Q".encode()
        )
        overlay[NameObject("/Contents")] = text
        page.merge_page(overlay)


def _pages(starts: list[int], total: int) -> Iterator[range]:
    for i, start in enumerate(starts):
        yield range(start, starts[i + 1] if i + 1 < len(starts) else total)


def print_pdf(title: str, parts: list[Part], opened: dict[str, Opened]) -> bytes:
    """The parts in order, each with its bookmark (and those below it), numbered pages."""
    rendered, anchors = _render(_html(title, parts))
    writer = PdfWriter()
    starts = [anchors[f"part-{i}"] for i in range(len(parts))]
    for part, pages in zip(parts, _pages(starts, len(rendered.pages)), strict=True):
        first = len(writer.pages)
        for number in pages:
            writer.add_page(rendered.pages[number])
        mark = writer.add_outline_item(title=part.title, page_number=first)
        for anchor, label in part.marks:
            writer.add_outline_item(title=label, page_number=first + anchors[anchor] - pages.start, parent=mark)
        for included in part.included:
            reader = opened[included.file.sha256].reader
            if reader is None:
                continue
            start = len(writer.pages)
            for page in reader.pages:
                writer.add_page(page)
            writer.add_outline_item(title=included.title, page_number=start, parent=mark)
    _stamp(writer)
    writer.add_metadata({"/Title": title, "/Creator": "samordning"})
    writer.root_object[NameObject("/Lang")] = TextStringObject("nb-NO")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
