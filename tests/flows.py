"""Plain functions that walk the governance paths through the HTTP API, for any test to reuse.

They take the `Api` client (usually the secretariat) and the `seeded` fixture, assert every step
succeeded and return the JSON of what they made.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

RULES = Path(__file__).resolve().parent.parent / "rules"

HDIR = "Helsedirektoratet"


def ok(response: Any, status: int = 200) -> dict:
    assert response.status_code == status, (
        f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    )
    return response.json()


def future(days: int) -> str:
    """An ISO timestamp `days` from now (meetings are planned ahead)."""
    return (datetime.now(timezone.utc) + timedelta(days=days)).replace(microsecond=0).isoformat()


def body_id(api: Any, kind: str) -> str:
    """The id of the (first) body of that kind."""
    return ok(api.get("/api/v1/bodies", params={"kind": kind}))["items"][0]["id"]


def document(api: Any, kind: str = "case_presentation", **fields: Any) -> dict:
    """A document; owned by the AU unless `owner_body_id` is given."""
    fields.setdefault("owner_body_id", body_id(api, "working_committee"))
    return ok(
        api.post("/api/v1/documents", json={"kind": kind, "title": f"{kind} doc", "body": "Tekst.", **fields}), 201
    )


def attach(api: Any, case_id: str, doc: dict) -> dict:
    return ok(api.post(f"/api/v1/cases/{case_id}/documents", json={"document_id": doc["id"]}), 201)


def etag(api: Any, path: str) -> str:
    """The ETag of the resource as `api` reads it now; `*` (any current version) when it may not read it."""
    r = api.get(path)
    return r.headers.get("etag", "*") if r.status_code == 200 else "*"


def patch_current(api: Any, path: str, json: Any = None, **kw: Any) -> Any:
    """PATCH with `If-Match` from a fresh GET, as a client changing what it has just read
    (a test's own `If-Match` header wins)."""
    headers = {"If-Match": etag(api, path), **kw.pop("headers", {})}
    return api.patch(path, json=json, headers=headers, **kw)


def correct(api: Any, document_id: str, **kw: Any) -> Any:
    """POST a correction with If-Match from a fresh read, as a client correcting what it has read."""
    path = f"/api/v1/documents/{document_id}"
    return api.post(f"{path}/corrections", headers={"If-Match": etag(api, path)}, **kw)


def post_transition(api: Any, path: str, json: Any = None, **kw: Any) -> Any:
    """POST `…/{id}/transitions/{name}` with `If-Match` from a fresh GET of the entity."""
    headers = {"If-Match": etag(api, path.split("/transitions/")[0]), **kw.pop("headers", {})}
    return api.post(path, json=json, headers=headers, **kw)


def transition(api: Any, entity: str, entity_id: str, name: str, status: int = 200, **body: Any) -> dict:
    """POST /api/v1/{entity}s/{id}/transitions/{name}; `entity` is case, meeting, body or decision."""
    plural = "bodies" if entity == "body" else f"{entity}s"
    return ok(post_transition(api, f"/api/v1/{plural}/{entity_id}/transitions/{name}", json=body or None), status)


def au_case(api: Any, seeded: Any, kind: str = "decision", **fields: Any) -> dict:
    """A registered AU case with nothing attached yet."""
    payload = {"owner_body_id": seeded.au, "title": f"Sak ({kind})", "kind": kind, **fields}
    return ok(api.post("/api/v1/cases", json=payload), 201)


def prepared_case(api: Any, seeded: Any, kind: str = "decision", **fields: Any) -> dict:
    """An AU case with presentation, knowledge base, rationale and stakeholders, moved to `prepared`."""
    fields.setdefault("strategic_rationale", "Berører alle virksomhetene i sentral helseforvaltning.")
    fields.setdefault("stakeholders_involved", [seeded.organizations[HDIR]])
    case = au_case(api, seeded, kind, **fields)
    for doc_kind in ("case_presentation", "knowledge_base"):
        attach(api, case["id"], document(api, doc_kind, owner_body_id=case["owner_body_id"]))
    transition(api, "case", case["id"], "start_preparation")
    return transition(api, "case", case["id"], "prepare")


def forum_meeting(api: Any, seeded: Any, **fields: Any) -> dict:
    """A planned forum meeting (default: in 30 days)."""
    payload = {"body_id": seeded.forum, "starts_at": future(30), "location": "Vitaminveien 4", **fields}
    return ok(api.post("/api/v1/meetings", json=payload), 201)


def agenda_of(api: Any, meeting_id: str) -> list[dict]:
    """The meeting's agenda items, in order."""
    return ok(api.get(f"/api/v1/meetings/{meeting_id}/agenda"))["items"]


def put_on_agenda(api: Any, meeting_id: str, case_id: str) -> dict:
    return ok(api.post(f"/api/v1/meetings/{meeting_id}/agenda", json={"case_id": case_id}), 201)


def in_session_forum_meeting_with(api: Any, seeded: Any, cases: list[dict], **fields: Any) -> dict:
    """A forum meeting with `cases` on its agenda, convened and started (default: set to start now,
    since a meeting is not started before its time)."""
    fields.setdefault("starts_at", future(0))
    meeting = forum_meeting(api, seeded, **fields)
    for case in cases:
        put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")
    return transition(api, "meeting", meeting["id"], "start")


def decide(
    api: Any,
    meeting_id: str,
    case_id: str,
    kind: str = "recommendation",
    text: str = "Vedtatt.",
    status: int = 201,
    **fields: Any,
):
    """POST a decision; returns the JSON (asserting `status`)."""
    payload = {"case_id": case_id, "kind": kind, "text": text, **fields}
    return ok(api.post(f"/api/v1/meetings/{meeting_id}/decisions", json=payload), status)


def forum_decision(
    api: Any,
    seeded: Any,
    kind: str = "establish_subcommittee",
    text: str = "Forumet vedtar.",
    subject_organization_id: str | None = None,
    **case_fields: Any,
) -> dict:
    """Walk prepare → agenda → convene → start → decide and return the decision JSON."""
    case = prepared_case(api, seeded, "decision", **case_fields)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    extra = {"subject_organization_id": subject_organization_id} if subject_organization_id else {}
    return decide(api, meeting["id"], case["id"], kind, text, **extra)


def rule_ids(response: Any, key: str = "violations") -> list[str]:
    """The rule ids of a 409 (`violations`) or of a write's `warnings`; each must quote the source."""
    body = response.json()
    reports = body.get(key) or []
    assert all(r["citation"].strip() for r in reports), reports
    return [r["rule"] for r in reports]


def member(api: Any, body_id: str, organization_id: str, name: str = "Kari Nordmann", role: str = "member") -> dict:
    """A person with an active seat in the body (from 2023-01-01); returns the person JSON."""
    person = ok(api.post("/api/v1/persons", json={"name": name, "organization_id": organization_id}), 201)
    seat = {"person_id": person["id"], "role": role, "start_date": "2023-01-01"}
    ok(api.post(f"/api/v1/bodies/{body_id}/memberships", json=seat), 201)
    return person


def rules_switched_off(tmp_path: Path, *rule_ids: str) -> Path:
    """A copy of the rules with these switched off (`enabled: false`), for a `rules_dir` fixture."""
    edited = tmp_path / "rules"
    shutil.copytree(RULES, edited)
    for path in edited.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in data.get("rules", []):
            if rule["id"] in rule_ids:
                rule["enabled"] = False
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return edited
