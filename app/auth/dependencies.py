from __future__ import annotations

from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth.cache import PrincipalCache
from app.auth.issuers import TrustedIssuers
from app.auth.principal import Principal
from app.auth.service import TOKEN_PREFIX, authenticate, principal_of
from app.errors import InvalidToken, Unauthorized

bearer = HTTPBearer(
    auto_error=False,
    description="A token from `samordning token create`, or a JWT from an issuer the deployment trusts "
    "(`SAMORDNING_ISSUERS`): Maskinporten for agencies' systems, OpenID Connect for their employees.",
)


def require_principal(
    session: Session,
    credentials: HTTPAuthorizationCredentials | None,
    issuers: TrustedIssuers,
    principals: PrincipalCache,
) -> Principal:
    if credentials is None:
        raise Unauthorized(
            "Send Authorization: Bearer <token>; tokens come from `samordning token create` "
            "or an issuer this service trusts."
        )
    token = credentials.credentials
    if (known := principals.get(token)) is not None:
        return known
    if issuers and not token.startswith(TOKEN_PREFIX):
        principal = principal_of(session, issuers.verify(token))
    elif (found := authenticate(session, token)) is not None:
        principal = found
    else:
        raise InvalidToken("it is unknown or revoked")
    principals.put(token, principal)
    return principal
