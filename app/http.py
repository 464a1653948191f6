"""HTTP plumbing shared by every resource: ETags and If-Match, and how the OpenAPI document shows them."""

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


ETAG_HEADER = {
    "description": "Version of the resource; send it back as `If-Match` to change it safely.",
    "schema": {"type": "string"},
}
LOCATION_HEADER = {"description": "URL of the created resource.", "schema": {"type": "string"}}
CACHE_CONTROL_HEADER = {"description": "Shared caches may keep the response briefly.", "schema": {"type": "string"}}
PUBLIC_ETAG_HEADER = {
    "description": "Strong validator of the content; send it as `If-None-Match` to get 304 when unchanged.",
    "schema": {"type": "string"},
}


# Responses that show something without a version of its own: they carry no ETag.
UNVERSIONED_SCHEMAS = {"AgendaItemOut", "RuleOut", "CaseDocumentOut"}


def _carries_etag(path: str, method: str, response: dict[str, Any]) -> bool:
    """GET/PATCH of one versioned resource, a transition, or a create."""
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    if ref.rsplit("/", 1)[-1] in UNVERSIONED_SCHEMAS:
        return False
    return method in ("patch", "post") or path.endswith("}")


def document_headers(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the ETag, Location and Cache-Control headers the handlers send."""
    for path, ops in schema.get("paths", {}).items():
        public = path.startswith("/api/v1/public/")
        for method, op in ops.items():
            for code, response in op.get("responses", {}).items():
                if not code.startswith("2") or code == "204":
                    continue
                headers = response.setdefault("headers", {})
                if public:
                    headers.update({"ETag": PUBLIC_ETAG_HEADER, "Cache-Control": CACHE_CONTROL_HEADER})
                elif path.startswith("/api/v1/") and _carries_etag(path, method, response):
                    headers["ETag"] = ETAG_HEADER
                if code == "201":
                    headers["Location"] = LOCATION_HEADER
                if not headers:
                    del response["headers"]
    return schema
