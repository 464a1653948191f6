"""`samordning token create|revoke` and `seed`, run in-process against the test database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select

from app.auth.models import ApiToken
from app.auth.service import hash_token
from app.cli import main
from app.config import get_settings
from app.persons.models import Person

Run = Callable[..., tuple[int, list[str], str]]


@pytest.fixture
def cli(database, monkeypatch, capsys) -> Iterator[Run]:  # noqa: ANN001
    """Runs `samordning ARGS…` against the test database; returns (exit code, stdout lines, stderr)."""
    monkeypatch.setenv("DATABASE_URL", database.url)
    get_settings.cache_clear()

    def run(*args: str) -> tuple[int, list[str], str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out.splitlines(), err

    yield run
    get_settings.cache_clear()


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


def test_revoked_token_is_refused(cli, client):  # noqa: ANN001
    _, out, _ = cli("token", "create", "--role", "secretariat", "--name", "kortlevd")
    headers = {"Authorization": f"Bearer {out[-1]}"}
    assert client.get("/api/v1/compliance", headers=headers).status_code == 200
    code, revoked, _ = cli("token", "revoke", _token_id(out[0]))
    assert code == 0 and "revoked" in revoked[-1]
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
