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

from app.audit.schemas import AUDIT_ACTION_EXTENSION, AUDIT_ACTIONS
from app.auth.policy import POLICY, is_read
from app.config import DEFAULT_SCOPES
from app.errors import (
    DomainError,
    MalformedBody,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    document_problems,
)
from app.governance.engine import RuleEngine
from app.governance.transitions import WORKFLOW_EXTENSION
from app.http import document_headers
from app.pagination import Page
from app.publication.einnsyn.schemas import OMITS_EMPTY

API_PREFIX = "/api/v1/"

TAGS = [
    {"name": "organizations", "description": "The register of agencies and other organizations in the arrangement."},
    {"name": "persons", "description": "People who sit in the bodies; e-mail addresses only for those entitled."},
    {
        "name": "bodies",
        "description": "Topplederforumet, the AU, the project board and the subcommittees, with their lifecycle.",
    },
    {"name": "memberships", "description": "Seats in the bodies: role, term, deputies."},
    {
        "name": "cases",
        "description": "Cases the AU prepares for the forum, numbered per body and year, with "
        "their lifecycle and documents.",
    },
    {
        "name": "documents",
        "description": "Case presentations, knowledge bases, minutes, reports; published when marked public.",
    },
    {"name": "meetings", "description": "Meetings of a body, their agenda (saksliste), minutes and lifecycle."},
    {"name": "decisions", "description": "What a meeting decided, and the AU's follow-up."},
    {"name": "subcommittees", "description": "Temporary subcommittees the forum establishes, and their deliveries."},
    {"name": "annual plans", "description": "The forum's adopted annual plans."},
    {"name": "rules", "description": "The governance rule catalogue and the compliance check of the invariants."},
    {"name": "audit", "description": "The append-only log of every change."},
    {"name": "policy", "description": "Who may do what: the permission table."},
    {
        "name": "sign-in",
        "description": "The staff app's sign-in (a session cookie, see README) and who the caller is (`/me`).",
    },
    {
        "name": "webhooks",
        "description": "Signed event notifications (Standard Webhooks) to the agencies' own "
        "systems, with a delivery log and redelivery.",
    },
    {
        "name": "mail",
        "description": "E-mail to persons (meeting invitations with calendar entries), sent by the worker: "
        "what was sent, refused or skipped, for the secretariat.",
    },
    {"name": "public", "description": "The published record, for anyone and without credentials."},
    {"name": "health", "description": "Liveness and readiness probes."},
]

# What an operation does to its resource, by method and whether the path ends at one item.
VERBS = {
    ("GET", False): "list",
    ("GET", True): "get",
    ("POST", False): "create",
    ("POST", True): "create",
    ("PATCH", True): "update",
    ("PUT", True): "replace",
    ("PUT", False): "update",  # a sub-resource replaced whole: a meeting's attendance
    ("DELETE", True): "delete",
}


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
    """`CaseOutPage` rather than pydantic's `Page_CaseOut_` (and `PublicDecisionTwoWayPage`): a name a
    generated client can use."""
    text = re.sub(r'"(#/components/schemas/)?((?:TwoWay)?Page)_(\w+?)_"', r'"\1\3\2"', json.dumps(schema))
    text = re.sub(
        r'"title": "((?:TwoWay)?Page)\[(\w+)\]"', r'"title": "\2\1"', text
    )  # generators name classes by title
    return json.loads(text)


def _declare_open_operations(schema: dict[str, Any]) -> dict[str, Any]:
    """Operations without a token say so (`security: []`) instead of leaving it unsaid."""
    for ops in schema["paths"].values():
        for op in ops.values():
            op.setdefault("security", [])
    return schema


READ_SCOPE, WRITE_SCOPE = DEFAULT_SCOPES["system"]
# The schemes of JWTs from trusted issuers (SAMORDNING_ISSUERS). Each deployment names its own issuers
# and scopes; the document shows the national ones and the default scope names.
JWT_SCHEMES = {
    "Maskinporten": {
        "type": "oauth2",
        "description": "An agency's system: a Maskinporten access token (or another OAuth2 client credentials "
        "token the deployment trusts) whose `consumer` is the agency's organization number. It "
        "may do what the agency's active representatives may; the read scope only reads.",
        "flows": {
            "clientCredentials": {
                "tokenUrl": "https://maskinporten.no/token",
                "scopes": {
                    READ_SCOPE: "Read what the organization's representatives may read",
                    WRITE_SCOPE: "Do what the organization's representatives may do",
                },
            }
        },
    },
    # A bearer JWT rather than an `openIdConnect` scheme: Swagger UI fetches that scheme's discovery
    # URL when the docs load, and the docs load nothing from elsewhere (nor does the provider vary less
    # than per deployment: `SAMORDNING_ISSUERS` names it).
    "EmployeeJWT": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An employee signed in with an OpenID Connect provider the deployment trusts (Ansattporten, "
        "an Entra ID tenant): the ID or access token's e-mail claim names a registered person, whose "
        "memberships give the rights.",
    },
}


def _declare_jwt_schemes(schema: dict[str, Any], routes: list[Any]) -> dict[str, Any]:
    """Every operation that takes a token also takes a JWT; a system's needs the scope its permission does."""
    schema.setdefault("components", {}).setdefault("securitySchemes", {}).update(JWT_SCHEMES)
    for route in routes:
        if not isinstance(route, APIRoute) or route.path_format not in schema["paths"]:
            continue
        scope = READ_SCOPE if is_read(_permission(route) or "") else WRITE_SCOPE
        for method in route.methods or ():
            op = schema["paths"][route.path_format].get(method.lower())
            if op and op.get("security"):
                op["security"] += [{"Maskinporten": [scope]}, {"EmployeeJWT": []}]
    return schema


def _allowed_methods(schema: dict[str, Any]) -> list[tuple[re.Pattern[str], set[str]]]:
    """Each path template as a pattern with its methods, the most literal first: a path that matches a
    template with fewer parameters (`…/agenda/revisions`) is that one, not `…/agenda/{item_id}`."""
    out = []
    for template, ops in sorted(schema["paths"].items(), key=lambda item: item[0].count("{")):
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        out.append((pattern, {m.upper() for m in ops}))
    return out


def answer_http_errors(app: FastAPI) -> None:
    """The router's own refusals as the problems the domain raises, one type per condition: an unknown
    path is `not-found` like an unknown id, a body over the limit `payload-too-large` however it was
    sent, an unreadable one `malformed-json`. A 405 names every method the path has (RFC 9110
    §15.5.6), from the document: the router names only those of the first route whose path matched;
    and a plain OPTIONS of such a path is answered with them (§9.3.7)."""
    table: list[tuple[re.Pattern[str], set[str]]] = []
    answer = app.exception_handlers[StarletteHTTPException]
    domain = app.exception_handlers[DomainError]

    def allowed(request: Request, exc: StarletteHTTPException) -> str:
        if not table:
            table.extend(_allowed_methods(app.openapi()))
        methods = set((exc.headers or {}).get("Allow", "").replace(" ", "").split(",")) - {""}
        methods |= next((ms for pattern, ms in table if pattern.match(request.url.path)), set())
        methods |= {"HEAD"} if "GET" in methods else set()  # http.HeadAsGet answers it
        return ", ".join(sorted(methods | {"OPTIONS"}))

    async def as_problem(request: Request, exc: StarletteHTTPException) -> Response:
        error: DomainError | None = None
        if exc.status_code == 405:
            allow = allowed(request, exc)
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": allow})
            error = MethodNotAllowed(f"{request.url.path} takes {allow}, not {request.method}.", allow)
        elif exc.status_code == 404:
            path = request.url.path
            slash = " (no path ends with a slash)" if path.endswith("/") and path != "/" else ""
            error = NotFound(f"Nothing at {path}; /openapi.json lists the paths{slash}.")
        elif exc.status_code == 413:
            error = PayloadTooLarge(str(exc.detail))
        elif exc.status_code == 400:  # FastAPI's body parser: bytes it could not decode
            error = MalformedBody("The body could not be decoded: JSON is UTF-8 text.")
        response = domain(request, error) if error else answer(request, exc)
        return await response if inspect.isawaitable(response) else response

    app.exception_handler(StarletteHTTPException)(as_problem)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _typed_copy(components: dict[str, Any], generic: str, prefix: str, fields: dict[str, Any]) -> str:
    """`<Prefix><Generic>`: the generic schema with these fields typed for one workflow."""
    name = prefix + generic
    copy = json.loads(json.dumps(components[generic]))
    copy["title"] = name
    for field, typed in fields.items():
        description = copy["properties"][field].get("description")
        copy["properties"][field] = typed | ({"description": description} if description else {})
    components[name] = copy
    return name


def _name_transitions(schema: dict[str, Any], engine: RuleEngine) -> dict[str, Any]:
    """A transition's name is an enum of the workflow's transitions as the rules declare them
    (`CaseTransitionName`), not any string; the listing's and the dry run's names and states are typed
    with it and the workflow's state enum (`CaseTransitionList`, `CaseDryRunResult`)."""
    generic = ("TransitionList", "TransitionOption", "DryRunResult")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for ops in schema["paths"].values():
        for op in ops.values():
            workflow = op.pop(WORKFLOW_EXTENSION, None)
            if workflow is None:
                continue
            prefix, states = workflow["name"].title(), _ref(workflow["states"])
            names = f"{prefix}TransitionName"
            components[names] = {
                "type": "string",
                "title": names,
                "enum": sorted(engine.workflow(workflow["name"]).transitions),
                "description": f"A transition of the {workflow['name']} lifecycle (`rules/`).",
            }
            option = _typed_copy(
                components, "TransitionOption", prefix, {"name": _ref(names), "from": states, "to": states}
            )
            listing = _typed_copy(
                components,
                "TransitionList",
                prefix,
                {"state": states, "transitions": {"type": "array", "items": _ref(option)}},
            )
            dry_run = _typed_copy(components, "DryRunResult", prefix, {"transition": _ref(names)})
            answer = op["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
            # `dry_run`, true or false (`const`) and required, tells the two answers apart. The keyword
            # `discriminator` maps strings only: openapi-typescript would type `dry_run` as "false".
            answer.pop("discriminator", None)
            text = json.dumps(op["responses"])
            for old, new in (("TransitionList", listing), ("DryRunResult", dry_run)):
                text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
            op["responses"] = json.loads(text)
            for param in op["parameters"]:
                if param["in"] == "path" and param["name"] == "name":
                    param["schema"] = _ref(names)
    for name in generic:
        components.pop(name, None)
    return schema


def _name_audit_actions(schema: dict[str, Any], engine: RuleEngine) -> dict[str, Any]:
    """An audit event's action is one the code logs or a transition the rules declare: the enum `AuditAction`."""
    components = schema["components"]["schemas"]
    transitions = {name for workflow in engine.workflows.values() for name in workflow.transitions}
    components["AuditAction"] = {
        "type": "string",
        "title": "AuditAction",
        "enum": sorted(set(AUDIT_ACTIONS) | transitions),
        "description": "What an audit event did: `create`, `update`, a lifecycle's transition (`rules/`) …",
    }
    for component in components.values():
        for name, field in component.get("properties", {}).items():
            if field.pop(AUDIT_ACTION_EXTENSION, False):
                component["properties"][name] = _ref("AuditAction")
    return schema


def _answered_with_2xx(schema: dict[str, Any]) -> dict[str, Any]:
    """A receiver of a webhook answers 2xx or the delivery is retried: FastAPI's 422 is not theirs."""
    for ops in schema.get("webhooks", {}).values():
        for op in ops.values():
            op["responses"] = {code: r for code, r in op["responses"].items() if code.startswith("2")}
    return schema


def referenced_schemas(schema: dict[str, Any], parts: Any) -> set[str]:
    """The component schemas these parts of the document use, directly or through others."""
    components, found = schema.get("components", {}).get("schemas", {}), set()
    pending = re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(parts))
    while pending:
        if (name := pending.pop()) not in found:
            found.add(name)
            pending += re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(components[name]))
    return found


def _required_sent_optional_received(schema: dict[str, Any]) -> dict[str, Any]:
    """A response's model is sent whole, so each of its fields is `required`; a request's field with a
    default may be left out, and its default is said in words: generators (openapi-typescript's
    defaults) make a field with a `default` required to send. Runs before the problems are added,
    whose `errors` and `violations` are sent only when they apply, and the eInnsyn nodes, built by hand."""
    ops = [op for ops in schema["paths"].values() for op in ops.values()]
    received = referenced_schemas(schema, [[op.get("requestBody"), op.get("parameters")] for op in ops])
    sent = referenced_schemas(schema, [op.get("responses") for op in ops]) - received
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        fields = component.get("properties", {})
        if name in sent and fields and not component.get(OMITS_EMPTY):
            component["required"] = list(fields)
        elif name in received:
            for field in fields.values():
                if "default" in field and not field.get("readOnly"):
                    default = json.dumps(field.pop("default"), ensure_ascii=False)
                    field["description"] = " ".join(filter(None, (field.get("description"), f"Left out: `{default}`.")))
    return schema


def complete_openapi(app: FastAPI, routers: list[APIRouter]) -> None:
    """Problems, headers, open operations, transition names and JWT schemes added to the generated document."""
    generate = app.openapi
    engine: RuleEngine = app.state.engine

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            generated = _required_sent_optional_received(generate())
            completed = _name_audit_actions(_answered_with_2xx(generated), engine)
            completed = _name_transitions(_name_pages(document_headers(document_problems(completed))), engine)
            schema = _declare_open_operations(completed)
            app.openapi_schema = _declare_jwt_schemes(schema, [r for router in routers for r in router.routes])
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
