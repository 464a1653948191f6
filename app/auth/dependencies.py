from __future__ import annotations

from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.auth.service import authenticate
from app.errors import Unauthorized

bearer = HTTPBearer(auto_error=False, description="Token from `samordning token create`.")


def require_principal(session: Session, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    if credentials is None:
        raise Unauthorized("Send Authorization: Bearer <token>; tokens come from `samordning token create`.")
    principal = authenticate(session, credentials.credentials)
    if principal is None:
        raise Unauthorized("The bearer token is unknown or revoked.")
    return principal
