"""The meeting's papers as PDF: the meeting book (møtebok), the agenda (saksliste) and the approved
minutes (referat), for the members (every case document they may read) and for the public (only what
is published; a withheld document is left out altogether).

Printing is slow, so a printed PDF is kept in the file store under a key made from everything printed
in it (the meeting's version, the audience, the agenda, and each document's version and file): any
replica finds it there, and any change makes a new key, so a stale book is never served."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Collection
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from fastapi import Response
from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.bodies.models import Body
from app.cases.models import Case
from app.context import RequestContext
from app.documents.models import CaseDocument, Document
from app.errors import Conflict, NotFound
from app.files.download import PRIVATE, PUBLIC, content_disposition
from app.files.kinds import PDF, file_label
from app.files.schemas import FileFacts
from app.files.store import FileStore
from app.meetings.agenda import load_meeting
from app.meetings.book_pdf import Included, Part, open_pdfs, print_pdf
from app.meetings.models import AgendaItem, Meeting
from app.norwegian import DOCUMENT_LABELS, oslo_date, oslo_span
from app.publication.markdown import render_markdown
from app.publication.record import CASE_ONLY, published, published_document_ids

# Raised when what a printed book looks like changes, so that no book printed before is served.
LAYOUT = 1
# Convened or later: before that the agenda is a draft, after a cancellation there is none.
PRINTABLE_STATES = ("convened", "in_session", "held", "minutes_approved")
MEMBERS, PUBLIC_AUDIENCE = "members", "public"
# The case's presentation first, then the other documents in the order they were attached.
FIRST_KINDS = ("case_presentation",)


# The documents among these ids that the audience may read (a query of their ids).
Readable = Callable[[Collection[uuid.UUID]], Select]
KINDS = {"book": "Møtebok", "agenda": "Saksliste", "minutes": "Referat"}


class NotPrintable(Conflict):
    """The meeting's papers do not exist (yet): a planned meeting has no settled agenda, a cancelled
    one none at all, and the minutes print once approved. A state of the meeting, not a governance
    rule of the arrangement: the source text says nothing of printing."""

    slug, title = "not-printable", "Not printable"


@dataclass
class BookDocument:
    id: str
    kind: str
    title: str
    version: int
    body: str
    file: dict[str, Any] | None


@dataclass
class BookCase:
    number: str
    title: str
    summary: str | None
    documents: list[BookDocument] = field(default_factory=list)


@dataclass
class Papers:
    """Everything a printed PDF shows, and nothing else: its key is made from it."""

    audience: str
    meeting_id: str
    meeting_version: int
    body_name: str
    body_short_name: str | None
    number: int
    title: str | None
    time: str
    day: str
    location: str | None
    cases: list[BookCase]
    minutes: BookDocument | None = None

    def key(self, edition: str) -> str:
        facts = {"layout": LAYOUT, "edition": edition, **asdict(self)}
        return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Printed:
    pdf: bytes
    key: str
    filename: str
    public: bool


def _document(doc: Document) -> BookDocument:
    file = doc.file
    return BookDocument(
        id=str(doc.id),
        kind=doc.kind,
        title=doc.title,
        version=doc.version,
        body=doc.body,
        file=file.model_dump() if file else None,
    )


def _papers(session: Session, meeting: Meeting, body: Body, audience: str, readable: Readable) -> Papers:
    """The meeting's agenda with its cases' documents the audience may read, in three queries
    however long the agenda."""
    if meeting.status not in PRINTABLE_STATES:
        raise NotPrintable(
            f"meeting {meeting.number} is {meeting.status}: its papers are printed once it is convened",
            "Møtepapirene kan skrives ut når møtet er innkalt og sakslisten er fastsatt."
            if meeting.status == "planned"
            else "Møtet er avlyst og har ingen møtebok.",
        )
    rows = session.execute(
        select(AgendaItem, Case)
        .options(CASE_ONLY)
        .join(Case, Case.id == AgendaItem.case_id)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position)
    ).all()
    links = session.execute(
        select(CaseDocument.case_id, CaseDocument.document_id)
        .where(CaseDocument.case_id.in_([case.id for _, case in rows]))
        .order_by(CaseDocument.position)
    ).all()
    ids = {doc_id for _, doc_id in links}
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(readable(ids))))} if ids else {}
    per_case: dict[uuid.UUID, list[BookDocument]] = {}
    for case_id, doc_id in links:
        if doc_id in docs:
            per_case.setdefault(case_id, []).append(_document(docs[doc_id]))
    cases = [
        BookCase(
            number=case.number,
            title=case.title,
            summary=case.summary,
            documents=sorted(per_case.get(case.id, []), key=lambda d: d.kind not in FIRST_KINDS),
        )
        for _, case in rows
    ]
    return Papers(
        audience=audience,
        meeting_id=str(meeting.id),
        meeting_version=meeting.version,
        body_name=body.name,
        body_short_name=body.short_name,
        number=meeting.number,
        title=meeting.title,
        time=oslo_span(meeting.starts_at, meeting.ends_at),
        day=oslo_date(meeting.starts_at).isoformat(),
        location=meeting.location,
        cases=cases,
    )


def _with_minutes(session: Session, papers: Papers, meeting: Meeting, readable: Readable) -> Papers:
    if meeting.status != "minutes_approved" or meeting.minutes_document_id is None:
        raise NotPrintable(
            f"meeting {meeting.number} has no approved minutes",
            "Referatet kan skrives ut når det er godkjent.",
        )
    doc = session.scalar(select(Document).where(Document.id.in_(readable([meeting.minutes_document_id]))))
    if doc is None:
        raise NotFound(f"the minutes of meeting {meeting.number} are not readable")
    papers.minutes = _document(doc)
    return papers


# -- who reads what ----------------------------------------------------------------------------


def _members(ctx: RequestContext, meeting_id: uuid.UUID) -> tuple[Meeting, Papers, Readable]:
    """The members' papers: every case document the caller may read (the policy's `work.read` on the
    document's body), as the meeting's other reads."""
    meeting, body = load_meeting(ctx, meeting_id)

    def readable(ids: Collection[uuid.UUID]) -> Select:
        return ctx.scope(select(Document.id).where(Document.id.in_(ids)), Document.owner_body_id, "work.read")

    return meeting, _papers(ctx.session, meeting, body, MEMBERS, readable), readable


def _public(session: Session, meeting_id: uuid.UUID) -> tuple[Meeting, Papers, Readable]:
    """The public papers: a published meeting's published documents, never a withheld one's."""
    row = session.execute(
        select(Meeting, Body)
        .join(Body, Body.id == Meeting.body_id)
        .where(Meeting.id == meeting_id, Meeting.id.in_(published("agenda")))
    ).first()
    if row is None:
        raise NotFound(f"no published meeting {meeting_id}")
    meeting, body = row

    def readable(ids: Collection[uuid.UUID]) -> Select:
        return select(Document.id).where(
            Document.id.in_(ids), Document.public.is_(True), Document.id.in_(published_document_ids(ids))
        )

    return meeting, _papers(session, meeting, body, PUBLIC_AUDIENCE, readable), readable


# -- printing ----------------------------------------------------------------------------------


def _cover(papers: Papers, kind: str) -> Markup:
    facts = [
        ("Møte", f"nr. {papers.number}" + (f" – {papers.title}" if papers.title else "")),
        ("Tid", papers.time),
        ("Sted", papers.location or "ikke oppgitt"),
    ]
    if papers.audience == PUBLIC_AUDIENCE:
        facts.append(("Utgave", "Offentlig: bare det som er publisert"))
    rows = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in facts)
    return Markup('<div class="cover"><div class="kind">{}</div><div class="body">{}</div><dl>{}</dl></div>').format(
        kind, papers.body_name, rows
    )


def _agenda(papers: Papers) -> Markup:
    rows = Markup("").join(
        Markup("<tr><td>{}</td><td>Sak {}</td><td>{}</td></tr>").format(i, c.number, c.title)
        for i, c in enumerate(papers.cases, start=1)
    )
    if not papers.cases:
        rows = Markup('<tr><td colspan="3" class="note">Ingen saker på sakslisten.</td></tr>')
    return Markup(
        "<h1>Saksliste</h1><p>{}, møte {}, {}</p>"
        "<table><thead><tr><th>Nr.</th><th>Saksnr.</th><th>Tittel</th></tr></thead><tbody>{}</tbody></table>"
    ).format(papers.body_name, papers.number, papers.time, rows)


def _file_line(doc: BookDocument, facts: FileFacts, pages: int | None) -> Markup:
    if facts.media_type != PDF:
        return Markup('<p class="note">Filen «{}» ({}) følger som eget vedlegg og er ikke gjengitt her.</p>').format(
            facts.name, file_label(facts)
        )
    if not pages:
        return Markup('<p class="note">PDF-filen «{}» kunne ikke leses og er ikke tatt med.</p>').format(facts.name)
    return Markup('<p class="note">PDF-filen «{}» ({} sider) følger etter sakens tekst.</p>').format(facts.name, pages)


def _documents_part(title: str, heading: Markup, docs: list[BookDocument], pages: dict[str, int], prefix: str) -> Part:
    """A part with its documents' text, a line for each file, and the PDF files after it."""
    html, marks, included = [heading], [], []
    for i, doc in enumerate(docs):
        anchor = f"{prefix}-{i}"
        label = f"{DOCUMENT_LABELS.get(doc.kind, 'Dokument')}: {doc.title}"
        html.append(Markup('<div class="document" id="{}"><h3>{}</h3>').format(anchor, label))
        if doc.body.strip():
            html.append(render_markdown(doc.body))
        facts = FileFacts(**doc.file) if doc.file else None
        if facts is not None:
            html.append(_file_line(doc, facts, pages.get(facts.sha256)))
            if pages.get(facts.sha256):
                included.append(Included(f"{label} ({facts.name})", facts))
        html.append(Markup("</div>"))
        marks.append((anchor, label))
    return Part(title, Markup("").join(html), marks, included)


def _case_part(index: int, case: BookCase, pages: dict[str, int]) -> Part:
    heading = Markup("<h1>Sak {} {}</h1>").format(case.number, case.title)
    if case.summary:
        heading += Markup("<p>{}</p>").format(case.summary)
    if not case.documents:
        heading += Markup('<p class="note">Ingen saksdokumenter.</p>')
    return _documents_part(f"Sak {case.number} {case.title}", heading, case.documents, pages, f"case-{index}")


def _pdf_files(docs: list[BookDocument]) -> list[FileFacts]:
    return [FileFacts(**d.file) for d in docs if d.file and d.file["media_type"] == PDF]


def _print(store: FileStore, papers: Papers, edition: str) -> bytes:
    kind = KINDS[edition]
    title = f"{kind} – {papers.body_name}, møte {papers.number}"
    docs = [d for c in papers.cases for d in c.documents] if edition == "book" else []
    if papers.minutes is not None:
        docs.append(papers.minutes)
    with ExitStack() as stack:
        spools: list[IO[bytes]] = []
        stack.callback(lambda: [s.close() for s in spools])
        opened = open_pdfs(store, _pdf_files(docs), spools)
        pages = {sha: o.pages for sha, o in opened.items()}
        parts = [Part("Forside", _cover(papers, kind))]
        if edition == "minutes" and papers.minutes is not None:
            heading = Markup("<h1>{}</h1>").format(papers.minutes.title)
            parts.append(_documents_part("Referat", heading, [papers.minutes], pages, "minutes"))
        else:
            parts.append(Part("Saksliste", _agenda(papers)))
        if edition == "book":
            parts += [_case_part(i, c, pages) for i, c in enumerate(papers.cases)]
        return print_pdf(title, parts, opened)


def _kept(store: FileStore, papers: Papers, edition: str) -> Printed:
    """The printed PDF from the store, or printed now and kept there for every replica."""
    key = papers.key(edition)
    pdf = store.derived(key)
    if pdf is None:
        pdf = _print(store, papers, edition)
        store.keep_derived(key, pdf)
    kind = KINDS[edition]
    name = papers.body_short_name or papers.body_name
    return Printed(pdf, key, f"{kind} {name} møte {papers.number} {papers.day}.pdf", papers.audience != MEMBERS)


def members_pdf(ctx: RequestContext, store: FileStore, meeting_id: uuid.UUID, edition: str) -> Printed:
    meeting, papers, readable = _members(ctx, meeting_id)
    if edition == "minutes":
        papers = _with_minutes(ctx.session, papers, meeting, readable)
    return _kept(store, papers, edition)


def public_pdf(session: Session, store: FileStore, meeting_id: uuid.UUID, edition: str) -> Printed:
    meeting, papers, readable = _public(session, meeting_id)
    if edition == "minutes":
        papers = _with_minutes(session, papers, meeting, readable)
    return _kept(store, papers, edition)


def pdf_response(printed: Printed) -> Response:
    """The PDF with its key as ETag (If-None-Match answers 304 in app.http.NotModified)."""
    return Response(
        printed.pdf,
        media_type=PDF,
        headers={
            "ETag": f'"{printed.key}"',
            "Content-Disposition": content_disposition(printed.filename),
            "Cache-Control": PUBLIC if printed.public else PRIVATE,
            "X-Content-Type-Options": "nosniff",
        },
    )


PDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            "ETag": {
                "description": "Names what is printed: the same while nothing in it changes.",
                "schema": {"type": "string"},
            },
            "Content-Disposition": {
                "description": "attachment, with a Norwegian file name.",
                "schema": {"type": "string"},
            },
        },
    },
    304: {"description": "Not modified: the `If-None-Match` ETag is current."},
    404: {"description": "Unknown, or not readable (for the public: not published)."},
    409: {"description": "Not printable: the meeting is not convened (yet), or is cancelled; minutes: not approved."},
}
