"""The migrations build exactly the schema the models declare, forwards, backwards and forwards again."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

import app.models  # noqa: F401  (every table in Base.metadata)
from app.cli import _alembic_config
from app.db import Base, make_engine
from app.publication.models import declared_by_models


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


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _differences(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": declared_by_models})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_matches_the_models(fresh_url: str) -> None:
    cfg = _alembic_config(fresh_url)
    command.upgrade(cfg, "head")
    assert set(Base.metadata.tables) <= _tables(fresh_url)
    command.downgrade(cfg, "base")
    assert _tables(fresh_url) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    assert _differences(fresh_url) == [], "models and migrations disagree: edit the migration to match"


def test_migrations_form_one_line() -> None:
    scripts = ScriptDirectory.from_config(_alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1, "more than one Alembic head: merge or re-parent the new migration"
