"""Alembic environment: the URL comes from the caller or DATABASE_URL, never from alembic.ini."""

from alembic import context

import app.models  # noqa: F401  (registers every table)
from app.config import get_settings
from app.db import Base, make_engine
from app.publication.models import declared_by_models

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=declared_by_models,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
