"""`samordning seed`: the arrangement from the source, idempotent, audited; `--demo` adds the 2023 composition."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.bodies.models import Body
from app.memberships.models import Membership
from app.models import Base
from app.organizations.models import Organization
from app.persons.models import Person
from app.seed import data
from app.seed.service import seed

FOUNDING_FOUR = {"Helsedirektoratet", "Helsetilsynet", "Folkehelseinstituttet", "Direktoratet for e-helse"}


def _counts(database) -> dict[str, int]:  # noqa: ANN001
    with database.sessionmaker() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def test_seed_loads_the_18_collaboration_actors_with_flags(database, seeded):  # noqa: ANN001
    with database.sessionmaker() as session:
        orgs = {o.name: o for o in session.scalars(select(Organization))}
    actors = [o for o in orgs.values() if o.collaboration_actor]
    assert len(actors) == 18
    cha = {name for name, o in orgs.items() if o.central_health_administration}
    assert cha == FOUNDING_FOUR | {
        "Statens undersøkelseskommisjon for helse- og omsorgstjenesten",
        "Statens legemiddelverk",
    }
    assert not orgs["Helse- og omsorgsdepartementet"].central_health_administration
    assert orgs["Verdens helseorganisasjon"].stakeholder and orgs["Verdens helseorganisasjon"].short_name == "WHO"
    assert orgs["Pasienter, brukere og pårørende"].stakeholder
    assert not any(o.stakeholder for o in actors)
    assert set(seeded.organizations) == set(orgs)


def test_seed_gives_the_four_tabulated_agencies_their_responsibilities(database, seeded):  # noqa: ANN001
    with database.sessionmaker() as session:
        orgs = {o.name: o for o in session.scalars(select(Organization))}
    with_responsibilities = {name for name, o in orgs.items() if o.responsibilities}
    assert with_responsibilities == FOUNDING_FOUR
    assert "Samordne tilsyn med nasjonale satsinger" in orgs["Helsetilsynet"].responsibilities
    assert len(orgs["Helsedirektoratet"].responsibilities) == 11
    assert len(orgs["Folkehelseinstituttet"].responsibilities) == 8


def test_seed_creates_the_three_standing_bodies_with_mandates(database, seeded):  # noqa: ANN001
    with database.sessionmaker() as session:
        bodies = {b.kind: b for b in session.scalars(select(Body))}
    assert set(bodies) == {"top_leaders_forum", "working_committee", "project_board"}
    assert {b.name for b in bodies.values()} == {"Topplederforumet", "Arbeidsutvalget", "Prosjektstyret"}
    assert all(b.status == "active" for b in bodies.values())
    assert "- vedta årsplan for ordningen" in bodies["top_leaders_forum"].mandate
    assert "7. opprette og følge opp underutvalg" in bodies["working_committee"].mandate
    assert "seks til åtte ukers mellomrom" in bodies["project_board"].mandate
    assert seeded.bodies == {
        "forum": str(bodies["top_leaders_forum"].id),
        "au": str(bodies["working_committee"].id),
        "project_board": str(bodies["project_board"].id),
    }


def test_seed_audits_every_created_row_as_the_seed(database):  # noqa: ANN001
    with database.write_sessionmaker.begin() as session:
        summary = seed(session, demo=True)
    assert "created" in summary
    counts = _counts(database)
    with database.sessionmaker() as session:
        # The demo record (app/seed/demo_record.py) goes through the services as the secretariat "seed".
        assert set(session.scalars(select(AuditEvent.actor))) == {"system:seed", "secretariat:seed"}
        creates = dict(
            session.execute(
                # A subcommittee's body is audited as established.
                select(AuditEvent.entity_type, func.count())
                .where(AuditEvent.action.in_(("create", "establish")))
                .group_by(AuditEvent.entity_type)
            ).all()
        )
    for entity_type, table in [
        ("organization", "organizations"),
        ("body", "bodies"),
        ("person", "persons"),
        ("membership", "memberships"),
    ]:
        assert creates[entity_type] == counts[table]


def test_seed_twice_changes_nothing(database):  # noqa: ANN001
    with database.write_sessionmaker.begin() as session:
        seed(session, demo=True)
    first = _counts(database)
    with database.write_sessionmaker.begin() as session:
        summary = seed(session, demo=True)
    assert _counts(database) == first  # no new rows, no new audit events
    assert summary == "seed: created nothing; updated nothing"


def test_seed_restores_a_changed_source_value_and_audits_it(database, seeded):  # noqa: ANN001
    with database.write_sessionmaker.begin() as session:
        org = session.scalars(select(Organization).where(Organization.name == "Helsetilsynet")).one()
        org.short_name = "X"
    with database.write_sessionmaker.begin() as session:
        assert seed(session) == "seed: created nothing; updated 1 organization"
    with database.sessionmaker() as session:
        org = session.scalars(select(Organization).where(Organization.name == "Helsetilsynet")).one()
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert org.short_name == "Htil"
    assert (event.entity_id, event.before["short_name"], event.after["short_name"]) == (org.id, "X", "Htil")


def test_demo_seed_holds_the_2023_composition(database, demo_seeded):  # noqa: ANN001
    with database.sessionmaker() as session:
        org_names = {o.id: o.name for o in session.scalars(select(Organization))}
        people = {p.id: p for p in session.scalars(select(Person))}
        members = list(session.scalars(select(Membership)))
    by_body = lambda body_id: [m for m in members if str(m.body_id) == body_id]  # noqa: E731

    forum = by_body(demo_seeded.forum)
    assert {org_names[m.organization_id] for m in forum} == FOUNDING_FOUR
    (chair,) = [m for m in forum if m.role == "chair"]
    assert org_names[chair.organization_id] == "Helsedirektoratet"
    assert people[chair.person_id].title.startswith("Helsedirektør")

    au = by_body(demo_seeded.au)
    seats = [m for m in au if m.role != "deputy"]
    deputies = {m.deputy_for_membership_id: m for m in au if m.role == "deputy"}
    assert len(seats) == 6 and len(deputies) == 6
    assert sorted(org_names[m.organization_id] for m in seats) == sorted(
        ["Helsedirektoratet"] * 3 + ["Helsetilsynet", "Folkehelseinstituttet", "Direktoratet for e-helse"]
    )
    (leader,) = [m for m in seats if m.role == "chair"]
    assert org_names[leader.organization_id] == "Helsedirektoratet"
    for seat in seats:
        assert seat.allocation_percent == 20 and seat.end_date is None and str(seat.start_date) == "2023-01-01"
        assert deputies[seat.id].organization_id == seat.organization_id

    board = by_body(demo_seeded.project_board)
    board_seats = [m for m in board if m.role != "deputy"]
    assert board_seats and {m.deputy_for_membership_id for m in board if m.role == "deputy"} == {
        m.id for m in board_seats
    }
    assert all(p.title and p.organization_id for p in people.values())
    assert all(p.email.endswith("@" + data.DEMO_EMAIL_DOMAIN) for p in people.values())


def test_demo_composition_breaks_no_invariant(api, demo_seeded):  # noqa: ANN001
    r = api.get("/api/v1/compliance")
    assert r.status_code == 200
    assert r.json() == {"holds": True, "findings": []}


def test_demo_record_is_dated_by_its_own_events_on_working_days(anon, demo_seeded):  # noqa: ANN001
    from app.norwegian import OSLO, public_holidays

    meetings = anon.get("/api/v1/public/meetings", params={"limit": 50}).json()["items"]
    for m in meetings:
        day = datetime.fromisoformat(m["starts_at"]).astimezone(OSLO).date()
        assert day.weekday() < 5 and day not in public_holidays(day.year), m
    held = next(m for m in meetings if m["title"] == "Oppstartsmøte")
    minutes = anon.get(f"/api/v1/public/meetings/{held['id']}").json()["minutes"]
    # Minutes are published when approved, two weeks after the meeting, not when the seed ran.
    assert datetime.fromisoformat(minutes["published_at"]) > datetime.fromisoformat(held["starts_at"])
    assert datetime.fromisoformat(minutes["published_at"]) < datetime.now(timezone.utc) - timedelta(days=20)
    subcommittees = anon.get("/api/v1/public/subcommittees").json()["items"]
    assert [len(s["deliveries"]) for s in subcommittees] == [1]


def test_demo_record_shows_a_correction_and_a_follow_up(anon, demo_seeded):  # noqa: ANN001
    """The demo shows what a real year has: minutes corrected after approval, a decision followed up."""
    meetings = anon.get("/api/v1/public/meetings", params={"limit": 50}).json()["items"]
    held = next(m for m in meetings if m["title"] == "Oppstartsmøte")
    upcoming = next(m for m in meetings if m["body"]["kind"] == "top_leaders_forum" and m["status"] == "convened")
    minutes = anon.get(f"/api/v1/public/meetings/{held['id']}").json()["minutes"]
    document = anon.get(f"/api/v1/public/documents/{minutes['id']}").json()
    assert [(v["number"], v["correction"]) for v in document["versions"]] == [(1, False), (2, True)]
    from app.norwegian import OSLO, nb_date

    assert nb_date(datetime.fromisoformat(upcoming["starts_at"]).astimezone(OSLO)) in document["body"]
    page = anon.get(f"/dokumenter/{minutes['id']}").text
    assert "Rettet" in page and "Datoen for neste møte manglet i referatet." in page
    feed = anon.get("/api/v1/public/feed.atom").text
    assert f"Rettet: {minutes['title']}" in feed
    assert "følges opp: Arbeidsutvalget har satt ned underutvalget." in anon.get("/").text
