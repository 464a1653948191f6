"""The text of PDF, Word and ODT files in the public search: read once at upload (in a child process,
bounded in time and memory), indexed when the document is published and never before, replaced by a
correction, never for a withheld document; a file without text is published and marked so."""

from __future__ import annotations

import io
import struct
import tempfile
import time
import zipfile

import pytest
from sqlalchemy import text as sql

from app.files.extract import FAILED, NONE, TEXT, extract
from app.files.kinds import DOCX, ODT, PDF
from app.files.readers import MAX_INFLATED, MEMORY_BYTES
from app.files.store import LocalStore
from tests.flows import attach, document, in_session_forum_meeting_with, ok, patch_current, prepared_case
from tests.test_files import upload

S = "/api/v1/public/search"


@pytest.fixture
def store(client, tmp_path) -> LocalStore:  # noqa: ANN001
    client.app.state.files = LocalStore(tmp_path / "files")
    return client.app.state.files


WORD = "Kvikksølvtermometer"


def pdf(text: str = "", javascript: bool = False, broken_page: bool = False) -> bytes:
    """A PDF whose page shows `text` in Helvetica (no text: a page as a scan leaves it), written by
    hand; with `broken_page`, a second page whose content no reader can decode."""
    stream = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode("latin-1") if text else b""
    action = b" /OpenAction 6 0 R" if javascript else b""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + action + b" >>",
        b"<< /Type /Pages /Kids [3 0 R%s] /Count %d >>" % ((b" 7 0 R", 2) if broken_page else (b"", 1)),
        page % 4,
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /S /JavaScript /JS (while (true) { app.alert('hei'); }) >>",
        page % 8,
        b"<< /Length 9 /Filter /Unknown >>\nstream\ngarbage!!\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx(text: str) -> bytes:
    import docx as python_docx

    document_ = python_docx.Document()
    document_.add_paragraph("Innledning")
    document_.add_table(rows=1, cols=1).cell(0, 0).text = text
    buffer = io.BytesIO()
    document_.save(buffer)
    return buffer.getvalue()


def odt(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", ODT)
        z.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f"<text:h>Overskrift</text:h><text:p>Om <text:span>{text}</text:span></text:p>"
            "</office:text></office:body></office:document-content>",
        )
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A DOCX by its type whose document part inflates from a few hundred kB to more than the limit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        main = "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        z.writestr("[Content_Types].xml", f'<Types><Override ContentType="application/{main}"/></Types>')
        z.writestr("word/document.xml", b"\0" * (MAX_INFLATED + (1 << 20)))
    return buffer.getvalue()


def hits(anon, q: str) -> list[dict]:  # noqa: ANN001
    r = anon.get(S, params={"q": q})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def presentation_of(api, case: dict) -> dict:  # noqa: ANN001
    return next(
        d["document"]
        for d in ok(api.get(f"/api/v1/cases/{case['id']}/documents"))["items"]
        if d["document"]["kind"] == "case_presentation"
    )


# -- reading the text ------------------------------------------------------------------------------


def _read(content: bytes, media_type: str, timeout: float = 20.0):  # noqa: ANN202
    with tempfile.TemporaryFile() as f:
        f.write(content)
        return extract(f, media_type, timeout)


@pytest.mark.parametrize(
    ("content", "media_type"),
    [(pdf(WORD), PDF), (docx(WORD), DOCX), (odt(WORD), ODT)],
)
def test_text_is_read_from_pdf_word_and_odt(content: bytes, media_type: str) -> None:
    read = _read(content, media_type)
    assert read is not None and read.status == TEXT and WORD in read.text


def test_what_has_no_text_or_cannot_be_read() -> None:
    assert _read(pdf(), PDF).status == NONE  # a scan: pages without text
    whole = pdf("Hei")
    assert _read(whole[: len(whole) // 2] + b"\n%%EOF\n", PDF).status == FAILED  # cut off, the end put back
    assert _read(b"\x89PNG\r\n\x1a\n", "image/png") is None  # an image's text is not read


def test_what_was_read_before_the_reader_stopped_is_kept() -> None:
    read = _read(pdf(WORD, broken_page=True), PDF)  # the second page stops the reader
    assert read.status == TEXT and read.text.strip() == WORD


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = zip_bomb()
    assert len(bomb) < 2 << 20
    started = time.monotonic()
    assert _read(bomb, DOCX).status == FAILED
    assert time.monotonic() - started < 5


def test_a_zip_bomb_that_lies_about_its_size_is_stopped_by_the_memory_limit() -> None:
    """Its header declares a few kB, so the size check lets it through; inflating it whole passes the
    child's address space, and the child stops."""
    real = io.BytesIO(docx("hei"))
    padding = MEMORY_BYTES + (64 << 20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename != "word/document.xml":
                z.writestr(member.filename, content)
                continue
            with z.open(member.filename, "w") as part:  # streamed: the test holds no gigabyte either
                part.write(content)
                for _ in range(padding >> 20):
                    part.write(b" " * (1 << 20))
            size = len(content) + padding
    # The local header and the central directory both declare 5,000 bytes.
    lying = buffer.getvalue().replace(struct.pack("<I", size), struct.pack("<I", 5000))
    with zipfile.ZipFile(io.BytesIO(lying)) as z:
        assert z.getinfo("word/document.xml").file_size == 5000
    started = time.monotonic()
    assert _read(lying, DOCX).status == FAILED
    assert time.monotonic() - started < 15


def test_reading_is_bounded_in_time() -> None:
    started = time.monotonic()
    assert _read(pdf("Hei"), PDF, timeout=0.01).status == FAILED  # the child is killed
    assert time.monotonic() - started < 5


# -- the search ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "name"), [(pdf(WORD), "fremlegg.pdf"), (docx(WORD), "fremlegg.docx")])
def test_a_files_text_is_found_once_published_and_not_before(
    api, anon, seeded, store, content: bytes, name: str
) -> None:
    case = prepared_case(api, seeded)
    presentation = presentation_of(api, case)
    version = ok(upload(api, presentation, content, name=name), 201)
    assert version["file"]["searchable_text"] is True
    assert hits(anon, WORD) == []
    in_session_forum_meeting_with(api, seeded, [case])

    [hit] = hits(anon, WORD.lower())
    assert hit["kind"] == "document" and hit["id"] == presentation["id"]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == WORD  # the snippet is cut from the file's text
    assert ok(anon.get(f"/api/v1/public/documents/{presentation['id']}"))["file"]["searchable_text"] is True
    page = anon.get(f"/dokumenter/{presentation['id']}", headers={"Accept": "text/html"}).text
    assert "ingen søkbar tekst" not in page


def test_a_scanned_pdf_is_published_and_marked(api, anon, seeded, store) -> None:
    case = prepared_case(api, seeded)
    presentation = presentation_of(api, case)
    assert ok(upload(api, presentation, pdf(), name="skannet.pdf"), 201)["file"]["searchable_text"] is False
    in_session_forum_meeting_with(api, seeded, [case])
    assert ok(anon.get(f"/api/v1/public/documents/{presentation['id']}"))["file"]["searchable_text"] is False
    page = anon.get(f"/dokumenter/{presentation['id']}", headers={"Accept": "text/html"}).text
    assert "Filen har ingen søkbar tekst (skannet dokument?)." in page
    assert [h["id"] for h in hits(anon, "case_presentation")] == [presentation["id"]]  # by its title still


@pytest.mark.parametrize(
    ("content", "searchable"),
    [
        (zip_bomb(), False),  # bounded: refused before it is inflated
        (pdf("Hei")[:200] + b"\n%%EOF\n", False),  # truncated, its end-of-file marker put back
        (pdf(f"{WORD} med skript", javascript=True), True),  # stored, never run, its text read
    ],
)
def test_hostile_files_are_kept_and_answered_quickly(api, seeded, store, content: bytes, searchable: bool) -> None:
    doc = document(api, "report")
    started = time.monotonic()
    version = ok(upload(api, doc, content, name="fil.docx"), 201)
    assert time.monotonic() - started < 10
    assert version["file"]["searchable_text"] is searchable
    assert api.get(f"/api/v1/documents/{doc['id']}/versions/2/file").content == content


def test_a_correction_replaces_the_indexed_text(api, anon, seeded, store) -> None:
    case = prepared_case(api, seeded)
    presentation = presentation_of(api, case)
    ok(upload(api, presentation, pdf(WORD)), 201)
    in_session_forum_meeting_with(api, seeded, [case])
    assert len(hits(anon, WORD)) == 1
    ok(upload(api, presentation, pdf("Digitaltermometer"), note="Feil fil"), 201)
    assert hits(anon, WORD) == []
    assert [h["id"] for h in hits(anon, "digitaltermometer")] == [presentation["id"]]
    # Withheld later: its file's text goes with it, its title stays listed.
    ok(
        patch_current(
            api, f"/api/v1/documents/{presentation['id']}", json={"public": False, "exemption_basis": "offl. § 13"}
        )
    )
    assert hits(anon, "digitaltermometer") == []


def test_a_withheld_documents_file_is_never_searchable(api, anon, seeded, store) -> None:
    case = prepared_case(api, seeded)
    withheld = document(
        api, "knowledge_base", owner_body_id=case["owner_body_id"], public=False, exemption_basis="offl. § 14"
    )
    ok(upload(api, withheld, docx(WORD), name="hemmelig.docx"), 201)
    attach(api, case["id"], withheld)
    in_session_forum_meeting_with(api, seeded, [case])
    assert hits(anon, WORD) == []
    listed = [h for h in hits(anon, "knowledge_base") if h["id"] == withheld["id"]]
    assert [h["snippet"] for h in listed] == ["knowledge_base doc"]  # by its public title, nothing more


def test_a_long_text_of_distinct_words_is_cut_to_what_postgresql_can_index(database) -> None:  # noqa: ANN001
    """A tsvector holds less than 1 MB: a file's million characters of distinct words (a table of
    numbers) would fail the transaction that publishes it. The text is cut to fit; FTS5 takes it whole."""
    from app.publication.search import _fitting

    text = " ".join(f"ord{i}x" for i in range(100_000))
    with database.write_sessionmaker.begin() as session:
        fitted = _fitting(session, "Tittel", text)
        if not database.is_postgresql:
            assert fitted == text
            return
        assert text.startswith(fitted) and 150_000 < len(fitted) < len(text)
        # What the generated column of search_entries computes (migration 0003) takes it.
        tsv = "setweight(to_tsvector('norwegian', :title), 'A') || setweight(to_tsvector('norwegian', :text), 'B')"
        assert session.scalar(sql(f"SELECT length({tsv})"), {"title": "Tittel", "text": fitted}) > 10_000
