"""The API's router: a plain `def` route runs in the thread pool in one trip, and an operation of the
API refuses a query parameter it does not declare.

FastAPI runs a `def` endpoint in the thread pool, and then makes a second trip there to validate what
it returned against the response model; an `async def` endpoint's result is validated on the event
loop. Routes stay plain functions (they read the database); `Router` hands FastAPI a coroutine that
runs each in the thread pool, which saves the second trip. The validation reads no database: the
request's session has ended by then (app/db.py), so it only walks loaded objects.

FastAPI ignores a query parameter a route does not declare, and reads the last of a repeated one: a
client asking `?overdue=true` of a list without that filter, or `?stauts=open`, would get the whole
list as if it were the answer. The API's operations (those in the OpenAPI document, public ones
included) refuse both with a 400 naming the parameter. The website's pages and the staff app, which
people reach by links that may carry a tracking tag or an old filter, ignore what they do not read."""

from __future__ import annotations

import functools
import inspect
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from fastapi import APIRouter, Depends, Request, Response, params
from fastapi._compat import ModelField, field_annotation_is_sequence
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app.errors import QueryRefused, UnsupportedMediaType


def is_json(content_type: str) -> bool:
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


def is_multipart(content_type: str) -> bool:
    return content_type.partition(";")[0].strip().lower() == "multipart/form-data"


class JsonBodyRoute(APIRoute):
    """A body in another media type than the JSON the operation reads is a 415 (RFC 9110 §15.5.16),
    not a 422 about the fields of a text: the client learns what to send (`Accept-Post`/`Accept-Patch`).
    A body without `Content-Type` is read as JSON, as FastAPI does. An operation that also takes a
    multipart upload (`Router.multipart`) hands such a body to its second endpoint, which streams it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None or isinstance(self.body_field.field_info, params.Form):
            return handler

        async def checked(request: Request) -> Response:
            content_type = request.headers.get("content-type")
            # On the endpoint, not the route: the app's copy of the route (include_router) shares only that.
            multipart = getattr(self.endpoint, "multipart", None)
            if multipart is not None and content_type is not None and is_multipart(content_type):
                return await multipart(request)
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
        if self.include_in_schema and kwargs.get("include_in_schema", True):
            kwargs["dependencies"] = [Depends(refuse_undeclared_query), *(kwargs.get("dependencies") or [])]
        super().add_api_route(path, endpoint, **kwargs)

    def multipart(self, path: str, endpoint: Callable[..., Any]) -> None:
        """A second endpoint for the POST at `path` (declared already, with JSON) when the body is
        multipart/form-data: same answer, status and dependencies; its body declared in the first's
        `openapi_extra`."""
        route = next(
            r
            for r in self.routes
            if isinstance(r, JsonBodyRoute) and r.path == self.prefix + path and "POST" in (r.methods or ())
        )
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _in_thread_pool(endpoint)
        route.endpoint.multipart = APIRoute(  # type: ignore[attr-defined]
            route.path,
            endpoint,
            methods=["POST"],
            status_code=route.status_code,
            response_model=route.response_model,
            dependencies=route.dependencies,
            include_in_schema=False,
        ).get_route_handler()


def _in_thread_pool(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)  # FastAPI reads the parameters and annotations of the wrapped function
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


def declared_query(dependant: Dependant) -> Iterator[ModelField]:
    """The query parameters a route reads, its dependencies' included."""
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from declared_query(sub)


def refuses_undeclared_query(route: APIRoute) -> bool:
    """Whether the route answers an undeclared or repeated query parameter with a 400 (the API's operations)."""
    return route.include_in_schema


def _refused(name: str, message: str, code: str, message_nb: str) -> dict[str, str]:
    return {"field": f"query.{name}", "message": message, "code": code, "message_nb": message_nb, "type": code}


async def refuse_undeclared_query(request: Request) -> None:
    """400 for each query parameter the route does not declare, and for one it takes once given more
    than once (a parameter declared as a list takes each repeat as one more value). `async`: no trip
    to the thread pool; a request without a query string costs nothing."""
    if not request.scope["query_string"]:
        return
    declared = {field.alias: field for field in declared_query(request.scope["route"].dependant)}
    errors = []
    for name, times in Counter(name for name, _ in request.query_params.multi_items()).items():
        field = declared.get(name)
        if field is None:
            takes = ", ".join(f"`{n}`" for n in sorted(declared)) or "none"
            message = f"not a parameter of this operation (it takes {takes})"
            message_nb = f"{name} er ikke en parameter denne operasjonen tar imot."
            errors.append(_refused(name, message, "unknown_parameter", message_nb))
        elif times > 1 and not field_annotation_is_sequence(field.field_info.annotation):
            message = f"given {times} times; it takes one value (where it says so, several separated by commas)"
            message_nb = f"{name} er oppgitt {times} ganger, men tar bare én verdi."
            errors.append(_refused(name, message, "repeated_parameter", message_nb))
    if errors:
        raise QueryRefused(errors)
