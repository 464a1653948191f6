"""Search over the public record.

The publishing handlers (service.py) write a `SearchEntry` for each published case, document,
decision, delivery and annual plan in the transaction that publishes it, so nothing unpublished is
ever searchable. PostgreSQL matches `websearch_to_tsquery('norwegian', q)` against a generated
tsvector and ranks with `ts_rank_cd`; SQLite matches an FTS5 table and ranks with bm25. The
Snowball stemmer keeps contracted plurals apart (legemiddel → legemiddel, legemidler → legemidl),
so both databases also match each word's `root` as a prefix, which finds compounds too
(legemiddelsamstemming); on SQLite the roots are the only stemming there is.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import re
import unicodedata
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Double,
    Select,
    and_,
    case,
    cast,
    delete,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.annual_plans.models import AnnualPlan
from app.bodies.models import Body
from app.cases.models import Case
from app.context import RequestContext
from app.decisions.models import Decision
from app.documents.models import Document
from app.errors import InvalidInput
from app.files.service import searchable_text
from app.meetings.models import Meeting
from app.pagination import BEFORE, PageParams, TwoWayPage, page_both_ways
from app.publication.markdown import plain_text
from app.publication.models import FTS_TABLE, TSV_COLUMN, SearchEntry
from app.publication.record import body_refs
from app.publication.schemas import PublicBodyRef, SearchHit
from app.subcommittees.models import Delivery

MAX_QUERY_CHARS = 200
# What one query may cost, whatever its text: ranking and highlighting grow with the words asked for,
# a short prefix matches most of the vocabulary, and a snippet is cut from the text it is given.
MAX_QUERY_WORDS = 10
MIN_PREFIX_CHARS = 3  # a shorter root matches as a whole word only
MAX_SNIPPET_SOURCE_CHARS = 50_000
# The database wraps hits in snippets in these private-use characters; they become offsets in the
# API and <mark> on the website, and are removed from indexed text so a document cannot fake a hit.
HIT_START, HIT_END = "\ue000", "\ue001"
SNIPPET_WORDS = 30
HEADLINE_OPTIONS = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords={SNIPPET_WORDS}, MinWords=12"
WORD = re.compile(r"(-?)([^\W_]+)")
TOKEN = re.compile(r"[^\W_]+")  # a word as unicode61 splits text
ENDINGS = ("ene", "ane", "er", "ar", "en", "et", "el", "e")
VOWELS = set("aeiouyæøå")
# PostgreSQL's tsvector holds less than 1 MB; a lexeme costs at most about 6 bytes per character of text.
TSV_MAX_BYTES = 1_048_575
TSV_SAFE_CHARS = 150_000
PROGRAM_LIMIT_EXCEEDED = "54000"


# -- writing -----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return text.replace(HIT_START, "").replace(HIT_END, "")


def _fitting(session: Session, title: str, text: str) -> str:
    """The text, cut until its tsvector stays under PostgreSQL's 1 MB (a long file of many distinct
    words, numbers in tables, passes it: the publishing transaction would fail). Asked of the database
    itself, in a savepoint, only for a text long enough to possibly pass it."""
    if len(text) <= TSV_SAFE_CHARS or session.get_bind().dialect.name != "postgresql":  # FTS5 has no such limit
        return text
    while len(text) > TSV_SAFE_CHARS:
        try:
            with session.begin_nested():
                probe = func.to_tsvector(literal_column("'norwegian'::regconfig"), f"{title}\n{text}")
                session.execute(select(func.length(probe)))
            return text
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != PROGRAM_LIMIT_EXCEEDED:
                raise
            size = re.search(r"\((\d+) bytes", str(exc.orig))
            share = TSV_MAX_BYTES / int(size.group(1)) if size else 1.0
            text = text[: int(len(text) * min(share, 1.0) * 0.9)]
    return text


def _put(
    ctx: RequestContext,
    kind: str,
    entity_id: uuid.UUID,
    title: str,
    text: str,
    url: str,
    body_id: uuid.UUID | None,
    year: int | None,
) -> None:
    title = _clean(title)[:600]
    text = _fitting(ctx.session, title, _clean(text))  # before the entry is added: a savepoint flushes
    entry = ctx.session.scalar(select(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.entity_id == entity_id))
    if entry is None:
        entry = SearchEntry(kind=kind, entity_id=entity_id, published_at=ctx.now)
        ctx.session.add(entry)
    entry.title, entry.text, entry.url = title, text, url
    entry.body_id, entry.year = body_id, year
    ctx.session.flush()


def index_case(ctx: RequestContext, case_: Case, meeting: Meeting) -> None:
    """A case on a published agenda, as the agenda shows it: number, title and summary."""
    _put(
        ctx,
        "case",
        case_.id,
        f"Sak {case_.number}: {case_.title}",
        case_.summary or "",
        f"/moter/{meeting.id}#sak-{case_.id}",
        case_.owner_body_id,
        case_.year,
    )


def index_document(ctx: RequestContext, doc: Document) -> None:
    """A public document by its title, text and its file's text; a withheld one by its title only
    when that is public."""
    if not (doc.public or doc.title_public):
        ctx.session.execute(delete(SearchEntry).where(SearchEntry.kind == "document", SearchEntry.entity_id == doc.id))
        return
    when = doc.published_at or ctx.now
    text = ""
    if doc.public:
        text = plain_text(doc.body)
        if doc.file_sha256 is not None and doc.file_searchable:
            text = f"{text}\n\n{searchable_text(ctx.session, doc.file_sha256)}".strip()
    _put(
        ctx,
        "document",
        doc.id,
        doc.title,
        text,
        f"/dokumenter/{doc.id}",
        doc.owner_body_id,
        when.year,
    )


def index_decision(ctx: RequestContext, decision: Decision, case_: Case, meeting: Meeting) -> None:
    _put(
        ctx,
        "decision",
        decision.id,
        f"Vedtak i sak {case_.number}: {case_.title}",
        plain_text(decision.text),
        f"/moter/{meeting.id}#vedtak-{decision.id}",
        meeting.body_id,
        decision.decided_at.year,
    )


def index_delivery(ctx: RequestContext, delivery: Delivery) -> None:
    subcommittee = ctx.session.get_one(Body, delivery.subcommittee_id)
    _put(
        ctx,
        "delivery",
        delivery.id,
        delivery.title,
        subcommittee.name,
        f"/underutvalg/{subcommittee.id}",
        subcommittee.id,
        delivery.delivered_at.year,
    )


def index_annual_plan(ctx: RequestContext, plan: AnnualPlan) -> None:
    meeting = ctx.session.get_one(Meeting, ctx.session.get_one(Decision, plan.adopted_by_decision_id).meeting_id)
    _put(
        ctx, "annual_plan", plan.id, f"Årsplan {plan.year}: {plan.title}", "", "/arsplaner", meeting.body_id, plan.year
    )


# -- reading -----------------------------------------------------------------------------------


def root(word: str) -> str:
    """A prefix the inflections of a Norwegian word share: the ending goes, then the l/r/n of a
    contracted plural after a consonant, then a doubled consonant (legemidler, legemiddel → legemid)."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    if len(word) > 4 and word[-1] in "lrn" and word[-2] not in VOWELS:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in VOWELS:
        word = word[:-1]
    return word


def query_roots(q: str) -> tuple[list[str], list[str]]:
    """The roots of the words the query asks for and of those it excludes with a minus (`or` is
    websearch syntax, not a word)."""
    if len(q) > MAX_QUERY_CHARS:
        raise InvalidInput(
            "q",
            f"at most {MAX_QUERY_CHARS} characters",
            "query",
            "too_long",
            f"Søket kan ha høyst {MAX_QUERY_CHARS} tegn.",
        )
    if "\x00" in q:
        raise InvalidInput("q", "must not contain NUL", "query", "invalid", "Søket har et tegn som ikke kan brukes.")
    words = [(minus, root(word)) for minus, word in WORD.findall(q.lower()) if word != "or"]
    if len(words) > MAX_QUERY_WORDS:
        raise InvalidInput(
            "q", f"at most {MAX_QUERY_WORDS} words", "query", "too_many_words", f"Søk på høyst {MAX_QUERY_WORDS} ord."
        )
    wanted = list(dict.fromkeys(w for minus, w in words if not minus))
    excluded = list(dict.fromkeys(w for minus, w in words if minus))
    if not wanted:
        raise InvalidInput("q", "needs at least one word to search for", "query", "no_words", "Skriv inn et søkeord.")
    return wanted, excluded


def _term(root: str, quoted: str, star: str) -> str:
    """The root as the database's query names it: a prefix when long enough, else the whole word."""
    return quoted + star if len(root) >= MIN_PREFIX_CHARS else quoted


def _cursor(cursor: str | None) -> tuple[float, int, bool] | None:
    """(score, id, whether the page ends before them) of a cursor this search issued."""
    if not cursor:
        return None
    try:
        score, ident, *mark = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        # An id the database's integer cannot hold, or a score no row can have, would reach the query.
        if (
            type(score) not in (float, int)
            or not math.isfinite(score)
            or type(ident) is not int
            or not -(2**63) <= ident < 2**63
            or mark not in ([], [BEFORE])
        ):
            raise TypeError(cursor)
        return float(score), ident, bool(mark)
    except (ValueError, TypeError, RecursionError) as exc:  # nested deep, json.loads recurses past the limit
        raise InvalidInput(
            "cursor",
            "not a cursor returned by this search",
            "query",
            "stale_cursor",
            "Lenken til neste side er ikke gyldig lenger. Søk på nytt.",
        ) from exc


def _encode(score: float, ident: int, before: bool = False) -> str:
    raw = json.dumps([score, ident, *([BEFORE] if before else [])]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _matcher(
    session: Session, q: str, wanted: list[str], excluded: list[str]
) -> tuple[ColumnElement, ColumnElement, Any, Select, Callable[[str], str]]:
    """The match condition, the score (higher is better), the FTS table to join (SQLite), the query of
    each entry's snippet source keyed by entry id, and what turns a source into a marked snippet."""
    source = case(
        (SearchEntry.text == "", SearchEntry.title),
        else_=func.substr(SearchEntry.text, 1, MAX_SNIPPET_SOURCE_CHARS),
    )
    if session.get_bind().dialect.name == "postgresql":
        tsv: ColumnClause[Any] = literal_column(f"search_entries.{TSV_COLUMN}")
        tsq = func.websearch_to_tsquery(literal_column("'norwegian'::regconfig"), q).op("||")(
            func.to_tsquery(
                literal_column("'simple'::regconfig"),
                " & ".join([_term(r, r, ":*") for r in wanted] + [f"!{_term(r, r, ':*')}" for r in excluded]),
            )
        )
        snippets = select(
            SearchEntry.id, func.ts_headline(literal_column("'norwegian'::regconfig"), source, tsq, HEADLINE_OPTIONS)
        )
        # A double, not ts_rank_cd's real: psycopg reads a real back rounded, which a cursor cannot compare with.
        return tsv.op("@@")(tsq), cast(func.ts_rank_cd(tsv, tsq), Double), None, snippets, str
    fts = table(FTS_TABLE, literal_column("rowid"))
    fts_query = "(" + " AND ".join(_term(r, f'"{r}"', "*") for r in wanted) + ")"
    if excluded:
        fts_query += " NOT (" + " OR ".join(_term(r, f'"{r}"', "*") for r in excluded) + ")"
    match = literal_column(FTS_TABLE).op("MATCH")(fts_query)
    # FTS5's own snippet() walks every hit in the whole text (minutes for a 1 MB document full of
    # hits), and SQLite cannot stop it: the snippet is cut here from the bounded source instead.
    roots = [_folded(r) for r in wanted]
    # bm25 is better the lower it is; the title counts ten times the text.
    return (
        match,
        -func.bm25(literal_column(FTS_TABLE), 10.0, 1.0),
        fts,
        select(SearchEntry.id, source),
        lambda text: _snippet(text, roots),
    )


@functools.lru_cache(maxsize=4096)
def _folded(word: str) -> str:
    """A word as SQLite's unicode61 tokenizer compares it: lower case, diacritics removed."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def _snippet(text: str, roots: list[str]) -> str:
    """About SNIPPET_WORDS words of the text from just before its first hit, each word the query
    matches (as the FTS5 query does: a prefix, a short root whole) between HIT_START and HIT_END."""

    def hit(word: str) -> bool:
        folded = _folded(word)
        return any(folded == r or (len(r) >= MIN_PREFIX_CHARS and folded.startswith(r)) for r in roots)

    words = list(TOKEN.finditer(text))
    first = next((i for i, m in enumerate(words) if hit(m.group())), 0)
    start = max(0, min(first - 3, len(words) - SNIPPET_WORDS))
    window = words[start : start + SNIPPET_WORDS]
    if not window:
        return text
    begin = 0 if start == 0 else window[0].start()
    end = len(text) if start + SNIPPET_WORDS >= len(words) else window[-1].end()
    parts, at = ["…" if begin else ""], begin
    for m in window:
        if hit(m.group()):
            parts += [text[at : m.start()], HIT_START, m.group(), HIT_END]
            at = m.end()
    parts += [text[at:end], "…" if end < len(text) else ""]
    return "".join(parts)


def _highlighted(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet without the hit markers, and the [start, end) offsets of the hits in it."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for char in raw:
        if char == HIT_START:
            start = len(text)
        elif char == HIT_END:
            if start is not None and start < len(text):
                spans.append((start, len(text)))
            start = None
        else:
            text.append(char)
    return "".join(text), spans


def search(
    session: Session,
    q: str,
    page: PageParams,
    kind: str | None = None,
    body_id: uuid.UUID | None = None,
    year: int | None = None,
) -> TwoWayPage[SearchHit]:
    """The published entries matching `q`, best first, paged by (score, id)."""
    match, score, fts, snippets, marked = _matcher(session, q, *query_roots(q))
    stmt = select(SearchEntry, score.label("score")).where(match)
    if fts is not None:
        stmt = stmt.join(fts, literal_column(f"{FTS_TABLE}.rowid") == SearchEntry.id)
    for column, value in ((SearchEntry.kind, kind), (SearchEntry.body_id, body_id), (SearchEntry.year, year)):
        if value is not None:
            stmt = stmt.where(column == value)
    before = False
    if (at := _cursor(page.cursor)) is not None:
        at_score, at_id, before = at
        if before:  # the better hits, read backwards from the cursor
            stmt = stmt.where(or_(score > at_score, and_(score == at_score, SearchEntry.id > at_id)))
        else:
            stmt = stmt.where(or_(score < at_score, and_(score == at_score, SearchEntry.id < at_id)))
    order = (score.asc(), SearchEntry.id.asc()) if before else (score.desc(), SearchEntry.id.desc())
    found = list(session.execute(stmt.order_by(*order).limit(page.limit + 1)).all())
    rows, next_cursor, prev_cursor = page_both_ways(
        found, page, before, lambda row, back: _encode(row.score, row[0].id, back)
    )
    entries = [row[0] for row in rows]
    ids = [e.id for e in entries]
    raw = {i: marked(text) for i, text in session.execute(snippets.where(SearchEntry.id.in_(ids)))} if ids else {}
    bodies = body_refs(session, (e.body_id for e in entries if e.body_id))
    items = []
    for e in entries:
        snippet, highlights = _highlighted(raw.get(e.id) or "")
        items.append(
            SearchHit(
                kind=e.kind,
                id=e.entity_id,
                title=e.title,
                snippet=snippet,
                highlights=highlights,
                url=e.url,
                published_at=e.published_at,
                body=bodies.get(e.body_id),
                year=e.year,
            )
        )
    return TwoWayPage(items=items, next_cursor=next_cursor, prev_cursor=prev_cursor)


def published_bodies(session: Session) -> list[PublicBodyRef]:
    """The bodies the search can be narrowed to (those with something published), by name."""
    ids = select(SearchEntry.body_id).where(SearchEntry.body_id.is_not(None)).distinct()
    return sorted(body_refs(session, session.scalars(ids)).values(), key=lambda b: b.name)


def published_years(session: Session, kind: str | None = None) -> list[int]:
    """The years the search can be narrowed to (of one kind: `decision` for the years decided), newest first."""
    stmt = select(SearchEntry.year).where(SearchEntry.year.is_not(None))
    if kind is not None:
        stmt = stmt.where(SearchEntry.kind == kind)
    return list(session.scalars(stmt.distinct().order_by(SearchEntry.year.desc())))
