"""Unknown query parameters are refused (issue 26, item 5): every operation of the API answers a
parameter it does not declare, or a single-valued one given twice, with a 400 naming it; the website's
pages, for people, ignore what they do not read."""

from __future__ import annotations

import re

import pytest

from tests.flows import forum_decision, ok


def refused(r) -> list[tuple[str, str]]:  # noqa: ANN001
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    return [(e["field"], e["type"]) for e in r.json()["errors"]]


def test_a_misspelt_filter_is_refused_not_ignored(api, seeded) -> None:  # noqa: ANN001
    forum_decision(api, seeded, kind="recommendation")
    r = api.get("/api/v1/decisions", params={"follow_up_stauts": "open"})
    assert refused(r) == [("query.follow_up_stauts", "unknown_parameter")]
    assert "`follow_up_status`" in r.json()["errors"][0]["message"]  # it says what the list takes
    assert r.json()["detail"] == "Query parameters refused: query.follow_up_stauts"
    # Each one is named, and before any other check (here: the bearer token and a malformed limit).
    r = api.get("/api/v1/cases", params={"staus": "open", "limit": "x", "typo": "1"})
    assert refused(r) == [("query.staus", "unknown_parameter"), ("query.typo", "unknown_parameter")]


def test_a_repeated_parameter_is_refused(api) -> None:  # noqa: ANN001
    r = api.get("/api/v1/cases?status=prepared&status=registered")
    assert refused(r) == [("query.status", "repeated_parameter")]
    assert "2 times" in r.json()["errors"][0]["message"]
    assert ok(api.get("/api/v1/cases?status=prepared,registered"))["items"] is not None  # as documented
    assert refused(api.get("/api/v1/cases?limit=1&limit=2")) == [("query.limit", "repeated_parameter")]


def test_operations_without_parameters_and_public_ones_refuse_them_too(api, anon, seeded) -> None:  # noqa: ANN001
    assert refused(api.get(f"/api/v1/bodies/{seeded.forum}?expand=members")) == [("query.expand", "unknown_parameter")]
    assert refused(anon.get("/api/v1/public/decisions?yeer=2026")) == [("query.yeer", "unknown_parameter")]
    assert refused(anon.get("/health?verbose=1")) == [("query.verbose", "unknown_parameter")]
    # Before authentication: the answer says nothing of the caller.
    assert refused(anon.get("/api/v1/cases?x=1")) == [("query.x", "unknown_parameter")]
    # A write, too.
    r = api.post("/api/v1/persons?dry=1", json={"name": "Kari"})
    assert refused(r) == [("query.dry", "unknown_parameter")]
    assert ok(api.get("/api/v1/persons", params={"q": "Kari"}))["items"] == []  # nothing was written


def test_the_public_answers_kept_do_not_answer_a_junk_query(anon, seeded) -> None:  # noqa: ANN001
    """A public list kept in memory (keyed by the parameters it reads) must not answer a query it refuses."""
    ok(anon.get("/api/v1/public/decisions"))
    ok(anon.get("/api/v1/public/decisions"))  # now from memory
    refused(anon.get("/api/v1/public/decisions?junk=1"))
    refused(anon.get("/api/v1/public/decisions?limit=5&limit=5"))


def test_the_website_ignores_what_its_pages_do_not_read(anon, seeded) -> None:  # noqa: ANN001
    for path in ("/", "/moter?utm_source=nyhetsbrev", "/vedtak?fbclid=abc", "/sok?q=legemidler&ref=forside"):
        r = anon.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path


@pytest.fixture
def documented(client) -> list[tuple[str, str]]:  # noqa: ANN001
    schema = client.get("/openapi.json").json()
    return [(path, method) for path, ops in schema["paths"].items() for method in ops]


def test_every_operation_documents_and_gives_the_400(api, client, documented) -> None:  # noqa: ANN001
    schema = client.get("/openapi.json").json()
    for path, method in documented:
        assert "400" in schema["paths"][path][method]["responses"], (path, method)
    # Every GET without path parameters, called with a parameter it does not take.
    for path, method in documented:
        if method == "get" and not re.search(r"\{", path):
            assert refused(api.get(path, params={"zz_unknown": "1"})) == [("query.zz_unknown", "unknown_parameter")], (
                path
            )
