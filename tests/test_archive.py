"""A year of archive (`samordning seed --archive 1`), through the services: a page far down a list
costs what the first page costs — the same statements, and the page is an index range (keyset), not a
scan of every row before it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from app.seed.archive import (
    AU_MEETINGS_A_YEAR,
    FORUM_CASES,
    FORUM_MEETINGS_A_YEAR,
    seed_archive,
)


class Statements:
    """The SQL statements (with parameters) the app runs while the `with` block lasts."""

    def __init__(self, database: Any) -> None:
        self.engine = database.engine
        self.seen: list[tuple[str, Any]] = []

    def _record(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        self.seen.append((statement, parameters))

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: Any) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def page_query(self) -> tuple[str, Any]:
        return next((s, p) for s, p in self.seen if " LIMIT " in s and "ORDER BY" in s)


def page(api, database, path: str, cursor: str | None, limit: int) -> tuple[dict, Statements]:
    with Statements(database) as statements:
        r = api.get(path, params={"limit": limit, **({"cursor": cursor} if cursor else {})})
    assert r.status_code == 200, r.text
    return r.json(), statements


def plan(database, statement: str, parameters: Any) -> str:
    with database.engine.connect() as conn:
        if database.is_postgresql:
            rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars()
        else:
            rows = (row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
        return "\n".join(rows)


@pytest.fixture
def archive(database) -> Any:
    return seed_archive(database, years=1)


def test_a_year_of_archive_comes_through_the_services(archive) -> None:
    assert archive.meetings == FORUM_MEETINGS_A_YEAR + AU_MEETINGS_A_YEAR
    assert archive.cases == FORUM_MEETINGS_A_YEAR * FORUM_CASES + AU_MEETINGS_A_YEAR
    assert archive.writes > 10 * archive.cases  # register, documents, transitions, agenda, decision, minutes


@pytest.mark.parametrize(("path", "depth"), [("/api/v1/cases", 150), ("/api/v1/audit-events", 2000)])
def test_a_deep_page_costs_what_the_first_page_costs(api, database, archive, path: str, depth: int) -> None:
    assert api.get("/api/v1/rules").status_code == 200  # the token's first use is recorded: not counted here
    _, first = page(api, database, path, None, 1)
    cursor = None
    for _ in range(depth // 50):
        body, _ = page(api, database, path, cursor, 50)
        cursor = body["next_cursor"]
    assert cursor is not None, "the archive should be deeper than that"
    _, deep = page(api, database, path, cursor, 1)
    assert len(deep.seen) == len(first.seen)
    # The deep page starts where the index says the cursor is, rather than reading the rows before it.
    explained = plan(database, *deep.page_query())
    if database.is_postgresql:
        assert "Index Cond" in explained and "ROW(" in explained, explained
    else:
        assert "SEARCH" in explained and ",id)>" in explained, explained
