"""Search latency at volume: p50/p95 of the public search over N published documents.

    python scripts/bench_search.py [--documents 1000 10000] [--database sqlite|postgresql] [--rounds 50]
    python scripts/bench_search.py --worst [--database …]   # the costliest queries anyone can send

`--worst` times the most expensive queries the caps allow (as many words as allowed, each a prefix of
much of the vocabulary; phrases; exclusions) at 10,000 documents and at ten 1 MB documents, and exits 1
when the slowest is past the statement timeout (SAMORDNING_STATEMENT_TIMEOUT_SECONDS).

Builds a throwaway database (a temporary SQLite file, or a PostgreSQL database it creates and drops
on 127.0.0.1), writes N document entries into the search index as publishing does (the index is the
database's own: FTS5 triggers on SQLite, the generated tsvector on PostgreSQL), then times
`search()` for a handful of queries, `--rounds` times each, in the process (no HTTP). Prints a line
per size; timings are for the note, never for a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.cli import migrate  # noqa: E402
from app.config import get_settings  # noqa: E402
from app.db import Database  # noqa: E402
from app.pagination import PageParams  # noqa: E402
from app.publication.models import SearchEntry  # noqa: E402
from app.publication.search import search  # noqa: E402

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
WORDS = (
    "legemiddelsamstemming legemidler pasientsikkerhet kommunene sykehus utskrivning meldeordning "
    "tilsyn kunnskapsgrunnlag arbeidsutvalget topplederforumet underutvalg oppfølging risikovurdering "
    "samhandling fastlege sykehjem infeksjoner fall trykksår kompetanse ledelse kvalitetsforbedring"
).split()
QUERIES = ["legemidler", "pasientsikkerhet kommunene", '"trygg utskrivning"', "tilsyn -sykehus", "fall sykehjem"]
PREFIXES = ["leg", "pas", "kom", "syk", "til", "kun", "arb", "top", "und", "opp"]
WORST = [
    " ".join(PREFIXES),  # every word a prefix of some of the vocabulary, all of them present
    " ".join(WORDS[:10]),
    '"' + " ".join(WORDS[:10]) + '"',
    "pas " + " ".join(f"-{p}" for p in PREFIXES[1:]),
    " or ".join(PREFIXES[:5]),
]


def _fill(db: Database, documents: int, words: int = 300) -> None:
    rng = random.Random(7)
    with db.write_sessionmaker.begin() as session:
        for n in range(documents):
            body = " ".join(rng.choice(WORDS) for _ in range(words))
            session.add(
                SearchEntry(
                    kind="document",
                    entity_id=uuid.uuid4(),
                    title=f"Dokument {n}: {' '.join(rng.sample(WORDS, 4))}",
                    text=body,
                    url=f"/dokumenter/{n}",
                    published_at=datetime(2020 + n % 6, 1, 1, tzinfo=timezone.utc),
                    year=2020 + n % 6,
                )
            )
    if db.is_postgresql:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE search_entries"))


def _measure(db: Database, rounds: int, queries: list[str]) -> tuple[float, float, float]:
    """p50, p95 and the slowest, in ms."""
    times = []
    with db.sessionmaker() as session:
        for _ in range(rounds):
            for q in queries:
                started = time.perf_counter()
                search(session, q, PageParams(limit=20, cursor=None))
                times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=20)
    return statistics.median(times), cuts[18], max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--worst", action="store_true", help="the costliest queries the caps allow")
    args = parser.parse_args()
    # (documents, words in each): ~7 characters a word, so 150,000 words is about 1 MB.
    corpora = [(10000, 300), (10, 150_000)] if args.worst else [(n, 300) for n in args.documents]
    queries, rounds = (WORST, 3) if args.worst else (QUERIES, args.rounds)
    timeout_ms = get_settings().statement_timeout_seconds * 1000
    slowest = 0.0
    for documents, words in corpora:
        name = f"bench_search_{uuid.uuid4().hex[:8]}"
        if args.database == "postgresql":
            admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f"CREATE DATABASE {name}"))
            url = f"{PG_SERVER}/{name}"
        else:
            url = f"sqlite:///{tempfile.mkdtemp()}/{name}.db"
        try:
            migrate(url)
            db = Database(url, statement_timeout=3600)  # measured, not stopped
            started = time.perf_counter()
            _fill(db, documents, words)
            filled = time.perf_counter() - started
            p50, p95, top = _measure(db, rounds, queries)
            slowest = max(slowest, top)
            print(
                f"{args.database}: {documents} documents of {words} words (indexed in {filled:.1f} s): "
                f"search p50 {p50:.1f} ms, p95 {p95:.1f} ms, slowest {top:.1f} ms "
                f"over {rounds * len(queries)} searches"
            )
            db.dispose()
        finally:
            if args.database == "postgresql":
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    if args.worst:
        verdict = "within" if slowest < timeout_ms else "PAST"
        print(f"slowest search {slowest:.0f} ms: {verdict} the statement timeout of {timeout_ms:.0f} ms")
        sys.exit(0 if slowest < timeout_ms else 1)


if __name__ == "__main__":
    main()
