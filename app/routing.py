"""The API's router: a plain `def` route runs in the thread pool in one trip.

FastAPI runs a `def` endpoint in the thread pool, and then makes a second trip there to validate what
it returned against the response model; an `async def` endpoint's result is validated on the event
loop. Routes stay plain functions (they read the database); `Router` hands FastAPI a coroutine that
runs each in the thread pool, which saves the second trip. The validation reads no database: the
request's session has ended by then (app/db.py), so it only walks loaded objects."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response, params
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute

from app.errors import UnsupportedMediaType


def is_json(content_type: str) -> bool:
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


class JsonBodyRoute(APIRoute):
    """A body in another media type than the JSON the operation reads is a 415 (RFC 9110 §15.5.16),
    not a 422 about the fields of a text: the client learns what to send (`Accept-Post`/`Accept-Patch`).
    A body without `Content-Type` is read as JSON, as FastAPI does."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None or isinstance(self.body_field.field_info, params.Form):
            return handler

        async def checked(request: Request) -> Response:
            content_type = request.headers.get("content-type")
            has_body = request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers
            if content_type is not None and has_body and not is_json(content_type):
                raise UnsupportedMediaType(
                    f"The body is {content_type}; this operation reads application/json.",
                    {f"Accept-{request.method.title()}": "application/json"},
                )
            return await handler(request)

        return checked


class Router(APIRouter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("route_class", JsonBodyRoute)
        super().__init__(*args, **kwargs)

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _in_thread_pool(endpoint)
        super().add_api_route(path, endpoint, **kwargs)


def _in_thread_pool(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)  # FastAPI reads the parameters and annotations of the wrapped function
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run
