"""`samordning token create|list|revoke` and `seed`, run in-process against the test database."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.auth.models import ApiToken
from app.auth.service import hash_token
from app.persons.models import Person
from tests.conftest import forget_principals


def _token_id(first_line: str) -> str:
    # "token <id> for secretariat 'X' (shown once; …)"
    return first_line.split()[1]


def test_token_create_for_the_secretariat_authenticates(cli, client):  # noqa: ANN001
    code, out, _ = cli("token", "create", "--role", "secretariat", "--name", "Sekretariatet")
    assert code == 0
    token = out[-1]
    assert client.get("/api/v1/compliance", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_token_is_stored_only_as_its_hash(cli, database):  # noqa: ANN001
    _, out, _ = cli("token", "create", "--role", "secretariat", "--name", "Åse Ærlig")
    plain = out[-1]
    with database.sessionmaker() as session:
        row = session.get(ApiToken, uuid.UUID(_token_id(out[0])))
        stored = [str(getattr(row, c.key)) for c in ApiToken.__table__.columns]
    assert row.token_hash == hash_token(plain)
    assert row.name == "Åse Ærlig"
    assert not any(plain in value for value in stored)


def test_token_create_for_a_person(cli, client, database):  # noqa: ANN001
    with database.write_sessionmaker.begin() as session:
        person = Person(name="Kari Testesen")
        session.add(person)
        session.flush()
        person_id = person.id
    code, out, _ = cli("token", "create", "--person", str(person_id), "--name", "Karis token")
    assert code == 0
    with database.sessionmaker() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_hash == hash_token(out[-1]))).one()
    assert (row.role, row.person_id) == ("person", person_id)
    assert client.get("/api/v1/compliance", headers={"Authorization": f"Bearer {out[-1]}"}).status_code != 401


def test_token_create_for_an_unknown_person_fails(cli):  # noqa: ANN001
    code, out, err = cli("token", "create", "--person", str(uuid.uuid4()), "--name", "x")
    assert code == 1
    assert "does not exist" in err and out == []


def test_token_name_too_long_for_the_audit_actor_fails(cli):  # noqa: ANN001
    """Its writes are audited as "secretariat:<name>" in a 200-character column (a 500 on PostgreSQL)."""
    code, _, err = cli("token", "create", "--role", "secretariat", "--name", "x" * 189)
    assert code == 1 and "name" in err


def test_revoked_token_is_refused(cli, client, principal_clock):  # noqa: ANN001
    _, out, _ = cli("token", "create", "--role", "secretariat", "--name", "kortlevd")
    headers = {"Authorization": f"Bearer {out[-1]}"}
    assert client.get("/api/v1/compliance", headers=headers).status_code == 200
    code, revoked, _ = cli("token", "revoke", _token_id(out[0]))
    assert code == 0 and "revoked" in revoked[-1]
    forget_principals(principal_clock)  # the server remembers the token for a few seconds at most
    r = client.get("/api/v1/compliance", headers=headers)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"


def test_token_requires_a_role_or_a_person(cli):  # noqa: ANN001
    with pytest.raises(SystemExit) as exc:
        cli("token", "create", "--name", "x")
    assert exc.value.code == 2


def test_seed_command_is_idempotent(cli):  # noqa: ANN001
    code, out, _ = cli("seed", "--demo")
    assert code == 0 and "created" in out[-1] and "organization" in out[-1]
    assert cli("seed", "--demo")[1][-1] == "seed: created nothing; updated nothing"


def _expires_at(database, first_line: str) -> datetime:  # noqa: ANN001
    with database.sessionmaker() as session:
        return session.get(ApiToken, uuid.UUID(_token_id(first_line))).expires_at


def test_token_expires_in_90_days_unless_told_otherwise(cli, database):  # noqa: ANN001
    code, out, _ = cli("token", "create", "--role", "secretariat", "--name", "standard")
    assert code == 0
    assert abs(_expires_at(database, out[0]) - (datetime.now(timezone.utc) + timedelta(days=90))) < timedelta(minutes=1)
    assert "expires" in out[0]
    _, out, _ = cli("token", "create", "--role", "secretariat", "--name", "kort", "--expires-in-days", "7")
    assert abs(_expires_at(database, out[0]) - (datetime.now(timezone.utc) + timedelta(days=7))) < timedelta(minutes=1)


@pytest.mark.parametrize("days", ["0", "-5", "3651"])
def test_token_expiry_out_of_range_fails_clearly(cli, days) -> None:  # noqa: ANN001
    code, out, err = cli("token", "create", "--role", "secretariat", "--name", "x", "--expires-in-days", days)
    assert code == 1 and out == []
    assert "expires_in_days: must be a whole number of days from 1 to 3650" in err


def test_token_expiry_must_be_a_number(cli, capsys) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit) as exc:
        cli("token", "create", "--role", "secretariat", "--name", "x", "--expires-in-days", "snart")
    assert exc.value.code == 2 and "--expires-in-days" in capsys.readouterr().err


def test_token_list_shows_every_token_with_its_dates(cli, client):  # noqa: ANN001
    _, used, _ = cli("token", "create", "--role", "secretariat", "--name", "Sekretariatet")
    _, gone, _ = cli("token", "create", "--role", "secretariat", "--name", "Gammel", "--expires-in-days", "1")
    cli("token", "revoke", _token_id(gone[0]))
    assert client.get("/api/v1/compliance", headers={"Authorization": f"Bearer {used[-1]}"}).status_code == 200
    code, out, _ = cli("token", "list")
    assert code == 0
    assert out[0].split() == ["id", "name", "role", "person", "created", "expires", "last", "used", "revoked"]
    rows = {line.split()[0]: line for line in out[1:]}
    assert set(rows) == {_token_id(used[0]), _token_id(gone[0])}
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    in_use, revoked = rows[_token_id(used[0])], rows[_token_id(gone[0])]
    assert "Sekretariatet" in in_use and "secretariat" in in_use
    assert in_use.count(today) == 2 and in_use.rstrip().endswith("no")  # created, last used; not revoked
    assert "never" in revoked and revoked.count(today) == 2  # never used; created and revoked today


def test_serving_beyond_this_machine_without_a_base_url_warns(monkeypatch) -> None:
    """Issue 28, item 5: left unset behind a proxy, links would name the container's own address."""
    from app.cli import unset_base_url_warning
    from app.config import Settings

    monkeypatch.delenv("SAMORDNING_PUBLIC_BASE_URL", raising=False)
    unset = Settings()
    warning = unset_base_url_warning(unset, "0.0.0.0", 8000)
    assert warning is not None and "SAMORDNING_PUBLIC_BASE_URL" in warning
    assert unset_base_url_warning(unset, "127.0.0.1", 8000) is None  # make run: the address is right
    # With the hosts allowed, answers name the host asked; e-mail, made outside a request, cannot.
    monkeypatch.setenv("SAMORDNING_ALLOWED_HOSTS", "samordning.example.no")
    warning = unset_base_url_warning(Settings(), "0.0.0.0", 8000)
    assert warning is not None and "e-mail" in warning and "SAMORDNING_PUBLIC_BASE_URL" in warning
    monkeypatch.setenv("SAMORDNING_PUBLIC_BASE_URL", "https://samordning.example.no")
    assert unset_base_url_warning(Settings(), "0.0.0.0", 8000) is None
