"""Sign-in to the staff app: who am I, how to sign in, demo sign-in, sign-out (JSON, in the OpenAPI),
and the OpenID Connect login and callback (browser navigations, not in it)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from app.context import RequestContext, permit
from app.db import SessionDep, utcnow
from app.errors import NotFound
from app.norwegian import oslo_date
from app.pagination import Page, PageParams, page_params
from app.routing import Router
from app.sessions import csrf, oidc, service
from app.sessions.me import me
from app.sessions.schemas import DemoSignIn, MeOut, OwnSessionOut, SessionsEnded, SignInOptions
from app.sessions.service import CACHE_PREFIX, SignInSettings

router = Router(prefix="/api/v1", tags=["sign-in"])
browser_router = Router(prefix="/auth", tags=["sign-in"], include_in_schema=False)
extra_routers = [browser_router]
SIGN_IN, SESSION = permit("sign_in.read"), permit("sign_in.session")
Own = Annotated[RequestContext, permit("session.manage")]
CSRF_REFUSED: dict[int | str, dict[str, Any]] = {
    403: {"description": "Without `X-Requested-With: samordning`, or from another origin (`…/csrf`)."}
}


def _set_cookie(response: Response, config: SignInSettings, value: str, name: str | None = None) -> None:
    """The session cookie (or `name`): HttpOnly, SameSite=Lax, Secure behind https."""
    lifetime = config.lifetime if name is None else oidc.ATTEMPT_LIFETIME
    response.set_cookie(
        name or config.cookie,
        value,
        max_age=int(lifetime.total_seconds()),
        path="/",
        secure=config.secure,
        httponly=True,
        samesite="lax",
    )


@router.get("/me", response_model=MeOut, summary="Who the caller is, its seats and permissions")
def get_me(ctx: Annotated[RequestContext, permit("me.read")]) -> MeOut:
    """A person's active seats and, for each body, the permissions of the policy table the caller holds
    there, computed by the code that enforces the table; `session` when signed in with the staff
    app's cookie."""
    return me(ctx)


@router.get(
    "/me/sessions", response_model=Page[OwnSessionOut], summary="The caller's running staff app sessions, newest first"
)
def list_own_sessions(
    ctx: Annotated[RequestContext, permit("session.read")], page: Annotated[PageParams, Depends(page_params)]
) -> Page[OwnSessionOut]:
    """Those neither ended nor expired, each with its browser; `current` marks the one this request came
    with. A caller that is no person (a system, a secretariat token) has none."""
    items, cursor = service.own_sessions(ctx.session, ctx.principal, page)
    return Page(items=items, next_cursor=cursor)


@router.delete(
    "/me/sessions/{session_id:uuid}",
    status_code=204,
    response_class=Response,
    responses={**CSRF_REFUSED, 404: {"description": "No running session of the caller's has this id."}},
    summary="End one of the caller's staff app sessions, e.g. on a lost laptop",
)
def end_own_session(session_id: uuid.UUID, request: Request, ctx: Own) -> Response:
    """It answers `401` from then on (another replica may let it through for the principal cache's seconds)."""
    service.end_own_session(ctx.session, ctx.principal, session_id, request.app.state.principals)
    return Response(status_code=204)


@router.post(
    "/me/sessions/sign-out-others",
    response_model=SessionsEnded,
    responses=CSRF_REFUSED,
    summary="End every running staff app session of the caller's but the one this request came with",
)
def sign_out_other_sessions(request: Request, ctx: Own) -> SessionsEnded:
    return SessionsEnded(ended=service.end_other_sessions(ctx.session, ctx.principal, request.app.state.principals))


@router.get("/auth/sign-in-options", response_model=SignInOptions, summary="How to sign in to the staff app")
def get_sign_in_options(request: Request, session: SessionDep, _: Annotated[None, SIGN_IN]) -> SignInOptions:
    config: SignInSettings = request.app.state.sign_in
    has_oidc = request.app.state.oidc is not None
    return SignInOptions(
        oidc=has_oidc,
        login_url="/auth/login" if has_oidc else None,
        demo=config.demo,
        demo_persons=service.demo_persons(session, config, oslo_date(utcnow())),
    )


@router.post(
    "/auth/demo-sign-in",
    status_code=204,
    response_class=Response,
    responses={**CSRF_REFUSED, 404: {"description": "Demo sign-in is off, or the person is not a demo person."}},
    summary="Sign in as a demo person (only when SAMORDNING_DEMO_SIGNIN is on)",
)
def demo_sign_in(data: DemoSignIn, request: Request, session: SessionDep, _: Annotated[None, SESSION]) -> Response:
    """Sets the session cookie; 404 when demo sign-in is off. Send `X-Requested-With: samordning`."""
    config: SignInSettings = request.app.state.sign_in
    service.require_demo(config)
    csrf.check(request, config)
    value = service.demo_sign_in(session, config, data.person_id, request.headers.get("user-agent"))
    response = Response(status_code=204)
    _set_cookie(response, config, value)
    return response


@router.post(
    "/auth/sign-out",
    status_code=204,
    response_class=Response,
    responses=CSRF_REFUSED,
    summary="Sign out of the staff app: the session ends here and its cookie is cleared",
)
def sign_out(request: Request, session: SessionDep, _: Annotated[None, SESSION]) -> Response:
    """Send `X-Requested-With: samordning`. Without a running session it only clears the cookie."""
    config: SignInSettings = request.app.state.sign_in
    response = Response(status_code=204)
    if (value := request.cookies.get(config.cookie)) is not None:
        csrf.check(request, config)
        service.sign_out(session, value)
        request.app.state.principals.forget(CACHE_PREFIX + value)
    response.delete_cookie(config.cookie, path="/", secure=config.secure, httponly=True, samesite="lax")
    return response


def _client(request: Request) -> oidc.SignInClient:
    if request.app.state.oidc is None:
        raise NotFound("No sign-in provider is set up (an issuer with sign_in in SAMORDNING_ISSUERS).")
    return request.app.state.oidc


@browser_router.get("/login")
def login(
    request: Request, _: Annotated[None, SIGN_IN], next: Annotated[str | None, Query(max_length=2000)] = None
) -> RedirectResponse:
    config: SignInSettings = request.app.state.sign_in
    url, state = oidc.begin(request.app.state.db, _client(request), config, next)
    response = RedirectResponse(url, status_code=302)
    _set_cookie(response, config, state, config.sign_in_cookie)
    return response


@browser_router.get("/callback")
def callback(request: Request, _: Annotated[None, SIGN_IN]) -> RedirectResponse:
    config: SignInSettings = request.app.state.sign_in
    value, next_path = oidc.finish(
        request.app.state.db,
        _client(request),
        request.app.state.issuers,
        config,
        dict(request.query_params),
        request.cookies.get(config.sign_in_cookie),
        request.headers.get("user-agent"),
    )
    response = RedirectResponse(next_path, status_code=302)
    _set_cookie(response, config, value)
    response.delete_cookie(config.sign_in_cookie, path="/", secure=config.secure, httponly=True, samesite="lax")
    return response
