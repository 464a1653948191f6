"""Writers queue for the write lock up front (SQLite: a lock of the process, then BEGIN IMMEDIATE) and
let go of it however their transaction ends; a dry run only reads, so it answers while a writer works."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from tests.flows import etag, prepared_case

WRITERS = 16


def test_the_write_queue_is_released_on_commit_rollback_and_error(database) -> None:
    if database.is_postgresql:
        pytest.skip("SQLite's write queue")
    with database.write_sessionmaker.begin() as session:
        session.execute(text("SELECT 1"))
    with database.write_sessionmaker() as session:
        session.execute(text("SELECT 1"))
        session.rollback()
    with pytest.raises(RuntimeError), database.write_sessionmaker.begin() as session:
        session.execute(text("SELECT 1"))
        raise RuntimeError("a transaction that fails half-way")
    started = time.monotonic()
    with database.write_sessionmaker.begin() as session:  # would wait out the 30 s timeout if one leaked
        session.execute(text("SELECT 1"))
    assert time.monotonic() - started < 5


def test_sixteen_writers_at_once_all_succeed(api, seeded, database) -> None:
    statuses: list[int] = []
    barrier = threading.Barrier(WRITERS)

    def write(n: int) -> None:
        barrier.wait()
        payload = {"owner_body_id": seeded.au, "title": f"Samtidig sak {n}", "kind": "information"}
        statuses.append(api.post("/api/v1/cases", json=payload).status_code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [201] * WRITERS


def test_a_dry_run_answers_while_a_writer_holds_the_write_lock(api, seeded, database) -> None:
    case = prepared_case(api, seeded)
    if_match = etag(api, f"/api/v1/cases/{case['id']}")
    with database.write_sessionmaker.begin() as session:
        if database.is_postgresql:  # the row lock a transition takes
            session.execute(text("SELECT id FROM cases WHERE id = :id FOR UPDATE"), {"id": case["id"]})
        else:  # SQLite's write lock
            session.execute(text("UPDATE cases SET summary = summary WHERE id IS NULL"))
        r = api.post(f"/api/v1/cases/{case['id']}/transitions/note?dry_run=true", headers={"If-Match": if_match})
    assert r.status_code == 200, r.text
    assert r.json()["allowed"] is False
