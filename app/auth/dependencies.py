from __future__ import annotations

from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth.cache import PrincipalCache
from app.auth.issuers import TrustedIssuers
from app.auth.principal import Principal
from app.auth.service import TOKEN_PREFIX, authenticate, principal_of
from app.errors import InvalidToken, Unauthorized
from app.sessions.service import CACHE_PREFIX, SignInSettings, session_principal

bearer = HTTPBearer(
    auto_error=False,
    description="A token from `samordning token create`, or a JWT from an issuer the deployment trusts "
    "(`SAMORDNING_ISSUERS`): Maskinporten for agencies' systems, OpenID Connect for their employees.",
)


def cache_key(credentials: HTTPAuthorizationCredentials | None, cookie: str | None) -> str | None:
    """What the principal cache knows the caller by: the bearer token, which wins, else the session."""
    if credentials is not None:
        return credentials.credentials
    return None if cookie is None else CACHE_PREFIX + cookie


def require_principal(
    session: Session,
    credentials: HTTPAuthorizationCredentials | None,
    issuers: TrustedIssuers,
    principals: PrincipalCache,
    cookie: str | None = None,
    sign_in: SignInSettings | None = None,
) -> Principal:
    """The caller named by a bearer token or, without one, by the staff app's session cookie."""
    key = cache_key(credentials, cookie)
    if key is None:
        raise Unauthorized(
            "Send Authorization: Bearer <token>; tokens come from `samordning token create` "
            "or an issuer this service trusts."
        )
    if (known := principals.get(key)) is not None:
        return known
    if credentials is None:
        assert cookie is not None and sign_in is not None
        principal = session_principal(session, sign_in, cookie)
    elif issuers and not key.startswith(TOKEN_PREFIX):
        principal = principal_of(session, issuers.verify(key))
    elif (found := authenticate(session, key)) is not None:
        principal = found
    else:
        raise InvalidToken("it is unknown or revoked")
    principals.put(key, principal)
    return principal
