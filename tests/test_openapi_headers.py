"""The headers the OpenAPI document promises (ETag, Location, Cache-Control) are the ones sent."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.flows import document, forum_decision, ok


def _templates(spec: dict) -> list[tuple[re.Pattern, str]]:
    out = []
    for path in spec["paths"]:
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}")) + "$"
        out.append((re.compile(pattern), path))
    # Literal paths before templated ones (e.g. meetings.ics before meetings/{id}).
    return sorted(out, key=lambda t: t[1].count("{"))


def test_documented_headers_are_sent(client, api, anon, seeded):
    spec = client.get("/openapi.json").json()
    templates = _templates(spec)
    seen: list = []
    for caller in (api, anon):
        original = caller._call

        def recording(method, path, headers=None, _original=original, **kw):
            response = _original(method, path, headers=headers, **kw)
            seen.append((method.lower(), path.split("?")[0], response))
            return response

        caller._call = recording

    decision = forum_decision(api, seeded, kind="establish_subcommittee")
    chair = ok(api.post("/api/v1/persons", json={"name": "Leder Ledersen"}), 201)
    sub = ok(
        api.post(
            "/api/v1/subcommittees",
            json={
                "decision_id": decision["id"],
                "name": "Underutvalg for legemiddelsamstemming",
                "mandate": "Utrede samstemming.",
                "deadline": (date.today() + timedelta(days=60)).isoformat(),
                "chair": {"person_id": chair["id"], "competence": "Farmasi", "background": "service"},
            },
        ),
        201,
    )
    delivery = ok(
        api.post(
            f"/api/v1/subcommittees/{sub['id']}/deliveries",
            json={"title": "Rapport", "document_id": document(api, "report", owner_body_id=sub["id"])["id"]},
        ),
        201,
    )
    for path in (
        f"/api/v1/subcommittees/{sub['id']}",
        f"/api/v1/subcommittees/{sub['id']}/deliveries/{delivery['id']}",
        f"/api/v1/decisions/{decision['id']}",
        f"/api/v1/meetings/{decision['meeting_id']}",
        f"/api/v1/bodies/{seeded.au}",
        "/api/v1/rules/decision.one_per_case",
        "/api/v1/public/meetings",
        "/api/v1/public/feed.atom",
        "/api/v1/public/meetings.ics",
    ):
        assert (anon if "/public/" in path else api).get(path).status_code == 200, path

    checked = 0
    for method, path, response in seen:
        template = next(t for pattern, t in templates if pattern.match(path))
        documented = spec["paths"][template][method]["responses"].get(str(response.status_code), {})
        for header in documented.get("headers", {}):
            assert header in response.headers, f"{method.upper()} {template} {response.status_code} lacks {header}"
            checked += 1
    assert checked > 20
