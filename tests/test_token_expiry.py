"""Tokens expire, and record when they were last used without making reads write on every request
(app/auth/service.py)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import httpx
from sqlalchemy import select, update

from app.auth.models import ApiToken
from app.auth.service import authenticate, hash_token
from tests.conftest import bearer, forget_principals, make_token


def _row(database, plain: str) -> ApiToken:  # noqa: ANN001
    with database.sessionmaker() as session:
        return session.scalars(select(ApiToken).where(ApiToken.token_hash == hash_token(plain))).one()


def _set(database, plain: str, **values) -> None:  # noqa: ANN001, ANN003
    with database.write_sessionmaker.begin() as session:
        session.execute(update(ApiToken).where(ApiToken.token_hash == hash_token(plain)).values(**values))


def test_a_token_expires_in_90_days_by_default(database) -> None:  # noqa: ANN001
    expected = datetime.now(timezone.utc) + timedelta(days=90)
    assert abs(_row(database, make_token(database)).expires_at - expected) < timedelta(minutes=1)
    short = make_token(database, expires_in_days=1)
    assert abs(_row(database, short).expires_at - (expected - timedelta(days=89))) < timedelta(minutes=1)


def test_an_expired_token_is_401_saying_it_expired(client, database, principal_clock) -> None:  # noqa: ANN001
    token = make_token(database)
    assert client.get("/api/v1/persons", headers=bearer(token)).status_code == 200
    _set(database, token, expires_at=datetime.now(timezone.utc) - timedelta(minutes=1))
    forget_principals(principal_clock)  # as if those days had passed
    for r in (
        client.get("/api/v1/persons", headers=bearer(token)),
        client.post("/api/v1/persons", json={"name": "Kari"}, headers=bearer(token)),
    ):
        assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
        assert "expired" in r.json()["detail"]
        assert r.headers["www-authenticate"].startswith('Bearer error="invalid_token", error_description="it expired')
    unknown = client.get("/api/v1/persons", headers=bearer("smd_unknown"))
    assert unknown.status_code == 401 and "expired" not in unknown.json()["detail"]


def test_last_used_at_is_recorded_at_most_every_few_minutes(client, database, principal_clock) -> None:  # noqa: ANN001
    token = make_token(database)
    assert _row(database, token).last_used_at is None
    before = datetime.now(timezone.utc)
    assert client.get("/api/v1/persons", headers=bearer(token)).status_code == 200
    first = _row(database, token).last_used_at
    assert first is not None and first >= before - timedelta(seconds=1)
    assert client.post("/api/v1/persons", json={"name": "Kari"}, headers=bearer(token)).status_code == 201
    assert _row(database, token).last_used_at == first  # a minute later would not be written either
    _set(database, token, last_used_at=first - timedelta(minutes=10))
    forget_principals(principal_clock)  # as if those ten minutes had passed
    assert client.post("/api/v1/persons", json={"name": "Ola"}, headers=bearer(token)).status_code == 201
    assert _row(database, token).last_used_at > first - timedelta(seconds=1)


def test_recording_use_during_a_read_does_not_lock_sqlite(database) -> None:  # noqa: ANN001
    """A GET's transaction is a plain read; once another request has committed a write since it
    began, SQLite refuses it any write at once ("database is locked")."""
    token = make_token(database)
    with database.sessionmaker() as session:
        session.execute(select(ApiToken.id)).all()  # the read transaction has begun
        make_token(database)  # another request writes and commits meanwhile
        assert authenticate(session, token) is not None
        session.commit()
    assert _row(database, token).last_used_at is not None


def test_concurrent_first_reads_and_writes_all_succeed(database, server_url) -> None:  # noqa: ANN001
    """Every reader records a first use while writers commit: no "database is locked", no 500."""
    readers = [make_token(database) for _ in range(6)]
    writer = make_token(database)
    barrier = threading.Barrier(len(readers) + 3)
    statuses: list[int] = []

    def run(token: str, write: bool) -> None:
        with httpx.Client(base_url=server_url, headers=bearer(token), timeout=60) as c:
            barrier.wait()
            r = c.post("/api/v1/persons", json={"name": "Kari"}) if write else c.get("/api/v1/persons")
            statuses.append(r.status_code)

    threads = [threading.Thread(target=run, args=(t, False)) for t in readers]
    threads += [threading.Thread(target=run, args=(writer, True)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200] * len(readers) + [201] * 3
    assert all(_row(database, t).last_used_at is not None for t in readers)
