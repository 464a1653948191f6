"""The audit log is a hash chain: `samordning audit verify` finds it intact after real writes, also
concurrent ones, and names the first broken link when a row is changed or removed behind the
service's back. The chain survives the round trip through both databases and the migration."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timedelta, timezone
from itertools import pairwise

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from app.audit import service
from app.audit.chain import GENESIS, Verdict, event_hash, verify
from app.audit.models import AuditEvent
from app.cli import _alembic_config
from app.db import Database, UtcDateTime
from tests.conftest import make_token
from tests.flows import HDIR, correct, member, ok
from tests.publication_scenario import Scenario

WRITERS, WRITES_EACH = 10, 5


def _events(database: Database) -> list[AuditEvent]:
    with database.sessionmaker() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def _verify(database: Database) -> Verdict:
    with database.sessionmaker() as session:
        return verify(session)


def _record(database: Database, *entity_ids: uuid.UUID) -> None:
    with database.write_sessionmaker.begin() as session:
        for entity_id in entity_ids:
            service.record(session, "test", "create", "organization", entity_id, None, {"name": "x"})


@pytest.fixture
def written(api, seeded, database) -> list[AuditEvent]:  # noqa: ANN001
    """The seed's events and three organizations created through the API."""
    for name in ("Første aktør", "Andre «aktør»", "Tredje aktør"):
        assert api.post("/api/v1/organizations", json={"name": name}).status_code == 201
    return _events(database)


def test_events_written_through_the_api_form_an_intact_chain(written, cli) -> None:  # noqa: ANN001
    assert [e.seq for e in written] == list(range(1, len(written) + 1))
    assert written[0].prev_hash == GENESIS
    assert all(e.prev_hash == before.hash for before, e in pairwise(written))
    assert [e.after["name"] for e in written[-3:]] == ["Første aktør", "Andre «aktør»", "Tredje aktør"]
    code, out, _ = cli("audit", "verify")
    assert (code, out) == (0, [f"audit log intact: {len(written)} events", f"last hash: {written[-1].hash}"])


def test_an_empty_log_is_intact(cli) -> None:  # noqa: ANN001
    assert cli("audit", "verify")[:2] == (0, ["audit log intact: 0 events", f"last hash: {GENESIS}"])


def _sql(database: Database, statement: str, **params: object) -> None:
    with database.engine.begin() as conn:
        conn.execute(text(statement), params)


def test_a_row_edited_behind_the_services_back_is_named(written, database, cli) -> None:  # noqa: ANN001
    target = written[len(written) // 2]
    forged = json.dumps({**(target.after or {}), "name": "Forfalsket"})
    _sql(database, "UPDATE audit_events SET after = :after WHERE seq = :seq", after=forged, seq=target.seq)
    code, out, _ = cli("audit", "verify")
    assert code == 1
    assert out[0].startswith(
        f"audit log broken at seq {target.seq}, event {target.id}: hash mismatch ({target.hash} stored, "
    )
    assert out[0].endswith(f"the {target.seq - 1} events before it are intact")


def test_an_edited_row_with_its_hash_recomputed_breaks_the_next_link(written, database, cli) -> None:  # noqa: ANN001
    target, following = written[-2], written[-1]
    target.after = {**(target.after or {}), "name": "Forfalsket"}
    forged_hash = event_hash(target, target.seq, target.prev_hash)
    _sql(
        database,
        "UPDATE audit_events SET after = :after, hash = :hash WHERE seq = :seq",
        after=json.dumps(target.after),
        hash=forged_hash,
        seq=target.seq,
    )
    code, out, _ = cli("audit", "verify")
    assert code == 1
    assert out[0].startswith(
        f"audit log broken at seq {following.seq}, event {following.id}: prev_hash mismatch "
        f"({following.prev_hash} stored, the hash of seq {target.seq} is {forged_hash})"
    )


def test_a_deleted_event_leaves_a_gap(written, database, cli) -> None:  # noqa: ANN001
    gone, following = written[3], written[4]
    _sql(database, "DELETE FROM audit_events WHERE seq = :seq", seq=gone.seq)
    code, out, _ = cli("audit", "verify")
    assert code == 1
    assert out[0].startswith(
        f"audit log broken at seq {following.seq}, event {following.id}: gap in seq (expected seq {gone.seq})"
    )


def test_the_last_event_deleted_is_missed_by_the_chain_head(written, database, cli) -> None:  # noqa: ANN001
    last = written[-1]
    _sql(database, "DELETE FROM audit_events WHERE seq = :seq", seq=last.seq)
    code, out, _ = cli("audit", "verify")
    assert code == 1
    assert out[0].startswith(
        f"audit log broken at seq {last.seq}: gap in seq (the chain head is at seq {last.seq}, "
        f"the last event at seq {last.seq - 1})"
    )


def test_events_added_behind_the_services_back_do_not_match_the_head(written, database) -> None:  # noqa: ANN001
    _sql(database, "UPDATE audit_chain_head SET seq = seq - 1")
    assert _verify(database).broken.startswith(f"the chain head: seq {len(written) - 1} with hash")


@pytest.mark.parametrize("end", ["rollback", "close"])
def test_a_transaction_ended_without_commit_appends_nothing(database, end) -> None:  # noqa: ANN001
    """A rejected request rolls back; a session used again starts from an empty queue."""
    kept, dropped = uuid.uuid4(), uuid.uuid4()
    with database.write_sessionmaker() as session:
        service.record(session, "test", "create", "organization", dropped, None, {"name": "x"})
        getattr(session, end)()
        service.record(session, "test", "create", "organization", kept, None, {"name": "x"})
        session.commit()
    assert [(e.seq, e.entity_id) for e in _events(database)] == [(1, kept)]
    assert _verify(database).broken is None


def test_events_of_a_rolled_back_savepoint_are_not_appended(database) -> None:  # noqa: ANN001
    first, inside, released = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with database.write_sessionmaker.begin() as session:
        service.record(session, "test", "create", "organization", first, None, None)
        with pytest.raises(ZeroDivisionError), session.begin_nested():
            service.record(session, "test", "create", "organization", inside, None, None)
            raise ZeroDivisionError
        with session.begin_nested():
            service.record(session, "test", "create", "organization", released, None, None)
        # Appended at the commit, not when a savepoint is released: the chain head's lock comes last.
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert [(e.seq, e.entity_id) for e in _events(database)] == [(1, first), (2, released)]
    assert _verify(database) == Verdict(2, _events(database)[-1].hash)


def test_times_and_json_survive_the_round_trip(database, monkeypatch) -> None:  # noqa: ANN001
    """Whole seconds and other offsets for `at`; unsorted keys, floats, big numbers, bokmål and a
    dict the caller changes after recording: the hash at commit still matches the stored row."""
    times = iter(
        [
            datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone(timedelta(hours=2))),
            datetime(2026, 3, 1, 10, 0, 0, 1, tzinfo=timezone.utc),
            datetime(2026, 3, 1, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
        ]
    )
    monkeypatch.setattr(service, "utcnow", lambda: next(times))
    after = {"ø": 1.5, "b": [1, {"z": None, "a": "æ\u2028«»"}], "a": 2**60, "tiny": 1e-7, "zero": -0.0, "t": True}
    with database.write_sessionmaker.begin() as session:
        for _ in range(3):
            service.record(session, "person:ærlig", "update", "organization", uuid.uuid4(), {"b": 1, "a": 2}, after)
        after["ø"] = "changed by the caller afterwards"
    events = _events(database)
    assert [e.at for e in events] == [
        datetime(2026, 3, 1, 10, 0, 0, tzinfo=timezone.utc),
        datetime(2026, 3, 1, 10, 0, 0, 1, tzinfo=timezone.utc),
        datetime(2026, 3, 2, 5, 29, 59, 999999, tzinfo=timezone.utc),
    ]
    assert events[0].after["ø"] == 1.5 and events[0].after["a"] == 2**60
    assert _verify(database) == Verdict(3, events[-1].hash)


def test_concurrent_writers_through_a_real_server_keep_the_chain_intact(database, server_url, cli) -> None:  # noqa: ANN001
    """Ten writers released together on an empty log: they race to start the chain, then to append."""
    token, barrier, statuses = make_token(database), threading.Barrier(WRITERS), []

    def write(writer: int) -> None:
        with httpx.Client(base_url=server_url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            barrier.wait()
            for n in range(WRITES_EACH):
                statuses.append(
                    client.post("/api/v1/organizations", json={"name": f"Samtidig {writer}-{n}"}).status_code
                )

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [201] * WRITERS * WRITES_EACH
    code, out, _ = cli("audit", "verify")
    assert (code, out[0]) == (0, f"audit log intact: {WRITERS * WRITES_EACH} events")


# audit_events as revision 0004 left it: no chain columns yet.
EVENTS_BEFORE_THE_CHAIN = sa.table(
    "audit_events",
    sa.column("id", sa.Uuid()),
    sa.column("at", UtcDateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity_type", sa.String()),
    sa.column("entity_id", sa.Uuid()),
    sa.column("before", sa.JSON()),
    sa.column("after", sa.JSON()),
)


def test_the_migration_chains_existing_events_in_time_order(fresh_url) -> None:  # noqa: ANN001
    cfg = _alembic_config(fresh_url)
    command.upgrade(cfg, ScriptDirectory.from_config(cfg).get_revision("0005").down_revision)
    noon = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
    rows = [
        {
            "id": uuid.uuid4(),
            "at": noon + timedelta(microseconds=m),
            "actor": "secretariat:Sekretariatet",
            "action": "update",
            "entity_type": "organization",
            "entity_id": uuid.uuid4(),
            "before": None if m % 2 else {"name": "Før", "z": [1.5, None]},
            "after": {"navn": f"Etter «{m}»", "a": m},
        }
        for m in (500_000, 0, 0, 0, 999_999, 1, 500_000)  # out of order, with ties broken by id
    ]
    db = Database(fresh_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(EVENTS_BEFORE_THE_CHAIN.insert(), rows)
        command.upgrade(cfg, "head")
        events = _events(db)
        assert [e.id for e in events] == [r["id"] for r in sorted(rows, key=lambda r: (r["at"], r["id"]))]
        assert _verify(db) == Verdict(len(rows), events[-1].hash)
        _record(db, uuid.uuid4())  # the service appends where the migration left off
        assert _verify(db) == Verdict(len(rows) + 1, _events(db)[-1].hash)
    finally:
        db.dispose()


def test_the_api_verifies_the_chain_for_the_secretariat(written, database, api, seeded) -> None:  # noqa: ANN001
    status = ok(api.get("/api/v1/audit-events/verification"))
    assert status["intact"] is True and status["broken"] is None
    assert (status["events"], status["last_hash"]) == (len(written), written[-1].hash)
    assert datetime.fromisoformat(status["checked_at"]).tzinfo is not None
    target = written[2]
    _sql(database, "UPDATE audit_events SET actor = 'forfalsket' WHERE seq = :seq", seq=target.seq)
    status = ok(api.get("/api/v1/audit-events/verification"))
    assert status["intact"] is False and status["events"] == target.seq - 1
    assert status["broken"].startswith(f"seq {target.seq}, event {target.id}: hash mismatch")
    au_leader = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "AU-leder", role="chair")["id"])
    assert au_leader.get("/api/v1/audit-events/verification").status_code == 403


def test_the_log_reads_newest_first_page_by_page(written, api) -> None:  # noqa: ANN001
    first = ok(api.get("/api/v1/audit-events", params={"sort": "-at", "limit": 2}))
    second = ok(api.get("/api/v1/audit-events", params={"sort": "-at", "limit": 2, "cursor": first["next_cursor"]}))
    newest = [str(e.id) for e in sorted(written, key=lambda e: (e.at, e.id), reverse=True)[:4]]
    assert [e["id"] for e in first["items"] + second["items"]] == newest
    named = ok(api.get("/api/v1/audit-events", params={"sort": "-at", "entity_type": "organization", "limit": 1}))
    assert named["items"][0]["after"]["name"] == "Tredje aktør"
    # A cursor holds for the order it came from.
    r = api.get("/api/v1/audit-events", params={"cursor": first["next_cursor"]})
    assert r.status_code in (400, 422) and r.headers["content-type"] == "application/problem+json"
    assert api.get("/api/v1/audit-events", params={"sort": "at,-at"}).status_code == 422


def test_the_walk_reads_batch_by_batch_and_finds_a_break_in_a_later_batch(written, database, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr("app.audit.chain.VERIFY_BATCH", 2)
    assert _verify(database) == Verdict(len(written), written[-1].hash)
    target = written[-2]
    _sql(database, "UPDATE audit_events SET action = 'forfalsket' WHERE seq = :seq", seq=target.seq)
    verdict = _verify(database)
    assert verdict.events == target.seq - 1 and f"seq {target.seq}, event {target.id}: hash mismatch" in verdict.broken


def test_the_log_names_who_made_each_event_readably(written, api, seeded) -> None:  # noqa: ANN001
    person = member(api, seeded.au, seeded.organizations[HDIR], "Kari Revisor", role="chair")
    case = ok(
        api.as_person(person["id"]).post(
            "/api/v1/cases", json={"owner_body_id": seeded.au, "title": "Sak", "kind": "decision"}
        ),
        201,
    )
    [event] = ok(api.get("/api/v1/audit-events", params={"entity_id": case["id"]}))["items"]
    assert (event["actor"], event["actor_name"]) == (f"person:{person['id']}", "Kari Revisor")
    [first] = ok(api.get("/api/v1/audit-events", params={"limit": 1}))["items"]
    assert first["actor_name"] == first["actor"].partition(":")[2]


def test_the_audit_log_lists_a_published_correction(app, client, api) -> None:  # noqa: ANN001
    """Its entity is the new version (`document_version`): the list answered 500 (schemathesis found it)."""
    scenario = Scenario(app.state.db, app.state.engine).setup().convene()
    ok(correct(api, str(scenario.ids["presentation"]), json={"body": "Rettet.", "reason": "Feil."}), 201)
    events = ok(api.get("/api/v1/audit-events", params={"entity_type": "document_version"}))["items"]
    assert [(e["action"], e["entity_type"]) for e in events] == [("publish", "document_version")]
