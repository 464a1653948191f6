"""Documents as files: upload (streamed, typed by content, hashed, stored once), download (range,
name, policy), and bad input that gets a clear answer and leaves nothing half-written."""

from __future__ import annotations

import asyncio
import hashlib
import io
import threading
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest

from app.files.store import LocalStore
from tests.flows import HDIR, document, member, ok, patch_current, prepared_case

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b"x" * 5000 + b"\n%%EOF\n"
PDFA = b"%PDF-1.7\n<x:xmpmeta><pdfaid:part>2</pdfaid:part></x:xmpmeta>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def ooxml(folder: str, main: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", f'<Types><Override ContentType="application/{main}"/></Types>')
        z.writestr(f"{folder}/document.xml", "<doc/>")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<doc/>")
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX = ooxml("word", "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")


@pytest.fixture
def store(client, tmp_path) -> LocalStore:  # noqa: ANN001
    client.app.state.files = LocalStore(tmp_path / "files")
    return client.app.state.files


def upload(api, doc: dict, content: bytes, name: str = "saksfremlegg.pdf", **fields: str):  # noqa: ANN001, ANN201
    path = f"/api/v1/documents/{doc['id']}"
    return api.post(
        f"{path}/files",
        files={"file": (name, content, "application/octet-stream")},
        data=fields,
        headers={"If-Match": api.get(path).headers["etag"]},
    )


def stored(store: LocalStore) -> list[str]:
    return list(store.hashes())


def test_upload_makes_a_version_with_the_file_and_downloads_it(api, seeded, store) -> None:
    doc = document(api, "report")
    r = upload(api, doc, PDF, note="Signert versjon")
    version = ok(r, 201)
    digest = hashlib.sha256(PDF).hexdigest()
    assert r.headers["location"] == f"/api/v1/documents/{doc['id']}/versions/2"
    assert r.headers["etag"]
    assert version["file"] == {
        "name": "saksfremlegg.pdf",
        "media_type": "application/pdf",
        "size": len(PDF),
        "sha256": digest,
        "pdfa": False,
        "searchable_text": False,  # no text could be read from it (tests/test_files_text.py)
    }
    assert version["reason"] == "Signert versjon" and version["correction"] is False
    assert ok(api.get(f"/api/v1/documents/{doc['id']}"))["file"]["sha256"] == digest
    assert stored(store) == [digest] and store.path(digest).read_bytes() == PDF
    assert list((store.root / "tmp").iterdir()) == []  # the spooled upload is gone

    got = api.get(f"/api/v1/documents/{doc['id']}/versions/2/file")
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["etag"] == f'"{digest}"'
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["cache-control"] == "private, no-store"
    assert got.headers["content-disposition"] == (
        "attachment; filename=\"saksfremlegg.pdf\"; filename*=UTF-8''saksfremlegg.pdf"
    )
    assert api.get(f"/api/v1/documents/{doc['id']}/versions/1/file").status_code == 404  # text only
    again = api.get(f"/api/v1/documents/{doc['id']}/versions/2/file", headers={"If-None-Match": f'"{digest}"'})
    assert again.status_code == 304


def test_range_requests(api, seeded, store) -> None:
    doc = document(api, "report")
    ok(upload(api, doc, PDF), 201)
    path = f"/api/v1/documents/{doc['id']}/versions/2/file"
    part = api.get(path, headers={"Range": "bytes=0-7"})
    assert part.status_code == 206 and part.content == PDF[:8]
    assert part.headers["content-range"] == f"bytes 0-7/{len(PDF)}"
    tail = api.get(path, headers={"Range": "bytes=-6"})
    assert tail.status_code == 206 and tail.content == PDF[-6:]
    rest = api.get(path, headers={"Range": f"bytes={len(PDF) - 3}-"})
    assert rest.content == PDF[-3:]
    outside = api.get(path, headers={"Range": f"bytes={len(PDF)}-"})
    assert outside.status_code == 416 and outside.headers["content-range"] == f"bytes */{len(PDF)}"
    stale = api.get(path, headers={"Range": "bytes=0-7", "If-Range": '"another"'})
    assert stale.status_code == 200 and stale.content == PDF


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            ooxml("xl", "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            ooxml("ppt", "vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (odt(), "application/vnd.oasis.opendocument.text"),
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image/jpeg"),
    ],
)
def test_type_is_read_from_the_bytes(api, seeded, store, content: bytes, media_type: str) -> None:
    doc = document(api, "report")
    assert ok(upload(api, doc, content, name="fil.pdf"), 201)["file"]["media_type"] == media_type


def test_pdfa_is_recorded(api, seeded, store) -> None:
    doc = document(api, "report")
    assert ok(upload(api, doc, PDFA), 201)["file"]["pdfa"] is True
    assert ok(upload(api, doc, PNG, name="bilde.png"), 201)["file"]["pdfa"] is None


def test_create_a_document_with_a_file(api, seeded, store) -> None:
    fields = {"kind": "report", "owner_body_id": seeded.au, "title": "Rapport", "public": "false"}
    refused = api.post("/api/v1/documents", data=fields, files={"file": ("r.docx", DOCX)})
    assert refused.status_code == 409  # a withheld document names its legal basis, as in JSON
    assert stored(store) == []
    r = api.post(
        "/api/v1/documents",
        data={**fields, "exemption_basis": "offl. § 14"},
        files={"file": ("Rapport.docx", DOCX)},
    )
    doc = ok(r, 201)
    assert r.headers["location"] == f"/api/v1/documents/{doc['id']}"
    assert doc["file"]["name"] == "Rapport.docx" and doc["public"] is False and doc["body"] == ""
    versions = ok(api.get(f"/api/v1/documents/{doc['id']}/versions"))["items"]
    assert [v["file"]["sha256"] for v in versions] == [hashlib.sha256(DOCX).hexdigest()]
    bad = api.post("/api/v1/documents", data={**fields, "owner_body_id": "x"}, files={"file": ("r.docx", DOCX)})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.owner_body_id"
    # JSON goes on as before.
    assert ok(api.post("/api/v1/documents", json={"kind": "report", "owner_body_id": seeded.au, "title": "T"}), 201)


def test_same_bytes_are_stored_once(api, seeded, store) -> None:
    first, second = document(api, "report"), document(api, "report")
    ok(upload(api, first, PDF, name="a.pdf"), 201)
    ok(upload(api, second, PDF, name="b.pdf"), 201)
    assert stored(store) == [hashlib.sha256(PDF).hexdigest()]
    assert ok(api.get(f"/api/v1/documents/{second['id']}"))["file"]["name"] == "b.pdf"


def test_two_uploads_of_the_same_bytes_at_once(api, seeded, store, server_url) -> None:
    import httpx

    docs = [document(api, "report") for _ in range(4)]
    results: list[int] = []

    def send(doc: dict) -> None:
        path = f"{server_url}/api/v1/documents/{doc['id']}"
        etag = httpx.get(path, headers=api.headers).headers["etag"]
        r = httpx.post(
            f"{path}/files", headers={**api.headers, "If-Match": etag}, files={"file": ("same.pdf", PDF)}, timeout=30
        )
        results.append(r.status_code)

    threads = [threading.Thread(target=send, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [201] * 4
    assert stored(store) == [hashlib.sha256(PDF).hexdigest()]
    assert list((store.root / "tmp").iterdir()) == []


def test_published_file_is_corrected_never_replaced_and_served_in_public(api, anon, seeded, store) -> None:
    from tests.flows import in_session_forum_meeting_with

    case = prepared_case(api, seeded)
    presentation = next(
        d["document"]
        for d in ok(api.get(f"/api/v1/cases/{case['id']}/documents"))["items"]
        if d["document"]["kind"] == "case_presentation"
    )
    ok(upload(api, presentation, PDF), 201)
    assert anon.get(f"/api/v1/public/documents/{presentation['id']}/file").status_code == 404  # not yet public
    in_session_forum_meeting_with(api, seeded, [case])

    public = anon.get(f"/api/v1/public/documents/{presentation['id']}/file")
    assert public.status_code == 200 and public.content == PDF
    assert public.headers["cache-control"].startswith("public")
    assert (
        ok(anon.get(f"/api/v1/public/documents/{presentation['id']}"))["file"]["sha256"]
        == hashlib.sha256(PDF).hexdigest()
    )
    site = anon.get(f"/dokumenter/{presentation['id']}/fil")
    assert site.status_code == 200 and site.content == PDF
    published = f"/api/v1/public/documents/{presentation['id']}/versions/2/file"
    assert feed_enclosures(anon) == {published: ("application/pdf", str(len(PDF)))}
    page = anon.get(f"/dokumenter/{presentation['id']}", headers={"Accept": "text/html"}).text
    assert f'<a href="/dokumenter/{presentation["id"]}/fil" download>Last ned (PDF, 5 kB)</a>' in page

    without_reason = upload(api, presentation, PNG, name="rettet.png")
    assert without_reason.status_code == 422 and without_reason.json()["errors"][0]["field"] == "body.note"
    corrected = ok(upload(api, presentation, PNG, name="rettet.png", note="Feil vedlegg"), 201)
    assert corrected["correction"] is True and corrected["reason"] == "Feil vedlegg"
    # The published version keeps its file; the public one is now the correction's.
    assert api.get(f"/api/v1/documents/{presentation['id']}/versions/2/file").content == PDF
    assert anon.get(f"/api/v1/public/documents/{presentation['id']}/file").content == PNG
    corrected_path = f"/api/v1/public/documents/{presentation['id']}/versions/3/file"
    assert feed_enclosures(anon) == {
        published: ("application/pdf", str(len(PDF))),
        corrected_path: ("image/png", str(len(PNG))),
    }
    assert anon.get(corrected_path).content == PNG

    # Withheld later: its file is on no public path, and never was kept for it.
    ok(
        patch_current(
            api,
            f"/api/v1/documents/{presentation['id']}",
            json={"public": False, "exemption_basis": "offl. § 13"},
        )
    )
    assert anon.get(f"/api/v1/public/documents/{presentation['id']}/file").status_code == 404
    assert anon.get(f"/dokumenter/{presentation['id']}/fil").status_code == 404
    assert ok(anon.get(f"/api/v1/public/documents/{presentation['id']}"))["file"] is None
    assert anon.get(f"/api/v1/documents/{presentation['id']}/versions/2/file").status_code == 401
    assert feed_enclosures(anon) == {}


def feed_enclosures(anon: Any) -> dict[str, tuple[str, str]]:
    """The Atom feed's file links, by path: (type, length)."""
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(anon.get("/api/v1/public/feed.atom").content)
    return {
        urlsplit(link.get("href", "")).path: (link.get("type", ""), link.get("length", ""))
        for link in root.iter(f"{atom}link")
        if link.get("rel") == "enclosure"
    }


def test_a_file_is_read_and_written_by_who_may_read_and_write_the_document(api, seeded, store) -> None:
    hdir = seeded.organizations[HDIR]
    outsider = api.as_person(member(api, seeded.project_board, hdir, "Styremedlem")["id"])
    au_member = api.as_person(member(api, seeded.au, hdir, "Utvalgsmedlem")["id"])
    doc = document(api, "report")
    ok(upload(api, doc, PDF), 201)
    assert outsider.get(f"/api/v1/documents/{doc['id']}/versions/2/file").status_code == 404
    r = outsider.post(f"/api/v1/documents/{doc['id']}/files", files={"file": ("a.png", PNG)}, headers={"If-Match": "*"})
    assert r.status_code == 404
    assert au_member.get(f"/api/v1/documents/{doc['id']}/versions/2/file").content == PDF
    ok(upload(au_member, doc, PNG, name="a.png"), 201)
    assert stored(store) == sorted([hashlib.sha256(PDF).hexdigest(), hashlib.sha256(PNG).hexdigest()])


# -- bad input -----------------------------------------------------------------------------------


def _nothing_kept(api, doc: dict, store: LocalStore) -> None:  # noqa: ANN001
    assert len(ok(api.get(f"/api/v1/documents/{doc['id']}/versions"))["items"]) == 1
    assert stored(store) == []
    assert not (store.root / "tmp").exists() or list((store.root / "tmp").iterdir()) == []


@pytest.mark.parametrize(
    ("content", "status", "slug"),
    [
        (b"", 422, "validation-error"),
        (PDF[:-8], 422, "validation-error"),  # truncated: no %%EOF
        (EXE, 415, "unsupported-file-type"),
        (b"PK\x03\x04 not really a zip", 422, "validation-error"),
        (ooxml("other", "zip"), 415, "unsupported-file-type"),
    ],
)
def test_refused_content(api, seeded, store, content: bytes, status: int, slug: str) -> None:
    doc = document(api, "report")
    r = upload(api, doc, content, name="saksfremlegg.pdf")
    assert r.status_code == status, r.text
    assert r.json()["type"].endswith(slug) and r.json()["detail_nb"]
    _nothing_kept(api, doc, store)


def test_hostile_name(api, seeded, store) -> None:
    doc = document(api, "report")
    name = "../../etc/" + "æ" * 150 + "/\u202eevil\u200f" + "x" * 60 + "fdp.exe\u202c.pdf"
    file = ok(upload(api, doc, PDF, name=name), 201)["file"]
    assert "/" not in file["name"] and "\u202e" not in file["name"] and "\u200f" not in file["name"]
    assert file["name"].endswith(".pdf") and len(file["name"]) <= 255
    got = api.get(f"/api/v1/documents/{doc['id']}/versions/2/file")
    assert f"filename*=UTF-8''{quote(file['name'], safe='')}" in got.headers["content-disposition"]
    norsk = ok(upload(api, doc, PDF, name="Møtebok før sak «1».pdf"), 201)["file"]["name"]
    disposition = api.get(f"/api/v1/documents/{doc['id']}/versions/3/file").headers["content-disposition"]
    assert norsk == "Møtebok før sak «1».pdf"
    assert disposition.startswith("attachment; filename=\"M_tebok f_r sak _1_.pdf\"; filename*=UTF-8''M%C3%B8tebok")


def test_over_the_limit(api, seeded, store, monkeypatch) -> None:
    from app.config import get_settings

    monkeypatch.setattr(get_settings(), "max_file_bytes", 1000)
    doc = document(api, "report")
    r = upload(api, doc, PDF)
    assert r.status_code == 413 and r.json()["type"].endswith("payload-too-large")
    _nothing_kept(api, doc, store)


def test_an_upload_without_credentials_is_refused_before_it_is_read(api, anon, seeded, store, monkeypatch) -> None:
    """Anyone could otherwise make the server spool up to the limit to disk before the 401."""
    from app.config import get_settings

    monkeypatch.setattr(get_settings(), "max_file_bytes", 1000)
    doc = document(api, "report")
    for path in (f"/api/v1/documents/{doc['id']}/files", "/api/v1/documents"):
        r = anon.post(path, files={"file": ("stor.pdf", PDF)}, headers={"If-Match": "*"})
        assert r.status_code == 401, r.text  # not 413: the body was never read
    _nothing_kept(api, doc, store)


def test_upload_needs_the_etag_and_a_multipart_body(api, seeded, store) -> None:
    doc = document(api, "report")
    path = f"/api/v1/documents/{doc['id']}/files"
    assert api.post(path, files={"file": ("a.pdf", PDF)}).status_code == 428
    stale = api.post(path, files={"file": ("a.pdf", PDF)}, headers={"If-Match": '"stale"'})
    assert stale.status_code == 412
    as_json = api.post(path, json={"file": "x"})
    assert as_json.status_code == 415 and as_json.headers["accept-post"] == "multipart/form-data"
    long_note = upload(api, doc, PDF, note="x" * 2001)
    assert long_note.status_code == 422 and long_note.json()["errors"][0]["field"] == "body.note"
    no_file = api.post(path, data={"note": "x"}, files={"other": ("a", b"a")}, headers={"If-Match": "*"})
    assert no_file.status_code == 422
    _nothing_kept(api, doc, store)


def test_upload_cut_off(api, seeded, store) -> None:
    doc = document(api, "report")
    etag = api.get(f"/api/v1/documents/{doc['id']}").headers["etag"]
    body = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n' + PDF  # no end
    headers = {**api.headers, "If-Match": etag, "Content-Type": "multipart/form-data; boundary=b"}
    r = api.client.post(f"/api/v1/documents/{doc['id']}/files", content=body, headers=headers)
    assert r.status_code == 400 and r.json()["type"].endswith("malformed-upload")
    _nothing_kept(api, doc, store)


def test_client_gone_mid_stream(api, seeded, store) -> None:
    """The client disconnects half-way: no version, no file, no spooled remains."""
    doc = document(api, "report")
    etag = api.get(f"/api/v1/documents/{doc['id']}").headers["etag"]
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n' + PDF[:100]
    messages = [
        {"type": "http.request", "body": head, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    headers = [
        (b"authorization", api.headers["Authorization"].encode()),
        (b"if-match", etag.encode()),
        (b"content-type", b"multipart/form-data; boundary=b"),
    ]
    scope = {
        "type": "http",
        "method": "POST",
        "path": f"/api/v1/documents/{doc['id']}/files",
        "raw_path": f"/api/v1/documents/{doc['id']}/files".encode(),
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
        "app": api.client.app,
    }
    asyncio.run(api.client.app(scope, receive, send))
    _nothing_kept(api, doc, store)


def test_store_unavailable(api, seeded, client, tmp_path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the store's folder should be")
    client.app.state.files = LocalStore(blocker / "files")
    doc = document(api, "report")
    r = upload(api, doc, PDF)
    assert r.status_code == 503 and r.json()["type"].endswith("service-unavailable")
    assert len(ok(api.get(f"/api/v1/documents/{doc['id']}/versions"))["items"]) == 1


def test_file_missing_from_the_store_is_503(api, seeded, store) -> None:
    doc = document(api, "report")
    ok(upload(api, doc, PDF), 201)
    store.path(hashlib.sha256(PDF).hexdigest()).unlink()
    assert api.get(f"/api/v1/documents/{doc['id']}/versions/2/file").status_code == 503


def test_verify(api, seeded, store, cli, monkeypatch) -> None:
    from app.config import get_settings

    monkeypatch.setenv("SAMORDNING_FILES_DIR", str(store.root))
    get_settings.cache_clear()
    docs = [document(api, "report") for _ in range(3)]
    ok(upload(api, docs[0], PDF), 201)
    ok(upload(api, docs[1], PNG, name="a.png"), 201)
    ok(upload(api, docs[2], DOCX, name="a.docx"), 201)
    code, out, _ = cli("files", "verify")
    assert code == 0 and out[-1].startswith("3 files referenced")
    store.path(hashlib.sha256(PDF).hexdigest()).unlink()
    store.path(hashlib.sha256(PNG).hexdigest()).write_bytes(b"changed")
    orphan = hashlib.sha256(b"orphan").hexdigest()
    store.path(orphan).parent.mkdir(parents=True, exist_ok=True)
    store.path(orphan).write_bytes(b"orphan")
    code, out, _ = cli("files", "verify")
    assert code == 1
    text = "\n".join(out)
    assert f"missing {hashlib.sha256(PDF).hexdigest()}" in text
    assert f"corrupt {hashlib.sha256(PNG).hexdigest()}" in text
    assert f"orphan {orphan}" in text


def test_local_store_writes_whole_files_only(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    with store.spool() as spooled:
        spooled.write(b"abc")
        digest = hashlib.sha256(b"abc").hexdigest()
        store.put(digest, spooled)
        store.put(digest, spooled)  # again: nothing to do
    assert store.path(digest).read_bytes() == b"abc"
    assert list(store.tmp.iterdir()) == []
    assert b"".join(store.read(digest, 1, 2)) == b"b"


def test_the_website_names_a_file_by_type_and_size() -> None:
    from app.files.kinds import file_label
    from app.files.schemas import FileFacts

    facts = FileFacts(name="a.pdf", media_type="application/pdf", size=1_234_567, sha256="0" * 64, pdfa=False)
    assert file_label(facts) == "PDF, 1,2 MB"
    assert file_label(facts.model_copy(update={"media_type": DOCX_TYPE, "size": 800})) == "Word, 1 kB"


def test_a_failed_transaction_leaves_an_orphan_nothing_points_to(api, seeded, store, cli, monkeypatch) -> None:
    """The file is kept before the rows; when the transaction then fails, no version points to it and
    `files verify` lists it as an orphan, harmless (exit 0)."""
    from app.config import get_settings
    from app.documents import service
    from app.errors import Conflict

    doc = document(api, "report")

    def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise Conflict("the transaction fails after the file was kept")

    original = service.add_version
    monkeypatch.setattr(service, "add_version", fail)
    assert upload(api, doc, PDF).status_code == 409
    monkeypatch.setattr(service, "add_version", original)
    digest = hashlib.sha256(PDF).hexdigest()
    assert stored(store) == [digest]
    assert ok(api.get(f"/api/v1/documents/{doc['id']}"))["file"] is None
    monkeypatch.setenv("SAMORDNING_FILES_DIR", str(store.root))
    get_settings.cache_clear()
    code, out, _ = cli("files", "verify")
    assert code == 0 and out == [f"orphan {digest}", "0 files referenced: 0 missing, 0 corrupt, 1 orphans"]
