"""Webhooks, measured: what the outbox adds to a write, and how many events/s the worker delivers.

    python scripts/bench_webhooks.py [--writes 300] [--events 1000] [--workers 1]

On DATABASE_URL (by default a temporary SQLite file; point it only at a throwaway database): registers
cases through the app in-process (POST /api/v1/cases, one `case.registered` event each) in
interleaved rounds without the outbox (its handlers unsubscribed), with the outbox and no subscription,
and with the outbox and one subscription (a delivery row too), and prints each round's median and p95.
Then it lets WORKERS `samordning worker` processes deliver EVENTS pending events to a local receiver
on 127.0.0.1 that verifies every signature, and prints events/s from the first to the last delivery.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["SAMORDNING_WEBHOOKS_ALLOW_LOOPBACK"] = "true"

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import events  # noqa: E402
from app.auth.service import create_token  # noqa: E402
from app.bodies.models import Body  # noqa: E402
from app.cli import migrate  # noqa: E402
from app.db import Database  # noqa: E402
from app.main import create_app  # noqa: E402
from app.seed.service import seed  # noqa: E402
from app.webhooks import outbox  # noqa: E402
from app.webhooks.models import WebhookDelivery  # noqa: E402
from tests.webhook_receiver import receiver  # noqa: E402

ROUNDS = 6


def outbox_handlers() -> dict[str, list]:
    return {
        name: [h for h in handlers if h.__module__ == outbox.__name__] for name, handlers in events._handlers.items()
    }


def set_outbox(on: bool, saved: dict[str, list]) -> None:
    for name, handlers in saved.items():
        for handler in handlers:
            if on and handler not in events._handlers[name]:
                events._handlers[name].append(handler)
            elif not on and handler in events._handlers[name]:
                events._handlers[name].remove(handler)


def timed_writes(client: TestClient, au: str, count: int) -> list[float]:
    latencies = []
    for i in range(count):
        start = time.perf_counter()
        r = client.post("/api/v1/cases", json={"owner_body_id": au, "title": f"Måling {i}", "kind": "decision"})
        latencies.append(time.perf_counter() - start)
        assert r.status_code == 201, r.text
    return latencies


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    return (
        f"median {statistics.median(ordered) * 1000:.2f} ms, "
        f"p95 {ordered[round(0.95 * (len(ordered) - 1))] * 1000:.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writes", type=int, default=300, help="writes per variant")
    parser.add_argument("--events", type=int, default=1000, help="events for the delivery measurement")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="samordning-bench-webhooks-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    migrate(url)
    db = Database(url)
    with db.write_sessionmaker.begin() as session:
        seed(session)
        _, token = create_token(session, "bench-webhooks", "secretariat")
        au = str(session.scalar(select(Body.id).where(Body.kind == "working_committee")))
    client = TestClient(create_app(database=db))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    client.headers["Authorization"] = f"Bearer {token}"
    saved = outbox_handlers()
    backend = db.engine.url.get_backend_name()

    with receiver() as rx:
        timed_writes(client, au, 20)  # warm up
        variants: dict[str, list[float]] = {
            "without outbox": [],
            "outbox, no subscription": [],
            "outbox, one subscription": [],
        }
        per_round = max(1, args.writes // ROUNDS)
        hook = None
        for _ in range(ROUNDS):
            for name in variants:  # interleaved, so drift in the machine's load hits all alike
                set_outbox(name != "without outbox", saved)
                if name == "outbox, one subscription" and hook is None:
                    hook = client.post(
                        "/api/v1/webhooks",
                        json={"url": f"{rx.url}/", "include_non_public": True, "event_types": ["case.registered"]},
                    ).json()
                    rx.secrets["/"] = hook["secret"]
                if name != "outbox, one subscription" and hook is not None:
                    client.patch(
                        f"/api/v1/webhooks/{hook['id']}",
                        json={"active": False},
                        headers={"If-Match": client.get(f"/api/v1/webhooks/{hook['id']}").headers["etag"]},
                    )
                elif hook is not None:
                    client.patch(
                        f"/api/v1/webhooks/{hook['id']}",
                        json={"active": True},
                        headers={"If-Match": client.get(f"/api/v1/webhooks/{hook['id']}").headers["etag"]},
                    )
                variants[name] += timed_writes(client, au, per_round)
        print(f"{backend}: POST /api/v1/cases, {per_round * ROUNDS} writes per variant in {ROUNDS} interleaved rounds")
        for name, latencies in variants.items():
            print(f"  {name:26} {summary(latencies)}")

        # Pending deliveries for the worker: the measured writes' and more, up to --events.
        with db.sessionmaker() as session:
            pending = session.scalar(select(func.count()).select_from(WebhookDelivery))
        if pending < args.events:
            timed_writes(client, au, args.events - pending)
        with db.sessionmaker() as session:
            total = session.scalar(select(func.count()).select_from(WebhookDelivery))
        env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "SAMORDNING_WEBHOOKS_POLL_SECONDS": "0.05"}
        started = time.perf_counter()
        workers = [
            subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], cwd=ROOT, env=env)
            for _ in range(args.workers)
        ]
        try:
            while len(rx.answered()) < total:
                time.sleep(0.02)
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait()
        seconds = time.perf_counter() - started
        assert all(r.verified for r in rx.received)
        print(
            f"{backend}: {total} events delivered by {args.workers} worker(s) to one subscription on 127.0.0.1 "
            f"in {seconds:.1f} s (worker start included): {total / seconds:.0f} events/s"
        )
    db.dispose()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
