"""The benchmark's floor (scripts/floor_app.py) answers the service's own JSON for the same case and the
same page, so `make bench` compares like with like."""

from __future__ import annotations

from fastapi.testclient import TestClient

from scripts.floor_app import build
from tests.conftest import bearer, make_token


def test_the_floor_answers_what_the_service_answers(client, database, demo_seeded) -> None:
    client.headers.update(bearer(make_token(database)))
    organizations = sorted(demo_seeded.organizations.values())
    for n in range(4):
        case = {"owner_body_id": demo_seeded.au, "title": f"Sak {n}", "kind": "information"}
        created = client.post("/api/v1/cases", json={**case, "stakeholders_involved": organizations[: n % 3]})
        assert created.status_code == 201, created.text
    with TestClient(build(database.url)) as floor:
        page = client.get("/api/v1/cases", params={"limit": 3}).json()
        floor_page = floor.get("/api/v1/cases", params={"limit": 3}).json()
        assert floor_page["items"] == page["items"]
        assert (floor_page["next_cursor"] is None) == (page["next_cursor"] is None)
        assert any(item["stakeholders_involved"] for item in page["items"])
        for item in page["items"]:
            assert floor.get(f"/api/v1/cases/{item['id']}").json() == client.get(f"/api/v1/cases/{item['id']}").json()
