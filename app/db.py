"""Engine, declarative base and the one transaction each request runs in."""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from psycopg.errors import QueryCanceled
from sqlalchemy import (
    DateTime,
    Integer,
    MetaData,
    TypeDecorator,
    Uuid,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    declared_attr,
    mapped_column,
    sessionmaker,
)

from app.config import get_settings

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The trigram indexes (pg_trgm, PostgreSQL only) behind the lists' free text `q`, made by migration
# 0010: the models cannot declare them portably, so the model comparison leaves them out.
TRIGRAM_INDEXES = ("ix_cases_title_trgm", "ix_documents_title_trgm", "ix_meetings_title_trgm", "ix_persons_name_trgm")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back with an offset.

    SQLite keeps no offset and compares timestamps as text, so every value is
    normalised to UTC on the way in; naive values are refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: times must carry an offset")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Entity:
    """Columns every domain entity has: a UUID, a version (the ETag, and the
    optimistic lock that turns a lost update into a 409) and timestamps."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


SQLITE_BUSY_SECONDS = 30
# Connections kept open: enough for the requests one worker serves at once (16 clients in the
# benchmark), since a connection beyond the pool is opened and closed per request (PostgreSQL forks a
# backend for each).
POOL_SIZE = 20
PING_AFTER_IDLE_SECONDS = 1.0


# How often (in SQLite virtual machine instructions) a running statement checks its deadline.
SQLITE_DEADLINE_CHECK_EVERY = 10_000


def is_statement_timeout(exc: OperationalError) -> bool:
    """Whether the database stopped a statement for running past the statement timeout."""
    return isinstance(exc.orig, QueryCanceled) or str(exc.orig) == "interrupted"


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text


def make_engine(url: str, statement_timeout: float | None = None) -> Engine:
    """The engine, its statements stopped after `statement_timeout` seconds (default: the setting)."""
    statement_timeout = statement_timeout or get_settings().statement_timeout_seconds
    if url.startswith("sqlite"):
        in_memory = make_url(url).database in (None, "", ":memory:")  # one connection, no pool to size
        pool = {} if in_memory else {"pool_size": POOL_SIZE, "max_overflow": POOL_SIZE}
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, record):  # noqa: ANN001
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
            cur.close()
            # SQLite's own lower() folds ASCII only: free text (ILIKE, rendered lower() LIKE lower())
            # would not find «Ålesund» by «ålesund».
            dbapi_conn.create_function("lower", 1, _lower, deterministic=True)
            # SQLite has no statement timeout: a statement past its deadline is interrupted ("interrupted").
            deadline = record.info["deadline"] = [math.inf]
            dbapi_conn.set_progress_handler(lambda: time.monotonic() > deadline[0], SQLITE_DEADLINE_CHECK_EVERY)

        @event.listens_for(engine, "before_cursor_execute")
        def _sqlite_deadline(conn, _cursor, _statement, _parameters, _context, _many):  # noqa: ANN001
            conn.info["deadline"][0] = time.monotonic() + statement_timeout

        # Writers take SQLite's write lock at BEGIN, so concurrent writers queue instead of failing
        # half-way with "database is locked". They queue on a lock of the process first: SQLite's
        # busy handler polls with growing sleeps, so under many writers some waited seconds while
        # others went ahead; the lock wakes them in turn. (Other processes still meet the busy timeout.)
        writers = threading.Lock()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # noqa: ANN001
            if conn.get_execution_options().get("single_statement"):
                return  # one statement is a transaction of its own
            if conn.get_execution_options().get("write_intent"):
                conn.info["writer"] = writers.acquire(timeout=SQLITE_BUSY_SECONDS)
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("BEGIN")

        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def _sqlite_end(conn):  # noqa: ANN001
            if conn.info.pop("writer", False):
                writers.release()

        return engine
    engine = create_engine(
        url,
        pool_size=POOL_SIZE,
        max_overflow=POOL_SIZE,
        connect_args={"options": f"-c statement_timeout={round(statement_timeout * 1000)}"},
    )

    # A connection idle for a while may have been closed by the server (a restart, a proxy's timeout):
    # it is pinged before use, and replaced when it does not answer. A busy pool is not pinged, which
    # saves a round trip on nearly every request.
    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_conn, record):  # noqa: ANN001
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_conn, record, _proxy):  # noqa: ANN001
        idle_since = record.info.get("idle_since")  # None: opened just now
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError from exc  # the pool opens a new connection and tries again

    return engine


class Database:
    def __init__(self, url: str, statement_timeout: float | None = None) -> None:
        self.url = url
        self.engine = make_engine(url, statement_timeout)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        self.write_sessionmaker = sessionmaker(self.engine.execution_options(write_intent=True), expire_on_commit=False)
        # A read request's session. On PostgreSQL it runs without BEGIN and COMMIT, two round trips
        # fewer: under READ COMMITTED each statement sees its own snapshot inside a transaction too.
        # (SQLite's BEGIN gives the request one snapshot, and costs no round trip.) It refuses to write.
        reads = self.engine.execution_options(isolation_level="AUTOCOMMIT") if self.is_postgresql else self.engine
        self.read_sessionmaker = sessionmaker(reads, expire_on_commit=False)
        event.listen(self.read_sessionmaker, "before_flush", _refuse_writes)

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def scalar_now(self, stmt: Any) -> Any:
        """One statement's answer, as a transaction of its own: no BEGIN or COMMIT on either database."""
        options: dict[str, Any] = {"single_statement": True}
        if self.is_postgresql:
            options["isolation_level"] = "AUTOCOMMIT"
        with self.engine.connect().execution_options(**options) as conn:
            return conn.scalar(stmt)

    def dispose(self) -> None:
        self.engine.dispose()


def _refuse_writes(session: Session, _flush_context, _instances) -> None:  # noqa: ANN001
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a read request changed data; only POST, PUT, PATCH and DELETE may write")


def database_from_settings() -> Database:
    return Database(get_settings().database_url)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request, committed here and only here. Opening a session does no I/O, so it
    happens on the event loop. A write's commit takes a trip to the thread pool; a read's end waits
    for nothing (no round trip on PostgreSQL, a read transaction's end on SQLite), so it stays here."""
    db: Database = request.app.state.db
    writes = _writes(request)
    session = (db.write_sessionmaker if writes else db.read_sessionmaker)()
    try:
        yield session
    except BaseException:
        await _finish(session, writes, commit=False)
        raise
    await _finish(session, writes, commit=not _dry_run(request))  # a dry run changes nothing


async def _finish(session: Session, writes: bool, commit: bool) -> None:
    if writes:
        await run_in_threadpool(_end, session, commit=commit)
    else:
        _end(session, commit=commit)


# What `bool` query parameters accept as true (pydantic's spelling).
TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})


# Marks a route whose dry run must flush the change it rehearses: its rules ask the database about the
# entity as it would be (e.g. a membership's overlapping chairs). Such a dry run writes, then rolls back.
REHEARSES_WRITE = "rehearses_write"
F = TypeVar("F", bound=Callable[..., Any])


def rehearses_write(endpoint: F) -> F:
    setattr(endpoint, REHEARSES_WRITE, True)
    return endpoint


def _dry_run(request: Request) -> bool:
    return request.query_params.get("dry_run", "").lower() in TRUE


def _writes(request: Request) -> bool:
    """Whether the request may write; a dry run only reads, so it does not queue behind writers, unless
    its route rehearses the write."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if not _dry_run(request):
        return True
    return getattr(request.scope["route"].endpoint, REHEARSES_WRITE, False)


def _end(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


# scope="function": commit before the response is sent, so a failed commit becomes a problem response.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def upsert_insert(session: Session, model: type) -> Any:
    """An INSERT of `model` that takes ON CONFLICT (`on_conflict_do_nothing`/`_do_update`), in the
    session's database's own dialect: both SQLite and PostgreSQL have the clause, SQLAlchemy's
    portable `insert` does not."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)
