"""Webhooks: the outbox is written with the change, subscriptions are checked, and the worker delivers
to a real receiver that verifies each signature with the `standardwebhooks` reference library."""

from __future__ import annotations

import json
import re
import socket
import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from app.config import get_settings
from app.webhooks import transport
from app.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from app.webhooks.schemas import EventType
from app.webhooks.worker import Worker
from tests.flows import (
    HDIR,
    au_case,
    etag,
    forum_meeting,
    future,
    member,
    ok,
    patch_current,
    post_transition,
    prepared_case,
    put_on_agenda,
    transition,
)
from tests.webhook_payloads import DOCUMENT, assert_documented
from tests.webhook_receiver import receiver

ALL_TYPES = [
    "case.registered",
    "case.prepared",
    "case.returned",
    "case.decided",
    "case.noted",
    "meeting.convened",
    "meeting.started",
    "meeting.closed",
    "meeting.minutes_approved",
    "meeting.cancelled",
    "agenda.revised",
    "decision.recorded",
    "decision.follow_up_changed",
    "subcommittee.established",
    "subcommittee.delivered",
    "subcommittee.dissolved",
    "publication.published",
    "publication.corrected",
]


def deliver(database: Any, settings: Any, **overrides: Any) -> None:
    Worker(database, settings.model_copy(update=overrides)).run(threading.Event(), once=True)


def subscribe(api: Any, url: str, types: list[str] | None = None, status: int = 201, **fields: Any) -> dict:
    return ok(api.post("/api/v1/webhooks", json={"url": url, "event_types": types or ALL_TYPES, **fields}), status)


def outbox(database: Any) -> list[WebhookEvent]:
    """The events written, each as the worker will send it: checked against the documented payload."""
    with database.sessionmaker() as session:
        events = list(session.scalars(select(WebhookEvent).order_by(WebhookEvent.at, WebhookEvent.position)))
    for event in events:
        assert_documented(event.payload)
    return events


def deliveries(api: Any, webhook_id: str) -> list[dict]:
    return ok(api.get(f"/api/v1/webhooks/{webhook_id}/deliveries", params={"limit": 200}))["items"]


# -- the outbox ----------------------------------------------------------------------------------


def test_every_event_type_has_its_payload_documented_in_the_openapi_webhooks() -> None:
    """Issue 28, item 5: one `webhooks:` entry per family, a named schema per payload, every type covered."""
    documented: dict[str, str] = {}
    for family, ops in DOCUMENT["webhooks"].items():
        body = json.dumps(ops["post"]["requestBody"])
        for name in sorted(set(re.findall(r'"#/components/schemas/(\w+)"', body))):
            kind = DOCUMENT["components"]["schemas"][name]["properties"]["type"]
            for value in kind.get("enum") or [kind["const"]]:
                assert value.split(".")[0] == family and value not in documented, (value, name)
                documented[value] = name
    assert set(documented) == {t.value for t in EventType} == set(ALL_TYPES)


def test_a_payload_off_the_documented_shape_is_caught() -> None:
    """The check the outbox helper makes of every event fails on a payload that is not as documented."""
    ok_payload = {
        "type": "case.prepared",
        "timestamp": "2027-03-12T10:00:00Z",
        "data": {
            "entity_type": "case",
            "id": "6f1c0d2e-9b7a-4c3f-8e5d-2a1b0c9f8e7d",
            "url": "http://testserver/api/v1/cases/6f1c0d2e-9b7a-4c3f-8e5d-2a1b0c9f8e7d",
            "public": False,
            "public_url": None,
            "body_id": "6f1c0d2e-9b7a-4c3f-8e5d-2a1b0c9f8e7d",
            "number": "3/2027",
            "title": "Sak",
            "status": "prepared",
        },
    }
    assert_documented(ok_payload)
    for broken in ({"status": "ready"}, {"extra": 1}, {"number": 3}):
        with pytest.raises(AssertionError):
            assert_documented({**ok_payload, "data": {**ok_payload["data"], **broken}})


def test_links_use_the_servers_address_unless_a_base_is_set(
    api, seeded, database, webhook_settings, monkeypatch
) -> None:
    """Issue 28, item 5: `data.url` named the default base (127.0.0.1:8000) wherever the service ran.
    Never the Host header: a caller could put its own domain in links delivered to others."""
    subscribe(api, "http://127.0.0.1:9/", include_non_public=True)
    case = au_case(api, seeded)
    assert outbox(database)[-1].payload["data"]["url"] == f"http://testserver/api/v1/cases/{case['id']}"
    payload = {"owner_body_id": seeded.au, "title": "Sak", "kind": "decision"}
    case = ok(api.post("/api/v1/cases", json=payload, headers={"Host": "angriper.example"}), 201)
    assert outbox(database)[-1].payload["data"]["url"] == f"http://testserver/api/v1/cases/{case['id']}"
    monkeypatch.setenv("SAMORDNING_PUBLIC_BASE_URL", "https://samordning.example.no/")
    get_settings.cache_clear()
    case = au_case(api, seeded)
    assert outbox(database)[-1].payload["data"]["url"] == f"https://samordning.example.no/api/v1/cases/{case['id']}"


def test_revised_agendas_and_cancelled_meetings_are_sent_as_documented(api, seeded, database, webhook_settings) -> None:
    subscribe(api, "http://127.0.0.1:9/", include_non_public=True)
    first, second = prepared_case(api, seeded), prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded, starts_at=future(3))
    put_on_agenda(api, meeting["id"], first["id"])
    transition(api, "meeting", meeting["id"], "convene")
    added = {"case_id": second["id"], "reason": "Haster.", "reason_public": True}
    ok(api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json=added), 201)
    transition(api, "meeting", meeting["id"], "cancel")
    types = {e.type for e in outbox(database)}  # each checked against the document
    assert {"agenda.revised", "meeting.cancelled", "publication.published"} <= types


def test_a_forum_cycle_writes_its_events_to_the_outbox_with_the_change(api, seeded, database, webhook_settings) -> None:
    subscribe(api, "http://127.0.0.1:9/", include_non_public=True)
    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded, starts_at=future(0))
    ok(api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": case["id"]}), 201)
    transition(api, "meeting", meeting["id"], "convene")
    transition(api, "meeting", meeting["id"], "start")
    decision = ok(
        api.post(
            f"/api/v1/meetings/{meeting['id']}/decisions",
            json={"case_id": case["id"], "kind": "recommendation", "text": "Vedtatt."},
        ),
        201,
    )
    transition(api, "meeting", meeting["id"], "close")
    transition(api, "decision", decision["id"], "start_follow_up", note="AU følger opp.")
    events = outbox(database)
    types = [e.type for e in events]
    assert [t for t in types if not t.startswith("publication.")] == [
        "case.registered",
        "case.prepared",
        "meeting.convened",
        "meeting.started",
        "case.decided",
        "decision.recorded",
        "meeting.closed",
        "decision.follow_up_changed",
    ]
    assert "publication.published" in types  # the agenda and the case documents, when convened
    convened = next(e for e in events if e.type == "meeting.convened")
    assert convened.public and convened.body_id is None
    assert convened.payload["data"]["url"].endswith(f"/api/v1/meetings/{meeting['id']}")
    assert convened.payload["data"]["public_url"].endswith(f"/moter/{meeting['id']}")
    registered = events[0]
    assert not registered.public and str(registered.body_id) == seeded.au
    assert registered.payload["data"]["public_url"] is None
    with database.sessionmaker() as session:
        # One delivery per event: the subscription takes every type, non-public ones too.
        assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == len(events)


def test_a_rejected_request_writes_no_event(api, seeded, database, webhook_settings) -> None:
    subscribe(api, "http://127.0.0.1:9/", include_non_public=True)
    meeting = forum_meeting(api, seeded)
    before = len(outbox(database))
    r = post_transition(api, f"/api/v1/meetings/{meeting['id']}/transitions/convene")  # no agenda: 409
    assert r.status_code == 409
    assert (
        api.post("/api/v1/cases", json={"owner_body_id": seeded.au, "title": "", "kind": "decision"}).status_code == 422
    )
    assert len(outbox(database)) == before


def test_public_subscriptions_get_public_events_only(api, seeded, database, webhook_settings) -> None:
    public = subscribe(api, "http://127.0.0.1:9/public", ["case.registered", "meeting.cancelled"])
    meeting = forum_meeting(api, seeded)
    au_case(api, seeded)
    transition(api, "meeting", meeting["id"], "cancel")  # never convened: its agenda was never public
    assert [e.type for e in outbox(database)] == ["case.registered", "meeting.cancelled"]
    assert deliveries(api, public["id"]) == []


# -- subscriptions -------------------------------------------------------------------------------


def test_a_subscription_is_created_read_changed_rotated_and_deleted(api, webhook_settings) -> None:
    r = api.post(
        "/api/v1/webhooks",
        json={
            "url": "http://127.0.0.1:8999/hook",
            "event_types": ["meeting.convened"],
            "description": "Saksbehandling",
        },
    )
    created = ok(r, 201)
    assert created["secret"].startswith("whsec_") and r.headers["Location"].endswith(created["id"])
    path = f"/api/v1/webhooks/{created['id']}"
    shown = ok(api.get(path))
    assert "secret" not in shown and shown["active"] and shown["owner_name"]
    assert [w["id"] for w in ok(api.get("/api/v1/webhooks"))["items"]] == [created["id"]]
    assert api.patch(path, json={"active": False}).status_code == 428
    changed = ok(
        patch_current(api, path, json={"active": False, "event_types": ["meeting.convened", "meeting.closed"]})
    )
    assert (changed["active"], changed["event_types"]) == (False, ["meeting.convened", "meeting.closed"])
    assert patch_current(api, path, json={"url": None}).status_code == 422
    rotated = ok(api.post(f"{path}/rotate-secret", headers={"If-Match": etag(api, path)}))
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/hook",  # not https
        "https://10.1.2.3/hook",
        "https://192.168.0.10/",
        "https://172.16.5.4/",
        "https://100.64.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/",
        "https://[::ffff:10.0.0.1]/",
        "https://metadata.google.internal/",
        "https://0.0.0.0/",
        "https://user:pw@example.org/",
        "ftp://example.org/",
        "https://[::1]/",
        # IPv6 forms of the metadata service's 169.254.169.254: NAT64, IPv4-compatible, 6to4 (issue 27, finding 9)
        "https://[64:ff9b::a9fe:a9fe]/",
        "https://[::a9fe:a9fe]/",
        "https://[2002:a9fe:a9fe::]/",
        "https://[::ffff:a9fe:a9fe]/",
    ],
)
def test_unsafe_urls_are_refused(api, url, monkeypatch) -> None:
    monkeypatch.setenv("SAMORDNING_WEBHOOKS_ALLOW_LOOPBACK", "false")
    get_settings.cache_clear()
    try:
        r = api.post("/api/v1/webhooks", json={"url": url, "event_types": ["meeting.convened"]})
    finally:
        get_settings.cache_clear()
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "body.url"


def test_loopback_needs_the_development_setting(api, webhook_settings, monkeypatch) -> None:
    subscribe(api, "http://localhost:8999/hook")
    monkeypatch.setenv("SAMORDNING_WEBHOOKS_ALLOW_LOOPBACK", "false")
    get_settings.cache_clear()
    assert (
        api.post(
            "/api/v1/webhooks", json={"url": "http://127.0.0.1:8999/", "event_types": ["meeting.convened"]}
        ).status_code
        == 422
    )


def test_non_public_events_are_for_readers_of_some_bodys_work(api, seeded, webhook_settings) -> None:
    hdir = seeded.organizations[HDIR]
    au_member = api.as_person(member(api, seeded.au, hdir, "AU-medlem")["id"])
    nobody = api.as_person(ok(api.post("/api/v1/persons", json={"name": "Uten verv"}), 201)["id"])
    assert (
        nobody.post(
            "/api/v1/webhooks",
            json={"url": "http://127.0.0.1:9/", "event_types": ["case.registered"], "include_non_public": True},
        ).status_code
        == 403
    )
    own = subscribe(nobody, "http://127.0.0.1:9/", ["meeting.convened"])
    theirs = subscribe(au_member, "http://127.0.0.1:9/", ["case.registered"], include_non_public=True)
    # Each person sees their own; the secretariat sees every subscription.
    assert nobody.get(f"/api/v1/webhooks/{theirs['id']}").status_code == 404
    assert [w["id"] for w in ok(nobody.get("/api/v1/webhooks"))["items"]] == [own["id"]]
    assert {w["id"] for w in ok(api.get("/api/v1/webhooks"))["items"]} == {own["id"], theirs["id"]}


# -- delivery ------------------------------------------------------------------------------------


def test_the_worker_delivers_signed_events_in_order_and_retries_a_failure(
    api, seeded, database, webhook_settings
) -> None:
    with receiver() as rx:
        hook = subscribe(api, f"{rx.url}/", include_non_public=True)
        rx.secrets["/"] = hook["secret"]
        rx.plan = [500, 503]
        cases = [au_case(api, seeded, title=f"Sak {i}") for i in range(5)]
        deliver(database, webhook_settings)
        events = [str(e.id) for e in outbox(database)]
        assert len(events) == 5
        assert all(r.verified for r in rx.received)
        # The first event failed twice and was sent again before any later one: order holds.
        assert rx.ids() == [events[0]] * 3 + events[1:]
        assert rx.answered() == events
        assert [r.payload["data"]["id"] for r in rx.received[2:]] == [c["id"] for c in cases]
        log = {d["event_id"]: d for d in deliveries(api, hook["id"])}
        first = log[events[0]]
        assert (first["status"], first["attempts"], first["last_status_code"]) == ("delivered", 3, 200)
        assert first["last_latency_ms"] >= 0 and first["event_type"] == "case.registered"
        assert ok(api.get(f"/api/v1/webhooks/{hook['id']}"))["failing_since"] is None


def test_a_failure_backs_off_and_a_timeout_or_refused_connection_is_logged(
    api, seeded, database, webhook_settings
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        refused_url = f"http://127.0.0.1:{closed.getsockname()[1]}/"
    with receiver(timeout_sleep=1.5) as rx:
        slow = subscribe(api, f"{rx.url}/", ["case.registered"], include_non_public=True)
        rx.secrets["/"] = slow["secret"]
        rx.plan = ["timeout"]
        gone = subscribe(api, refused_url, ["case.registered"], include_non_public=True)
        au_case(api, seeded)
        deliver(database, webhook_settings, webhooks_retry_base_seconds=60)
        [timed_out] = deliveries(api, slow["id"])
        assert timed_out["status"] == "pending" and "timed out" in timed_out["last_error"]
        assert timed_out["last_status_code"] is None
        [refused] = deliveries(api, gone["id"])
        assert refused["status"] == "pending" and "ConnectionRefused" in refused["last_error"]
        for hook in (slow, gone):
            shown = ok(api.get(f"/api/v1/webhooks/{hook['id']}"))
            assert shown["retry_at"] > shown["failing_since"]  # backed off: nothing is due now
        deliver(database, webhook_settings)  # nothing due: no attempt
        assert deliveries(api, slow["id"])[0]["attempts"] == 1
        with database.write_sessionmaker.begin() as session:  # the back-off has passed
            session.execute(update(WebhookSubscription).values(retry_at=None))
        deliver(database, webhook_settings, webhooks_timeout_seconds=3, webhooks_retry_base_seconds=60)
        assert deliveries(api, slow["id"])[0]["status"] == "delivered"
        assert deliveries(api, gone["id"])[0]["attempts"] == 2


def test_a_subscription_failing_too_long_is_switched_off_and_resumes_when_switched_on(
    api, seeded, database, webhook_settings
) -> None:
    with receiver() as rx:
        hook = subscribe(api, f"{rx.url}/", ["case.registered"], include_non_public=True)
        rx.secrets["/"] = hook["secret"]
        rx.plan = [500]
        au_case(api, seeded)
        deliver(database, webhook_settings, webhooks_disable_after_days=0)
        path = f"/api/v1/webhooks/{hook['id']}"
        shown = ok(api.get(path))
        assert not shown["active"] and "HTTP 500" in shown["disabled_reason"]
        au_case(api, seeded)  # a switched-off subscription gets no new deliveries
        assert len(deliveries(api, hook["id"])) == 1
        ok(patch_current(api, path, json={"active": True}))
        deliver(database, webhook_settings)
        assert [d["status"] for d in deliveries(api, hook["id"])] == ["delivered"]
        assert ok(api.get(path))["disabled_reason"] is None


def test_a_delivered_event_can_be_sent_again_with_the_same_id(api, seeded, database, webhook_settings) -> None:
    with receiver() as rx:
        hook = subscribe(api, f"{rx.url}/", ["case.registered"], include_non_public=True)
        rx.secrets["/"] = hook["secret"]
        au_case(api, seeded)
        deliver(database, webhook_settings)
        [first] = deliveries(api, hook["id"])
        redo = f"/api/v1/webhooks/{hook['id']}/deliveries/{first['id']}/redeliver"
        again = ok(api.post(redo), 202)
        assert (again["status"], again["event_id"]) == ("pending", first["event_id"])
        assert api.post(f"/api/v1/webhooks/{hook['id']}/deliveries/{again['id']}/redeliver").status_code == 409
        deliver(database, webhook_settings)
        assert rx.ids() == [first["event_id"]] * 2 and all(r.verified for r in rx.received)


def test_the_address_is_checked_again_when_delivering(api, seeded, database, webhook_settings) -> None:
    with receiver() as rx:
        hook = subscribe(api, f"{rx.url}/", ["case.registered"], include_non_public=True)
        rx.secrets["/"] = hook["secret"]
        au_case(api, seeded)
        deliver(database, webhook_settings, webhooks_allow_loopback=False, webhooks_retry_base_seconds=60)
        [refused] = deliveries(api, hook["id"])
        assert refused["status"] == "pending" and refused["last_error"].startswith("refused:")
        assert rx.received == []


def test_a_non_public_event_is_withheld_once_the_owner_may_no_longer_read_it(
    api, seeded, database, webhook_settings
) -> None:
    hdir = seeded.organizations[HDIR]
    person = member(api, seeded.au, hdir, "AU-medlem")
    with receiver() as rx:
        hook = subscribe(api.as_person(person["id"]), f"{rx.url}/", ["case.registered"], include_non_public=True)
        rx.secrets["/"] = hook["secret"]
        au_case(api, seeded)
        deliver(database, webhook_settings)
        assert len(rx.received) == 1
        seat = ok(api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"person_id": person["id"]}))["items"][0]
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        au_case(api, seeded)  # written to the outbox while the seat holds
        ok(patch_current(api, f"/api/v1/memberships/{seat['id']}", json={"end_date": yesterday}))
        au_case(api, seeded)  # after: the subscription is narrowed at once, nothing is queued for it
        deliver(database, webhook_settings)
        assert len(rx.received) == 1
        assert [d["status"] for d in deliveries(api, hook["id"])] == ["withheld", "delivered"]
        assert ok(api.get(f"/api/v1/webhooks/{hook['id']}"))["active"]  # public events still reach it


def test_a_name_resolving_to_an_internal_address_is_refused_without_telling_the_address(api, monkeypatch) -> None:
    monkeypatch.setenv("SAMORDNING_WEBHOOKS_ALLOW_LOOPBACK", "false")
    get_settings.cache_clear()
    try:
        r = api.post("/api/v1/webhooks", json={"url": "https://localhost/hook", "event_types": ["meeting.convened"]})
    finally:
        get_settings.cache_clear()
    assert r.status_code == 422
    message = r.json()["errors"][0]["message"]
    assert "loopback" in message and "127.0.0.1" not in message and "::1" not in message


def test_urls_are_stored_as_they_are_called(api, webhook_settings) -> None:
    hook = subscribe(api, "http://localhost:8999/møte/ø?x=å b#frag", ["meeting.convened"])
    assert hook["url"] == "http://localhost:8999/m%C3%B8te/%C3%B8?x=%C3%A5%20b"
    assert (
        api.post(
            "/api/v1/webhooks", json={"url": "https://" + "ø" * 70 + ".no/", "event_types": ["meeting.convened"]}
        ).status_code
        == 422
    )


def test_a_delivery_failing_in_any_way_is_recorded_and_the_next_subscriber_gets_its_event(
    api, seeded, database, webhook_settings, monkeypatch
) -> None:
    with receiver() as rx:
        broken = subscribe(api, f"{rx.url}/broken", ["case.registered"], include_non_public=True)
        fine = subscribe(api, f"{rx.url}/", ["case.registered"], include_non_public=True)
        rx.secrets["/"] = fine["secret"]
        au_case(api, seeded)
        real_post = transport.post

        def post(target: Any, *args: Any) -> Any:
            if target.path == "/broken":
                raise RuntimeError("something nobody foresaw")
            return real_post(target, *args)

        monkeypatch.setattr(transport, "post", post)
        deliver(database, webhook_settings, webhooks_retry_base_seconds=60)
        [failed] = deliveries(api, broken["id"])
        assert failed["status"] == "pending" and failed["last_error"] == "RuntimeError: something nobody foresaw"
        assert ok(api.get(f"/api/v1/webhooks/{broken['id']}"))["retry_at"] is not None  # on its own schedule
        assert [d["status"] for d in deliveries(api, fine["id"])] == ["delivered"]


def test_revoking_the_owner_s_token_pauses_its_subscriptions_at_once(
    api, seeded, database, cli, webhook_settings
) -> None:
    """Issue 27, finding 3: a revoked token's subscription kept receiving non-public events."""
    from app.auth.models import ApiToken

    hdir = seeded.organizations[HDIR]
    person = api.as_person(member(api, seeded.au, hdir, "AU-medlem")["id"])
    hook = subscribe(person, "http://127.0.0.1:9/", ["case.registered"], include_non_public=True)
    au_case(api, seeded)
    with database.sessionmaker() as session:
        token_id = session.scalar(select(WebhookSubscription.owner_token_id))
    assert cli("token", "revoke", str(token_id))[0] == 0
    shown = ok(api.get(f"/api/v1/webhooks/{hook['id']}"))
    assert not shown["active"] and shown["disabled_reason"] == "paused: the token that created it was revoked"
    au_case(api, seeded)
    assert len(deliveries(api, hook["id"])) == 1  # nothing new queued for it
    # Switched on again by the secretariat, it pauses again before sending anything.
    ok(patch_current(api, f"/api/v1/webhooks/{hook['id']}", json={"active": True}))
    with receiver() as rx:
        deliver(database, webhook_settings)
        assert rx.received == []
    assert not ok(api.get(f"/api/v1/webhooks/{hook['id']}"))["active"]
    with database.sessionmaker() as session:
        assert session.get(ApiToken, token_id).revoked_at is not None


def test_an_expired_owner_token_pauses_its_subscription(api, seeded, database, webhook_settings) -> None:
    from app.auth.models import ApiToken

    hook = subscribe(api, "http://127.0.0.1:9/", ["case.registered"], include_non_public=True)
    au_case(api, seeded)
    with database.write_sessionmaker.begin() as session:
        session.execute(
            update(ApiToken)
            .where(ApiToken.id == select(WebhookSubscription.owner_token_id).scalar_subquery())
            .values(expires_at=func.now())
        )
    with receiver() as rx:
        deliver(database, webhook_settings)
        assert rx.received == []
    shown = ok(api.get(f"/api/v1/webhooks/{hook['id']}"))
    assert not shown["active"] and shown["disabled_reason"] == "paused: the token that created it has expired"
    assert [d["status"] for d in deliveries(api, hook["id"])] == ["pending"]  # kept for when it is on again
