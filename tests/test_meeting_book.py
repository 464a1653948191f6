"""The meeting book (møtebok), the agenda and the approved minutes as PDF: what is in them (pages,
bookmarks, numbers, the documents' own PDF pages), who may read which, and the copy kept in the file
store, made again when anything printed in it changes."""

from __future__ import annotations

import http.server
import io
import threading
from functools import cache

import pytest
import weasyprint
from pypdf import PdfReader

from app.files.store import LocalStore
from app.meetings import book, book_pdf
from tests.flows import (
    agenda_of,
    attach,
    decide,
    document,
    forum_meeting,
    in_session_forum_meeting_with,
    member,
    ok,
    patch_current,
    prepared_case,
    put_on_agenda,
    transition,
)
from tests.test_files import DOCX, upload
from tests.test_files import PDF as BROKEN_PDF

SECRET = "Hemmelig risikovurdering"
M = "/api/v1/meetings"
P = "/api/v1/public/meetings"


@cache
def pages_pdf(count: int, label: str) -> bytes:
    """A PDF of `count` pages, each saying which it is (as a case document handed in)."""
    html = "".join(f"<p style='break-after: page'>{label} side {n}</p>" for n in range(1, count + 1))
    return weasyprint.HTML(string=html).write_pdf()


@pytest.fixture
def store(client, tmp_path) -> LocalStore:  # noqa: ANN001
    client.app.state.files = LocalStore(tmp_path / "files")
    return client.app.state.files


@pytest.fixture
def builds(monkeypatch) -> list[str]:  # noqa: ANN001
    """The editions printed (rather than read from the store), in order."""
    printed: list[str] = []
    real = book._print

    def counting(store, papers, edition):  # noqa: ANN001, ANN202
        printed.append(edition)
        return real(store, papers, edition)

    monkeypatch.setattr(book, "_print", counting)
    return printed


def with_documents(api, seeded, title: str) -> tuple[dict, dict]:  # noqa: ANN001
    """A prepared case with, besides its presentation and knowledge base, a withheld note, a PDF
    report of 3 pages and a Word file; returns the case and the PDF report."""
    case = prepared_case(api, seeded, title=title)
    owner = {"owner_body_id": case["owner_body_id"]}
    withheld = document(api, "other", title=SECRET, body=SECRET, public=False, exemption_basis="offl. § 14", **owner)
    attach(api, case["id"], withheld)
    report = document(api, "report", title=f"Rapport til {title}", body="", **owner)
    attach(api, case["id"], report)
    ok(upload(api, report, pages_pdf(3, f"Vedlegg {title}"), name="rapport.pdf"), 201)
    word = document(api, "other", title="Notat i Word", body="", **owner)
    attach(api, case["id"], word)
    ok(upload(api, word, DOCX, name="notat.docx"), 201)
    return case, report


@pytest.fixture
def convened(api, seeded, store) -> dict:  # noqa: ANN001
    """A convened forum meeting: «Andre sak» first on the agenda, then «Første sak» with the files."""
    first, report = with_documents(api, seeded, "Første sak")
    second = prepared_case(api, seeded, title="Andre sak")
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], second["id"])
    put_on_agenda(api, meeting["id"], first["id"])
    transition(api, "meeting", meeting["id"], "convene")
    return {"meeting": meeting, "first": first, "second": second, "report": report}


def read(response) -> PdfReader:  # noqa: ANN001
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def texts(pdf: PdfReader) -> list[str]:
    return [page.extract_text() for page in pdf.pages]


def outline(pdf: PdfReader) -> list:
    """The bookmarks as titles, a part's own bookmarks as a list after it."""
    return [[o.title for o in item] if isinstance(item, list) else item.title for item in pdf.outline]


def test_the_members_book_has_front_page_agenda_cases_in_order_and_the_pdf_files_pages(api, convened) -> None:
    r = api.get(f"{M}/{convened['meeting']['id']}/moetebok.pdf")
    pdf = read(r)
    pages = texts(pdf)
    assert "Møtebok" in pages[0] and "Topplederforumet" in pages[0] and "Vitaminveien 4" in pages[0]
    assert "kl." in pages[0]  # the time, in Oslo time
    first, second = convened["first"]["number"], convened["second"]["number"]
    assert "Saksliste" in pages[1] and pages[1].index(f"Sak {second}") < pages[1].index(f"Sak {first}")
    assert outline(pdf) == [
        "Forside",
        "Saksliste",
        f"Sak {second} Andre sak",
        ["Saksfremlegg: case_presentation doc", "Kunnskapsgrunnlag: knowledge_base doc"],
        f"Sak {first} Første sak",
        [
            "Saksfremlegg: case_presentation doc",
            "Kunnskapsgrunnlag: knowledge_base doc",
            f"Dokument: {SECRET}",
            "Rapport: Rapport til Første sak",
            "Dokument: Notat i Word",
            "Rapport: Rapport til Første sak (rapport.pdf)",
        ],
    ]
    # The members read the withheld document; the Word file is named, not printed; the report's own
    # three pages follow the case's text, and every page is numbered through the whole book.
    assert SECRET in "".join(pages)
    assert "«notat.docx» (Word" in "".join(pages) and "følger som eget vedlegg" in "".join(pages)
    assert [p.splitlines()[0] for p in pages[-3:]] == [f"Vedlegg Første sak side {n}" for n in (1, 2, 3)]
    assert all(f"Side {n} av {len(pages)}" in text for n, text in enumerate(pages, start=1))
    assert r.headers["cache-control"] == "private, no-store"
    assert r.headers["content-disposition"].startswith('attachment; filename="M_tebok TLF m_te')
    assert "filename*=UTF-8''M%C3%B8tebok%20TLF%20m%C3%B8te%20" in r.headers["content-disposition"]


def test_the_public_book_leaves_withheld_documents_out(api, anon, convened) -> None:
    pdf = read(anon.get(f"{P}/{convened['meeting']['id']}/moetebok.pdf"))
    text = "".join(texts(pdf))
    assert SECRET not in text and "Offentlig" in text
    assert f"Dokument: {SECRET}" not in str(outline(pdf))
    assert "Vedlegg Første sak side 3" in text  # the published report's pages are in it
    r = anon.get(f"{P}/{convened['meeting']['id']}/moetebok.pdf")
    assert r.headers["cache-control"] == "public, max-age=60"


def test_a_planned_meeting_has_no_book(api, anon, seeded, store) -> None:
    meeting = forum_meeting(api, seeded)
    for paper in ("moetebok.pdf", "saksliste.pdf"):
        r = api.get(f"{M}/{meeting['id']}/{paper}")
        assert r.status_code == 409 and r.json()["type"].endswith("/not-printable")
        assert r.json()["detail_nb"].startswith("Møtepapirene kan skrives ut når møtet er innkalt")
        assert anon.get(f"{P}/{meeting['id']}/{paper}").status_code == 404  # not published
    transition(api, "meeting", meeting["id"], "cancel")
    assert api.get(f"{M}/{meeting['id']}/moetebok.pdf").status_code == 409


def test_the_members_book_is_the_members(api, anon, seeded, convened) -> None:
    path = f"{M}/{convened['meeting']['id']}/moetebok.pdf"
    assert anon.get(path).status_code == 401
    outsider = api.as_person(member(api, seeded.project_board, seeded.organizations["Helsedirektoratet"])["id"])
    assert outsider.get(path).status_code == outsider.get(f"{M}/{convened['meeting']['id']}").status_code


def test_the_book_is_kept_and_made_again_when_what_it_prints_changes(api, convened, store, builds) -> None:
    meeting_id = convened["meeting"]["id"]
    path = f"{M}/{meeting_id}/moetebok.pdf"
    first = api.get(path)
    etag = first.headers["etag"]
    assert builds == ["book"] and store.derived(etag.strip('"')) == first.content
    again = api.get(path)
    assert builds == ["book"] and again.content == first.content and again.headers["etag"] == etag
    assert api.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert builds == ["book"]

    # A move on the agenda (a revision, once convened) prints it again, in the new order.
    item = next(i for i in agenda_of(api, meeting_id) if i["case_id"] == convened["first"]["id"])
    ok(patch_current(api, f"{M}/{meeting_id}/agenda/{item['id']}", json={"position": 1, "reason": "Haster"}))
    moved = api.get(path)
    assert builds == ["book", "book"] and moved.headers["etag"] != etag
    assert outline(read(moved))[2] == f"Sak {convened['first']['number']} Første sak"

    # So does a new version of a document in it.
    ok(upload(api, convened["report"], pages_pdf(2, "Ny rapport"), name="rapport-v2.pdf", note="Rettet rapport"), 201)
    newer = read(api.get(path))
    assert builds == ["book", "book", "book"]
    assert "Ny rapport side 2" in "".join(texts(newer)) and "Vedlegg Første sak side 3" not in "".join(texts(newer))


def test_the_agenda_pdf(api, anon, convened) -> None:
    for reader, path in ((api, M), (anon, P)):
        pdf = read(reader.get(f"{path}/{convened['meeting']['id']}/saksliste.pdf"))
        assert outline(pdf) == ["Forside", "Saksliste"] and len(pdf.pages) == 2
        assert f"Sak {convened['first']['number']}" in texts(pdf)[1] and "Side 2 av 2" in texts(pdf)[1]


def test_the_minutes_pdf_once_approved(api, anon, seeded, store) -> None:
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    decide(api, meeting["id"], case["id"], text="Forumet anbefaler tiltaket.")
    transition(api, "meeting", meeting["id"], "close")
    ok(api.post(f"{M}/{meeting['id']}/minutes/draft"), 201)
    for reader, path in ((api, M), (anon, P)):
        r = reader.get(f"{path}/{meeting['id']}/referat.pdf")
        assert r.status_code == 409 and r.json()["detail_nb"] == "Referatet kan skrives ut når det er godkjent."
    transition(api, "meeting", meeting["id"], "approve_minutes")
    for reader, path in ((api, M), (anon, P)):
        pdf = read(reader.get(f"{path}/{meeting['id']}/referat.pdf"))
        assert outline(pdf)[:2] == ["Forside", "Referat"]
        assert "Forumet anbefaler tiltaket." in "".join(texts(pdf))


def test_printing_fetches_nothing() -> None:
    """Whatever HTML reaches the printer, it loads no URL (no server-side request from a document)."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        book_pdf._render(f'<section id="part-0"><img src="{url}/a.png"><link rel="stylesheet" href="{url}/b.css">')
    finally:
        server.shutdown()
    assert asked == []


def test_a_pdf_file_that_cannot_be_read_is_named_and_left_out(api, seeded, store) -> None:
    case = prepared_case(api, seeded)
    broken = document(api, "report", title="Ødelagt rapport", body="", owner_body_id=case["owner_body_id"])
    attach(api, case["id"], broken)
    ok(upload(api, broken, BROKEN_PDF, name="ødelagt.pdf"), 201)  # a PDF by its first and last bytes only
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")
    pdf = read(api.get(f"{M}/{meeting['id']}/moetebok.pdf"))
    assert "PDF-filen «ødelagt.pdf» kunne ikke leses og er ikke tatt med." in "".join(texts(pdf))
    assert len(pdf.pages) == 3  # front page, agenda, the case
