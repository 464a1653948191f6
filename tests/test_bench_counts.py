"""The requests `make bench` drives, counted as the benchmark counts them (scripts/bench_http.py): the
statement counts it reports are a contract, its timings are not."""

from __future__ import annotations

from scripts.bench_http import StatementCounter, capture, endpoints
from tests.conftest import bearer, make_token
from tests.test_query_counts import MAX_PUBLIC_STATEMENTS, MAX_STATEMENTS, is_public

# A read: BEGIN (SQLite), the token, the page and what it shows (the page caps of test_query_counts, a
# public page's with the record's version it is kept by); a write also its checks, its audit event and
# the outbox (the event and the subscriptions it goes to).
MAX_WRITE = 12


def test_the_benchmarked_requests_run_a_few_statements_each(client, database, demo_seeded) -> None:
    client.headers.update(bearer(make_token(database)))
    assert client.get("/api/v1/rules").status_code == 200  # the token's first use is recorded: not counted
    counter = StatementCounter(database)
    eps = endpoints(client)
    counts = {e.name: (e.method, capture(client, database, counter, e)["statements"]) for e in eps}
    cap = {
        e.name: MAX_WRITE if e.method != "GET" else MAX_PUBLIC_STATEMENTS if is_public(e.path) else MAX_STATEMENTS
        for e in eps
    }
    over = {name: count for name, count in counts.items() if count[1] > cap[name]}
    assert over == {}, counts
