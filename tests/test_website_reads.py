"""The website reads well and prints well (issue 26, item 7): decisions in agenda order, a print
stylesheet, the year filter from the record, a favicon, and the bokmål the issue quoted, mended."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from app.decisions.models import Decision
from app.publication.feeds import entry_title
from app.publication.schemas import PublicationOut
from app.publication.website import STATIC
from tests.publication_scenario import Scenario

P = "/api/v1/public"


@pytest.fixture
def scenario(app, client) -> Scenario:  # noqa: ANN001
    return Scenario(app.state.db, app.state.engine).setup()


def _decide_early(scenario: Scenario, case: str, at: datetime) -> None:
    def step(ctx) -> None:  # noqa: ANN001
        decision = Decision(
            meeting_id=scenario.ids["meeting"], case_id=scenario.ids[case], kind="other", text="Tatt.", decided_at=at
        )
        scenario.add(ctx, f"decision_{case}", decision)

    scenario.run(step)


def test_a_meetings_decisions_read_in_agenda_order(scenario, anon) -> None:  # noqa: ANN001
    # The third case on the agenda was decided first (recorded earlier): it still comes last.
    _decide_early(scenario, "returned_public", datetime(2019, 3, 1, 9, tzinfo=timezone.utc))
    scenario.convene().hold_and_approve()
    meeting = anon.get(f"{P}/meetings/{scenario.ids['meeting']}").json()
    assert [d["case_number"] for d in meeting["decisions"]] == ["1/2024", "3/2024"]
    page = anon.get(f"/moter/{scenario.ids['meeting']}").text
    assert page.index(f'id="vedtak-{scenario.ids["decision"]}"') < page.index(
        f'id="vedtak-{scenario.ids["decision_returned_public"]}"'
    )


def test_the_year_filter_offers_every_year_with_decisions_and_no_other(scenario, anon) -> None:  # noqa: ANN001
    _decide_early(scenario, "returned_public", datetime(2019, 3, 1, 9, tzinfo=timezone.utc))
    scenario.convene().hold_and_approve()
    page = anon.get("/vedtak").text
    years = re.findall(r'<option value="(\d{4})"', page)
    assert years == [str(datetime.now(timezone.utc).year), "2019"]
    assert "Sak 3/2024" in anon.get("/vedtak?year=2019").text


def test_favicon_is_served_from_our_own_origin(anon) -> None:  # noqa: ANN001
    r = anon.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content == (STATIC / "favicon.ico").read_bytes() and r.content[:4] == b"\x00\x00\x01\x00"
    assert '<link rel="icon" href="/favicon.ico"' in anon.get("/").text


def test_print_leaves_out_navigation_header_and_search() -> None:
    css = (STATIC / "site.css").read_text(encoding="utf-8")
    hidden = css[css.index("@media print") :].split("{")[1]  # the selectors of its first rule: display: none
    for selector in (".site-header", ".site-footer", ".site-search", ".search-form", "nav", ".skip-link"):
        assert selector in hidden, selector


def test_bokmal_as_the_issue_asked(scenario, anon) -> None:  # noqa: ANN001
    scenario.convene()
    for path in ("/", f"/moter/{scenario.ids['meeting']}", "/moter", "/sok", "/tilgjengelighet", "/finnes-ikke"):
        text = anon.get(path).text
        assert "Sakliste" not in text and "sakliste" not in text and "Det vi vet ikke" not in text, path
    assert "Saksliste" in anon.get(f"/moter/{scenario.ids['meeting']}").text
    empty = anon.get("/sok", params={"q": " "})
    assert empty.status_code == 422 and "Skriv inn et søkeord." in empty.text and "ord å søke" not in empty.text


@pytest.mark.parametrize(
    ("kind", "title", "shown"),
    [
        ("minutes", "Referat fra møte 1", "Referat fra møte 1"),
        ("case_document", "Saksfremlegg: legemidler", "Saksfremlegg: legemidler"),
        ("case_document", "Risikovurdering", "Saksdokument: Risikovurdering"),
        ("agenda", "Saksliste for Topplederforumet, møte 1", "Saksliste for Topplederforumet, møte 1"),
        ("correction", "Referat fra møte 1", "Rettet: Referat fra møte 1"),
        ("delivery", "Rapport om legemidler", "Leveranse: Rapport om legemidler"),
        ("follow_up", "Vedtaket i sak 8/2026 følges opp", "Vedtaket i sak 8/2026 følges opp"),
    ],
)
def test_feed_titles_say_what_they_are_once(kind: str, title: str, shown: str) -> None:
    pub = PublicationOut(
        id="00000000-0000-0000-0000-000000000001",
        at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        kind=kind,
        entity_type="document",
        entity_id="00000000-0000-0000-0000-000000000002",
        title=title,
        trigger="test",
    )
    assert entry_title(pub) == shown
