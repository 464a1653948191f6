"""The API's router: a plain `def` route runs in the thread pool in one trip.

FastAPI runs a `def` endpoint in the thread pool, and then makes a second trip there to validate what
it returned against the response model; an `async def` endpoint's result is validated on the event
loop. Routes stay plain functions (they read the database); `Router` hands FastAPI a coroutine that
runs each in the thread pool, which saves the second trip. The validation reads no database: the
request's session has ended by then (app/db.py), so it only walks loaded objects."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool


class Router(APIRouter):
    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _in_thread_pool(endpoint)
        super().add_api_route(path, endpoint, **kwargs)


def _in_thread_pool(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)  # FastAPI reads the parameters and annotations of the wrapped function
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run
