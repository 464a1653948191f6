"""The website: Norwegian, accessible structure, published content only, safe markdown, 404 pages."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from itertools import pairwise

import pytest

from app.norwegian import oslo_span, oslo_time
from app.publication.markdown import render_markdown
from tests.publication_scenario import SECRET, Scenario

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # Firefox's


@pytest.fixture
def scenario(app, client) -> Scenario:  # noqa: ANN001
    return Scenario(app.state.db, app.state.engine).setup()


def _structure(html: str) -> None:
    """One h1, headings that never skip a level, landmarks, a skip link, lang and viewport."""
    assert '<html lang="nb">' in html and 'name="viewport"' in html
    levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert 'href="#innhold"' in html and 'id="innhold"' in html


def test_norwegian_time_in_oslo():
    summer = datetime(2024, 5, 14, 8, 0, tzinfo=timezone.utc)
    assert oslo_time(summer) == "tirsdag 14. mai 2024 kl. 10.00"
    assert oslo_time(datetime(2024, 12, 2, 8, 30, tzinfo=timezone.utc)) == "mandag 2. desember 2024 kl. 09.30"
    assert oslo_span(summer, summer.replace(hour=11)) == "tirsdag 14. mai 2024 kl. 10.00–13.00"


def test_markdown_cannot_inject_script():
    html = str(
        render_markdown(
            "# Tittel\n\n<script>alert(1)</script>\n\n[klikk](javascript:alert(1)) <img src=x onerror=alert(1)>"
            '\n\n<a href="javascript:alert(2)">x</a> [ok](https://example.no)'
        )
    )
    tags = set(re.findall(r"<(\w+)", html))
    assert tags == {"h2", "p", "a"}, tags  # no script, no img: raw HTML is text
    assert not re.findall(r"<[^>]*\son\w+=", html) and not re.findall(r"<a[^>]*javascript", html)
    assert '<a href="https://example.no" rel="noopener noreferrer">ok</a>' in html
    assert html.startswith("<h2>Tittel</h2>")  # the page title is the only h1


def test_pages_are_accessible_and_in_norwegian(scenario, anon):
    scenario.convene().hold_and_approve().deliver_and_plan()
    ids = scenario.ids
    for url in (
        "/",
        "/moter",
        f"/moter/{ids['meeting']}",
        f"/dokumenter/{ids['presentation']}",
        "/underutvalg",
        f"/underutvalg/{ids['subcommittee']}",
        "/arsplaner",
        "/vedtak",
    ):
        r = anon.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        assert r.headers["cache-control"] == "public, max-age=60" and r.headers["etag"]
        _structure(r.text)
        assert SECRET not in r.text, url


def test_meeting_page_shows_agenda_documents_minutes_and_decisions(scenario, anon):
    scenario.convene()
    page = anon.get(f"/moter/{scenario.ids['meeting']}").text
    assert "Topplederforumet, møte 1" in page and "Møtenummer" in page
    assert "tirsdag 14. mai 2024 kl. 10.00–13.00" in page and "Vitaminveien 4, Oslo" in page
    assert "Sak 1/2024" in page and "Sak 3/2024" in page
    assert f'href="/dokumenter/{scenario.ids["presentation"]}"' in page
    assert "Unntatt offentlighet, Offentleglova § 14" in page
    assert f'/dokumenter/{scenario.ids["exempt"]}"' not in page  # listed, not linked
    assert "Referatet publiseres når det er godkjent." in page
    papers = f"/api/v1/public/meetings/{scenario.ids['meeting']}"
    assert f'<a href="{papers}/moetebok.pdf">Last ned møtebok (PDF)</a>' in page
    assert f'href="{papers}/saksliste.pdf"' in page and f'href="{papers}/referat.pdf"' not in page
    scenario.hold_and_approve()
    page = anon.get(f"/moter/{scenario.ids['meeting']}").text
    assert f'href="/dokumenter/{scenario.ids["minutes"]}"' in page
    assert f'<a href="{papers}/referat.pdf">Last ned referat (PDF)</a>' in page
    assert f'id="vedtak-{scenario.ids["decision"]}"' in page
    assert "Mangler kunnskapsgrunnlag" in page and "Sendt tilbake til Arbeidsutvalget" in page


def test_document_page_renders_markdown_safely(scenario, anon):
    scenario.convene()
    page = anon.get(f"/dokumenter/{scenario.ids['presentation']}").text
    assert "<h2>Bakgrunn</h2>" in page and "&lt;script&gt;" in page and "<script>" not in page
    withheld = anon.get(f"/dokumenter/{scenario.ids['exempt']}").text
    assert "unntatt offentlighet med hjemmel i Offentleglova § 14" in withheld


def test_front_page_lists_upcoming_meetings_and_latest_publications(app, client, anon):
    scenario = (
        Scenario(app.state.db, app.state.engine)
        .setup(starts_at=datetime(2099, 3, 1, 9, 0, tzinfo=timezone.utc))
        .convene()
    )
    page = anon.get("/").text
    upcoming = page.split('id="kommende"')[1].split("</section>")[0]
    assert f'href="/moter/{scenario.ids["meeting"]}"' in upcoming
    latest = page.split('id="publisert"')[1]
    assert "Saksliste for Topplederforumet, møte 1" in latest


def test_unpublished_and_unknown_items_are_404_pages(scenario, anon):
    for url in (
        f"/moter/{scenario.ids['meeting']}",
        f"/dokumenter/{scenario.ids['draft']}",
        f"/underutvalg/{scenario.ids['subcommittee']}",
        f"/moter/{uuid.uuid4()}",
        "/moter/ikke-en-id",
    ):
        r = anon.get(url)
        assert r.status_code == 404, url
        assert "Fant ikke siden" in r.text and r.headers["content-type"].startswith("text/html")
        _structure(r.text)


def test_unknown_website_paths_get_the_html_404_page(anon):
    """For a browser; any other client, and every client of the API, gets the problem (issue 28, item 3)."""
    for url in ("/finnes-ikke", "/vedtak/noe", "/underutvalg/a/b"):
        r = anon.get(url, headers=BROWSER)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), url
        assert "Fant ikke siden" in r.text
        _structure(r.text)
        for accept in ("*/*", "application/json"):
            r = anon.get(url, headers={"Accept": accept})
            assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json", url
    r = anon.get("/api/v1/public/finnes-ikke", headers=BROWSER)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


def test_a_page_with_a_trailing_slash_redirects_relatively(anon):
    """Not to an absolute URL built from the Host header (which behind a proxy is not the public one)."""
    r = anon.get("/moter/?limit=5", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (308, "/moter?limit=5")
    for url in ("/finnes-ikke/", "http://testserver//moter/", "/api/v1/public/meetings/"):
        assert anon.get(url, follow_redirects=False).status_code == 404, url


def test_empty_site_renders(anon):
    for url in ("/", "/moter", "/vedtak", "/underutvalg", "/arsplaner"):
        r = anon.get(url)
        assert r.status_code == 200
        _structure(r.text)


def test_website_errors_are_bokmal_pages_with_their_status(anon):
    for url in ("/moter?limit=abc", "/vedtak?limit=0", "/arsplaner?cursor=ikke-en-peker", "/underutvalg?limit=999"):
        r = anon.get(url, headers=BROWSER)
        assert r.status_code == 422 and r.headers["content-type"].startswith("text/html"), url
        assert "Ugyldig adresse" in r.text and "Invalid" not in r.text
        _structure(r.text)
    r = anon.post("/moter", headers=BROWSER)
    assert r.status_code == 405 and "Ikke tillatt" in r.text and r.headers["allow"] == "GET, HEAD, OPTIONS"
    # The API keeps its problem documents.
    assert anon.get("/api/v1/public/meetings?limit=abc").headers["content-type"] == "application/problem+json"


def test_markdown_headings_start_under_the_page_title():
    assert re.findall(r"<h(\d)>", str(render_markdown("### Bakgrunn\n\n#### Detaljer\n\n### Forslag"))) == [
        "2",
        "3",
        "2",
    ]
    assert re.findall(r"<h(\d)>", str(render_markdown("# A\n\n## B\n\n###### C"))) == ["2", "3", "6"]


@pytest.mark.parametrize(
    "path,words",
    [
        ("/tilgjengelighet", ["WCAG 2.1 nivå AA", "Kjente mangler", 'href="https://www.uutilsynet.no/"']),
        ("/personvern", ["informasjonskapsler"]),
        ("/kontakt", ["postmottak@helsedir.no"]),
    ],
)
def test_required_pages_from_the_secretariats_markdown(anon, path, words):
    r = anon.get(path)
    assert r.status_code == 200
    _structure(r.text)
    for word in words:
        assert word in r.text, word
    assert f'<a href="{path}" aria-current="page">' in r.text


def test_required_pages_are_linked_from_every_footer_and_read_from_the_content_dir(anon, tmp_path, monkeypatch):
    footer = anon.get("/moter").text.split("<footer")[1]
    for path in ("/tilgjengelighet", "/personvern", "/kontakt"):
        assert f'href="{path}"' in footer
    assert 'href="/tilgjengelighet"' in anon.get("/finnes-ikke", headers=BROWSER).text.split("<footer")[1]
    from app.config import get_settings

    (tmp_path / "kontakt.md").write_text("# Ny adresse\n\nRing <oss>.", encoding="utf-8")
    monkeypatch.setattr(get_settings(), "content_dir", tmp_path)
    page = anon.get("/kontakt").text
    assert "<h2>Ny adresse</h2>" in page and "Ring &lt;oss&gt;." in page
    # An edit shows at the next request, not when a kept answer runs out (issue 27, finding 10).
    (tmp_path / "kontakt.md").write_text("# Flyttet\n\nNy tekst.", encoding="utf-8")
    assert "<h2>Flyttet</h2>" in anon.get("/kontakt").text


def test_decisions_show_follow_up_and_filter_by_status_and_year(scenario, anon):
    from app.decisions.models import Decision
    from app.publication.website import templates

    scenario.convene().hold_and_approve()

    def follow_up(ctx) -> None:  # noqa: ANN001
        decision = ctx.session.get(Decision, scenario.ids["decision"])
        decision.follow_up_status, decision.follow_up_note = "in_progress", "Underutvalget er satt ned."

    scenario.run(follow_up)
    year = str(datetime.now(timezone.utc).year)
    for url in ("/vedtak", f"/moter/{scenario.ids['meeting']}", "/vedtak?status=in_progress", f"/vedtak?year={year}"):
        page = anon.get(url).text
        assert "Under oppfølging</span> Underutvalget er satt ned." in page, url
        _structure(page)
    for url in ("/vedtak?status=open", "/vedtak?year=2019"):
        assert "Ingen publiserte vedtak passer med valgene." in anon.get(url).text, url
    api = anon.get("/api/v1/public/decisions", params={"follow_up_status": "in_progress", "year": year}).json()
    assert [d["follow_up_note"] for d in api["items"]] == ["Underutvalget er satt ned."]
    assert anon.get("/api/v1/public/decisions", params={"follow_up_status": "cancelled"}).json()["items"] == []
    assert anon.get("/vedtak?status=ukjent").status_code == 422
    # The pager keeps the filters and the page size.
    pager = templates.get_template("_macros.html").module.pager
    html = str(
        pager(
            type("P", (), {"next_cursor": "abc", "prev_cursor": None}),
            "/vedtak",
            {"status": "open", "year": "", "limit": 5},
        )
    )
    assert 'href="/vedtak?status=open&amp;year=&amp;limit=5&amp;cursor=abc"' in html


def test_list_pagers_keep_the_page_size_and_say_saksliste(scenario, anon):
    from app.events import emit
    from app.meetings.models import Meeting

    scenario.convene()

    def second_meeting(ctx) -> None:  # noqa: ANN001
        meeting = Meeting(
            body_id=scenario.ids["forum"],
            number=2,
            status="convened",
            starts_at=datetime(2025, 1, 7, 9, 0, tzinfo=timezone.utc),
        )
        ctx.session.add(meeting)
        ctx.session.flush()
        emit(ctx, "meeting.convened", meeting=meeting)

    scenario.run(second_meeting)
    page = anon.get("/moter?limit=1").text
    assert re.search(r'href="/moter\?limit=1&amp;cursor=[\w-]+" rel="next">Neste side</a>', page)
    assert 'rel="prev"' not in page
    assert "Sakslisten publiseres" in page and "Saklist" not in page


def test_public_lists_page_both_ways(scenario, anon, api):
    """Three meetings one per page: forwards to the last, backwards to the first, the same pages."""
    from app.events import emit
    from app.meetings.models import Meeting

    scenario.convene()

    def more_meetings(ctx) -> None:  # noqa: ANN001
        for number, day in ((2, 7), (3, 14)):
            meeting = Meeting(
                body_id=scenario.ids["forum"],
                number=number,
                status="convened",
                starts_at=datetime(2025, 1, day, 9, 0, tzinfo=timezone.utc),
            )
            ctx.session.add(meeting)
            ctx.session.flush()
            emit(ctx, "meeting.convened", meeting=meeting)

    scenario.run(more_meetings)

    def read(cursor: str | None) -> dict:
        return anon.get(
            "/api/v1/public/meetings", params={"limit": 1, "cursor": cursor} if cursor else {"limit": 1}
        ).json()

    first = read(None)
    second = read(first["next_cursor"])
    third = read(second["next_cursor"])
    assert [p["number"] for p in (first["items"] + second["items"] + third["items"])] == [1, 2, 3]
    assert first["prev_cursor"] is None and third["next_cursor"] is None
    back = read(third["prev_cursor"])
    assert back["items"] == second["items"] and back["next_cursor"] and back["prev_cursor"]
    assert read(back["next_cursor"])["items"] == third["items"]
    front = read(back["prev_cursor"])
    assert front["items"] == first["items"] and front["prev_cursor"] is None and front["next_cursor"]

    page = anon.get("/moter", params={"limit": 1, "cursor": second["next_cursor"]}).text
    prev = re.search(r'href="/moter\?limit=1&amp;cursor=([\w-]+)" rel="prev">Forrige side</a>', page)
    assert prev and 'rel="next"' not in page
    assert "møte 2" in anon.get("/moter", params={"limit": 1, "cursor": prev.group(1)}).text
    # A cursor that reads backwards is refused by a list that pages forward only.
    from app.pagination import _encode

    backwards = _encode("agenda.requires_prepared_case", uuid.UUID(int=0), before=True)
    refused = api.get("/api/v1/rules", params={"cursor": backwards})
    assert refused.status_code == 422 and "forward only" in refused.text


def test_document_breadcrumb_links_its_meeting_and_case(scenario, anon):
    scenario.convene().hold_and_approve()
    ids = scenario.ids
    crumbs = (
        anon.get(f"/dokumenter/{ids['presentation']}").text.split('aria-label="Brødsmulesti"')[1].split("</nav>")[0]
    )
    assert f'href="/moter/{ids["meeting"]}">Topplederforumet, møte 1</a>' in crumbs
    assert f'href="/moter/{ids["meeting"]}#sak-{ids["decided"]}">Sak 1/2024: Legemiddelsamstemming</a>' in crumbs
    minutes = anon.get(f"/api/v1/public/documents/{ids['minutes']}").json()
    assert minutes["meeting"]["id"] == str(ids["meeting"]) and minutes["case"] is None


def test_an_unexpected_error_is_a_bokmal_500_page(app, monkeypatch):
    from fastapi.testclient import TestClient

    from app.publication import record

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("database gone")

    monkeypatch.setattr(record, "list_meetings", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/moter", headers=BROWSER)
        assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
        assert "Noe gikk galt" in r.text and "database gone" not in r.text
        _structure(r.text)


def test_the_open_api_link_goes_to_the_docs_page(anon) -> None:  # noqa: ANN001
    """Not to raw JSON: the docs page (Swagger UI), served without a CDN."""
    assert '<a href="/docs">Åpent API</a>' in anon.get("/").text
