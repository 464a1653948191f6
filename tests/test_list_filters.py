"""Meetings, decisions, documents and persons as a staff app lists them: free text, date ranges,
several statuses at once, the latest first — each on an index."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.norwegian import OSLO
from tests.flows import document, forum_decision, forum_meeting, future, ok, transition
from tests.test_archive import Statements, plan


def _ids(api, path: str, **params) -> list[str]:  # noqa: ANN001
    return [item["id"] for item in ok(api.get(path, params={"limit": 200, **params}))["items"]]


def _field(r) -> str:  # noqa: ANN001
    assert r.status_code == 422, r.text
    return r.json()["errors"][0]["field"]


def test_meetings_by_text_by_days_by_status_and_latest_first(api, seeded) -> None:  # noqa: ANN001
    soon = forum_meeting(api, seeded, starts_at=future(10), title="Strategisamling på Gardermoen")
    later = forum_meeting(api, seeded, starts_at=future(40))
    transition(api, "meeting", later["id"], "cancel")
    assert _ids(api, "/api/v1/meetings", q="gardermoen") == [soon["id"]]
    day = (date.today() + timedelta(days=40)).isoformat()
    assert _ids(api, "/api/v1/meetings", **{"from": day}) == [later["id"]]
    assert _ids(api, "/api/v1/meetings", to=(date.today() + timedelta(days=11)).isoformat()) == [soon["id"]]
    assert _ids(api, "/api/v1/meetings", status="planned,cancelled") == [soon["id"], later["id"]]
    assert _ids(api, "/api/v1/meetings", sort="-starts_at") == [later["id"], soon["id"]]
    first = ok(api.get("/api/v1/meetings", params={"sort": "-starts_at", "limit": 1}))
    assert _ids(api, "/api/v1/meetings", sort="-starts_at", cursor=first["next_cursor"]) == [soon["id"]]
    assert _field(api.get("/api/v1/meetings", params={"from": day, "to": date.today().isoformat()})) == "query.to"
    assert _field(api.get("/api/v1/meetings", params={"from": "i morgen"})) == "query.from"
    assert _field(api.get("/api/v1/meetings", params={"status": "planned,over"})) == "query.status"


def test_decisions_by_the_days_they_were_made(api, seeded) -> None:  # noqa: ANN001
    decision = forum_decision(api, seeded, kind="recommendation")
    made = datetime.fromisoformat(decision["decided_at"]).astimezone(OSLO).date().isoformat()  # a Norwegian day
    assert _ids(api, "/api/v1/decisions", **{"from": made, "to": made}) == [decision["id"]]
    after = (date.fromisoformat(made) + timedelta(days=2)).isoformat()
    assert _ids(api, "/api/v1/decisions", **{"from": after}) == []
    assert _ids(api, "/api/v1/decisions", follow_up_status="implemented,open") == [decision["id"]]


def test_documents_and_persons_by_free_text(api, seeded) -> None:  # noqa: ANN001
    doc = document(api, "other", title="Kunnskapsgrunnlag om LEGEMIDLER")
    assert _ids(api, "/api/v1/documents", q="legemidler") == [doc["id"]]
    person = ok(api.post("/api/v1/persons", json={"name": "Åse Ødegård"}), 201)
    assert _ids(api, "/api/v1/persons", q="ødegå") == [person["id"]]
    assert _field(api.get("/api/v1/persons", params={"q": ""})) == "query.q"


def test_free_text_and_date_ranges_have_their_index(api, database, seeded) -> None:  # noqa: ANN001
    forum_meeting(api, seeded, title="Strategisamling")
    for path, params, index in (
        ("/api/v1/meetings", {"q": "strategi"}, "ix_meetings_title_trgm"),
        ("/api/v1/documents", {"q": "grunnlag"}, "ix_documents_title_trgm"),
        ("/api/v1/persons", {"q": "ødegård"}, "ix_persons_name_trgm"),
        ("/api/v1/meetings", {"from": date.today().isoformat(), "sort": "-starts_at"}, "ix_meetings_starts_id"),
        ("/api/v1/decisions", {"from": date.today().isoformat()}, "ix_decisions_decided_id"),
    ):
        with Statements(database) as statements:
            ok(api.get(path, params={"limit": 1, **params}))
        # A trigram index finds the rows; a date range's index also reads them in order.
        disable = ("seqscan", "indexscan") if "trgm" in index else ("seqscan",)
        explained = plan(database, *statements.page_query(), disable)
        if database.is_postgresql or "trgm" not in index:
            assert index in explained, (path, params, explained)
