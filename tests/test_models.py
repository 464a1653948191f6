"""Constraints the database itself guarantees, checked on the models alone (in-memory SQLite).

This is the only place `create_all` is allowed: everywhere else the schema comes from migrations.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.auth.models import ApiToken
from app.db import Base, make_engine
from app.models import Body, Case, Decision, Meeting, Membership, Organization, Person

NOW = datetime(2024, 3, 1, 10, tzinfo=timezone.utc)


@pytest.fixture
def session() -> Iterator[Session]:
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


@pytest.fixture
def forum(session: Session) -> Body:
    body = Body(kind="top_leaders_forum", name="Topplederforumet")
    session.add(body)
    session.flush()
    return body


def _case(body: Body, sequence: int, year: int = 2024) -> Case:
    return Case(owner_body_id=body.id, year=year, sequence=sequence, title="Sak", kind="decision")


def _rejected(session: Session, *rows: object) -> bool:
    session.add_all(rows)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return True
    return False


def test_case_number_is_unique_per_body_and_year(session: Session, forum: Body) -> None:
    session.add_all([_case(forum, 1), _case(forum, 1, year=2025)])
    session.flush()
    assert _rejected(session, _case(forum, 1))


def test_a_case_has_at_most_one_decision(session: Session, forum: Body) -> None:
    case = _case(forum, 1)
    meeting = Meeting(body_id=forum.id, number=1, starts_at=NOW)
    session.add_all([case, meeting])
    session.flush()
    decision = {"meeting_id": meeting.id, "case_id": case.id, "kind": "other", "text": "…", "decided_at": NOW}
    session.add(Decision(**decision))
    session.flush()
    assert _rejected(session, Decision(**decision))


def test_meeting_number_is_unique_per_body(session: Session, forum: Body) -> None:
    session.add(Meeting(body_id=forum.id, number=1, starts_at=NOW))
    session.flush()
    assert _rejected(session, Meeting(body_id=forum.id, number=1, starts_at=NOW))


def test_organization_names_are_unique(session: Session) -> None:
    session.add(Organization(name="Helsetilsynet"))
    session.flush()
    assert _rejected(session, Organization(name="Helsetilsynet"))


@pytest.mark.parametrize(
    ("changes", "ok"),
    [
        ({}, True),
        ({"end_date": date(2022, 12, 31)}, False),
        ({"allocation_percent": 101}, False),
        ({"allocation_percent": -1}, False),
    ],
)
def test_membership_checks(session: Session, forum: Body, changes: dict, ok: bool) -> None:
    person = Person(name="Fiktiv Person")
    session.add(person)
    session.flush()
    membership = Membership(
        body_id=forum.id, person_id=person.id, role="member", start_date=date(2023, 1, 1), **changes
    )
    assert _rejected(session, membership) is not ok


def test_token_role_matches_person(session: Session) -> None:
    assert _rejected(session, ApiToken(name="x", role="person", token_hash="a" * 64))
    assert _rejected(session, ApiToken(name="x", role="secretariat", token_hash="b" * 64)) is False


def test_version_is_an_optimistic_lock(session: Session, forum: Body) -> None:
    assert forum.version == 1
    forum.name = "Topplederforumet for pasient- og brukersikkerhet"
    session.flush()
    assert forum.version == 2
    session.execute(Body.__table__.update().values(version=3))  # someone else saved meanwhile
    forum.mandate = "…"
    with pytest.raises(StaleDataError):
        session.flush()
