"""How requests use the database (app/db.py): reads without a transaction on PostgreSQL and never
writing, and idle connections pinged before use."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

import app.db as db_module
from app.db import Database
from app.persons.models import Person


def test_a_read_session_refuses_to_write(database: Database) -> None:
    with database.read_sessionmaker() as session:
        session.add(Person(name="Kari", email=f"{uuid.uuid4().hex}@example.no"))
        with pytest.raises(RuntimeError, match="read request changed data"):
            session.flush()
        session.rollback()
    with database.sessionmaker() as session:
        assert session.scalar(text("SELECT count(*) FROM persons WHERE name = 'Kari'")) == 0


def test_reads_on_postgresql_run_without_begin_and_leave_the_pool_as_they_found_it(database: Database) -> None:
    if not database.is_postgresql:
        pytest.skip("SQLite's BEGIN costs no round trip: reads keep one snapshot")
    with database.read_sessionmaker() as session:
        session.execute(text("SELECT 1"))
        assert session.connection().connection.driver_connection.autocommit is True
    with database.write_sessionmaker() as session:  # very likely the same connection, back from the pool
        session.execute(text("SELECT 1"))
        assert session.connection().connection.driver_connection.autocommit is False
        session.rollback()


def test_an_idle_connection_is_pinged_and_a_dead_one_replaced(database: Database, monkeypatch) -> None:  # noqa: ANN001
    if not database.is_postgresql:
        pytest.skip("a SQLite file has no server to lose")
    engine = Database(database.url).engine  # a pool of its own
    pings: list[int] = []
    ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: pings.append(1) or ping(conn))
    try:
        with engine.connect() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with engine.connect() as conn:  # back in use at once: not pinged
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == pid
        assert pings == []
        with database.engine.connect() as other:  # the server drops the connection while it is idle
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
        assert pings
    finally:
        engine.dispose()
