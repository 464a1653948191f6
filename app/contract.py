"""How the OpenAPI document names, describes and completes the operations, so that generated clients
get stable, readable names (`cases_list`, `cases_get`, `cases_transition`) and integrators read
who may call each one."""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.auth.policy import POLICY
from app.errors import document_problems
from app.http import document_headers
from app.pagination import Page

API_PREFIX = "/api/v1/"

TAGS = [
    {"name": "organizations", "description": "The register of agencies and other organizations in the arrangement."},
    {"name": "persons", "description": "People who sit in the bodies; e-mail addresses only for those entitled."},
    {"name": "bodies", "description": "Topplederforumet, the AU, the project board and the subcommittees, "
                                      "with their lifecycle."},
    {"name": "memberships", "description": "Seats in the bodies: role, term, deputies."},
    {"name": "cases", "description": "Cases the AU prepares for the forum, numbered per body and year, with "
                                     "their lifecycle and documents."},
    {"name": "documents", "description": "Case presentations, knowledge bases, minutes, reports; "
                                         "published when marked public."},
    {"name": "meetings", "description": "Meetings of a body, their agenda (sakliste), minutes and lifecycle."},
    {"name": "decisions", "description": "What a meeting decided, and the AU's follow-up."},
    {"name": "subcommittees", "description": "Temporary subcommittees the forum establishes, and their deliveries."},
    {"name": "annual plans", "description": "The forum's adopted annual plans."},
    {"name": "rules", "description": "The governance rule catalogue and the compliance check of the invariants."},
    {"name": "audit", "description": "The append-only log of every change."},
    {"name": "policy", "description": "Who may do what: the permission table."},
    {"name": "public", "description": "The published record, for anyone and without credentials."},
    {"name": "health", "description": "Liveness and readiness probes."},
]

# What an operation does to its resource, by method and whether the path ends at one item.
VERBS = {("GET", False): "list", ("GET", True): "get", ("POST", False): "create", ("POST", True): "create",
         ("PATCH", True): "update", ("PUT", True): "replace", ("DELETE", True): "delete"}


def operation_id(route: APIRoute) -> str:
    """`<resource>_<verb>`: the path's literal segments after /api/v1, then list/get/create/update/delete;
    a GET of a collection that is not a list (e.g. /compliance, /health) is a `get`."""
    segments = route.path_format.removeprefix(API_PREFIX).strip("/").split("/")
    resource = "_".join(s for s in segments if not s.startswith("{")).replace("-", "_").replace(".", "_")
    (method,) = list(route.methods or ())
    is_list = isinstance(route.response_model, type) and issubclass(route.response_model, Page)
    verb = VERBS[method, segments[-1].startswith("{") or (method == "GET" and not is_list)]
    return f"{resource}_{verb}"


def _permission(route: APIRoute) -> str | None:
    """The permission the route declared with `permit(...)`, on the route or its router."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if permission := getattr(dependency.call, "permission", None):
            return permission
        pending.extend(dependency.dependencies)
    return None


def name_and_describe(routers: list[APIRouter]) -> None:
    """Every operation gets its id (unless the route names it) and a description that ends with the
    permission it needs and who holds it. Runs on the routers before the app includes them."""
    for route in (r for router in routers for r in router.routes):
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        permission = _permission(route)
        if permission is None:
            raise RuntimeError(f"{route.path} declares no permission")
        who = f"Permission `{permission}`: {POLICY[permission].description} (see `GET /api/v1/policy`)."
        route.operation_id = route.operation_id or operation_id(route)
        # From the docstring each time: the routers are module-level, and apps are created more than once.
        route.description = "\n\n".join(p for p in (inspect.cleandoc(route.endpoint.__doc__ or ""), who) if p)


def _name_pages(schema: dict[str, Any]) -> dict[str, Any]:
    """`CaseOutPage` rather than pydantic's `Page_CaseOut_`: a name a generated client can use."""
    text = re.sub(r'"(#/components/schemas/)?Page_(\w+?)_"', r'"\1\2Page"', json.dumps(schema))
    text = re.sub(r'"title": "Page\[(\w+)\]"', r'"title": "\1Page"', text)  # generators name classes by title
    return json.loads(text)


def _declare_open_operations(schema: dict[str, Any]) -> dict[str, Any]:
    """Operations without a token say so (`security: []`) instead of leaving it unsaid."""
    for ops in schema["paths"].values():
        for op in ops.values():
            op.setdefault("security", [])
    return schema


def _allowed_methods(schema: dict[str, Any]) -> list[tuple[re.Pattern[str], set[str]]]:
    out = []
    for template, ops in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        methods = {m.upper() for m in ops}
        out.append((pattern, methods | ({"HEAD"} if "GET" in methods else set())))
    return out


def answer_405_with_allow(app: FastAPI) -> None:
    """A 405 names every method the path has (RFC 9110 §15.5.6), from the document: the router
    names only those of the first route whose path matched."""
    table: list[tuple[re.Pattern[str], set[str]]] = []
    answer = app.exception_handlers[StarletteHTTPException]

    async def with_allow(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            if not table:
                table.extend(_allowed_methods(app.openapi()))
            methods = set((exc.headers or {}).get("Allow", "").replace(" ", "").split(",")) - {""}
            methods |= {m for pattern, ms in table if pattern.match(request.url.path) for m in ms}
            exc.headers = {**(exc.headers or {}), "Allow": ", ".join(sorted(methods))}
        response = answer(request, exc)
        return await response if inspect.isawaitable(response) else response

    app.exception_handler(StarletteHTTPException)(with_allow)


def complete_openapi(app: FastAPI) -> None:
    """Problems, headers and open operations added to the generated document."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _declare_open_operations(_name_pages(document_headers(document_problems(generate()))))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
