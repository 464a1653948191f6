import re
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.flows import (
    HDIR,
    agenda_of,
    attach,
    au_case,
    document,
    member,
    ok,
    patch_current,
    post_transition,
    prepared_case,
    rule_ids,
    transition,
)


def _prepare(api, case_id, **params):
    return post_transition(api, f"/api/v1/cases/{case_id}/transitions/prepare", params=params)


def test_cases_are_numbered_per_body_and_year(api, seeded):
    year = datetime.now(ZoneInfo("Europe/Oslo")).year
    first, second = au_case(api, seeded), au_case(api, seeded)
    board_case = au_case(api, seeded, owner_body_id=seeded.project_board)
    assert (first["number"], second["number"]) == (f"1/{year}", f"2/{year}")
    assert board_case["number"] == f"1/{year}"


def test_create_returns_location_etag_and_validates(api, seeded):
    r = api.post("/api/v1/cases", json={"owner_body_id": seeded.au, "title": "T", "kind": "decision"})
    assert r.status_code == 201
    assert r.headers["Location"].endswith(r.json()["id"]) and r.headers["ETag"]
    bad = api.post("/api/v1/cases", json={"owner_body_id": seeded.au, "title": "", "kind": "vedtak"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"body.title", "body.kind"}
    unknown = api.post(
        "/api/v1/cases",
        json={
            "owner_body_id": seeded.au,
            "title": "T",
            "kind": "decision",
            "stakeholders_involved": ["00000000-0000-0000-0000-000000000000"],
        },
    )
    assert unknown.status_code == 422
    assert api.get("/api/v1/cases/00000000-0000-0000-0000-000000000000").status_code == 404


def test_patch_honours_if_match_and_changes_stakeholders(api, seeded):
    case = au_case(api, seeded)
    r = api.get(f"/api/v1/cases/{case['id']}")
    fhi = seeded.organizations["Folkehelseinstituttet"]
    changed = patch_current(
        api,
        f"/api/v1/cases/{case['id']}",
        json={"stakeholders_involved": [fhi]},
        headers={"If-Match": r.headers["ETag"]},
    )
    assert changed.status_code == 200 and changed.json()["stakeholders_involved"] == [fhi]
    stale = patch_current(
        api, f"/api/v1/cases/{case['id']}", json={"title": "Ny"}, headers={"If-Match": r.headers["ETag"]}
    )
    assert stale.status_code == 412


def test_au_cases_are_written_by_the_au_or_the_secretariat(api, seeded):
    outsider = member(api, seeded.project_board, seeded.organizations[HDIR], "Ola Styremedlem")
    au_member = member(api, seeded.au, seeded.organizations[HDIR], "Eva Utvalg")
    payload = {"owner_body_id": seeded.au, "title": "Sak", "kind": "decision"}
    assert api.as_person(outsider["id"]).post("/api/v1/cases", json=payload).status_code == 403
    case = ok(api.as_person(au_member["id"]).post("/api/v1/cases", json=payload), 201)
    r = post_transition(api.as_person(outsider["id"]), f"/api/v1/cases/{case['id']}/transitions/start_preparation")
    assert r.status_code == 404  # the board does not read the AU's cases: an unreadable id is not told apart


def test_prepare_requires_presentation_and_rationale_and_reports_every_rule(api, seeded):
    case = au_case(api, seeded)
    transition(api, "case", case["id"], "start_preparation")
    dry = ok(_prepare(api, case["id"], dry_run="true"))
    assert dry["allowed"] is False
    assert {v["rule"] for v in dry["violations"]} == {
        "case.prepare.requires_case_presentation",
        "case.prepare.requires_strategic_rationale",
    }
    assert {w["rule"] for w in dry["warnings"]} == {
        "case.prepare.knowledge_base",
        "case.prepare.stakeholder_involvement",
    }
    r = _prepare(api, case["id"])
    assert r.status_code == 409
    assert set(rule_ids(r)) == {"case.prepare.requires_case_presentation", "case.prepare.requires_strategic_rationale"}
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "in_preparation"


def test_prepare_warns_about_knowledge_base_and_stakeholders(api, seeded):
    case = au_case(api, seeded, strategic_rationale="Viktig for alle.")
    attach(api, case["id"], document(api, "case_presentation"))
    transition(api, "case", case["id"], "start_preparation")
    r = _prepare(api, case["id"])
    assert r.status_code == 200 and r.json()["status"] == "prepared"
    assert set(rule_ids(r, "warnings")) == {"case.prepare.knowledge_base", "case.prepare.stakeholder_involvement"}


def test_large_development_work_goes_through_ordinary_channels(api, seeded):
    case = au_case(api, seeded, strategic_rationale="Nye indikatorer.", large_development_work=True)
    attach(api, case["id"], document(api, "case_presentation"))
    transition(api, "case", case["id"], "start_preparation")
    r = _prepare(api, case["id"])
    assert r.status_code == 409 and rule_ids(r) == ["case.prepare.ordinary_channels"]
    ok(patch_current(api, f"/api/v1/cases/{case['id']}", json={"large_development_work": False}))
    assert _prepare(api, case["id"]).status_code == 200


def test_transition_listing_shows_allowed_and_rule_outcomes(api, seeded):
    case = au_case(api, seeded)
    listing = ok(api.get(f"/api/v1/cases/{case['id']}/transitions"))
    assert listing["state"] == "registered" and listing["state_label_nb"] == "Registrert"
    start = next(t for t in listing["transitions"] if t["name"] == "start_preparation")
    assert (start["label_nb"], start["to_label_nb"], start["reason_nb"]) == (
        "Start forberedelse",
        "Under forberedelse",
        None,
    )
    assert {t["name"]: t["allowed"] for t in listing["transitions"]} == {"start_preparation": True, "withdraw": True}
    transition(api, "case", case["id"], "start_preparation")
    prepare = next(
        t for t in ok(api.get(f"/api/v1/cases/{case['id']}/transitions"))["transitions"] if t["name"] == "prepare"
    )
    assert prepare["allowed"] is False
    checks = {c["rule"]: c["passed"] for c in prepare["rules"]}
    assert checks["case.prepare.requires_case_presentation"] is False
    assert checks["case.prepare.ordinary_channels"] is True


def test_transition_listing_answers_for_the_caller(api, seeded):
    """A transition the caller would get a 403 for is listed as not allowed (and not permitted):
    forum members read the AU's cases but do not write them."""
    outsider = member(api, seeded.forum, seeded.organizations[HDIR], "Helsedirektøren")
    case = au_case(api, seeded)
    mine = ok(api.get(f"/api/v1/cases/{case['id']}/transitions"))["transitions"]
    theirs = ok(api.as_person(outsider["id"]).get(f"/api/v1/cases/{case['id']}/transitions"))["transitions"]
    assert {(t["name"], t["allowed"], t["permitted"]) for t in mine} == {
        ("start_preparation", True, True),
        ("withdraw", True, True),
    }
    assert {(t["name"], t["allowed"], t["permitted"]) for t in theirs} == {
        ("start_preparation", False, False),
        ("withdraw", False, False),
    }
    # Why not, in Norwegian, from the policy table: a reason of its own, not a rule outcome.
    assert all(t["reason_nb"].startswith("Du har ikke denne tilgangen (work.write)") for t in theirs)
    assert all(c["passed"] for t in theirs for c in t["rules"])


def test_transition_out_of_order_is_refused(api, seeded):
    case = au_case(api, seeded)
    r = post_transition(api, f"/api/v1/cases/{case['id']}/transitions/note")
    assert r.status_code == 409 and "case.transition.order" in rule_ids(r)
    assert post_transition(api, f"/api/v1/cases/{case['id']}/transitions/fly").status_code == 404


def test_withdrawing_a_scheduled_case_takes_it_off_the_agenda(api, seeded):
    from tests.flows import forum_meeting, put_on_agenda

    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    withdrawn = transition(api, "case", case["id"], "withdraw")
    assert withdrawn["status"] == "withdrawn" and withdrawn["closed_at"]
    assert agenda_of(api, meeting["id"]) == []
    assert patch_current(api, f"/api/v1/cases/{case['id']}", json={"title": "x"}).status_code == 409


def test_pages_of_cases_carry_each_case_once_with_all_its_stakeholders(api, seeded):
    organizations = sorted(seeded.organizations.values())
    made = {
        au_case(api, seeded, stakeholders_involved=organizations[:n])["id"]: organizations[:n] for n in (3, 0, 2, 1, 3)
    }
    seen, cursor = {}, None
    while True:
        page = ok(api.get("/api/v1/cases", params={"limit": 2, **({"cursor": cursor} if cursor else {})}))
        assert len(page["items"]) <= 2  # the limit counts cases, not joined stakeholder rows
        for item in page["items"]:
            assert item["id"] not in seen
            seen[item["id"]] = item["stakeholders_involved"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made


def test_a_case_s_transitions_read_the_case_with_its_body_and_its_facts_once(api, seeded, count_statements):
    case = au_case(api, seeded, stakeholders_involved=[seeded.organizations[HDIR]])
    path = f"/api/v1/cases/{case['id']}"
    ok(api.get(path))  # the caller is known from here on
    with count_statements() as listing:
        transitions = ok(api.get(f"{path}/transitions"))
    assert {t["name"] for t in transitions["transitions"]} >= {"start_preparation"}
    reads = [s for s in listing.statements if re.search(r"\bFROM (cases|bodies)\b", s)]
    assert len(reads) == 1 and "JOIN bodies" in reads[0], listing.statements
    # Where the case stands on an agenda is a fact of every transition's rules: read once for all of them.
    assert sum("FROM agenda_items" in s for s in listing.statements) == 1, listing.statements
