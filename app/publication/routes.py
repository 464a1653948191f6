"""The public API: published content only, no credentials, cacheable (ETag + If-None-Match)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response

from app.context import permit
from app.db import SessionDep
from app.decisions.schemas import FollowUpStatus
from app.files.download import file_response
from app.files.service import StoreDep
from app.http import public_base_url
from app.meetings import book
from app.pagination import PageParams, TwoWayPage, page_params
from app.publication import feeds, record, search
from app.publication import service as _service  # noqa: F401  (subscribes the publishing handlers)
from app.publication.caching import cached, cached_json
from app.publication.einnsyn import export as einnsyn
from app.publication.einnsyn.schemas import MEDIA_TYPE, EinnsynMessage, JsonLdResponse
from app.publication.schemas import (
    DecisionKind,
    PublicAnnualPlan,
    PublicBody,
    PublicDecision,
    PublicDocument,
    PublicDocumentVersion,
    PublicMeeting,
    PublicMeetingSummary,
    PublicSubcommittee,
    SearchHit,
    SearchKind,
)
from app.publication.website import router as website_router
from app.routing import Router
from app.types import Int32, Moment, Text, Year

router = Router(prefix="/api/v1/public", tags=["public"], dependencies=[permit("public.read")])

CACHED: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            "ETag": {"description": "Strong, from the content."},
            "Cache-Control": {"description": "public, max-age=60"},
        }
    },
    304: {"description": "Not modified: the `If-None-Match` ETag is current."},
}
# A published file: its bytes, a range of them, or why not.
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        "headers": CACHED[200]["headers"],
    },
    206: {"description": "The byte range asked for (`Range: bytes=…`)."},
    304: CACHED[304],
    404: {"description": "Unknown, not published, withheld, or without a file."},
    416: {"description": "The range is outside the file."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Unknown, or not published (yet)."}}
PageDep = Annotated[PageParams, Depends(page_params)]


@router.get(
    "/meetings",
    response_model=TwoWayPage[PublicMeetingSummary],
    responses=CACHED,
    summary="Published meetings (convened or later), oldest first",
)
def list_public_meetings(
    request: Request,
    session: SessionDep,
    page: PageDep,
    body_id: uuid.UUID | None = None,
    starts_after: Annotated[Moment | None, Query(description="Only meetings starting at or after this time.")] = None,
    starts_before: Annotated[Moment | None, Query(description="Only meetings starting before this time.")] = None,
    upcoming: Annotated[
        bool | None,
        Query(
            description="`true`: only what is still to come (starting now or later and not yet held), as the "
            "website's «Kommende møter»; `false`: only what is past or held."
        ),
    ] = None,
) -> Response:
    now = None if upcoming is None else (upcoming, request.app.state.clock())
    return cached_json(
        request, record.list_meetings(session, page, body_id, starts_after, starts_before, upcoming_at=now)
    )


@router.get(
    "/meetings.ics",
    summary="iCalendar of forum and AU meetings",
    response_class=Response,
    responses={**CACHED, 200: {"content": {"text/calendar": {}}}},
)
def meetings_calendar(request: Request, session: SessionDep) -> Response:
    ics = feeds.meetings_calendar(record.calendar_meetings(session), public_base_url(request))
    return cached(request, ics, "text/calendar; charset=utf-8")


@router.get(
    "/feed.atom",
    summary=f"Atom feed of the newest {feeds.FEED_ENTRIES} publications",
    response_class=Response,
    responses={**CACHED, 200: {"content": {"application/atom+xml": {}}}},
)
def publications_feed(request: Request, session: SessionDep) -> Response:
    pubs, paths = record.publications(session, limit=feeds.FEED_ENTRIES)
    atom = feeds.publications_feed(pubs, paths, public_base_url(request), record.published_files(session, pubs))
    return cached(request, atom, "application/atom+xml; charset=utf-8")


@router.get(
    "/meetings/{meeting_id}",
    response_model=PublicMeeting,
    responses={**CACHED, **NOT_FOUND},
    summary="A published meeting: agenda, public case documents, approved minutes, decisions",
)
def get_public_meeting(meeting_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    return cached_json(request, record.meeting(session, meeting_id))


@router.get(
    "/meetings/{meeting_id}/moetebok.pdf",
    response_class=Response,
    responses=book.PDF_RESPONSES,
    summary="The public meeting book as PDF: the agenda and the published case documents (never a withheld one)",
)
def get_public_meeting_book(meeting_id: uuid.UUID, session: SessionDep, store: StoreDep) -> Response:
    return book.pdf_response(book.public_pdf(session, store, meeting_id, "book"))


@router.get(
    "/meetings/{meeting_id}/saksliste.pdf",
    response_class=Response,
    responses=book.PDF_RESPONSES,
    summary="The published agenda (saksliste) as PDF",
)
def get_public_meeting_agenda_pdf(meeting_id: uuid.UUID, session: SessionDep, store: StoreDep) -> Response:
    return book.pdf_response(book.public_pdf(session, store, meeting_id, "agenda"))


@router.get(
    "/meetings/{meeting_id}/referat.pdf",
    response_class=Response,
    responses=book.PDF_RESPONSES,
    summary="The approved minutes (referat) as PDF (409 until they are approved)",
)
def get_public_meeting_minutes_pdf(meeting_id: uuid.UUID, session: SessionDep, store: StoreDep) -> Response:
    return book.pdf_response(book.public_pdf(session, store, meeting_id, "minutes"))


@router.get(
    "/decisions",
    response_model=TwoWayPage[PublicDecision],
    responses=CACHED,
    summary="Published decisions (with approved minutes), newest first",
)
def list_public_decisions(
    request: Request,
    session: SessionDep,
    page: PageDep,
    kind: DecisionKind | None = None,
    meeting_id: uuid.UUID | None = None,
    follow_up_status: FollowUpStatus | None = None,
    year: Annotated[Year | None, Query(description="Decided this year (Oslo time).")] = None,
) -> Response:
    return cached_json(request, record.list_decisions(session, page, kind, meeting_id, follow_up_status, year))


@router.get(
    "/bodies",
    response_model=TwoWayPage[PublicBody],
    responses=CACHED,
    summary="The bodies of the arrangement with their members (role, organization, term), by name",
)
def list_public_bodies(request: Request, session: SessionDep, page: PageDep) -> Response:
    return cached_json(request, record.list_bodies(session, page))


@router.get(
    "/bodies/{body_id}",
    response_model=PublicBody,
    responses={**CACHED, **NOT_FOUND},
    summary="A body with its mandate and members (role, organization, term); never contact details",
)
def get_public_body(body_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    return cached_json(request, record.body(session, body_id))


@router.get(
    "/subcommittees",
    response_model=TwoWayPage[PublicSubcommittee],
    responses=CACHED,
    summary="Subcommittees with their mandate and published deliveries",
)
def list_public_subcommittees(request: Request, session: SessionDep, page: PageDep) -> Response:
    return cached_json(request, record.list_subcommittees(session, page))


@router.get(
    "/subcommittees/{body_id}",
    response_model=PublicSubcommittee,
    responses={**CACHED, **NOT_FOUND},
    summary="A subcommittee with its mandate and published deliveries",
)
def get_public_subcommittee(body_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    return cached_json(request, record.subcommittee(session, body_id))


@router.get(
    "/annual-plans",
    response_model=TwoWayPage[PublicAnnualPlan],
    responses=CACHED,
    summary="Adopted annual plans, newest year first",
)
def list_public_annual_plans(request: Request, session: SessionDep, page: PageDep) -> Response:
    return cached_json(request, record.list_annual_plans(session, page))


@router.get(
    "/search",
    response_model=TwoWayPage[SearchHit],
    responses=CACHED,
    summary="Search everything published, best match first",
)
def search_public(
    request: Request,
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        Text,
        Query(
            min_length=1,
            max_length=search.MAX_QUERY_CHARS,
            description=(
                'Words to find, as in a web search: `"exact phrase"`, `-excluded`, `or`. Norwegian inflections '
                "match (legemidler finds legemiddel), and so do compounds that begin with a word of three "
                f"letters or more. At most {search.MAX_QUERY_WORDS} words (422 past that)."
            ),
        ),
    ],
    kind: SearchKind | None = None,
    body_id: Annotated[uuid.UUID | None, Query(description="Only what belongs to this body.")] = None,
    year: Annotated[
        Year | None, Query(description="The case year, or the year decided, delivered, planned or published.")
    ] = None,
) -> Response:
    return cached_json(request, search.search(session, q, page, kind, body_id, year))


@router.get(
    "/documents/{document_id}",
    response_model=PublicDocument,
    responses={**CACHED, **NOT_FOUND},
    summary="A published document (markdown body), or a withheld one's title and legal basis",
)
def get_public_document(document_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    return cached_json(request, record.document(session, document_id))


@router.get(
    "/documents/{document_id}/file",
    response_class=Response,
    responses=FILE_RESPONSES,
    summary="The file of a published document (its current version); never a withheld one's",
)
def get_public_document_file(
    document_id: uuid.UUID, request: Request, session: SessionDep, store: StoreDep
) -> Response:
    return file_response(request, store, record.document_file(session, document_id), public=True)


@router.get(
    "/documents/{document_id}/versions/{number}",
    response_model=PublicDocumentVersion,
    responses={**CACHED, **NOT_FOUND},
    summary="An earlier (or the current) public version of a published document",
)
def get_public_document_version(
    document_id: uuid.UUID, number: Int32, request: Request, session: SessionDep
) -> Response:
    return cached_json(request, record.document_version(session, document_id, number))


@router.get(
    "/documents/{document_id}/versions/{number}/file",
    response_class=Response,
    responses=FILE_RESPONSES,
    summary="The file of a public version of a published document (eInnsyn's referanseDokumentfil)",
)
def get_public_document_version_file(
    document_id: uuid.UUID, number: Int32, request: Request, session: SessionDep, store: StoreDep
) -> Response:
    return file_response(request, store, record.document_version_file(session, document_id, number), public=True)


@router.get(
    "/einnsyn/meetings/{meeting_id}",
    response_model=EinnsynMessage,
    response_class=JsonLdResponse,
    responses={**CACHED, **NOT_FOUND},
    summary="A published meeting as an eInnsyn message (JSON-LD, Noark 5)",
)
def get_einnsyn_meeting(meeting_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    """The published part of the meeting in the Noark 5 meeting model, as eInnsyn takes it: the
    Moetemappe, the notice and the approved minutes (Møtedokumentregistrering), each agenda case
    (Møtesaksregistrering with its case number and year), their documents with a Dokumentobjekt per
    public version, and for a withheld document its Skjerming with the legal basis, never its content."""
    message = einnsyn.message(session, meeting_id, public_base_url(request))
    return cached(request, einnsyn.encode(message), MEDIA_TYPE)


extra_routers = [website_router]
