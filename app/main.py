"""Application factory: rules validated, routers of every domain package mounted, errors mapped."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi import APIRouter, FastAPI

import app as app_package
import app.governance.transitions  # noqa: F401  (registers the lifecycle order guards)
import app.models  # noqa: F401  (every table is mapped before the first query)
from app.auth.cache import PrincipalCache
from app.auth.issuers import TrustedIssuers
from app.config import get_settings
from app.contract import (
    TAGS,
    answer_http_errors,
    complete_openapi,
    name_and_describe,
)
from app.db import Database, utcnow
from app.docs import install_docs
from app.errors import install_problem_handlers
from app.files.store import FileStore, store_from_settings
from app.governance.engine import RuleEngine
from app.http import AllowedHosts, HeadAsGet, NotModified
from app.limits import BodySizeLimit
from app.logs import JsonFormatter
from app.observability import Metrics, Observe
from app.publication.response_cache import PublicAnswers, PublicResponses, public_routes
from app.publication.website import install_website_errors
from app.security_headers import Cors, SecurityHeaders
from app.sessions.oidc import SignInClient
from app.sessions.service import SignInSettings
from app.webhooks import payloads as webhook_payloads

DESCRIPTION = """
**samordning** runs the national coordination of patient and user safety, *I trygge hender 24-7*:
Topplederforumet decides, Arbeidsutvalget (the AU) prepares every case and follows decisions up,
temporary underutvalg investigate one topic each.

Every write needs `Authorization: Bearer <token>`: from `samordning token create`, or a JWT from an
issuer the deployment trusts (Maskinporten for agencies' systems, OpenID Connect for their employees;
a refused JWT is a 401 whose `WWW-Authenticate` says why). Errors are
RFC 9457 `application/problem+json`; governance rule rejections are **409** with `violations`,
each naming its `rule`, `severity`, `message`, `message_nb` and `citation` of the source text.
Writes that pass with warnings return them in `warnings`, together with any behaviour rule that
acted (severity `behaviour`, e.g. `forum.unprepared_case.returned` placing a case on the next agenda). Lists are keyset-paginated
(`limit`, `cursor` → `next_cursor`), each `{items, next_cursor}`. Resources carry an `ETag`: `PATCH` and
transitions need `If-Match` (428 without it, 412 when stale; strong comparison), a GET answers
`If-None-Match` with 304, and a change whose `If-None-Match` names the current ETag is a 412. Answers
outside `/api/v1/public/` depend on the caller: `Cache-Control: private`, `Vary: Authorization, Cookie`.
Each error condition has one problem `type` (see the `Problem` schema): an unknown path is `not-found`
under any prefix, a wrong method `method-not-allowed` with `Allow`, a body that is not JSON
`unsupported-media-type` (415). Field errors (400, 422, and a 409 about a value that must be unique) name
each field in `errors[].field` by where it is: `body.title`, `body.responsibilities.0`, `query.limit`.
Times are ISO 8601 strings with offset, dates `YYYY-MM-DD`; a number is neither.
"""


SITE = "https://samordning.itryggehender24-7.no"


def discover_routers() -> list[APIRouter]:
    """Every domain package's `routes.router` (and optional `routes.extra_routers`), in name order."""
    routers: list[APIRouter] = []
    for info in sorted(pkgutil.iter_modules(app_package.__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"app.{info.name}.routes")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.{info.name}.routes":
                raise
            continue
        routers.append(module.router)
        routers.extend(getattr(module, "extra_routers", []))
    return routers


def create_app(
    database: Database | None = None,
    rules_dir: Path | None = None,
    issuers: TrustedIssuers | None = None,
    principals: PrincipalCache | None = None,
    public_check_every: float | None = None,
    clock: Callable[[], datetime] = utcnow,
    files: FileStore | None = None,
) -> FastAPI:
    """`clock` is the one time every request reads (`ctx.now`, what is upcoming): tests move it."""
    settings = get_settings()
    stderr = logging.StreamHandler()
    stderr.setFormatter(JsonFormatter())
    logging.basicConfig(level=settings.log_level, handlers=[stderr])  # unless logging is set up already
    routers = discover_routers()  # imports the guards before the engine checks them
    engine = RuleEngine.from_dir(rules_dir or settings.rules_dir)
    application = FastAPI(
        title="samordning",
        version="1.0.0",
        summary="Nasjonal samordning av pasient- og brukersikkerhet — I trygge hender 24-7",
        description=DESCRIPTION,
        docs_url=None,  # app/docs.py serves them from our own files
        redoc_url=None,
        openapi_tags=TAGS,
        contact={"name": "Sekretariatet for I trygge hender 24-7", "url": f"{SITE}/kontakt"},
        license_info={
            "name": "NLOD 2.0 (Norsk lisens for offentlige data)",
            "url": "https://data.norge.no/nlod/no/2.0",
        },
        # Relative: the document is the same for every deployment and "Try it out" calls the one serving it.
        servers=[{"url": "/", "description": "The service that serves this document"}],
        # No redirect to an absolute URL built from the Host header: the API answers a path with a
        # trailing slash 404, the website redirects it relatively (app/publication/website.py).
        redirect_slashes=False,
    )
    application.state.db = database or Database(settings.database_url)
    application.state.engine = engine
    application.state.clock = clock
    application.state.files = store_from_settings(settings) if files is None else files
    application.state.issuers = TrustedIssuers(settings.issuers) if issuers is None else issuers
    application.state.principals = (
        PrincipalCache(settings.principal_cache_seconds) if principals is None else principals
    )
    application.state.sign_in = SignInSettings.of(settings)
    if settings.demo_signin:
        logging.getLogger("samordning.sessions").warning(
            "DEMO SIGN-IN IS ON (SAMORDNING_DEMO_SIGNIN=true): anyone can sign in as any demo person "
            "without a password. Never in a deployment."
        )
    sign_in_issuer = settings.sign_in_issuer
    application.state.oidc = SignInClient(sign_in_issuer) if sign_in_issuer else None
    application.state.metrics = Metrics(application.state.db.engine, settings.metrics_allow)
    install_problem_handlers(application)
    answer_http_errors(application)
    install_website_errors(application)
    from app.health import router as health_router

    routers.insert(0, health_router)
    name_and_describe(routers)
    for router in routers:
        application.include_router(router)
    application.webhooks.include_router(webhook_payloads.router)
    complete_openapi(application, routers)
    install_docs(application)
    application.state.public_answers = PublicAnswers(
        application.state.db,
        settings.public_cache_check_seconds if public_check_every is None else public_check_every,
        settings.public_cache_max_bytes,
    )
    application.add_middleware(
        PublicResponses,
        answers=application.state.public_answers,
        routes=public_routes(route for router in routers for route in router.routes),
    )
    application.add_middleware(NotModified)
    application.add_middleware(HeadAsGet)
    application.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, max_file_bytes=settings.max_file_bytes)
    application.add_middleware(Cors, private_origins=settings.cors_origins)
    if settings.allowed_hosts:
        application.add_middleware(AllowedHosts, hosts=settings.allowed_hosts)
    application.add_middleware(SecurityHeaders)  # also on preflights and refused bodies
    application.add_middleware(Observe, metrics=application.state.metrics)  # outermost: times all of it
    return application
