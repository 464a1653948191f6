"""Racing requests against a real server: exactly one wins, every other gets a 409 (row locks and
constraints, not luck). Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

import threading
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from tests.conftest import make_token
from tests.flows import (
    forum_meeting,
    future,
    in_session_forum_meeting_with,
    prepared_case,
    put_on_agenda,
    transition,
)

RACERS = 10


def race_responses(
    url: str, token: str, path: str, json: dict | None = None, headers: dict | None = None
) -> list[httpx.Response]:
    """POST the same request from RACERS threads released together."""
    barrier = threading.Barrier(RACERS)
    responses: list[httpx.Response] = []

    def run() -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            barrier.wait()
            responses.append(client.post(path, json=json, headers=headers))

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return responses


def race(url: str, token: str, path: str, json: dict | None = None, headers: dict | None = None) -> Counter:
    """The status codes of racing requests."""
    return Counter(r.status_code for r in race_responses(url, token, path, json, headers))


def test_racing_registrations_draw_every_number_once(seeded, database, server_url):
    """The body's first cases of the year: the racers also race to create the year's counter."""
    year = datetime.now(ZoneInfo("Europe/Oslo")).year
    body = {"owner_body_id": seeded.au, "title": "Samtidig sak", "kind": "decision"}
    responses = race_responses(server_url, make_token(database), "/api/v1/cases", body)
    assert [r.status_code for r in responses] == [201] * RACERS
    assert sorted(r.json()["number"] for r in responses) == sorted(f"{n}/{year}" for n in range(1, RACERS + 1))


def test_racing_decisions_on_one_case(api, seeded, database, server_url):
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    body = {"case_id": case["id"], "kind": "recommendation", "text": "Vedtak."}
    outcome = race(server_url, make_token(database), f"/api/v1/meetings/{meeting['id']}/decisions", body)
    assert outcome == Counter({201: 1, 409: RACERS - 1})
    assert len(api.get(f"/api/v1/meetings/{meeting['id']}/decisions").json()["items"]) == 1


def test_racing_one_meeting_transition(api, seeded, database, server_url):
    meeting = forum_meeting(api, seeded, starts_at=future(0))
    put_on_agenda(api, meeting["id"], prepared_case(api, seeded)["id"])
    transition(api, "meeting", meeting["id"], "convene")
    # If-Match `*`: every racer passes the precondition, so the lock and the lifecycle rule decide.
    outcome = race(
        server_url,
        make_token(database),
        f"/api/v1/meetings/{meeting['id']}/transitions/start",
        headers={"If-Match": "*"},
    )
    assert outcome == Counter({200: 1, 409: RACERS - 1})
    starts = api.get("/api/v1/audit-events", params={"entity_id": meeting["id"], "action": "start"}).json()
    assert len(starts["items"]) == 1


def test_documents_attached_while_the_meeting_is_convened_are_all_published(api, anon, seeded, database, server_url):
    """Each attachment is either read by the convening or finds the agenda published: none is missed."""
    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    docs = [
        api.post(
            "/api/v1/documents", json={"kind": "other", "title": f"Vedlegg {i}", "owner_body_id": seeded.au}
        ).json()
        for i in range(RACERS - 1)
    ]
    token, barrier, statuses = make_token(database), threading.Barrier(RACERS), []

    def run(path: str, json: dict | None) -> None:
        with httpx.Client(
            base_url=server_url, headers={"Authorization": f"Bearer {token}", "If-Match": "*"}, timeout=60
        ) as client:
            barrier.wait()
            statuses.append(client.post(path, json=json).status_code)

    requests = [(f"/api/v1/meetings/{meeting['id']}/transitions/convene", None)] + [
        (f"/api/v1/cases/{case['id']}/documents", {"document_id": d["id"]}) for d in docs
    ]
    threads = [threading.Thread(target=run, args=r) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(statuses) == Counter({200: 1, 201: RACERS - 1})
    for d in docs:
        assert anon.get(f"/api/v1/public/documents/{d['id']}").status_code == 200, d["title"]
