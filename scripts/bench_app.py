"""The staff app's calls at archive scale: p50/p95 and SQL statements of each, against a budget.

    python scripts/bench_app.py [--database postgresql|sqlite] [--archive-years 10] [--rounds 40]
                                [--budget-ms 100] [--json bench-app.json]               (make bench-app)

Migrates and seeds a fresh database (on PostgreSQL a database of its own, dropped afterwards), with the
demo record and an archive of ARCHIVE_YEARS years (`samordning seed --archive`), starts one
`samordning serve` (one uvicorn worker) and asks it, from one client, every GET the overview (*Mitt
arbeid*) and the case screens make, ROUNDS times each after a warm-up round — as the secretariat and as
the AU leader, whose answers the policy scopes differently. Prints each call's p50/p95 and the SQL
statements one request runs (counted in-process on the same database) and exits 1 when a p95 is over
BUDGET_MS: the staff app's budget is 100 ms p95 on PostgreSQL at ten years' archive (issue 22).
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import StatementCounter  # noqa: E402
from bench_http import drop_database, load, ok, prepare_database  # noqa: E402
from bench_writes import free_port, serve  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app.auth.service import create_token  # noqa: E402
from app.bodies.models import Body  # noqa: E402
from app.db import Database  # noqa: E402
from app.main import create_app  # noqa: E402
from app.memberships.models import Membership  # noqa: E402


@dataclass
class Call:
    caller: str
    screen: str
    path: str


def au_leader_token(db: Database) -> str:
    """A person token of the working committee's leader: the overview as the AU sees it."""
    with db.write_sessionmaker.begin() as session:
        person_id = session.scalars(
            select(Membership.person_id)
            .join(Body, Body.id == Membership.body_id)
            .where(Body.kind == "working_committee", Membership.role == "chair", Membership.end_date.is_(None))
        ).first()
        if person_id is None:
            raise SystemExit("the seeded record has no leader of the working committee")
        return create_token(session, "bench-app-au-leader", "person", person_id)[1]


def calls(api: TestClient, caller: str) -> list[Call]:
    """What web/src asks for on the overview and on a case's page (web/src/features/*/api.ts)."""
    me = ok(api.get("/api/v1/me"))
    bodies = [seat["body_id"] for seat in me.get("seats", [])] or [
        b["id"] for b in ok(api.get("/api/v1/bodies", params={"limit": 200}))["items"]
    ]
    case = ok(api.get("/api/v1/cases", params={"limit": 1, "status": "prepared,in_preparation"}))["items"]
    case_id = (case or ok(api.get("/api/v1/cases", params={"limit": 1}))["items"])[0]["id"]
    now = datetime.now(ZoneInfo("Europe/Oslo"))
    today, in_a_month = now.date().isoformat(), (now + timedelta(days=31)).date().isoformat()
    overview = [
        "/api/v1/me",
        "/api/v1/bodies?limit=200",
        *(f"/api/v1/meetings?body_id={body}&status=planned,convened&from={today}&limit=20" for body in bodies[:2]),
        *(f"/api/v1/cases?status={status}&limit=200" for status in ("registered", "in_preparation", "prepared")),
        "/api/v1/cases?status=returned&limit=200",
        "/api/v1/decisions?overdue=true&limit=50",
        *(f"/api/v1/decisions?follow_up_status={status}&limit=50" for status in ("open", "in_progress")),
        f"/api/v1/subcommittees?status=active&deadline_before={in_a_month}&sort=deadline&limit=50",
        "/api/v1/compliance",
    ]
    case_screens = [
        "/api/v1/cases?limit=25",
        "/api/v1/cases?q=legemiddel&limit=25",
        f"/api/v1/cases/{case_id}",
        f"/api/v1/cases/{case_id}/transitions",
        f"/api/v1/cases/{case_id}/documents?limit=200",
        f"/api/v1/cases/{case_id}/history?limit=200",
        "/api/v1/organizations?limit=200",
    ]
    return [Call(caller, "overview", p) for p in overview] + [Call(caller, "cases", p) for p in case_screens]


def statements(api: TestClient, counter: StatementCounter, path: str) -> int:
    before = counter.count
    ok(api.get(path))
    return counter.count - before


def p95(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--archive-years", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=40, help="measured requests per call")
    parser.add_argument("--budget-ms", type=float, default=100.0, help="largest p95 accepted")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-app.json")
    parser.add_argument(
        "--database-url",
        help="a database seeded by an earlier run (`samordning seed --demo --archive N`) instead of a fresh one: "
        "seeding ten years takes minutes; it is left as it is",
    )
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)

    url, pg_name = (args.database_url, None) if args.database_url else prepare_database(args.database)
    work = Path(tempfile.mkdtemp(prefix="samordning-bench-app-"))
    server = None
    try:
        started = time.perf_counter()
        db = Database(url)
        if args.database_url:
            with db.write_sessionmaker.begin() as session:
                tokens = {"secretariat": create_token(session, "bench-app", "secretariat")[1]}
        else:
            tokens = {"secretariat": load(url, args.archive_years)}
        tokens["AU leader"] = au_leader_token(db)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
        counter = StatementCounter(db)
        plan: list[tuple[Call, int]] = []
        with TestClient(create_app(database=db)) as api:
            for caller, token in tokens.items():
                api.headers["Authorization"] = f"Bearer {token}"
                plan += [(c, statements(api, counter, c.path)) for c in calls(api, caller)]
        db.dispose()

        port = free_port()
        server = serve(url, port, work / "service.log")
        print(
            f"database: {args.database}; archive: {args.archive_years} years; one worker, one client, "
            f"{args.rounds} requests per call after one warm-up\n"
        )
        header = f"{'caller':<12} {'screen':<9} {'p50 ms':>7} {'p95 ms':>7} {'SQL':>4}  path"
        print(header + "\n" + "-" * 100)
        results = []
        over = 0
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for call, sql in plan:
                headers = {"Authorization": f"Bearer {tokens[call.caller]}"}
                ok(client.get(call.path, headers=headers))  # warm-up: compiled statements, first-use imports
                latencies = []
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    ok(client.get(call.path, headers=headers))
                    latencies.append((time.perf_counter() - start) * 1000)
                row = {
                    "caller": call.caller,
                    "screen": call.screen,
                    "path": call.path,
                    "statements": sql,
                    "p50": statistics.median(latencies),
                    "p95": p95(latencies),
                }
                over += row["p95"] > args.budget_ms
                results.append(row)
                flag = "  over budget" if row["p95"] > args.budget_ms else ""
                print(
                    f"{call.caller:<12} {call.screen:<9} {row['p50']:>7.1f} {row['p95']:>7.1f} {sql:>4}  "
                    f"{call.path}{flag}"
                )
        args.json.write_text(
            json.dumps(
                {
                    "database": args.database,
                    "archive_years": args.archive_years,
                    "budget_ms": args.budget_ms,
                    "at": datetime.now(UTC).isoformat(),
                    "calls": results,
                },
                indent=2,
            )
        )
        print(f"\n{over} of {len(results)} calls over {args.budget_ms:.0f} ms p95; wrote {args.json}")
        return 1 if over else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        drop_database(pg_name)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
