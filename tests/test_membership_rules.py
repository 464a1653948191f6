"""The membership rules, each triggered over HTTP and reported with its id and citation."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from flows import forum_decision, patch_current, post_transition
from test_memberships_api import add_person, add_seat

from app.memberships.models import Membership

HDIR, HTIL, FHI = "Helsedirektoratet", "Helsetilsynet", "Folkehelseinstituttet"
UKOM = "Statens undersøkelseskommisjon for helse- og omsorgstjenesten"


def violation(r, rule: str) -> dict:
    assert r.status_code == 409, r.text
    [v] = [v for v in r.json()["violations"] if v["rule"] == rule]
    assert v["severity"] == "error" and v["message_nb"] and v["citation"].startswith("«")
    return v


def warning(r, rule: str) -> dict:
    assert r.status_code in (200, 201), r.text
    [w] = [w for w in r.json()["warnings"] if w["rule"] == rule]
    assert w["severity"] == "warning" and w["citation"].startswith("«")
    return w


def warned(r) -> set[str]:
    assert r.status_code in (200, 201), r.text
    return {w["rule"] for w in r.json()["warnings"]}


def compliance(api, rule: str) -> list[dict]:
    return [f for f in api.get("/api/v1/compliance").json()["findings"] if f["rule"] == rule]


def seat_for(api, seeded, body: str, org: str, role: str = "member", name: str = "Åse Ødegård", **kw):
    return add_seat(api, body, add_person(api, seeded.organizations[org], name), role, **kw)


def test_forum_members_represent_the_central_health_administration(api, seeded):
    v = violation(seat_for(api, seeded, seeded.forum, "KS"), "forum.members.central_health_administration")
    assert "den sentrale helseforvaltningen" in v["citation"] and "KS" in v["detail"]
    assert api.get(f"/api/v1/bodies/{seeded.forum}/memberships").json()["items"] == []


def test_forum_chair_represents_helsedirektoratet(api, seeded):
    v = violation(seat_for(api, seeded, seeded.forum, FHI, "chair"), "meeting.chair.forum_health_director")
    assert "helsedirektøren" in v["citation"]
    assert "Helsedirektoratet" in v["message_nb"]
    assert seat_for(api, seeded, seeded.forum, HDIR, "chair").status_code == 201


def test_a_body_has_one_chair_at_a_time(api, seeded):
    first = seat_for(api, seeded, seeded.au, HDIR, "chair", end_date="2024-12-31")
    assert first.status_code == 201
    v = violation(
        seat_for(api, seeded, seeded.au, HDIR, "chair", "Per Ås", start_date="2024-06-01"), "body.chair.exactly_one"
    )
    assert "skal ha en leder" in v["citation"]
    # The next leader may take over the day after (rotation, «ledelse … gå på omgang»).
    assert seat_for(api, seeded, seeded.au, HDIR, "chair", "Kari Ås", start_date="2025-01-01").status_code == 201
    # Promoting a member into an overlapping chair is rejected too.
    member = seat_for(api, seeded, seeded.au, HTIL, "member", "Ola Ås").json()
    violation(
        patch_current(api, f"/api/v1/memberships/{member['id']}", json={"role": "chair"}), "body.chair.exactly_one"
    )


def test_one_chair_holds_under_concurrent_requests(api, seeded):
    people = [add_person(api, seeded.organizations[HDIR], f"Kandidat {i}") for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda p: add_seat(api, seeded.au, p, "chair"), people))
    assert sorted(r.status_code for r in results) == [201, 409, 409, 409]
    chairs = api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"role": "chair"}).json()["items"]
    assert len(chairs) == 1


def test_second_chair_shows_in_compliance(api, database, seeded):
    seat_for(api, seeded, seeded.au, HDIR, "chair")
    with database.write_sessionmaker.begin() as session:  # as an import or a manual fix might leave it
        person = uuid.UUID(add_person(api, seeded.organizations[HDIR], "Nestleder"))
        session.add(
            Membership(
                body_id=uuid.UUID(seeded.au), person_id=person, role="chair", start_date=datetime(2023, 3, 1).date()
            )
        )
    [finding] = compliance(api, "body.chair.exactly_one")
    assert finding["entities"][0] == {"type": "body", "id": seeded.au, "label": "Arbeidsutvalget"}
    assert len(finding["entities"]) == 3


def test_au_and_board_members_need_a_fixed_deputy(api, seeded):
    member = seat_for(api, seeded, seeded.au, HTIL, allocation_percent=20)
    w = warning(member, "membership.deputy_required")
    assert "fast stedfortreder" in w["citation"] and w["entities"][0]["id"] == member.json()["id"]
    assert [f["entities"][0]["id"] for f in compliance(api, "membership.deputy_required")] == [member.json()["id"]]

    deputy = seat_for(
        api, seeded, seeded.au, HTIL, "deputy", "Stedfortreder", deputy_for_membership_id=member.json()["id"]
    )
    assert "membership.deputy_required" not in warned(deputy)
    assert compliance(api, "membership.deputy_required") == []
    # Ending the deputy leaves the member uncovered again.
    ended = patch_current(api, f"/api/v1/memberships/{deputy.json()['id']}", json={"end_date": "2023-06-30"})
    warning(ended, "membership.deputy_required")

    board = seat_for(api, seeded, seeded.project_board, HDIR, name="Styremedlem")
    assert "vararepresentanter" in warning(board, "membership.deputy_required")["citation"]
    assert "membership.deputy_required" not in warned(seat_for(api, seeded, seeded.forum, HDIR, "chair"))


def test_au_members_should_serve_a_year(api, seeded):
    w = warning(seat_for(api, seeded, seeded.au, FHI, end_date="2023-06-30"), "membership.min_term")
    assert "minst ett år" in w["citation"] and "12" in w["message_nb"]
    year = seat_for(api, seeded, seeded.au, FHI, name="Hele året", end_date="2023-12-31")
    assert "membership.min_term" not in warned(year)


def test_au_members_contribute_at_most_twenty_percent(api, seeded):
    w = warning(seat_for(api, seeded, seeded.au, HTIL, allocation_percent=40), "membership.max_allocation")
    assert "inntil 20 prosent" in w["citation"] and "20" in w["message"]
    at_most = seat_for(api, seeded, seeded.au, HTIL, name="B", allocation_percent=20)
    assert "membership.max_allocation" not in warned(at_most)


def test_no_new_memberships_in_a_dissolved_body(api, seeded):
    assert post_transition(api, f"/api/v1/bodies/{seeded.project_board}/transitions/dissolve").status_code == 200
    v = violation(seat_for(api, seeded, seeded.project_board, HDIR), "membership.body_active")
    assert "tidsavgrensede" in v["citation"]


def test_agencies_beyond_the_founding_four_join_by_forum_decision(api, database, seeded):
    v = violation(seat_for(api, seeded, seeded.forum, UKOM), "forum.membership.change_requires_decision")
    assert "Statens legemiddelverk skal delta" in v["citation"]
    forum_decision(api, seeded, kind="establish_subcommittee", text="Et annet vedtak.")
    assert seat_for(api, seeded, seeded.forum, UKOM, name="Ukom-leder").status_code == 409
    forum_decision(
        api,
        seeded,
        kind="membership_change",
        text="Ukom blir med i forumet.",
        subject_organization_id=seeded.organizations[UKOM],
    )
    assert seat_for(api, seeded, seeded.forum, UKOM, name="Ukom-direktør").status_code == 201


def test_forum_agencies_are_represented_in_the_au(api, seeded):
    forum = seat_for(api, seeded, seeded.forum, FHI)
    w = warning(forum, "forum.agencies.represented_in_working_committee")
    assert "har også representanter i Arbeidsutvalget" in w["citation"]
    assert w["entities"] == [{"type": "organization", "id": seeded.organizations[FHI], "label": FHI}]
    [finding] = compliance(api, "forum.agencies.represented_in_working_committee")
    assert finding["entities"][0]["id"] == seeded.organizations[FHI]

    au = seat_for(api, seeded, seeded.au, FHI, name="FHI i AU")
    assert "forum.agencies.represented_in_working_committee" not in warned(au)
    assert compliance(api, "forum.agencies.represented_in_working_committee") == []
    ended = patch_current(api, f"/api/v1/memberships/{au.json()['id']}", json={"end_date": "2023-12-31"})
    warning(ended, "forum.agencies.represented_in_working_committee")


def test_the_demo_composition_complies(api, demo_seeded):
    mine = {"body.chair.exactly_one", "membership.deputy_required", "forum.agencies.represented_in_working_committee"}
    findings = api.get("/api/v1/compliance").json()["findings"]
    assert [f for f in findings if f["rule"] in mine] == []


def test_rules_are_listed_with_their_parameters(api):
    rule = api.get("/api/v1/rules/forum.membership.change_requires_decision").json()
    assert rule["parameters"]["founding_members"] == [HDIR, HTIL, FHI, "Direktoratet for e-helse"]
    assert api.get("/api/v1/rules/membership.deputy_required").json()["invariant"] is True


def test_a_dry_run_answers_with_the_rules_and_adds_nothing(api, seeded):
    """The form learns the warnings and refusals before saving: `dry_run=true` judges the membership as it
    would be (flushed: the chair rule asks the database) and rolls it back, audit included."""
    chair = seat_for(api, seeded, seeded.au, HDIR, "chair")
    audited = len(api.get("/api/v1/audit-events", params={"entity_type": "membership"}).json()["items"])
    person = add_person(api, seeded.organizations[FHI], "Prøve Person")
    url = f"/api/v1/bodies/{seeded.au}/memberships"
    payload = {"person_id": person, "role": "member", "start_date": "2023-01-01", "allocation_percent": 40}
    r = api.post(url, params={"dry_run": "true"}, json=payload)
    assert r.status_code == 200 and "Location" not in r.headers, r.text
    assert r.json()["dry_run"] is True and r.json()["allowed"] is True and r.json()["violations"] == []
    assert {"membership.max_allocation", "membership.deputy_required"} <= warned(r)
    refused = api.post(url, params={"dry_run": "true"}, json={**payload, "role": "chair"})
    assert refused.status_code == 200 and refused.json()["allowed"] is False
    [v] = refused.json()["violations"]
    assert v["rule"] == "body.chair.exactly_one" and v["message_nb"] and v["citation"].startswith("«")
    # A deputy rehearsed for the chair covers it: the warning about the chair's deputy goes away.
    deputy = {"person_id": person, "role": "deputy", "start_date": "2023-01-01"}
    covered = api.post(url, params={"dry_run": "true"}, json={**deputy, "deputy_for_membership_id": chair.json()["id"]})
    assert "membership.deputy_required" not in warned(covered)
    assert api.post(url, params={"dry_run": "true"}, json={**payload, "role": "deputy"}).status_code == 422
    listed = api.get(url, params={"person_id": person}).json()["items"]
    assert listed == []
    after = len(api.get("/api/v1/audit-events", params={"entity_type": "membership"}).json()["items"])
    assert after == audited


def test_a_dry_run_of_a_change_needs_if_match_and_changes_nothing(api, seeded):
    member = seat_for(api, seeded, seeded.au, HTIL, allocation_percent=20)
    url = f"/api/v1/memberships/{member.json()['id']}"
    change = {"end_date": "2023-03-31", "allocation_percent": 50}
    assert api.patch(url, params={"dry_run": "true"}, json=change).status_code == 428
    r = api.patch(url, params={"dry_run": "true"}, json=change, headers={"If-Match": member.headers["ETag"]})
    assert r.status_code == 200 and r.json()["allowed"] is True, r.text
    assert {"membership.min_term", "membership.max_allocation"} <= warned(r)
    got = api.get(url)
    assert got.json()["end_date"] is None and got.json()["allocation_percent"] == 20
    assert got.headers["ETag"] == member.headers["ETag"]
    stale = api.patch(url, params={"dry_run": "true"}, json={"end_date": "2023-03-31"}, headers={"If-Match": '"x.1"'})
    assert stale.status_code == 412
