"""Where documents' files are kept: one interface, content-addressed by SHA-256, two back ends.

A file is written under its hash only once it is whole (the local store renames a synced temporary
file; an S3 upload becomes visible only when complete), so a crash never leaves half a file under a
real name. The same bytes are stored once. What points to a file is a document version's row, written
after the file in the request's transaction: a failed transaction leaves at most an orphan, which
`samordning files verify` lists."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from app.config import Settings
from app.errors import ServiceUnavailable

CHUNK = 1 << 16
HASH_LENGTH = 64
# Where derived files (meeting books) are kept, apart from the documents' content-addressed files.
DERIVED = "derived"


class StoreUnavailable(ServiceUnavailable):
    """The file store cannot be read or written (a full disk, an object store that does not answer)."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The file store is unavailable: {detail}",
            "Filarkivet er ikke tilgjengelig akkurat nå, så ingenting ble lagret. Prøv igjen om litt.",
        )


class FileStore(Protocol):
    def spool(self) -> IO[bytes]:
        """A new temporary file, deleted on close, for an upload on its way in (put takes it over)."""
        ...

    def put(self, sha256: str, spooled: IO[bytes]) -> None:
        """Keep the spooled bytes under their hash; nothing is written when they are kept already."""
        ...

    def size(self, sha256: str) -> int | None:
        """The stored file's size, None when it is missing."""
        ...

    def read(self, sha256: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """The bytes from `start` up to `end` (exclusive; None: the end), in chunks."""
        ...

    def hashes(self) -> Iterator[str]:
        """Every file kept, by hash."""
        ...

    def derived(self, key: str) -> bytes | None:
        """A file made from others (a meeting book), kept under a key naming what it was made from;
        None when it is not kept (yet). Apart from the documents' files: `hashes` never lists it."""
        ...

    def keep_derived(self, key: str, data: bytes) -> None:
        """Keep a derived file whole under its key (replicas making the same one at once: the last wins)."""
        ...


def _is_hash(name: str) -> bool:
    return len(name) == HASH_LENGTH and all(c in "0123456789abcdef" for c in name)


class LocalStore:
    """Files under `root`/ab/cd/<hash>; uploads are spooled in `root`/tmp, on the same file system,
    so keeping one is a rename."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def spool(self) -> IO[bytes]:
        try:
            self.tmp.mkdir(parents=True, exist_ok=True)
            return tempfile.NamedTemporaryFile(dir=self.tmp, prefix="upload-", delete=True)  # noqa: SIM115
        except OSError as exc:
            raise StoreUnavailable(f"cannot write under {self.root}: {exc.strerror}") from exc

    def put(self, sha256: str, spooled: IO[bytes]) -> None:
        target = self.path(sha256)
        try:
            if target.exists():
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            spooled.flush()
            os.fsync(spooled.fileno())
            # A hard link under the real name: atomic, and the spooled file is still deleted on close.
            # Two uploads of the same bytes at once: the second finds the name taken by equal bytes.
            with contextlib.suppress(FileExistsError):
                os.link(spooled.name, target)
            _sync_dir(target.parent)
        except OSError as exc:
            raise StoreUnavailable(f"cannot keep {sha256}: {exc.strerror}") from exc

    def size(self, sha256: str) -> int | None:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreUnavailable(f"cannot read {sha256}: {exc.strerror}") from exc

    def read(self, sha256: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        with self.path(sha256).open("rb") as f:
            f.seek(start)
            left = None if end is None else end - start
            while left is None or left > 0:
                chunk = f.read(CHUNK if left is None else min(CHUNK, left))
                if not chunk:
                    return
                if left is not None:
                    left -= len(chunk)
                yield chunk

    def hashes(self) -> Iterator[str]:
        for path in sorted(self.root.glob("??/??/*")):
            if _is_hash(path.name):
                yield path.name

    def _derived_path(self, key: str) -> Path:
        if not _is_hash(key):
            raise ValueError(f"not a derived file's key: {key!r}")
        return self.root / DERIVED / key[:2] / key

    def derived(self, key: str) -> bytes | None:
        try:
            return self._derived_path(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreUnavailable(f"cannot read {DERIVED}/{key}: {exc.strerror}") from exc

    def keep_derived(self, key: str, data: bytes) -> None:
        target = self._derived_path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, prefix="derived-", delete=False) as f:
                f.write(data)
            os.replace(f.name, target)
        except OSError as exc:
            raise StoreUnavailable(f"cannot keep {DERIVED}/{key}: {exc.strerror}") from exc


def _sync_dir(path: Path) -> None:
    """The rename survives a crash once its directory is synced."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class S3Store:
    """Files as objects named by hash in an S3-compatible bucket (MinIO, Ceph, a cloud's), through boto3."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    def spool(self) -> IO[bytes]:
        try:
            return tempfile.TemporaryFile(prefix="samordning-upload-")  # noqa: SIM115
        except OSError as exc:
            raise StoreUnavailable(f"cannot spool an upload: {exc.strerror}") from exc

    def put(self, sha256: str, spooled: IO[bytes]) -> None:
        if self.size(sha256) is not None:
            return
        spooled.seek(0)
        with _unavailable(sha256):
            self.client.upload_fileobj(spooled, self.bucket, sha256)

    def size(self, sha256: str) -> int | None:
        try:
            with _unavailable(sha256):
                return int(self.client.head_object(Bucket=self.bucket, Key=sha256)["ContentLength"])
        except StoreUnavailable as exc:
            if _absent(exc):
                return None
            raise

    def read(self, sha256: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        wanted = f"bytes={start}-{'' if end is None else end - 1}"
        with _unavailable(sha256):
            body = self.client.get_object(Bucket=self.bucket, Key=sha256, Range=wanted)["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def hashes(self) -> Iterator[str]:
        with _unavailable("the bucket's list"):
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
                for item in page.get("Contents", []):
                    if _is_hash(item["Key"]):
                        yield item["Key"]

    def derived(self, key: str) -> bytes | None:
        try:
            with _unavailable(f"{DERIVED}/{key}"):
                body = self.client.get_object(Bucket=self.bucket, Key=f"{DERIVED}/{key}")["Body"]
                try:
                    return bytes(body.read())
                finally:
                    body.close()
        except StoreUnavailable as exc:
            if _absent(exc):
                return None
            raise

    def keep_derived(self, key: str, data: bytes) -> None:
        with _unavailable(f"{DERIVED}/{key}"):
            self.client.put_object(Bucket=self.bucket, Key=f"{DERIVED}/{key}", Body=data)


@contextlib.contextmanager
def _unavailable(what: str) -> Iterator[None]:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (BotoCoreError, ClientError) as exc:
        raise StoreUnavailable(f"{what}: {exc}") from exc


def _absent(exc: StoreUnavailable) -> bool:
    """Whether the store said the object is not there (rather than failing to answer)."""
    from botocore.exceptions import ClientError

    cause = exc.__cause__
    return isinstance(cause, ClientError) and cause.response.get("Error", {}).get("Code") in ("404", "NoSuchKey")


def s3_client(endpoint_url: str | None, region: str | None) -> Any:
    import boto3
    from botocore.config import Config

    # Fail fast: an upload waits for the store, and the client is told 503 rather than left hanging.
    config = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 2, "mode": "standard"})
    return boto3.client("s3", endpoint_url=endpoint_url, region_name=region, config=config)


def store_from_settings(settings: Settings) -> FileStore:
    if settings.files_backend == "s3":
        client = s3_client(settings.files_s3_endpoint_url, settings.files_s3_region)
        return S3Store(client, settings.files_s3_bucket)
    return LocalStore(settings.files_dir)
