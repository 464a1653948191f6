"""The public website in Norwegian bokmål, server-rendered from the public record (record.py).

Templates only ever receive the public schemas. Unknown or unpublished ids get a 404 page.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import FileResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.context import permit
from app.db import SessionDep, utcnow
from app.errors import NotFound
from app.norwegian import OUTCOME_LABELS, nb_date, oslo_span, oslo_time
from app.pagination import PageParams
from app.publication import record
from app.publication.caching import cached
from app.publication.feeds import KIND_LABELS, SITE_TITLE
from app.publication.markdown import render_markdown

STATIC = Path(__file__).parent / "static"
# Machine paths keep their JSON problems; everything else belongs to the website.
API_PATHS = ("/api/", "/health", "/ready", "/docs", "/redoc", "/openapi")
NAV = [("/", "Forside"), ("/moter", "Møter"), ("/vedtak", "Vedtak"), ("/underutvalg", "Underutvalg"),
       ("/arsplaner", "Årsplaner")]
LABELS = {
    "status": {"convened": "Innkalt", "in_session": "Pågår", "held": "Avholdt",
               "minutes_approved": "Referat godkjent", "cancelled": "Avlyst"},
    "document": {"case_presentation": "Saksfremlegg", "knowledge_base": "Kunnskapsgrunnlag",
                 "minutes": "Referat", "agenda": "Sakliste", "report": "Rapport",
                 "recommendation": "Anbefaling", "annual_plan": "Årsplan", "other": "Dokument"},
    "case": {"decision": "Beslutningssak", "discussion": "Drøftingssak", "information": "Orienteringssak"},
    "outcome": OUTCOME_LABELS,
    "decision": {"recommendation": "Anbefaling", "national_measure": "Nasjonalt tiltak",
                 "coordination": "Samordning", "annual_plan": "Årsplan",
                 "establish_subcommittee": "Opprettelse av underutvalg",
                 "membership_change": "Endring i Topplederforumets sammensetning", "other": "Annet"},
    "subcommittee": {"active": "Aktivt", "delivered": "Har levert", "presented": "Lagt fram",
                     "dissolved": "Oppløst"},
    "publication": KIND_LABELS,
}


def _label(value: str | None, group: str) -> str:
    return LABELS[group].get(value, value or "")


templates = Environment(
    loader=PackageLoader("app.publication", "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters.update(when=oslo_time, span=oslo_span, day=nb_date, md=render_markdown, label=_label)
templates.globals.update(site_title=SITE_TITLE, nav=NAV)

router = APIRouter(include_in_schema=False, dependencies=[permit("public.read")])


def _html(request: Request, template: str, section: str | None, status_code: int = 200, **context: Any) -> Response:
    html = templates.get_template(template).render(section=section, **context)
    return cached(request, html.encode(), "text/html; charset=utf-8", status_code)


def not_found_page(request: Request) -> Response:
    return _html(request, "not_found.html", None, status_code=404)


def install_not_found_page(app: FastAPI) -> None:
    """Unknown paths outside the API get the website's 404 page in bokmål instead of a JSON problem."""
    problem = app.exception_handlers[StarletteHTTPException]

    async def handler(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and not request.url.path.startswith(API_PATHS):
            return not_found_page(request)
        return await problem(request, exc)

    app.add_exception_handler(StarletteHTTPException, handler)


def _detail(request: Request, template: str, section: str, raw_id: str, load: Callable[[uuid.UUID], Any]) -> Response:
    """A page about one published item; a 404 page when it is unknown or unpublished."""
    try:
        item = load(uuid.UUID(raw_id))
    except (ValueError, NotFound):
        return not_found_page(request)
    return _html(request, template, section, item=item)


@router.get("/")
def front_page(request: Request, session: SessionDep) -> Response:
    now, five = utcnow(), PageParams(limit=5, cursor=None)
    upcoming = record.list_meetings(session, five, starts_after=now).items
    recent = record.list_meetings(session, five, starts_before=now, newest_first=True).items
    pubs = record.publications(session, limit=10)
    return _html(request, "index.html", "/", upcoming=upcoming, recent=recent, publications=pubs,
                 paths=record.publication_paths(session, pubs))


@router.get("/moter")
def meetings_page(request: Request, session: SessionDep, page: PageParams = Depends()) -> Response:
    return _html(request, "meetings.html", "/moter", page=record.list_meetings(session, page, newest_first=True))


@router.get("/moter/{meeting_id}")
def meeting_page(meeting_id: str, request: Request, session: SessionDep) -> Response:
    return _detail(request, "meeting.html", "/moter", meeting_id, lambda i: record.meeting(session, i))


@router.get("/dokumenter/{document_id}")
def document_page(document_id: str, request: Request, session: SessionDep) -> Response:
    return _detail(request, "document.html", "/moter", document_id, lambda i: record.document(session, i))


@router.get("/vedtak")
def decisions_page(request: Request, session: SessionDep, page: PageParams = Depends()) -> Response:
    return _html(request, "decisions.html", "/vedtak", page=record.list_decisions(session, page))


@router.get("/underutvalg")
def subcommittees_page(request: Request, session: SessionDep, page: PageParams = Depends()) -> Response:
    return _html(request, "subcommittees.html", "/underutvalg", page=record.list_subcommittees(session, page))


@router.get("/underutvalg/{body_id}")
def subcommittee_page(body_id: str, request: Request, session: SessionDep) -> Response:
    return _detail(request, "subcommittee.html", "/underutvalg", body_id, lambda i: record.subcommittee(session, i))


@router.get("/arsplaner")
def annual_plans_page(request: Request, session: SessionDep, page: PageParams = Depends()) -> Response:
    return _html(request, "annual_plans.html", "/arsplaner", page=record.list_annual_plans(session, page))


@router.get("/static/site.css")
def stylesheet() -> FileResponse:
    return FileResponse(STATIC / "site.css", media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})
