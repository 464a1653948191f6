"""Refuses request bodies over SAMORDNING_MAX_BODY_BYTES before the app reads them; an upload (a
multipart POST to a path that takes one) may carry a file of SAMORDNING_MAX_FILE_BYTES besides."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PayloadTooLarge, problem
from app.files.upload import UPLOAD_OVERHEAD, UPLOAD_PATHS, file_too_large
from app.routing import is_multipart


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, max_file_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_file_bytes = max_file_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        upload = (
            scope["method"] == "POST"
            and is_multipart(headers.get(b"content-type", b"").decode("latin-1"))
            and UPLOAD_PATHS.fullmatch(scope["path"]) is not None
        )
        limit = self.max_file_bytes + UPLOAD_OVERHEAD if upload else self.max_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit, upload)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge(413, f"Request bodies are limited to {limit} bytes.")
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._refuse(scope, receive, send, limit, upload)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int, upload: bool) -> None:
        # An upload's refusal names the file's limit: that is what the person can act on.
        exc = (
            file_too_large(self.max_file_bytes)
            if upload
            else PayloadTooLarge(f"Request bodies are limited to {limit} bytes.")
        )
        await problem(exc.status, exc.slug, exc.title, exc.detail, detail_nb=exc.detail_nb)(scope, receive, send)


class _TooLarge(HTTPException):
    """An HTTPException so that FastAPI's body parser re-raises it (any other error there becomes a 400)."""
