"""Every problem a person can meet says in bokmål what went wrong (`detail_nb`, and `detail` itself when
the request prefers Norwegian), and every field error has a stable machine code (issue 26, item 8)."""

from __future__ import annotations

import uuid

import pytest
from starlette.requests import Request

from app.errors import prefers_nb
from tests.flows import attach, au_case, document, ok, patch_current, post_transition, transition

NB = {"Accept-Language": "nb-NO,nb;q=0.9,en;q=0.5"}


def _problem(r, status: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["detail_nb"] and "Accept-Language" in r.headers["vary"]
    return body


def _bokmål(r, status: int) -> dict:  # noqa: ANN001
    body = _problem(r, status)
    assert body["detail"] == body["detail_nb"] and r.headers["content-language"] == "nb"
    return body


@pytest.mark.parametrize(
    ("header", "norwegian"),
    [
        ("nb-NO,nb;q=0.9,en;q=0.5", True),
        ("no", True),
        ("nn", True),
        ("da, nb;q=0.8, en;q=0.7", True),  # Danish is not offered: bokmål is the first it takes
        ("en-GB,en;q=0.9,nb;q=0.8", False),
        ("en;q=0.4, nb;q=0.6", True),
        ("nb;q=0, en", False),
        ("*", False),
        ("", False),
        ("nb;q=nonsense", False),
    ],
)
def test_accept_language_decides_the_language_of_detail(header: str, norwegian: bool) -> None:
    request = Request({"type": "http", "headers": [(b"accept-language", header.encode())]})
    assert prefers_nb(request) is norwegian


def test_a_404_says_in_bokmal_what_is_missing(anon) -> None:  # noqa: ANN001
    path = f"/api/v1/public/meetings/{uuid.uuid4()}"
    english = _problem(anon.get(path), 404)
    assert english["detail"].startswith("no published meeting") and "Fant ikke" in english["detail_nb"]
    assert "content-language" not in anon.get(path).headers
    assert _bokmål(anon.get(path, headers=NB), 404)["detail_nb"] == english["detail_nb"]
    _bokmål(anon.get("/api/v1/ingen-slik-adresse", headers=NB), 404)


def test_a_422_names_each_field_with_a_code_and_a_message_in_bokmal(api) -> None:  # noqa: ANN001
    r = api.post("/api/v1/persons", json={"name": "x" * 1000, "organization_id": "ikke-en-id"}, headers=NB)
    body = _bokmål(r, 422)
    errors = {e["field"]: e for e in body["errors"]}
    assert errors["body.name"]["code"] == "string_too_long"
    assert errors["body.name"]["message_nb"] == "Teksten kan ha høyst 200 tegn."
    assert errors["body.organization_id"]["code"] == "uuid_parsing"
    assert errors["body.organization_id"]["message_nb"] == "Verdien må være en id (UUID)."
    assert "body.name" in body["detail_nb"]

    missing = _problem(api.post("/api/v1/persons", json={}), 422)["errors"]
    assert [(e["field"], e["code"], e["message_nb"]) for e in missing] == [
        ("body.name", "missing", "Feltet må fylles ut.")
    ]
    choice = _problem(api.get("/api/v1/public/decisions", params={"kind": "x"}), 422)["errors"]
    assert choice[0]["code"] in ("enum", "literal_error") and " eller " in choice[0]["message_nb"]


def test_a_refused_value_the_schema_cannot_see_has_a_code_too(api, anon) -> None:  # noqa: ANN001
    r = api.get("/api/v1/persons", params={"cursor": "ikke-en-markør"}, headers=NB)
    [error] = _bokmål(r, 422)["errors"]
    assert error["code"] == "stale_cursor" and error["message_nb"].startswith("Lenken til neste")
    [error] = _problem(anon.get("/api/v1/public/search", params={"q": " ".join(["ord"] * 11)}), 422)["errors"]
    assert error == {
        "field": "query.q",
        "message": "at most 10 words",
        "code": "too_many_words",
        "message_nb": "Søk på høyst 10 ord.",
    }


def test_a_403_says_who_may(api, seeded) -> None:  # noqa: ANN001
    nobody = api.as_person(ok(api.post("/api/v1/persons", json={"name": "Uten sete"}), 201)["id"])
    r = nobody.post("/api/v1/documents", json={"owner_body_id": seeded.forum, "kind": "other", "title": "x"})
    body = _problem(r, 403)
    assert body["detail"].startswith("Not permitted") and body["detail_nb"].startswith("Du har ikke denne tilgangen")


def test_a_rule_violation_gives_the_rules_own_words(api, seeded) -> None:  # noqa: ANN001
    case = au_case(api, seeded, strategic_rationale="Nye indikatorer.", large_development_work=True)
    attach(api, case["id"], document(api, "case_presentation"))
    transition(api, "case", case["id"], "start_preparation")
    r = post_transition(api, f"/api/v1/cases/{case['id']}/transitions/prepare", headers=NB)
    body = _bokmål(r, 409)
    [violation] = body["violations"]
    assert body["detail_nb"] == f"Avvist etter reglene for ordningen: {violation['message_nb']}"


def test_preconditions_and_conflicts_speak_bokmal(api, seeded) -> None:  # noqa: ANN001
    case = au_case(api, seeded)
    url = f"/api/v1/cases/{case['id']}"
    assert "If-Match" in _bokmål(api.patch(url, json={"title": "Ny"}, headers=NB), 428)["detail_nb"]
    stale = api.patch(url, json={"title": "Ny"}, headers={"If-Match": '"gammel"', **NB})
    assert "Noen andre har endret" in _bokmål(stale, 412)["detail_nb"]
    org = {"name": "Etaten"}
    ok(api.post("/api/v1/organizations", json=org), 201)
    taken = _problem(api.post("/api/v1/organizations", json=org), 409)
    assert all(e["code"] and e["message_nb"] for e in taken.get("errors") or []) and taken["detail_nb"]
    ok(patch_current(api, url, json={"title": "Ny"}))
