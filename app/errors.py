"""Typed domain errors, mapped once to RFC 9457 problem responses."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from copy import deepcopy
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.db import is_statement_timeout
from app.governance.schemas import RuleReport
from app.observability import REQUEST_ID_HEADER, current_request_id

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://samordning.itryggehender24-7.no/problems/"


class DomainError(Exception):
    """`detail` in English for the log and the developer; `detail_nb` for the person who met it, by
    default what DETAIL_NB says of the status."""

    status = 400
    slug = "bad-request"
    title = "Bad request"
    headers: dict[str, str] | None = None

    def __init__(self, detail: str, detail_nb: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_nb = detail_nb
        self.extra = extra


class NotFound(DomainError):
    status, slug, title = 404, "not-found", "Not found"


class Unauthorized(DomainError):
    status, slug, title = 401, "unauthorized", "Authentication required"
    headers = {"WWW-Authenticate": "Bearer"}


class InvalidToken(Unauthorized):
    """A bearer token that cannot be accepted; the reason goes to the caller (RFC 6750 §3)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"The bearer token is not accepted: {reason}.")
        # error_description allows printable ASCII without `"` and `\\`; the reason may quote the token.
        description = re.sub(r'[^\x20-\x7e]|["\\]', "?", reason)
        self.headers = {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{description}"'}


class InvalidSession(Unauthorized):
    """A staff app session cookie that names no running session."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The sign-in session is not accepted: {reason}; sign in again.",
            "Innloggingen er ikke gyldig lenger. Logg inn på nytt.",
        )


class SignInFailed(DomainError):
    """The provider's answer to a staff app sign-in cannot be accepted (app/sessions/oidc.py)."""

    status, slug, title = 400, "sign-in-failed", "Sign-in failed"


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", "Not allowed"


class CsrfRefused(Forbidden):
    """A change sent with the session cookie that a page of this service did not send (app/sessions/csrf.py)."""

    status, slug, title = 403, "csrf", "Cross-site request refused"

    def __init__(self, detail: str) -> None:
        super().__init__(
            detail, "Endringen ble avvist fordi den ikke kom fra en side i tjenesten. Last siden på nytt og prøv igjen."
        )


class InsufficientScope(Forbidden):
    """A valid token whose scopes do not cover the request (RFC 6750 §3.1)."""

    def __init__(self, detail: str, scope: str) -> None:
        super().__init__(detail, f"Tokenet gir ikke tilgang til dette: det mangler scopet {scope}.")
        self.headers = {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'}


class ServiceUnavailable(DomainError):
    status, slug, title = 503, "service-unavailable", "Service unavailable"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict"


class PreconditionFailed(DomainError):
    status, slug, title = 412, "precondition-failed", "Precondition failed"


class PreconditionRequired(DomainError):
    """A change of a versioned resource without `If-Match` (RFC 6585): it could overwrite another's."""

    status, slug, title = 428, "precondition-required", "Precondition required"


class PayloadTooLarge(DomainError):
    status, slug, title = 413, "payload-too-large", "Request body too large"


class MalformedBody(DomainError):
    """A body that is not readable JSON: broken syntax, or bytes that are not UTF-8 (RFC 8259 §8.1)."""

    status, slug, title = 400, "malformed-json", "Bad request"

    def __init__(self, message: str) -> None:
        super().__init__(
            "The body is not readable JSON.", errors=[{"field": "body", "message": message, "type": "json_invalid"}]
        )


class MethodNotAllowed(DomainError):
    """A path that exists, asked with a method it does not take; `Allow` names those it does."""

    status, slug, title = 405, "method-not-allowed", "Method not allowed"

    def __init__(self, detail: str, allow: str) -> None:
        super().__init__(detail)
        self.headers = {"Allow": allow}


class UnsupportedMediaType(DomainError):
    """A body in a media type the operation does not read (JSON sent as `text/plain`, say)."""

    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"

    def __init__(self, detail: str, accept: Mapping[str, str]) -> None:
        super().__init__(detail)
        self.headers = dict(accept)


class CorsRefused(Forbidden):
    """A CORS preflight from an origin, or for a method or header, that the path does not allow."""

    status, slug, title = 403, "cors-refused", "Cross-origin request refused"


class HostRefused(DomainError):
    """A `Host` outside SAMORDNING_ALLOWED_HOSTS: answers name the host they were asked at in their links."""

    status, slug, title = 400, "host-refused", "Host not allowed"


class InvalidInput(DomainError):
    """Semantically malformed input that schema validation cannot see (422); `where` is the part of
    the request the field is in (`body`, `query`), as in schema validation's field names."""

    status, slug, title = 422, "validation-error", "Invalid input"

    def __init__(
        self, field: str, message: str, where: str = "body", code: str = "invalid", message_nb: str | None = None
    ) -> None:
        path = f"{where}.{field}"
        message_nb = message_nb or f"Verdien av {field} kan ikke brukes her."
        error = {"field": path, "message": message, "code": code, "message_nb": message_nb}
        super().__init__(f"{path}: {message}", message_nb, errors=[error])


class QueryRefused(DomainError):
    """A query parameter the operation does not take, or one it takes once given more than once: a
    client that misspells a filter must not get the whole list back. `errors` names each."""

    status, slug, title = 400, "query-refused", "Bad request"

    def __init__(self, errors: list[dict[str, str]]) -> None:
        fields = ", ".join(e["field"] for e in errors)
        names = ", ".join(e["field"].removeprefix("query.") for e in errors)
        super().__init__(f"Query parameters refused: {fields}", f"Spørringen kan ikke brukes: {names}.", errors=errors)


class RuleViolation(DomainError):
    """A governance rule of severity error rejected the request."""

    status, slug, title = 409, "rule-violation", "Governance rule violated"

    def __init__(self, violations: list[dict[str, Any]]) -> None:
        rules = ", ".join(v["rule"] for v in violations)
        reasons = " ".join(v["message_nb"] for v in violations)
        super().__init__(
            f"Rejected by governance rules: {rules}",
            f"Avvist etter reglene for ordningen: {reasons}",
            # Whole, as `warnings` are: the schema's every field, null where a rule has nothing to say.
            violations=[RuleReport.model_validate(v).model_dump(mode="json") for v in violations],
        )


class FieldError(BaseModel):
    field: str = Field(
        examples=["body.starts_at", "query.limit"],
        description="Where the field is (`body`, `query`, `path`, `header`), then its name and, within "
        "lists, its index: `body.responsibilities.0`. `body` alone: the body as a whole.",
    )
    message: str
    code: str = Field(
        examples=["missing", "string_too_long", "invalid", "taken"],
        description="What is wrong, as a stable machine code: pydantic's error type for schema validation "
        "(`missing`, `string_too_long`, `uuid_parsing`, …), `invalid` for a value the service refuses, "
        "`taken` for a value that must be unique (409), `unknown_parameter` and `repeated_parameter` for a "
        "query parameter refused (400).",
    )
    message_nb: str = Field(description="The message in Norwegian bokmål, to show a person as it is.")
    type: str | None = Field(None, description="Schema validation only: the same as `code` (kept for old clients).")


class Problem(BaseModel):
    """An RFC 9457 problem (`application/problem+json`): every error response of the API."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=[PROBLEM_BASE + "validation-error"])
    title: str
    status: int
    detail: str = Field(
        description="What went wrong: in English, or in bokmål when the request's `Accept-Language` prefers "
        "Norwegian (`nb`, `no`, `nn`; the response then says `Content-Language: nb`)."
    )
    detail_nb: str = Field(description="What went wrong in Norwegian bokmål, for a person to read.")
    errors: list[FieldError] | None = Field(
        None,
        description="The fields at fault, in every `validation-error` (422), `query-refused` and `malformed-json` "
        "(400), and in a `conflict` (409) about one field (a value that must be unique); left out otherwise.",
    )
    violations: list[RuleReport] | None = Field(
        None, description="The governance rules that rejected it, in every `rule-violation` (409); left out otherwise."
    )
    request_id: str | None = Field(
        None,
        examples=["6f1c0d2e9b7a4c3f8e5d2a1b0c9f8e7d"],
        description="The request's id, as in its `X-Request-ID` response header and the server's log lines.",
    )


# What a problem says in bokmål when the code that raised it has nothing more particular to say.
DETAIL_NB = {
    400: "Forespørselen kunne ikke leses.",
    401: "Du må logge inn for å gjøre dette.",
    403: "Du har ikke tilgang til å gjøre dette.",
    404: "Fant ikke det du ba om. Det kan være slettet, ikke publisert ennå, eller adressen kan være feil.",
    405: "Adressen tar ikke imot denne typen forespørsel.",
    409: "Endringen passer ikke med det som er registrert nå. Last inn på nytt og se hva som gjelder.",
    412: "Noen andre har endret dette etter at du hentet det. Last inn på nytt, og gjør endringen igjen.",
    413: "Innholdet er større enn tjenesten tar imot.",
    415: "Innholdet må sendes som JSON (application/json).",
    422: "Noen av verdiene er ikke gyldige.",
    428: "Endringen må sendes med versjonen du endrer (If-Match), så du ikke overskriver noe du ikke har sett.",
    500: "Det oppstod en uventet feil hos oss. Prøv igjen om litt.",
    503: "Tjenesten er ikke tilgjengelig akkurat nå. Prøv igjen om litt.",
}
# A field error in bokmål by its code (pydantic's error type); `{…}` are the error's context values.
FIELD_NB = {
    "invalid": "Verdien kan ikke brukes her.",
    "taken": "Verdien er allerede i bruk.",
    "missing": "Feltet må fylles ut.",
    "extra_forbidden": "Feltet er ukjent og kan ikke sendes med.",
    "json_invalid": "Innholdet er ikke gyldig JSON.",
    "json_type": "Innholdet må være JSON.",
    "model_type": "Innholdet må være et JSON-objekt.",
    "model_attributes_type": "Innholdet må være et JSON-objekt.",
    "dict_type": "Verdien må være et JSON-objekt.",
    "list_type": "Verdien må være en liste.",
    "string_type": "Verdien må være tekst.",
    "string_too_short": "Teksten må ha minst {min_length} tegn.",
    "string_too_long": "Teksten kan ha høyst {max_length} tegn.",
    "string_pattern_mismatch": "Teksten har ikke riktig form.",
    "too_short": "Listen må ha minst {min_length} elementer.",
    "too_long": "Listen kan ha høyst {max_length} elementer.",
    "int_type": "Verdien må være et heltall.",
    "int_parsing": "Verdien må være et heltall.",
    "int_from_float": "Verdien må være et heltall.",
    "float_type": "Verdien må være et tall.",
    "float_parsing": "Verdien må være et tall.",
    "bool_type": "Verdien må være true eller false.",
    "bool_parsing": "Verdien må være true eller false.",
    "greater_than": "Verdien må være større enn {gt}.",
    "greater_than_equal": "Verdien må være minst {ge}.",
    "less_than": "Verdien må være mindre enn {lt}.",
    "less_than_equal": "Verdien kan være høyst {le}.",
    "uuid_type": "Verdien må være en id (UUID).",
    "uuid_parsing": "Verdien må være en id (UUID).",
    "date_type": "Verdien må være en dato (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Verdien må være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_parsing": "Verdien må være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_inexact": "Verdien må være en dato uten klokkeslett.",
    "datetime_type": "Verdien må være et tidspunkt (ISO 8601).",
    "datetime_parsing": "Verdien må være et tidspunkt (ISO 8601).",
    "datetime_from_date_parsing": "Verdien må være et tidspunkt (ISO 8601).",
    "timezone_aware": "Tidspunktet må ha tidssone (for eksempel +01:00 eller Z).",
    "enum": "Verdien må være en av disse: {expected}.",
    "literal_error": "Verdien må være en av disse: {expected}.",
    "url_parsing": "Verdien må være en nettadresse.",
    "url_scheme": "Nettadressen må begynne med {expected_schemes}.",
    "url_type": "Verdien må være en nettadresse.",
    "value_error": "Verdien kan ikke brukes her.",
    "assertion_error": "Verdien kan ikke brukes her.",
}


def field_nb(code: str, context: Mapping[str, Any] | None = None) -> str:
    """A field error in bokmål; an unknown code or context reads as the general message."""
    # pydantic lists the allowed values in English: «'a', 'b' or 'c'».
    values = {k: str(v).replace(" or ", " eller ") for k, v in (context or {}).items()}
    try:
        return FIELD_NB.get(code, FIELD_NB["invalid"]).format(**values)
    except (KeyError, IndexError):
        return FIELD_NB["invalid"]


def prefers_nb(request: Request) -> bool:
    """Whether the request's Accept-Language puts Norwegian before English (RFC 9110 §12.5.4)."""
    ranked = []
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if q > 0 and primary in ("nb", "no", "nn", "en", "*"):
            ranked.append((-q, position, primary))
    return bool(ranked) and min(ranked)[2] in ("nb", "no", "nn")


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    *,
    detail_nb: str | None = None,
    nb: bool = False,
    **extra: Any,
) -> JSONResponse:
    """The problem response; every one of them carries `detail_nb`, and each field error a `code` and
    a `message_nb`. With `nb` (the request prefers Norwegian) `detail` is in bokmål too."""
    detail_nb = detail_nb or DETAIL_NB.get(status, DETAIL_NB[500 if status >= 500 else 400])
    if "errors" in extra:
        fallback = "taken" if status == 409 else "invalid"
        extra["errors"] = [
            {**e, "code": code, "message_nb": e.get("message_nb") or field_nb(code)}
            for e in extra["errors"]
            for code in [e.get("code") or e.get("type") or fallback]
        ]
    body = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail_nb if nb else detail,
        "detail_nb": detail_nb,
        **extra,
    }
    headers = {**(headers or {}), "Vary": "Accept-Language"}
    if nb:
        headers["Content-Language"] = "nb"
    if (request_id := current_request_id()) is not None:
        body["request_id"] = request_id
        # A 500 is answered outside the middleware that sets this header on every other response.
        headers[REQUEST_ID_HEADER] = request_id
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "body"


# Problems any operation may answer with, by what the operation has (see _problem_statuses).
PROBLEM_RESPONSES = {
    400: "The query names a parameter the operation does not take, or repeats one it takes once "
    "(`errors` names it); or the body is not readable JSON; or the `Host` is not one the service answers "
    "at (`host-refused`).",
    401: "No valid bearer token.",
    403: "The principal may not do this.",
    404: "No resource with this id.",
    409: "Rejected by a governance rule (`violations`), a uniqueness constraint or the current state.",
    412: "`If-Match` does not match the current `ETag`.",
    428: "`If-Match` is missing: send the `ETag` of the copy being changed.",
    413: "The body is larger than the server accepts.",
    415: "The body is not `application/json`.",
    422: "Malformed input; `errors` names each field.",
    500: "An unexpected error (`internal-error`); `request_id` finds it in the server's log.",
    503: "The database did not answer (`database-unavailable`), or the request ran longer than the service "
    "allows (`statement-timeout`, with `Retry-After`): try again.",
}
# Problem types the handlers below answer without a DomainError class of their own.
HANDLER_PROBLEMS = {"statement-timeout": 503, "database-unavailable": 503, "internal-error": 500}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _problem_statuses(path: str, method: str, op: dict[str, Any]) -> set[int]:
    params = op.get("parameters", [])
    codes = {int(code) for code in op.get("responses", {}) if code.isdigit() and int(code) >= 400}
    codes.add(400)  # every operation refuses a query parameter it does not declare (app/routing.py)
    codes |= {500, 503}  # every operation may meet a bug or a database that does not answer
    if params or "requestBody" in op:
        codes.add(422)
    if "requestBody" in op:
        codes |= {400, 413, 415}
    if op.get("security"):
        codes |= {401, 403}
    if "{" in path:
        codes.add(404)
    if method in WRITE_METHODS:
        codes.add(409)
    if any(p["in"] == "header" and p["name"].lower() == "if-match" for p in params):
        codes |= {412, 428}
    return codes


def problem_types() -> dict[str, int]:
    """Every problem `type` the service answers (its slug after PROBLEM_BASE) with its status: one
    type per condition, whichever layer meets it."""
    found, pending = dict(HANDLER_PROBLEMS), list(DomainError.__subclasses__())
    while pending:
        cls = pending.pop()
        found[cls.slug] = cls.status
        pending.extend(cls.__subclasses__())
    return dict(sorted(found.items(), key=lambda item: (item[1], item[0])))


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Declares the problem responses each operation can give, so that their status codes and
    `application/problem+json` bodies are part of the contract."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    for name, sub in problem_schema.pop("$defs", {}).items():
        components.setdefault(name, sub)
    for field in ("errors", "violations"):  # left out when they do not apply, never null
        typed = problem_schema["properties"][field]
        typed |= next(s for s in typed.pop("anyOf") if s.get("type") == "array")
        del typed["default"]
    listed = ", ".join(f"`{slug}` ({status})" for slug, status in problem_types().items())
    problem_schema["properties"]["type"]["description"] = (
        f"One type per condition, `{PROBLEM_BASE}` followed by one of: {listed}. A 404 is `not-found` "
        "for an unknown path as for an unknown id; a 405 names the methods the path takes in `Allow`."
    )
    components["Problem"] = problem_schema
    # Every 422 is a `validation-error` naming its fields: a schema of its own, with `errors` required.
    components["ValidationProblem"] = deepcopy(problem_schema) | {
        "title": "ValidationProblem",
        "description": "A `validation-error` (422): `errors` names each field at fault.",
        "required": [*problem_schema["required"], "errors"],
    }
    # FastAPI's own 422 body is replaced by the problem handler below, so its schemas are not served.
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    invalid = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ValidationProblem"}}}
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            responses = op.setdefault("responses", {})
            for code in _problem_statuses(path, method, op):
                entry = responses.setdefault(str(code), {"description": PROBLEM_RESPONSES.get(code, "Error")})
                if entry.get("description") == "Validation Error":
                    entry["description"] = PROBLEM_RESPONSES[422]
                entry["content"] = invalid if code == 422 else content
            op["responses"] = dict(sorted(responses.items()))
    return schema


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        if isinstance(exc, RuleViolation):
            request.app.state.metrics.rejected(exc.extra["violations"])
        return problem(
            exc.status,
            exc.slug,
            exc.title,
            exc.detail,
            headers=exc.headers,
            detail_nb=exc.detail_nb,
            nb=prefers_nb(request),
            **exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        nb = prefers_nb(request)
        unreadable = [e for e in exc.errors() if e["type"] == "json_invalid"]
        if unreadable:
            # pydantic names the character offset as the field; the whole body is at fault.
            errors = [{"field": "body", "message": e["msg"], "type": e["type"]} for e in unreadable]
            return problem(
                400,
                "malformed-json",
                "Bad request",
                "The body is not readable JSON.",
                detail_nb=FIELD_NB["json_invalid"],
                nb=nb,
                errors=errors,
            )
        errors = [
            {
                "field": _field_path(tuple(e["loc"])),
                "message": e["msg"],
                "type": e["type"],
                "message_nb": field_nb(e["type"], e.get("ctx")),
            }
            for e in exc.errors()
        ]
        fields = ", ".join(e["field"] for e in errors)
        return problem(
            422,
            "validation-error",
            "Invalid input",
            f"Invalid fields: {fields}",
            detail_nb=f"Noen av verdiene er ikke gyldige: {fields}.",
            nb=nb,
            errors=errors,
        )

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        return problem(
            409,
            "conflict",
            "Conflict",
            "The resource was changed by another request at the same time; reload and retry.",
            detail_nb="Noen andre endret dette samtidig. Last inn på nytt og prøv igjen.",
            nb=prefers_nb(request),
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # Services translate the constraints they expect; this is the backstop for races.
        return problem(
            409,
            "conflict",
            "Conflict",
            "The request conflicts with the current state (a uniqueness or reference constraint).",
            detail_nb="Endringen kolliderer med noe som er registrert samtidig. Last inn på nytt og prøv igjen.",
            nb=prefers_nb(request),
        )

    @app.exception_handler(OperationalError)
    async def _database(request: Request, exc: OperationalError) -> JSONResponse:
        if is_statement_timeout(exc):
            return problem(
                503,
                "statement-timeout",
                "Service unavailable",
                "The request took longer than the service allows and was stopped; narrow it, or try again later.",
                headers={"Retry-After": "10"},
                detail_nb="Forespørselen tok lengre tid enn tjenesten tillater, og ble stoppet. Avgrens den, "
                "eller prøv igjen om litt.",
                nb=prefers_nb(request),
            )
        logging.getLogger("samordning").exception("database error", exc_info=exc)
        return problem(
            503,
            "database-unavailable",
            "Service unavailable",
            "The database did not answer; try again.",
            nb=prefers_nb(request),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 413: "Request body too large"}
        return problem(
            exc.status_code,
            f"http-{exc.status_code}",
            titles.get(exc.status_code, "HTTP error"),
            str(exc.detail),
            headers=exc.headers,
            nb=prefers_nb(request),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logging.getLogger("samordning").exception("unhandled error", exc_info=exc)
        return problem(500, "internal-error", "Internal error", "An unexpected error occurred.", nb=prefers_nb(request))
