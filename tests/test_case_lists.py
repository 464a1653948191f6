"""The list of cases a staff app needs: several statuses at once, free text on title and number, and
sorting by registration or number — keyset-paged in each order, each filter and order on an index."""

from __future__ import annotations

import pytest

from tests.flows import au_case, ok, transition
from tests.test_archive import Statements, plan


def _titles(api, **params) -> list[str]:  # noqa: ANN001
    return [c["title"] for c in ok(api.get("/api/v1/cases", params={"limit": 200, **params}))["items"]]


@pytest.fixture
def cases(api, seeded) -> list[dict]:  # noqa: ANN001
    made = [
        au_case(api, seeded, title=title)
        for title in ("Felles råd om legemiddelsikkerhet", "Øvelse i Ålesund", "Årsplan for 2027", "100 % sikkert")
    ]
    transition(api, "case", made[1]["id"], "start_preparation")
    return made


def test_several_statuses_at_once(api, cases) -> None:  # noqa: ANN001
    assert _titles(api, status="in_preparation") == ["Øvelse i Ålesund"]
    assert len(_titles(api, status="registered,in_preparation")) == 4
    r = api.get("/api/v1/cases", params={"status": "registered,bogus"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.status", r.text


def test_free_text_on_title_and_number(api, cases) -> None:  # noqa: ANN001
    assert _titles(api, q="LEGEMIDDEL") == ["Felles råd om legemiddelsikkerhet"]
    assert _titles(api, q="ålesund") == ["Øvelse i Ålesund"]  # Norwegian letters fold too
    assert _titles(api, q="100 %") == ["100 % sikkert"]  # % is a character, not a wildcard
    assert _titles(api, q=cases[2]["number"]) == ["Årsplan for 2027"]
    assert _titles(api, q="finnes ikke") == []
    for bad in ("", "x" * 201):
        r = api.get("/api/v1/cases", params={"q": bad})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.q", r.text


def test_sorted_by_registration_or_number_a_page_at_a_time(api, cases) -> None:  # noqa: ANN001
    registered = [c["title"] for c in cases]
    for sort, expected in (
        ("created_at", registered),
        ("-created_at", registered[::-1]),
        ("number", registered),
        ("-number", registered[::-1]),
    ):
        first = ok(api.get("/api/v1/cases", params={"sort": sort, "limit": 3}))
        rest = ok(api.get("/api/v1/cases", params={"sort": sort, "limit": 3, "cursor": first["next_cursor"]}))
        assert [c["title"] for c in first["items"] + rest["items"]] == expected, sort
    # A cursor is good for the order it came from only.
    numbered = ok(api.get("/api/v1/cases", params={"sort": "number", "limit": 1}))["next_cursor"]
    r = api.get("/api/v1/cases", params={"sort": "-created_at", "cursor": numbered})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.cursor", r.text
    r = api.get("/api/v1/cases", params={"sort": "title"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.sort", r.text


def test_each_order_and_the_free_text_have_their_index(api, database, cases) -> None:  # noqa: ANN001
    for params, index, disable in (
        ({"sort": "number"}, "ix_cases_year_sequence_id", ("seqscan",)),
        ({"sort": "-created_at"}, "ix_cases_created_id", ("seqscan",)),
        ({"q": "legemiddel"}, "ix_cases_title_trgm" if database.is_postgresql else None, ("seqscan", "indexscan")),
    ):
        with Statements(database) as statements:
            ok(api.get("/api/v1/cases", params={"limit": 1, **params}))
        explained = plan(database, *statements.page_query(), disable)
        if index is not None:
            assert index in explained, (params, explained)
