"""Side by side over HTTP: the service against a bare FastAPI app serving the same bodies from memory.

    python scripts/bench_http.py [--database sqlite|postgresql] [--duration 5] [--warmup 1] [--connections 16]
                                 [--archive-years 0] [--only NAME,...] [--json bench-result.json] [--before DIR]
                                 [--profile DIR]                                              (make bench)

Migrates and seeds a fresh database (a temporary SQLite file, or a PostgreSQL database of its own on
127.0.0.1:5432 that is dropped afterwards), adds the demo record and 60 cases, and starts three servers on
loopback, one uvicorn worker each: `samordning serve`, and a bare FastAPI app (scripts/bare_app.py)
answering every benchmarked path with the body the service gave for it, from memory (JSON through a
sync `def`, so FastAPI encodes it as the service does). The case and the page of cases are also driven on
a third, the floor (scripts/floor_app.py): bare FastAPI reading them from the same database with
SQLAlchemy Core, one statement for the case. Each endpoint is driven on each server, one after
the other, with wrk (`-t1 -cCONNECTIONS`) when installed, else a Python load generator; the table shows
req/s, p50, p99, the ratio of the service's req/s to the bare app's, timeouts and non-2xx answers, and
the SQL statements one request runs (counted in-process on the same database). The write mix walks
register case → prepare → agenda → convene → start → decision from CONNECTIONS threads (Python).
With --before DIR, the checkout in DIR is served too (same database, with DIR/.venv when it has one)
and driven in the same run. With --profile DIR, py-spy records the service during each endpoint's run
(`make profile`).
Each server is driven for --warmup seconds (default 1) before each measured run: the first answers
of a fresh process fill what later ones reuse (compiled statements, kept public answers).
Everything is written to --json; tests may read the statement counts, never the timings.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import StatementCounter  # noqa: E402
from bench_writes import free_port, ready, serve  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from app.auth.service import create_token  # noqa: E402
from app.cli import migrate  # noqa: E402
from app.db import Database  # noqa: E402
from app.main import create_app  # noqa: E402
from app.seed.service import seed  # noqa: E402

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
BARE = ROOT / "scripts" / "bare_app.py"
FLOOR = ROOT / "scripts" / "floor_app.py"


@dataclass
class Endpoint:
    name: str
    method: str
    path: str
    body: dict | None = None
    headers: dict | None = None
    bare: str | None = None  # the bare path to compare with when it is not the same path
    floor: bool = False  # scripts/floor_app.py serves it too


def future(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()


def ok(response: httpx.Response, status: int = 200) -> dict:
    if response.status_code != status:
        raise SystemExit(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    return response.json()


def prepare_database(kind: str) -> tuple[str, str | None]:
    """A fresh database URL (and, on PostgreSQL, the name of the database to drop afterwards)."""
    if kind == "sqlite":
        directory = tempfile.mkdtemp(prefix="samordning-bench-http-")
        return f"sqlite:///{Path(directory) / 'bench.db'}", None
    name = f"bench_http_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{PG_SERVER}/{name}", name


def drop_database(name: str | None) -> None:
    if name is None:
        return
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def load(url: str, archive_years: int) -> str:
    """Migrates, seeds the arrangement and the demo record (and an archive); returns a secretariat token."""
    migrate(url)
    db = Database(url)
    with db.write_sessionmaker.begin() as session:
        seed(session, demo=True)
        _, token = create_token(session, "bench-http", "secretariat")
    if archive_years:
        from app.seed.archive import seed_archive

        print(seed_archive(db, years=archive_years))
    db.dispose()
    return token


def endpoints(api: TestClient) -> list[Endpoint]:
    """The benchmarked requests, with ids from the database (60 more cases for a list of 50)."""
    bodies = {b["kind"]: b["id"] for b in ok(api.get("/api/v1/bodies", params={"limit": 200}))["items"]}
    au = bodies["working_committee"]
    new_case = {"owner_body_id": au, "title": "Benkmarksak", "kind": "information"}
    for _ in range(60):
        ok(api.post("/api/v1/cases", json=new_case), 201)
    case = ok(api.get("/api/v1/cases", params={"limit": 1}))["items"][0]["id"]
    preparing = ok(api.post("/api/v1/cases", json={**new_case, "strategic_rationale": "Viktig."}), 201)["id"]
    for doc_kind in ("case_presentation", "knowledge_base"):
        doc = ok(
            api.post(
                "/api/v1/documents", json={"kind": doc_kind, "title": "Dok", "body": "Tekst.", "owner_body_id": au}
            ),
            201,
        )
        ok(api.post(f"/api/v1/cases/{preparing}/documents", json={"document_id": doc["id"]}), 201)
    etag = api.get(f"/api/v1/cases/{preparing}").headers["etag"]
    ok(api.post(f"/api/v1/cases/{preparing}/transitions/start_preparation", headers={"If-Match": etag}))
    prepared_etag = api.get(f"/api/v1/cases/{preparing}").headers["etag"]  # a dry run takes If-Match too
    document = next(
        h["id"]
        for h in ok(api.get("/api/v1/public/search", params={"q": "saksfremlegg"}))["items"]
        if h["kind"] == "document"
    )
    return [
        Endpoint("case", "GET", f"/api/v1/cases/{case}", floor=True),
        Endpoint("cases?limit=50", "GET", "/api/v1/cases?limit=50", floor=True),
        Endpoint("case transitions", "GET", f"/api/v1/cases/{case}/transitions"),
        Endpoint("public meetings", "GET", "/api/v1/public/meetings"),
        Endpoint("website /", "GET", "/"),
        Endpoint("document page", "GET", f"/dokumenter/{document}"),
        Endpoint("feed.atom", "GET", "/api/v1/public/feed.atom"),
        Endpoint("meetings.ics", "GET", "/api/v1/public/meetings.ics"),
        Endpoint("public search", "GET", "/api/v1/public/search?q=legemiddel"),
        Endpoint("POST case", "POST", "/api/v1/cases", body=new_case),
        Endpoint(
            "prepare dry run",
            "POST",
            f"/api/v1/cases/{preparing}/transitions/prepare?dry_run=true",
            headers={"If-Match": prepared_etag},
        ),
    ]


def capture(api: TestClient, db: Database, counter: StatementCounter, ep: Endpoint) -> dict:
    """One request in-process: its statements, and the answer the bare app will give from memory."""
    before = counter.count
    r = api.request(ep.method, ep.path, json=ep.body, headers=ep.headers)
    statements = counter.count - before
    if r.status_code >= 300:
        raise SystemExit(f"{ep.method} {ep.path}: {r.status_code} {r.text}")
    return {
        "statements": statements,
        "status": r.status_code,
        "content_type": r.headers["content-type"],
        "body": r.text,
    }


# wrk: method, body and headers from the environment; `done` prints the numbers as one JSON line.
WRK_SCRIPT = """
wrk.method = os.getenv("BENCH_METHOD")
local body = os.getenv("BENCH_BODY")
if body ~= "" then wrk.body = body; wrk.headers["Content-Type"] = "application/json" end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local if_match = os.getenv("BENCH_IF_MATCH")
if if_match ~= "" then wrk.headers["If-Match"] = if_match end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests": %d, "seconds": %f, "p50": %f, "p99": %f, "timeouts": %d, '
    .. '"errors": %d, "non2xx": %d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.timeout,
    e.connect + e.read + e.write, e.status))
end
"""


def run_wrk(base: str, ep: Endpoint, token: str, args: argparse.Namespace, script: Path) -> dict:
    env = {
        **os.environ,
        "BENCH_METHOD": ep.method,
        "BENCH_BODY": json.dumps(ep.body) if ep.body else "",
        "BENCH_TOKEN": token,
        "BENCH_IF_MATCH": (ep.headers or {}).get("If-Match", ""),
    }
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "2s",
            "-s",
            str(script),
            base + ep.path,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    result = json.loads(line[6:])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def run_python(base: str, ep: Endpoint, token: str, args: argparse.Namespace, _script: Path) -> dict:
    """CONNECTIONS threads with a keep-alive client each, for DURATION seconds."""
    latencies: list[float] = []
    counts = {"timeouts": 0, "errors": 0, "non2xx": 0}
    stop = time.monotonic() + args.duration

    def work() -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=2) as client:
            while time.monotonic() < stop:
                start = time.perf_counter()
                try:
                    r = client.request(ep.method, ep.path, json=ep.body)
                except httpx.TimeoutException:
                    counts["timeouts"] += 1
                    continue
                latencies.append((time.perf_counter() - start) * 1000)
                counts["non2xx"] += r.status_code >= 300

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        **counts,
        **percentiles(latencies),
    }


def percentiles(latencies: list[float]) -> dict[str, float]:
    latencies = sorted(latencies) or [0.0]
    return {"p50": statistics.median(latencies), "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]}


def write_mix(base: str, token: str, au: str, forum: str, args: argparse.Namespace) -> dict:
    """CONNECTIONS threads, each walking register → prepare → agenda → convene → start → decision."""
    latencies: list[float] = []
    failures: list[str] = []
    flows = [0]
    stop = time.monotonic() + args.duration

    def call(client: httpx.Client, method: str, path: str, status: int = 200, **kw: Any) -> httpx.Response:
        start = time.perf_counter()
        r = client.request(method, path, **kw)
        latencies.append((time.perf_counter() - start) * 1000)
        if r.status_code != status:
            failures.append(f"{method} {path}: {r.status_code} {r.text[:300]}")
            raise RuntimeError
        return r

    def step(client: httpx.Client, path: str, r: httpx.Response) -> httpx.Response:
        return call(client, "POST", path, headers={"If-Match": r.headers["etag"]})

    def work(n: int) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
            days = 40 + n * 1000
            while time.monotonic() < stop:
                days += 1
                try:
                    case = call(
                        client,
                        "POST",
                        "/api/v1/cases",
                        201,
                        json={
                            "owner_body_id": au,
                            "title": "Skrivesak",
                            "kind": "decision",
                            "strategic_rationale": "Viktig.",
                            "stakeholders_involved": [],
                        },
                    )
                    cid = case.json()["id"]
                    for doc_kind in ("case_presentation", "knowledge_base"):
                        doc = call(
                            client,
                            "POST",
                            "/api/v1/documents",
                            201,
                            json={"kind": doc_kind, "title": "Dok", "body": "Tekst.", "owner_body_id": au},
                        )
                        call(
                            client,
                            "POST",
                            f"/api/v1/cases/{cid}/documents",
                            201,
                            json={"document_id": doc.json()["id"]},
                        )
                    r = step(
                        client,
                        f"/api/v1/cases/{cid}/transitions/start_preparation",
                        call(client, "GET", f"/api/v1/cases/{cid}"),
                    )
                    step(client, f"/api/v1/cases/{cid}/transitions/prepare", r)
                    meeting = call(
                        client,
                        "POST",
                        "/api/v1/meetings",
                        201,
                        json={"body_id": forum, "starts_at": future(days), "location": "Vitaminveien 4"},
                    )
                    mid = meeting.json()["id"]
                    call(client, "POST", f"/api/v1/meetings/{mid}/agenda", 201, json={"case_id": cid})
                    r = step(
                        client,
                        f"/api/v1/meetings/{mid}/transitions/convene",
                        call(client, "GET", f"/api/v1/meetings/{mid}"),
                    )
                    step(client, f"/api/v1/meetings/{mid}/transitions/start", r)
                    call(
                        client,
                        "POST",
                        f"/api/v1/meetings/{mid}/decisions",
                        201,
                        json={"case_id": cid, "kind": "recommendation", "text": "Vedtatt."},
                    )
                    flows[0] += 1
                except (RuntimeError, httpx.TimeoutException) as exc:
                    if isinstance(exc, httpx.TimeoutException):
                        failures.append("timeout")
                    return

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "flows": flows[0],
        "failures": failures[:5],
        "failed": len(failures),
        **percentiles(latencies),
    }


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")


def profile(pid: int, name: str, args: argparse.Namespace) -> subprocess.Popen:
    """py-spy recording the service for as long as the endpoint is driven, only the thread holding the
    interpreter: where the service's time goes rather than where its threads wait. The raw file is
    collapsed stacks, which speedscope, inferno or flamegraph.pl draw as a flame graph."""
    args.profile.mkdir(parents=True, exist_ok=True)
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    return subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--duration", str(args.duration), "--rate", "250", "--gil"]
        + ["--nonblocking", "--format", "raw", "-o", str(args.profile / f"{slug(name)}.raw")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def summarize(raw: Path, top: int = 25) -> None:
    """The functions whose frames were on the stack in the most samples (inclusive), and those running
    when sampled (self), from py-spy's raw (collapsed) stacks, into a .txt beside it."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        total += int(count)
        frames = stack.split(";")
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
        own[frames[-1]] = own.get(frames[-1], 0) + int(count)
    lines = [f"{total} samples"]
    for title, table in (("inclusive", inclusive), ("self", own)):
        lines.append(f"-- {title}")
        ranked = sorted(table.items(), key=lambda item: -item[1])[:top]
        lines += [f"{100 * n / max(total, 1):5.1f}%  {frame}" for frame, n in ranked]
    raw.with_suffix(".txt").write_text("\n".join(lines) + "\n")


def start_script(script: Path, arguments: list[str], port: int, log: Path) -> subprocess.Popen:
    """scripts/bare_app.py or scripts/floor_app.py on `port`, once it answers `/ready`."""
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, str(script), *arguments, str(port)], stdout=out, stderr=subprocess.STDOUT
        )
    return ready(server, port, log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--duration", type=int, default=5, help="seconds per endpoint and server")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--warmup", type=int, default=1, help="seconds each endpoint is driven on each server before it is measured"
    )
    parser.add_argument("--archive-years", type=int, default=0, help="load an archive of this many years first")
    parser.add_argument("--only", default="", help="comma-separated endpoint names (default: all)")
    parser.add_argument("--loadgen", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-result.json")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="record the service with py-spy while each endpoint is driven: DIR/<endpoint>.raw, collapsed "
        "stacks of what held the interpreter (--gil), and DIR/<endpoint>.txt, the functions that held it longest",
    )
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="also serve the checkout in DIR (e.g. `git worktree add DIR main`) on the same database "
        "and drive it in the same run: before/after on one machine at one time",
    )
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would drown the table

    url, pg_name = prepare_database(args.database)
    work = Path(tempfile.mkdtemp(prefix="samordning-bench-http-run-"))
    servers: list[subprocess.Popen] = []
    try:
        token = load(url, args.archive_years)
        db = Database(url)
        counter = StatementCounter(db)
        with TestClient(create_app(database=db), headers={"Authorization": f"Bearer {token}"}) as api:
            eps = endpoints(api)
            if args.only:
                eps = [e for e in eps if e.name in args.only.split(",")]
            captured = {e.name: capture(api, db, counter, e) for e in eps}
            bodies = {b["kind"]: b["id"] for b in ok(api.get("/api/v1/bodies", params={"limit": 200}))["items"]}
        db.dispose()
        (work / "bare.json").write_text(
            json.dumps([{"method": e.method, "path": e.path.partition("?")[0], **captured[e.name]} for e in eps])
        )

        service_port, bare_port, before_port, floor_port = free_port(), free_port(), free_port(), free_port()
        servers.append(serve(url, service_port, work / "service.log"))
        if args.before:
            servers.append(serve(url, before_port, work / "before.log", root=args.before.resolve()))
        servers.append(start_script(BARE, [str(work / "bare.json")], bare_port, work / "bare.log"))
        servers.append(start_script(FLOOR, [url], floor_port, work / "floor.log"))

        script = work / "bench.lua"
        script.write_text(WRK_SCRIPT)
        drive = run_wrk if args.loadgen == "wrk" else run_python
        print(
            f"database: {args.database}; load generator: {args.loadgen} "
            f"({args.connections} connections, {args.duration} s per endpoint and server; one uvicorn worker each)\n"
            "floor: bare FastAPI reading the same answer from the same database with SQLAlchemy Core "
            "(scripts/floor_app.py), its req/s and its ratio to the bare app"
        )
        header = (
            f"{'endpoint':<18} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'bare r/s':>8} {'ratio':>6} "
            f"{'t/o':>4} {'!2xx':>5} {'SQL':>4} {'floor':>6} {'ratio':>6}"
            + (f" | {'before':>6} {'p99':>7} {'ratio':>6} {'t/o':>4}" if args.before else "")
        )
        print(header + "\n" + "-" * len(header))
        results: dict[str, Any] = {}
        warm_args = argparse.Namespace(**{**vars(args), "duration": args.warmup})

        def warm(port: int, ep: Endpoint) -> None:
            """A first answer renders what later ones reuse: each server is driven a while before it counts."""
            if args.warmup:
                drive(f"http://127.0.0.1:{port}", ep, token, warm_args, script)

        def measure(port: int, ep: Endpoint) -> dict:
            warm(port, ep)
            return drive(f"http://127.0.0.1:{port}", ep, token, args, script)

        for ep in eps:
            warm(service_port, ep)  # before the profiler starts
            recorder = profile(servers[0].pid, ep.name, args) if args.profile else None
            service = drive(f"http://127.0.0.1:{service_port}", ep, token, args, script)
            if recorder is not None:
                recorder.wait()
                summarize(args.profile / f"{slug(ep.name)}.raw")
            baseline = measure(bare_port, ep)
            row = {
                "method": ep.method,
                "path": ep.path,
                "statements": captured[ep.name]["statements"],
                "service": service,
                "bare": baseline,
                "ratio": service["rps"] / baseline["rps"],
            }
            line = (
                f"{ep.name:<18} {service['rps']:>7.0f} {service['p50']:>7.1f} {service['p99']:>7.1f} "
                f"{baseline['rps']:>8.0f} {row['ratio']:>6.2f} {service['timeouts']:>4} {service['non2xx']:>5} "
                f"{row['statements']:>4}"
            )
            if ep.floor:
                floor = row["floor"] = measure(floor_port, ep)
                row["floor_ratio"] = floor["rps"] / baseline["rps"]
                line += f" {floor['rps']:>6.0f} {row['floor_ratio']:>6.2f}"
            else:
                line += f" {'':>6} {'':>6}"
            if args.before:
                before = row["before"] = measure(before_port, ep)
                row["before_ratio"] = before["rps"] / baseline["rps"]
                line += (
                    f" | {before['rps']:>6.0f} {before['p99']:>7.1f} {row['before_ratio']:>6.2f} "
                    f"{before['timeouts']:>4}"
                )
            results[ep.name] = row
            print(line)
        if not args.only or "write mix" in args.only.split(","):
            mix = write_mix(
                f"http://127.0.0.1:{service_port}",
                token,
                bodies["working_committee"],
                bodies["top_leaders_forum"],
                args,
            )
            results["write mix"] = {"service": mix}
            print(
                f"{'write mix':<18} {mix['rps']:>7.0f} {mix['p50']:>7.1f} {mix['p99']:>7.1f} "
                f"{'':>8} {'':>6} {'':>4} {mix['failed']:>5}    ({mix['flows']} case→decision flows"
                f"{'; ' + mix['failures'][0] if mix['failures'] else ''})"
            )
            if args.before:
                before = results["write mix"]["before"] = write_mix(
                    f"http://127.0.0.1:{before_port}",
                    token,
                    bodies["working_committee"],
                    bodies["top_leaders_forum"],
                    args,
                )
                print(
                    f"{'write mix before':<18} {before['rps']:>7.0f} {before['p50']:>7.1f} {before['p99']:>7.1f} "
                    f"{'':>8} {'':>6} {'':>4} {before['failed']:>5}    ({before['flows']} flows"
                    f"{'; ' + before['failures'][0] if before['failures'] else ''})"
                )
        args.json.write_text(
            json.dumps(
                {
                    "database": args.database,
                    "loadgen": args.loadgen,
                    "connections": args.connections,
                    "duration": args.duration,
                    "at": datetime.now(UTC).isoformat(),
                    "endpoints": results,
                },
                indent=2,
            )
        )
        print(f"\nwrote {args.json}")
    finally:
        for server in servers:
            server.terminate()
            server.wait()
        drop_database(pg_name)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
