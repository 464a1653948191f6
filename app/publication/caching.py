"""Public responses are shared-cacheable and carry a strong ETag computed from their content."""

from __future__ import annotations

import hashlib

from fastapi import Request, Response
from pydantic import BaseModel

CACHE_CONTROL = "public, max-age=60"


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    # If-None-Match compares weakly (RFC 9110 §13.1.2).
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def cached(request: Request, content: bytes, media_type: str, status_code: int = 200) -> Response:
    """The response for `content`, or 304 when the client already has it."""
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if status_code == 200 and _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(content, status_code=status_code, media_type=media_type, headers=headers)


def cached_json(request: Request, model: BaseModel) -> Response:
    return cached(request, model.model_dump_json().encode(), "application/json")
