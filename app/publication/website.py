"""The public website in Norwegian bokmål, server-rendered from the public record (record.py).

Templates only ever receive the public schemas. Unknown or unpublished ids get a 404 page.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.config import get_settings
from app.context import permit
from app.db import SessionDep
from app.errors import DomainError, InvalidInput, NotFound
from app.files.download import file_response
from app.files.kinds import file_label
from app.files.service import StoreDep
from app.norwegian import DOCUMENT_LABELS, OUTCOME_LABELS, nb_date, oslo_span, oslo_time
from app.pagination import PageParams, page_params
from app.publication import record, search
from app.publication.caching import cached
from app.publication.feeds import KIND_LABELS, SITE_TITLE
from app.publication.markdown import render_markdown
from app.publication.schemas import SearchHit
from app.routing import Router
from app.types import MAX_YEAR, MIN_YEAR

STATIC = Path(__file__).parent / "static"
# Machine paths keep their JSON problems; everything else belongs to the website. The staff app's
# sign-in (/auth/) answers its problems as the API does.
API_PATHS = ("/api", "/auth/", "/health", "/ready", "/docs", "/redoc", "/openapi")
# Pages the secretariat writes in markdown (SAMORDNING_CONTENT_DIR), linked from every page's footer.
CONTENT_PAGES = {
    "/tilgjengelighet": ("tilgjengelighet.md", "Tilgjengelighetserklæring"),
    "/personvern": ("personvern.md", "Personvern"),
    "/kontakt": ("kontakt.md", "Kontakt"),
}
CHOOSE_YEAR = "Velg et årstall fra listen."
NAV = [
    ("/", "Forside"),
    ("/moter", "Møter"),
    ("/vedtak", "Vedtak"),
    ("/organer", "Organer"),
    ("/underutvalg", "Underutvalg"),
    ("/arsplaner", "Årsplaner"),
    ("/sok", "Søk"),
]
LABELS = {
    "status": {
        "convened": "Innkalt",
        "in_session": "Pågår",
        "held": "Avholdt",
        "minutes_approved": "Referat godkjent",
        "cancelled": "Avlyst",
    },
    "document": DOCUMENT_LABELS,
    "case": {"decision": "Beslutningssak", "discussion": "Drøftingssak", "information": "Orienteringssak"},
    "outcome": OUTCOME_LABELS,
    "decision": {
        "recommendation": "Anbefaling",
        "national_measure": "Nasjonalt tiltak",
        "coordination": "Samordning",
        "annual_plan": "Årsplan",
        "establish_subcommittee": "Opprettelse av underutvalg",
        "membership_change": "Endring i Topplederforumets sammensetning",
        "other": "Annet",
    },
    "role": record.ROLE_LABELS,
    "body": {
        "top_leaders_forum": "Topplederforum",
        "working_committee": "Arbeidsutvalg",
        "project_board": "Prosjektstyre",
        "subcommittee": "Underutvalg",
    },
    "subcommittee": {"active": "Aktivt", "delivered": "Har levert", "presented": "Lagt fram", "dissolved": "Oppløst"},
    "publication": KIND_LABELS,
    "follow_up": record.FOLLOW_UP_LABELS,
    "search": {
        "case": "Sak",
        "document": "Dokument",
        "decision": "Vedtak",
        "delivery": "Leveranse",
        "annual_plan": "Årsplan",
    },
}
# What a website error says, by status; the page keeps its own 404 text (not_found.html).
ERRORS = {
    400: ("Ugyldig forespørsel", "Adressen kunne ikke leses. Sjekk lenken, eller gå tilbake og prøv igjen."),
    405: ("Ikke tillatt", "Denne siden kan bare leses."),
    422: (
        "Ugyldig adresse",
        "Noe i adressen har en verdi siden ikke forstår, for eksempel et antall som ikke er "
        "et tall. Sjekk lenken, eller gå tilbake og prøv igjen.",
    ),
    500: ("Noe gikk galt", "Siden kunne ikke vises på grunn av en feil hos oss. Prøv igjen om litt."),
    503: (
        "Tok for lang tid",
        "Forespørselen tok lengre tid enn tjenesten tillater, og ble stoppet. "
        "Prøv et enklere søk, eller prøv igjen om litt.",
    ),
}


def _label(value: str | None, group: str) -> str:
    return LABELS[group].get(value or "", value or "")


templates = Environment(
    loader=PackageLoader("app.publication", "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _marked(hit: SearchHit) -> Markup:
    """The snippet escaped, its matches in <mark>."""
    out, at = [], 0
    for start, end in hit.highlights:
        out += [escape(hit.snippet[at:start]), Markup("<mark>"), escape(hit.snippet[start:end]), Markup("</mark>")]
        at = end
    out.append(escape(hit.snippet[at:]))
    return Markup("").join(out)


templates.filters.update(
    when=oslo_time, span=oslo_span, day=nb_date, md=render_markdown, label=_label, marked=_marked, file=file_label
)
templates.globals.update(
    site_title=SITE_TITLE,
    nav=NAV,
    labels=LABELS,
    max_query=search.MAX_QUERY_CHARS,
    content_pages=[(path, title) for path, (_, title) in CONTENT_PAGES.items()],
)

router = Router(include_in_schema=False, dependencies=[permit("public.read")])


def _html(request: Request, template: str, section: str | None, status_code: int = 200, **context: Any) -> Response:
    html = templates.get_template(template).render(section=section, **context)
    return cached(request, html.encode(), "text/html; charset=utf-8", status_code)


def not_found_page(request: Request) -> Response:
    return _html(request, "not_found.html", None, status_code=404)


def error_page(request: Request, status_code: int, message: str | None = None) -> Response:
    if status_code == 404:
        return not_found_page(request)
    heading, text = ERRORS.get(status_code, ERRORS[500 if status_code >= 500 else 400])
    return _html(request, "error.html", None, status_code=status_code, heading=heading, message=message or text)


def _wants_html(request: Request) -> bool:
    """A browser asks for `text/html`; a client that takes anything (curl's `*/*`) or JSON gets the problem."""
    return "text/html" in request.headers.get("accept", "")


def _without_trailing_slash(request: Request) -> Response | None:
    """A relative redirect from /moter/ to /moter (not an absolute URL built from the Host header), when
    that path is a page; never to another host (`//host`)."""
    path = request.url.path
    stripped = path.rstrip("/")
    if request.method not in ("GET", "HEAD") or not stripped or stripped.startswith("//") or stripped == path:
        return None
    scope = {**request.scope, "path": stripped}
    if not any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
        return None
    query = request.url.query
    return RedirectResponse(stripped + (f"?{query}" if query else ""), status_code=308)


def install_website_errors(app: FastAPI) -> None:
    """Errors on the website's paths are pages in bokmål with the same status, for a browser; the API,
    and any client that does not ask for HTML, gets the JSON problem."""
    for exc_class in (StarletteHTTPException, RequestValidationError, DomainError, OperationalError, Exception):
        problem = app.exception_handlers[exc_class]

        async def handler(request: Request, exc: Exception, problem: Callable = problem) -> Response:
            # The API's handler decides the status (and logs what was unexpected); the website shows it.
            response = await problem(request, exc)
            if response.status_code < 400 or request.url.path.startswith(API_PATHS):
                return response
            if response.status_code == 404 and (redirect := _without_trailing_slash(request)):
                return redirect
            if not _wants_html(request):
                return response
            page = error_page(request, response.status_code)
            if "allow" in response.headers:  # a 405 names the methods the page takes
                page.headers["Allow"] = response.headers["allow"]
            return page

        app.add_exception_handler(exc_class, handler)


def _detail(request: Request, template: str, section: str, raw_id: str, load: Callable[[uuid.UUID], Any]) -> Response:
    """A page about one published item; a 404 page when it is unknown or unpublished."""
    try:
        item = load(uuid.UUID(raw_id))
    except (ValueError, NotFound):
        return not_found_page(request)
    return _html(request, template, section, item=item)


@router.get("/")
def front_page(request: Request, session: SessionDep) -> Response:
    now, five = request.app.state.clock(), PageParams(limit=5, cursor=None)
    # A meeting held (closed) is past, however early it was held: it is never «Kommende».
    upcoming = record.list_meetings(session, five, upcoming_at=(True, now)).items
    recent = record.list_meetings(session, five, newest_first=True, upcoming_at=(False, now)).items
    pubs, paths = record.publications(session, limit=10)
    bodies = record.living_bodies(session, limit=20)
    return _html(
        request, "index.html", "/", upcoming=upcoming, recent=recent, publications=pubs, paths=paths, bodies=bodies
    )


@router.get("/moter")
def meetings_page(request: Request, session: SessionDep, page: PageParams = Depends(page_params)) -> Response:
    return _html(
        request,
        "meetings.html",
        "/moter",
        page=record.list_meetings(session, page, newest_first=True),
        limit=page.limit,
    )


@router.get("/moter/{meeting_id}")
def meeting_page(meeting_id: str, request: Request, session: SessionDep) -> Response:
    return _detail(request, "meeting.html", "/moter", meeting_id, lambda i: record.meeting(session, i))


@router.get("/dokumenter/{document_id}")
def document_page(document_id: str, request: Request, session: SessionDep) -> Response:
    return _detail(request, "document.html", "/moter", document_id, lambda i: record.document(session, i))


@router.get("/dokumenter/{document_id}/fil")
def document_file(document_id: uuid.UUID, request: Request, session: SessionDep, store: StoreDep) -> Response:
    return file_response(request, store, record.document_file(session, document_id), public=True)


@router.get("/dokumenter/{document_id}/versjoner/{number}")
def document_version_page(document_id: str, number: int, request: Request, session: SessionDep) -> Response:
    return _detail(
        request, "document_version.html", "/moter", document_id, lambda i: record.document_version(session, i, number)
    )


@router.get("/vedtak")
def decisions_page(
    request: Request,
    session: SessionDep,
    page: PageParams = Depends(page_params),
    status: str = "",
    year: str = "",
) -> Response:
    """Decisions newest first, narrowed by follow-up status and year (an empty choice is no filter)."""
    if status and status not in LABELS["follow_up"]:
        raise InvalidInput("status", "not a follow-up status", "query", message_nb="Velg en status fra listen.")
    if year and not (year.isdigit() and len(year) == 4):
        raise InvalidInput("year", "not a year", "query", message_nb=CHOOSE_YEAR)
    decisions = record.list_decisions(session, page, follow_up_status=status or None, year=int(year) if year else None)
    filters = {"status": status, "year": year, "limit": page.limit}
    years = search.published_years(session, "decision")
    return _html(request, "decisions.html", "/vedtak", page=decisions, filters=filters, years=years)


@router.get("/organer")
def bodies_page(request: Request, session: SessionDep, page: PageParams = Depends(page_params)) -> Response:
    return _html(request, "bodies.html", "/organer", page=record.list_bodies(session, page), limit=page.limit)


@router.get("/organer/{body_id}", response_model=None)
def body_page(body_id: str, request: Request, session: SessionDep) -> Response:
    """A body and who sits in it; a subcommittee's page is the one with its deliveries."""
    try:
        found = record.body(session, uuid.UUID(body_id))
    except (ValueError, NotFound):
        return not_found_page(request)
    if found.kind == "subcommittee":
        return RedirectResponse(f"/underutvalg/{found.id}", status_code=308)
    return _html(request, "body.html", "/organer", item=found)


@router.get("/underutvalg")
def subcommittees_page(request: Request, session: SessionDep, page: PageParams = Depends(page_params)) -> Response:
    return _html(
        request, "subcommittees.html", "/underutvalg", page=record.list_subcommittees(session, page), limit=page.limit
    )


@router.get("/underutvalg/{body_id}")
def subcommittee_page(body_id: str, request: Request, session: SessionDep) -> Response:
    return _detail(request, "subcommittee.html", "/underutvalg", body_id, lambda i: record.subcommittee(session, i))


@router.get("/arsplaner")
def annual_plans_page(request: Request, session: SessionDep, page: PageParams = Depends(page_params)) -> Response:
    return _html(
        request, "annual_plans.html", "/arsplaner", page=record.list_annual_plans(session, page), limit=page.limit
    )


@router.get("/sok")
def search_page(
    request: Request,
    session: SessionDep,
    q: str | None = None,
    kind: str | None = None,
    year: str | None = None,
    body: str | None = None,
    page: PageParams = Depends(page_params),
) -> Response:
    """The search form, and its results once there is a query; a bad query is said in bokmål."""
    kinds, years, bodies = LABELS["search"], search.published_years(session), search.published_bodies(session)
    body_id = next((b.id for b in bodies if str(b.id) == body), None)
    form = {"q": q or "", "kind": kind if kind in kinds else "", "year": year or "", "body": str(body_id or "")}
    context: dict[str, Any] = {
        "form": form,
        "kinds": kinds,
        "years": years,
        "bodies": bodies,
        "limit": page.limit,
        "results": None,
        "problem": None,
    }
    if q is None:
        return _html(request, "search.html", "/sok", **context)
    try:
        if year and not (year.isascii() and year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR):
            raise InvalidInput("year", "not a year", "query", message_nb=CHOOSE_YEAR)
        if body and body_id is None:
            raise InvalidInput(
                "body", "not a body with something published", "query", message_nb="Velg et organ fra listen."
            )
        context["results"] = search.search(
            session, q.strip(), page, form["kind"] or None, body_id, year=int(year) if year else None
        )
    except InvalidInput as exc:
        context["problem"] = exc.extra["errors"][0]["message_nb"]
        return _html(request, "search.html", "/sok", status_code=422, **context)
    return _html(request, "search.html", "/sok", **context)


def _content_page(path: str) -> Callable[[Request], Response]:
    filename, title = CONTENT_PAGES[path]

    def page(request: Request) -> Response:
        # Read on each request, so the secretariat's edits show without a restart.
        text = (get_settings().content_dir / filename).read_text(encoding="utf-8")
        return _html(request, "content.html", path, title=title, text=text)

    return page


for _path in CONTENT_PAGES:
    router.add_api_route(_path, _content_page(_path), methods=["GET"])


@router.get("/static/site.js")
def script() -> FileResponse:
    return FileResponse(
        STATIC / "site.js", media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Browsers ask for it on every site; a file of our own (CSP: img-src 'self') rather than a 404."""
    return FileResponse(
        STATIC / "favicon.ico", media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get("/static/site.css")
def stylesheet() -> FileResponse:
    return FileResponse(STATIC / "site.css", media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})
