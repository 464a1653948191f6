"""Test fixtures. Every database test runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

Each backend gets a fresh database for the session, migrated with Alembic (the only
source of the schema); every test starts from empty tables. The database `make run`
uses is never touched.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app.cli import migrate
from app.db import Base, Database

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def _database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    admin_url = os.environ.get("TEST_DATABASE_URL")
    created = None
    if admin_url:
        name = f"samordning_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created = (admin, name)
        urls["postgresql"] = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    yield urls
    if created:
        admin, name = created
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _migrated(_database_urls: dict[str, str]) -> dict[str, str]:
    for url in _database_urls.values():
        migrate(url)
    return _database_urls


@pytest.fixture
def fresh_url(backend: str, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """An empty database of its own (not the shared test database the other tests migrate)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    admin_url = os.environ["TEST_DATABASE_URL"]
    name = f"samordning_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL (make test does when the server answers)")
    return request.param


def truncate_all(database: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with database.engine.begin() as conn:
        if database.is_postgresql:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
        else:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def database(backend: str, _migrated: dict[str, str]) -> Iterator[Database]:
    db = Database(_migrated[backend])
    truncate_all(db)
    yield db
    db.dispose()


@pytest.fixture
def rules_dir() -> Path:
    """The rules the app loads; tests that edit rules override this with a copy."""
    return Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture
def app(database: Database, rules_dir: Path, principal_clock: HandClock, app_clock: WallClock):  # noqa: ANN201
    from app.auth.cache import PrincipalCache
    from app.config import get_settings
    from app.main import create_app

    principals = PrincipalCache(get_settings().principal_cache_seconds, clock=principal_clock)
    # Public answers kept in memory are checked against the record before each is served again: tests
    # change the record from other sessions too (the CLI, services called directly).
    return create_app(
        database=database, rules_dir=rules_dir, principals=principals, public_check_every=0, clock=app_clock
    )


class HandClock:
    """A clock moved by hand: TTLs and rate limits without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def principal_clock() -> HandClock:
    return HandClock()


class WallClock:
    """The app's time (`ctx.now`): the real time, moved forward by hand, so that a test can hold a
    meeting planned for next month without waiting for it."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


@pytest.fixture
def app_clock() -> WallClock:
    return WallClock()


def forget_principals(clock: HandClock) -> None:
    """Let the app's memory of who each token names lapse, as it does a few seconds after a token is
    revoked or changed by another process (app/auth/cache.py)."""
    from app.config import get_settings

    clock.now += get_settings().principal_cache_seconds


@pytest.fixture
def server_url(app) -> Iterator[str]:  # noqa: ANN001
    """The app served by a real uvicorn, configured as `samordning serve` configures it, on a free port."""
    from app.cli import SERVER_OPTIONS

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **SERVER_OPTIONS)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app) as c:
        yield c


Run = Callable[..., tuple[int, list[str], str]]


@pytest.fixture
def cli(database, monkeypatch, capsys) -> Iterator[Run]:  # noqa: ANN001
    """Runs `samordning ARGS…` against the test database; returns (exit code, stdout lines, stderr)."""
    from app.cli import main
    from app.config import get_settings

    monkeypatch.setenv("DATABASE_URL", database.url)
    get_settings.cache_clear()

    def run(*args: str) -> tuple[int, list[str], str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out.splitlines(), err

    yield run
    get_settings.cache_clear()


def make_token(
    database: Database,
    role: str = "secretariat",
    person_id: uuid.UUID | None = None,
    expires_in_days: int | None = None,
) -> str:
    from app.auth.service import create_token

    expiry = {} if expires_in_days is None else {"expires_in_days": expires_in_days}
    with database.write_sessionmaker.begin() as session:
        _, plain = create_token(session, f"test-{role}", role, person_id, **expiry)
    return plain


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Api:
    """A test client bound to one principal; raises nothing, returns responses."""

    def __init__(self, client: TestClient, token: str | None) -> None:
        self.client = client
        self.headers = bearer(token) if token else {}

    def _call(self, method: str, path: str, headers: dict[str, str] | None = None, **kw: Any):  # noqa: ANN202
        return self.client.request(method, path, headers={**self.headers, **(headers or {})}, **kw)

    def get(self, path: str, **kw: Any):  # noqa: ANN201
        return self._call("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any):  # noqa: ANN201
        return self._call("POST", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any):  # noqa: ANN201
        return self._call("PATCH", path, json=json, **kw)

    def delete(self, path: str, **kw: Any):  # noqa: ANN201
        return self._call("DELETE", path, **kw)

    def as_person(self, person_id: str | uuid.UUID) -> Api:
        db: Database = self.client.app.state.db
        return Api(self.client, make_token(db, "person", uuid.UUID(str(person_id))))


@pytest.fixture
def api(client: TestClient, database: Database) -> Api:
    """The API as the secretariat."""
    return Api(client, make_token(database))


@pytest.fixture
def anon(client: TestClient) -> Api:
    return Api(client, None)


def _ids(session: Any, key: Any, id_col: Any) -> dict[str, str]:
    return {k: str(v) for k, v in session.execute(select(key, id_col))}


class Seeded:
    """Ids (as strings, ready for JSON and URLs) of what `samordning seed` created."""

    def __init__(self, database: Database, demo: bool) -> None:
        from app.bodies.models import Body
        from app.organizations.models import Organization
        from app.persons.models import Person
        from app.seed.service import seed

        with database.write_sessionmaker.begin() as session:
            seed(session, demo=demo)
            bodies = _ids(session, Body.kind, Body.id)
            self.organizations = _ids(session, Organization.name, Organization.id)
            self.persons = _ids(session, Person.name, Person.id)
        self.forum = bodies["top_leaders_forum"]
        self.au = bodies["working_committee"]
        self.project_board = bodies["project_board"]
        self.bodies = {"forum": self.forum, "au": self.au, "project_board": self.project_board}


@pytest.fixture
def seeded(database: Database) -> Seeded:
    """The arrangement as `samordning seed` loads it: `.forum`, `.au`, `.project_board`, `.organizations[name]`."""
    return Seeded(database, demo=False)


@pytest.fixture
def demo_seeded(database: Database) -> Seeded:
    """As `seeded`, plus the fictional 2023 composition (`.persons[name]`, see app/seed/data.py)."""
    return Seeded(database, demo=True)


class StatementCount:
    """Counts the SQL statements the app runs on the test database while the `with` block lasts."""

    def __init__(self, database: Database) -> None:
        self.engine = database.engine
        self.count = 0
        self.statements: list[str] = []

    def _count(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.count += 1
        self.statements.append(statement)

    def __enter__(self) -> StatementCount:
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc: Any) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._count)


@pytest.fixture
def count_statements(database: Database):  # noqa: ANN201
    """`with count_statements() as n: ...` then `n.count` is the number of SQL statements run."""
    return lambda: StatementCount(database)


@pytest.fixture
def webhook_settings(monkeypatch):  # noqa: ANN201
    """Loopback receivers allowed (development), retries at once unless a test says otherwise."""
    from app.config import get_settings

    monkeypatch.setenv("SAMORDNING_WEBHOOKS_ALLOW_LOOPBACK", "true")
    monkeypatch.setenv("SAMORDNING_WEBHOOKS_RETRY_BASE_SECONDS", "0")
    monkeypatch.setenv("SAMORDNING_WEBHOOKS_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
