"""The S3 back end against a real S3 server process (moto's), through the same API as the local store."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator

import pytest

from app.files.store import LocalStore, S3Store, StoreUnavailable, s3_client
from tests.flows import document, ok
from tests.test_files import DOCX, PDF, upload

BUCKET = "samordning-files"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_store(s3_endpoint: str, monkeypatch) -> S3Store:  # noqa: ANN001
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    client = s3_client(s3_endpoint, "us-east-1")
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []) if _exists(client) else []:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    if not _exists(client):
        client.create_bucket(Bucket=BUCKET)
    return S3Store(client, BUCKET)


def _exists(client) -> bool:  # noqa: ANN001
    return any(b["Name"] == BUCKET for b in client.list_buckets().get("Buckets", []))


def test_s3_store_keeps_reads_and_lists(s3_store: S3Store) -> None:
    digest = hashlib.sha256(PDF).hexdigest()
    assert s3_store.size(digest) is None
    with s3_store.spool() as spooled:
        spooled.write(PDF)
        s3_store.put(digest, spooled)
        s3_store.put(digest, spooled)  # the same bytes again: kept once
    assert s3_store.size(digest) == len(PDF)
    assert b"".join(s3_store.read(digest)) == PDF
    assert b"".join(s3_store.read(digest, 2, 10)) == PDF[2:10]
    assert list(s3_store.hashes()) == [digest]


@pytest.mark.parametrize("kind", ["s3", "local"])
def test_derived_files_are_kept_apart_from_the_documents(kind, s3_store: S3Store, tmp_path) -> None:  # noqa: ANN001
    """A meeting book is kept under its key, read back whole, replaced whole, and never listed among
    the documents' files (where `files verify` would call it an orphan)."""
    store = s3_store if kind == "s3" else LocalStore(tmp_path)
    key = hashlib.sha256(b"a meeting book").hexdigest()
    assert store.derived(key) is None
    store.keep_derived(key, PDF)
    store.keep_derived(key, PDF + b"again")
    assert store.derived(key) == PDF + b"again"
    assert list(store.hashes()) == []
    if kind == "local":
        with pytest.raises(ValueError):  # a key is a hash, never a path
            store.derived("../../etc/passwd")


def test_upload_and_download_through_s3(api, anon, seeded, client, s3_store, cli, monkeypatch) -> None:  # noqa: ANN001
    client.app.state.files = s3_store
    doc = document(api, "report")
    version = ok(upload(api, doc, DOCX, name="Rapport.docx"), 201)
    digest = hashlib.sha256(DOCX).hexdigest()
    assert version["file"]["sha256"] == digest and s3_store.size(digest) == len(DOCX)
    got = api.get(f"/api/v1/documents/{doc['id']}/versions/2/file")
    assert got.status_code == 200 and got.content == DOCX and got.headers["etag"] == f'"{digest}"'
    part = api.get(f"/api/v1/documents/{doc['id']}/versions/2/file", headers={"Range": "bytes=-4"})
    assert part.status_code == 206 and part.content == DOCX[-4:]

    from app.config import get_settings

    monkeypatch.setenv("SAMORDNING_FILES_BACKEND", "s3")
    monkeypatch.setenv("SAMORDNING_FILES_S3_ENDPOINT_URL", s3_store.client.meta.endpoint_url)
    monkeypatch.setenv("SAMORDNING_FILES_S3_REGION", "us-east-1")
    get_settings.cache_clear()
    code, out, _ = cli("files", "verify")
    assert code == 0 and out[-1] == "1 files referenced: 0 missing, 0 corrupt, 0 orphans"
    s3_store.client.put_object(Bucket=BUCKET, Key=digest, Body=b"tampered")
    code, out, _ = cli("files", "verify")
    assert code == 1 and f"corrupt {digest}" in out


def test_s3_unavailable_is_503_and_keeps_nothing(api, seeded, client, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    client.app.state.files = S3Store(s3_client(f"http://127.0.0.1:{_free_port()}", "us-east-1"), BUCKET)
    doc = document(api, "report")
    r = upload(api, doc, PDF)
    assert r.status_code == 503 and r.json()["type"].endswith("service-unavailable")
    assert len(ok(api.get(f"/api/v1/documents/{doc['id']}/versions"))["items"]) == 1
    with pytest.raises(StoreUnavailable):
        client.app.state.files.size("0" * 64)
