"""Search over the public record: only what is published, indexed in the publishing transaction,
Norwegian inflections, safe highlighted snippets, filters, paging and bad queries in both languages."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from app.documents.models import Document
from app.events import emit
from app.publication.search import root
from tests.publication_scenario import SECRET, Scenario

S = "/api/v1/public/search"


@pytest.fixture
def scenario(app, client) -> Scenario:  # noqa: ANN001
    return Scenario(app.state.db, app.state.engine).setup()


def _hits(anon, q: str, **params) -> list[dict]:  # noqa: ANN001
    r = anon.get(S, params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _change(scenario: Scenario, name: str, **values) -> None:
    def step(ctx) -> None:  # noqa: ANN001
        doc = ctx.session.get(Document, scenario.ids[name])
        for key, value in values.items():
            setattr(doc, key, value)
        emit(ctx, "document.changed", document=doc)
        ctx.audit("update", "document", doc.id, None, values)  # as every change is: public answers see it

    scenario.run(step)


def test_roots_join_contracted_plurals_and_inflections():
    assert root("legemidler") == root("legemiddel") == "legemid"
    assert root("årsplaner") == "årsplan" and root("indikatorer") == "indikator"
    assert root("møte") == "møte"  # too short to cut


def test_nothing_is_searchable_before_it_is_published(scenario, anon):
    assert _hits(anon, "legemiddelsamstemming") == []
    scenario.convene()
    kinds = {h["kind"] for h in _hits(anon, "legemiddelsamstemming")}
    assert kinds == {"case", "document"}  # the agenda's case and its presentation, no decision yet
    scenario.hold_and_approve().deliver_and_plan()
    kinds = {h["kind"] for h in _hits(anon, "legemiddelsamstemming")}
    assert kinds == {"case", "document", "decision"}
    assert {h["kind"] for h in _hits(anon, "sluttrapport")} == {"delivery"}
    assert {h["kind"] for h in _hits(anon, "årsplan")} >= {"annual_plan", "document"}
    for q in (SECRET, "Utkast", "Ettersendt", "Indikatorer hemmelig"):
        assert _hits(anon, q) == [], q  # drafts, documents attached after convening, internal fields


def test_every_kind_links_to_the_page_that_shows_it(scenario, anon):
    scenario.convene().hold_and_approve().deliver_and_plan()
    ids = scenario.ids
    by_kind = {
        h["kind"]: h
        for h in _hits(anon, "legemiddelsamstemming") + _hits(anon, "sluttrapport") + _hits(anon, "årsplan")
    }
    assert by_kind["case"]["url"] == f"/moter/{ids['meeting']}#sak-{ids['decided']}"
    assert by_kind["case"]["title"] == "Sak 1/2024: Legemiddelsamstemming" and by_kind["case"]["year"] == 2024
    assert by_kind["decision"]["url"] == f"/moter/{ids['meeting']}#vedtak-{ids['decision']}"
    assert by_kind["delivery"]["url"] == f"/underutvalg/{ids['subcommittee']}"
    assert by_kind["annual_plan"]["url"] == "/arsplaner" and by_kind["annual_plan"]["year"] == 2025
    for hit in by_kind.values():
        assert anon.get(hit["url"].split("#")[0]).status_code == 200, hit
        if "#" in hit["url"]:
            assert f'id="{hit["url"].split("#")[1]}"' in anon.get(hit["url"]).text


def test_inflected_words_find_each_other(scenario, anon):
    scenario.convene()
    _change(scenario, "presentation", body="Et legemiddel kan gis av flere. Indikatorene følges.")
    assert [h["title"] for h in _hits(anon, "legemidler", kind="document")] == ["Saksfremlegg om legemiddelsamstemming"]
    assert _hits(anon, "indikator", kind="document") and _hits(anon, "legemiddelet", kind="document")
    assert _hits(anon, "legemidler -indikatorer", kind="document") == []


def test_withheld_documents_are_found_by_a_public_title_only(scenario, anon):
    scenario.convene()
    (hit,) = _hits(anon, "risikovurdering")
    assert hit["kind"] == "document" and SECRET not in hit["snippet"]
    _change(scenario, "exempt", title_public=False)
    assert _hits(anon, "risikovurdering") == []
    # A released document is found by its text from then on; an edited one by what it now says.
    _change(scenario, "exempt", public=True, title_public=True, body="Risiko for feilmedisinering.")
    assert _hits(anon, "feilmedisinering")[0]["url"] == f"/dokumenter/{scenario.ids['exempt']}"
    _change(scenario, "presentation", body="Ny tekst om pasientforløp.")
    assert _hits(anon, "bakgrunn") == [] and _hits(anon, "pasientforløp", kind="document")


def test_snippets_mark_matches_and_are_escaped(scenario, anon):
    scenario.convene()
    _change(scenario, "presentation", body="**Legemiddelsamstemming**: dose < 5 mg & <b>fet</b> tekst.")
    (hit,) = _hits(anon, "legemiddelsamstemming", kind="document")
    assert "< 5 mg &" in hit["snippet"]  # plain text in the API: the reader escapes it
    marked = [hit["snippet"][a:b] for a, b in hit["highlights"]]
    assert marked == ["Legemiddelsamstemming"]
    page = anon.get("/sok", params={"q": "legemiddelsamstemming", "kind": "document"}).text
    assert "<mark>Legemiddelsamstemming</mark>: dose &lt; 5 mg &amp;" in page and "<b>" not in page


def test_filters_and_paging(scenario, anon):
    scenario.convene().hold_and_approve().deliver_and_plan()
    everything = _hits(anon, "legemidler", limit=200)
    assert len(everything) >= 4

    def pages(direction: str, cursor: str | None) -> list[list[str]]:
        """Page by page (one hit each) in one direction until the list ends."""
        seen = []
        for _ in range(len(everything) + 1):
            r = anon.get(S, params={"q": "legemidler", "limit": 1, **({"cursor": cursor} if cursor else {})}).json()
            seen.append([h["id"] for h in r["items"]])
            if not (cursor := r[direction]):
                return seen
        raise AssertionError(f"{direction} never ended")

    forwards = pages("next_cursor", None)
    assert [ids for page in forwards for ids in page] == [h["id"] for h in everything]
    last = anon.get(S, params={"q": "legemidler", "limit": 1, "cursor": None}).json()
    while last["next_cursor"]:
        last = anon.get(S, params={"q": "legemidler", "limit": 1, "cursor": last["next_cursor"]}).json()
    # Backwards from the last page, the same pages in reverse, and the first has no previous.
    assert pages("prev_cursor", last["prev_cursor"]) == forwards[-2::-1]
    assert {h["kind"] for h in _hits(anon, "legemidler", kind="decision")} == {"decision"}
    forum = str(scenario.ids["forum"])
    assert {h["body"]["id"] for h in _hits(anon, "legemidler", body_id=forum)} == {forum}
    assert _hits(anon, "legemidler", year=1999) == []
    assert {h["year"] for h in _hits(anon, "legemidler", year=2024)} == {2024}
    page = anon.get("/sok", params={"q": "legemidler", "kind": "document", "limit": 1}).text
    assert re.search(
        r'href="/sok\?q=legemidler&amp;kind=document&amp;body=&amp;year=&amp;limit=1&amp;cursor=[\w-]+" rel="next">Neste side',
        page,
    )
    second = re.search(r'href="/sok\?([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert 'rel="prev">Forrige side</a>' in anon.get(f"/sok?{second}").text


def test_the_search_page_narrows_to_a_body(scenario, anon):
    """The form offers the bodies with something published; choosing one narrows the hits as the API does."""
    scenario.convene().hold_and_approve().deliver_and_plan()
    forum, au = str(scenario.ids["forum"]), str(scenario.ids["au"])
    form = anon.get("/sok").text
    assert (
        f'<option value="{forum}">Topplederforumet</option>' in form
        and f'<option value="{au}">Arbeidsutvalget</option>' in form
    )
    page = anon.get("/sok", params={"q": "legemidler", "body": forum}).text
    assert f'<option value="{forum}" selected>Topplederforumet</option>' in page
    shown = set(re.findall(r'<a href="(/[^"]+)"', page.split('id="treff"')[1].split("</ol>")[0]))
    assert shown == {h["url"] for h in _hits(anon, "legemidler", body_id=forum)} != set()
    assert shown != {h["url"] for h in _hits(anon, "legemidler")}
    wrong = anon.get("/sok", params={"q": "legemidler", "body": "ikke-et-organ"})
    assert wrong.status_code == 422 and "Velg et organ fra listen." in wrong.text


@pytest.mark.parametrize("q", ["", "   ", "!!!", "-legemidler", "a" * 201, "lege\x00midler"])
def test_bad_queries_are_422_problems_and_bokmal_pages(anon, q):
    r = anon.get(f"{S}?q={quote(q)}")
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json", q
    page = anon.get(f"/sok?q={quote(q)}")
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "Søket kunne ikke utføres" in page.text and 'aria-invalid="true"' in page.text


def test_bad_cursor_and_missing_query(anon):
    assert anon.get(S).status_code == 422
    assert anon.get(S, params={"q": "x", "cursor": "nonsense"}).status_code == 422
    bad_cursor = anon.get("/sok", params={"q": "x", "cursor": "nonsense"})
    assert bad_cursor.status_code == 422 and "Lenken til neste side er ikke gyldig lenger" in bad_cursor.text
    bad_year = anon.get("/sok", params={"q": "x", "year": "i fjor"})
    assert bad_year.status_code == 422 and "Velg et årstall fra listen." in bad_year.text
    form = anon.get("/sok")
    assert form.status_code == 200 and 'role="search"' in form.text and "data-focus-on-load" not in form.text


def test_search_page_lists_results_with_focusable_heading(scenario, anon):
    scenario.convene()
    page = anon.get("/sok", params={"q": "legemidler"}).text
    heading = re.search(r'<h2 id="treff" tabindex="-1" data-focus-on-load>([^<]*)</h2>', page)
    assert heading and "treff for «legemidler»" in heading.group(1)
    assert f'href="/dokumenter/{scenario.ids["presentation"]}"' in page
    assert '<script src="/static/site.js" defer></script>' in page
    assert anon.get("/static/site.js").headers["content-type"].startswith("text/javascript")
    none = anon.get("/sok", params={"q": "finnesikke"}).text
    assert "Ingen treff for «finnesikke»" in none
