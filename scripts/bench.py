"""Benchmark of the list endpoints: throughput, latency and SQL statements per page.

    python scripts/bench.py [--rows 5000] [--pages 30]      (make bench)

Bulk-inserts ROWS organizations, persons and memberships (of the seeded Arbeidsutvalget) straight into
the database, then walks each list endpoint page by page through the in-process app (TestClient, so
the full HTTP stack but no network) at several page sizes. It prints requests/s, p50/p95 latency and
the number of SQL statements each request ran. The statement count must not grow with the page size:
if it does, a list loads related rows one by one (N+1) and the script exits with status 1.

DATABASE_URL selects the database; by default a temporary SQLite file. Point it only at a throwaway
database: the rows it adds are not removed.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402

from app.auth.service import create_token  # noqa: E402
from app.cli import migrate  # noqa: E402
from app.db import Database  # noqa: E402
from app.main import create_app  # noqa: E402
from app.memberships.models import Membership  # noqa: E402
from app.organizations.models import Organization  # noqa: E402
from app.persons.models import Person  # noqa: E402
from app.seed.service import seed, standing_body  # noqa: E402

PAGE_SIZES = (10, 50, 200)


def bulk_load(db: Database, rows: int) -> uuid.UUID:
    """ROWS organizations, persons and AU memberships in a few multi-row INSERTs; returns the AU id."""
    run = uuid.uuid4().hex[:8]  # unique names, so the script can run twice on one database
    orgs = [{"id": uuid.uuid4(), "name": f"Benkmark-virksomhet {run}-{i:06d}"} for i in range(rows)]
    persons = [
        {"id": uuid.uuid4(), "name": f"Benk Person {run}-{i:06d}", "organization_id": orgs[i]["id"]}
        for i in range(rows)
    ]
    with db.write_sessionmaker.begin() as session:
        seed(session)
        au = standing_body(session, "working_committee").id
        session.execute(insert(Organization), orgs)
        session.execute(insert(Person), persons)
        session.execute(
            insert(Membership),
            [
                {
                    "body_id": au,
                    "person_id": p["id"],
                    "organization_id": p["organization_id"],
                    "role": "member",
                    "start_date": date(2023, 1, 1),
                    "allocation_percent": 20,
                }
                for p in persons
            ],
        )
    return au


class StatementCounter:
    def __init__(self, db: Database) -> None:
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *_args: object) -> None:
        self.count += 1


def walk(client: TestClient, path: str, limit: int, pages: int, counter: StatementCounter) -> dict | None:
    """Follows next_cursor for up to `pages` requests; None when the endpoint does not exist."""
    latencies: list[float] = []
    statements: list[int] = []
    cursor = None
    for _ in range(pages):
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        before = counter.count
        start = time.perf_counter()
        r = client.get(path, params=params)
        latencies.append(time.perf_counter() - start)
        statements.append(counter.count - before)
        if r.status_code == 404 and not latencies[1:]:
            return None
        r.raise_for_status()
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / sum(latencies),
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))] * 1000,
        "statements": max(statements),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000, help="organizations, persons and memberships each")
    parser.add_argument("--pages", type=int, default=30, help="requests per endpoint and page size")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would drown the table

    tmp = None
    url = os.environ.get("DATABASE_URL")
    if not url:
        tmp = tempfile.TemporaryDirectory(prefix="samordning-bench-")
        url = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    migrate(url)
    db = Database(url)
    print(f"database: {db.engine.url.render_as_string(hide_password=True)}")

    start = time.perf_counter()
    au = bulk_load(db, args.rows)
    print(f"loaded {args.rows} organizations, persons and memberships in {time.perf_counter() - start:.1f} s\n")
    with db.write_sessionmaker.begin() as session:
        _, token = create_token(session, "bench", "secretariat")

    endpoints = [
        "/api/v1/organizations",
        "/api/v1/persons",
        f"/api/v1/bodies/{au}/memberships",
        "/api/v1/audit-events",
    ]
    counter = StatementCounter(db)
    n_plus_one: list[str] = []
    header = f"{'endpoint':<50} {'limit':>5} {'reqs':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'SQL/req':>8}"
    print(header)
    print("-" * len(header))
    with TestClient(create_app(database=db), headers={"Authorization": f"Bearer {token}"}) as client:
        for path in endpoints:
            shown = path.replace(str(au), "{au}")
            per_size = {}
            for limit in PAGE_SIZES:
                result = walk(client, path, limit, args.pages, counter)
                if result is None:
                    print(f"{shown:<50} (not available)")
                    break
                per_size[limit] = result["statements"]
                print(
                    f"{shown:<50} {limit:>5} {result['requests']:>5} {result['rps']:>8.0f} "
                    f"{result['p50']:>8.1f} {result['p95']:>8.1f} {result['statements']:>8}"
                )
            if per_size and max(per_size.values()) > min(per_size.values()):
                n_plus_one.append(f"{shown}: {per_size}")
    db.dispose()
    if tmp:
        tmp.cleanup()

    if n_plus_one:
        print("\nN+1: statements per request grow with the page size:\n  " + "\n  ".join(n_plus_one))
        return 1
    print("\nSQL statements per request do not depend on the page size (no N+1).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
