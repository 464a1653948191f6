"""The migrations build exactly the schema the models declare, forwards, backwards and forwards again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

import app.models  # noqa: F401  (every table in Base.metadata)
from app.audit.models import AuditEvent
from app.cli import _alembic_config
from app.db import Base, Database, make_engine
from app.publication.models import declared_by_models


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
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": declared_by_models}
            )
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


WEBHOOK_TABLES = {"webhook_events", "webhook_subscriptions", "webhook_deliveries"}


def test_versions_and_the_chain_come_to_a_demo_database_through_the_migrations(fresh_url: str) -> None:
    """A database with a year of demo work, taken back to before versions, the chain and the webhook
    tables and forward again: every document gets its content as version 1, every event its link,
    nothing is lost."""
    from app.audit.chain import verify
    from app.documents.models import Document, DocumentVersion
    from app.seed.service import seed

    cfg = _alembic_config(fresh_url)
    command.upgrade(cfg, "head")
    db = Database(fresh_url)
    try:
        with db.write_sessionmaker.begin() as session:
            seed(session, demo=True)
        with db.sessionmaker() as session:
            contents = dict(session.execute(select(Document.id, Document.body)).all())
            events = session.scalar(select(func.count()).select_from(AuditEvent))
        command.downgrade(cfg, "0003")
        assert WEBHOOK_TABLES.isdisjoint(_tables(fresh_url))
        command.upgrade(cfg, "head")
        assert WEBHOOK_TABLES <= _tables(fresh_url)
        with db.sessionmaker() as session:
            versions = dict(
                session.execute(
                    select(DocumentVersion.document_id, DocumentVersion.body).where(DocumentVersion.number == 1)
                ).all()
            )
            assert versions == contents and len(contents) > 10
            verdict = verify(session)
            assert (verdict.broken, verdict.events) == (None, events)
    finally:
        db.dispose()
