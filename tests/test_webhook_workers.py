"""Worker processes (`samordning worker`) against a real receiver: nothing lost across a kill -9 and a
restart, and two workers on one PostgreSQL never send the same delivery twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from app.webhooks.models import WebhookEvent, WebhookSubscription
from app.webhooks.worker import SEND_BATCH
from tests.flows import au_case, forum_meeting, ok, prepared_case, put_on_agenda, transition
from tests.webhook_receiver import receiver

ROOT = Path(__file__).resolve().parent.parent


def start_worker(database: Any) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "SAMORDNING_WEBHOOKS_ALLOW_LOOPBACK": "true",
        "SAMORDNING_WEBHOOKS_LEASE_SECONDS": "2",
        "SAMORDNING_WEBHOOKS_POLL_SECONDS": "0.05",
        "SAMORDNING_WEBHOOKS_RETRY_BASE_SECONDS": "0.1",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], cwd=ROOT, env=env)


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def event_ids(database: Any, event_type: str | None = None) -> list[str]:
    stmt = select(WebhookEvent.id).order_by(WebhookEvent.at, WebhookEvent.position)
    if event_type is not None:
        stmt = stmt.where(WebhookEvent.type == event_type)
    with database.sessionmaker() as session:
        return [str(i) for i in session.scalars(stmt)]


def first_occurrences(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def test_nothing_is_lost_when_a_worker_is_killed_and_another_starts(api, seeded, database, webhook_settings) -> None:
    with receiver() as rx:
        rx.delay = 0.05
        hook = ok(
            api.post(
                "/api/v1/webhooks",
                json={"url": f"{rx.url}/", "event_types": ["case.registered"], "include_non_public": True},
            ),
            201,
        )
        rx.secrets["/"] = hook["secret"]
        for i in range(30):
            au_case(api, seeded, title=f"Sak {i}")
        events = event_ids(database)
        first = start_worker(database)
        try:
            wait_for(lambda: len(rx.ids()) >= 8)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait()
        assert len(rx.ids()) < len(events)
        second = start_worker(database)
        try:
            wait_for(lambda: set(rx.answered()) >= set(events))
        finally:
            second.terminate()
            second.wait(10)
        received = rx.ids()
        assert first_occurrences(received) == events  # in order, none lost
        # Sent again: at most the batch whose outcomes the killed worker had not yet written.
        assert len(received) - len(events) <= SEND_BATCH
        assert all(r.verified for r in rx.received)


def test_two_workers_share_the_work_without_sending_anything_twice(
    api, seeded, database, webhook_settings, backend
) -> None:
    if backend != "postgresql":
        pytest.skip("several workers share the work on PostgreSQL; on SQLite one worker suffices")
    paths = ["/a", "/b", "/c", "/d"]
    with receiver() as rx:
        rx.delay = 0.005
        for path in paths:
            hook = ok(
                api.post(
                    "/api/v1/webhooks",
                    json={"url": f"{rx.url}{path}", "event_types": ["case.registered"], "include_non_public": True},
                ),
                201,
            )
            rx.secrets[path] = hook["secret"]
        workers = [start_worker(database) for _ in range(2)]
        try:
            for i in range(25):
                au_case(api, seeded, title=f"Sak {i}")
            events = event_ids(database)
            wait_for(lambda: all(set(rx.answered(p)) >= set(events) for p in paths))
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(10)
        for path in paths:
            assert rx.ids(path) == events, path  # each once, in order
        assert all(r.verified for r in rx.received)


def test_a_delivery_that_cannot_be_sent_never_stops_the_worker(api, seeded, database, webhook_settings) -> None:
    """Issue 27, finding 1: a person with no seat subscribed `…/hook/ø`; at the next public event the
    worker died of a UnicodeEncodeError in http.client, on every restart, and nobody else got anything."""
    nobody = api.as_person(ok(api.post("/api/v1/persons", json={"name": "Uten verv"}), 201)["id"])
    with receiver() as rx:
        odd = ok(
            nobody.post("/api/v1/webhooks", json={"url": f"{rx.url}/hook/ø", "event_types": ["publication.published"]}),
            201,
        )
        assert odd["url"] == f"{rx.url}/hook/%C3%B8"  # stored as it is called
        rx.secrets["/hook/%C3%B8"] = odd["secret"]
        # One stored before URLs were normalised, as it was: the worker must cope with it too.
        legacy = ok(
            api.post("/api/v1/webhooks", json={"url": f"{rx.url}/legacy", "event_types": ["publication.published"]}),
            201,
        )
        with database.write_sessionmaker.begin() as session:
            session.execute(
                update(WebhookSubscription)
                .where(WebhookSubscription.id == uuid.UUID(legacy["id"]))
                .values(url=f"{rx.url}/legacy/å b")
            )
        rx.secrets["/legacy/%C3%A5%20b"] = legacy["secret"]
        other = ok(
            api.post("/api/v1/webhooks", json={"url": f"{rx.url}/", "event_types": ["publication.published"]}), 201
        )
        rx.secrets["/"] = other["secret"]
        case = prepared_case(api, seeded)
        meeting = forum_meeting(api, seeded)
        put_on_agenda(api, meeting["id"], case["id"])
        transition(api, "meeting", meeting["id"], "convene")  # publishes the agenda and the case documents
        published = event_ids(database, "publication.published")
        assert published
        worker = start_worker(database)
        try:
            wait_for(
                lambda: all(set(rx.answered(p)) >= set(published) for p in ("/", "/hook/%C3%B8", "/legacy/%C3%A5%20b"))
            )
            assert worker.poll() is None  # still running
        finally:
            worker.terminate()
            worker.wait(10)
        assert all(r.verified for r in rx.received)
