"""The one-click unsubscribe links (RFC 8058): a token naming a person and a kind of e-mail, signed
with HMAC-SHA256 under the server's secret, so that nobody can make one for another person or kind.

The secret is SAMORDNING_MAIL_SECRET when set; otherwise a random one made once and kept in the
database, which every server and worker shares.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import upsert_insert
from app.notifications.models import ServerSecret

_NAME = "mail_unsubscribe"


class BadToken(ValueError):
    """Not a token this server signed."""


def secret(session: Session) -> bytes:
    configured = get_settings().mail_secret
    if configured is not None:
        return configured.get_secret_value().encode()
    value = session.scalar(select(ServerSecret.value).where(ServerSecret.name == _NAME))
    if value is None:  # the first: whoever inserts first wins, everyone reads the winner's
        session.execute(
            upsert_insert(session, ServerSecret)
            .values(name=_NAME, value=secrets.token_hex(32))
            .on_conflict_do_nothing()
        )
        value = session.scalar(select(ServerSecret.value).where(ServerSecret.name == _NAME))
    assert value is not None
    return value.encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _sign(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, b"unsubscribe:" + payload, hashlib.sha256).digest()


def token(key: bytes, person_id: uuid.UUID, topic: str) -> str:
    payload = person_id.bytes + topic.encode()
    return f"{_b64(payload)}.{_b64(_sign(key, payload))}"


def read(key: bytes, value: str) -> tuple[uuid.UUID, str]:
    """The person and topic of a token; BadToken unless this server signed it."""
    try:
        payload_part, signature_part = value.split(".")
        payload = base64.urlsafe_b64decode(payload_part + "=" * (-len(payload_part) % 4))
        signature = base64.urlsafe_b64decode(signature_part + "=" * (-len(signature_part) % 4))
    except ValueError as exc:  # binascii.Error is a ValueError
        raise BadToken("malformed") from exc
    if len(payload) <= 16 or not hmac.compare_digest(signature, _sign(key, payload)):
        raise BadToken("not signed by this server")
    return uuid.UUID(bytes=payload[:16]), payload[16:].decode()


def url(base_url: str, key: bytes, person_id: uuid.UUID, topic: str) -> str:
    return f"{base_url}/avmelding/{token(key, person_id, topic)}"
