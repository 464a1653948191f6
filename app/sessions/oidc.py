"""Sign-in to the staff app: the OpenID Connect authorization code flow with PKCE, run by the service.

`/auth/login` stores a one-time attempt (the hash of `state`, the `nonce`, the PKCE verifier and where
to return) and sends the browser to the provider; `/auth/callback` consumes the attempt, redeems the
code at the token endpoint with the verifier, verifies the ID token as any JWT of the issuer is
verified (app/auth/issuers.py: signature by JWKS, iss, aud, exp) plus its nonce, finds the person by
the e-mail claim as a person JWT is found, and starts a session. The provider's tokens stay here.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.auth.issuers import FETCH_TIMEOUT_SECONDS, KEYS_TTL_SECONDS, TrustedIssuers
from app.auth.service import hash_token, person_of_token
from app.config import IssuerConfig
from app.db import Database, utcnow
from app.errors import InvalidToken, ServiceUnavailable, SignInFailed
from app.sessions.models import SignInAttempt
from app.sessions.service import SignInSettings, start_session

APP_PATH = "/arbeid/"
CALLBACK_PATH = "/auth/callback"
ATTEMPT_LIFETIME = timedelta(minutes=10)  # time enough to type a password, not to keep a stolen link
MAX_NEXT = 2000


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path of the staff app, or the app's start; never another site."""
    if (
        value
        and value.startswith(APP_PATH)
        and len(value) <= MAX_NEXT
        and "//" not in value
        and "\\" not in value
        and "/../" not in value + "/"
        and all(" " < c < "\x7f" for c in value)
    ):
        return value
    return APP_PATH


def _challenge(verifier: str) -> str:
    """PKCE S256 (RFC 7636 §4.2)."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class SignInClient:
    """The service as the sign-in issuer's client; the provider's endpoints from its discovery document."""

    def __init__(
        self,
        config: IssuerConfig,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self._http = httpx.Client(timeout=FETCH_TIMEOUT_SECONDS, transport=transport)
        self._clock = clock
        self._metadata: dict[str, Any] | None = None
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None or self._clock() - self._fetched_at >= KEYS_TTL_SECONDS:
                try:
                    response = self._http.get(str(self.config.discovery_url))
                    response.raise_for_status()
                    document = response.json()
                    # OpenID Connect Discovery §4.3: the document must name the issuer it was asked about.
                    if not isinstance(document, dict) or document.get("issuer") != self.config.issuer:
                        raise ValueError("the discovery document names another issuer")
                    for name in ("authorization_endpoint", "token_endpoint"):
                        if not isinstance(document.get(name), str):
                            raise ValueError(f"the discovery document lacks {name}")
                except (httpx.HTTPError, ValueError) as exc:
                    raise ServiceUnavailable(
                        f"The sign-in provider {self.config.issuer} cannot be reached; try again shortly."
                    ) from exc
                self._metadata, self._fetched_at = document, self._clock()
            return self._metadata

    def authorization_url(self, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
        query = {
            "response_type": "code",
            "client_id": self.config.client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(self.config.scopes),
            "state": state,
            "nonce": nonce,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
        }
        return f"{self.metadata()['authorization_endpoint']}?{urlencode(query)}"

    def redeem(self, code: str, redirect_uri: str, verifier: str) -> dict[str, Any]:
        """The token response for the code; a refused code (used already, expired) is a SignInFailed."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        assert self.config.client_id is not None  # the settings require it of the sign-in issuer
        auth: httpx.Auth | httpx._client.UseClientDefault = httpx.USE_CLIENT_DEFAULT
        if self.config.client_secret is None:  # a public client: PKCE is its proof
            form["client_id"] = self.config.client_id
        else:
            auth = httpx.BasicAuth(self.config.client_id, self.config.client_secret)
        try:
            response = self._http.post(self.metadata()["token_endpoint"], data=form, auth=auth)
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(f"The sign-in provider {self.config.issuer} did not answer.") from exc
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        if response.status_code != 200 or not isinstance(body.get("id_token"), str):
            error = body.get("error", f"HTTP {response.status_code}") if isinstance(body, dict) else "no JSON"
            raise SignInFailed(f"The sign-in provider refused the code ({str(error)[:60]}); sign in again.")
        return body


def begin(db: Database, client: SignInClient, config: SignInSettings, next_path: str | None) -> tuple[str, str]:
    """The provider's authorization URL for a new attempt, which it stores, and the attempt's state,
    which the browser keeps in a cookie of its own till the callback."""
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
    url = client.authorization_url(config.base_url + CALLBACK_PATH, state, nonce, verifier)
    now = utcnow()
    with db.write_sessionmaker.begin() as session:
        session.execute(delete(SignInAttempt).where(SignInAttempt.expires_at <= now))  # abandoned ones
        session.add(
            SignInAttempt(
                state_hash=hash_token(state),
                nonce=nonce,
                code_verifier=verifier,
                next_path=safe_next(next_path),
                expires_at=now + ATTEMPT_LIFETIME,
            )
        )
    return url, state


def _consume(session: Session, state: str) -> Any:
    """The attempt `state` names, deleted in the same statement: of two racing callbacks one gets it."""
    attempt = session.execute(
        delete(SignInAttempt)
        .where(SignInAttempt.state_hash == hash_token(state))
        .returning(SignInAttempt.nonce, SignInAttempt.code_verifier, SignInAttempt.next_path, SignInAttempt.expires_at)
    ).first()
    if attempt is None or attempt.expires_at <= utcnow():
        raise SignInFailed("The sign-in is unknown, used already or too old (state); sign in again.")
    return attempt


def finish(
    db: Database,
    client: SignInClient,
    issuers: TrustedIssuers,
    config: SignInSettings,
    params: dict[str, str],
    started_here: str | None,
    user_agent: str | None,
) -> tuple[str, str]:
    """The new session's cookie value and where to go, from the provider's answer to the browser;
    `started_here` is the state this browser kept when it set out."""
    # The attempt is used up before the provider is asked anything: a state works once, whatever follows.
    with db.write_sessionmaker.begin() as session:
        attempt = _consume(session, params.get("state", ""))
    # Else anyone could send a link that signs the victim's browser in as the sender (login CSRF).
    if started_here is None or not secrets.compare_digest(started_here, params["state"]):
        raise SignInFailed("The sign-in was started in another browser; sign in again.")
    if "error" in params:
        raise SignInFailed(f"The sign-in provider said {params['error'][:60]!r}; sign in again.")
    if not params.get("code"):
        raise SignInFailed("The sign-in provider sent no code; sign in again.")
    tokens = client.redeem(params["code"], config.base_url + CALLBACK_PATH, attempt.code_verifier)
    try:
        verified = issuers.verify(tokens["id_token"])
    except InvalidToken as exc:
        raise SignInFailed(f"The ID token is not accepted: {exc.detail}") from None
    if verified.issuer.issuer != client.config.issuer or verified.claims.get("nonce") != attempt.nonce:
        raise SignInFailed("The ID token was not issued for this sign-in (issuer or nonce); sign in again.")
    refresh_token = tokens.get("refresh_token")
    with db.write_sessionmaker.begin() as session:
        plain = start_session(
            session,
            config,
            person_of_token(session, verified),
            "oidc",
            user_agent,
            id_token=tokens["id_token"],
            refresh_token=refresh_token if isinstance(refresh_token, str) else None,
        )
    return plain, attempt.next_path
