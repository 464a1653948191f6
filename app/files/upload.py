"""A multipart upload read as it arrives: the file part is spooled to a temporary file of the store
and hashed on the way, never held whole in memory, and refused (413) the moment it passes the limit.
The body is read before the caller's principal, so that no transaction (on SQLite, the write lock)
is held open while a slow client sends it; a refused caller costs at most the limit in temporary disk."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import IO, Annotated

from fastapi import Depends, Request
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from app.config import get_settings
from app.errors import DomainError, InvalidInput, PayloadTooLarge, Unauthorized, UnsupportedMediaType
from app.files.extract import Extracted
from app.files.store import FileStore, StoreUnavailable

FILE_FIELD = "file"
MAX_FIELDS_BYTES = 1 << 20  # the form's other fields together (a document's body is ≤ 1 MB of text)
# What an upload's body may carry beyond the file: the other fields, part headers and boundaries.
UPLOAD_OVERHEAD = MAX_FIELDS_BYTES + (1 << 16)
# The paths that take an upload: the body limit there is the file's (app/limits.py).
UPLOAD_PATHS = re.compile(r"/api/v1/documents(/[^/]+/files)?")
MAX_NAME = 255
# Bidirectional controls (they make «fdp.exe» read as «exe.pdf»), other format and control characters.
_INVISIBLE = re.compile(r"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
PDFA_MARK = b"pdfaid:part"


def file_too_large(limit: int) -> PayloadTooLarge:
    """The refusal of a file past the limit, which it names: the person can do something about it."""
    return PayloadTooLarge(
        f"Files are limited to {limit} bytes.",
        f"Filen er for stor. Største tillatte størrelse er {limit // (1 << 20)} MB.",
    )


class MalformedUpload(DomainError):
    status, slug, title = 400, "malformed-upload", "Bad request"


@dataclass
class Upload:
    """The file of a multipart request, spooled, and the form's other fields."""

    spooled: IO[bytes]
    name: str = ""
    size: int = 0
    sha256: str = ""
    pdfa: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    text: Extracted | None = None  # read once its type is known (app/files/service.py)


def safe_name(raw: str) -> str:
    """The name as a person sees it: the last path segment, without controls or direction marks,
    NFC, at most 255 characters with its extension kept; «fil» when nothing is left."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = _INVISIBLE.sub("", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:20] if dot else ""
        name = (stem if dot else name)[: MAX_NAME - len(ext) - 1].rstrip(" .") + (f".{ext}" if ext else "")
    return name or "fil"


class _Parts:
    """The parser's callbacks: the file part into the spool (hashed), the others into `fields`."""

    def __init__(self, upload: Upload, limit: int) -> None:
        self.upload = upload
        self.limit = limit
        self.hash = hashlib.sha256()
        self.headers: dict[bytes, bytes] = {}
        self.header_field = b""
        self.header_value = b""
        self.name: str | None = None
        self.value = bytearray()
        self.fields_bytes = 0
        self.in_file = False
        self.seen_file = False
        self.finished = False
        self.tail = b""  # the last bytes of the previous chunk: a mark may straddle two

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda data, start, end: self._add("header_field", data[start:end]),
            "on_header_value": lambda data, start, end: self._add("header_value", data[start:end]),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
            "on_end": self.end,
        }

    def _add(self, attr: str, data: bytes) -> None:
        setattr(self, attr, getattr(self, attr) + data)

    def part_begin(self) -> None:
        self.headers, self.value, self.name = {}, bytearray(), None

    def header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field = self.header_value = b""

    def headers_finished(self) -> None:
        disposition, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        if disposition != b"form-data" or b"name" not in options:
            raise MalformedUpload("A part of the form has no Content-Disposition: form-data with a name.")
        self.name = options[b"name"].decode("utf-8", "replace")
        self.in_file = self.name == FILE_FIELD
        if self.in_file:
            if self.seen_file:
                raise MalformedUpload("The form carries more than one file; send one per request.")
            self.seen_file = True
            self.upload.name = safe_name(options.get(b"filename", b"").decode("utf-8", "replace"))

    def part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.in_file:
            self.upload.size += len(chunk)
            if self.upload.size > self.limit:
                raise file_too_large(self.limit)
            self.hash.update(chunk)
            if not self.upload.pdfa:
                self.upload.pdfa = PDFA_MARK in self.tail + chunk
                self.tail = chunk[-len(PDFA_MARK) :]
            self.upload.spooled.write(chunk)
        else:
            self.fields_bytes += len(chunk)
            if self.fields_bytes > MAX_FIELDS_BYTES:
                raise PayloadTooLarge(f"The form's fields besides the file are limited to {MAX_FIELDS_BYTES} bytes.")
            self.value += chunk

    def part_end(self) -> None:
        if not self.in_file and self.name is not None:
            if self.name in self.upload.fields:
                raise InvalidInput(self.name, "given more than once", code="repeated_parameter")
            self.upload.fields[self.name] = self.value.decode("utf-8", "replace")
        self.in_file = False

    def end(self) -> None:
        self.finished = True


def _boundary(request: Request) -> bytes:
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or not options.get(b"boundary"):
        raise UnsupportedMediaType(
            "This operation reads multipart/form-data with the file in the field `file`.",
            {f"Accept-{request.method.title()}": "multipart/form-data"},
        )
    return options[b"boundary"]


async def read_upload(request: Request) -> AsyncIterator[Upload]:
    """The request's upload; its spooled file is deleted once the request is answered. The caller is
    known only after it (no transaction is held while a slow client sends), but a request without any
    credentials is refused before a byte is spooled: anyone could otherwise fill the temporary disk."""
    if "authorization" not in request.headers and request.app.state.sign_in.cookie not in request.cookies:
        raise Unauthorized("Send Authorization: Bearer <token>, or sign in to the staff app, to upload a file.")
    boundary = _boundary(request)
    store: FileStore = request.app.state.files
    upload = Upload(spooled=store.spool())
    parts = _Parts(upload, get_settings().max_file_bytes)
    parser = MultipartParser(boundary, parts.callbacks())  # type: ignore[arg-type]
    try:
        try:
            async for chunk in request.stream():
                parser.write(chunk)
        except ClientDisconnect:
            raise MalformedUpload("The upload was cut off before it ended; nothing was kept.") from None
        except OSError as exc:
            raise StoreUnavailable(f"cannot spool the upload: {exc.strerror}") from exc
        except ValueError as exc:  # the parser's errors (python_multipart.exceptions) are ValueErrors
            raise MalformedUpload(f"The multipart body cannot be read: {exc}") from exc
        if not parts.finished:
            raise MalformedUpload("The upload ended before the form's closing boundary: it was cut off.")
        if not parts.seen_file:
            raise InvalidInput(FILE_FIELD, "the form carries no file", message_nb="Velg en fil å laste opp.")
        upload.sha256 = parts.hash.hexdigest()
        yield upload
    finally:
        upload.spooled.close()


UploadDep = Annotated[Upload, Depends(read_upload, scope="function")]
