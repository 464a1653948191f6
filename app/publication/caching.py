"""Public responses are shared-cacheable and carry a strong ETag computed from their content."""

from __future__ import annotations

import hashlib

from fastapi import Request, Response
from pydantic import BaseModel

CACHE_CONTROL = "public, max-age=60"


def cached(request: Request, content: bytes, media_type: str, status_code: int = 200) -> Response:
    """The response for `content`; app.http.NotModified turns it into a 304 when the client has it."""
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    return Response(content, status_code=status_code, media_type=media_type, headers=headers)


def cached_json(request: Request, model: BaseModel) -> Response:
    return cached(request, model.model_dump_json().encode(), "application/json")
