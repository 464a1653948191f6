"""Benchmark of the lists, the public record, the feeds and the website: throughput, latency, SQL per request.

    python scripts/bench.py [--rows 5000] [--pages 30] [--scale 1.0] [--explain]      (make bench)

Bulk-inserts, straight into the database: ROWS organizations, persons and memberships (of the seeded
Arbeidsutvalget), and a governance record: 2,000 cases with stakeholders and attached documents,
300 meetings with agendas of 5–10 items, 1,000 decisions, 100 subcommittees with members and
deliveries, and the publications of the public record (SCALE multiplies these). It then requests
every endpoint through the in-process app (TestClient: the full HTTP stack but no network) at page
sizes 10/50/200, following `next_cursor` on the lists and rotating through meetings (whose agendas
have 5–10 items) on the per-meeting pages, and prints requests/s, p50/p95 latency and the SQL
statements each request ran.

The statement count must depend neither on the page size nor on the amount of data: the record is
loaded in two rounds (a tenth first) and every endpoint's count after the first round must equal
its count after the second. Otherwise a page loads related rows one by one (N+1), and the script
exits with status 1. With --explain (PostgreSQL), each statement of the filtered lists is run
through EXPLAIN and a sequential scan of a table of more than 1,000 rows is an error as well.

DATABASE_URL selects the database; by default a temporary SQLite file. Point it only at a throwaway
database: the rows it adds are not removed.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient
from sqlalchemy import event, func, insert, select, text

from app.auth.service import create_token
from app.bodies.models import Body
from app.cases.models import Case, CaseStakeholder
from app.cli import migrate
from app.db import Database
from app.decisions.models import Decision
from app.documents.models import CaseDocument, Document
from app.main import create_app
from app.meetings.models import AgendaItem, Meeting
from app.memberships.models import Membership
from app.organizations.models import Organization
from app.persons.models import Person
from app.publication.models import Publication
from app.seed.service import seed, standing_body
from app.subcommittees.models import Delivery

PAGE_SIZES = (10, 50, 200)
FIRST_ROUND = 0.1  # share of the record loaded before the reference counts are taken
PUBLISHED_STATES = ("convened", "held", "minutes_approved", "cancelled")
DECISION_KINDS = ("recommendation", "national_measure", "coordination", "other")
FOLLOW_UP = ("open", "open", "in_progress", "implemented", "cancelled")  # 40 % open: the AU's work list
SUBCOMMITTEE_STATES = ("active", "delivered", "presented", "dissolved")

# (label, path, rotates) — `{meeting}` / `{public_meeting}` rotate through meetings with 5–10 agenda items.
ENDPOINTS = [
    ("/api/v1/organizations", "/api/v1/organizations"),
    ("/api/v1/persons", "/api/v1/persons"),
    ("/api/v1/bodies/{au}/memberships", "/api/v1/bodies/{au}/memberships"),
    ("/api/v1/audit-events", "/api/v1/audit-events"),
    ("/api/v1/cases", "/api/v1/cases"),
    ("/api/v1/meetings", "/api/v1/meetings"),
    ("/api/v1/meetings/{id}/agenda", "/api/v1/meetings/{meeting}/agenda"),
    ("/api/v1/decisions?follow_up_status=open", "/api/v1/decisions?follow_up_status=open"),
    ("/api/v1/subcommittees", "/api/v1/subcommittees"),
    ("/api/v1/documents", "/api/v1/documents"),
    ("/api/v1/public/meetings", "/api/v1/public/meetings"),
    ("/api/v1/public/meetings/{id}", "/api/v1/public/meetings/{public_meeting}"),
    ("/api/v1/public/einnsyn/meetings/{id}", "/api/v1/public/einnsyn/meetings/{public_meeting}"),
    ("/api/v1/public/decisions", "/api/v1/public/decisions"),
    ("/api/v1/public/subcommittees", "/api/v1/public/subcommittees"),
    ("/api/v1/public/bodies", "/api/v1/public/bodies"),
    ("/api/v1/public/bodies/{id}", "/api/v1/public/bodies/{au}"),
    ("/api/v1/public/feed.atom", "/api/v1/public/feed.atom"),
    ("/api/v1/public/meetings.ics", "/api/v1/public/meetings.ics"),
    ("/", "/"),
    ("/moter", "/moter"),
    ("/moter/{id}", "/moter/{public_meeting}"),
    ("/vedtak", "/vedtak"),
    ("/underutvalg", "/underutvalg"),
    ("/organer", "/organer"),
    ("/organer/{id}", "/organer/{au}"),
]
# Endpoints that answer whole, without `limit` and `cursor` (which the API refuses where an operation
# does not take them).
WHOLE = {
    "/api/v1/meetings/{meeting}/agenda",
    "/api/v1/public/meetings/{public_meeting}",
    "/api/v1/public/einnsyn/meetings/{public_meeting}",
    "/api/v1/public/feed.atom",
    "/api/v1/public/meetings.ics",
    "/api/v1/public/bodies/{au}",
}


def paging(path: str, limit: int, cursor: str | None = None) -> dict[str, Any]:
    """The query that asks for a page of `path` (none for an endpoint that answers whole)."""
    if path.partition("?")[0] in WHOLE:
        return {}
    return {"limit": limit, **({"cursor": cursor} if cursor else {})}


# Every filter a list offers, checked with EXPLAIN (--explain) at limit 50.
FILTERED = [
    "/api/v1/cases?status=prepared",
    "/api/v1/cases?kind=information",
    "/api/v1/cases?owner_body_id={au}",
    "/api/v1/cases?status=prepared,scheduled",
    "/api/v1/cases?q=sikkerhet",
    "/api/v1/cases?sort=number",
    "/api/v1/cases?sort=-created_at",
    "/api/v1/meetings?status=held",
    "/api/v1/meetings?body_id={au}",
    "/api/v1/meetings?q=møte",
    "/api/v1/meetings?from=2025-01-01&to=2025-12-31",
    "/api/v1/meetings?sort=-starts_at",
    "/api/v1/decisions?follow_up_status=open",
    "/api/v1/decisions?kind=coordination",
    "/api/v1/decisions?meeting_id={meeting}",
    "/api/v1/decisions?responsible_body_id={au}",
    "/api/v1/decisions?from=2025-01-01&to=2025-12-31",
    "/api/v1/decisions?overdue=true",
    "/api/v1/decisions?due_before=2025-07-01",
    "/api/v1/documents?kind=minutes",
    "/api/v1/documents?q=referat",
    "/api/v1/persons?q=person",
    "/api/v1/subcommittees?status=active",
    "/api/v1/subcommittees?sort=deadline",
    "/api/v1/subcommittees?deadline_before=2025-07-01",
    "/api/v1/public/meetings?body_id={au}",
    "/api/v1/public/decisions?kind=coordination",
    "/api/v1/public/decisions?meeting_id={public_meeting}",
    "/api/v1/meetings/{meeting}/agenda",
    "/api/v1/public/meetings/{public_meeting}",
    "/api/v1/public/feed.atom",
    "/api/v1/public/meetings.ics",
    "/",
]


def bulk_load(db: Database, rows: int) -> uuid.UUID:
    """ROWS organizations, persons and AU memberships in a few multi-row INSERTs; returns the AU id."""
    run = uuid.uuid4().hex[:8]  # unique names, so the script can run twice on one database
    orgs = [{"id": uuid.uuid4(), "name": f"Benkmark-virksomhet {run}-{i:06d}"} for i in range(rows)]
    persons = [
        {"id": uuid.uuid4(), "name": f"Benk Person {run}-{i:06d}", "organization_id": orgs[i]["id"]}
        for i in range(rows)
    ]
    with db.write_sessionmaker.begin() as session:
        seed(session)
        au = standing_body(session, "working_committee").id
        session.execute(insert(Organization), orgs)
        session.execute(insert(Person), persons)
        session.execute(
            insert(Membership),
            [
                {
                    "body_id": au,
                    "person_id": p["id"],
                    "organization_id": p["organization_id"],
                    "role": "member",
                    "start_date": date(2023, 1, 1),
                    "allocation_percent": 20,
                }
                for p in persons
            ],
        )
    return au


@dataclass
class Record:
    """Rows of the governance record, built in memory and inserted table by table."""

    documents: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    stakeholders: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    agenda: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)
    subcommittees: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    deliveries: list[dict] = field(default_factory=list)
    publications: list[dict] = field(default_factory=list)

    def document(self, owner: uuid.UUID, kind: str, title: str, created_at: datetime, public: bool = True) -> uuid.UUID:
        doc_id = uuid.uuid4()
        self.documents.append(
            {
                "id": doc_id,
                "owner_body_id": owner,
                "kind": kind,
                "title": title,
                "body": f"# {title}\n\nBenkmarktekst.",
                "public": public,
                "exemption_basis": None if public else "Offentleglova § 14",
                "published_at": None,
                "created_at": created_at,
                "updated_at": created_at,
            }
        )
        return doc_id

    def publish(
        self,
        kind: str,
        entity_type: str,
        entity_id: uuid.UUID,
        title: str,
        at: datetime,
        meeting_id: uuid.UUID | None,
        trigger: str,
    ) -> None:
        self.publications.append(
            {
                "id": uuid.uuid4(),
                "at": at,
                "kind": kind,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "title": title,
                "meeting_id": meeting_id,
                "trigger": trigger,
            }
        )


def _next(session: Any, column: Any, *where: Any) -> int:
    return (session.scalar(select(func.max(column)).where(*where)) or 0) + 1


def load_record(db: Database, scale: float, now: datetime) -> dict[str, list[uuid.UUID]]:
    """Cases, documents, meetings with agendas, decisions, subcommittees and publications at realistic
    volume (SCALE × 2,000 cases, 300 meetings, 1,000 decisions, 100 subcommittees); returns meeting ids."""
    n_cases, n_meetings = round(2000 * scale), round(300 * scale)
    n_decisions, n_subcommittees = round(1000 * scale), round(100 * scale)
    rec = Record()
    with db.write_sessionmaker.begin() as session:
        forum = standing_body(session, "top_leaders_forum").id
        au = standing_body(session, "working_committee").id
        orgs = list(session.scalars(select(Organization.id).order_by(Organization.name).limit(40)))
        persons = list(session.scalars(select(Person.id).order_by(Person.name).limit(500)))
        sequence = _next(session, Case.sequence, Case.owner_body_id == au, Case.year == 2030)
        numbers = {b: _next(session, Meeting.number, Meeting.body_id == b) for b in (forum, au)}

        # Cases of the AU, one an hour, each with 1–3 stakeholders and a presentation and knowledge base.
        first_case = now - timedelta(hours=n_cases + 24 * 30)
        for i in range(n_cases):
            at = first_case + timedelta(hours=i)
            case_id = uuid.uuid4()
            rec.cases.append(
                {
                    "id": case_id,
                    "owner_body_id": au,
                    "year": 2030,
                    "sequence": sequence + i,
                    "title": f"Benkmarksak {i}",
                    "summary": "Sammendrag.",
                    "kind": ("decision", "discussion", "information")[i % 3],
                    "status": ("prepared", "in_preparation", "registered", "scheduled")[i % 4],
                    "strategic_rationale": "Strategisk viktig.",
                    "created_at": at,
                    "updated_at": at,
                }
            )
            for org in {orgs[(i + k * 7) % len(orgs)] for k in range(1 + i % 3)}:
                rec.stakeholders.append({"case_id": case_id, "organization_id": org})
            for position, kind in enumerate(("case_presentation", "knowledge_base"), start=1):
                doc = rec.document(au, kind, f"{kind} for sak {i}", at, public=i % 10 != 0 or position == 1)
                rec.attachments.append(
                    {
                        "id": uuid.uuid4(),
                        "case_id": case_id,
                        "document_id": doc,
                        "position": position,
                        "attached_at": at,
                    }
                )

        # Meetings every four days, four in five in the past; two in three are forum meetings.
        first_meeting = now - timedelta(days=round(n_meetings * 4 * 0.8))
        cases = itertools.cycle(rec.cases)
        decided: set[uuid.UUID] = set()
        docs_of: dict[uuid.UUID, list[uuid.UUID]] = {}
        for a in rec.attachments:
            docs_of.setdefault(a["case_id"], []).append(a["document_id"])
        for i in range(n_meetings):
            body = au if i % 3 == 0 else forum
            starts = first_meeting + timedelta(days=4 * i)
            past = starts < now
            status = ("minutes_approved" if i % 7 else "held") if past else ("convened" if i % 2 else "planned")
            if i % 23 == 22:
                status = "cancelled"
            meeting_id = uuid.uuid4()
            minutes = None
            if status == "minutes_approved":
                minutes = rec.document(body, "minutes", f"Referat møte {i}", starts + timedelta(days=20))
            rec.meetings.append(
                {
                    "id": meeting_id,
                    "body_id": body,
                    "number": numbers[body],
                    "title": f"Benkmarkmøte {i}",
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=3),
                    "location": "Vitaminveien 4",
                    "status": status,
                    "minutes_document_id": minutes,
                    "internal_notes": "Intern merknad.",
                    "convened_at": starts - timedelta(days=14) if status != "planned" else None,
                    "held_at": starts + timedelta(hours=3) if past else None,
                    "minutes_approved_at": starts + timedelta(days=30) if minutes else None,
                }
            )
            numbers[body] += 1
            published_at = starts - timedelta(days=14)
            if status in PUBLISHED_STATES:
                rec.publish(
                    "agenda", "meeting", meeting_id, f"Saksliste møte {i}", published_at, meeting_id, "meeting.convened"
                )
            if minutes:
                rec.publish(
                    "minutes",
                    "document",
                    minutes,
                    f"Referat møte {i}",
                    starts + timedelta(days=30),
                    meeting_id,
                    "meeting.minutes_approved",
                )
            for position in range(1, 6 + i % 6):
                case = next(cases)
                rec.agenda.append(
                    {
                        "id": uuid.uuid4(),
                        "meeting_id": meeting_id,
                        "case_id": case["id"],
                        "position": position,
                        "outcome": "decided" if past else None,
                        "added_at": published_at,
                    }
                )
                if status in PUBLISHED_STATES:
                    for doc in docs_of[case["id"]]:
                        rec.publish(
                            "case_document",
                            "document",
                            doc,
                            f"Saksdokument sak {case['sequence']}",
                            published_at,
                            meeting_id,
                            "meeting.convened",
                        )
                if (
                    body == forum
                    and past
                    and status != "cancelled"
                    and len(rec.decisions) < n_decisions
                    and case["id"] not in decided
                ):
                    decided.add(case["id"])
                    case["status"] = "decided"
                    n = len(rec.decisions)
                    kind = "establish_subcommittee" if n % 10 == 0 else DECISION_KINDS[n % len(DECISION_KINDS)]
                    decision_id = uuid.uuid4()
                    rec.decisions.append(
                        {
                            "id": decision_id,
                            "meeting_id": meeting_id,
                            "case_id": case["id"],
                            "kind": kind,
                            "text": f"Forumet vedtar sak {case['sequence']}.",
                            "decided_at": starts + timedelta(hours=1),
                            "follow_up_status": FOLLOW_UP[n % len(FOLLOW_UP)],
                            "responsible_body_id": au,
                        }
                    )
                    if status == "minutes_approved":
                        rec.publish(
                            "decision",
                            "decision",
                            decision_id,
                            f"Vedtak i sak {case['sequence']}",
                            starts + timedelta(days=30),
                            meeting_id,
                            "meeting.minutes_approved",
                        )

        # Subcommittees on establish_subcommittee decisions, with a chair, four members and 1–3 deliveries.
        establishing = [d for d in rec.decisions if d["kind"] == "establish_subcommittee"]
        for i, decision in enumerate(establishing[:n_subcommittees]):
            body_id = uuid.uuid4()
            rec.subcommittees.append(
                {
                    "id": body_id,
                    "kind": "subcommittee",
                    "name": f"Underutvalg {i:03d}",
                    "status": SUBCOMMITTEE_STATES[i % 4],
                    "mandate": "Utrede tema.",
                    "parent_body_id": au,
                    "established_by_decision_id": decision["id"],
                    "deadline": date(2027, 6, 1),
                    "support": None,
                }
            )
            for k in range(5):
                rec.members.append(
                    {
                        "body_id": body_id,
                        "person_id": persons[(i * 5 + k) % len(persons)],
                        "organization_id": None,
                        "role": "chair" if k == 0 else "member",
                        "start_date": date(2024, 1, 1),
                        "competence": "Pasientsikkerhet",
                        "background": "service",
                    }
                )
            for k in range(1 + i % 3):
                at = decision["decided_at"] + timedelta(days=60 * (k + 1))
                delivery_id = uuid.uuid4()
                doc = rec.document(body_id, "report", f"Rapport {k} fra underutvalg {i}", at)
                rec.deliveries.append(
                    {
                        "id": delivery_id,
                        "subcommittee_id": body_id,
                        "title": f"Leveranse {k}",
                        "document_id": doc,
                        "delivered_at": at,
                        "late": False,
                    }
                )
                rec.publish("delivery", "delivery", delivery_id, f"Leveranse {k}", at, None, "delivery.received")

        # A document on two agendas is published once; public documents get their publication time.
        unique: dict[tuple[str, uuid.UUID], dict] = {}
        for pub in rec.publications:
            unique.setdefault((pub["kind"], pub["entity_id"]), pub)
        rec.publications = list(unique.values())
        first_published = {p["entity_id"]: p["at"] for p in rec.publications if p["entity_type"] == "document"}
        for d in rec.deliveries:
            first_published[d["document_id"]] = d["delivered_at"]
        for doc in rec.documents:
            if doc["public"]:
                doc["published_at"] = first_published.get(doc["id"])

        # Subcommittees come after the decisions that set them up, and their reports after them.
        subcommittee_ids = {b["id"] for b in rec.subcommittees}
        reports = [d for d in rec.documents if d["owner_body_id"] in subcommittee_ids]
        others = [d for d in rec.documents if d["owner_body_id"] not in subcommittee_ids]
        for model, rows in (
            (Document, others),
            (Case, rec.cases),
            (CaseStakeholder, rec.stakeholders),
            (CaseDocument, rec.attachments),
            (Meeting, rec.meetings),
            (AgendaItem, rec.agenda),
            (Decision, rec.decisions),
            (Body, rec.subcommittees),
            (Document, reports),
            (Membership, rec.members),
            (Delivery, rec.deliveries),
            (Publication, rec.publications),
        ):
            for chunk in range(0, len(rows), 2000):
                session.execute(insert(model), rows[chunk : chunk + 2000])
    if db.is_postgresql:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))  # the planner sees the new volume, as autovacuum would later
    published = {p["entity_id"] for p in rec.publications if p["kind"] == "agenda"}
    return {
        "meeting": [m["id"] for m in rec.meetings],
        "public_meeting": [m["id"] for m in rec.meetings if m["id"] in published],
    }


class StatementCounter:
    """Counts (and with `keep`, records) the SQL statements the app runs."""

    def __init__(self, db: Database) -> None:
        self.count = 0
        self.keep = False
        self.statements: list[tuple[str, Any]] = []
        event.listen(db.engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        self.count += 1
        if self.keep:
            self.statements.append((statement, parameters))


def fill_path(path: str, ids: dict[str, Any], turn: int) -> str:
    """The path with `{au}`, `{meeting}` or `{public_meeting}` replaced (rotating through the meetings)."""
    for key, values in ids.items():
        value = values if not isinstance(values, list) else values[turn % len(values)]
        path = path.replace("{" + key + "}", str(value))
    return path


def _get(client: TestClient, path: str, **params: Any) -> Any:
    """GET `path` with `params` added to the filters in its query string."""
    url, _, query = path.partition("?")
    return client.get(url, params={**dict(parse_qsl(query)), **params})


def walk(client: TestClient, path: str, ids: dict[str, Any], limit: int, pages: int, counter: StatementCounter) -> dict:
    """Follows next_cursor for up to `pages` requests; pages without a cursor are requested `pages` times
    (rotating through the meetings where the path names one)."""
    latencies: list[float] = []
    statements: list[int] = []
    cursor = None
    for turn in range(pages):
        params = paging(path, limit, cursor)
        before = counter.count
        start = time.perf_counter()
        r = _get(client, fill_path(path, ids, turn), **params)
        latencies.append(time.perf_counter() - start)
        statements.append(counter.count - before)
        r.raise_for_status()
        if r.headers["content-type"].startswith("application/json"):
            cursor = r.json().get("next_cursor")
            if cursor is None and "{" not in path and "next_cursor" in r.json():
                break
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / sum(latencies),
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))] * 1000,
        "statements": max(statements),
        "spread": max(statements) - min(statements),
    }


def reference_counts(client: TestClient, ids: dict[str, Any], counter: StatementCounter) -> dict[str, int]:
    """Statements of the first page at limit 50 of every endpoint, on the small first round."""
    counts = {}
    for label, path in ENDPOINTS:
        counts[label] = walk(client, path, ids, 50, 1, counter)["statements"]
    return counts


def _scans(conn: Any, statement: str, parameters: Any) -> list[tuple[str, str]]:
    """(node type, table or index) of every scan in the statement's plan."""
    (plan,) = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
    scans, stack = [], [plan["Plan"]]
    while stack:
        node = stack.pop()
        stack.extend(node.get("Plans", []))
        if "Relation Name" in node or "Index Name" in node:
            scans.append((node["Node Type"], node.get("Index Name") or node["Relation Name"]))
    return scans


def explain(client: TestClient, db: Database, ids: dict[str, Any], counter: StatementCounter) -> list[str]:
    """EXPLAIN every SELECT of the filtered lists (PostgreSQL) and print the indexes each page reads.
    Returns the sequential scans of tables of more than 1,000 rows: in the page's plan at this volume,
    and in any statement's plan with sequential scans disabled (a scan the planner then still needs
    has no index to use). Rows loaded for a page by id may be read sequentially while that is cheaper."""
    problems = []
    with db.engine.connect() as conn:
        sizes = dict(
            conn.execute(
                text(
                    "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
                )
            ).all()
        )
        for path in FILTERED:
            counter.statements, counter.keep = [], True
            _get(client, fill_path(path, ids, 0), **paging(path, 50)).raise_for_status()
            counter.keep = False
            used = []
            for statement, parameters in counter.statements:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                page = " LIMIT " in statement  # the page itself, not the rows loaded for it
                # The natural plan of the page, and of everything with sequential scans disabled.
                for seqscan in ("off", "on") if page else ("off",):
                    conn.exec_driver_sql(f"SET enable_seqscan = {seqscan}")
                    scans = _scans(conn, statement, parameters)
                    problems += [
                        f"{path}: Seq Scan on {name} ({sizes[name]:.0f} rows, enable_seqscan={seqscan}): "
                        + " ".join(statement.split())[:120]
                        for kind, name in scans
                        if kind == "Seq Scan" and sizes.get(name, 0) > 1000
                    ]
                if page:
                    used += [
                        name for kind, name in scans if kind != "Seq Scan" and name.startswith(("ix_", "pk_", "uq_"))
                    ]
            print(f"  {path:<55} {', '.join(dict.fromkeys(used)) or '-'}")
            conn.rollback()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000, help="organizations, persons and memberships each")
    parser.add_argument("--pages", type=int, default=30, help="requests per endpoint and page size")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the governance record's volume")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the filtered lists (PostgreSQL)")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would drown the table

    tmp = None
    url = os.environ.get("DATABASE_URL")
    if not url:
        tmp = tempfile.TemporaryDirectory(prefix="samordning-bench-")
        url = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    migrate(url)
    db = Database(url)
    print(f"database: {db.engine.url.render_as_string(hide_password=True)}")
    if args.explain and not db.is_postgresql:
        parser.error("--explain needs DATABASE_URL of a PostgreSQL database")

    now = datetime.now(UTC)
    start = time.perf_counter()
    au = bulk_load(db, args.rows)
    ids: dict[str, Any] = {"au": au, **load_record(db, args.scale * FIRST_ROUND, now)}
    with db.write_sessionmaker.begin() as session:
        _, token = create_token(session, "bench", "secretariat")
    counter = StatementCounter(db)
    failures: list[str] = []
    with TestClient(create_app(database=db), headers={"Authorization": f"Bearer {token}"}) as client:
        client.get("/api/v1/rules").raise_for_status()  # the token's first use is recorded: not counted
        small = reference_counts(client, ids, counter)
        full = load_record(db, args.scale * (1 - FIRST_ROUND), now)
        ids = {"au": au, **{k: ids[k] + v for k, v in full.items()}}
        print(
            f"loaded {args.rows} organizations, persons and memberships and a record of "
            f"{round(2000 * args.scale)} cases, {round(300 * args.scale)} meetings, "
            f"{round(1000 * args.scale)} decisions, {round(100 * args.scale)} subcommittees "
            f"in {time.perf_counter() - start:.1f} s\n"
        )

        header = f"{'endpoint':<42} {'limit':>5} {'reqs':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'SQL/req':>7}"
        print(header)
        print("-" * len(header))
        for label, path in ENDPOINTS:
            per_size = {}
            for limit in PAGE_SIZES:
                result = walk(client, path, ids, limit, args.pages, counter)
                per_size[limit] = result["statements"]
                print(
                    f"{label:<42} {limit:>5} {result['requests']:>5} {result['rps']:>7.0f} "
                    f"{result['p50']:>7.1f} {result['p95']:>7.1f} {result['statements']:>7}"
                )
                if result["spread"] and "{id}" in label:
                    failures.append(f"{label}: {result['spread']} more statements for some meetings than others")
            if max(per_size.values()) > min(per_size.values()):
                failures.append(f"{label}: statements grow with the page size {per_size}")
            if per_size[50] != small[label]:
                failures.append(f"{label}: {small[label]} statements on a tenth of the data, {per_size[50]} on all")
        if args.explain:
            print("\nEXPLAIN (PostgreSQL): the indexes each filtered page reads")
            failures += explain(client, db, ids, counter)
    db.dispose()
    if tmp:
        tmp.cleanup()

    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nSQL statements per request depend neither on the page size nor on the amount of data (no N+1).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
