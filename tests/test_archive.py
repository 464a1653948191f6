"""A year of archive (`samordning seed --archive 1`), through the services: the work of a secretariat's
year in the audit log, and a page far down a list costs what the first page costs — the same
statements, and the page is an index range (keyset), not a scan of every row before it.

One test loads the year (on each database) and checks both: a year takes a while to load."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import event

from app.seed.archive import (
    AU_MEETINGS_A_YEAR,
    CASE_EDITS,
    CORRECTED_EVERY,
    DOCUMENT_SAVES,
    FORUM_CASES,
    FORUM_MEETINGS_A_YEAR,
    MEETINGS_A_YEAR,
    MINUTES_REVISIONS,
    ArchiveSummary,
    Later,
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


def plan(database, statement: str, parameters: Any, disable: tuple[str, ...] = ()) -> str:
    """The plan of a statement; `disable`: PostgreSQL's plan kinds to leave out (`seqscan`: the index it
    uses once a table is too big to read whole, as a test's few rows are cheaper to read than any index;
    `indexscan` too: the index that finds the rows, rather than one that reads them all in order)."""
    with database.engine.connect() as conn:
        if database.is_postgresql:
            for kind in disable:
                conn.exec_driver_sql(f"SET enable_{kind} = off")
            rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars()
        else:
            rows = (row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
        return "\n".join(rows)


def check_the_year(archive: ArchiveSummary) -> None:
    """The year's work, kind by kind, as the audit log has it."""
    forum, au = FORUM_MEETINGS_A_YEAR, AU_MEETINGS_A_YEAR
    decisions = forum * FORUM_CASES
    cases = decisions + au
    case_documents = 2 * decisions + au  # decision cases have a knowledge base too
    corrected = forum // CORRECTED_EVERY
    kinds = archive.by_kind
    assert archive.meetings == MEETINGS_A_YEAR and archive.cases == cases
    assert archive.writes == sum(kinds.values())
    expected = {
        "case.create": cases,
        "case.update": CASE_EDITS * cases,
        "case.prepare": cases,
        "document.create": case_documents + MEETINGS_A_YEAR,  # and the minutes
        # saves of the drafts, revisions of the minutes, and the corrections of published minutes
        "document.update": DOCUMENT_SAVES * case_documents + MINUTES_REVISIONS * MEETINGS_A_YEAR + corrected,
        "document.correct": corrected,
        "agenda_item.create": cases,
        "agenda_item.update": 2 * forum,  # forum agendas are re-ordered; an AU agenda has one item
        "meeting.create": MEETINGS_A_YEAR,
        "meeting.update": 3 * MEETINGS_A_YEAR,  # moved, notes written, minutes drafted
        "meeting.approve_minutes": MEETINGS_A_YEAR,
        "decision.create": decisions,
        "case.note": au,
        "person.create": 2,
        "membership.create": 2,
        "membership.update": 1,
    }
    assert {kind: kinds.get(kind) for kind in expected} == expected
    # Follow-up runs for half a year after a decision: in the archive's only year, most of it is done.
    started, reported, implemented = (kinds[f"decision.{k}"] for k in ("start_follow_up", "update", "implement"))
    assert 0.8 * decisions <= started <= decisions
    assert 0.6 * decisions <= reported <= started
    assert 0.4 * decisions <= implemented <= reported
    assert 8_000 <= archive.writes <= 12_000  # about 10,000 audit events a year


def test_a_year_of_archive_through_the_services_and_its_deep_pages(api, database) -> None:
    check_the_year(seed_archive(database, years=1))
    for path, depth in (("/api/v1/cases", 150), ("/api/v1/audit-events", 2000)):
        a_deep_page_costs_what_the_first_page_costs(api, database, path, depth)


def a_deep_page_costs_what_the_first_page_costs(api, database, path: str, depth: int) -> None:
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


def test_work_due_later_is_done_in_time_order_and_then_in_the_order_planned() -> None:
    later, done = Later(), []
    ctx = SimpleNamespace(now=None)
    at = [datetime(2024, 1, day, tzinfo=UTC) for day in (1, 2, 3)]
    for when, name in ((at[1], "b"), (at[0], "a"), (at[1], "c")):
        later.plan(when, lambda ctx, name=name: done.append((ctx.now, name)))
    later.do_until(ctx, at[0])
    for when, name in ((at[1], "d"), (at[2], "f"), (at[1], "e")):  # planned while earlier work is done
        later.plan(when, lambda ctx, name=name: done.append((ctx.now, name)))
    later.do_until(ctx, at[1])
    assert done == [(at[0], "a"), (at[1], "b"), (at[1], "c"), (at[1], "d"), (at[1], "e")]
    assert [when for when, _, _ in later.due] == [at[2]]
