"""HTTP plumbing shared by every resource: ETags, If-Match and the write envelope."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from app.errors import PreconditionFailed


def etag_of(entity: Any) -> str:
    return f'"{entity.id}.{entity.version}"'


def set_etag(response: Response, entity: Any) -> None:
    response.headers["ETag"] = etag_of(entity)


def check_if_match(if_match: str | None, entity: Any) -> None:
    """412 when the client's copy is stale; no header means no precondition."""
    if if_match is None:
        return
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" in candidates or etag_of(entity) in candidates:
        return
    raise PreconditionFailed(
        f"If-Match {if_match} does not match the current ETag {etag_of(entity)}; reload and retry."
    )
