"""A stored file as an HTTP answer: its type, name (RFC 6266), hash as ETag and byte ranges (RFC 9110 §14)."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import StreamingResponse

from app.errors import DomainError
from app.files.schemas import FileFacts
from app.files.service import stored_size
from app.files.store import FileStore

PRIVATE = "private, no-store"
PUBLIC = "public, max-age=60"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class RangeNotSatisfiable(DomainError):
    status, slug, title = 416, "range-not-satisfiable", "Range not satisfiable"

    def __init__(self, size: int) -> None:
        super().__init__(
            f"The range asked for is outside the file's {size} bytes.", "Delen av filen det ble bedt om finnes ikke."
        )
        self.headers = {"Content-Range": f"bytes */{size}"}


def content_disposition(name: str) -> str:
    """`filename` in ASCII for old clients, `filename*` in UTF-8 with the name as it is (RFC 6266 §4.3)."""
    fallback = re.sub(r'[^\x20-\x7e]|["\\%]', "_", name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def byte_range(header: str | None, if_range: str | None, etag: str, size: int) -> tuple[int, int] | None:
    """The one range asked for as (start, end exclusive), or None for the whole file: no Range, one
    this does not read (several ranges, another unit), or an If-Range naming another version."""
    if header is None or (if_range is not None and if_range.strip() != etag):
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        if int(last) == 0:
            raise RangeNotSatisfiable(size)
        return max(0, size - int(last)), size
    start = int(first)
    end = min(size, int(last) + 1) if last else size
    if start >= size or end <= start:
        raise RangeNotSatisfiable(size)
    return start, end


def file_response(request: Request, store: FileStore, facts: FileFacts, public: bool) -> Response:
    size = stored_size(store, facts)
    etag = f'"{facts.sha256}"'
    headers = {
        "ETag": etag,
        "Accept-Ranges": "bytes",
        "Content-Disposition": content_disposition(facts.name),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": PUBLIC if public else PRIVATE,
    }
    wanted = byte_range(request.headers.get("range"), request.headers.get("if-range"), etag, size)
    start, end = wanted or (0, size)
    headers["Content-Length"] = str(end - start)
    if wanted is not None:
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
    return StreamingResponse(
        store.read(facts.sha256, start, end),
        status_code=206 if wanted else 200,
        headers=headers,
        media_type=facts.media_type,
    )
