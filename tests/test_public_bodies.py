"""Who sits where, in public (issue 26, item 6): each body's members with role, organization and term on
the public API and the website; a subcommittee with its leader and its members' competence; never
contact details, and a subcommittee not before its setting up is public."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from app.bodies.models import Body
from app.memberships.models import Membership
from app.organizations.models import Organization
from app.persons.models import Person
from tests.publication_scenario import SECRET, Scenario

P = "/api/v1/public"


@pytest.fixture
def scenario(app, client) -> Scenario:  # noqa: ANN001
    scenario = Scenario(app.state.db, app.state.engine).setup()

    def seats(ctx) -> None:  # noqa: ANN001
        scenario.add(ctx, "org", Organization(name="Helse Vest RHF", short_name="HV", description=SECRET))
        people = {
            "chair": "Bjørn Guldvog",
            "member": "Anne Hafstad",
            "deputy": "Ola Nordmann",
            "secretary": "Siri Sekretær",
            "former": "Gammel Leder",
            "sub_chair": "Liv Leder",
            "sub_member": "Per Farmasøyt",
        }
        for key, name in people.items():
            scenario.add(ctx, key, Person(name=name, email=f"{key}.{SECRET}@example.no", title=SECRET))
        forum, sub, org = scenario.ids["forum"], scenario.ids["subcommittee"], scenario.ids["org"]

        def seat(key: str, body: object, role: str, **fields: object) -> None:
            fields = {"start_date": date(2023, 1, 1), "organization_id": org, **fields}
            scenario.add(
                ctx,
                f"seat_{key}",
                Membership(body_id=body, person_id=scenario.ids[key], role=role, **fields),
            )

        seat("chair", forum, "chair", competence=SECRET)
        seat("member", forum, "member", end_date=date(2099, 12, 31))
        seat("deputy", forum, "deputy", deputy_for_membership_id=scenario.ids["seat_member"])
        seat("secretary", forum, "secretary", organization_id=None)
        seat("former", forum, "chair", end_date=date(2022, 12, 31), start_date=date(2020, 1, 1))
        seat("sub_chair", sub, "chair", competence="Klinisk farmakologi")
        seat("sub_member", sub, "member", competence="Sykehusfarmasi")

    scenario.run(seats)
    return scenario


def test_each_body_lists_its_members_with_role_organization_and_term(scenario, anon) -> None:  # noqa: ANN001
    bodies = anon.get(f"{P}/bodies").json()["items"]
    assert [b["name"] for b in bodies] == ["Arbeidsutvalget", "Topplederforumet"]  # the subcommittee is not public
    forum = anon.get(f"{P}/bodies/{scenario.ids['forum']}").json()
    assert forum == next(b for b in bodies if b["name"] == "Topplederforumet")
    assert [(m["name"], m["role"]) for m in forum["members"]] == [
        ("Bjørn Guldvog", "chair"),
        ("Anne Hafstad", "member"),
        ("Ola Nordmann", "deputy"),
        ("Siri Sekretær", "secretary"),
    ]  # leader first; the one whose term ended is not listed
    chair, member, deputy, secretary = forum["members"]
    assert chair["organization"] == {"id": str(scenario.ids["org"]), "name": "Helse Vest RHF", "short_name": "HV"}
    assert member["start_date"] == "2023-01-01" and member["end_date"] == "2099-12-31"
    assert deputy["deputy_for"] == member["id"] and secretary["organization"] is None
    assert chair["competence"] is None  # a forum member's competence is not what the public page is for
    assert set(chair) == {"id", "name", "role", "organization", "deputy_for", "start_date", "end_date", "competence"}


def test_a_subcommittee_shows_its_leader_and_members_with_competence_once_public(scenario, anon) -> None:  # noqa: ANN001
    sub = scenario.ids["subcommittee"]
    assert anon.get(f"{P}/bodies/{sub}").status_code == 404
    assert anon.get(f"/organer/{sub}").status_code == 404
    scenario.convene().hold_and_approve()
    body = anon.get(f"{P}/bodies/{sub}").json()
    assert [(m["name"], m["role"], m["competence"]) for m in body["members"]] == [
        ("Liv Leder", "chair", "Klinisk farmakologi"),
        ("Per Farmasøyt", "member", "Sykehusfarmasi"),
    ]
    assert body["parent_body_id"] == str(scenario.ids["au"])
    (listed,) = anon.get(f"{P}/subcommittees").json()["items"]
    assert listed["members"] == body["members"]

    r = anon.get(f"/organer/{sub}", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == f"/underutvalg/{sub}"
    page = anon.get(f"/underutvalg/{sub}").text
    assert re.search(r"<dt>Leder</dt><dd>Liv Leder, Helse Vest RHF</dd>", page)
    assert "Per Farmasøyt" in page and "Sykehusfarmasi" in page


def test_a_dissolved_body_is_marked_and_keeps_the_members_it_had(scenario, anon) -> None:  # noqa: ANN001
    def dissolve(ctx) -> None:  # noqa: ANN001
        forum = ctx.session.get(Body, scenario.ids["forum"])
        forum.status, forum.dissolved_at = "dissolved", datetime(2024, 6, 1, 10, tzinfo=timezone.utc)
        ctx.session.get(Membership, scenario.ids["seat_chair"]).end_date = date(2024, 6, 1)

    scenario.run(dissolve)
    forum = anon.get(f"{P}/bodies/{scenario.ids['forum']}").json()
    assert forum["status"] == "dissolved" and forum["dissolved_at"].startswith("2024-06-01")
    assert [m["name"] for m in forum["members"]][:1] == ["Bjørn Guldvog"]  # he sat on the day it was dissolved
    page = anon.get(f"/organer/{scenario.ids['forum']}").text
    assert "Oppløst 1. juni 2024" in page and "Medlemmer da organet ble oppløst" in page


def test_the_website_shows_who_sits_where_and_links_it_from_the_front_page(scenario, anon) -> None:  # noqa: ANN001
    forum = scenario.ids["forum"]
    front = anon.get("/").text
    assert f'href="/organer/{forum}"' in front and 'href="/organer"' in front
    listing = anon.get("/organer").text
    assert f'href="/organer/{forum}"' in listing and "Topplederforum · 4 personer" in listing
    page = anon.get(f"/organer/{forum}").text
    for text in ("Bjørn Guldvog", "Leder", "Fast stedfortreder", "for Anne Hafstad", "Sekretær", "Helse Vest RHF"):
        assert text in page
    assert "1. januar 2023–31. desember 2099" in page and "fra 1. januar 2023" in page
    assert "Gammel Leder" not in page


def test_no_contact_details_or_internal_fields_reach_the_public(scenario, anon) -> None:  # noqa: ANN001
    scenario.convene().hold_and_approve()
    sub = scenario.ids["subcommittee"]
    for path in (
        f"{P}/bodies",
        f"{P}/bodies/{scenario.ids['forum']}",
        f"{P}/bodies/{sub}",
        "/organer",
        "/",
        f"/underutvalg/{sub}",
    ):
        r = anon.get(path)
        assert r.status_code == 200 and SECRET not in r.text and "@example.no" not in r.text, path


def test_public_bodies_are_cacheable_and_read_in_fixed_queries(scenario, anon, count_statements) -> None:  # noqa: ANN001
    r = anon.get(f"{P}/bodies")
    assert r.headers["cache-control"] == "public, max-age=60"
    assert anon.get(f"{P}/bodies", headers={"If-None-Match": r.headers["etag"]}).status_code == 304

    def more_seats(ctx) -> None:  # noqa: ANN001
        for i in range(10):
            person = Person(name=f"Medlem {i}")
            ctx.session.add(person)
            ctx.session.flush()
            ctx.session.add(
                Membership(
                    body_id=scenario.ids["au"],
                    person_id=person.id,
                    role="member",
                    start_date=date.today() - timedelta(1),
                )
            )

    # Another page size each time: the replica's public cache does not answer a new one from memory.
    with count_statements() as few:
        anon.get(f"{P}/bodies?limit=20")
    scenario.run(more_seats)
    with count_statements() as many:
        assert len(anon.get(f"{P}/bodies?limit=21").json()["items"][0]["members"]) == 10
    assert many.count == few.count
