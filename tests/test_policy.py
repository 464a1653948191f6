"""Who may do what, from the outside in: every route declares a permission, and each kind of
principal gets exactly what app/auth/policy.py gives it, on writes and non-public reads alike."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from app.auth.policy import POLICY, is_read
from tests.flows import (
    HDIR,
    attach,
    au_case,
    document,
    etag,
    forum_decision,
    forum_meeting,
    member,
    ok,
    patch_current,
    post_transition,
    prepared_case,
    rule_ids,
    rules_switched_off,
)

# Principals, in the order of the letters in MATRIX.
PRINCIPALS = ["secretariat", "forum_member", "au_leader", "au_member", "sub_leader", "sub_member", "nobody", "left"]
ALLOWED, FORBIDDEN, HIDDEN = "A", "F", "H"  # the permission holds (any 2xx, 409, 422) / 403 / 404


def _permission_of(dependant: Any) -> str | None:
    for dep in dependant.dependencies:
        found = getattr(dep.call, "permission", None) or _permission_of(dep)
        if found:
            return found
    return None


def _routes(routes: list, router_permission: str | None = None) -> list[tuple[Any, str | None]]:
    """Every API route of the app with the permission its router or itself declares."""
    found = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            declared = [getattr(d.dependency, "permission", None) for d in inner.dependencies]
            found += _routes(inner.routes, next((p for p in declared if p), router_permission))
        elif isinstance(route, APIRoute):
            found.append((route, _permission_of(route.dependant) or router_permission))
    return found


def test_every_route_declares_a_permission_from_the_table(app) -> None:
    routes = _routes(app.router.routes)
    assert len(routes) > 60
    undeclared = [f"{sorted(r.methods)} {r.path}" for r, permission in routes if permission is None]
    assert undeclared == []
    assert {p for _, p in routes} <= set(POLICY)
    # Checked inside person reads and updates.
    unused = set(POLICY) - {p for _, p in routes} - {"person.read_contact", "person.change_email"}
    assert unused == set()


def test_the_policy_is_published(anon) -> None:
    table = {p["name"]: p for p in ok(anon.get("/api/v1/policy"))["items"]}
    assert set(table) == set(POLICY)
    assert [g["relation"] for g in table["audit.read"]["grants"]] == ["secretariat"]
    assert {"relation": "parent_member", "roles": ["chair", "member", "secretary"], "on": None} in table["body.manage"][
        "grants"
    ]


def world_of(api: Any, seeded: Any) -> dict[str, Any]:
    """One arrangement with a person of each kind, and an object of each kind to act on."""
    hdir = seeded.organizations[HDIR]
    webhook = ok(
        api.post(
            "/api/v1/webhooks",
            json={"url": "https://93.184.215.14/hook", "include_non_public": True, "event_types": ["case.registered"]},
        ),
        201,
    )
    people = {
        "forum_member": member(api, seeded.forum, hdir, "Forummedlem"),
        "au_leader": member(api, seeded.au, hdir, "AU-leder", role="chair"),
        "au_member": member(api, seeded.au, hdir, "AU-medlem"),
        "nobody": ok(api.post("/api/v1/persons", json={"name": "Uten verv"}), 201),
        "left": member(api, seeded.au, hdir, "Gått ut"),
    }
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    left_seat = ok(api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"person_id": people["left"]["id"]}))
    ok(patch_current(api, f"/api/v1/memberships/{left_seat['items'][0]['id']}", json={"end_date": yesterday}))
    for name in ("sub_leader", "sub_member"):
        people[name] = ok(api.post("/api/v1/persons", json={"name": name, "organization_id": hdir}), 201)
    decision = forum_decision(api, seeded, kind="establish_subcommittee")
    plan_decision = forum_decision(api, seeded, kind="annual_plan")
    seat = {"competence": "Farmasi", "background": "academia"}
    sub = ok(
        api.post(
            "/api/v1/subcommittees",
            json={
                "decision_id": decision["id"],
                "name": "Underutvalg",
                "mandate": "Utrede.",
                "deadline": (date.today() + timedelta(days=60)).isoformat(),
                "chair": {"person_id": people["sub_leader"]["id"], **seat},
                "members": [{"person_id": people["sub_member"]["id"], **seat}],
            },
        ),
        201,
    )
    case = au_case(api, seeded)
    withheld = document(api, "knowledge_base", public=False, exemption_basis="offl. § 14")
    attach(api, case["id"], withheld)
    second = forum_decision(api, seeded, kind="establish_subcommittee")
    leader_seat = ok(
        api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"person_id": people["au_leader"]["id"]})
    )
    [delivery, *_] = ok(api.get(f"/api/v1/webhooks/{webhook['id']}/deliveries"))["items"]
    return {
        "webhook": webhook["id"],
        "webhook_delivery": delivery["id"],
        "people": people,
        "sub": sub["id"],
        "case": case["id"],
        "doc": withheld["id"],
        "decision": decision["id"],
        "plan_decision": plan_decision["id"],
        "second_decision": second["id"],
        "meeting": forum_meeting(api, seeded)["id"],
        "held_meeting": decision["meeting_id"],
        "leader_seat": leader_seat["items"][0]["id"],
        "prepared": prepared_case(api, seeded)["id"],
        "sub_doc": document(api, "report", owner_body_id=sub["id"])["id"],
        "forum_doc": document(api, "annual_plan", owner_body_id=seeded.forum)["id"],
    }


# (method, path, body) → what each principal gets, letters in PRINCIPALS order.
MATRIX: list[tuple[str, str, dict | None, str]] = [
    # Cases and documents of the AU: the AU writes them, the forum reads them, subcommittees see nothing.
    ("POST", "/api/v1/cases", {"owner_body_id": "{au}", "title": "Ny sak", "kind": "decision"}, "AFAAFFFF"),
    ("PATCH", "/api/v1/cases/{case}", {}, "AFAAHHFF"),
    ("POST", "/api/v1/cases/{case}/transitions/start_preparation?dry_run=true", None, "AFAAHHFF"),
    ("POST", "/api/v1/cases/{case}/documents", {"document_id": "{doc}"}, "AFAAHHFF"),
    ("POST", "/api/v1/documents", {"owner_body_id": "{au}", "kind": "other", "title": "Notat"}, "AFAAFFFF"),
    ("PATCH", "/api/v1/documents/{doc}", {}, "AFAAHHFF"),
    ("POST", "/api/v1/documents", {"owner_body_id": "{sub}", "kind": "report", "title": "Utkast"}, "AFFFAAFF"),
    ("PATCH", "/api/v1/documents/{sub_doc}", {}, "AFFFAAFF"),  # forum members write nothing: 403
    # Meetings are run by the secretariat and the body's leader; the AU sets the forum's agenda.
    ("POST", "/api/v1/meetings", {"body_id": "{forum}", "starts_at": "2031-01-01T10:00:00+01:00"}, "AFFFFFFF"),
    ("PATCH", "/api/v1/meetings/{meeting}", {}, "AFFFHFFF"),
    ("POST", "/api/v1/meetings/{meeting}/transitions/convene?dry_run=true", None, "AFFFHFFF"),
    ("POST", "/api/v1/meetings/{meeting}/agenda", {"case_id": "{prepared}"}, "AFAAHFFF"),
    ("POST", "/api/v1/meetings/{held_meeting}/minutes/draft", None, "AFAAHHFF"),
    # Attendance: the secretariat, the body's leader and secretary, and the AU for the forum.
    ("PUT", "/api/v1/meetings/{held_meeting}/attendance", {}, "AFAAHFFF"),
    (
        "POST",
        "/api/v1/meetings/{held_meeting}/decisions",
        {"case_id": "{case}", "kind": "recommendation", "text": "Vedtak."},
        "AFAAFFFF",
    ),
    # Follow-up, subcommittees, deliveries, annual plans.
    ("PATCH", "/api/v1/decisions/{decision}", {}, "AFAAFFFF"),
    ("POST", "/api/v1/decisions/{decision}/transitions/start_follow_up?dry_run=true", None, "AFAAFFFF"),
    (
        "POST",
        "/api/v1/subcommittees",
        {"decision_id": "{second_decision}", "name": "Nytt", "mandate": "M", "deadline": "2031-01-01", "chair": None},
        "AFAAFFFF",
    ),
    ("PATCH", "/api/v1/bodies/{sub}", {"support": "Frikjøp 20 %"}, "AFAAFFFF"),
    ("POST", "/api/v1/bodies/{sub}/transitions/dissolve?dry_run=true", None, "AFAAFFFF"),
    ("POST", "/api/v1/subcommittees/{sub}/deliveries", {"title": "Rapport", "document_id": "{sub_doc}"}, "AFFFAAFF"),
    (
        "POST",
        "/api/v1/annual-plans",
        {"year": 2031, "title": "Årsplan", "document_id": "{forum_doc}", "adopted_by_decision_id": "{plan_decision}"},
        "AFAAFFFF",
    ),
    # The registers are the secretariat's; the AU composes its subcommittees.
    (
        "POST",
        "/api/v1/bodies/{au}/memberships",
        {"person_id": "{nobody}", "role": "member", "start_date": "2030-01-01"},
        "AFFFFFFF",
    ),
    ("PATCH", "/api/v1/memberships/{leader_seat}", {"end_date": "2030-01-01"}, "AFFFFFFF"),
    (
        "POST",
        "/api/v1/bodies/{sub}/memberships",
        {"person_id": "{nobody}", "role": "member", "start_date": "2030-01-01"},
        "AFAAFFFF",
    ),
    ("PATCH", "/api/v1/bodies/{au}", {}, "AFFFFFFF"),
    ("POST", "/api/v1/persons", {"name": "Ny person"}, "AFFFFFFF"),
    ("PATCH", "/api/v1/persons/{nobody}", {}, "AFFFFFAF"),
    ("POST", "/api/v1/organizations", {"name": "Ny virksomhet"}, "AFFFFFFF"),
    # Non-public reads: withheld content to the bodies concerned, the log to the secretariat.
    ("GET", "/api/v1/cases/{case}", None, "AAAAHHFF"),
    ("GET", "/api/v1/documents/{doc}", None, "AAAAHHFF"),
    ("GET", "/api/v1/cases/{case}/documents", None, "AAAAHHFF"),
    ("GET", "/api/v1/meetings/{meeting}", None, "AAAAHHFF"),
    ("GET", "/api/v1/meetings/{meeting}/agenda", None, "AAAAHHFF"),
    ("GET", "/api/v1/meetings/{meeting}/agenda/revisions", None, "AAAAHHFF"),
    ("GET", "/api/v1/meetings/{meeting}/attendance", None, "AAAAHHFF"),
    ("GET", "/api/v1/decisions/{decision}", None, "AAAAHHFF"),
    ("GET", "/api/v1/documents/{sub_doc}", None, "AHAAAAFF"),
    ("GET", "/api/v1/cases/{case}/transitions", None, "AAAAHHFF"),
    # An object's history is for whoever may read the object, not only the secretariat.
    ("GET", "/api/v1/cases/{case}/history", None, "AAAAHHFF"),
    ("GET", "/api/v1/documents/{doc}/history", None, "AAAAHHFF"),
    ("GET", "/api/v1/documents/{sub_doc}/history", None, "AHAAAAFF"),
    ("GET", "/api/v1/meetings/{meeting}/history", None, "AAAAHHFF"),
    ("GET", "/api/v1/decisions/{decision}/history", None, "AAAAHHFF"),
    ("GET", "/api/v1/audit-events", None, "AFFFFFFF"),
    ("GET", "/api/v1/audit-events/verification", None, "AFFFFFFF"),
    ("GET", "/api/v1/compliance", None, "AFAAFFFF"),
    ("GET", "/api/v1/cases", None, "AAAAAAFF"),
    ("GET", "/api/v1/documents", None, "AAAAAAFF"),
    ("GET", "/api/v1/meetings", None, "AAAAAAFF"),
    ("GET", "/api/v1/decisions", None, "AAAAAAFF"),
    ("GET", "/api/v1/persons", None, "AAAAAAFF"),
    ("GET", "/api/v1/persons/{nobody}", None, "AAAAAAFF"),
    ("GET", "/api/v1/organizations", None, "AAAAAAFF"),
    ("GET", "/api/v1/bodies", None, "AAAAAAFF"),
    ("GET", "/api/v1/bodies/{au}/memberships", None, "AAAAAAFF"),
    ("GET", "/api/v1/subcommittees", None, "AAAAAAFF"),
    ("GET", "/api/v1/annual-plans", None, "AAAAAAFF"),
    ("GET", "/api/v1/rules", None, "AAAAAAAA"),
    # Who one is, and how to sign in to the staff app: for everyone.
    ("GET", "/api/v1/me", None, "AAAAAAAA"),
    ("GET", "/api/v1/me/sessions", None, "AAAAAAAA"),
    ("POST", "/api/v1/me/sessions/sign-out-others", None, "AAAAAAAA"),
    ("DELETE", "/api/v1/me/sessions/{webhook}", None, "HHHHHHHH"),
    ("GET", "/api/v1/auth/sign-in-options", None, "AAAAAAAA"),
    # The public record is the same for everyone: a convened meeting is public, a planned one is not.
    ("GET", "/api/v1/public/einnsyn/meetings/{held_meeting}", None, "AAAAAAAA"),
    ("GET", "/api/v1/public/einnsyn/meetings/{meeting}", None, "HHHHHHHH"),
    # Webhooks: any token for public events, non-public ones for readers of some body's work; each
    # principal sees its own subscriptions, the secretariat every one.
    ("POST", "/api/v1/webhooks", {"url": "https://192.168.1.1/", "event_types": ["meeting.convened"]}, "AAAAAAAA"),
    (
        "POST",
        "/api/v1/webhooks",
        {"url": "https://192.168.1.1/", "event_types": ["case.registered"], "include_non_public": True},
        "AAAAAAFF",
    ),
    ("GET", "/api/v1/webhooks", None, "AAAAAAAA"),
    ("GET", "/api/v1/webhooks/{webhook}", None, "AHHHHHHH"),
    ("PATCH", "/api/v1/webhooks/{webhook}", {}, "AHHHHHHH"),
    ("POST", "/api/v1/webhooks/{webhook}/rotate-secret", None, "AHHHHHHH"),
    ("GET", "/api/v1/webhooks/{webhook}/deliveries", None, "AHHHHHHH"),
    ("POST", "/api/v1/webhooks/{webhook}/deliveries/{webhook_delivery}/redeliver", None, "AHHHHHHH"),
    ("DELETE", "/api/v1/webhooks/{webhook}", None, "AHHHHHHH"),
]


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def outcome(status: int) -> str:
    return {403: FORBIDDEN, 404: HIDDEN}.get(status, ALLOWED if status < 400 or status in (409, 422) else str(status))


def world_ids(world: dict[str, Any], seeded: Any) -> dict[str, str]:
    """What MATRIX's paths and bodies name, from `world_of`."""
    return {
        **{k: v for k, v in world.items() if isinstance(v, str)},
        "au": seeded.au,
        "forum": seeded.forum,
        "nobody": world["people"]["nobody"]["id"],
    }


def request(caller: Any, method: str, path: str, body: dict | None, ids: dict[str, str]) -> Any:
    """One MATRIX request; changes carry If-Match as a client's would: the matrix is about permissions."""
    url = _fill(path, ids)
    versioned = method in ("PATCH", "PUT") or "/transitions/" in url or url.endswith("/rotate-secret")
    resource = url.split("/transitions/")[0].removesuffix("/rotate-secret")
    headers = {"If-Match": etag(caller, resource)} if versioned else None
    return caller._call(method, url, json=_fill(body, ids), headers=headers)


def test_each_principal_gets_what_the_policy_gives(api, seeded) -> None:
    world = world_of(api, seeded)
    ids = world_ids(world, seeded)
    callers = {"secretariat": api, **{name: api.as_person(p["id"]) for name, p in world["people"].items()}}
    wrong = []
    for method, path, body, expected in MATRIX:
        for name, want in zip(PRINCIPALS, expected, strict=True):
            r = request(callers[name], method, path, body, ids)
            if outcome(r.status_code) != want:
                wrong.append(f"{name} {method} {path}: {r.status_code} (policy: {want}) {r.text[:160]}")
    assert wrong == [], "\n".join(wrong)
    assert len(MATRIX) * len(PRINCIPALS) >= 400


def test_lists_show_only_what_the_caller_may_read(api, seeded) -> None:
    world = world_of(api, seeded)
    sub_member = api.as_person(world["people"]["sub_member"]["id"])
    assert world["case"] not in {c["id"] for c in ok(sub_member.get("/api/v1/cases", params={"limit": 200}))["items"]}
    docs = {d["id"] for d in ok(sub_member.get("/api/v1/documents", params={"limit": 200}))["items"]}
    assert world["sub_doc"] in docs and world["doc"] not in docs
    forum = api.as_person(world["people"]["forum_member"]["id"])
    assert world["case"] in {c["id"] for c in ok(forum.get("/api/v1/cases", params={"limit": 200}))["items"]}


# -- the holes the issue found, one regression test each ------------------------------------------


def test_hole_1_a_token_without_membership_cannot_deface_documents(api, seeded) -> None:
    plan_doc = document(api, "annual_plan", owner_body_id=seeded.forum)
    nobody = api.as_person(ok(api.post("/api/v1/persons", json={"name": "Angriper"}), 201)["id"])
    r = patch_current(nobody, f"/api/v1/documents/{plan_doc['id']}", json={"body": "[Logg inn](https://phish.example)"})
    assert r.status_code == 403
    assert (
        nobody.post(
            "/api/v1/documents", json={"owner_body_id": seeded.forum, "kind": "other", "title": "x"}
        ).status_code
        == 403
    )
    assert ok(api.get(f"/api/v1/documents/{plan_doc['id']}"))["body"] == plan_doc["body"]


def test_hole_2_a_subcommittee_cannot_publish_another_bodys_document(api, anon, seeded) -> None:
    world = world_of(api, seeded)
    minutes = document(api, "minutes", owner_body_id=seeded.forum, title="Utkast til referat")
    leader = api.as_person(world["people"]["sub_leader"]["id"])
    for doc_id in (minutes["id"], world["doc"]):
        r = leader.post(f"/api/v1/subcommittees/{world['sub']}/deliveries", json={"title": "x", "document_id": doc_id})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.document_id"
        assert anon.get(f"/api/v1/public/documents/{doc_id}").status_code == 404
    r = api.post(
        "/api/v1/annual-plans",
        json={
            "year": 2031,
            "title": "Årsplan",
            "document_id": world["doc"],
            "adopted_by_decision_id": world["plan_decision"],
        },
    )
    assert r.status_code == 422 and "another body" in r.json()["detail"]


def test_hole_3_non_public_content_is_for_the_bodies_concerned(api, seeded) -> None:
    world = world_of(api, seeded)
    people = world["people"]
    for name in ("nobody", "left"):
        caller = api.as_person(people[name]["id"])
        for path in (
            f"/api/v1/documents/{world['doc']}",
            "/api/v1/audit-events",
            "/api/v1/compliance",
            "/api/v1/persons",
            f"/api/v1/meetings/{world['meeting']}",
        ):
            assert caller.get(path).status_code == 403, (name, path)
    ok(patch_current(api, f"/api/v1/persons/{people['au_member']['id']}", json={"email": "au@example.no"}))
    au_colleague = api.as_person(people["au_leader"]["id"])
    sub_member = api.as_person(people["sub_member"]["id"])
    assert ok(au_colleague.get(f"/api/v1/persons/{people['au_member']['id']}"))["email"] == "au@example.no"
    assert ok(sub_member.get(f"/api/v1/persons/{people['au_member']['id']}"))["email"] is None
    listed = {p["id"]: p["email"] for p in ok(sub_member.get("/api/v1/persons", params={"limit": 200}))["items"]}
    assert listed[people["au_member"]["id"]] is None
    assert ok(api.as_person(people["au_member"]["id"]).get(f"/api/v1/persons/{people['au_member']['id']}"))["email"]


def test_hole_4_a_subcommittee_does_not_set_its_own_mandate(api, seeded) -> None:
    world = world_of(api, seeded)
    for name in ("sub_leader", "sub_member"):
        r = patch_current(
            api.as_person(world["people"][name]["id"]),
            f"/api/v1/bodies/{world['sub']}",
            json={"mandate": "Nytt mandat", "deadline": "2040-01-01"},
        )
        assert r.status_code == 403
    assert (
        ok(
            patch_current(
                api.as_person(world["people"]["au_member"]["id"]),
                f"/api/v1/bodies/{world['sub']}",
                json={"support": "Frikjøp"},
            )
        )["support"]
        == "Frikjøp"
    )


def test_hole_5_one_au_seat_does_not_rule_the_au(api, seeded) -> None:
    world = world_of(api, seeded)
    au_member = api.as_person(world["people"]["au_member"]["id"])
    r = au_member.post(
        f"/api/v1/bodies/{seeded.au}/memberships",
        json={"person_id": world["people"]["nobody"]["id"], "role": "member", "start_date": date.today().isoformat()},
    )
    assert r.status_code == 403
    r = patch_current(
        au_member, f"/api/v1/memberships/{world['leader_seat']}", json={"end_date": date.today().isoformat()}
    )
    assert r.status_code == 403
    assert ok(api.get(f"/api/v1/memberships/{world['leader_seat']}"))["end_date"] is None


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    """The three rules that used to double as permissions switched off, for every test here:
    the permissions above must hold without them."""
    return rules_switched_off(
        tmp_path,
        "agenda.set_by_working_committee",
        "decision.follow_up.by_working_committee",
        "subcommittee.established_by_working_committee",
    )


def test_hole_6_disabling_a_rule_opens_no_permission(api, seeded) -> None:
    world = world_of(api, seeded)
    director = api.as_person(world["people"]["forum_member"]["id"])
    assert (
        director.post(f"/api/v1/meetings/{world['meeting']}/agenda", json={"case_id": world["prepared"]}).status_code
        == 403
    )
    assert (
        post_transition(director, f"/api/v1/decisions/{world['decision']}/transitions/start_follow_up").status_code
        == 403
    )
    assert (
        director.post(
            "/api/v1/subcommittees",
            json={
                "decision_id": world["second_decision"],
                "name": "X",
                "mandate": "M",
                "deadline": "2031-01-01",
                "chair": None,
            },
        ).status_code
        == 403
    )


def test_hole_6_a_prepared_case_stays_honest(api, seeded) -> None:
    case = prepared_case(api, seeded)
    r = patch_current(api, f"/api/v1/cases/{case['id']}", json={"strategic_rationale": None})
    assert r.status_code == 409 and rule_ids(r) == ["case.prepare.requires_strategic_rationale"]
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["strategic_rationale"]
    presentation = next(
        d
        for d in ok(api.get(f"/api/v1/cases/{case['id']}/documents"))["items"]
        if d["document"]["kind"] == "case_presentation"
    )
    r = patch_current(api, f"/api/v1/documents/{presentation['document_id']}", json={"kind": "other"})
    assert r.status_code == 409 and rule_ids(r) == ["case.prepare.requires_case_presentation"]
    changed = ok(patch_current(api, f"/api/v1/cases/{case['id']}", json={"kind": "discussion"}))
    assert (changed["status"], changed["kind"]) == ("prepared", "discussion")  # re-checked, and still holds


def test_a_read_scope_covers_exactly_the_permissions_of_reads(app) -> None:
    """A system token with only the read scope holds the permissions `is_read` names: those of GETs."""
    wrong = [
        f"{sorted(r.methods)} {r.path}: {p}"
        for r, p in _routes(app.router.routes)
        if is_read(p) != (r.methods <= {"GET", "HEAD"})
    ]
    assert wrong == []
