"""JWTs from the issuers SAMORDNING_ISSUERS trusts: Maskinporten for agencies' systems, an OpenID
Connect provider for their employees. Signing keys are fetched once per process and cached, so a
request costs no network; verification is joserfc's, limited to RS256 and ES256."""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import httpx
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import Key, KeySet, KeySetSerialization

from app.config import IssuerConfig
from app.errors import InvalidToken, ServiceUnavailable

ALGORITHMS = ("RS256", "ES256")  # asymmetric only: an HMAC "signed" with a public key proves nothing
LEEWAY_SECONDS = 60  # clock skew between the issuer and us
KEYS_TTL_SECONDS = 3600.0  # issuers announce new keys well before they sign with them
REFETCH_INTERVAL_SECONDS = 30.0  # an unknown kid refetches at most this often, so forged kids cannot flood the issuer
FETCH_TIMEOUT_SECONDS = 5.0
CLAIM_REASONS = {
    "aud": "it is meant for another audience",
    "nbf": "it is not yet valid",
    "iat": "it was issued in the future",
}

log = logging.getLogger("samordning.auth")


@dataclass(frozen=True)
class VerifiedToken:
    issuer: IssuerConfig
    claims: dict[str, Any]


def _shown(value: object) -> str:
    """A value from the token, quoted and cut short, for a message."""
    return repr(value)[:80]


class IssuerKeys:
    """One issuer's signing keys, as its JWKS last said; refreshed after a TTL, or when a token
    names a key it does not have (rotation)."""

    def __init__(self, config: IssuerConfig, client: httpx.Client, clock: Callable[[], float]) -> None:
        self.config = config
        self._client = client
        self._clock = clock
        self._jwks_url = config.jwks_url
        self._keys: KeySet | None = None
        self._fetched_at = 0.0
        self._refetched_at = float("-inf")
        self._lock = threading.Lock()

    def key(self, kid: str | None) -> Key:
        with self._lock:
            now = self._clock()
            if self._keys is None or now - self._fetched_at >= KEYS_TTL_SECONDS:
                self._fetch(now)
            assert self._keys is not None
            try:
                return self._keys.get_by_kid(kid)
            except InvalidKeyIdError:
                pass
            if now - self._refetched_at >= REFETCH_INTERVAL_SECONDS:
                self._refetched_at = now
                self._fetch(now)
                try:
                    return self._keys.get_by_kid(kid)
                except InvalidKeyIdError:
                    pass
        raise InvalidToken(f"no key {_shown(kid)} among the signing keys of {self.config.issuer}")

    def _fetch(self, now: float) -> None:
        try:
            self._jwks_url = self._jwks_url or self._discover()
            # A JWKS is an object with `keys`; joserfc checks each key, and a bad one is a ValueError.
            keys = KeySet.import_key_set(cast(KeySetSerialization, self._get(self._jwks_url)))
        except (httpx.HTTPError, ValueError, KeyError, TypeError, JoseError) as exc:
            log.warning("signing keys of %s could not be fetched: %r", self.config.issuer, exc)
            if self._keys is None:
                raise ServiceUnavailable(
                    f"The signing keys of {self.config.issuer} could not be fetched; try again shortly."
                ) from exc
            self._fetched_at = now - KEYS_TTL_SECONDS + REFETCH_INTERVAL_SECONDS  # keep the old ones a while
            return
        self._keys, self._fetched_at = keys, now

    def _discover(self) -> str:
        document = self._get(str(self.config.discovery_url))
        # OpenID Connect Discovery §4.3: the document must name the issuer it was asked about.
        if document.get("issuer") != self.config.issuer:
            raise ValueError(f"discovery names issuer {document.get('issuer')!r}")
        return str(document["jwks_uri"])

    def _get(self, url: str) -> dict[str, Any]:
        response = self._client.get(url)
        response.raise_for_status()
        body = response.json()
        if not isinstance(body, dict):
            raise ValueError(f"{url} is not a JSON object")
        return body


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims before the signature is checked: which issuer, key and algorithm to use."""
    try:
        header, claims = (
            json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))) for part in token.split(".")[:2]
        )
        if token.count(".") != 2 or not isinstance(header, dict) or not isinstance(claims, dict):
            raise ValueError
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than the parser goes
        raise InvalidToken("it is malformed (not a signed JWT)") from None
    return header, claims


class TrustedIssuers:
    """The issuers of SAMORDNING_ISSUERS, each with its cached keys; one per process."""

    def __init__(
        self,
        configs: list[IssuerConfig],
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        client = httpx.Client(timeout=FETCH_TIMEOUT_SECONDS, transport=transport, follow_redirects=True)
        self.keys = {c.issuer: IssuerKeys(c, client, clock) for c in configs}

    def __bool__(self) -> bool:
        return bool(self.keys)

    def verify(self, token: str) -> VerifiedToken:
        """The token's issuer and claims, once signature, issuer, audience and times hold; else InvalidToken."""
        header, claims = _unverified(token)
        if header.get("alg") not in ALGORITHMS:
            raise InvalidToken(f"algorithm {_shown(header.get('alg'))} is not accepted, only RS256 and ES256")
        issuer = claims.get("iss")
        keys = self.keys.get(issuer) if isinstance(issuer, str) else None
        if keys is None:
            raise InvalidToken(f"issuer {_shown(issuer)} is not trusted")
        try:
            jwt.decode(token, keys.key(header.get("kid")), algorithms=ALGORITHMS)
        except BadSignatureError:
            raise InvalidToken("its signature is not the issuer's") from None
        except JoseError as exc:  # e.g. an ES256 header on an RSA key
            raise InvalidToken(f"its signature cannot be checked ({exc.error})") from None
        config = keys.config
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": config.issuer},
            aud={"essential": True, "values": config.audiences},
            exp={"essential": True},
        )
        try:
            registry.validate(claims)
        except ExpiredTokenError:
            raise InvalidToken("it has expired") from None
        except MissingClaimError as exc:
            raise InvalidToken(f"it lacks the claim {exc.claim}") from None
        except ClaimError as exc:
            raise InvalidToken(CLAIM_REASONS.get(exc.claim, f"its claim {exc.claim} is invalid")) from None
        return VerifiedToken(config, claims)
