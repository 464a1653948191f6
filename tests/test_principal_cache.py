"""A replica remembers who a token names for a few seconds (app/auth/cache.py)."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import event, update

from app.auth.cache import PrincipalCache
from app.auth.models import ApiToken
from app.auth.principal import Principal
from app.auth.service import hash_token
from tests.conftest import HandClock, bearer, forget_principals, make_token


def _principal(expires_at: datetime | None = None) -> Principal:
    return Principal(kind="secretariat", token_id=uuid.uuid4(), name="s", expires_at=expires_at)


def test_a_principal_is_remembered_for_ttl_seconds_and_no_longer() -> None:
    clock = HandClock()
    cache = PrincipalCache(10, clock=clock)
    principal = _principal()
    cache.put("smd_a", principal)
    assert cache.get("smd_a") == principal and cache.get("smd_b") is None
    clock.now += 9.9
    assert cache.get("smd_a") == principal
    clock.now += 0.1
    assert cache.get("smd_a") is None and len(cache) == 0


def test_the_credentials_own_expiry_ends_it_sooner() -> None:
    wall = HandClock()
    wall.now = datetime(2026, 12, 3, 12, tzinfo=timezone.utc).timestamp()
    cache = PrincipalCache(10, clock=HandClock(), wall_clock=wall)
    cache.put("smd_a", _principal(expires_at=datetime(2026, 12, 3, 12, 0, 5, tzinfo=timezone.utc)))
    assert cache.get("smd_a") is not None
    wall.now += 5
    assert cache.get("smd_a") is None


def test_the_least_recently_used_is_forgotten_beyond_the_bound_and_zero_remembers_nothing() -> None:
    cache = PrincipalCache(10, max_entries=2, clock=HandClock())
    for token in ("a", "b"):
        cache.put(token, _principal())
    assert cache.get("a") is not None  # b is now the least recently used
    cache.put("c", _principal())
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    off = PrincipalCache(0)
    off.put("a", _principal())
    assert off.get("a") is None and len(off) == 0


def test_a_known_token_costs_no_lookup(client, database, principal_clock) -> None:  # noqa: ANN001
    token = make_token(database)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_rest) -> None:  # noqa: ANN001
        statements.append(statement)

    def token_lookups() -> list[str]:
        found = [s for s in statements if "api_tokens" in s]
        statements.clear()
        return found

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        assert client.get("/api/v1/persons", headers=bearer(token)).status_code == 200
        assert token_lookups()
        assert client.get("/api/v1/persons", headers=bearer(token)).status_code == 200
        assert not token_lookups()
        forget_principals(principal_clock)
        assert client.get("/api/v1/persons", headers=bearer(token)).status_code == 200
        assert token_lookups()  # looked up again once forgotten
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)


def test_an_expired_token_is_refused_while_remembered(client, database) -> None:  # noqa: ANN001
    token = make_token(database)
    expires = datetime.now(timezone.utc) + timedelta(seconds=1)
    with database.write_sessionmaker.begin() as session:
        session.execute(update(ApiToken).where(ApiToken.token_hash == hash_token(token)).values(expires_at=expires))
    assert client.get("/api/v1/persons", headers=bearer(token)).status_code == 200
    time.sleep(max(0.0, (expires - datetime.now(timezone.utc)).total_seconds()) + 0.05)
    r = client.get("/api/v1/persons", headers=bearer(token))  # the cache's own clock has not moved
    assert r.status_code == 401 and "expired" in r.json()["detail"]
