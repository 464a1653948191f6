"""Issue 27, finding 2: anonymous search tied up the database (100 words against one 100 KB document
ran 43 s and kept running after the client left). A query's words are capped and deduplicated, a
short word is no prefix of the whole vocabulary, snippets are cut from a bounded text, and every
statement runs under the statement timeout: past it, the request is a 503 and the statement is stopped."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.db import Database, is_statement_timeout
from app.publication import search
from app.publication.models import SearchEntry
from app.publication.search import MAX_QUERY_WORDS

S = "/api/v1/public/search"
WORDS = "alfa anna arbeid avtale akutt apotek ansatt analyse".split()


def publish_text(database: Database, chars: int) -> None:
    """One published document of about `chars` characters, indexed as publishing indexes it."""
    rng = random.Random(1)
    body = " ".join(rng.choice(WORDS) for _ in range(chars // 6))
    with database.write_sessionmaker.begin() as session:
        session.add(
            SearchEntry(
                kind="document",
                entity_id=uuid.uuid4(),
                title="Et langt dokument",
                text=body,
                url="/dokumenter/x",
                published_at=datetime.now(timezone.utc),
                year=2026,
            )
        )


@pytest.mark.parametrize("words", [11, 40, 100])
def test_a_query_of_more_words_than_the_cap_is_refused_before_it_runs(database, anon, client, words) -> None:
    publish_text(database, 100_000)
    q = " ".join(["a"] * words)
    r = anon.get(S, params={"q": q})
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert (error["field"], error["message"]) == ("query.q", f"at most {MAX_QUERY_WORDS} words")
    page = client.get("/sok", params={"q": q})
    assert page.status_code == 422 and "ord" in page.text


def test_repeated_and_short_words_are_one_whole_word_each(database, anon) -> None:
    publish_text(database, 100_000)
    assert anon.get(S, params={"q": " ".join(["a"] * MAX_QUERY_WORDS)}).json()["items"] == []  # «a» is no prefix
    [hit] = anon.get(S, params={"q": "ana ana -xyz"}).json()["items"]  # three letters: a prefix of «analyse»
    assert hit["title"] == "Et langt dokument"
    assert len(hit["snippet"]) < 1000


def slow_statement(database: Database) -> str:
    """A statement that runs for seconds on either database."""
    if database.is_postgresql:
        return "SELECT pg_sleep(3)"
    return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


@pytest.fixture
def impatient_client(database: Database, rules_dir):  # noqa: ANN001, ANN201
    """The service on the test database with a statement timeout of 200 ms."""
    from app.main import create_app

    impatient = Database(database.url, statement_timeout=0.2)
    with TestClient(create_app(database=impatient, rules_dir=rules_dir, public_check_every=0)) as client:
        yield client
    impatient.dispose()


def test_a_statement_past_the_timeout_is_stopped_and_answered_503(database, impatient_client, monkeypatch) -> None:
    def costly(session, *_args, **_kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        session.execute(text(slow_statement(database)))

    monkeypatch.setattr(search, "search", costly)  # the costliest search anyone could build
    r = impatient_client.get(S, params={"q": "analyse"})
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"].endswith("/statement-timeout") and r.headers["retry-after"]
    page = impatient_client.get("/sok", params={"q": "analyse"}, headers={"Accept": "text/html"})  # a browser
    assert page.status_code == 503 and "Tok for lang tid" in page.text
    if database.is_postgresql:  # nothing is left running on the server
        with database.engine.connect() as conn:
            running = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%pg_sleep%'"
                )
            ).scalar()
        assert running == 0


def test_every_statement_runs_under_the_timeout(database) -> None:
    """On both databases, a statement past the timeout is stopped and recognised as such."""
    impatient = Database(database.url, statement_timeout=0.05)
    try:
        with impatient.engine.connect() as conn:
            with pytest.raises(OperationalError) as stopped:
                conn.execute(text(slow_statement(database)))
            assert is_statement_timeout(stopped.value)
        with impatient.engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1  # the next statement gets its own time
    finally:
        impatient.dispose()
