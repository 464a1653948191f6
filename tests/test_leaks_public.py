"""A full forum cycle through the API puts a secret marker into every non-public field it can, then
every public URL (API, feeds, website, following links) is read without credentials: the marker
must appear nowhere, and unpublished ids answer 404."""

from __future__ import annotations

import re
import uuid
from collections import deque
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from tests.flows import (
    HDIR,
    attach,
    au_case,
    decide,
    document,
    forum_meeting,
    future,
    ok,
    patch_current,
    transition,
)

SECRET = f"HEMMELIG-{uuid.uuid4()}"
P = "/api/v1/public"
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DETAIL_PATHS = [
    f"{P}/meetings/",
    f"{P}/documents/",
    f"{P}/subcommittees/",
    f"{P}/bodies/",
    f"{P}/einnsyn/meetings/",
    "/moter/",
    "/dokumenter/",
    "/underutvalg/",
    "/organer/",
]
START_URLS = [
    "/",
    "/moter",
    "/vedtak",
    "/underutvalg",
    "/arsplaner",
    "/organer",
    f"{P}/meetings",
    f"{P}/decisions",
    f"{P}/subcommittees",
    f"{P}/bodies",
    f"{P}/annual-plans",
    f"{P}/meetings.ics",
    f"{P}/feed.atom",
    # Search results are followed like any page: every hit, and the next page.
    "/sok?q=legemiddelsamstemming",
    "/sok?q=legemidler&limit=1",
    f"{P}/search?q=legemidler",
    f"{P}/search?q=legemiddelsamstemming&limit=2",
]


def _prepared(api, seeded, title: str, kind: str = "decision", extra_docs: tuple = ()) -> dict:  # noqa: ANN001
    case = au_case(
        api,
        seeded,
        kind,
        title=title,
        summary=f"Sammendrag av {title}.",
        strategic_rationale=SECRET,
        stakeholders_involved=[seeded.organizations[HDIR]],
    )
    for doc in (
        document(api, "case_presentation", title=f"Saksfremlegg: {title}"),
        document(api, "knowledge_base", title=f"Kunnskapsgrunnlag: {title}"),
        *extra_docs,
    ):
        attach(api, case["id"], doc)
    transition(api, "case", case["id"], "start_preparation")
    return transition(api, "case", case["id"], "prepare")


@pytest.fixture
def cycle(api, seeded) -> dict:  # noqa: ANN001
    """Convened, held and approved forum meeting with a decision, an internal return, a withheld
    document, a subcommittee with a delivery and an adopted annual plan; a second meeting convened."""
    exempt = document(
        api, "knowledge_base", title="Risikovurdering", body=SECRET, public=False, exemption_basis="Offentleglova § 14"
    )
    draft = document(api, "other", title=f"Utkast {SECRET}", body=SECRET)
    ok(api.post("/api/v1/persons", json={"name": "Ola Hemmelig", "email": f"{SECRET.lower()}@example.no"}), 201)
    chair = ok(api.post("/api/v1/persons", json={"name": "Leder", "email": f"leder-{SECRET.lower()}@example.no"}), 201)

    decided = _prepared(api, seeded, "Legemiddelsamstemming", extra_docs=(exempt,))
    returned = _prepared(api, seeded, "Nye indikatorer")
    plan_case = _prepared(api, seeded, "Årsplan 2025")
    meeting = forum_meeting(api, seeded, starts_at=future(0))
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"internal_notes": SECRET}))
    for case in (decided, returned, plan_case):
        ok(api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": case["id"]}), 201)
    transition(api, "meeting", meeting["id"], "convene")
    transition(api, "meeting", meeting["id"], "start")
    decision = decide(api, meeting["id"], decided["id"], "establish_subcommittee", "Forumet oppretter et underutvalg.")
    # The follow-up note is public (issue 14): the AU reports on its follow-up in the open.
    ok(patch_current(api, f"/api/v1/decisions/{decision['id']}", json={"follow_up_note": "Underutvalget settes ned."}))
    plan_decision = decide(api, meeting["id"], plan_case["id"], "annual_plan", "Forumet vedtar årsplanen.")
    transition(api, "case", returned["id"], "return", reason=SECRET, reason_public=False)
    transition(api, "meeting", meeting["id"], "close")
    minutes = document(api, "minutes", title="Referat fra møte 1", body="Referat.", owner_body_id=seeded.forum)
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"minutes_document_id": minutes["id"]}))
    transition(api, "meeting", meeting["id"], "approve_minutes")

    sub = ok(
        api.post(
            "/api/v1/subcommittees",
            json={
                "decision_id": decision["id"],
                "name": "Underutvalg for legemiddelsamstemming",
                "mandate": "Undersøke legemiddelsamstemming i kommunene.",
                "support": SECRET,
                "deadline": (date.today() + timedelta(days=90)).isoformat(),
                # A subcommittee member's competence is public (issue 26); the person's e-mail never is.
                "chair": {"person_id": chair["id"], "competence": "Klinisk farmakologi"},
            },
        ),
        201,
    )
    report = document(
        api, "report", title="Rapport om legemiddelsamstemming", body="Funn og anbefalinger.", owner_body_id=sub["id"]
    )
    delivery = ok(
        api.post(
            f"/api/v1/subcommittees/{sub['id']}/deliveries", json={"title": "Sluttrapport", "document_id": report["id"]}
        ),
        201,
    )
    plan_doc = document(api, "annual_plan", title="Årsplan 2025", body="Planen.", owner_body_id=seeded.forum)
    plan = ok(
        api.post(
            "/api/v1/annual-plans",
            json={
                "year": 2025,
                "title": "Årsplan 2025",
                "document_id": plan_doc["id"],
                "adopted_by_decision_id": plan_decision["id"],
            },
        ),
        201,
    )

    upcoming_case = _prepared(api, seeded, "Pasientforløp")
    upcoming = forum_meeting(api, seeded, starts_at=future(120))
    ok(api.post(f"/api/v1/meetings/{upcoming['id']}/agenda", json={"case_id": upcoming_case["id"]}), 201)
    transition(api, "meeting", upcoming["id"], "convene")
    # Attached after the agenda was published: public at once, like the case's other documents.
    late = document(api, "knowledge_base", title="Ettersendt notat", body="Ettersendt.")
    attach(api, upcoming_case["id"], late)
    planned = forum_meeting(api, seeded, starts_at=future(300))
    return {
        "meeting": meeting,
        "upcoming": upcoming,
        "planned": planned,
        "decision": decision,
        "minutes": minutes,
        "exempt": exempt,
        "draft": draft,
        "subcommittee": sub,
        "delivery": delivery,
        "report": report,
        "plan": plan,
        "cases": {"decided": decided, "returned": returned},
        "late": late,
    }


def test_public_record_after_a_forum_cycle(cycle, anon):
    listed = [m["id"] for m in ok(anon.get(f"{P}/meetings"))["items"]]
    assert listed == [cycle["meeting"]["id"], cycle["upcoming"]["id"]]  # the planned meeting is not public
    m = ok(anon.get(f"{P}/meetings/{cycle['meeting']['id']}"))
    assert m["status"] == "minutes_approved" and m["minutes"]["id"] == cycle["minutes"]["id"]
    numbers = [(a["case_number"], a["outcome"]) for a in m["agenda"]]
    assert numbers == [
        (cycle["cases"]["decided"]["number"], "decided"),
        (cycle["cases"]["returned"]["number"], "returned"),
        (numbers[2][0], "decided"),
    ]
    docs = {d["title"]: d for d in m["agenda"][0]["documents"]}
    assert docs["Risikovurdering"]["withheld"] and docs["Risikovurdering"]["exemption_basis"] == "Offentleglova § 14"
    assert len(docs) == 3  # presentation, knowledge base, withheld
    upcoming = ok(anon.get(f"{P}/meetings/{cycle['upcoming']['id']}"))
    assert "Ettersendt notat" in [d["title"] for d in upcoming["agenda"][0]["documents"]]
    assert {d["kind"] for d in m["decisions"]} == {"establish_subcommittee", "annual_plan"}
    assert {(d["follow_up_status"], d["follow_up_note"]) for d in m["decisions"]} == {
        ("open", "Underutvalget settes ned."),
        ("open", None),
    }

    (sub,) = ok(anon.get(f"{P}/subcommittees"))["items"]
    assert sub["mandate"] == "Undersøke legemiddelsamstemming i kommunene."
    assert sub["deliveries"][0]["document"]["id"] == cycle["report"]["id"]
    assert ok(anon.get(f"{P}/annual-plans"))["items"][0]["year"] == 2025
    assert anon.get(f"{P}/meetings/{cycle['planned']['id']}").status_code == 404
    assert anon.get(f"/moter/{cycle['planned']['id']}").status_code == 404


def test_every_publication_is_in_the_audit_log(cycle, api):
    events = ok(api.get("/api/v1/audit-events", params={"action": "publish", "limit": 200}))["items"]
    assert {e["after"]["kind"] for e in events} == {
        "agenda",
        "case_document",
        "minutes",
        "decision",
        "delivery",
        "annual_plan",
    }
    assert {e["after"]["trigger"] for e in events} == {
        "meeting.convened",
        "meeting.minutes_approved",
        "delivery.received",
        "annual_plan.adopted",
        "case.document_attached",
    }


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        self.hrefs += [v for k, v in attrs if k in ("href", "src") and v]


def _crawl(anon) -> dict[str, int]:  # noqa: ANN001
    """Every public URL reachable from the start URLs: hrefs of pages, and every id any response
    mentions tried against every public detail path."""
    seen: dict[str, int] = {}
    queue = deque(START_URLS)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        r = anon.get(url)
        seen[url] = r.status_code
        assert SECRET not in r.text and SECRET.lower() not in r.text.lower(), f"{url} leaks the secret"
        assert r.status_code in (200, 404), f"{url}: {r.status_code}"
        if r.headers.get("content-type", "").startswith("text/html"):
            parser = _Links()
            parser.feed(r.text)
            for href in parser.hrefs:
                path = href.split("#")[0]
                if (
                    path.startswith("/")
                    and not path.startswith("//")
                    and (not path.startswith("/api/") or path.startswith(P))
                ):
                    queue.append(path)
        for ident in set(UUID_RE.findall(r.text)):
            queue.extend(prefix + ident for prefix in DETAIL_PATHS)
    return seen


def test_no_secret_reaches_any_public_url(cycle, anon):
    seen = _crawl(anon)
    pages = [u for u, status in seen.items() if status == 200]
    assert f"/moter/{cycle['meeting']['id']}" in pages and f"/dokumenter/{cycle['minutes']['id']}" in pages
    assert f"/underutvalg/{cycle['subcommittee']['id']}" in pages and len(pages) > 20
    assert f"{P}/einnsyn/meetings/{cycle['meeting']['id']}" in pages
    # Ids that were never published answer 404, on the API and the website alike.
    for ident in (cycle["draft"]["id"], cycle["planned"]["id"]):
        for prefix in DETAIL_PATHS:
            r = anon.get(prefix + ident)
            assert r.status_code == 404 and SECRET not in r.text
    assert any(u.startswith("/sok?") and "cursor=" in u for u in pages)  # the search pager was followed
    withheld = ok(anon.get(f"{P}/documents/{cycle['exempt']['id']}"))
    assert withheld["body"] is None and withheld["title"] == "Risikovurdering"


def test_searching_for_the_secret_finds_nothing(cycle, anon):
    for q in (SECRET, SECRET.split("-", 1)[1], "hemmelig", "Utkast", "Ola Hemmelig", "Risikovurdering"):
        found = ok(anon.get(f"{P}/search", params={"q": q}))["items"]
        if q == "Risikovurdering":  # the withheld document, by its public title and nothing else
            assert [(h["kind"], h["snippet"]) for h in found] == [("document", "Risikovurdering")], found
            continue
        assert found == [], q
        page = anon.get("/sok", params={"q": q})
        assert page.status_code == 200 and "Ingen treff" in page.text and SECRET not in page.text.replace(q, "")
